"""Initial star schema: dimensions, facts, ops tables, unknown members and analyst views.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from warehouse.views import VIEWS_V1, create_views, drop_views

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dim_date",
        sa.Column(
            "date_key",
            sa.Integer(),
            autoincrement=False,
            nullable=False,
            comment="Surrogate key YYYYMMDD (0 = unknown date).",
        ),
        sa.Column(
            "full_date",
            sa.Date(),
            nullable=True,
            comment="The calendar day (NULL only for the unknown member).",
        ),
        sa.Column("year", sa.Integer(), nullable=True, comment="Calendar year (年)."),
        sa.Column("quarter", sa.Integer(), nullable=True, comment="Calendar quarter 1-4 (季度)."),
        sa.Column("month", sa.Integer(), nullable=True, comment="Month 1-12 (月)."),
        sa.Column("day", sa.Integer(), nullable=True, comment="Day of month 1-31 (日)."),
        sa.Column("iso_week", sa.Integer(), nullable=True, comment="ISO 8601 week number."),
        sa.Column("weekday", sa.Integer(), nullable=True, comment="ISO weekday, 1 = Monday … 7 = Sunday."),
        sa.PrimaryKeyConstraint("date_key", name=op.f("pk_dim_date")),
        sa.UniqueConstraint("full_date", name=op.f("uq_dim_date_full_date")),
        comment="Calendar dimension (one row per day) for trend analysis; key 0 = unknown date.",
    )
    op.create_table(
        "dim_industry",
        sa.Column("industry_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "industry_name",
            sa.String(length=60),
            nullable=False,
            comment="Natural key: taxonomy label, e.g. 新材料, 新能源.",
        ),
        sa.PrimaryKeyConstraint("industry_key", name=op.f("pk_dim_industry")),
        sa.UniqueConstraint("industry_name", name=op.f("uq_dim_industry_industry_name")),
        comment="Industry (产业) taxonomy label; key 0 = not classified.",
    )
    op.create_table(
        "dim_region",
        sa.Column("region_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "region_path",
            sa.String(length=200),
            nullable=False,
            comment="Natural key: names from the province down, '/'-joined (山西省/临汾市/洪洞县); 'unknown' for member 0.",
        ),
        sa.Column("region_name", sa.String(length=60), nullable=False, comment="Name, e.g. 洪洞县."),
        sa.Column(
            "region_level",
            sa.String(length=20),
            nullable=False,
            comment="province | city | county | unknown.",
        ),
        sa.Column(
            "parent_region_key",
            sa.Integer(),
            nullable=True,
            comment="The region one level up (NULL for a province).",
        ),
        sa.ForeignKeyConstraint(
            ["parent_region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_dim_region_parent_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("region_key", name=op.f("pk_dim_region")),
        sa.UniqueConstraint("region_path", name=op.f("uq_dim_region_region_path")),
        comment="Administrative region: province (省) → city (市) → county-level division (县/区/市); key 0 = unknown region.",
    )
    op.create_index(op.f("ix_dim_region_region_level"), "dim_region", ["region_level"], unique=False)
    op.create_index(op.f("ix_dim_region_region_name"), "dim_region", ["region_name"], unique=False)
    op.create_table(
        "dim_stage",
        sa.Column("stage_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "stage_code",
            sa.String(length=20),
            nullable=False,
            comment="Natural key: signed | started | in_production.",
        ),
        sa.Column(
            "stage_name_zh", sa.String(length=20), nullable=False, comment="签约一批 / 开工一批 / 投产一批."
        ),
        sa.Column(
            "stage_name_en", sa.String(length=40), nullable=False, comment="English name of the stage."
        ),
        sa.Column(
            "stage_order", sa.Integer(), nullable=False, comment="1 signed, 2 started, 3 in production."
        ),
        sa.PrimaryKeyConstraint("stage_key", name=op.f("pk_dim_stage")),
        sa.UniqueConstraint("stage_code", name=op.f("uq_dim_stage_stage_code")),
        sa.UniqueConstraint("stage_order", name=op.f("uq_dim_stage_stage_order")),
        comment="Lifecycle stage of a project in a round: signed → started → in production.",
    )
    op.create_table(
        "ops_pipeline_run",
        sa.Column("run_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "run_id", sa.String(length=64), nullable=False, comment="Natural key: the run's id (UUID)."
        ),
        sa.Column("flow_name", sa.String(length=100), nullable=False, comment="Flow, e.g. nightly."),
        sa.Column("params", sa.JSON(), nullable=False, comment="Parameters the run was started with."),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False, comment="Start time."),
        sa.Column(
            "finished_at", sa.DateTime(timezone=True), nullable=True, comment="End time (NULL while running)."
        ),
        sa.Column(
            "status",
            sa.String(length=20),
            nullable=False,
            comment="running | succeeded | failed | crashed | cancelled.",
        ),
        sa.Column(
            "counts",
            sa.JSON(),
            nullable=False,
            comment="Counts per step, e.g. {'crawl': {'fetched': 12}, 'load': {...}}.",
        ),
        sa.PrimaryKeyConstraint("run_key", name=op.f("pk_ops_pipeline_run")),
        sa.UniqueConstraint("run_id", name=op.f("uq_ops_pipeline_run_run_id")),
        comment="One row per pipeline run (nightly / backfill / replay): status and counts.",
    )
    op.create_index(op.f("ix_ops_pipeline_run_flow_name"), "ops_pipeline_run", ["flow_name"], unique=False)
    op.create_index(op.f("ix_ops_pipeline_run_started_at"), "ops_pipeline_run", ["started_at"], unique=False)
    op.create_index(op.f("ix_ops_pipeline_run_status"), "ops_pipeline_run", ["status"], unique=False)
    op.create_table(
        "dim_article",
        sa.Column("article_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("url", sa.String(length=500), nullable=False, comment="Natural key: canonical URL."),
        sa.Column(
            "site_article_id",
            sa.String(length=40),
            nullable=True,
            comment="The site's own id, e.g. 2677701 or aid-336872.",
        ),
        sa.Column(
            "site", sa.String(length=100), nullable=False, comment="Host of the site, e.g. www.lfxww.com."
        ),
        sa.Column(
            "channel",
            sa.String(length=100),
            nullable=True,
            comment="Channel slug (栏目), e.g. linfen/shizheng.",
        ),
        sa.Column(
            "title", sa.String(length=500), nullable=False, comment="Title (标题), normalised to simplified."
        ),
        sa.Column(
            "published_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Publication time (发布时间), Beijing time.",
        ),
        sa.Column("published_date_key", sa.Integer(), nullable=False, comment="Publication day."),
        sa.Column("source", sa.String(length=200), nullable=True, comment="来源 as printed."),
        sa.Column("editor", sa.String(length=100), nullable=True, comment="责任编辑."),
        sa.Column("reporters", sa.String(length=300), nullable=True, comment="记者, '、'-joined."),
        sa.Column(
            "content_sha256",
            sa.String(length=64),
            nullable=False,
            comment="sha256 of the raw page in the raw archive (lineage to the bytes).",
        ),
        sa.Column(
            "kind",
            sa.String(length=30),
            nullable=False,
            comment="campaign_report | signing | groundbreaking | commissioning | other.",
        ),
        sa.Column("is_announcement", sa.Boolean(), nullable=False, comment="False for kind 'other'."),
        sa.ForeignKeyConstraint(
            ["published_date_key"],
            ["dim_date.date_key"],
            name=op.f("fk_dim_article_published_date_key_dim_date"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("article_key", name=op.f("pk_dim_article")),
        sa.UniqueConstraint("url", name=op.f("uq_dim_article_url")),
        comment="A news article (lineage): every fact points at the article it came from.",
    )
    op.create_index(op.f("ix_dim_article_channel"), "dim_article", ["channel"], unique=False)
    op.create_index(op.f("ix_dim_article_kind"), "dim_article", ["kind"], unique=False)
    op.create_index(
        op.f("ix_dim_article_published_date_key"), "dim_article", ["published_date_key"], unique=False
    )
    op.create_table(
        "dim_campaign",
        sa.Column("campaign_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "campaign_id",
            sa.String(length=40),
            nullable=False,
            comment="Natural key: '<year>-<ordinal>' (2025-1 = 2025年第一次), '<year>-d<event date>' when only the date identifies it, 'none' for the no-campaign member.",
        ),
        sa.Column(
            "is_campaign",
            sa.Boolean(),
            nullable=False,
            comment="False only for the 'none' member that holds single news outside any round.",
        ),
        sa.Column("year", sa.Integer(), nullable=True, comment="Year of the round (年)."),
        sa.Column(
            "ordinal",
            sa.Integer(),
            nullable=True,
            comment="Round number within the year (第一次 = 1, 一季度 = 1 …); NULL when not stated.",
        ),
        sa.Column(
            "label",
            sa.String(length=100),
            nullable=False,
            comment="The round as written, e.g. '2025年第一次'.",
        ),
        sa.Column(
            "event_date_key", sa.Integer(), nullable=False, comment="Day the round was held (活动日期)."
        ),
        sa.Column(
            "venue", sa.String(length=200), nullable=True, comment="Linfen's venue (分会场), as written."
        ),
        sa.ForeignKeyConstraint(
            ["event_date_key"],
            ["dim_date.date_key"],
            name=op.f("fk_dim_campaign_event_date_key_dim_date"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("campaign_key", name=op.f("pk_dim_campaign")),
        sa.UniqueConstraint("campaign_id", name=op.f("uq_dim_campaign_campaign_id")),
        comment="A province-wide 开发区“三个一批” round (signed / started / in production); key 0 = no campaign (single news items).",
    )
    op.create_index(op.f("ix_dim_campaign_event_date_key"), "dim_campaign", ["event_date_key"], unique=False)
    op.create_index(op.f("ix_dim_campaign_year"), "dim_campaign", ["year"], unique=False)
    op.create_table(
        "dim_project",
        sa.Column("project_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "project_id",
            sa.String(length=300),
            nullable=False,
            comment="Natural key: '<county>|<normalised name>' ('?' when the county is unknown); see warehouse.identity for the normalisation rule.",
        ),
        sa.Column(
            "project_name",
            sa.String(length=300),
            nullable=False,
            comment="Name as first written (项目名称), without the zone prefix.",
        ),
        sa.Column("normalized_name", sa.String(length=300), nullable=False, comment="Normalised name."),
        sa.Column("county_region_key", sa.Integer(), nullable=False, comment="County of the project."),
        sa.ForeignKeyConstraint(
            ["county_region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_dim_project_county_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("project_key", name=op.f("pk_dim_project")),
        sa.UniqueConstraint("project_id", name=op.f("uq_dim_project_project_id")),
        comment="A project resolved across rounds (name normalised + county), so its lifecycle signed → started → in production can be followed.",
    )
    op.create_index(
        op.f("ix_dim_project_county_region_key"), "dim_project", ["county_region_key"], unique=False
    )
    op.create_index(op.f("ix_dim_project_normalized_name"), "dim_project", ["normalized_name"], unique=False)
    op.create_table(
        "dim_zone",
        sa.Column("zone_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "zone_name",
            sa.String(length=100),
            nullable=False,
            comment="Natural key: canonical zone name, e.g. 洪洞经济技术开发区.",
        ),
        sa.Column("county_region_key", sa.Integer(), nullable=False, comment="County the zone lies in."),
        sa.Column(
            "is_known",
            sa.Boolean(),
            nullable=False,
            comment="True when the zone is in the gazetteer; False: kept as written, check it.",
        ),
        sa.ForeignKeyConstraint(
            ["county_region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_dim_zone_county_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("zone_key", name=op.f("pk_dim_zone")),
        sa.UniqueConstraint("zone_name", name=op.f("uq_dim_zone_zone_name")),
        comment="Development zone (开发区 / 产业集聚区 / 示范区) with its county; key 0 = no zone named.",
    )
    op.create_index(op.f("ix_dim_zone_county_region_key"), "dim_zone", ["county_region_key"], unique=False)
    op.create_table(
        "ops_dq_result",
        sa.Column("dq_result_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("run_id", sa.String(length=64), nullable=False, comment="Run."),
        sa.Column(
            "suite", sa.String(length=100), nullable=False, comment="Expectation suite, e.g. stage_totals."
        ),
        sa.Column(
            "expectation",
            sa.String(length=200),
            nullable=False,
            comment="Expectation with its column, e.g. expect_column_values_to_not_be_null(url).",
        ),
        sa.Column("severity", sa.String(length=20), nullable=False, comment="critical | warning."),
        sa.Column("success", sa.Boolean(), nullable=False, comment="Did the expectation pass?"),
        sa.Column("unexpected_count", sa.Integer(), nullable=True, comment="Rows that failed it."),
        sa.Column("observed", sa.Text(), nullable=True, comment="Observed value, as text."),
        sa.Column("details", sa.JSON(), nullable=True, comment="Further result details."),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), nullable=False, comment="When the result was recorded."
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ops_pipeline_run.run_id"], name=op.f("fk_ops_dq_result_run_id_ops_pipeline_run")
        ),
        sa.PrimaryKeyConstraint("dq_result_key", name=op.f("pk_ops_dq_result")),
        sa.UniqueConstraint("run_id", "suite", "expectation", name=op.f("uq_ops_dq_result_run_id")),
        comment="Outcome of each data-quality expectation in each run.",
    )
    op.create_index(op.f("ix_ops_dq_result_run_id"), "ops_dq_result", ["run_id"], unique=False)
    op.create_table(
        "ops_quarantine",
        sa.Column("quarantine_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("run_id", sa.String(length=64), nullable=False, comment="Run that held it back."),
        sa.Column(
            "table_name",
            sa.String(length=60),
            nullable=False,
            comment="Staging table, e.g. project_mentions.",
        ),
        sa.Column(
            "row_key", sa.String(length=500), nullable=False, comment="The row's natural key, as text."
        ),
        sa.Column("row_json", sa.Text(), nullable=False, comment="The whole row as JSON."),
        sa.Column("expectation", sa.String(length=200), nullable=False, comment="Expectation it failed."),
        sa.Column("severity", sa.String(length=20), nullable=False, comment="critical | warning."),
        sa.Column("observed_value", sa.Text(), nullable=True, comment="The offending value."),
        sa.Column("reason", sa.Text(), nullable=False, comment="Readable reason."),
        sa.Column(
            "quarantined_at", sa.DateTime(timezone=True), nullable=False, comment="When it was quarantined."
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["ops_pipeline_run.run_id"], name=op.f("fk_ops_quarantine_run_id_ops_pipeline_run")
        ),
        sa.PrimaryKeyConstraint("quarantine_key", name=op.f("pk_ops_quarantine")),
        sa.UniqueConstraint(
            "run_id",
            "table_name",
            "row_key",
            "expectation",
            name=op.f("uq_ops_quarantine_run_id"),
        ),
        comment="Staging rows held back by the data-quality gate, with the reason (nothing is lost).",
    )
    op.create_index(op.f("ix_ops_quarantine_run_id"), "ops_quarantine", ["run_id"], unique=False)
    op.create_index(op.f("ix_ops_quarantine_table_name"), "ops_quarantine", ["table_name"], unique=False)
    op.create_table(
        "fact_project_mention",
        sa.Column("project_mention_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("project_key", sa.Integer(), nullable=False, comment="Project."),
        sa.Column("campaign_key", sa.Integer(), nullable=False, comment="Round (0 = single news item)."),
        sa.Column("stage_key", sa.Integer(), nullable=False, comment="Stage."),
        sa.Column("article_key", sa.Integer(), nullable=False, comment="Article naming the project."),
        sa.Column(
            "event_date_key",
            sa.Integer(),
            nullable=False,
            comment="The round's date, else the article's publication day.",
        ),
        sa.Column("zone_key", sa.Integer(), nullable=False, comment="Zone (0 = none named)."),
        sa.Column("county_region_key", sa.Integer(), nullable=False, comment="County of the project."),
        sa.Column("industry_key", sa.Integer(), nullable=False, comment="Industry (0 = not classified)."),
        sa.Column(
            "investment_yuan",
            sa.Numeric(precision=20, scale=0),
            nullable=True,
            comment="Investment (投资) in yuan as this article states it, exact.",
        ),
        sa.Column("capacity", sa.String(length=100), nullable=True, comment="Capacity as written (产能)."),
        sa.Column("sentence", sa.Text(), nullable=False, comment="Sentence naming the project."),
        sa.ForeignKeyConstraint(
            ["article_key"],
            ["dim_article.article_key"],
            name=op.f("fk_fact_project_mention_article_key_dim_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_key"],
            ["dim_campaign.campaign_key"],
            name=op.f("fk_fact_project_mention_campaign_key_dim_campaign"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["county_region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_fact_project_mention_county_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_date_key"],
            ["dim_date.date_key"],
            name=op.f("fk_fact_project_mention_event_date_key_dim_date"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["industry_key"],
            ["dim_industry.industry_key"],
            name=op.f("fk_fact_project_mention_industry_key_dim_industry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["project_key"],
            ["dim_project.project_key"],
            name=op.f("fk_fact_project_mention_project_key_dim_project"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stage_key"],
            ["dim_stage.stage_key"],
            name=op.f("fk_fact_project_mention_stage_key_dim_stage"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["zone_key"],
            ["dim_zone.zone_key"],
            name=op.f("fk_fact_project_mention_zone_key_dim_zone"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("project_mention_key", name=op.f("pk_fact_project_mention")),
        sa.UniqueConstraint(
            "project_key",
            "campaign_key",
            "stage_key",
            "article_key",
            name=op.f("uq_fact_project_mention_project_key"),
        ),
        comment="Projects as each article named them (grain: project × campaign × stage × article). fact_project_event consolidates these into one row per project, round and stage.",
    )
    op.create_index(
        op.f("ix_fact_project_mention_article_key"), "fact_project_mention", ["article_key"], unique=False
    )
    op.create_index(
        op.f("ix_fact_project_mention_campaign_key"), "fact_project_mention", ["campaign_key"], unique=False
    )
    op.create_table(
        "fact_project_event",
        sa.Column("project_event_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("project_key", sa.Integer(), nullable=False, comment="Project."),
        sa.Column("campaign_key", sa.Integer(), nullable=False, comment="Round (0 = single news item)."),
        sa.Column("stage_key", sa.Integer(), nullable=False, comment="Stage."),
        sa.Column(
            "event_date_key",
            sa.Integer(),
            nullable=False,
            comment="Day of the event: the round's date, else the article's publication day.",
        ),
        sa.Column("zone_key", sa.Integer(), nullable=False, comment="Development zone (0 = none named)."),
        sa.Column("county_region_key", sa.Integer(), nullable=False, comment="County of the project."),
        sa.Column("industry_key", sa.Integer(), nullable=False, comment="Industry (0 = not classified)."),
        sa.Column(
            "investment_yuan",
            sa.Numeric(precision=20, scale=0),
            nullable=True,
            comment="The project's investment (投资) in yuan, exact; NULL when not stated.",
        ),
        sa.Column(
            "capacity",
            sa.String(length=100),
            nullable=True,
            comment="Capacity as written (产能), e.g. 年产70万吨.",
        ),
        sa.Column("source_article_key", sa.Integer(), nullable=False, comment="Article the row comes from."),
        sa.Column("sentence", sa.Text(), nullable=False, comment="Sentence naming the project."),
        sa.ForeignKeyConstraint(
            ["campaign_key"],
            ["dim_campaign.campaign_key"],
            name=op.f("fk_fact_project_event_campaign_key_dim_campaign"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["county_region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_fact_project_event_county_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["event_date_key"],
            ["dim_date.date_key"],
            name=op.f("fk_fact_project_event_event_date_key_dim_date"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["industry_key"],
            ["dim_industry.industry_key"],
            name=op.f("fk_fact_project_event_industry_key_dim_industry"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["project_key"],
            ["dim_project.project_key"],
            name=op.f("fk_fact_project_event_project_key_dim_project"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_article_key"],
            ["dim_article.article_key"],
            name=op.f("fk_fact_project_event_source_article_key_dim_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stage_key"],
            ["dim_stage.stage_key"],
            name=op.f("fk_fact_project_event_stage_key_dim_stage"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["zone_key"],
            ["dim_zone.zone_key"],
            name=op.f("fk_fact_project_event_zone_key_dim_zone"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("project_event_key", name=op.f("pk_fact_project_event")),
        sa.UniqueConstraint(
            "project_key",
            "campaign_key",
            "stage_key",
            name=op.f("uq_fact_project_event_project_key"),
        ),
        comment="A named project reaching a stage (grain: project × campaign × stage). Several articles naming it give one row: each attribute is the earliest published article's non-empty value.",
    )
    op.create_index(
        op.f("ix_fact_project_event_campaign_key"), "fact_project_event", ["campaign_key"], unique=False
    )
    op.create_index(
        op.f("ix_fact_project_event_county_region_key"),
        "fact_project_event",
        ["county_region_key"],
        unique=False,
    )
    op.create_index(
        op.f("ix_fact_project_event_event_date_key"), "fact_project_event", ["event_date_key"], unique=False
    )
    op.create_index(
        op.f("ix_fact_project_event_industry_key"), "fact_project_event", ["industry_key"], unique=False
    )
    op.create_index(
        op.f("ix_fact_project_event_source_article_key"),
        "fact_project_event",
        ["source_article_key"],
        unique=False,
    )
    op.create_index(op.f("ix_fact_project_event_zone_key"), "fact_project_event", ["zone_key"], unique=False)
    op.create_table(
        "fact_stage_report",
        sa.Column("stage_report_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("campaign_key", sa.Integer(), nullable=False, comment="Round."),
        sa.Column("region_key", sa.Integer(), nullable=False, comment="Region."),
        sa.Column("stage_key", sa.Integer(), nullable=False, comment="Stage."),
        sa.Column("article_key", sa.Integer(), nullable=False, comment="Article that reported it."),
        sa.Column("project_count", sa.Integer(), nullable=True, comment="Number of projects (项目个数)."),
        sa.Column(
            "investment_yuan",
            sa.Numeric(precision=20, scale=0),
            nullable=True,
            comment="Total investment (总投资) in yuan, exact (99.96亿元 = 9996000000).",
        ),
        sa.Column("sentence", sa.Text(), nullable=False, comment="Sentence the figure came from."),
        sa.ForeignKeyConstraint(
            ["article_key"],
            ["dim_article.article_key"],
            name=op.f("fk_fact_stage_report_article_key_dim_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_key"],
            ["dim_campaign.campaign_key"],
            name=op.f("fk_fact_stage_report_campaign_key_dim_campaign"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_fact_stage_report_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stage_key"],
            ["dim_stage.stage_key"],
            name=op.f("fk_fact_stage_report_stage_key_dim_stage"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("stage_report_key", name=op.f("pk_fact_stage_report")),
        sa.UniqueConstraint(
            "campaign_key",
            "region_key",
            "stage_key",
            "article_key",
            name=op.f("uq_fact_stage_report_campaign_key"),
        ),
        comment="Stage totals as each article reported them (grain: campaign × region × stage × article). fact_stage_total consolidates these into one figure.",
    )
    op.create_index(
        op.f("ix_fact_stage_report_article_key"), "fact_stage_report", ["article_key"], unique=False
    )
    op.create_table(
        "fact_stage_total",
        sa.Column("stage_total_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("campaign_key", sa.Integer(), nullable=False, comment="Round."),
        sa.Column("region_key", sa.Integer(), nullable=False, comment="Region the totals cover."),
        sa.Column("stage_key", sa.Integer(), nullable=False, comment="Stage."),
        sa.Column("project_count", sa.Integer(), nullable=True, comment="Number of projects (项目个数)."),
        sa.Column(
            "investment_yuan",
            sa.Numeric(precision=20, scale=0),
            nullable=True,
            comment="Total investment (总投资) in yuan, exact.",
        ),
        sa.Column(
            "source_article_key", sa.Integer(), nullable=False, comment="Article whose figure is kept."
        ),
        sa.Column(
            "report_count", sa.Integer(), nullable=False, comment="How many articles reported this total."
        ),
        sa.Column("sentence", sa.Text(), nullable=False, comment="Sentence of the kept figure."),
        sa.ForeignKeyConstraint(
            ["campaign_key"],
            ["dim_campaign.campaign_key"],
            name=op.f("fk_fact_stage_total_campaign_key_dim_campaign"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["region_key"],
            ["dim_region.region_key"],
            name=op.f("fk_fact_stage_total_region_key_dim_region"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["source_article_key"],
            ["dim_article.article_key"],
            name=op.f("fk_fact_stage_total_source_article_key_dim_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["stage_key"],
            ["dim_stage.stage_key"],
            name=op.f("fk_fact_stage_total_stage_key_dim_stage"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("stage_total_key", name=op.f("pk_fact_stage_total")),
        sa.UniqueConstraint(
            "campaign_key",
            "region_key",
            "stage_key",
            name=op.f("uq_fact_stage_total_campaign_key"),
        ),
        comment="One figure per round, region and stage (grain: campaign × region × stage). When articles disagree, the earliest published article's figure is kept and the disagreement is an ops_dq_finding.",
    )
    op.create_index(
        op.f("ix_fact_stage_total_campaign_key"), "fact_stage_total", ["campaign_key"], unique=False
    )
    op.create_index(op.f("ix_fact_stage_total_region_key"), "fact_stage_total", ["region_key"], unique=False)
    op.create_index(
        op.f("ix_fact_stage_total_source_article_key"),
        "fact_stage_total",
        ["source_article_key"],
        unique=False,
    )
    op.create_index(op.f("ix_fact_stage_total_stage_key"), "fact_stage_total", ["stage_key"], unique=False)
    op.create_table(
        "ops_dq_finding",
        sa.Column("finding_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "finding_type", sa.String(length=60), nullable=False, comment="e.g. conflicting_stage_total."
        ),
        sa.Column(
            "subject",
            sa.String(length=300),
            nullable=False,
            comment="What it is about, e.g. '2025-1|山西省/临汾市|signed'.",
        ),
        sa.Column("article_key", sa.Integer(), nullable=False, comment="Article whose figure disagrees."),
        sa.Column(
            "kept_article_key",
            sa.Integer(),
            nullable=False,
            comment="Article whose figure the warehouse keeps.",
        ),
        sa.Column("details", sa.JSON(), nullable=False, comment="Kept versus reported values."),
        sa.Column("first_run_id", sa.String(length=64), nullable=False, comment="Run that first found it."),
        sa.Column("last_run_id", sa.String(length=64), nullable=False, comment="Latest run that changed it."),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False, comment="When it was first found."),
        sa.ForeignKeyConstraint(
            ["article_key"],
            ["dim_article.article_key"],
            name=op.f("fk_ops_dq_finding_article_key_dim_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["first_run_id"],
            ["ops_pipeline_run.run_id"],
            name=op.f("fk_ops_dq_finding_first_run_id_ops_pipeline_run"),
        ),
        sa.ForeignKeyConstraint(
            ["kept_article_key"],
            ["dim_article.article_key"],
            name=op.f("fk_ops_dq_finding_kept_article_key_dim_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["last_run_id"],
            ["ops_pipeline_run.run_id"],
            name=op.f("fk_ops_dq_finding_last_run_id_ops_pipeline_run"),
        ),
        sa.PrimaryKeyConstraint("finding_key", name=op.f("pk_ops_dq_finding")),
        sa.UniqueConstraint(
            "finding_type",
            "subject",
            "article_key",
            name=op.f("uq_ops_dq_finding_finding_type"),
        ),
        comment="Data-quality findings about loaded data, e.g. two articles giving different totals for the same round, region and stage.",
    )
    op.create_index(op.f("ix_ops_dq_finding_finding_type"), "ops_dq_finding", ["finding_type"], unique=False)

    _seed_static_members()
    create_views(op.get_bind(), VIEWS_V1)


def _seed_static_members() -> None:
    """Member 0 ("unknown / none") of each dimension, and the three stages."""
    bind = op.get_bind()

    def insert(table: str, **values: object) -> None:
        columns = ", ".join(values)
        params = ", ".join(f":{name}" for name in values)
        bind.execute(sa.text(f"INSERT INTO {table} ({columns}) VALUES ({params})"), values)

    insert("dim_date", date_key=0)
    insert("dim_region", region_key=0, region_path="unknown", region_name="(unknown)", region_level="unknown")
    insert(
        "dim_campaign",
        campaign_key=0,
        campaign_id="none",
        is_campaign=False,
        label="(no campaign)",
        event_date_key=0,
    )
    insert("dim_zone", zone_key=0, zone_name="(no zone)", county_region_key=0, is_known=False)
    insert("dim_industry", industry_key=0, industry_name="(not classified)")
    for order, (code, name_zh, name_en) in enumerate(
        [
            ("signed", "签约一批", "signed"),
            ("started", "开工一批", "construction started"),
            ("in_production", "投产一批", "put into production"),
        ],
        start=1,
    ):
        insert(
            "dim_stage",
            stage_key=order,
            stage_code=code,
            stage_name_zh=name_zh,
            stage_name_en=name_en,
            stage_order=order,
        )


def downgrade() -> None:
    drop_views(op.get_bind(), VIEWS_V1)
    op.drop_index(op.f("ix_ops_dq_finding_finding_type"), table_name="ops_dq_finding")
    op.drop_table("ops_dq_finding")
    op.drop_index(op.f("ix_fact_stage_total_stage_key"), table_name="fact_stage_total")
    op.drop_index(op.f("ix_fact_stage_total_source_article_key"), table_name="fact_stage_total")
    op.drop_index(op.f("ix_fact_stage_total_region_key"), table_name="fact_stage_total")
    op.drop_index(op.f("ix_fact_stage_total_campaign_key"), table_name="fact_stage_total")
    op.drop_table("fact_stage_total")
    op.drop_index(op.f("ix_fact_stage_report_article_key"), table_name="fact_stage_report")
    op.drop_table("fact_stage_report")
    op.drop_index(op.f("ix_fact_project_mention_campaign_key"), table_name="fact_project_mention")
    op.drop_index(op.f("ix_fact_project_mention_article_key"), table_name="fact_project_mention")
    op.drop_table("fact_project_mention")
    op.drop_index(op.f("ix_fact_project_event_zone_key"), table_name="fact_project_event")
    op.drop_index(op.f("ix_fact_project_event_source_article_key"), table_name="fact_project_event")
    op.drop_index(op.f("ix_fact_project_event_industry_key"), table_name="fact_project_event")
    op.drop_index(op.f("ix_fact_project_event_event_date_key"), table_name="fact_project_event")
    op.drop_index(op.f("ix_fact_project_event_county_region_key"), table_name="fact_project_event")
    op.drop_index(op.f("ix_fact_project_event_campaign_key"), table_name="fact_project_event")
    op.drop_table("fact_project_event")
    op.drop_index(op.f("ix_ops_quarantine_table_name"), table_name="ops_quarantine")
    op.drop_index(op.f("ix_ops_quarantine_run_id"), table_name="ops_quarantine")
    op.drop_table("ops_quarantine")
    op.drop_index(op.f("ix_ops_dq_result_run_id"), table_name="ops_dq_result")
    op.drop_table("ops_dq_result")
    op.drop_index(op.f("ix_dim_zone_county_region_key"), table_name="dim_zone")
    op.drop_table("dim_zone")
    op.drop_index(op.f("ix_dim_project_normalized_name"), table_name="dim_project")
    op.drop_index(op.f("ix_dim_project_county_region_key"), table_name="dim_project")
    op.drop_table("dim_project")
    op.drop_index(op.f("ix_dim_campaign_year"), table_name="dim_campaign")
    op.drop_index(op.f("ix_dim_campaign_event_date_key"), table_name="dim_campaign")
    op.drop_table("dim_campaign")
    op.drop_index(op.f("ix_dim_article_published_date_key"), table_name="dim_article")
    op.drop_index(op.f("ix_dim_article_kind"), table_name="dim_article")
    op.drop_index(op.f("ix_dim_article_channel"), table_name="dim_article")
    op.drop_table("dim_article")
    op.drop_index(op.f("ix_ops_pipeline_run_status"), table_name="ops_pipeline_run")
    op.drop_index(op.f("ix_ops_pipeline_run_started_at"), table_name="ops_pipeline_run")
    op.drop_index(op.f("ix_ops_pipeline_run_flow_name"), table_name="ops_pipeline_run")
    op.drop_table("ops_pipeline_run")
    op.drop_table("dim_stage")
    op.drop_index(op.f("ix_dim_region_region_name"), table_name="dim_region")
    op.drop_index(op.f("ix_dim_region_region_level"), table_name="dim_region")
    op.drop_table("dim_region")
    op.drop_table("dim_industry")
    op.drop_table("dim_date")

"""The warehouse schema: a Kimball star of 三个一批 announcements plus operational tables.

Conventions
- ``dim_<entity>`` / ``fact_<process>`` / ``ops_<thing>`` tables; surrogate keys ``<entity>_key``;
  natural keys carry a UNIQUE constraint and are what loads upsert on.
- Member ``0`` of a dimension is the Kimball "unknown / not applicable" member (seeded by the first
  migration), so facts never hold NULL foreign keys: a single news item outside any campaign points
  at campaign 0, a project with no zone at zone 0, a missing date at date 0.
- Money is exact: integer yuan in ``NUMERIC(20,0)`` (see :class:`ExactYuan`), never a float.
- Every column has an English comment (with the Chinese term where analysts know it by that); the
  data dictionary ``docs/warehouse.md`` is generated from them (``warehouse.dictionary``).

The schema itself is created by the Alembic migrations in ``warehouse/migrations``; these models
describe it for loads and queries, and a test checks both agree.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

BEIJING = ZoneInfo("Asia/Shanghai")
UNKNOWN_KEY = 0  # surrogate key of every dimension's "unknown / not applicable" member
NO_CAMPAIGN_ID = "none"  # natural key of campaign member 0: single news outside any campaign

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _NumericNoProcessing(sa.Numeric):  # type: ignore[type-arg]
    """NUMERIC whose values pass to and from the driver untouched.

    SQLAlchemy's SQLite Numeric converts bound values to float and results through float; both
    would put float rounding into money. Integers are exact in SQLite (NUMERIC affinity stores them
    as 64-bit INTEGER) and psycopg sends Python ints as exact numerics.
    """

    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


class ExactYuan(sa.types.TypeDecorator[int]):
    """An exact amount of yuan (元): ``NUMERIC(20,0)`` in the database, ``int`` in Python."""

    impl = _NumericNoProcessing(20, 0)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None or type(value) is int:
            return value
        if isinstance(value, float):
            raise TypeError(f"money must be exact (int or Decimal yuan), got float {value!r}")
        exact = Decimal(value)
        if exact != exact.to_integral_value():
            raise ValueError(f"money must be whole yuan, got {value!r}")
        return int(exact)

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


class BeijingTime(sa.types.TypeDecorator[datetime]):
    """A point in time, returned tz-aware in Beijing time (Asia/Shanghai, UTC+8, no DST).

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so it stores the Beijing wall-clock
    time, which keeps the stored text readable and ordering correct (one fixed offset).
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"expected a tz-aware datetime, got {value!r}")
        local = value.astimezone(BEIJING)
        return local.replace(tzinfo=None) if dialect.name == "sqlite" else local

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=BEIJING)
        return value.astimezone(BEIJING)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def _fk(target: str) -> sa.ForeignKey:
    return sa.ForeignKey(target, ondelete="RESTRICT")


# ---------------------------------------------------------------------------------------------
# Dimensions
# ---------------------------------------------------------------------------------------------


class DimDate(Base):
    __tablename__ = "dim_date"
    __table_args__ = (
        {"comment": "Calendar dimension (one row per day) for trend analysis; key 0 = unknown date."},
    )

    date_key: Mapped[int] = mapped_column(
        sa.Integer,
        primary_key=True,
        autoincrement=False,
        comment="Surrogate key YYYYMMDD (0 = unknown date).",
    )
    full_date: Mapped[date | None] = mapped_column(
        sa.Date, unique=True, comment="The calendar day (NULL only for the unknown member)."
    )
    year: Mapped[int | None] = mapped_column(sa.Integer, comment="Calendar year (年).")
    quarter: Mapped[int | None] = mapped_column(sa.Integer, comment="Calendar quarter 1-4 (季度).")
    month: Mapped[int | None] = mapped_column(sa.Integer, comment="Month 1-12 (月).")
    day: Mapped[int | None] = mapped_column(sa.Integer, comment="Day of month 1-31 (日).")
    iso_week: Mapped[int | None] = mapped_column(sa.Integer, comment="ISO 8601 week number.")
    weekday: Mapped[int | None] = mapped_column(sa.Integer, comment="ISO weekday, 1 = Monday … 7 = Sunday.")


class DimCampaign(Base):
    __tablename__ = "dim_campaign"
    __table_args__ = (
        {
            "comment": "A province-wide 开发区“三个一批” round (signed / started / in production); "
            "key 0 = no campaign (single news items)."
        },
    )

    campaign_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    campaign_id: Mapped[str] = mapped_column(
        sa.String(40),
        unique=True,
        comment="Natural key: '<year>-<ordinal>' (2025-1 = 2025年第一次), '<year>-d<event date>' when "
        "only the date identifies it, 'none' for the no-campaign member.",
    )
    is_campaign: Mapped[bool] = mapped_column(
        sa.Boolean, comment="False only for the 'none' member that holds single news outside any round."
    )
    year: Mapped[int | None] = mapped_column(sa.Integer, index=True, comment="Year of the round (年).")
    ordinal: Mapped[int | None] = mapped_column(
        sa.Integer, comment="Round number within the year (第一次 = 1, 一季度 = 1 …); NULL when not stated."
    )
    label: Mapped[str] = mapped_column(
        sa.String(100),
        comment="How the round reads: '2025年第1轮', or a local event's day and what happened, "
        "e.g. '2022-09-27 签约仪式'.",
    )
    event_date_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_date.date_key"), index=True, comment="Day the round was held (活动日期)."
    )
    venue: Mapped[str | None] = mapped_column(sa.String(200), comment="Linfen's venue (分会场), as written.")
    wording_rank: Mapped[str | None] = mapped_column(
        sa.String(600),
        comment="Publish time (UTC, ISO 8601) and URL of the earliest article this row's wording comes "
        "from: a load takes a later-loaded article's wording only when that article ranks earlier, so "
        "the row does not depend on the order articles arrived in.",
    )


class DimStage(Base):
    __tablename__ = "dim_stage"
    __table_args__ = (
        {"comment": "Lifecycle stage of a project in a round: signed → started → in production."},
    )

    stage_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    stage_code: Mapped[str] = mapped_column(
        sa.String(20), unique=True, comment="Natural key: signed | started | in_production."
    )
    stage_name_zh: Mapped[str] = mapped_column(sa.String(20), comment="签约一批 / 开工一批 / 投产一批.")
    stage_name_en: Mapped[str] = mapped_column(sa.String(40), comment="English name of the stage.")
    stage_order: Mapped[int] = mapped_column(
        sa.Integer, unique=True, comment="1 signed, 2 started, 3 in production."
    )


class DimRegion(Base):
    __tablename__ = "dim_region"
    __table_args__ = (
        {
            "comment": "Administrative region: province (省) → city (市) → county-level division (县/区/市), "
            "and a development zone that states figures of its own, under the region that holds it; "
            "key 0 = unknown region."
        },
    )

    region_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    region_path: Mapped[str] = mapped_column(
        sa.String(200),
        unique=True,
        comment="Natural key: names from the province down, '/'-joined (山西省/临汾市/洪洞县); "
        "'unknown' for member 0.",
    )
    region_name: Mapped[str] = mapped_column(sa.String(60), index=True, comment="Name, e.g. 洪洞县.")
    region_level: Mapped[str] = mapped_column(
        sa.String(20), index=True, comment="province | city | county | zone | unknown."
    )
    parent_region_key: Mapped[int | None] = mapped_column(
        sa.Integer, _fk("dim_region.region_key"), comment="The region one level up (NULL for a province)."
    )


class DimZone(Base):
    __tablename__ = "dim_zone"
    __table_args__ = (
        {
            "comment": "Development zone (开发区 / 产业集聚区 / 示范区) with its county; key 0 = no zone named."
        },
    )

    zone_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    zone_name: Mapped[str] = mapped_column(
        sa.String(100), unique=True, comment="Natural key: canonical zone name, e.g. 洪洞经济技术开发区."
    )
    county_region_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_region.region_key"), index=True, comment="County the zone lies in."
    )
    is_known: Mapped[bool] = mapped_column(
        sa.Boolean, comment="True when the zone is in the gazetteer; False: kept as written, check it."
    )


class DimIndustry(Base):
    __tablename__ = "dim_industry"
    __table_args__ = ({"comment": "Industry (产业) taxonomy label; key 0 = not classified."},)

    industry_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    industry_name: Mapped[str] = mapped_column(
        sa.String(60), unique=True, comment="Natural key: taxonomy label, e.g. 新材料, 新能源."
    )


class DimProject(Base):
    __tablename__ = "dim_project"
    __table_args__ = (
        {
            "comment": "A project resolved across rounds (name normalised + county), so its lifecycle "
            "signed → started → in production can be followed."
        },
    )

    project_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    project_id: Mapped[str] = mapped_column(
        sa.String(300),
        unique=True,
        comment="Natural key: '<county>|<normalised name>' ('?' when the county is unknown); "
        "see warehouse.identity for the normalisation rule.",
    )
    project_name: Mapped[str] = mapped_column(
        sa.String(300), comment="Name as first written (项目名称), without the zone prefix."
    )
    normalized_name: Mapped[str] = mapped_column(sa.String(300), index=True, comment="Normalised name.")
    county_region_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_region.region_key"), index=True, comment="County of the project."
    )
    wording_rank: Mapped[str | None] = mapped_column(
        sa.String(600),
        comment="Publish time (UTC, ISO 8601) and URL of the earliest article this row's wording comes "
        "from: a load takes a later-loaded article's wording only when that article ranks earlier, so "
        "the row does not depend on the order articles arrived in.",
    )


class DimArticle(Base):
    __tablename__ = "dim_article"
    __table_args__ = (
        {"comment": "A news article (lineage): every fact points at the article it came from."},
    )

    article_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    url: Mapped[str] = mapped_column(sa.String(500), unique=True, comment="Natural key: canonical URL.")
    site_article_id: Mapped[str | None] = mapped_column(
        sa.String(40), comment="The site's own id, e.g. 2677701 or aid-336872."
    )
    site: Mapped[str] = mapped_column(sa.String(100), comment="Host of the site, e.g. www.lfxww.com.")
    channel: Mapped[str | None] = mapped_column(
        sa.String(100), index=True, comment="Channel slug (栏目), e.g. linfen/shizheng."
    )
    title: Mapped[str] = mapped_column(sa.String(500), comment="Title (标题), normalised to simplified.")
    published_at: Mapped[datetime | None] = mapped_column(
        BeijingTime(), comment="Publication time (发布时间), Beijing time."
    )
    published_date_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_date.date_key"), index=True, comment="Publication day."
    )
    source: Mapped[str | None] = mapped_column(sa.String(200), comment="来源 as printed.")
    editor: Mapped[str | None] = mapped_column(sa.String(100), comment="责任编辑.")
    reporters: Mapped[str | None] = mapped_column(sa.String(300), comment="记者, '、'-joined.")
    content_sha256: Mapped[str] = mapped_column(
        sa.String(64), comment="sha256 of the raw page in the raw archive (lineage to the bytes)."
    )
    kind: Mapped[str] = mapped_column(
        sa.String(30),
        index=True,
        comment="campaign_report | signing | groundbreaking | commissioning | other.",
    )
    is_announcement: Mapped[bool] = mapped_column(sa.Boolean, comment="False for kind 'other'.")
    load_fingerprint: Mapped[str | None] = mapped_column(
        sa.String(64),
        comment="sha256 of the staged rows last loaded from this article (and the loader's version); "
        "a load skips an article whose rows hash the same. NULL: loaded before fingerprints existed.",
    )


# ---------------------------------------------------------------------------------------------
# Facts
# ---------------------------------------------------------------------------------------------


class FactStageReport(Base):
    __tablename__ = "fact_stage_report"
    __table_args__ = (
        sa.UniqueConstraint("campaign_key", "region_key", "stage_key", "article_key"),
        {
            "comment": "Stage totals as each article reported them (grain: campaign × region × stage × "
            "article). fact_stage_total consolidates these into one figure."
        },
    )

    stage_report_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    campaign_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_campaign.campaign_key"), comment="Round.")
    region_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_region.region_key"), comment="Region.")
    stage_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_stage.stage_key"), comment="Stage.")
    article_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_article.article_key"), index=True, comment="Article that reported it."
    )
    project_count: Mapped[int | None] = mapped_column(sa.Integer, comment="Number of projects (项目个数).")
    investment_yuan: Mapped[int | None] = mapped_column(
        ExactYuan(), comment="Total investment (总投资) in yuan, exact (99.96亿元 = 9996000000)."
    )
    sentence: Mapped[str] = mapped_column(sa.Text, comment="Sentence the figure came from.")


class FactStageTotal(Base):
    __tablename__ = "fact_stage_total"
    __table_args__ = (
        sa.UniqueConstraint("campaign_key", "region_key", "stage_key"),
        {
            "comment": "One figure per round, region and stage (grain: campaign × region × stage). When "
            "articles disagree, the earliest published article's figure is kept and the disagreement "
            "is an ops_dq_finding."
        },
    )

    stage_total_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    campaign_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_campaign.campaign_key"), index=True, comment="Round."
    )
    region_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_region.region_key"), index=True, comment="Region the totals cover."
    )
    stage_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_stage.stage_key"), index=True, comment="Stage."
    )
    project_count: Mapped[int | None] = mapped_column(sa.Integer, comment="Number of projects (项目个数).")
    investment_yuan: Mapped[int | None] = mapped_column(
        ExactYuan(), comment="Total investment (总投资) in yuan, exact."
    )
    source_article_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_article.article_key"), index=True, comment="Article whose figure is kept."
    )
    report_count: Mapped[int] = mapped_column(sa.Integer, comment="How many articles reported this total.")
    sentence: Mapped[str] = mapped_column(sa.Text, comment="Sentence of the kept figure.")


class FactProjectMention(Base):
    __tablename__ = "fact_project_mention"
    __table_args__ = (
        sa.UniqueConstraint("project_key", "campaign_key", "stage_key", "article_key"),
        {
            "comment": "Projects as each article named them (grain: project × campaign × stage × article). "
            "fact_project_event consolidates these into one row per project, round and stage."
        },
    )

    project_mention_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    project_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_project.project_key"), comment="Project.")
    campaign_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_campaign.campaign_key"), index=True, comment="Round (0 = single news item)."
    )
    stage_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_stage.stage_key"), comment="Stage.")
    article_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_article.article_key"), index=True, comment="Article naming the project."
    )
    event_date_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_date.date_key"), comment="The round's date, else the article's publication day."
    )
    zone_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_zone.zone_key"), comment="Zone (0 = none named)."
    )
    county_region_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_region.region_key"), comment="County of the project."
    )
    industry_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_industry.industry_key"), comment="Industry (0 = not classified)."
    )
    investment_yuan: Mapped[int | None] = mapped_column(
        ExactYuan(), comment="Investment (投资) in yuan as this article states it, exact."
    )
    capacity: Mapped[str | None] = mapped_column(sa.String(100), comment="Capacity as written (产能).")
    sentence: Mapped[str] = mapped_column(sa.Text, comment="Sentence naming the project.")


class FactProjectEvent(Base):
    __tablename__ = "fact_project_event"
    __table_args__ = (
        sa.UniqueConstraint("project_key", "campaign_key", "stage_key"),
        {
            "comment": "A named project reaching a stage (grain: project × campaign × stage). Several "
            "articles naming it give one row: each attribute is the earliest published article's "
            "non-empty value."
        },
    )

    project_event_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    project_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_project.project_key"), comment="Project.")
    campaign_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_campaign.campaign_key"), index=True, comment="Round (0 = single news item)."
    )
    # No index on the stage alone: three values are no filter worth maintaining an index for.
    stage_key: Mapped[int] = mapped_column(sa.Integer, _fk("dim_stage.stage_key"), comment="Stage.")
    event_date_key: Mapped[int] = mapped_column(
        sa.Integer,
        _fk("dim_date.date_key"),
        index=True,
        comment="Day of the event: the round's date, else the article's publication day.",
    )
    zone_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_zone.zone_key"), index=True, comment="Development zone (0 = none named)."
    )
    county_region_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_region.region_key"), index=True, comment="County of the project."
    )
    industry_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_industry.industry_key"), index=True, comment="Industry (0 = not classified)."
    )
    investment_yuan: Mapped[int | None] = mapped_column(
        ExactYuan(), comment="The project's investment (投资) in yuan, exact; NULL when not stated."
    )
    capacity: Mapped[str | None] = mapped_column(
        sa.String(100), comment="Capacity as written (产能), e.g. 年产70万吨."
    )
    source_article_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_article.article_key"), index=True, comment="Article the row comes from."
    )
    sentence: Mapped[str] = mapped_column(sa.Text, comment="Sentence naming the project.")


# ---------------------------------------------------------------------------------------------
# Project resolution (rebuilt by warehouse.resolve after every load)
# ---------------------------------------------------------------------------------------------


class MapProjectResolution(Base):
    __tablename__ = "map_project_resolution"
    __table_args__ = (
        {
            "comment": "Which resolved project each dim_project row belongs to: rows that later rounds "
            "word differently (zone prefix, company name, capacity wording) point at one row. Rebuilt "
            "after every load; rule in docs/warehouse.md (Project resolution)."
        },
    )

    project_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_project.project_key"), primary_key=True, comment="A dim_project row."
    )
    resolved_project_key: Mapped[int] = mapped_column(
        sa.Integer,
        _fk("dim_project.project_key"),
        index=True,
        comment="The row standing for the resolved project: the member whose wording is earliest.",
    )
    similarity: Mapped[float] = mapped_column(
        sa.Float, comment="Name similarity (0-100) to the resolved row; 100 for the row itself."
    )
    rule: Mapped[str] = mapped_column(
        sa.String(20),
        comment="self (stands for itself) | merged (joined to another row) | held_for_review (alone, "
        "a look-alike pair in map_project_review).",
    )


class MapProjectReview(Base):
    __tablename__ = "map_project_review"
    __table_args__ = (
        sa.UniqueConstraint("project_key_a", "project_key_b"),
        {
            "comment": "Pairs of projects of one county that look alike but were not merged, with the "
            "reason: for a person to decide. Rebuilt after every load."
        },
    )

    review_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    project_key_a: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_project.project_key"), comment="One project (the smaller project_id)."
    )
    project_key_b: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_project.project_key"), index=True, comment="The other project."
    )
    similarity: Mapped[float] = mapped_column(sa.Float, comment="Name similarity (0-100).")
    reason: Mapped[str] = mapped_column(
        sa.String(500), comment="Why not merged, e.g. 'similarity in the grey band'."
    )


# ---------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------


class OpsPipelineRun(Base):
    __tablename__ = "ops_pipeline_run"
    __table_args__ = (
        {"comment": "One row per pipeline run (nightly / backfill / replay): status and counts."},
    )

    run_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    run_id: Mapped[str] = mapped_column(
        sa.String(64), unique=True, comment="Natural key: the run's id (UUID)."
    )
    flow_name: Mapped[str] = mapped_column(sa.String(100), index=True, comment="Flow, e.g. nightly.")
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, comment="Parameters the run was started with.")
    started_at: Mapped[datetime] = mapped_column(BeijingTime(), index=True, comment="Start time.")
    finished_at: Mapped[datetime | None] = mapped_column(
        BeijingTime(), comment="End time (NULL while running)."
    )
    status: Mapped[str] = mapped_column(
        sa.String(20),
        index=True,
        comment="running | succeeded | partial (completed with errors: some channels or items failed) | "
        "failed | crashed | cancelled.",
    )
    counts: Mapped[dict[str, Any]] = mapped_column(
        sa.JSON, comment="Counts per step, e.g. {'crawl': {'fetched': 12}, 'load': {...}}."
    )
    pid: Mapped[int | None] = mapped_column(
        sa.Integer,
        comment="Process id of the run (with host): a 'running' run whose process is gone is marked crashed.",
    )
    host: Mapped[str | None] = mapped_column(sa.String(255), comment="Host name the run ran on.")


class OpsQuarantine(Base):
    __tablename__ = "ops_quarantine"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "table_name", "row_key", "expectation"),
        {"comment": "Staging rows held back by the data-quality gate, with the reason (nothing is lost)."},
    )

    quarantine_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    run_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("ops_pipeline_run.run_id"), index=True, comment="Run that held it back."
    )
    table_name: Mapped[str] = mapped_column(
        sa.String(60), index=True, comment="Staging table, e.g. project_mentions."
    )
    row_key: Mapped[str] = mapped_column(sa.String(500), comment="The row's natural key, as text.")
    row_json: Mapped[str] = mapped_column(sa.Text, comment="The whole row as JSON.")
    expectation: Mapped[str] = mapped_column(sa.String(200), comment="Expectation it failed.")
    severity: Mapped[str] = mapped_column(sa.String(20), comment="critical | warning.")
    observed_value: Mapped[str | None] = mapped_column(sa.Text, comment="The offending value.")
    reason: Mapped[str] = mapped_column(sa.Text, comment="Readable reason.")
    quarantined_at: Mapped[datetime] = mapped_column(BeijingTime(), comment="When it was quarantined.")


class OpsDqResult(Base):
    __tablename__ = "ops_dq_result"
    __table_args__ = (
        sa.UniqueConstraint("run_id", "suite", "expectation"),
        {"comment": "Outcome of each data-quality expectation in each run."},
    )

    dq_result_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    run_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("ops_pipeline_run.run_id"), index=True, comment="Run."
    )
    suite: Mapped[str] = mapped_column(sa.String(100), comment="Expectation suite, e.g. stage_totals.")
    expectation: Mapped[str] = mapped_column(
        sa.String(200), comment="Expectation with its column, e.g. expect_column_values_to_not_be_null(url)."
    )
    severity: Mapped[str] = mapped_column(sa.String(20), comment="critical | warning.")
    success: Mapped[bool] = mapped_column(sa.Boolean, comment="Did the expectation pass?")
    unexpected_count: Mapped[int | None] = mapped_column(sa.Integer, comment="Rows that failed it.")
    observed: Mapped[str | None] = mapped_column(sa.Text, comment="Observed value, as text.")
    details: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, comment="Further result details.")
    recorded_at: Mapped[datetime] = mapped_column(BeijingTime(), comment="When the result was recorded.")


class OpsDqFinding(Base):
    __tablename__ = "ops_dq_finding"
    __table_args__ = (
        sa.UniqueConstraint("finding_type", "subject", "article_key"),
        {
            "comment": "Data-quality findings about loaded data, e.g. two articles giving different "
            "totals for the same round, region and stage."
        },
    )

    finding_key: Mapped[int] = mapped_column(sa.Integer, primary_key=True, comment="Surrogate key.")
    finding_type: Mapped[str] = mapped_column(
        sa.String(60), index=True, comment="e.g. conflicting_stage_total."
    )
    subject: Mapped[str] = mapped_column(
        sa.String(300), comment="What it is about, e.g. '2025-1|山西省/临汾市|signed'."
    )
    article_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_article.article_key"), comment="Article whose figure disagrees."
    )
    kept_article_key: Mapped[int] = mapped_column(
        sa.Integer, _fk("dim_article.article_key"), comment="Article whose figure the warehouse keeps."
    )
    details: Mapped[dict[str, Any]] = mapped_column(sa.JSON, comment="Kept versus reported values.")
    first_run_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("ops_pipeline_run.run_id"), comment="Run that first found it."
    )
    last_run_id: Mapped[str] = mapped_column(
        sa.String(64), sa.ForeignKey("ops_pipeline_run.run_id"), comment="Latest run that changed it."
    )
    found_at: Mapped[datetime] = mapped_column(BeijingTime(), comment="When it was first found.")

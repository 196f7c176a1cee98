"""The staging contract, declared once: the four staging tables and the quarantine rows.

Staging (:mod:`transforms.staging`) builds its DataFrames from these declarations, each quality
suite (``expectations/suites``) checks the columns declared here, the warehouse loader
(:mod:`warehouse.load`) reads them, and the staging part of ``docs/CONTRACTS.md`` is generated from
them: ``python -m transforms.contract`` rewrites it, and a test fails when it is out of date.

A column's ``type`` is the pandas form staging gives it (see :data:`TYPES`). ``nullable=False``
marks the columns the quality gate requires (a null there quarantines the row);
``tests/dq/test_contract.py`` checks that the suites' critical not-null checks are exactly these.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

ColumnType = Literal["text", "integer", "boolean", "date", "timestamp"]

# How each column type is held in a staging DataFrame.
TYPES: dict[ColumnType, str] = {
    "text": "str (object)",
    "integer": "Int64 (nullable; money in exact yuan)",
    "boolean": "boolean (nullable)",
    "date": "datetime.date (object)",
    "timestamp": "datetime64, tz-aware Asia/Shanghai",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    term: str  # the Chinese term, as the site and analysts say it
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class Table:
    name: str
    term: str
    description: str
    key: tuple[str, ...]  # natural key: one row per key
    columns: tuple[Column, ...]
    article_column: str | None = None  # the column naming the article a row came from

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def of_type(self, column_type: ColumnType) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if column.type == column_type)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns if not column.nullable)


_SENTENCE = Column("sentence", "text", "原句", "the sentence the row was read from (lineage)")

ARTICLES = Table(
    name="articles",
    term="文章",
    description="one row per parsed article page; the parent of every other staging row",
    key=("url",),
    article_column="url",
    columns=(
        Column("url", "text", "网址", "canonical absolute URL", nullable=False),
        Column("article_id", "text", "文章编号", 'the site\'s id ("2677701", "aid-336872")', nullable=False),
        Column("site", "text", "网站", "host name of the URL"),
        Column("channel", "text", "栏目", 'channel slug such as "linfen/shizheng"'),
        Column("title", "text", "标题", "title (the extraction's, else the page's)", nullable=False),
        Column("published_at", "timestamp", "发布时间", "publication time"),
        Column("source", "text", "来源", "the source the page names"),
        Column("editor", "text", "责任编辑", "editor in charge"),
        Column("reporters", "text", "记者", 'reporters, "、"-joined'),
        Column(
            "content_sha256", "text", "内容哈希", "sha256 of the raw page: links the row to the raw archive"
        ),
        Column(
            "kind", "text", "文章类型", "campaign_report | signing | groundbreaking | commissioning | other"
        ),
        Column("is_announcement", "boolean", "项目公告", "kind is not other: the article yields facts"),
        Column("campaign_id", "text", "批次编号", 'the round it reports ("2025-1", "2025-d2025-02-06")'),
    ),
)

CAMPAIGNS = Table(
    name="campaigns",
    term="“三个一批”活动",
    description="one row per (campaign, article reporting it): a province-wide round or a local event",
    key=("campaign_id", "article_url"),
    article_column="article_url",
    columns=(
        Column(
            "campaign_id",
            "text",
            "批次编号",
            '"2025-1", or "2025-d…" when only the date names it',
            nullable=False,
        ),
        Column("article_url", "text", "文章网址", "the reporting article", nullable=False),
        Column("year", "integer", "年份", "year of the round"),
        Column("ordinal", "integer", "第几次", "第一次/一季度 → 1 … 四季度 → 4; null when not stated"),
        Column("label", "text", "名称", 'the phrase as written, e.g. "2025年第一次"'),
        Column("event_date", "date", "活动日期", "the day of the event"),
        Column("venue", "text", "地点", "where the event was held"),
        _SENTENCE,
    ),
)

STAGE_TOTALS = Table(
    name="stage_totals",
    term="阶段汇总",
    description="campaign × region × stage, as one article reports it: how many projects, how much money",
    key=("campaign_id", "region", "stage", "article_url"),
    article_column="article_url",
    columns=(
        Column("campaign_id", "text", "批次编号", "the round", nullable=False),
        Column(
            "region", "text", "地区", "山西省, 临汾市, a county such as 洪洞县, or a zone", nullable=False
        ),
        Column("stage", "text", "阶段", "signed 签约 | started 开工 | in_production 投产", nullable=False),
        Column("article_url", "text", "文章网址", "the reporting article", nullable=False),
        Column("region_level", "text", "地区级别", "province | city | county | zone"),
        Column("project_count", "integer", "项目数", "number of projects"),
        Column("investment_yuan", "integer", "总投资（元）", "total investment, exact yuan"),
        _SENTENCE,
    ),
)

PROJECT_MENTIONS = Table(
    name="project_mentions",
    term="项目",
    description="one named project at one stage, as one article reports it",
    key=("campaign_id", "stage", "project_name", "county", "article_url"),
    article_column="article_url",
    columns=(
        Column("campaign_id", "text", "批次编号", "the round; null for single news outside a campaign"),
        Column("stage", "text", "阶段", "signed 签约 | started 开工 | in_production 投产", nullable=False),
        Column(
            "project_name", "text", "项目名称", "the name without its zone prefix, simplified", nullable=False
        ),
        Column("county", "text", "县（市、区）", "county-level division; null when unknown"),
        Column("article_url", "text", "文章网址", "the reporting article", nullable=False),
        Column("zone", "text", "开发区", "canonical zone name, or as written when unknown"),
        Column("zone_known", "boolean", "开发区已知", "false: the zone is not in the gazetteer"),
        Column("capacity", "text", "产能规模", 'e.g. "年产70万吨", "250万千瓦"'),
        Column("industry", "text", "产业", 'taxonomy label, e.g. "新材料"'),
        Column("investment_yuan", "integer", "投资额（元）", "the project's investment, exact yuan"),
        Column("event_date", "date", "日期", "the round's date, else the day the news appeared"),
        _SENTENCE,
    ),
)

STAGING_TABLES: dict[str, Table] = {t.name: t for t in (ARTICLES, CAMPAIGNS, STAGE_TOTALS, PROJECT_MENTIONS)}

# The rows the quality gate quarantines, as it hands them to the warehouse (``ops_quarantine``).
QUARANTINE = Table(
    name="quarantine",
    term="隔离行",
    description="a staging row a critical check failed on, with the reason; kept out of the warehouse",
    key=("run_id", "table_name", "row_key", "expectation"),
    columns=(
        Column("run_id", "text", "运行编号", "the pipeline run", nullable=False),
        Column("table_name", "text", "表名", "the staging table", nullable=False),
        Column("row_key", "text", "行键", "the row's natural key, as JSON", nullable=False),
        Column("row_json", "text", "行内容", "the whole row, as JSON"),
        Column("expectation", "text", "检查", "the failed check's short name", nullable=False),
        Column("severity", "text", "级别", "critical | warning"),
        Column("observed_value", "text", "观测值", "what the check saw"),
        Column("reason", "text", "原因", "the human reason"),
    ),
)
QUARANTINE_COLUMNS = QUARANTINE.column_names

CONTRACTS_PATH = Path(__file__).resolve().parent.parent / "docs" / "CONTRACTS.md"
# docs/CONTRACTS.md is partly hand-written (the functions between the layers); these lines
# delimit the part generated here.
BEGIN = "<!-- generated by `python -m transforms.contract`: do not edit by hand -->"
END = "<!-- end of generated part -->"


def render_tables() -> str:
    """The generated part of docs/CONTRACTS.md: every table with its columns."""
    lines = [
        BEGIN,
        "## Staging tables (`transforms.staging.StagingBatch`, pandas DataFrames)",
        "",
        "Declared in `transforms/contract.py`. Natural key columns in **bold**. null = no: never null",
        "(in a staging table the quality gate quarantines a row with a null there). Types:",
        "",
        *[f"- {name}: {meaning}" for name, meaning in TYPES.items()],
        "",
    ]
    for table in [*STAGING_TABLES.values(), QUARANTINE]:
        lines += _table_lines(table)
    lines.append(END)
    return "\n".join(lines)


def _table_lines(table: Table) -> list[str]:
    if table is QUARANTINE:
        heading = f"## Quarantine rows (DataFrame → `ops_quarantine`) · {table.term}"
    else:
        heading = f"### `{table.name}` · {table.term}"
    lines = [
        heading,
        "",
        f"{table.description[0].upper()}{table.description[1:]}.",
        "",
        "| column | 中文 | type | null | meaning |",
        "|---|---|---|---|---|",
    ]
    for column in table.columns:
        name = f"**{column.name}**" if column.name in table.key else column.name
        null = "yes" if column.nullable else "no"
        meaning = column.description.replace("|", "\\|")
        lines.append(f"| {name} | {column.term} | {column.type} | {null} | {meaning} |")
    return [*lines, ""]


def render(current: str) -> str:
    """``current`` (the text of docs/CONTRACTS.md) with its generated part rewritten."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(current):
        raise ValueError(f"{CONTRACTS_PATH} lacks the generated part's markers ({BEGIN!r} … {END!r})")
    return pattern.sub(lambda _: render_tables(), current)


def main() -> int:
    current = CONTRACTS_PATH.read_text(encoding="utf-8")
    CONTRACTS_PATH.write_text(render(current), encoding="utf-8")
    print(f"wrote {CONTRACTS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

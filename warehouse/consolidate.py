"""Consolidation: one fact from several articles, for the keys a load touched.

Several articles may report the same round × region × stage total, or the same project at the
same stage. The articles are ordered by publication time (unknown last), then URL; the result
depends only on the set of loaded articles, never on the order in which they were loaded:

- ``fact_stage_total``: the earliest article's figures and sentence win; ``report_count`` counts the
  reporting articles. Every later article whose project count or investment differs from the kept
  one (both stated) is an ``ops_dq_finding`` of type ``conflicting_stage_total``.
- ``fact_project_event``: each attribute (date, zone, county, industry, investment, capacity) comes
  from the earliest article that states it; the source article and sentence are the earliest's.

The rules are SQL (SQLAlchemy Core, window functions: ``ROW_NUMBER`` for "earliest article",
``FIRST_VALUE`` for "earliest that states it"), run by the database over the stored per-article
facts, so SQLite and PostgreSQL compute them the same way. Only the touched keys' results are
written, through :mod:`warehouse.sync` (new, changed and vanished rows only, counted per table).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from warehouse import bulk
from warehouse.dimensions import DimensionKeys
from warehouse.models import (
    BEIJING,
    UNKNOWN_KEY,
    DimArticle,
    DimCampaign,
    DimRegion,
    FactProjectEvent,
    FactProjectMention,
    FactStageReport,
    FactStageTotal,
    OpsDqFinding,
)
from warehouse.sync import Key, Writer

CONFLICTING_STAGE_TOTAL = "conflicting_stage_total"
FactRow = tuple[Any, ...]

# Each starts with its natural key.
TOTAL_COLUMNS = (
    "campaign_key",
    "region_key",
    "stage_key",
    "project_count",
    "investment_yuan",
    "source_article_key",
    "report_count",
    "sentence",
)
EVENT_COLUMNS = (
    "project_key",
    "campaign_key",
    "stage_key",
    "event_date_key",
    "zone_key",
    "county_region_key",
    "industry_key",
    "investment_yuan",
    "capacity",
    "source_article_key",
    "sentence",
)
FINDING_COLUMNS = (
    "finding_type",
    "subject",
    "article_key",
    "kept_article_key",
    "details",
    "first_run_id",
    "last_run_id",
    "found_at",
)


def consolidate_stage_totals(writer: Writer, keys: DimensionKeys, touched: set[Key], run_id: str) -> None:
    """Recompute ``fact_stage_total`` and its conflict findings for the touched keys."""
    if not touched:
        writer.count(FactStageTotal.__tablename__)
        writer.count(OpsDqFinding.__tablename__)
        return
    conn = writer.conn
    totals: list[FactRow] = []
    conflicts: list[sa.Row[Any]] = []
    for campaigns in bulk.chunks(sorted({key[0] for key in touched}), bulk.CHUNK):
        totals_query, conflicts_query = _stage_total_queries(conn, campaigns)
        totals.extend(row for row in map(tuple, conn.execute(totals_query)) if row[:3] in touched)
        conflicts.extend(row for row in conn.execute(conflicts_query) if tuple(row[:3]) in touched)
    subject = _subjects(writer, keys)
    now = datetime.now(BEIJING)
    findings = [
        (
            CONFLICTING_STAGE_TOTAL,
            subject(tuple(c[:3])),
            c.reported_article_key,
            c.kept_article_key,
            {
                "kept": {"project_count": c.kept_project_count, "investment_yuan": c.kept_investment_yuan},
                "reported": {"project_count": c.project_count, "investment_yuan": c.investment_yuan},
                "kept_url": c.kept_url,
                "reported_url": c.reported_url,
            },
            run_id,
            run_id,
            now,
        )
        for c in conflicts
    ]
    table = FactStageTotal.__table__
    existing = [
        row
        for row in bulk.fetch_in(conn, table, TOTAL_COLUMNS, "campaign_key", sorted({k[0] for k in touched}))
        if row[1:4] in touched
    ]
    writer.sync(table, TOTAL_COLUMNS, totals, TOTAL_COLUMNS[:3], existing=existing, delete_missing=True)

    finding_table = OpsDqFinding.__table__
    subjects = sorted({subject(key) for key in touched})
    existing_findings = [
        row
        for row in bulk.fetch_in(conn, finding_table, FINDING_COLUMNS, "subject", subjects)
        if row[1] == CONFLICTING_STAGE_TOTAL
    ]
    writer.sync(
        finding_table,
        FINDING_COLUMNS,
        findings,
        FINDING_COLUMNS[:3],
        existing=existing_findings,
        delete_missing=True,
        merge=_merge_finding,
        compare=("kept_article_key", "details"),
    )


def consolidate_project_events(writer: Writer, touched: set[Key]) -> None:
    """Recompute ``fact_project_event`` for the touched keys."""
    table = FactProjectEvent.__table__
    if not touched:
        writer.count(table.name)
        return
    conn = writer.conn
    campaigns = sorted({key[1] for key in touched})
    events: list[FactRow] = []
    for chunk in bulk.chunks(campaigns, bulk.CHUNK):
        events.extend(
            row for row in map(tuple, conn.execute(_project_event_query(conn, chunk))) if row[:3] in touched
        )
    existing = [
        row
        for row in bulk.fetch_in(conn, table, EVENT_COLUMNS, "campaign_key", campaigns)
        if row[1:4] in touched
    ]
    writer.sync(table, EVENT_COLUMNS, events, EVENT_COLUMNS[:3], existing=existing, delete_missing=True)


# -- the rules, as SQL -------------------------------------------------------------------------


def _ranked(conn: Connection, fact: sa.Table, key: Sequence[str], campaigns: Sequence[int]) -> sa.CTE:
    """The per-article rows of ``fact`` for ``campaigns``, each with ``place``: its article's place
    among the articles reporting its ``key`` (1 = the earliest), ``reports``: how many do, and
    ``article_rank`` / ``url``: its article's order and address."""
    article = DimArticle.__table__
    url = article.c.url
    if conn.dialect.name == "postgresql":
        url = sa.collate(url, "C")  # code point order, as Python and SQLite compare text
    # unknown publication times last; the stored times order chronologically in both databases
    article_order = (sa.case((article.c.published_at.is_(None), 1), else_=0), article.c.published_at, url)
    partition = [fact.c[column] for column in key]
    return (
        sa.select(
            *fact.c,
            article.c.url,
            sa.func.row_number().over(partition_by=partition, order_by=article_order).label("place"),
            sa.func.count().over(partition_by=partition).label("reports"),
            # results are written earliest article first, in the order its facts were written
            sa.func.dense_rank().over(order_by=article_order).label("article_rank"),
        )
        .join_from(fact, article, fact.c.article_key == article.c.article_key)
        .where(fact.c.campaign_key.in_(campaigns))
        .cte("ranked")
    )


def _stage_total_queries(conn: Connection, campaigns: Sequence[int]) -> tuple[sa.Select[Any], sa.Select[Any]]:
    """The stage totals of ``campaigns`` (rows of :data:`TOTAL_COLUMNS`) and their conflicts."""
    ranked = _ranked(conn, FactStageReport.__table__, TOTAL_COLUMNS[:3], campaigns)
    kept, other = ranked.alias("kept"), ranked.alias("other")
    totals = (
        sa.select(
            kept.c.campaign_key,
            kept.c.region_key,
            kept.c.stage_key,
            kept.c.project_count,
            kept.c.investment_yuan,
            kept.c.article_key.label("source_article_key"),
            kept.c.reports.label("report_count"),
            kept.c.sentence,
        )
        .where(kept.c.place == 1)
        .order_by(kept.c.article_rank, kept.c.stage_report_key)
    )

    def differ(column: str) -> sa.ColumnElement[bool]:
        """Both articles state the figure, and not the same."""
        a, b = kept.c[column], other.c[column]
        return sa.and_(a.is_not(None), b.is_not(None), a != b)

    conflicts = (
        sa.select(
            kept.c.campaign_key,
            kept.c.region_key,
            kept.c.stage_key,
            kept.c.article_key.label("kept_article_key"),
            kept.c.project_count.label("kept_project_count"),
            kept.c.investment_yuan.label("kept_investment_yuan"),
            kept.c.url.label("kept_url"),
            other.c.article_key.label("reported_article_key"),
            other.c.project_count,
            other.c.investment_yuan,
            other.c.url.label("reported_url"),
        )
        .join_from(
            kept,
            other,
            sa.and_(*(kept.c[c] == other.c[c] for c in TOTAL_COLUMNS[:3]), other.c.place > 1),
        )
        .where(kept.c.place == 1, sa.or_(differ("project_count"), differ("investment_yuan")))
        .order_by(kept.c.article_rank, kept.c.stage_report_key, other.c.place)
    )
    return totals, conflicts


def _project_event_query(conn: Connection, campaigns: Sequence[int]) -> sa.Select[Any]:
    """The project events of ``campaigns``, rows of :data:`EVENT_COLUMNS`."""
    ranked = _ranked(conn, FactProjectMention.__table__, EVENT_COLUMNS[:3], campaigns)
    partition = [ranked.c[column] for column in EVENT_COLUMNS[:3]]

    def earliest_stated(column: str) -> sa.ColumnElement[Any]:
        """The value of the earliest article that states one (unknown member 0 or NULL: not
        stated); unknown when none does."""
        value = ranked.c[column]
        missing = value == UNKNOWN_KEY if column.endswith("_key") else value.is_(None)
        stated_first = (sa.case((missing, 1), else_=0), ranked.c.place)
        return sa.func.first_value(value, type_=value.type).over(
            partition_by=partition, order_by=stated_first
        )

    merged = (
        sa.select(
            *partition,
            *(earliest_stated(column).label(column) for column in EVENT_COLUMNS[3:9]),
            ranked.c.article_key.label("source_article_key"),
            ranked.c.sentence,
            ranked.c.place,
            ranked.c.article_rank,
            ranked.c.project_mention_key,
        )
    ).subquery("merged")
    return (
        sa.select(*(merged.c[column] for column in EVENT_COLUMNS))
        .where(merged.c.place == 1)
        .order_by(merged.c.article_rank, merged.c.project_mention_key)
    )


def _subjects(writer: Writer, keys: DimensionKeys) -> Any:
    """A function naming a stage total's key as ``campaign|region path|stage`` (a finding's subject)."""
    conn = writer.conn
    campaigns = dict(conn.execute(sa.select(DimCampaign.campaign_key, DimCampaign.campaign_id)).all())
    regions = dict(conn.execute(sa.select(DimRegion.region_key, DimRegion.region_path)).all())
    stages = {key: code for code, key in keys.stages.items()}

    def subject(key: Key) -> str:
        campaign_key, region_key, stage_key = key
        return f"{campaigns[campaign_key]}|{regions[region_key]}|{stages[stage_key]}"

    return subject


def _merge_finding(columns: Sequence[str], old: FactRow, new: FactRow) -> FactRow:
    """A finding found again keeps the run and time that first found it."""
    kept = {columns.index("first_run_id"), columns.index("found_at")}
    return tuple(old[at] if at in kept else value for at, value in enumerate(new))

"""Consolidation: one fact from several articles, for the keys a load touched.

Several articles may report the same round × region × stage total, or the same project at the
same stage. The articles are ordered by publication time (unknown last), then URL; the result
depends only on the set of loaded articles, never on the order in which they were loaded:

- ``fact_stage_total``: the earliest article's figures and sentence win; ``report_count`` counts the
  reporting articles. Every later article whose project count or investment differs from the kept
  one (both stated) is an ``ops_dq_finding`` of type ``conflicting_stage_total``.
- ``fact_project_event``: each attribute (date, zone, county, industry, investment, capacity) comes
  from the earliest article that states it; the source article and sentence are the earliest's.

Only the touched keys are recomputed: the batch's own rows are in memory as just stored, and only
other articles' rows for those keys are read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from warehouse import bulk
from warehouse.dimensions import DimensionKeys
from warehouse.facts import MENTION_COLUMNS, REPORT_COLUMNS, FactRow
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
from warehouse.staged import rank
from warehouse.sync import Key, Writer

CONFLICTING_STAGE_TOTAL = "conflicting_stage_total"

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


def consolidate_stage_totals(
    writer: Writer, keys: DimensionKeys, touched: set[Key], own_reports: list[FactRow], run_id: str
) -> None:
    """Recompute ``fact_stage_total`` and its conflict findings for the touched keys."""
    if not touched:
        writer.count(FactStageTotal.__tablename__)
        writer.count(OpsDqFinding.__tablename__)
        return
    reports, urls = _ranked_rows(
        writer, keys, FactStageReport.__table__, REPORT_COLUMNS, touched, own_reports
    )
    groups: dict[Key, list[FactRow]] = {}
    for report in reports:
        groups.setdefault(report[:3], []).append(report)
    subject = _subjects(writer, keys)
    totals: list[FactRow] = []
    findings: list[FactRow] = []
    now = datetime.now(BEIJING)
    for key, group in groups.items():
        kept = group[0]
        # (…key, project_count, investment_yuan, source_article_key, report_count, sentence)
        totals.append((*key, kept[4], kept[5], kept[3], len(group), kept[6]))
        for other in group[1:]:
            if _disagree(kept[4:6], other[4:6]):
                details = {
                    "kept": _figures(kept),
                    "reported": _figures(other),
                    "kept_url": urls[kept[3]],
                    "reported_url": urls[other[3]],
                }
                findings.append(
                    (CONFLICTING_STAGE_TOTAL, subject(key), other[3], kept[3], details, run_id, run_id, now)
                )
    table = FactStageTotal.__table__
    existing = [
        row
        for row in bulk.fetch_in(
            writer.conn, table, TOTAL_COLUMNS, "campaign_key", sorted({k[0] for k in touched})
        )
        if row[1:4] in touched
    ]
    writer.sync(table, TOTAL_COLUMNS, totals, TOTAL_COLUMNS[:3], existing=existing, delete_missing=True)

    finding_table = OpsDqFinding.__table__
    subjects = sorted({subject(key) for key in touched})
    existing_findings = [
        row
        for row in bulk.fetch_in(writer.conn, finding_table, FINDING_COLUMNS, "subject", subjects)
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


def consolidate_project_events(
    writer: Writer, keys: DimensionKeys, touched: set[Key], own_mentions: list[FactRow]
) -> None:
    """Recompute ``fact_project_event`` for the touched keys."""
    table = FactProjectEvent.__table__
    if not touched:
        writer.count(table.name)
        return
    mentions, _ = _ranked_rows(
        writer, keys, FactProjectMention.__table__, MENTION_COLUMNS, touched, own_mentions
    )
    # Each attribute comes from the earliest article that states it: key 0 and None mean "not
    # stated", so a later article's value fills them. The source article and sentence are the
    # earliest mention's.
    events: dict[Key, list[Any]] = {}
    for mention in mentions:
        key = mention[:3]
        event = events.get(key)
        if event is None:
            # (…key, event_date, zone, county, industry, investment, capacity, source article, sentence)
            events[key] = [*key, *mention[4:10], mention[3], mention[10]]
            continue
        for at in (3, 4, 5, 6):
            if event[at] == UNKNOWN_KEY:
                event[at] = mention[at + 1]
        for at in (7, 8):
            if event[at] is None:
                event[at] = mention[at + 1]
    campaigns = sorted({key[1] for key in touched})
    existing = [
        row
        for row in bulk.fetch_in(writer.conn, table, EVENT_COLUMNS, "campaign_key", campaigns)
        if row[1:4] in touched
    ]
    writer.sync(
        table,
        EVENT_COLUMNS,
        [tuple(event) for event in events.values()],
        EVENT_COLUMNS[:3],
        existing=existing,
        delete_missing=True,
    )


def _ranked_rows(
    writer: Writer,
    keys: DimensionKeys,
    table: sa.Table,
    columns: Sequence[str],
    touched: set[Key],
    own: list[FactRow],
) -> tuple[list[FactRow], dict[int, str]]:
    """Every article's rows (``columns``) for the touched keys, earliest article first, and the
    URL of each article among them.

    The touched key is the first three columns; ``columns`` holds ``campaign_key`` and
    ``article_key``. This batch's rows are in memory (``own``, as just stored); only other
    articles' rows are read back, so a first load does not re-read what it wrote.
    """
    conn = writer.conn
    campaign_at, article_at = columns.index("campaign_key"), columns.index("article_key")
    campaigns = sorted({key[campaign_at] for key in touched})
    batch_articles = keys.batch_article_keys()
    rows = [row for row in own if row[:3] in touched]
    for chunk in bulk.chunks(campaigns, bulk.CHUNK):
        query = sa.select(*(table.c[c] for c in columns)).where(
            table.c.campaign_key.in_(chunk), table.c.article_key.not_in(batch_articles)
        )
        rows.extend(row for row in map(tuple, conn.execute(query).all()) if row[:3] in touched)
    article = DimArticle.__table__
    order: dict[int, tuple[datetime | None, str]] = {}
    for chunk in bulk.chunks(sorted({row[article_at] for row in rows}), bulk.CHUNK):
        query = sa.select(article.c.article_key, article.c.published_at, article.c.url).where(
            article.c.article_key.in_(chunk)
        )
        order.update({key: (published, url) for key, published, url in conn.execute(query).all()})
    position = {key: place for place, key in enumerate(sorted(order, key=lambda k: rank(*order[k])))}
    rows.sort(key=lambda row: position[row[article_at]])  # stable: keeps row order within an article
    return rows, {key: url for key, (_, url) in order.items()}


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


def _disagree(kept: Sequence[Any], other: Sequence[Any]) -> bool:
    """Do two reports' figures differ where both state one?"""
    return any(a is not None and b is not None and a != b for a, b in zip(kept, other, strict=True))


def _figures(report: FactRow) -> dict[str, Any]:
    """The figures of a ``fact_stage_report`` row (tuple of :data:`REPORT_COLUMNS`)."""
    return {"project_count": report[4], "investment_yuan": report[5]}


def _merge_finding(columns: Sequence[str], old: FactRow, new: FactRow) -> FactRow:
    """A finding found again keeps the run and time that first found it."""
    kept = {columns.index("first_run_id"), columns.index("found_at")}
    return tuple(old[at] if at in kept else value for at, value in enumerate(new))

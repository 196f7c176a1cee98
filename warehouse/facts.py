"""Per-article fact replacement: ``fact_stage_report`` and ``fact_project_mention``.

An article in the batch replaces everything previously loaded from it: rows it still yields are
kept or updated, new ones inserted, rows it no longer yields deleted. Re-extracting after an
extractor fix therefore updates facts instead of duplicating them. Each function returns the
consolidated keys it touched, which :mod:`warehouse.consolidate` recomputes.
"""

from __future__ import annotations

from transforms.contract import STAGE_TOTALS
from warehouse import bulk
from warehouse.dimensions import DimensionKeys
from warehouse.models import UNKNOWN_KEY, FactProjectMention, FactStageReport
from warehouse.staged import MENTION_INPUTS, StagedBatch
from warehouse.sync import Key, Writer

# Each starts with its natural key; the first three columns are the consolidated fact's key.
REPORT_COLUMNS = (
    "campaign_key",
    "region_key",
    "stage_key",
    "article_key",
    "project_count",
    "investment_yuan",
    "sentence",
)
MENTION_COLUMNS = (
    "project_key",
    "campaign_key",
    "stage_key",
    "article_key",
    "event_date_key",
    "zone_key",
    "county_region_key",
    "industry_key",
    "investment_yuan",
    "capacity",
    "sentence",
)


def replace_stage_reports(writer: Writer, staged: StagedBatch, keys: DimensionKeys) -> set[Key]:
    """Store the batch's articles' stage reports; returns the (campaign, region, stage) keys touched."""
    table = FactStageReport.__table__
    rows = [
        (
            keys.campaigns[r["campaign_id"]],
            keys.regions[r["region"]],
            keys.stages[r["stage"]],
            keys.articles[r["article_url"]],
            r["project_count"],
            r["investment_yuan"],
            r["sentence"],
        )
        for r in bulk.records(staged.stage_totals, STAGE_TOTALS.column_names)
    ]
    existing = bulk.fetch_in(writer.conn, table, REPORT_COLUMNS, "article_key", keys.batch_article_keys())
    changed = writer.sync(
        table, REPORT_COLUMNS, rows, REPORT_COLUMNS[:4], existing=existing, delete_missing=True
    )
    return {key[:3] for key in changed}


def replace_project_mentions(writer: Writer, staged: StagedBatch, keys: DimensionKeys) -> set[Key]:
    """Store the batch's articles' project mentions; returns the (project, campaign, stage) keys touched."""
    table = FactProjectMention.__table__
    values = staged.mention_values
    projects, campaigns, stages = keys.projects, keys.campaigns, keys.stages
    articles, dates, zones = keys.articles, keys.dates, keys.zones
    regions, industries = keys.regions, keys.industries
    # Missing values (None) and unmapped ones get the dimension's unknown member 0.
    rows = [
        (
            projects.get(project, UNKNOWN_KEY),
            campaigns.get(campaign, UNKNOWN_KEY),
            stages.get(stage, UNKNOWN_KEY),
            articles.get(url, UNKNOWN_KEY),
            dates.get(day, UNKNOWN_KEY),
            zones.get(zone, UNKNOWN_KEY),
            regions.get(county, UNKNOWN_KEY),
            industries.get(industry, UNKNOWN_KEY),
            investment,
            capacity,
            sentence,
        )
        for project, campaign, stage, url, day, zone, county, industry, investment, capacity, sentence in zip(
            *(values[column] for column in MENTION_INPUTS[:11]), strict=True
        )
    ]
    existing = bulk.fetch_in(writer.conn, table, MENTION_COLUMNS, "article_key", keys.batch_article_keys())
    changed = writer.sync(
        table, MENTION_COLUMNS, rows, MENTION_COLUMNS[:4], existing=existing, delete_missing=True
    )
    return {key[:3] for key in changed}

"""Dimension sync: every date, region, campaign, article, zone, industry and project a batch names.

Rules (the load rules in :mod:`warehouse.load` list them all):
- an article's attributes follow its latest extraction;
- a campaign's and a project's wording is the earliest article's (:data:`StagedBatch.wording_rank`),
  whatever the load order; later articles only fill what it leaves empty;
- a zone keeps its first county and is known if any article found it in the gazetteer;
- a county belongs to its city as the gazetteer places it, else to the site's city; a city belongs
  to the province; the path ``山西省/临汾市/洪洞县`` is the region's natural key.

Members are added or updated, never deleted. Each sync returns natural key → surrogate key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from transforms.contract import ARTICLES
from transforms.gazetteer import load_gazetteer
from warehouse import bulk
from warehouse.models import (
    UNKNOWN_KEY,
    DimArticle,
    DimCampaign,
    DimDate,
    DimIndustry,
    DimProject,
    DimRegion,
    DimStage,
    DimZone,
)
from warehouse.staged import BatchError, StagedBatch, plain, present
from warehouse.sync import Writer

Row = dict[str, Any]

# Column orders of the dimension rows, each starting with its natural key.
_DATE_COLUMNS = ("date_key", "full_date", "year", "quarter", "month", "day", "iso_week", "weekday")
_CAMPAIGN_COLUMNS = (
    "campaign_id",
    "is_campaign",
    "year",
    "ordinal",
    "label",
    "event_date_key",
    "venue",
    "wording_rank",
)
_ARTICLE_COLUMNS = (
    "url",
    "site_article_id",
    "site",
    "channel",
    "title",
    "published_at",
    "published_date_key",
    "source",
    "editor",
    "reporters",
    "content_sha256",
    "kind",
    "is_announcement",
    "load_fingerprint",
)
_REGION_COLUMNS = ("region_path", "region_name", "region_level", "parent_region_key")
_ZONE_COLUMNS = ("zone_name", "county_region_key", "is_known")
_PROJECT_COLUMNS = ("project_id", "project_name", "normalized_name", "county_region_key", "wording_rank")


@dataclass(frozen=True)
class DimensionKeys:
    """Natural key → surrogate key of every dimension member the batch names."""

    dates: dict[date, int]
    regions: dict[str, int]  # by region name as staged (县, 市, 省 or zone)
    stages: dict[str, int]
    campaigns: dict[str, int]
    articles: dict[str, int]  # by URL
    zones: dict[str, int]
    industries: dict[str, int]
    projects: dict[str, int]  # by project id

    def batch_article_keys(self) -> list[int]:
        return sorted(self.articles.values())


def sync_dimensions(writer: Writer, staged: StagedBatch, fingerprints: dict[str, str]) -> DimensionKeys:
    """Sync every dimension the batch names (parents before the members that refer to them)."""
    dates = _sync_dates(writer, staged)
    regions = _sync_regions(writer, staged)
    stages = {
        code: key for code, key in writer.conn.execute(sa.select(DimStage.stage_code, DimStage.stage_key))
    }
    return DimensionKeys(
        dates=dates,
        regions=regions,
        stages=stages,
        campaigns=_sync_campaigns(writer, staged, dates),
        articles=_sync_articles(writer, staged, dates, fingerprints),
        zones=_sync_zones(writer, staged, regions),
        industries=_sync_industries(writer, staged),
        projects=_sync_projects(writer, staged, regions),
    )


def _sync_dates(writer: Writer, staged: StagedBatch) -> dict[date, int]:
    days: set[date] = set()
    days.update(staged.campaigns["event_date"].dropna().tolist())
    days.update(day for day in staged.mention_values["event_date"] if day is not None)
    days.update(moment.date() for moment in staged.published.values() if moment is not None)
    table = DimDate.__table__
    columns, rows = _columnar(_DATE_COLUMNS, [_date_row(day) for day in sorted(days)])
    writer.sync(
        table,
        columns,
        rows,
        ("date_key",),
        existing=bulk.fetch_in(writer.conn, table, columns, "date_key", [row[0] for row in rows]),
    )
    return {day: date_key(day) for day in days}


def _sync_regions(writer: Writer, staged: StagedBatch) -> dict[str, int]:
    """Region name → key for every region the batch names (counties, cities, provinces, zones)."""
    paths: dict[str, tuple[str, str, str | None]] = {}  # path -> (name, level, parent path)
    gazetteer = load_gazetteer()

    def add(name: str, level: str) -> str:
        if level == "province":
            path, parent = name, None
        elif level == "city":
            parent = add(gazetteer.province.name, "province")
            path = f"{parent}/{name}"
        elif level == "county":
            # a county the gazetteer does not place belongs to the site's own city (临汾新闻网: 临汾市)
            parent = add(gazetteer.city_of_county.get(name, gazetteer.city.name), "city")
            path = f"{parent}/{name}"
        elif level == "zone":  # a zone's own figures: under its county, city or the province
            above = gazetteer.region_above_zone(name)
            parent = add(above.name, above.level)
            path = f"{parent}/{name}"
        else:
            raise BatchError(f"unknown region_level {level!r} for region {name!r}")
        paths[path] = (name, level, parent)
        return path

    by_name: dict[str, str] = {}
    totals = staged.stage_totals
    for name, level in zip(totals["region"].tolist(), totals["region_level"].tolist(), strict=True):
        by_name[name] = add(name, level)
    for county in sorted({county for county in staged.mention_values["county"] if county is not None}):
        by_name[county] = add(county, "county")

    keys: dict[str, int] = {}
    for level in ("province", "city", "county", "zone"):  # parents first: children refer to them
        rows = [
            (path, name, lvl, keys[parent] if parent else None)
            for path, (name, lvl, parent) in sorted(paths.items())
            if lvl == level
        ]
        keys.update(writer.sync_dimension(DimRegion.__table__, _REGION_COLUMNS, rows))
    return {name: keys[path] for name, path in by_name.items()}


def _sync_campaigns(writer: Writer, staged: StagedBatch, dates: dict[date, int]) -> dict[str, int]:
    ordered = staged.by_article_rank(staged.campaigns)
    rows = []
    for campaign_id, group in ordered.groupby("campaign_id", sort=True):
        first = group.bfill().iloc[0]  # first non-empty value of each column, in article order
        rows.append(
            {
                "campaign_id": campaign_id,
                "is_campaign": True,
                "year": plain(first["year"]),
                "ordinal": plain(first["ordinal"]),
                "label": campaign_label(
                    plain(first["year"]), plain(first["ordinal"]), first["event_date"], first["label"]
                ),
                "event_date_key": _key_of(dates, first["event_date"]),
                "venue": plain(first["venue"]),
                "wording_rank": staged.wording_rank[group["article_url"].iloc[0]],
            }
        )
    return writer.sync_dimension(
        DimCampaign.__table__, *_columnar(_CAMPAIGN_COLUMNS, rows), merge=_earliest_wording
    )


def campaign_label(year: int, ordinal: int | None, event_date: object, phrase: object) -> str:
    """The campaign as analysts read it, the same whichever article's wording was loaded first.

    A province-wide round is "2025年第1轮" (the news names it 第一次, 一季度, 第一期… and often without
    its year); a local event is its day and what happened ("2022-09-27 签约仪式"), or its year when
    the text gives no day.
    """
    if ordinal is not None:
        return f"{year}年第{ordinal}轮"
    what = str(phrase).strip() if present(phrase) and not str(phrase).strip().isdigit() else ""
    when = f"{event_date:%Y-%m-%d}" if present(event_date) and isinstance(event_date, date) else f"{year}年"
    return f"{when} {what}".strip()


def _sync_articles(
    writer: Writer, staged: StagedBatch, dates: dict[date, int], fingerprints: dict[str, str]
) -> dict[str, int]:
    rows = []
    for record in bulk.records(staged.articles, ARTICLES.column_names):
        moment = staged.published[record["url"]]
        rows.append(
            {
                "url": record["url"],
                "site_article_id": record["article_id"],
                "site": record["site"],
                "channel": record["channel"],
                "title": record["title"],
                "published_at": moment,
                "published_date_key": _key_of(dates, moment.date() if moment else None),
                "source": record["source"],
                "editor": record["editor"],
                "reporters": record["reporters"],
                "content_sha256": record["content_sha256"],
                "kind": record["kind"],
                "is_announcement": bool(record["is_announcement"]),
                "load_fingerprint": fingerprints[record["url"]],
            }
        )
    return writer.sync_dimension(DimArticle.__table__, *_columnar(_ARTICLE_COLUMNS, rows))


def _sync_zones(writer: Writer, staged: StagedBatch, regions: dict[str, int]) -> dict[str, int]:
    named = staged.by_article_rank(staged.mentions[staged.mentions["zone"].notna()])
    rows = []
    for zone, group in named.groupby("zone", sort=True):
        counties = group["county"].dropna()
        rows.append(
            (
                zone,
                _key_of(regions, counties.iloc[0] if len(counties) else None),
                bool(group["zone_known"].fillna(False).any()),
            )
        )
    return writer.sync_dimension(DimZone.__table__, _ZONE_COLUMNS, rows, merge=_merge_zone)


def _sync_industries(writer: Writer, staged: StagedBatch) -> dict[str, int]:
    names = sorted({name for name in staged.mention_values["industry"] if name is not None})
    return writer.sync_dimension(DimIndustry.__table__, ("industry_name",), [(name,) for name in names])


def _sync_projects(writer: Writer, staged: StagedBatch, regions: dict[str, int]) -> dict[str, int]:
    values = staged.mention_values
    position = staged.article_position
    rows: dict[str, tuple[Any, ...]] = {}
    # The earliest article's wording of each project (stable: row order within an article).
    order = sorted(range(len(values["article_url"])), key=lambda i: position[values["article_url"][i]])
    for i in order:
        project = values["project_id"][i]
        if project not in rows:
            rows[project] = (
                project,
                values["project_name"][i],
                project.split("|", 1)[1],
                _key_of(regions, values["county"][i]),
                staged.wording_rank[values["article_url"][i]],
            )
    return writer.sync_dimension(
        DimProject.__table__, _PROJECT_COLUMNS, list(rows.values()), merge=_earliest_wording
    )


# -- rows and merges ---------------------------------------------------------------------------


def _key_of(keys: dict[Any, int], value: object) -> int:
    """The member's key; the unknown member 0 for a missing value."""
    return keys[value] if present(value) else UNKNOWN_KEY


def _columnar(columns: Sequence[str], rows: list[Row]) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
    """Dict rows as ``(columns, tuples of those columns)``."""
    return columns, [tuple(row[column] for column in columns) for row in rows]


def date_key(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _date_row(day: date) -> Row:
    iso = day.isocalendar()
    return {
        "date_key": date_key(day),
        "full_date": day,
        "year": day.year,
        "quarter": (day.month - 1) // 3 + 1,
        "month": day.month,
        "day": day.day,
        "iso_week": iso.week,
        "weekday": iso.weekday,
    }


def _keep_first_known(columns: Sequence[str], old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep stored values; fill only those that are empty (None or the unknown member 0)."""
    return tuple(
        stored if stored is not None and not (column.endswith("_key") and stored == UNKNOWN_KEY) else value
        for column, stored, value in zip(columns, old, new, strict=True)
    )


def _earliest_wording(columns: Sequence[str], old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
    """The earliest-ranked article's wording wins whatever the load order; the other fills gaps. A row
    stored before ranks were kept (NULL) stays first."""
    at = columns.index("wording_rank")
    if old[at] is not None and new[at] < old[at]:
        return _keep_first_known(columns, new, old)
    return _keep_first_known(columns, old, new)


def _merge_zone(columns: Sequence[str], old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
    merged = list(_keep_first_known(columns, old, new))
    at = columns.index("is_known")
    merged[at] = bool(old[at]) or bool(new[at])
    return tuple(merged)

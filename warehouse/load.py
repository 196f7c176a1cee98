"""Idempotent loads of a staging batch into the star schema.

One transaction per batch: dimensions first, then the per-article facts (``fact_stage_report``,
``fact_project_mention``), then the consolidated facts (``fact_stage_total``,
``fact_project_event``) for the keys that changed. Rows are built as plain tuples and compared
with what is stored (read back once per table and batch); only rows that are new or differ are
written, so loading the same batch twice writes nothing. Every write is a bulk dialect-aware
``INSERT … ON CONFLICT`` on the natural key (:mod:`warehouse.bulk`): new keys are inserted (COPY on
PostgreSQL, far cheaper than an upsert), changed ones ``DO UPDATE``.

Rules
- **Replay**: an article in the batch replaces everything previously loaded from that article (its
  stage reports and project mentions; rows it no longer yields are deleted), and the consolidated
  facts of the touched keys are recomputed. Re-extracting after an extractor fix therefore updates
  facts instead of duplicating them.
- **Unchanged articles are skipped**: each article's staged rows hash to a fingerprint
  (:func:`staged_fingerprints`) stored in ``dim_article.load_fingerprint``; an article whose
  fingerprint is stored already contributes nothing new, so it is left out of the load. Loading
  the same batch again therefore costs hashing it, not comparing every fact row.
- **Several articles, one fact**: articles are ordered by publication time (unknown last), then
  URL. ``fact_stage_total`` keeps the earliest article's figure; every later article whose count or
  investment differs (both stated) becomes an ``ops_dq_finding`` of type
  ``conflicting_stage_total``. ``fact_project_event`` takes each attribute from the earliest article
  that states it. Both depend only on the set of loaded articles, not on the order of loading.
- **Dimensions**: an article's attributes follow its latest extraction; a campaign's, zone's and
  project's descriptive attributes keep the first non-empty value loaded.
- **Projects across rounds**: after the batch, :func:`warehouse.resolve.refresh` recomputes which
  ``dim_project`` rows are one project (``map_project_resolution``, look-alikes in
  ``map_project_review``) from the whole dimension, so it too depends only on what is loaded.
- **Regions**: a county belongs to its city as the gazetteer places it (永济市 → 运城市), else to the
  site's city; a city belongs to the province; the path ``山西省/临汾市/洪洞县`` is the region's natural
  key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from transforms.contract import ARTICLES, QUARANTINE_COLUMNS, STAGE_TOTALS, STAGING_TABLES
from transforms.gazetteer import load_gazetteer
from transforms.staging import StagingBatch
from warehouse import bulk, identity, resolve
from warehouse.models import (
    BEIJING,
    UNKNOWN_KEY,
    DimArticle,
    DimCampaign,
    DimDate,
    DimIndustry,
    DimProject,
    DimRegion,
    DimStage,
    DimZone,
    FactProjectEvent,
    FactProjectMention,
    FactStageReport,
    FactStageTotal,
    OpsDqFinding,
    OpsQuarantine,
)
from warehouse.runs import require_run

CONFLICTING_STAGE_TOTAL = "conflicting_stage_total"
# The quarantine frame's columns but the run id, which save_quarantine is given.
_QUARANTINE_FIELDS = tuple(column for column in QUARANTINE_COLUMNS if column != "run_id")

# Part of every article's load fingerprint: bump it when the same staged rows must load differently
# (a change to how this module maps them onto the schema), so the next load revisits every article.
LOADER_VERSION = 2  # 2: dimension rows keep their wording's rank (wording_rank)
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=BEIJING)

Row = dict[str, Any]
Key = tuple[Hashable, ...]
Merge = Callable[[Sequence[str], tuple[Any, ...], tuple[Any, ...]], tuple[Any, ...]]

# Column orders of the rows the loader builds as plain tuples; each starts with its natural key.
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
_REPORT_COLUMNS = (
    "campaign_key",
    "region_key",
    "stage_key",
    "article_key",
    "project_count",
    "investment_yuan",
    "sentence",
)
_TOTAL_COLUMNS = (
    "campaign_key",
    "region_key",
    "stage_key",
    "project_count",
    "investment_yuan",
    "source_article_key",
    "report_count",
    "sentence",
)
_MENTION_COLUMNS = (
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
_EVENT_COLUMNS = (
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
_FINDING_COLUMNS = (
    "finding_type",
    "subject",
    "article_key",
    "kept_article_key",
    "details",
    "first_run_id",
    "last_run_id",
    "found_at",
)
# Staging mention columns the loader reads as lists; the first eleven map onto _MENTION_COLUMNS.
_MENTION_INPUTS = (
    "project_id",
    "campaign_id",
    "stage",
    "article_url",
    "event_date",
    "zone",
    "county",
    "industry",
    "investment_yuan",
    "capacity",
    "sentence",
    "project_name",
)


class BatchError(ValueError):
    """The staging batch breaks the staging contract (docs/CONTRACTS.md)."""


@dataclass
class TableChange:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.inserted + self.updated + self.deleted


@dataclass
class LoadSummary:
    run_id: str
    tables: dict[str, TableChange] = field(default_factory=dict)
    articles_skipped: int = 0  # articles whose staged rows were loaded before, unchanged

    @property
    def rows_written(self) -> int:
        return sum(change.written for change in self.tables.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready counts per table (what ``ops_pipeline_run.counts`` stores for the load step)."""
        return {name: asdict(change) for name, change in self.tables.items()}


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def load_batch(engine: Engine, batch: StagingBatch, *, run_id: str) -> LoadSummary:
    """Load ``batch`` in one transaction; see the module docstring for the rules."""
    _check_batch(batch)
    summary = LoadSummary(run_id=run_id)
    fingerprints = staged_fingerprints(batch)
    with engine.begin() as conn:
        require_run(conn, run_id)
        article = DimArticle.__table__
        stored = {
            url: fingerprint
            for _, url, fingerprint in bulk.fetch_in(
                conn, article, ("url", "load_fingerprint"), "url", list(fingerprints)
            )
        }
        skipped = {url for url, fingerprint in fingerprints.items() if stored.get(url) == fingerprint}
        summary.articles_skipped = len(skipped)
        loader = _BatchLoader(conn, _without_articles(batch, skipped), run_id, summary.tables, fingerprints)
        loader.run()
        # Resolution across rounds depends on every project loaded so far, so it is recomputed as a
        # whole (writing only what changed) in the same transaction: readers never see them apart.
        for table, counts in resolve.refresh(conn).items():
            summary.tables[table] = TableChange(**counts)
    return summary


def staged_fingerprints(batch: StagingBatch) -> dict[str, str]:
    """Article URL → sha256 of :data:`LOADER_VERSION` and every staged row of the article.

    Each row is hashed with pandas' vectorised row hash over the staging contract's columns (not
    extra columns a step may add), and an article's row hashes are fed to sha256 in batch order. A
    fingerprint can only mismatch needlessly (e.g. if pandas changed its hash), which costs one
    row-by-row comparison; a false match would need a 64-bit collision of a changed row.
    """
    digests = {
        url: hashlib.sha256(f"linfen-etl loader {LOADER_VERSION}".encode()) for url in batch.articles["url"]
    }
    for name, frame in batch.tables().items():
        if frame.empty:
            continue
        contract = STAGING_TABLES[name]
        url_column = contract.article_column
        # As plain objects first: the hash then depends on the values, not on the dtype pandas
        # inferred for this batch (an all-empty column is `object`, a filled one `str`).
        values = frame[list(contract.column_names)]
        row_hashes = pd.util.hash_pandas_object(
            values.astype(object).where(values.notna(), None), index=False
        )
        for url, hashes in row_hashes.groupby(frame[url_column].to_numpy(), sort=False):
            digests[url].update(name.encode() + hashes.to_numpy().tobytes())
    return {url: digest.hexdigest() for url, digest in digests.items()}


def _without_articles(batch: StagingBatch, urls: set[str]) -> StagingBatch:
    if not urls:
        return batch
    return batch.replace(
        **{
            name: frame[~frame[STAGING_TABLES[name].article_column].isin(urls)]
            for name, frame in batch.tables().items()
        }
    )


def save_quarantine(engine: Engine, quarantine: pd.DataFrame, *, run_id: str) -> int:
    """Store quarantined staging rows (the contract's quarantine columns; a ``run_id`` column is
    ignored, the rows are stored under ``run_id``); returns rows added.

    Saving the same rows again for the same run adds nothing.
    """
    missing = [column for column in _QUARANTINE_FIELDS if column not in quarantine.columns]
    if missing:
        raise BatchError(f"quarantine frame lacks columns {missing}; expected {list(_QUARANTINE_FIELDS)}")
    if quarantine.empty:
        return 0
    now = datetime.now(BEIJING)
    rows = [
        {**row, "run_id": run_id, "quarantined_at": now}
        for row in bulk.records(quarantine, _QUARANTINE_FIELDS)
    ]
    for row in rows:
        for column in ("row_key", "row_json", "observed_value"):
            if row[column] is not None and not isinstance(row[column], str):
                row[column] = json.dumps(row[column], ensure_ascii=False, default=str)
    with engine.begin() as conn:
        require_run(conn, run_id)
        table = OpsQuarantine.__table__
        before = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        bulk.upsert(conn, table, rows, ("run_id", "table_name", "row_key", "expectation"), ())
        after = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    return int(after - before)


# ---------------------------------------------------------------------------------------------
# The batch loader
# ---------------------------------------------------------------------------------------------


class _BatchLoader:
    def __init__(
        self,
        conn: Connection,
        batch: StagingBatch,
        run_id: str,
        changes: dict[str, TableChange],
        fingerprints: dict[str, str],
    ):
        self.conn = conn
        self.fingerprints = fingerprints
        self.run_id = run_id
        self.changes = changes
        self.articles = batch.articles
        self.campaigns = batch.campaigns
        self.stage_totals = batch.stage_totals.drop_duplicates(list(STAGE_TOTALS.key), keep="first")
        mentions = batch.project_mentions
        # A project is named in many articles and rounds: normalise each (name, county) once.
        project_ids: dict[tuple[str, str | None], str] = {}
        mention_project_ids = []
        for pair in zip(
            mentions["project_name"].tolist(), bulk.column_values(mentions["county"]), strict=True
        ):
            project = project_ids.get(pair)
            if project is None:
                project = project_ids[pair] = identity.project_id(*pair)
            mention_project_ids.append(project)
        # One article naming the same project twice in one stage is one mention (the first).
        self.mentions = mentions.assign(project_id=mention_project_ids).drop_duplicates(
            ["campaign_id", "stage", "project_id", "article_url"]
        )
        # The fact rows are built from plain Python lists, not from pandas row by row.
        self.mention_values = {
            column: bulk.column_values(self.mentions[column]) for column in _MENTION_INPUTS
        }
        published = {
            url: (pd.Timestamp(ts).to_pydatetime() if not pd.isna(ts) else None)
            for url, ts in zip(self.articles["url"], self.articles["published_at"], strict=True)
        }
        ranked = sorted(published, key=lambda url: _rank(published[url], url))
        self.article_position = {url: position for position, url in enumerate(ranked)}
        self.wording_rank = {url: _wording_rank(published[url], url) for url in ranked}
        self.published = published

    def run(self) -> None:
        self.date_keys = self._load_dates()
        self.region_keys = self._load_regions()
        self.stage_keys = {
            code: key for code, key in self.conn.execute(sa.select(DimStage.stage_code, DimStage.stage_key))
        }
        self.campaign_keys = self._load_campaigns()
        self.article_keys = self._load_articles()
        self.zone_keys = self._load_zones()
        self.industry_keys = self._load_industries()
        self.project_keys = self._load_projects()
        touched_totals = self._load_stage_reports()
        self._consolidate_stage_totals(touched_totals)
        touched_events = self._load_project_mentions()
        self._consolidate_project_events(touched_events)

    # -- dimensions ----------------------------------------------------------------------------

    def _load_dates(self) -> dict[date, int]:
        days: set[date] = set()
        days.update(self.campaigns["event_date"].dropna().tolist())
        days.update(day for day in self.mention_values["event_date"] if day is not None)
        days.update(moment.date() for moment in self.published.values() if moment is not None)
        table = DimDate.__table__
        columns, rows = _columnar(_DATE_COLUMNS, [_date_row(day) for day in sorted(days)])
        self._sync(
            table,
            columns,
            rows,
            ("date_key",),
            existing=bulk.fetch_in(self.conn, table, columns, "date_key", [row[0] for row in rows]),
        )
        return {day: _date_key(day) for day in days}

    def _date_key_of(self, day: object) -> int:
        return self.date_keys[day] if _present(day) else UNKNOWN_KEY  # type: ignore[index]

    def _load_regions(self) -> dict[str, int]:
        """Region name → key for every region the batch names (counties, cities, provinces)."""
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
        for name, level in zip(
            self.stage_totals["region"].tolist(), self.stage_totals["region_level"].tolist(), strict=True
        ):
            by_name[name] = add(name, level)
        for county in sorted({county for county in self.mention_values["county"] if county is not None}):
            by_name[county] = add(county, "county")

        keys: dict[str, int] = {}
        for level in ("province", "city", "county", "zone"):
            rows = [
                (path, name, lvl, keys[parent] if parent else None)
                for path, (name, lvl, parent) in sorted(paths.items())
                if lvl == level
            ]
            keys.update(
                self._sync_dimension(
                    DimRegion.__table__,
                    ("region_path", "region_name", "region_level", "parent_region_key"),
                    rows,
                )
            )
        return {name: keys[path] for name, path in by_name.items()}

    def _region_key_of(self, name: object) -> int:
        return self.region_keys[name] if _present(name) else UNKNOWN_KEY  # type: ignore[index]

    def _load_campaigns(self) -> dict[str, int]:
        ordered = self._by_article_rank(self.campaigns)
        rows = []
        for campaign_id, group in ordered.groupby("campaign_id", sort=True):
            first = group.bfill().iloc[0]  # first non-empty value of each column, in article order
            rows.append(
                {
                    "campaign_id": campaign_id,
                    "is_campaign": True,
                    "year": _value(first["year"]),
                    "ordinal": _value(first["ordinal"]),
                    "label": first["label"],
                    "event_date_key": self._date_key_of(first["event_date"]),
                    "venue": _value(first["venue"]),
                    "wording_rank": self.wording_rank[group["article_url"].iloc[0]],
                }
            )
        return self._sync_dimension(
            DimCampaign.__table__, *_columnar(_CAMPAIGN_COLUMNS, rows), merge=_earliest_wording
        )

    def _load_articles(self) -> dict[str, int]:
        rows = []
        for record in bulk.records(self.articles, ARTICLES.column_names):
            moment = self.published[record["url"]]
            rows.append(
                {
                    "url": record["url"],
                    "site_article_id": record["article_id"],
                    "site": record["site"],
                    "channel": record["channel"],
                    "title": record["title"],
                    "published_at": moment,
                    "published_date_key": self._date_key_of(moment.date() if moment else None),
                    "source": record["source"],
                    "editor": record["editor"],
                    "reporters": record["reporters"],
                    "content_sha256": record["content_sha256"],
                    "kind": record["kind"],
                    "is_announcement": bool(record["is_announcement"]),
                    "load_fingerprint": self.fingerprints[record["url"]],
                }
            )
        return self._sync_dimension(DimArticle.__table__, *_columnar(_ARTICLE_COLUMNS, rows))

    def _load_zones(self) -> dict[str, int]:
        named = self._by_article_rank(self.mentions[self.mentions["zone"].notna()])
        rows = []
        for zone, group in named.groupby("zone", sort=True):
            counties = group["county"].dropna()
            rows.append(
                (
                    zone,
                    self._region_key_of(counties.iloc[0] if len(counties) else None),
                    bool(group["zone_known"].fillna(False).any()),
                )
            )
        return self._sync_dimension(
            DimZone.__table__, ("zone_name", "county_region_key", "is_known"), rows, merge=_merge_zone
        )

    def _load_industries(self) -> dict[str, int]:
        names = sorted({name for name in self.mention_values["industry"] if name is not None})
        return self._sync_dimension(DimIndustry.__table__, ("industry_name",), [(name,) for name in names])

    def _load_projects(self) -> dict[str, int]:
        values = self.mention_values
        position = self.article_position
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
                    self._region_key_of(values["county"][i]),
                    self.wording_rank[values["article_url"][i]],
                )
        return self._sync_dimension(
            DimProject.__table__,
            ("project_id", "project_name", "normalized_name", "county_region_key", "wording_rank"),
            list(rows.values()),
            merge=_earliest_wording,
        )

    def _sync_dimension(
        self,
        table: sa.Table,
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        *,
        merge: Merge | None = None,
    ) -> dict[Any, int]:
        """Sync a dimension whose first column is its natural key; returns natural key → surrogate key."""
        natural = columns[0]
        surrogate = table.primary_key.columns[0].name
        existing = bulk.fetch_in(self.conn, table, columns, natural, [row[0] for row in rows])
        self._sync(table, columns, rows, (natural,), existing=existing, merge=merge)
        keys = {row[1]: row[0] for row in existing}
        keys.update(
            bulk.key_map(self.conn, table, natural, surrogate, [row[0] for row in rows if row[0] not in keys])
        )
        return {row[0]: keys[row[0]] for row in rows}

    # -- facts ---------------------------------------------------------------------------------

    def _batch_article_keys(self) -> list[int]:
        return sorted(self.article_keys.values())

    def _load_stage_reports(self) -> set[Key]:
        """Sync this batch's articles' stage reports; returns the (campaign, region, stage) keys touched."""
        table = FactStageReport.__table__
        rows = [
            (
                self.campaign_keys[r["campaign_id"]],
                self.region_keys[r["region"]],
                self.stage_keys[r["stage"]],
                self.article_keys[r["article_url"]],
                r["project_count"],
                r["investment_yuan"],
                r["sentence"],
            )
            for r in bulk.records(self.stage_totals, STAGE_TOTALS.column_names)
        ]
        existing = bulk.fetch_in(self.conn, table, _REPORT_COLUMNS, "article_key", self._batch_article_keys())
        changed = self._sync(
            table, _REPORT_COLUMNS, rows, _REPORT_COLUMNS[:4], existing=existing, delete_missing=True
        )
        self.own_reports = rows
        return {key[:3] for key in changed}

    def _load_project_mentions(self) -> set[Key]:
        """Sync this batch's articles' project mentions; returns the (project, campaign, stage) keys touched."""
        table = FactProjectMention.__table__
        values = self.mention_values
        projects, campaigns, stages = self.project_keys, self.campaign_keys, self.stage_keys
        articles, dates, zones = self.article_keys, self.date_keys, self.zone_keys
        regions, industries = self.region_keys, self.industry_keys
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
                *(values[column] for column in _MENTION_INPUTS[:11]), strict=True
            )
        ]
        existing = bulk.fetch_in(
            self.conn, table, _MENTION_COLUMNS, "article_key", self._batch_article_keys()
        )
        changed = self._sync(
            table, _MENTION_COLUMNS, rows, _MENTION_COLUMNS[:4], existing=existing, delete_missing=True
        )
        self.own_mentions = rows
        return {key[:3] for key in changed}

    def _ranked_rows(
        self, table: sa.Table, columns: Sequence[str], touched: set[Key], own: list[tuple[Any, ...]]
    ) -> tuple[list[tuple[Any, ...]], dict[int, str]]:
        """Every article's rows (``columns``) for the touched keys, earliest article first, and the
        URL of each article among them.

        The touched key is the first three columns; ``columns`` holds ``campaign_key`` and
        ``article_key``. This batch's rows are in memory (``own``, as just stored); only other
        articles' rows are read back, so a first load does not re-read what it wrote.
        """
        campaign_at, article_at = columns.index("campaign_key"), columns.index("article_key")
        campaigns = sorted({key[campaign_at] for key in touched})
        batch_articles = self._batch_article_keys()
        rows = [row for row in own if row[:3] in touched]
        for chunk in bulk.chunks(campaigns, bulk.CHUNK):
            query = sa.select(*(table.c[c] for c in columns)).where(
                table.c.campaign_key.in_(chunk), table.c.article_key.not_in(batch_articles)
            )
            rows.extend(row for row in map(tuple, self.conn.execute(query).all()) if row[:3] in touched)
        article = DimArticle.__table__
        order: dict[int, tuple[datetime | None, str]] = {}
        for chunk in bulk.chunks(sorted({row[article_at] for row in rows}), bulk.CHUNK):
            query = sa.select(article.c.article_key, article.c.published_at, article.c.url).where(
                article.c.article_key.in_(chunk)
            )
            order.update({key: (published, url) for key, published, url in self.conn.execute(query).all()})
        position = {key: rank for rank, key in enumerate(sorted(order, key=lambda k: _rank(*order[k])))}
        rows.sort(key=lambda row: position[row[article_at]])  # stable: keeps row order within an article
        return rows, {key: url for key, (_, url) in order.items()}

    def _consolidate_stage_totals(self, touched: set[Key]) -> None:
        if not touched:
            self._count(FactStageTotal.__tablename__)
            self._count(OpsDqFinding.__tablename__)
            return
        reports, urls = self._ranked_rows(
            FactStageReport.__table__, _REPORT_COLUMNS, touched, self.own_reports
        )
        groups: dict[Key, list[tuple[Any, ...]]] = {}
        for report in reports:
            groups.setdefault(report[:3], []).append(report)
        totals: list[tuple[Any, ...]] = []
        findings: list[tuple[Any, ...]] = []
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
                        (
                            CONFLICTING_STAGE_TOTAL,
                            self._subject(key),
                            other[3],
                            kept[3],
                            details,
                            self.run_id,
                            self.run_id,
                            now,
                        )
                    )
        table = FactStageTotal.__table__
        existing = [
            row
            for row in bulk.fetch_in(
                self.conn, table, _TOTAL_COLUMNS, "campaign_key", sorted({k[0] for k in touched})
            )
            if row[1:4] in touched
        ]
        self._sync(table, _TOTAL_COLUMNS, totals, _TOTAL_COLUMNS[:3], existing=existing, delete_missing=True)

        finding_table = OpsDqFinding.__table__
        subjects = sorted({self._subject(key) for key in touched})
        existing_findings = [
            row
            for row in bulk.fetch_in(self.conn, finding_table, _FINDING_COLUMNS, "subject", subjects)
            if row[1] == CONFLICTING_STAGE_TOTAL
        ]
        self._sync(
            finding_table,
            _FINDING_COLUMNS,
            findings,
            _FINDING_COLUMNS[:3],
            existing=existing_findings,
            delete_missing=True,
            merge=_merge_finding,
            compare=("kept_article_key", "details"),
        )

    def _subject(self, key: Key) -> str:
        campaign_key, region_key, stage_key = key
        if not hasattr(self, "_names"):
            self._names = {
                "campaign": {
                    key: name
                    for key, name in self.conn.execute(
                        sa.select(DimCampaign.campaign_key, DimCampaign.campaign_id)
                    )
                },
                "region": {
                    key: path
                    for key, path in self.conn.execute(sa.select(DimRegion.region_key, DimRegion.region_path))
                },
                "stage": {key: code for code, key in self.stage_keys.items()},
            }
        names = self._names
        return f"{names['campaign'][campaign_key]}|{names['region'][region_key]}|{names['stage'][stage_key]}"

    def _consolidate_project_events(self, touched: set[Key]) -> None:
        table = FactProjectEvent.__table__
        if not touched:
            self._count(table.name)
            return
        mentions, _ = self._ranked_rows(
            FactProjectMention.__table__, _MENTION_COLUMNS, touched, self.own_mentions
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
            for row in bulk.fetch_in(self.conn, table, _EVENT_COLUMNS, "campaign_key", campaigns)
            if row[1:4] in touched
        ]
        self._sync(
            table,
            _EVENT_COLUMNS,
            [tuple(event) for event in events.values()],
            _EVENT_COLUMNS[:3],
            existing=existing,
            delete_missing=True,
        )

    # -- helpers ---------------------------------------------------------------------------------

    def _by_article_rank(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` sorted by its rows' article order (stable: keeps row order within an article)."""
        positions = frame["article_url"].map(self.article_position)
        if positions.isna().any():
            unknown = sorted(set(frame["article_url"][positions.isna()]))
            raise BatchError(f"rows refer to articles missing from the batch's articles table: {unknown[:5]}")
        return frame.iloc[positions.to_numpy().argsort(kind="stable")]

    def _count(self, name: str) -> TableChange:
        return self.changes.setdefault(name, TableChange())

    def _sync(
        self,
        table: sa.Table,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        key_columns: Sequence[str],
        *,
        existing: Iterable[tuple[Any, ...]],
        delete_missing: bool = False,
        merge: Merge | None = None,
        compare: Sequence[str] | None = None,
    ) -> set[Key]:
        """Make ``table`` hold ``rows`` within the scope of ``existing``; returns the keys changed.

        ``rows`` are tuples of ``columns``, whose first columns are ``key_columns`` (the natural
        key); ``existing`` are the stored rows in scope as ``(surrogate key, *columns)``. New rows
        are inserted, rows whose ``compare`` columns (default: all) differ are updated, equal rows
        are not written; with ``delete_missing``, stored rows whose key is not in ``rows`` are
        deleted.
        """
        width = len(key_columns)
        if tuple(columns[:width]) != tuple(key_columns):
            raise ValueError(f"{table.name}: the key columns {key_columns} must lead the columns {columns}")
        change = self._count(table.name)
        stored = {row[1 : width + 1]: row for row in existing}
        wanted = {row[:width]: row for row in rows}
        compared = None if compare is None else [columns.index(c) for c in compare]
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for key, row in wanted.items():
            old = stored.get(key)
            if old is None:
                inserts.append(row)
                continue
            values = old[1:]
            new = merge(columns, values, row) if merge else row
            if new != values if compared is None else any(new[i] != values[i] for i in compared):
                updates.append(new)
        # New keys only need an insert: ON CONFLICT DO NOTHING is far cheaper than DO UPDATE (in
        # SQLite with foreign keys on, several times), and most rows of a load are either new or equal.
        bulk.write(self.conn, table, columns, inserts, key_columns, ())
        bulk.write(self.conn, table, columns, updates, key_columns, columns[width:])
        change.inserted += len(inserts)
        change.updated += len(updates)
        change.unchanged += len(wanted) - len(inserts) - len(updates)
        changed = {row[:width] for row in inserts} | {row[:width] for row in updates}
        if delete_missing:
            gone = [key for key in stored if key not in wanted]
            if gone:
                pk = table.primary_key.columns[0]
                for chunk in bulk.chunks([stored[key][0] for key in gone], bulk.CHUNK):
                    self.conn.execute(table.delete().where(pk.in_(chunk)))
                change.deleted += len(gone)
                changed.update(gone)
        return changed


# ---------------------------------------------------------------------------------------------
# Small pure helpers
# ---------------------------------------------------------------------------------------------


def _check_batch(batch: StagingBatch) -> None:
    for name, frame in batch.tables().items():
        missing = [c for c in STAGING_TABLES[name].column_names if c not in frame.columns]
        if missing:
            raise BatchError(f"staging table {name!r} lacks columns {missing}")
    no_campaign = batch.stage_totals[batch.stage_totals["campaign_id"].isna()]
    if len(no_campaign):
        raise BatchError(
            "stage totals need a campaign (the quality gate quarantines those without one); "
            f"articles: {sorted(set(no_campaign['article_url']))[:5]}"
        )
    known = set(batch.articles["url"])
    for name in ("campaigns", "stage_totals", "project_mentions"):
        orphans = sorted(set(batch.tables()[name]["article_url"]) - known)
        if orphans:
            raise BatchError(f"staging table {name!r} refers to articles not in 'articles': {orphans[:5]}")
    if batch.articles["url"].duplicated().any():
        raise BatchError("staging table 'articles' has duplicate URLs")
    campaign_ids = set(batch.campaigns["campaign_id"])
    for name in ("stage_totals", "project_mentions"):
        ids = set(batch.tables()[name]["campaign_id"].dropna().unique().tolist())
        if ids - campaign_ids:
            raise BatchError(
                f"staging table {name!r} names campaigns missing from 'campaigns': {sorted(ids - campaign_ids)}"
            )


def _present(value: object) -> bool:
    return (
        value is not None
        and not (isinstance(value, float) and pd.isna(value))
        and value is not pd.NA
        and value is not pd.NaT
    )


def _value(value: Any) -> Any:
    """A plain Python value (None for pandas' missing markers, int for numpy ints)."""
    if not _present(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _columnar(columns: Sequence[str], rows: list[Row]) -> tuple[Sequence[str], list[tuple[Any, ...]]]:
    """Dict rows as ``(columns, tuples of those columns)``."""
    return columns, [tuple(row[column] for column in columns) for row in rows]


def _date_key(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _date_row(day: date) -> Row:
    iso = day.isocalendar()
    return {
        "date_key": _date_key(day),
        "full_date": day,
        "year": day.year,
        "quarter": (day.month - 1) // 3 + 1,
        "month": day.month,
        "day": day.day,
        "iso_week": iso.week,
        "weekday": iso.weekday,
    }


def _rank(published: datetime | None, url: str) -> tuple[datetime, str]:
    return (published if published is not None else _FAR_FUTURE, url)


def _disagree(kept: Sequence[Any], other: Sequence[Any]) -> bool:
    """Do two reports' figures differ where both state one?"""
    return any(a is not None and b is not None and a != b for a, b in zip(kept, other, strict=True))


def _figures(report: tuple[Any, ...]) -> dict[str, Any]:
    """The figures of a ``fact_stage_report`` row (tuple of :data:`_REPORT_COLUMNS`)."""
    return {"project_count": report[4], "investment_yuan": report[5]}


def _keep_first_known(columns: Sequence[str], old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep stored values; fill only those that are empty (None or the unknown member 0)."""
    return tuple(
        stored if stored is not None and not (column.endswith("_key") and stored == UNKNOWN_KEY) else value
        for column, stored, value in zip(columns, old, new, strict=True)
    )


def _wording_rank(published: datetime | None, url: str) -> str:
    """The article order as one sortable string (dimension rows keep their source's rank)."""
    moment = published.astimezone(UTC).isoformat() if published is not None else "9999"
    return f"{moment}|{url}"


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


def _merge_finding(columns: Sequence[str], old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[Any, ...]:
    """A finding found again keeps the run and time that first found it."""
    kept = {columns.index("first_run_id"), columns.index("found_at")}
    return tuple(old[at] if at in kept else value for at, value in enumerate(new))

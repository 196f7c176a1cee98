"""Idempotent loads of a staging batch into the star schema.

One transaction per batch: dimensions first, then the per-article facts (``fact_stage_report``,
``fact_project_mention``), then the consolidated facts (``fact_stage_total``,
``fact_project_event``) for the keys that changed. Every write is a bulk dialect-aware
``INSERT … ON CONFLICT`` on the natural key (an executemany of plain dicts), and only rows that are
new or differ from what is stored are written, so loading the same batch twice writes nothing.

Rules
- **Replay**: an article in the batch replaces everything previously loaded from that article (its
  stage reports and project mentions; rows it no longer yields are deleted), and the consolidated
  facts of the touched keys are recomputed. Re-extracting after an extractor fix therefore updates
  facts instead of duplicating them.
- **Several articles, one fact**: articles are ordered by publication time (unknown last), then
  URL. ``fact_stage_total`` keeps the earliest article's figure; every later article whose count or
  investment differs (both stated) becomes an ``ops_dq_finding`` of type
  ``conflicting_stage_total``. ``fact_project_event`` takes each attribute from the earliest article
  that states it. Both depend only on the set of loaded articles, not on the order of loading.
- **Dimensions**: an article's attributes follow its latest extraction; a campaign's, zone's and
  project's descriptive attributes keep the first non-empty value loaded.
- **Regions**: a county belongs to the site's city (:data:`HOME_CITY`), a city to
  :data:`HOME_PROVINCE`; the path ``山西省/临汾市/洪洞县`` is the region's natural key.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from transforms.staging import (
    ARTICLE_COLUMNS,
    CAMPAIGN_COLUMNS,
    PROJECT_MENTION_COLUMNS,
    STAGE_TOTAL_COLUMNS,
    StagingBatch,
)
from warehouse import identity
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
    OpsPipelineRun,
    OpsQuarantine,
)

HOME_PROVINCE = "山西省"
HOME_CITY = "临汾市"  # 临汾新闻网 reports Linfen's counties
CONFLICTING_STAGE_TOTAL = "conflicting_stage_total"
QUARANTINE_COLUMNS = (
    "table_name",
    "row_key",
    "row_json",
    "expectation",
    "severity",
    "observed_value",
    "reason",
)

_CHUNK = 5_000  # rows per executemany / keys per IN list (well under both databases' limits)
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=BEIJING)

Row = dict[str, Any]
Key = tuple[Hashable, ...]


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


@dataclass(frozen=True)
class LoadSummary:
    run_id: str
    tables: dict[str, TableChange] = field(default_factory=dict)

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
    with engine.begin() as conn:
        _require_run(conn, run_id)
        loader = _BatchLoader(conn, batch, run_id, summary.tables)
        loader.run()
    return summary


def save_quarantine(engine: Engine, quarantine: pd.DataFrame, *, run_id: str) -> int:
    """Store quarantined staging rows (columns :data:`QUARANTINE_COLUMNS`); returns rows added.

    Saving the same rows again for the same run adds nothing.
    """
    missing = [column for column in QUARANTINE_COLUMNS if column not in quarantine.columns]
    if missing:
        raise BatchError(f"quarantine frame lacks columns {missing}; expected {list(QUARANTINE_COLUMNS)}")
    if quarantine.empty:
        return 0
    now = datetime.now(BEIJING)
    rows = [
        {**row, "run_id": run_id, "quarantined_at": now} for row in _records(quarantine, QUARANTINE_COLUMNS)
    ]
    for row in rows:
        for column in ("row_key", "row_json", "observed_value"):
            if row[column] is not None and not isinstance(row[column], str):
                row[column] = json.dumps(row[column], ensure_ascii=False, default=str)
    with engine.begin() as conn:
        _require_run(conn, run_id)
        table = OpsQuarantine.__table__
        before = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        _upsert(conn, table, rows, ("run_id", "table_name", "row_key", "expectation"), ())
        after = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    return int(after - before)


# ---------------------------------------------------------------------------------------------
# The batch loader
# ---------------------------------------------------------------------------------------------


class _BatchLoader:
    def __init__(self, conn: Connection, batch: StagingBatch, run_id: str, changes: dict[str, TableChange]):
        self.conn = conn
        self.run_id = run_id
        self.changes = changes
        self.articles = batch.articles
        self.campaigns = batch.campaigns
        self.stage_totals = batch.stage_totals.drop_duplicates(
            ["campaign_id", "region", "stage", "article_url"], keep="first"
        )
        mentions = batch.project_mentions.copy()
        mentions["project_id"] = [
            identity.project_id(name, None if pd.isna(county) else county)
            for name, county in zip(
                mentions["project_name"].tolist(), mentions["county"].tolist(), strict=True
            )
        ]
        # One article naming the same project twice in one stage is one mention (the first).
        self.mentions = mentions.drop_duplicates(["campaign_id", "stage", "project_id", "article_url"])
        published = {
            url: (pd.Timestamp(ts).to_pydatetime() if not pd.isna(ts) else None)
            for url, ts in zip(self.articles["url"], self.articles["published_at"], strict=True)
        }
        ranked = sorted(published, key=lambda url: _rank(published[url], url))
        self.article_position = {url: position for position, url in enumerate(ranked)}
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
        days.update(self.mentions["event_date"].dropna().unique().tolist())
        days.update(moment.date() for moment in self.published.values() if moment is not None)
        rows = [_date_row(day) for day in sorted(days)]
        self._sync(
            DimDate.__table__,
            rows,
            ("date_key",),
            existing=_fetch_in(self.conn, DimDate.__table__, "date_key", [row["date_key"] for row in rows]),
        )
        return {day: _date_key(day) for day in days}

    def _date_key_of(self, day: object) -> int:
        return self.date_keys[day] if _present(day) else UNKNOWN_KEY  # type: ignore[index]

    def _load_regions(self) -> dict[str, int]:
        """Region name → key for every region the batch names (counties, cities, provinces)."""
        paths: dict[str, tuple[str, str, str | None]] = {}  # path -> (name, level, parent path)

        def add(name: str, level: str) -> str:
            if level == "province":
                path, parent = name, None
            elif level == "city":
                parent = add(HOME_PROVINCE, "province")
                path = f"{parent}/{name}"
            elif level == "county":
                parent = add(HOME_CITY, "city")
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
        for county in self.mentions["county"].dropna().unique().tolist():
            by_name[county] = add(county, "county")

        keys: dict[str, int] = {}
        table = DimRegion.__table__
        for level in ("province", "city", "county"):
            rows = [
                {
                    "region_path": path,
                    "region_name": name,
                    "region_level": lvl,
                    "parent_region_key": keys[parent] if parent else None,
                }
                for path, (name, lvl, parent) in sorted(paths.items())
                if lvl == level
            ]
            existing = _fetch_in(self.conn, table, "region_path", [row["region_path"] for row in rows])
            self._sync(table, rows, ("region_path",), existing=existing)
            keys.update(
                _key_map(self.conn, table, "region_path", "region_key", [r["region_path"] for r in rows])
            )
        return {name: keys[path] for name, path in by_name.items()}

    def _region_key_of(self, name: object) -> int:
        return self.region_keys[name] if _present(name) else UNKNOWN_KEY  # type: ignore[index]

    def _load_campaigns(self) -> dict[str, int]:
        table = DimCampaign.__table__
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
                }
            )
        ids = [row["campaign_id"] for row in rows]
        self._sync(
            table,
            rows,
            ("campaign_id",),
            existing=_fetch_in(self.conn, table, "campaign_id", ids),
            merge=_keep_first_known,
        )
        keys = _key_map(self.conn, table, "campaign_id", "campaign_key", ids)
        return keys

    def _campaign_key_of(self, campaign_id: object) -> int:
        return self.campaign_keys[campaign_id] if _present(campaign_id) else UNKNOWN_KEY  # type: ignore[index]

    def _load_articles(self) -> dict[str, int]:
        table = DimArticle.__table__
        rows = []
        for record in _records(self.articles, ARTICLE_COLUMNS):
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
                }
            )
        urls = [row["url"] for row in rows]
        self._sync(table, rows, ("url",), existing=_fetch_in(self.conn, table, "url", urls))
        return _key_map(self.conn, table, "url", "article_key", urls)

    def _load_zones(self) -> dict[str, int]:
        table = DimZone.__table__
        named = self._by_article_rank(self.mentions[self.mentions["zone"].notna()])
        rows = []
        for zone, group in named.groupby("zone", sort=True):
            counties = group["county"].dropna()
            rows.append(
                {
                    "zone_name": zone,
                    "county_region_key": self._region_key_of(counties.iloc[0] if len(counties) else None),
                    "is_known": bool(group["zone_known"].fillna(False).any()),
                }
            )
        names = [row["zone_name"] for row in rows]
        self._sync(
            table,
            rows,
            ("zone_name",),
            existing=_fetch_in(self.conn, table, "zone_name", names),
            merge=_merge_zone,
        )
        return _key_map(self.conn, table, "zone_name", "zone_key", names)

    def _load_industries(self) -> dict[str, int]:
        table = DimIndustry.__table__
        names = sorted(self.mentions["industry"].dropna().unique().tolist())
        rows = [{"industry_name": name} for name in names]
        self._sync(
            table, rows, ("industry_name",), existing=_fetch_in(self.conn, table, "industry_name", names)
        )
        return _key_map(self.conn, table, "industry_name", "industry_key", names)

    def _load_projects(self) -> dict[str, int]:
        table = DimProject.__table__
        ordered = self._by_article_rank(self.mentions).drop_duplicates("project_id")
        rows = [
            {
                "project_id": pid,
                "project_name": name,
                "normalized_name": pid.split("|", 1)[1],
                "county_region_key": self._region_key_of(county),
            }
            for pid, name, county in zip(
                ordered["project_id"].tolist(),
                ordered["project_name"].tolist(),
                ordered["county"].tolist(),
                strict=True,
            )
        ]
        ids = [row["project_id"] for row in rows]
        self._sync(
            table,
            rows,
            ("project_id",),
            existing=_fetch_in(self.conn, table, "project_id", ids),
            merge=_keep_first_known,
        )
        return _key_map(self.conn, table, "project_id", "project_key", ids)

    # -- facts ---------------------------------------------------------------------------------

    def _batch_article_keys(self) -> list[int]:
        return sorted(self.article_keys.values())

    def _load_stage_reports(self) -> set[Key]:
        """Sync this batch's articles' stage reports; returns the (campaign, region, stage) keys touched."""
        table = FactStageReport.__table__
        rows = [
            {
                "campaign_key": self.campaign_keys[r["campaign_id"]],
                "region_key": self.region_keys[r["region"]],
                "stage_key": self.stage_keys[r["stage"]],
                "article_key": self.article_keys[r["article_url"]],
                "project_count": r["project_count"],
                "investment_yuan": r["investment_yuan"],
                "sentence": r["sentence"],
            }
            for r in _records(self.stage_totals, STAGE_TOTAL_COLUMNS)
        ]
        key_columns = ("campaign_key", "region_key", "stage_key", "article_key")
        existing = _fetch_in(self.conn, table, "article_key", self._batch_article_keys())
        changed = self._sync(table, rows, key_columns, existing=existing, delete_missing=True)
        # object dtype: a column holding None must keep exact ints (money), not turn into float64
        self.own_reports = pd.DataFrame(
            rows, columns=[c.name for c in table.c if c.name != "stage_report_key"], dtype=object
        )
        return {key[:3] for key in changed}

    def _load_project_mentions(self) -> set[Key]:
        table = FactProjectMention.__table__
        m = self.mentions

        def keys(column: str, mapping: dict[Any, int]) -> pd.Series:
            return m[column].map(mapping).fillna(UNKNOWN_KEY).astype("int64")

        frame = pd.DataFrame(
            {
                "project_key": keys("project_id", self.project_keys),
                "campaign_key": keys("campaign_id", self.campaign_keys),
                "stage_key": keys("stage", self.stage_keys),
                "article_key": keys("article_url", self.article_keys),
                "event_date_key": keys("event_date", self.date_keys),
                "zone_key": keys("zone", self.zone_keys),
                "county_region_key": keys("county", self.region_keys),
                "industry_key": keys("industry", self.industry_keys),
                "investment_yuan": m["investment_yuan"],
                "capacity": m["capacity"],
                "sentence": m["sentence"],
            }
        )
        key_columns = ("project_key", "campaign_key", "stage_key", "article_key")
        existing = _fetch_in(self.conn, table, "article_key", self._batch_article_keys())
        changed = self._sync(
            table, _records(frame, list(frame.columns)), key_columns, existing=existing, delete_missing=True
        )
        self.own_mentions = frame
        return {key[:3] for key in changed}

    def _ranked_reports(
        self, table: sa.Table, key_columns: Sequence[str], touched: set[Key], own: pd.DataFrame
    ) -> pd.DataFrame:
        """Every article's rows for the touched keys, earliest article first.

        This batch's rows are in memory (``own``, as just stored); only other articles' rows are
        read back, so a first load does not re-read what it wrote.
        """
        campaigns = sorted({key[key_columns.index("campaign_key")] for key in touched})
        batch_articles = self._batch_article_keys()
        rows: list[tuple[Any, ...]] = []
        columns = list(own.columns)
        for chunk in _chunks(campaigns, _CHUNK):
            query = sa.select(*(table.c[c] for c in columns)).where(
                table.c.campaign_key.in_(chunk), table.c.article_key.not_in(batch_articles)
            )
            rows.extend(tuple(row) for row in self.conn.execute(query))
        # object dtype: a column holding None must keep exact ints (money), not turn into float64
        others = pd.DataFrame(rows, columns=columns, dtype=object)
        own = own.astype(object).where(own.notna(), None)  # nullable Int64 → Python int / None
        frame = pd.concat([own, others], ignore_index=True) if len(others) else own
        wanted = pd.MultiIndex.from_tuples(sorted(touched), names=list(key_columns))
        frame = frame[pd.MultiIndex.from_frame(frame[list(key_columns)]).isin(wanted)]
        article = DimArticle.__table__
        order: dict[int, tuple[datetime | None, str]] = {}
        for chunk in _chunks(sorted(set(frame["article_key"].tolist())), _CHUNK):
            query = sa.select(article.c.article_key, article.c.published_at, article.c.url).where(
                article.c.article_key.in_(chunk)
            )
            order.update({key: (published, url) for key, published, url in self.conn.execute(query)})
        position = {key: rank for rank, key in enumerate(sorted(order, key=lambda k: _rank(*order[k])))}
        frame = frame.assign(url=frame["article_key"].map(lambda key: order[key][1]))
        return frame.iloc[frame["article_key"].map(position).to_numpy().argsort(kind="stable")]

    def _consolidate_stage_totals(self, touched: set[Key]) -> None:
        if not touched:
            self._count(FactStageTotal.__tablename__)
            self._count(OpsDqFinding.__tablename__)
            return
        key_columns = ("campaign_key", "region_key", "stage_key")
        reports = self._ranked_reports(FactStageReport.__table__, key_columns, touched, self.own_reports)
        totals: list[Row] = []
        findings: list[Row] = []
        for key, group in reports.groupby(list(key_columns), sort=False):
            records = group.to_dict("records")
            kept = records[0]
            totals.append(
                {
                    **dict(zip(key_columns, key, strict=True)),
                    "project_count": _value(kept["project_count"]),
                    "investment_yuan": _value(kept["investment_yuan"]),
                    "source_article_key": kept["article_key"],
                    "report_count": len(records),
                    "sentence": kept["sentence"],
                }
            )
            for other in records[1:]:
                if _disagree(kept, other, ("project_count", "investment_yuan")):
                    findings.append(
                        {
                            "finding_type": CONFLICTING_STAGE_TOTAL,
                            "subject": self._subject(key),
                            "article_key": other["article_key"],
                            "kept_article_key": kept["article_key"],
                            "details": {
                                "kept": _figures(kept),
                                "reported": _figures(other),
                                "kept_url": kept["url"],
                                "reported_url": other["url"],
                            },
                            "first_run_id": self.run_id,
                            "last_run_id": self.run_id,
                            "found_at": datetime.now(BEIJING),
                        }
                    )
        table = FactStageTotal.__table__
        existing = [
            row
            for row in _fetch_in(self.conn, table, "campaign_key", sorted({k[0] for k in touched}))
            if tuple(row[c] for c in key_columns) in touched
        ]
        self._sync(table, totals, key_columns, existing=existing, delete_missing=True)

        finding_table = OpsDqFinding.__table__
        subjects = sorted({self._subject(key) for key in touched})
        existing_findings = [
            row
            for row in _fetch_in(self.conn, finding_table, "subject", subjects)
            if row["finding_type"] == CONFLICTING_STAGE_TOTAL
        ]
        self._sync(
            finding_table,
            findings,
            ("finding_type", "subject", "article_key"),
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
        key_columns = ("project_key", "campaign_key", "stage_key")
        mentions = self._ranked_reports(FactProjectMention.__table__, key_columns, touched, self.own_mentions)
        attributes = ["event_date_key", "zone_key", "county_region_key", "industry_key"]
        # Key 0 means "not stated": let a later article's value fill it.
        mentions[attributes] = mentions[attributes].astype("Int64").replace(UNKNOWN_KEY, pd.NA)
        mentions = mentions.rename(columns={"article_key": "source_article_key"})
        mentions["investment_yuan"] = mentions["investment_yuan"].astype("Int64")
        # groupby().first() takes each column's first non-null value, and rows are in article order.
        firsts = mentions.groupby(list(key_columns), sort=False).first().reset_index()
        firsts[attributes] = firsts[attributes].fillna(UNKNOWN_KEY)
        events = _records(
            firsts,
            (*key_columns, *attributes, "investment_yuan", "capacity", "source_article_key", "sentence"),
        )
        campaigns = sorted({key[1] for key in touched})
        existing = [
            row
            for row in _fetch_in(self.conn, table, "campaign_key", campaigns)
            if (row["project_key"], row["campaign_key"], row["stage_key"]) in touched
        ]
        self._sync(table, events, key_columns, existing=existing, delete_missing=True)

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
        rows: list[Row],
        key_columns: Sequence[str],
        *,
        existing: Iterable[Row],
        delete_missing: bool = False,
        merge: Callable[[Row, Row], Row] | None = None,
        compare: Sequence[str] | None = None,
    ) -> set[Key]:
        """Make ``table`` hold ``rows`` within the scope of ``existing``; returns the keys changed.

        Only new rows and rows whose ``compare`` columns (default: all given) differ are upserted;
        with ``delete_missing``, existing rows whose key is not in ``rows`` are deleted.
        """
        change = self._count(table.name)
        key_of = _key_getter(key_columns)
        stored = {key_of(row): row for row in existing}
        wanted = {key_of(row): row for row in rows}
        writes: list[Row] = []
        changed: set[Key] = set()
        for key, row in wanted.items():
            old = stored.get(key)
            if old is None:
                writes.append(row)
                change.inserted += 1
                changed.add(key)
                continue
            new = merge(old, row) if merge else row
            columns = compare or [c for c in new if c not in key_columns]
            if any(_differs(old.get(c), new[c]) for c in columns):
                writes.append(new)
                change.updated += 1
                changed.add(key)
            else:
                change.unchanged += 1
        if writes:
            update_columns = [c for c in writes[0] if c not in key_columns]
            _upsert(self.conn, table, writes, key_columns, update_columns)
        if delete_missing:
            gone = [key for key in stored if key not in wanted]
            if gone:
                pk = table.primary_key.columns[0]
                for chunk in _chunks([stored[key][pk.name] for key in gone], _CHUNK):
                    self.conn.execute(table.delete().where(pk.in_(chunk)))
                change.deleted += len(gone)
                changed.update(gone)
        return changed


# ---------------------------------------------------------------------------------------------
# Small pure helpers
# ---------------------------------------------------------------------------------------------


def _check_batch(batch: StagingBatch) -> None:
    expected = {
        "articles": ARTICLE_COLUMNS,
        "campaigns": CAMPAIGN_COLUMNS,
        "stage_totals": STAGE_TOTAL_COLUMNS,
        "project_mentions": PROJECT_MENTION_COLUMNS,
    }
    for name, frame in batch.tables().items():
        missing = [c for c in expected[name] if c not in frame.columns]
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


def _require_run(conn: Connection, run_id: str) -> None:
    found = conn.execute(sa.select(OpsPipelineRun.run_key).where(OpsPipelineRun.run_id == run_id)).first()
    if found is None:
        raise ValueError(f"unknown run_id {run_id!r}: start it with warehouse.runs.start_run first")


def _dialect_insert(conn: Connection) -> Callable[[sa.Table], Any]:
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise ValueError(f"unsupported warehouse dialect {name!r}")


def _upsert(
    conn: Connection,
    table: sa.Table,
    rows: list[Row],
    key_columns: Sequence[str],
    update_columns: Sequence[str],
) -> None:
    """Bulk INSERT … ON CONFLICT (natural key) DO UPDATE / DO NOTHING of ``rows`` (dicts).

    The statement is SQLAlchemy's dialect insert. SQLite gets it as one executemany of tuples per
    chunk. PostgreSQL would run an executemany row by row on the server, so there the rows are
    COPYed into a temporary table first and upserted with one ``INSERT … SELECT … ON CONFLICT``.
    Bind processors are applied column by column, skipping SQLAlchemy's per-row parameter work.
    """
    if not rows:
        return
    key_of = _key_getter(key_columns)
    rows = list({key_of(row): row for row in rows}.values())  # one row per key: the last wins
    columns = list(rows[0])
    values = {name: [row[name] for row in rows] for name in columns}
    for name in columns:
        processor = table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        if processor is not None:
            values[name] = list(map(processor, values[name]))

    def on_conflict(insert: Any) -> Any:
        if update_columns:
            return insert.on_conflict_do_update(
                index_elements=list(key_columns), set_={c: insert.excluded[c] for c in update_columns}
            )
        return insert.on_conflict_do_nothing(index_elements=list(key_columns))

    if conn.dialect.name == "postgresql":
        _copy_upsert(conn, table, columns, values, on_conflict)
        return
    statement = on_conflict(_dialect_insert(conn)(table))
    compiled = statement.compile(dialect=conn.dialect, column_keys=columns)
    if not compiled.positional:  # pragma: no cover - pysqlite compiles to qmark
        raise ValueError(f"unexpected named parameters for {conn.dialect.name}")
    order = [compiled.binds[name].key for name in compiled.positiontup or ()]
    params = list(zip(*(values[name] for name in order), strict=True))
    for chunk in _chunks(params, _CHUNK):
        conn.exec_driver_sql(compiled.string, list(chunk))


_staging_tables = itertools.count(1)


def _copy_upsert(
    conn: Connection,
    table: sa.Table,
    columns: list[str],
    values: dict[str, list[Any]],
    on_conflict: Callable[[Any], Any],
) -> None:
    """PostgreSQL: COPY rows into a temporary table, then one INSERT … SELECT … ON CONFLICT."""
    temp_name = f"_upsert_{table.name}_{next(_staging_tables)}"
    column_list = ", ".join(f'"{c}"' for c in columns)
    conn.exec_driver_sql(
        f'CREATE TEMPORARY TABLE "{temp_name}" ON COMMIT DROP AS '
        f'SELECT {column_list} FROM "{table.name}" WITH NO DATA'
    )
    driver_connection = conn.connection.driver_connection
    with (
        driver_connection.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f'COPY "{temp_name}" ({column_list}) FROM STDIN') as copy,
    ):
        for row in zip(*(values[c] for c in columns), strict=True):
            copy.write_row(row)
    temp = sa.table(temp_name, *(sa.column(c) for c in columns))
    insert = postgresql.insert(table).from_select(columns, sa.select(*(temp.c[c] for c in columns)))
    conn.execute(on_conflict(insert))
    conn.exec_driver_sql(f'DROP TABLE "{temp_name}"')


def _fetch_in(conn: Connection, table: sa.Table, column: str, values: Sequence[Any]) -> list[Row]:
    rows: list[Row] = []
    for chunk in _chunks(sorted(set(values), key=str), _CHUNK):
        rows.extend(
            dict(row) for row in conn.execute(sa.select(table).where(table.c[column].in_(chunk))).mappings()
        )
    return rows


def _key_map(
    conn: Connection, table: sa.Table, natural: str, surrogate: str, values: Sequence[Any]
) -> dict[Any, int]:
    keys: dict[Any, int] = {}
    for chunk in _chunks(sorted(set(values), key=str), _CHUNK):
        query = sa.select(table.c[natural], table.c[surrogate]).where(table.c[natural].in_(chunk))
        keys.update({nat: key for nat, key in conn.execute(query)})
    return keys


def _key_getter(key_columns: Sequence[str]) -> Callable[[Row], Key]:
    """A fast ``row -> tuple of key values`` function."""
    if len(key_columns) == 1:
        single = key_columns[0]
        return lambda row: (row[single],)
    return itemgetter(*key_columns)  # type: ignore[return-value]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[Row]:
    """Rows as dicts of plain Python values (pandas NA/NaN/NaT → None, Int64 → int).

    Converting whole columns with ``astype(object)`` turns numpy and pandas scalars into Python
    ones far cheaper than ``DataFrame.to_dict`` boxing cell by cell.
    """
    names = list(columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


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


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, datetime) and isinstance(new, datetime):
        return old != new
    return bool(old != new)


def _disagree(kept: Row, other: Row, columns: Sequence[str]) -> bool:
    for column in columns:
        a, b = _value(kept[column]), _value(other[column])
        if a is not None and b is not None and a != b:
            return True
    return False


def _figures(row: Row) -> dict[str, Any]:
    return {"project_count": _value(row["project_count"]), "investment_yuan": _value(row["investment_yuan"])}


def _keep_first_known(old: Row, new: Row) -> Row:
    """Keep stored values; fill only those that are empty (None or the unknown member 0)."""
    merged = dict(new)
    for column, value in old.items():
        if column in merged and value is not None and not (column.endswith("_key") and value == UNKNOWN_KEY):
            merged[column] = value
    return merged


def _merge_zone(old: Row, new: Row) -> Row:
    merged = _keep_first_known(old, new)
    merged["is_known"] = bool(old["is_known"]) or bool(new["is_known"])
    return merged


def _merge_finding(old: Row, new: Row) -> Row:
    return {**new, "first_run_id": old["first_run_id"], "found_at": old["found_at"]}

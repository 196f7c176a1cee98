"""Idempotent loads of a staging batch into the star schema.

One transaction per batch, in three steps, each in its own module:

1. :mod:`warehouse.dimensions`: every dimension member the batch names;
2. :mod:`warehouse.facts`: each article's facts (``fact_stage_report``, ``fact_project_mention``);
3. :mod:`warehouse.consolidate`: the consolidated facts (``fact_stage_total``,
   ``fact_project_event``, conflict findings) for the keys step 2 changed.

:mod:`warehouse.staged` reads the staging batch (article order, project ids); every step writes
through :mod:`warehouse.sync`: rows are built as plain tuples and compared with what is stored
(read back once per table and batch); only rows that are new or differ are written, so loading the
same batch twice writes nothing. Every write is a bulk dialect-aware ``INSERT … ON CONFLICT`` on
the natural key (:mod:`warehouse.bulk`): new keys are inserted (COPY on PostgreSQL, far cheaper
than an upsert), changed ones ``DO UPDATE``.

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
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from transforms.contract import QUARANTINE_COLUMNS, STAGING_TABLES
from transforms.staging import StagingBatch
from warehouse import bulk, resolve
from warehouse.consolidate import (
    CONFLICTING_STAGE_TOTAL,
    consolidate_project_events,
    consolidate_stage_totals,
)
from warehouse.dimensions import sync_dimensions
from warehouse.facts import replace_project_mentions, replace_stage_reports
from warehouse.models import BEIJING, DimArticle, OpsQuarantine
from warehouse.runs import require_run
from warehouse.staged import BatchError, StagedBatch
from warehouse.sync import TableChange, Writer

__all__ = [
    "CONFLICTING_STAGE_TOTAL",
    "LOADER_VERSION",
    "BatchError",
    "LoadSummary",
    "TableChange",
    "load_batch",
    "save_quarantine",
    "staged_fingerprints",
]

# Part of every article's load fingerprint: bump it when the same staged rows must load differently
# (a change to how the loader maps them onto the schema), so the next load revisits every article.
LOADER_VERSION = 3  # 2: dimension rows keep their wording's rank (wording_rank); 3: campaign labels
# The quarantine frame's columns but the run id, which save_quarantine is given.
_QUARANTINE_FIELDS = tuple(column for column in QUARANTINE_COLUMNS if column != "run_id")


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
        _load(conn, _without_articles(batch, skipped), run_id, summary.tables, fingerprints)
        # Resolution across rounds depends on every project loaded so far, so it is recomputed as a
        # whole (writing only what changed) in the same transaction: readers never see them apart.
        for table, counts in resolve.refresh(conn).items():
            summary.tables[table] = TableChange(**counts)
    return summary


def _load(
    conn: Connection,
    batch: StagingBatch,
    run_id: str,
    changes: dict[str, TableChange],
    fingerprints: dict[str, str],
) -> None:
    """The three steps: dimensions, then each article's facts, then the consolidated facts of the
    keys those touched (each fact table right after its per-article source)."""
    writer = Writer(conn, changes)
    staged = StagedBatch.of(batch)
    keys = sync_dimensions(writer, staged, fingerprints)
    touched_totals = replace_stage_reports(writer, staged, keys)
    consolidate_stage_totals(writer, keys, touched_totals, run_id)
    touched_events = replace_project_mentions(writer, staged, keys)
    consolidate_project_events(writer, touched_events)


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

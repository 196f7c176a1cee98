"""The pipeline steps as plain functions over plain data, one per stage, no Prefect.

``flows.tasks`` wraps each of them in a Prefect task; the benchmark also calls them directly to
measure what orchestration costs. Each function only calls the layer that owns the work
(docs/CONTRACTS.md), so a flow is wiring and nothing else.

Only the crawl's modules are imported with this one. Each downstream step imports its layer when it
runs: pandas, Great Expectations, the loader and the report cost seconds to import, and a quiet night
(nothing new) runs none of them (docs/cost.md).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from config.settings import Settings
from extractors.crawl import CrawlSummary, ProgressCallback, crawl
from extractors.records import Article
from flows.pipeline import Steps

if TYPE_CHECKING:
    from sqlalchemy import Engine  # flows pass engines along; only the warehouse layer uses SQLAlchemy

    from expectations.alerts import Alert
    from expectations.gate import GateResult
    from transforms.records import Extraction
    from transforms.staging import StagingBatch
    from warehouse.load import LoadSummary


def crawl_site(
    settings: Settings,
    *,
    since: date | None = None,
    pages: int | None = None,
    progress: ProgressCallback | None = None,
) -> CrawlSummary:
    """Fetch new list and article pages into the raw archive (the only step that uses the network)."""
    return crawl(settings, since=since, pages=pages, progress=progress)


def extract_articles(
    articles: Iterable[Article], max_chars: int
) -> tuple[list[tuple[Article, Extraction]], list[str]]:
    """Normalise and extract every article of a batch (non-announcements come back as kind "other").

    An article longer than ``max_chars`` is not extracted: it is returned as a problem naming it (it
    stays in the raw archive), and the batch goes on with the rest.
    """
    from transforms.extract import extract_article

    pairs, over_budget = [], []
    for article in articles:
        if len(article.text) > max_chars:
            over_budget.append(
                f"{article.url}: {len(article.text):,} characters of text, over the extraction budget of "
                f"{max_chars:,} (LINFEN_ETL_MAX_ARTICLE_CHARS); kept in the raw archive, not extracted"
            )
            continue
        published = article.published_at.date() if article.published_at else None
        extraction = extract_article(
            article.text, title=article.title, published=published, source=article.url
        )
        pairs.append((article, extraction))
    return pairs, over_budget


def stage(pairs: list[tuple[Article, Extraction]]) -> StagingBatch:
    """Staging DataFrames for one batch."""
    from transforms.staging import build_staging

    return build_staging(pairs)


def validate(batch: StagingBatch, settings: Settings, run_id: str) -> GateResult:
    """Great Expectations gate: clean rows go on, failing rows go to quarantine.

    Data Docs are rendered once per run (``data_docs``), not per batch: rendering costs as much as
    validating.
    """
    from expectations.gate import validate_batch

    return validate_batch(batch, settings=settings, run_id=run_id, data_docs=False)


def load(engine: Engine, gate: GateResult, run_id: str) -> LoadSummary:
    """Idempotent load of the clean rows, then the quarantined rows with their reasons.

    A blocked batch has no clean rows: nothing of it is loaded, its rows wait in quarantine.
    """
    from expectations.store import save_gate_result
    from warehouse.load import load_batch

    summary = load_batch(engine, gate.clean, run_id=run_id)
    save_gate_result(engine, gate)  # expectation outcomes (ops_dq_result) and quarantined rows
    return summary


@dataclass
class BatchOutcome:
    """What one batch did: counts for ``RunStats``, wall time per step, the alert it needs (if any)."""

    articles_processed: int = 0
    announcements: int = 0
    rows_loaded: int = 0
    articles_unchanged: int = 0  # loaded before with the same staged rows: the loader skipped them
    rows_quarantined: int = 0
    step_seconds: dict[str, float] = field(default_factory=dict)
    alert: Alert | None = None
    problems: list[str] = field(default_factory=list)  # articles that failed, each naming its cause


def process_batch(
    settings: Settings, engine: Engine, articles: list[Article], run_id: str, flow_name: str
) -> BatchOutcome:
    """extract → stage → validate → load for one batch of parsed articles, each step timed.

    One call (one task run in a flow) per batch: orchestration costs per call, not per article.
    """
    from expectations.alerts import build_alert

    outcome = BatchOutcome()
    started = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal started
        now = time.perf_counter()
        outcome.step_seconds[step] = now - started
        started = now

    pairs, outcome.problems = extract_articles(articles, settings.max_article_chars)
    lap("extract")
    batch = stage(pairs)
    lap("stage")
    gate = validate(batch, settings, run_id)
    lap("validate")
    loaded = load(engine, gate, run_id)
    lap("load")
    outcome.articles_processed = len(pairs)
    outcome.announcements = sum(1 for _, extraction in pairs if extraction.is_announcement)
    outcome.rows_loaded = loaded.rows_written
    outcome.articles_unchanged = loaded.articles_skipped
    outcome.rows_quarantined = gate.rows_quarantined
    outcome.alert = build_alert(run_id, gate=gate, flow_name=flow_name)
    return outcome


def data_docs(settings: Settings) -> Path | None:
    """Render the run's Data Docs once, after its last batch; the index path (None: nothing validated)."""
    from expectations.gate import build_data_docs

    return build_data_docs(settings)


def refresh_report(engine: Engine, settings: Settings) -> Path:
    """Rebuild the HTML report from the analyst views, linking the run's Data Docs."""
    from expectations.gate import data_docs_index
    from report.page import build_report

    return build_report(engine, settings.reports_dir, data_docs_index=data_docs_index(settings))


# The steps without orchestration: benchmarks run them to measure what Prefect adds (flows.tasks
# wraps the same functions as Prefect tasks for the flows).
PLAIN_STEPS = Steps(crawl=crawl_site, process=process_batch, data_docs=data_docs, report=refresh_report)

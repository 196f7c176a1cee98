"""The pipeline steps as plain functions over plain data, one per stage, no Prefect.

``flows.tasks`` wraps each of them in a Prefect task; the benchmark also calls them directly to
measure what orchestration costs. Each function only calls the layer that owns the work
(docs/CONTRACTS.md), so a flow is wiring and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from expectations.gate import GateResult, validate_batch
from expectations.store import save_gate_result
from extractors.crawl import CrawlSummary, ProgressCallback, crawl
from extractors.records import Article
from linfen_etl.report import build_report
from linfen_etl.settings import Settings
from transforms.extract import extract_article
from transforms.records import Extraction
from transforms.staging import StagingBatch, build_staging
from warehouse.load import LoadSummary, load_batch


def crawl_site(
    settings: Settings,
    *,
    since: date | None = None,
    pages: int | None = None,
    progress: ProgressCallback | None = None,
) -> CrawlSummary:
    """Fetch new list and article pages into the raw archive (the only step that uses the network)."""
    return crawl(settings, since=since, pages=pages, progress=progress)


def extract_articles(articles: Iterable[Article]) -> list[tuple[Article, Extraction]]:
    """Normalise and extract every article of a batch; non-announcements come back as kind "other"."""
    return [
        (
            article,
            extract_article(
                article.text,
                title=article.title,
                published=article.published_at.date() if article.published_at else None,
                source=article.url,
            ),
        )
        for article in articles
    ]


def stage(pairs: list[tuple[Article, Extraction]]) -> StagingBatch:
    """Staging DataFrames for one batch."""
    return build_staging(pairs)


def validate(batch: StagingBatch, settings: Settings, run_id: str) -> GateResult:
    """Great Expectations gate: clean rows go on, failing rows go to quarantine."""
    return validate_batch(batch, settings=settings, run_id=run_id)


def load(engine: Engine, gate: GateResult, run_id: str) -> LoadSummary:
    """Idempotent load of the clean rows, then the quarantined rows with their reasons.

    A blocked batch has no clean rows: nothing of it is loaded, its rows wait in quarantine.
    """
    summary = load_batch(engine, gate.clean, run_id=run_id)
    save_gate_result(engine, gate)  # expectation outcomes (ops_dq_result) and quarantined rows
    return summary


def refresh_report(engine: Engine, settings: Settings) -> Path:
    """Rebuild the HTML trend report from the analyst views."""
    return build_report(engine, settings.reports_dir)

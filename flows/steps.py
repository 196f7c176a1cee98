"""The pipeline steps as plain functions over plain data, one per stage, no Prefect.

``flows.tasks`` wraps each of them in a Prefect task; the benchmark also calls them directly to
measure what orchestration costs. Each function only calls the layer that owns the work
(docs/CONTRACTS.md), so a flow is wiring and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from expectations.gate import GateResult, validate_batch
from extractors.crawl import CrawlSummary, crawl
from sqlalchemy import Engine
from transforms.extract import extract_article
from transforms.staging import StagingBatch, build_staging
from warehouse.load import LoadSummary, load_batch, save_quarantine

from extractors.records import Article
from linfen_etl.report import build_report
from linfen_etl.settings import Settings
from transforms.records import Extraction


def crawl_site(settings: Settings, *, since: str | None = None, pages: int | None = None) -> CrawlSummary:
    """Fetch new list and article pages into the raw archive (the only step that uses the network)."""
    return crawl(settings, since=since, pages=pages)


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


def validate(batch: StagingBatch, settings: Settings, run_id: int) -> GateResult:
    """Great Expectations gate: clean rows go on, failing rows go to quarantine."""
    return validate_batch(batch, settings=settings, run_id=run_id)


def load(engine: Engine, gate: GateResult, run_id: int) -> LoadSummary:
    """Idempotent load of the clean rows, then the quarantined rows with their reasons."""
    summary = load_batch(engine, gate.clean, run_id=run_id)
    if len(gate.quarantine):
        save_quarantine(engine, gate.quarantine, run_id=run_id)
    return summary


def refresh_report(engine: Engine, settings: Settings) -> Path:
    """Rebuild the HTML trend report from the analyst views."""
    return build_report(engine, settings.reports_dir)

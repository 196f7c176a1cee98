"""What every flow shares: run bookkeeping, the batched downstream steps, the summary artifact.

Downstream of the crawl, all three flows do the same thing: read articles from the raw archive in
batches, extract, stage, validate, load. Only *which* articles differ (new ones, a date range, all of
them). Batches keep memory flat on a 20,000-article backfill and keep orchestration cheap: one task
run per batch of 500 articles, not one per step or per article.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from config.settings import Settings
from extractors.records import Article
from extractors.replay import iter_archived_articles

if TYPE_CHECKING:  # flows pass engines along; only the warehouse layer uses SQLAlchemy
    from sqlalchemy import Engine

DEFAULT_BATCH_SIZE = 500  # articles; GX costs about the same per batch of 50 or of 5,000 rows

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ProgressReporter(Protocol):
    """Receives progress from a running flow; the CLI draws rich progress bars with it."""

    def start(self, step: str, total: int | None) -> None: ...

    def advance(self, step: str, amount: int) -> None: ...


# The CLI sets this around a flow call; flows run by a worker have no reporter and stay silent.
progress_reporter: ContextVar[ProgressReporter | None] = ContextVar("progress_reporter", default=None)


@dataclass
class RunStats:
    """The counts and timings one flow run reports (artifact, ``ops_pipeline_run``, CLI table)."""

    flow: str
    run_id: str | None = None
    articles_seen: int = 0
    articles_new: int = 0
    articles_failed: int = 0
    articles_processed: int = 0
    announcements: int = 0
    rows_loaded: int = 0
    articles_unchanged: int = 0
    articles_already_loaded: int = 0  # archived pages a backfill passed over unparsed (loaded before)
    rows_quarantined: int = 0
    batches: int = 0
    step_seconds: dict[str, float] = field(default_factory=dict)
    data_docs: str | None = None
    report: str | None = None
    warehouse: str = ""
    crawl_completed: bool = True  # False: page cap reached or backfill interrupted; run it again
    status: str = "running"  # the run's final status once it ends (ops_pipeline_run.status)
    crawl_health: str = "ok"  # ok | partial | failed (extractors.crawl.crawl_health)
    problems: list[str] = field(default_factory=list)  # causes a maintainer is alerted about
    walks_resumed: list[str] = field(default_factory=list)  # channels a dead run left half-walked
    runs_marked_crashed: list[str] = field(default_factory=list)  # earlier runs whose process was gone
    # Alert texts of batches that need a human (blocked, quarantined rows), sent once at the end.
    # Only the text is kept, never the batch, so memory stays flat on long backfills.
    batch_alerts: list[str] = field(default_factory=list)

    def add_time(self, step: str, seconds: float) -> None:
        self.step_seconds[step] = self.step_seconds.get(step, 0.0) + seconds

    def as_dict(self) -> dict[str, Any]:
        """Counts and timings for ``ops_pipeline_run.counts`` (alert texts left out)."""
        counts = asdict(self)
        counts.pop("batch_alerts")
        return counts


@contextmanager
def timed(stats: RunStats, step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        stats.add_time(step, time.perf_counter() - started)


@dataclass(frozen=True)
class Steps:
    """The step callables a run uses: Prefect tasks in a flow, plain functions in the benchmark."""

    crawl: Callable[..., Any]
    process: Callable[..., Any]  # one batch: extract → stage → validate → load (flows.steps.process_batch)
    data_docs: Callable[..., Any]
    report: Callable[..., Any]


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _report_start(step: str, total: int | None) -> None:
    reporter = progress_reporter.get()
    if reporter is not None:
        reporter.start(step, total)


def _report_advance(step: str, amount: int) -> None:
    reporter = progress_reporter.get()
    if reporter is not None:
        reporter.advance(step, amount)


def process_archive(
    settings: Settings,
    engine: Engine,
    stats: RunStats,
    steps: Steps,
    *,
    urls: Iterable[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    skip_sha256: set[str] | None = None,
) -> None:
    """Parse the selected archived articles and run extract → stage → validate → load per batch.

    ``urls=None`` selects by date (or everything); an empty list selects nothing, without reading the
    archive at all. Pages whose sha256 is in ``skip_sha256`` (already loaded) are not even parsed.
    """
    if urls is not None:
        urls = list(urls)
        if not urls:
            return
    assert stats.run_id is not None, "start the run before processing"
    _report_start("process", len(urls) if urls is not None else None)
    skipped = SkipCounter(skip_sha256 or set())
    parsed = iter_archived_articles(settings, since=since, until=until, urls=urls, skip=skipped.skips)
    while True:
        # Parsing happens lazily inside the archive iterator; time it where it is pulled.
        with timed(stats, "parse"):
            chunk = next(chunked(parsed, batch_size), None)
        if chunk is None:
            break
        articles = [item for item in chunk if isinstance(item, Article)]
        stats.articles_failed += len(chunk) - len(articles)
        stats.batches += 1
        if articles:
            _process_batch(settings, engine, stats, steps, articles)
        _report_advance("process", len(chunk))
    stats.articles_already_loaded += skipped.count


@dataclass
class SkipCounter:
    """Which archived pages to pass over (their sha256 is loaded), and how many were."""

    loaded: set[str]
    count: int = 0

    def skips(self, sha256: str) -> bool:
        if sha256 in self.loaded:
            self.count += 1
            return True
        return False


def _process_batch(
    settings: Settings, engine: Engine, stats: RunStats, steps: Steps, articles: list[Article]
) -> None:
    assert stats.run_id is not None
    # Where a long run is, and where a killed one died: the CLI's log file gets this line.
    logger.info(
        "%s run %s, batch %d: %d articles to extract, validate and load",
        stats.flow,
        stats.run_id,
        stats.batches,
        len(articles),
    )
    outcome = steps.process(settings, engine, articles, stats.run_id, stats.flow)
    for step, seconds in outcome.step_seconds.items():
        stats.add_time(step, seconds)
    stats.articles_processed += outcome.articles_processed
    stats.announcements += outcome.announcements
    stats.rows_loaded += outcome.rows_loaded
    stats.articles_unchanged += outcome.articles_unchanged
    stats.rows_quarantined += outcome.rows_quarantined
    stats.articles_failed += len(outcome.problems)
    stats.problems += outcome.problems
    if outcome.alert is not None:
        stats.batch_alerts.append(f"Batch {stats.batches}: {outcome.alert.subject}\n{outcome.alert.body}")


def summary_markdown(stats: RunStats) -> str:
    """The run summary as markdown: the Prefect artifact and the alert body share it."""
    lines = [
        f"# linfen-etl {stats.flow} run {stats.run_id}",
        "",
        "| measure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in summary_rows(stats)),
        "",
        "| step | seconds |",
        "|---|---|",
        *(f"| {step} | {seconds:.2f} |" for step, seconds in stats.step_seconds.items()),
    ]
    return "\n".join(lines)


def summary_rows(stats: RunStats) -> list[tuple[str, str]]:
    return [
        ("status", stats.status),
        *(("problem", problem) for problem in stats.problems),
        ("articles seen", str(stats.articles_seen)),
        ("articles new", str(stats.articles_new)),
        ("articles failed", str(stats.articles_failed)),
        ("articles processed", str(stats.articles_processed)),
        ("announcements found", str(stats.announcements)),
        ("rows loaded", str(stats.rows_loaded)),
        ("articles unchanged since last load", str(stats.articles_unchanged)),
        ("archived articles already loaded (not parsed)", str(stats.articles_already_loaded)),
        ("rows quarantined", str(stats.rows_quarantined)),
        ("warehouse", stats.warehouse),
        ("Data Docs", stats.data_docs or "-"),
        ("report", stats.report or "-"),
    ]

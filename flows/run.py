"""One flow run from start to finish: settings, warehouse, run row, steps, report, alert, artifacts."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from config.settings import Settings, get_settings
from expectations.alerts import build_alert, send_alert
from extractors.crawl import CrawlEvent, crawl_health
from extractors.lock import data_dir_lock, process_gone
from extractors.replay import archived_since
from flows.pipeline import (
    DEFAULT_BATCH_SIZE,
    RunStats,
    Steps,
    process_archive,
    progress_reporter,
    summary_markdown,
    timed,
)
from warehouse import migrate, runs
from warehouse.engine import make_engine

# The flow whose success means "every article archived before it finished has been loaded". A backfill
# only loads its date range, so after one the next nightly re-processes what it fetched (idempotently).
WATERMARK_FLOW = "nightly"

logger = logging.getLogger(__name__)


def flow_settings(
    *, data_dir: str | None = None, base_url: str | None = None, page_cap: int | None = None
) -> Settings:
    """Settings for a flow run: the environment, overridden by the run's (non-secret) parameters.

    Secrets (a warehouse URL with a password, alert URLs) come only from the environment, so they are
    never stored as flow-run parameters on a Prefect server.
    """
    return get_settings(data_dir=data_dir, base_url=base_url, page_cap=page_cap)


@dataclass(frozen=True)
class CrawlRequest:
    """What to crawl before processing: nothing given = incremental (new articles only)."""

    since: date | None = None
    pages: int | None = None


@dataclass(frozen=True)
class Selection:
    """Which archived articles the downstream steps process.

    ``since_last_success``: everything archived since the last successful nightly run finished, so an
    article fetched by a run that then failed (or was killed) is picked up by the next one.
    """

    since_last_success: bool = False
    since: date | None = None
    until: date | None = None
    # Skip archived pages whose exact bytes are already loaded, before parsing them: a backfill run
    # again resumes instead of repeating (replay, which must re-extract everything, does not skip).
    skip_loaded: bool = False


def execute_run(
    flow_name: str,
    settings: Settings,
    parameters: dict[str, Any],
    *,
    crawl: CrawlRequest | None,
    select: Selection,
    steps: Steps,
    batch_size: int | None = None,
) -> RunStats:
    """Run crawl (optional) → batched downstream → Data Docs → report; record the run, alert once.

    One run per data directory at a time: a second one fails at once with ``DataDirBusy``."""
    with data_dir_lock(settings.data_dir):
        return _execute_run(
            flow_name, settings, parameters, crawl=crawl, select=select, batch_size=batch_size, steps=steps
        )


def _execute_run(
    flow_name: str,
    settings: Settings,
    parameters: dict[str, Any],
    *,
    crawl: CrawlRequest | None,
    select: Selection,
    batch_size: int | None,
    steps: Steps,
) -> RunStats:
    started = time.perf_counter()
    # A fresh clone has no data directory yet; the default SQLite warehouse lives inside it.
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    reserve = DiskReserve(settings.data_dir)
    reserve.take()  # before anything else writes: a disk too full for it fails the run here, clearly
    engine = make_engine(settings.resolved_warehouse_url)
    stats = RunStats(flow=flow_name, warehouse=engine.url.render_as_string(hide_password=True))
    drift: list[str] = []
    try:
        with timed(stats, "migrate"):
            migrate.upgrade(engine)
        watermark = runs.last_success_end(engine, WATERMARK_FLOW) if select.since_last_success else None
        # We hold the data-dir lock: a run still 'running' whose process is gone was killed.
        dead = runs.mark_dead_runs_crashed(engine, process_gone)
        stats.runs_marked_crashed = [run.describe() for run in dead]
        stats.run_id = runs.start_run(engine, flow_name, parameters, run_id=current_run_id())
        gate_warm_up = GateWarmUp(settings)
        try:
            if crawl is not None:
                with timed(stats, "crawl"):
                    summary = steps.crawl(
                        settings,
                        since=crawl.since,
                        pages=crawl.pages,
                        progress=_crawl_events(settings, gate_warm_up),
                    )
                stats.articles_seen = summary.article_pages_fetched
                stats.articles_new = len(summary.new_article_urls)
                stats.articles_failed += len(summary.failed_urls)
                stats.crawl_completed = summary.completed
                stats.walks_resumed = summary.resumed_walks
                health = crawl_health(summary)
                stats.crawl_health, stats.problems = health.status, [*stats.problems, *health.causes]
                drift = [f"{d['kind']}: {d['url']} {d['detail']}" for d in summary.drift_findings]
            urls = archived_since(settings, watermark) if select.since_last_success else None
            if urls is None or urls:
                gate_warm_up.start()
            process_archive(
                settings,
                engine,
                stats,
                steps,
                urls=urls,
                since=select.since,
                until=select.until,
                skip_sha256=runs.loaded_content_hashes(engine) if select.skip_loaded else None,
                batch_size=batch_size or DEFAULT_BATCH_SIZE,
            )
            if stats.batches:  # nothing validated, nothing loaded: Data Docs and report are unchanged
                with timed(stats, "data_docs"):
                    docs = steps.data_docs(settings)
                if docs is not None:
                    stats.data_docs = str(docs)
            if stats.batches or not (settings.reports_dir / "index.html").exists():
                with timed(stats, "report"):
                    stats.report = str(steps.report(engine, settings).resolve())
        except BaseException as exc:
            stats.add_time("total", time.perf_counter() - started)
            # An Exception is a failure, and so is the flow's timeout (Prefect cancels the run's thread:
            # CancelledError); KeyboardInterrupt/SystemExit (Ctrl-C, SIGTERM) is a crash.
            stats.status = "failed" if isinstance(exc, Exception | asyncio.CancelledError) else "crashed"
            if isinstance(exc, asyncio.CancelledError):
                stats.problems.append(
                    "the run was cancelled: its flow timeout (LINFEN_ETL_FLOW_TIMEOUT) passed"
                )
            reserve.release()
            try:
                runs.finish_run(engine, stats.run_id, stats.status, stats.as_dict())
            except Exception:
                # Not even the run's record could be written (its warehouse is gone or full too): the
                # cause to report is the run's own failure, raised below; the next run marks it crashed.
                logger.exception(
                    "%s run %s: could not record it as %s", flow_name, stats.run_id, stats.status
                )
            raise
        stats.add_time("total", time.perf_counter() - started)
        stats.status = _final_status(stats)
        reserve.release()
        runs.finish_run(engine, stats.run_id, stats.status, stats.as_dict())
    finally:
        engine.dispose()
        reserve.release()
    send_run_alert(settings, stats, drift)
    publish_artifacts(stats)
    if stats.status == "failed":
        # Recorded and alerted above (one alert, naming the cause); the flow run must fail too.
        raise RunFailed(f"{stats.flow} run {stats.run_id} failed: {'; '.join(stats.problems)}")
    return stats


RESERVE_NAME = "run.reserve"
# Far more than the end of a run needs (its run row, a few pages of the warehouse's WAL; its tracebacks
# in the log file: tens of KB), and nothing on any disk a pipeline runs on.
RESERVE_BYTES = 1 << 20


@dataclass(frozen=True)
class DiskReserve:
    """Room kept on the data directory's disk for the run to record its own end.

    The crawl fills the disk that holds the archive, and by default the SQLite warehouse too. With the
    disk full, the commit that marks the run failed fails as well: the run would stay 'running' (the
    next one would call it crashed) and the error raised would be that commit's, not the full disk. So
    a run takes ``RESERVE_BYTES`` at its start and gives them back just before it records its end.
    """

    data_dir: Path

    @property
    def path(self) -> Path:
        return self.data_dir / RESERVE_NAME

    def take(self) -> None:
        try:
            # "wb": a killed run's reserve is taken over, not added to.
            with open(self.path, "wb") as out:
                _allocate(out, RESERVE_BYTES)
        except OSError as error:
            self.release()  # the disk lacks the room: give back what was got, and say which file
            raise OSError(error.errno, error.strerror, str(self.path)) from error

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


def _allocate(out: BinaryIO, size: int) -> None:
    """Give the file ``size`` bytes of disk: allocated without writing where the OS and file system
    can (``posix_fallocate``), else written as zeros."""
    try:
        os.posix_fallocate(out.fileno(), 0, size)
        return
    except AttributeError:  # not on this OS
        pass
    except OSError as error:
        if error.errno not in (errno.EOPNOTSUPP, errno.EINVAL):  # EINVAL: a file system without it
            raise
    out.write(bytes(size))
    out.flush()


class RunFailed(RuntimeError):
    """The run ended ``failed`` for a cause it found itself (the site unreachable, …); it has been
    recorded and alerted already, so the flow's failure hook does not alert again."""


def _final_status(stats: RunStats) -> str:
    """failed: nothing could be crawled; partial: something failed and the rest was done."""
    if stats.crawl_health == "failed":
        return "failed"
    if stats.problems:
        return "partial"
    return "succeeded"


def send_run_alert(settings: Settings, stats: RunStats, drift: list[str]) -> bool | None:
    """One alert per run, not one per batch: blocked or quarantined batches and site drift together."""
    problems: list[str] = []
    parts: list[str] = []
    if stats.problems:
        problems.append(f"run {stats.status}: {stats.problems[0]}")
        parts.append("Problems:\n" + "\n".join(f"- {problem}" for problem in stats.problems))
    if stats.runs_marked_crashed:
        problems.append(f"{len(stats.runs_marked_crashed)} earlier run(s) had crashed")
        resumed = ", ".join(stats.walks_resumed) or "none (no crawl left unfinished)"
        parts.append(
            "Earlier runs whose process was gone, now marked crashed:\n"
            + "\n".join(f"- {run}" for run in stats.runs_marked_crashed)
            + f"\nChannel walks resumed by this run: {resumed}"
        )
    if stats.batch_alerts:
        problems.append(f"{len(stats.batch_alerts)} batch(es) with quarantined or blocked rows")
        parts += stats.batch_alerts
    if drift:
        crawl_alert = build_alert(stats.run_id or "-", drift=drift, flow_name=stats.flow)
        if crawl_alert is not None:
            problems.append("site structure drift")
            parts.append(f"{crawl_alert.subject}\n{crawl_alert.body}")
    if not problems:
        return None
    subject = f"[linfen-etl] {stats.flow} run {stats.run_id}: {', '.join(problems)}"
    return send_alert(settings, subject, "\n\n".join([summary_markdown(stats), *parts]))


def _flow_run_context() -> Any:
    """The Prefect flow run this code runs in, or None.

    Without ``prefect.context`` loaded no flow can be running, so a run without Prefect (the plain
    steps of the benchmarks) does not pay for importing it just to find that out.
    """
    if "prefect.context" not in sys.modules:
        return None
    from prefect.context import FlowRunContext

    return FlowRunContext.get()


def publish_artifacts(stats: RunStats) -> None:
    """A markdown summary and a table of step timings on the flow run (keys: lowercase + dashes)."""
    if _flow_run_context() is None:
        return
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_markdown_artifact(
        summary_markdown(stats), key=f"{stats.flow}-summary", description="linfen-etl run summary"
    )
    create_table_artifact(
        [{"step": step, "seconds": round(seconds, 3)} for step, seconds in stats.step_seconds.items()],
        key=f"{stats.flow}-step-durations",
        description="wall time of each step, summed over batches",
    )


def current_run_id() -> str:
    """The Prefect flow run's id, so ``ops_pipeline_run`` and the Prefect UI share one id."""
    context = _flow_run_context()
    if context is not None and context.flow_run is not None:
        return context.flow_run.id.hex
    return uuid.uuid4().hex


@dataclass
class GateWarmUp:
    """Starts Great Expectations' warm-up (its import and suites: seconds of CPU, on a thread) once,
    as soon as the run is known to have work: at the first new article the crawl fetches, so that it
    overlaps the rest of the crawl and its polite waits; else just before the downstream steps. A
    night with nothing new never starts it."""

    settings: Settings
    started: bool = False

    def start(self) -> None:
        if not self.started:
            self.started = True
            from expectations.gate import warm_up_in_background

            warm_up_in_background(self.settings)

    def on_crawl_event(self, event: CrawlEvent) -> None:
        if event.kind == "article" and event.status == 200:
            self.start()


def _crawl_events(settings: Settings, gate_warm_up: GateWarmUp) -> Callable[[CrawlEvent], None]:
    """Crawl events → the gate's warm-up, and the CLI's progress bar (pages fetched) when it has one."""
    reporter = progress_reporter.get()
    if reporter is not None:
        reporter.start("crawl", None)  # how many pages a crawl needs is unknown; the cap is only a limit

    def on_event(event: CrawlEvent) -> None:
        gate_warm_up.on_crawl_event(event)
        if reporter is not None:
            reporter.advance("crawl", 1)

    return on_event

"""One flow run from start to finish: settings, warehouse, run row, steps, report, artifacts."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.context import FlowRunContext
from warehouse.engine import make_engine

from flows import tasks
from flows.pipeline import DEFAULT_BATCH_SIZE, RunStats, Steps, process_archive, summary_markdown, timed
from linfen_etl.settings import Settings, get_settings
from warehouse import migrate, runs


def flow_settings(
    *, data_dir: str | None = None, base_url: str | None = None, page_cap: int | None = None
) -> Settings:
    """Settings for a flow run: the environment, overridden by the run's (non-secret) parameters.

    Secrets (warehouse URL with password, alert URLs) come only from the environment, so they are never
    stored as flow-run parameters on a Prefect server.
    """
    return get_settings(data_dir=data_dir, base_url=base_url, page_cap=page_cap)


@dataclass(frozen=True)
class CrawlRequest:
    since: str | None = None
    pages: int | None = None
    process: str = "new"  # "new": only newly archived articles; "seen": every article the crawl listed


def execute_run(
    flow_name: str,
    settings: Settings,
    parameters: dict[str, Any],
    *,
    crawl: CrawlRequest | None,
    since: date | None = None,
    until: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    steps: Steps = tasks.PREFECT_STEPS,
) -> RunStats:
    """Run crawl (optional) → batched downstream → report, recording the run and its outcome."""
    started = time.perf_counter()
    engine = make_engine(settings.resolved_warehouse_url)
    stats = RunStats(flow=flow_name, warehouse=_redacted(engine.url))
    try:
        with timed(stats, "migrate"):
            migrate.upgrade(engine)
        stats.run_id = runs.start_run(
            engine, flow=flow_name, parameters=parameters, prefect_flow_run_id=_prefect_flow_run_id()
        )
        try:
            urls: list[str] | None = None
            if crawl is not None:
                with timed(stats, "crawl"):
                    summary = tasks.crawl_site(settings, since=crawl.since, pages=crawl.pages)
                stats.articles_seen = summary.articles_seen
                stats.articles_new = len(summary.new_urls)
                stats.articles_failed += summary.articles_failed
                urls = list(summary.new_urls if crawl.process == "new" else summary.seen_urls)
            process_archive(
                settings,
                engine,
                stats,
                steps,
                urls=urls,
                since=since,
                until=until,
                batch_size=batch_size,
            )
            with timed(stats, "report"):
                stats.report = str(tasks.refresh_report(engine, settings))
        except BaseException as exc:
            stats.add_time("total", time.perf_counter() - started)
            runs.finish_run(engine, stats.run_id, status="failed", stats=stats.as_dict(), error=repr(exc))
            raise
        stats.add_time("total", time.perf_counter() - started)
        runs.finish_run(engine, stats.run_id, status="success", stats=stats.as_dict(), error=None)
    finally:
        engine.dispose()
    publish_artifacts(stats)
    return stats


def publish_artifacts(stats: RunStats) -> None:
    """A markdown summary and a table of step timings on the flow run (keys: lowercase + dashes)."""
    if FlowRunContext.get() is None:
        return
    create_markdown_artifact(
        summary_markdown(stats), key=f"{stats.flow}-summary", description="linfen-etl run summary"
    )
    create_table_artifact(
        [{"step": step, "seconds": round(seconds, 3)} for step, seconds in stats.step_seconds.items()],
        key=f"{stats.flow}-step-durations",
        description="wall time of each step, summed over batches",
    )


def _prefect_flow_run_id() -> str | None:
    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return None
    return str(context.flow_run.id)


def _redacted(url: Any) -> str:
    return url.render_as_string(hide_password=True)

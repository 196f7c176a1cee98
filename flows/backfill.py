"""``backfill``: crawl a date or page range of history (resumable), then process it in batches."""

from __future__ import annotations

from datetime import date

from prefect import flow

from config.settings import DEFAULT_FLOW_TIMEOUT
from flows.hooks import alert_on_crash, alert_on_failure
from flows.pipeline import RunStats
from flows.run import CrawlRequest, Selection, execute_run, flow_settings
from flows.tasks import PREFECT_STEPS


@flow(
    name="backfill",
    timeout_seconds=DEFAULT_FLOW_TIMEOUT,  # the CLI applies LINFEN_ETL_FLOW_TIMEOUT instead
    description="Crawl history by date or list-page range, resumable; process it in batches.",
    on_failure=[alert_on_failure],
    on_crashed=[alert_on_crash],
    log_prints=True,
)
def backfill(
    since: date | None = None,
    until: date | None = None,
    pages: int | None = None,
    base_url: str | None = None,
    page_cap: int | None = None,
    data_dir: str | None = None,
    batch_size: int | None = None,
) -> RunStats:
    """Backfill history.

    The crawl keeps its own state, so a killed backfill started again skips every page already in the
    archive and continues; downstream it processes every archived article of the range whose page is
    not loaded yet (checked by content hash before parsing), so a run again after an interruption
    resumes instead of repeating, nothing is lost and nothing doubles.

    Args:
        since: oldest publication date to crawl and process (inclusive); or give ``pages``.
        until: newest publication date to process (inclusive).
        pages: how many list pages per channel to walk back; then the whole archive is processed.
        base_url: site to crawl; default from settings.
        page_cap: most list + article pages fetched in this run; default from settings.
        data_dir: root of archive, state, Data Docs and reports; default from settings.
        batch_size: articles per extract/validate/load batch (default ``DEFAULT_BATCH_SIZE``).
    """
    if since is None and pages is None:
        raise ValueError("backfill: give since (a date range) or pages (list pages per channel)")
    if since is not None and pages is not None:
        raise ValueError("backfill: give either since or pages, not both")
    if since and until and since > until:
        raise ValueError(f"backfill: since ({since}) is after until ({until})")
    settings = flow_settings(data_dir=data_dir, base_url=base_url, page_cap=page_cap)
    parameters = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "pages": pages,
        "base_url": base_url,
        "page_cap": page_cap,
        "data_dir": data_dir,
        "batch_size": batch_size,
    }
    return execute_run(
        "backfill",
        settings,
        parameters,
        crawl=CrawlRequest(since=since, pages=pages),
        # Everything archived in the range, not only this run's new pages: a backfill started again
        # after an interruption also loads what the interrupted run archived but never loaded.
        select=Selection(since=since, until=until, skip_loaded=True),
        steps=PREFECT_STEPS,
        batch_size=batch_size,
    )

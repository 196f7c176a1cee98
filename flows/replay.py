"""``replay``: parse → extract → validate → load again from the raw archive only, no network."""

from __future__ import annotations

from datetime import date

from prefect import flow

from config.settings import DEFAULT_FLOW_TIMEOUT
from flows.hooks import alert_on_crash, alert_on_failure
from flows.pipeline import RunStats
from flows.run import Selection, execute_run, flow_settings
from flows.tasks import PREFECT_STEPS


@flow(
    name="replay",
    timeout_seconds=DEFAULT_FLOW_TIMEOUT,  # the CLI applies LINFEN_ETL_FLOW_TIMEOUT instead
    description="Re-run extraction and loading over the raw archive (after the extractor improved).",
    on_failure=[alert_on_failure],
    on_crashed=[alert_on_crash],
    log_prints=True,
)
def replay(
    since: date | None = None,
    until: date | None = None,
    data_dir: str | None = None,
    batch_size: int | None = None,
) -> RunStats:
    """Replay the archive for a publication-date range, or all of it.

    Args:
        since: oldest publication date (inclusive); default: the whole archive.
        until: newest publication date (inclusive).
        data_dir: root of archive, state, Data Docs and reports; default from settings.
        batch_size: articles per extract/validate/load batch (default ``DEFAULT_BATCH_SIZE``).
    """
    if since and until and since > until:
        raise ValueError(f"replay: since ({since}) is after until ({until})")
    settings = flow_settings(data_dir=data_dir)
    parameters = {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "data_dir": data_dir,
        "batch_size": batch_size,
    }
    return execute_run(
        "replay",
        settings,
        parameters,
        crawl=None,
        select=Selection(since=since, until=until),
        steps=PREFECT_STEPS,
        batch_size=batch_size,
    )

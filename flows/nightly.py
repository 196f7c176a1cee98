"""``nightly``: incremental crawl → parse → extract → validate → load → report → summary."""

from __future__ import annotations

from prefect import flow

from config.settings import DEFAULT_FLOW_TIMEOUT
from flows.hooks import alert_on_crash, alert_on_failure
from flows.pipeline import RunStats
from flows.run import CrawlRequest, Selection, execute_run, flow_settings
from flows.tasks import PREFECT_STEPS


@flow(
    name="nightly",
    timeout_seconds=DEFAULT_FLOW_TIMEOUT,  # the CLI applies LINFEN_ETL_FLOW_TIMEOUT instead
    description="Incremental crawl of new articles, then extract, validate, load and refresh the report.",
    on_failure=[alert_on_failure],
    on_crashed=[alert_on_crash],
    log_prints=True,
)
def nightly(
    base_url: str | None = None, page_cap: int | None = None, data_dir: str | None = None
) -> RunStats:
    """One night's run.

    Args:
        base_url: site to crawl; default from settings (the live site, or a replica for the demo).
        page_cap: most list + article pages fetched in this run; default from settings.
        data_dir: root of archive, state, Data Docs and reports; default from settings.
    """
    settings = flow_settings(data_dir=data_dir, base_url=base_url, page_cap=page_cap)
    parameters = {"base_url": base_url, "page_cap": page_cap, "data_dir": data_dir}
    return execute_run(
        "nightly",
        settings,
        parameters,
        crawl=CrawlRequest(),
        select=Selection(since_last_success=True),
        steps=PREFECT_STEPS,
    )

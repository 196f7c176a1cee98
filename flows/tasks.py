"""Prefect tasks: thin wrappers of ``flows.steps``: one task run per *batch*, a few per run.

A batch is one task run (extract → stage → validate → load, each step timed inside it), so a
1,000-article backfill costs two task runs of orchestration, not eight per batch or four per article.
Results are not persisted (``NO_CACHE`` and the default ``persist_result``): they are plain counts.

Caching is off on purpose (``NO_CACHE``): the inputs are engines, settings and DataFrames, which
cannot be hashed cheaply, and every step is either idempotent (load) or must see today's data (crawl).
Only the crawl touches the network, so only the crawl retries, and only on transient errors: the
crawler's own HTTP client already retries single requests, this covers a site that is down for a while.
"""

from __future__ import annotations

import requests
from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import TaskRun
from prefect.states import State
from prefect.tasks import exponential_backoff

from flows import steps
from flows.pipeline import Steps

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    ConnectionError,
    TimeoutError,
)


def retry_on_transient_error(task: Task, task_run: TaskRun, state: State) -> bool:
    """Retry a crawl that lost the network; never retry a bug, a 404 or a parse error."""
    return isinstance(state.result(raise_on_failure=False), TRANSIENT_ERRORS)


crawl_site = task(
    steps.crawl_site,
    name="crawl",
    retries=2,
    retry_delay_seconds=exponential_backoff(backoff_factor=30),
    retry_jitter_factor=0.5,
    retry_condition_fn=retry_on_transient_error,
    cache_policy=NO_CACHE,
)
process_batch = task(steps.process_batch, name="process-batch", cache_policy=NO_CACHE)
data_docs = task(steps.data_docs, name="data-docs", cache_policy=NO_CACHE)
refresh_report = task(steps.refresh_report, name="refresh-report", cache_policy=NO_CACHE)

PREFECT_STEPS = Steps(crawl=crawl_site, process=process_batch, data_docs=data_docs, report=refresh_report)

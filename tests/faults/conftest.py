"""The fault suite: a nightly run against real servers on 127.0.0.1 while something goes wrong.

Every case ends by comparing the warehouse with one a clean run built (``clean_contents``), or by
asserting that the run says exactly what it is missing.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from prefect.settings import PREFECT_API_URL

from devtools.site_server import SiteServer
from extractors.archive import RawArchive
from flows.nightly import nightly
from tests.fixtures.alert_receivers import WebhookReceiver
from tests.flows.conftest import sqlite_url, warehouse_contents


@pytest.fixture(autouse=True)
def _prefect(prefect_api: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Flows talk to the session's temporary Prefect API; the replica is local, so no delay."""
    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "0")
    monkeypatch.setenv("LINFEN_ETL_MAX_RETRIES", "1")


@pytest.fixture(scope="module")
def clean_contents(replica_site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What the analyst views hold after one clean nightly run over the replica."""
    data_dir = tmp_path_factory.mktemp("clean")
    replica_site.reset()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LINFEN_ETL_REQUEST_DELAY", "0")
        nightly(base_url=replica_site.base_url, data_dir=str(data_dir))
    contents = warehouse_contents(sqlite_url(data_dir))
    assert contents["v_campaign_trend"], "the clean run loaded nothing"
    return contents


@pytest.fixture
def site(replica_site: SiteServer) -> Iterator[SiteServer]:
    """The session's replica, with no faults before and after the test."""
    replica_site.reset()
    yield replica_site
    replica_site.reset()


@pytest.fixture
def alerts(webhook_receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch) -> WebhookReceiver:
    monkeypatch.setenv("LINFEN_ETL_ALERT_URLS", webhook_receiver.json_url())
    return webhook_receiver


def run_statuses(data_dir: Path) -> list[str]:
    """The runs' statuses in ``ops_pipeline_run``, oldest first; none when there is no warehouse yet."""
    if not (data_dir / "warehouse.sqlite").exists():
        return []
    engine = sa.create_engine(sqlite_url(data_dir))
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(sa.text("SELECT status FROM ops_pipeline_run ORDER BY run_key")).scalars()
            )
    finally:
        engine.dispose()


def alert_texts(receiver: WebhookReceiver) -> list[str]:
    return [str(post["json"]) for post in receiver.posts]


def cli_command(data_dir: Path, args: list[str], *, delay: float = 0) -> subprocess.Popen[bytes]:
    """``linfen-etl <args>`` in a process group of its own (so that it can be killed with -9).

    It alerts where the test's in-process runs do (the ``alerts`` fixture), and nowhere else.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINFEN_ETL_")}
    env |= {
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "LINFEN_ETL_DATA_DIR": str(data_dir),
        "LINFEN_ETL_REQUEST_DELAY": str(delay),
    }
    if os.environ.get("LINFEN_ETL_ALERT_URLS"):
        env["LINFEN_ETL_ALERT_URLS"] = os.environ["LINFEN_ETL_ALERT_URLS"]
    return subprocess.Popen(
        [sys.executable, "-m", "linfen_etl", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def cli_nightly(data_dir: Path, base_url: str, *, delay: float) -> subprocess.Popen[bytes]:
    return cli_command(data_dir, ["nightly", "--base-url", base_url], delay=delay)


def wait_until(
    condition: Callable[[], bool], process: subprocess.Popen[bytes], *, timeout: float = 120
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            raise AssertionError(f"the run ended before the fault: {process.stderr.read()[-2000:]!r}")
        time.sleep(0.1)
    raise AssertionError(f"condition not reached in {timeout} s")


def archived_articles(data_dir: Path) -> int:
    return len(archived_paths(data_dir, "article"))


def archived_paths(data_dir: Path, kind: str) -> set[str]:
    """The site paths (as requested) of the pages of ``kind`` (robots, list, article) archived with 200."""
    if not (data_dir / "raw" / "index.sqlite").exists():
        return set()
    archive = RawArchive(data_dir / "raw")
    try:
        return {_site_path(response.fetched_url) for response in archive.iter_latest(kind=kind)}
    except sqlite3.OperationalError:  # the index is being created by the run
        return set()
    finally:
        archive.close()


def _site_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path

"""Faults of the machine and the process: kill -9 mid-crawl and mid-load, a full disk, the warehouse
going down mid-load, two runs at once. The warehouse ends as a clean run leaves it, and the run
records say what happened."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from devtools.site_server import SiteServer
from extractors.archive import RawArchive
from extractors.lock import DataDirBusy
from flows import run as flow_run
from flows.nightly import nightly
from tests.faults.conftest import (
    alert_texts,
    archived_articles,
    cli_command,
    cli_nightly,
    run_statuses,
    sqlite_url,
    wait_until,
)
from tests.fixtures.alert_receivers import WebhookReceiver
from tests.flows.conftest import warehouse_contents
from warehouse import load as warehouse_load


def kill_9(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def loaded_articles(data_dir: Path) -> int:
    if not (data_dir / "warehouse.sqlite").exists():
        return 0
    engine = sa.create_engine(sqlite_url(data_dir))
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT COUNT(*) FROM dim_article")).scalar_one())
    except sa.exc.OperationalError:  # no schema yet
        return 0
    finally:
        engine.dispose()


def test_kill_9_mid_crawl_then_the_next_night_resumes_and_says_so(
    site: SiteServer, alerts: WebhookReceiver, tmp_path: Path, clean_contents: dict
) -> None:
    process = cli_nightly(tmp_path, site.base_url, delay=0.2)
    wait_until(lambda: archived_articles(tmp_path) >= 5, process)
    kill_9(process)
    requests_before = len(site.paths())

    stats = nightly(base_url=site.base_url, data_dir=str(tmp_path))

    assert run_statuses(tmp_path) == ["crashed", "succeeded"], alert_texts(alerts)
    assert stats.runs_marked_crashed and stats.walks_resumed
    assert len(alerts.posts) == 1
    text = alert_texts(alerts)[0]
    assert "crashed" in text and "resumed" in text and stats.walks_resumed[0] in text
    articles = [p for p in site.paths() if p.endswith(".html") and "index" not in p]
    # at most the one in flight when the process died is asked again; the archived ones never are
    assert len(articles) - len(set(articles)) <= 1, "archived articles were fetched again"
    assert len(site.paths()) > requests_before
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def test_kill_9_mid_load_then_the_next_night_loads_everything(
    site: SiteServer, tmp_path: Path, clean_contents: dict
) -> None:
    # A backfill in batches of 5, killed once some batches are loaded and others are not.
    process = cli_command(
        tmp_path, ["backfill", "--pages", "10", "--batch-size", "5", "--base-url", site.base_url]
    )
    wait_until(lambda: loaded_articles(tmp_path) >= 5, process)
    kill_9(process)
    assert loaded_articles(tmp_path) < archived_articles(tmp_path)  # killed between batches

    nightly(base_url=site.base_url, data_dir=str(tmp_path))

    assert run_statuses(tmp_path) == ["crashed", "succeeded"]
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def test_a_full_disk_fails_the_run_and_the_next_one_completes(
    site: SiteServer,
    alerts: WebhookReceiver,
    tmp_path: Path,
    clean_contents: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    put = RawArchive.put
    writes = {"n": 0}

    def put_until_full(self: RawArchive, **kwargs: object) -> object:
        writes["n"] += 1
        if writes["n"] > 10:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.root))
        return put(self, **kwargs)

    monkeypatch.setattr(RawArchive, "put", put_until_full)
    state = nightly(base_url=site.base_url, data_dir=str(tmp_path), return_state=True)

    assert state.is_failed()
    assert run_statuses(tmp_path) == ["failed"]
    assert len(alerts.posts) == 1 and "No space left on device" in alert_texts(alerts)[0]
    monkeypatch.setattr(RawArchive, "put", put)
    nightly(base_url=site.base_url, data_dir=str(tmp_path))
    assert run_statuses(tmp_path) == ["failed", "succeeded"]
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def test_the_warehouse_going_down_mid_load_fails_the_run_and_loses_nothing(
    site: SiteServer,
    alerts: WebhookReceiver,
    tmp_path: Path,
    clean_contents: dict,
    postgres_database: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LINFEN_ETL_WAREHOUSE_URL", postgres_database)
    monkeypatch.setattr(flow_run, "DEFAULT_BATCH_SIZE", 5)
    url = sa.engine.make_url(postgres_database)
    admin = sa.create_engine(url.set(database="postgres"))
    real_load = warehouse_load.load_batch  # the load step imports it when it runs
    loads = {"n": 0}

    def load_then_server_gone(*args: object, **kwargs: object) -> object:
        loads["n"] += 1
        if loads["n"] == 2:  # PostgreSQL stops taking connections between two batches
            with admin.begin() as connection:
                connection.execute(sa.text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false'))
                connection.execute(
                    sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :db"),
                    {"db": url.database},
                )
        return real_load(*args, **kwargs)

    monkeypatch.setattr(warehouse_load, "load_batch", load_then_server_gone)
    try:
        state = nightly(base_url=site.base_url, data_dir=str(tmp_path), return_state=True)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true'))
        admin.dispose()

    assert state.is_failed()
    assert len(alerts.posts) == 1 and "failed" in alert_texts(alerts)[0]
    monkeypatch.setattr(warehouse_load, "load_batch", real_load)
    nightly(base_url=site.base_url, data_dir=str(tmp_path))
    assert warehouse_contents(postgres_database) == clean_contents


def test_two_runs_at_once_the_second_is_refused_and_nothing_is_fetched_twice(
    site: SiteServer, tmp_path: Path, clean_contents: dict
) -> None:
    process = cli_nightly(tmp_path, site.base_url, delay=0.2)
    try:
        wait_until(lambda: archived_articles(tmp_path) >= 2, process)
        with pytest.raises(DataDirBusy, match="in use by another run"):
            nightly(base_url=site.base_url, data_dir=str(tmp_path))
        assert process.wait(timeout=300) == 0
    finally:
        if process.poll() is None:
            kill_9(process)
    articles = [p for p in site.paths() if p.endswith(".html") and "index" not in p]
    assert len(articles) == len(set(articles))
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents

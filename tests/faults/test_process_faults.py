"""Faults of the machine and the process: kill -9 mid-crawl and mid-load, a full disk, the warehouse
going down mid-load, two runs at once. The warehouse ends as a clean run leaves it, and the run
records say what happened."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
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
    archived_paths,
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


def log_says(data_dir: Path, text: str) -> bool:
    log = data_dir / "logs" / "linfen-etl.log"
    return log.exists() and text in log.read_text(encoding="utf-8", errors="replace")


def nightly_args(base_url: str) -> list[str]:
    return ["nightly", "--base-url", base_url]


def backfill_args(base_url: str) -> list[str]:
    return ["backfill", "--pages", "10", "--batch-size", "5", "--base-url", base_url]


@dataclass(frozen=True)
class KillPoint:
    """Where a run is killed with -9: its command, its pace, and how the test sees it got there."""

    args: Callable[[str], list[str]]  # the CLI arguments, given the site's address
    delay: float  # the crawler's polite wait between requests: at 1 s, a window to kill in
    reached: Callable[[Path], bool]  # polled on the data dir while the run goes
    died_there: Callable[[Path], bool]  # checked after the kill: it did not get further
    leaves_walks_open: bool  # killed mid-crawl: the next run must resume channel walks


KILL_POINTS = {
    "crawl: robots.txt read, no list page yet": KillPoint(
        nightly_args,
        delay=1.0,
        reached=lambda d: bool(archived_paths(d, "robots")) and not archived_paths(d, "list"),
        died_there=lambda d: not archived_paths(d, "list") and not archived_paths(d, "article"),
        leaves_walks_open=True,
    ),
    "crawl: first list page read, no article yet": KillPoint(
        nightly_args,
        delay=1.0,
        reached=lambda d: bool(archived_paths(d, "list")) and not archived_paths(d, "article"),
        died_there=lambda d: len(archived_paths(d, "list")) == 1 and not archived_paths(d, "article"),
        leaves_walks_open=True,
    ),
    "crawl: mid-articles, 5 archived": KillPoint(
        nightly_args,
        delay=0.2,
        reached=lambda d: archived_articles(d) >= 5,
        died_there=lambda d: loaded_articles(d) == 0,
        leaves_walks_open=True,
    ),
    # The crawl is done; the batch's extract → stage → validate (the GX gate) takes seconds.
    "process: extracting and validating, nothing loaded": KillPoint(
        nightly_args,
        delay=0,
        reached=lambda d: log_says(d, "batch 1: "),
        died_there=lambda d: loaded_articles(d) == 0,
        leaves_walks_open=False,
    ),
    "load: a backfill in batches of 5, some loaded": KillPoint(
        backfill_args,
        delay=0,
        reached=lambda d: loaded_articles(d) >= 5,
        died_there=lambda d: loaded_articles(d) < archived_articles(d),  # killed between batches
        leaves_walks_open=False,
    ),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_then_the_next_night_resumes_says_so_and_loads_everything(
    point: str, site: SiteServer, alerts: WebhookReceiver, tmp_path: Path, clean_contents: dict
) -> None:
    kill = KILL_POINTS[point]
    process = cli_command(tmp_path, kill.args(site.base_url), delay=kill.delay)
    wait_until(lambda: kill.reached(tmp_path), process)
    kill_9(process)
    assert kill.died_there(tmp_path)
    archived_before = archived_paths(tmp_path, "article")
    site.reset()  # from here on, site.paths() is what the next night asks

    stats = nightly(base_url=site.base_url, data_dir=str(tmp_path))

    assert run_statuses(tmp_path) == ["crashed", "succeeded"], alert_texts(alerts)
    assert len(stats.runs_marked_crashed) == 1
    assert len(alerts.posts) == 1
    text = alert_texts(alerts)[0]
    assert "crashed" in text and stats.runs_marked_crashed[0] in text
    assert bool(stats.walks_resumed) == kill.leaves_walks_open
    assert all(channel in text for channel in stats.walks_resumed)
    # Nothing archived before the kill is asked again; the article in flight when it died was not
    # archived, so it may be.
    assert not archived_before & set(site.paths()), "archived articles were fetched again"
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

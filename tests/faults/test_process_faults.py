"""Faults of the machine and the process: kill -9 mid-crawl and mid-load, a full disk, the warehouse
going down mid-load, two runs at once. The warehouse ends as a clean run leaves it, and the run
records say what happened."""

from __future__ import annotations

import contextlib
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
from extractors.lock import LOCK_NAME, DataDirBusy
from flows import run as flow_run
from flows.nightly import nightly
from flows.run import RESERVE_NAME, DiskReserve
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
from tests.fixtures.small_disk import SmallDisk
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
    assert not (tmp_path / RESERVE_NAME).exists()  # the killed run's reserve was taken over and given back
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def archive_fills_after(articles: int) -> Callable[..., object]:
    """RawArchive.put, failing as on a full disk once ``articles`` articles are archived."""
    put = RawArchive.put

    def put_until_full(self: RawArchive, **kwargs: object) -> object:
        if self.count(kind="article") >= articles:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.root))
        return put(self, **kwargs)

    return put_until_full


def no_room_for_a_run(self: DiskReserve) -> None:
    raise OSError(errno.ENOSPC, "No space left on device", str(self.path))


@dataclass(frozen=True)
class FullDisk:
    """A disk that fills during a run, or is full before it starts."""

    size: str  # of the tmpfs holding the data dir
    full_at_start: bool  # filled with a ballast file first
    recorded: list[str]  # ops_pipeline_run's statuses after the failed run
    simulate: tuple[object, str, Callable[..., object]]  # mounting refused here: the write that fails


FULL_DISKS = {
    # The reserve and the new warehouse take 2 MB; the crawl fills the rest part-way.
    "fills during the crawl": FullDisk("3m", False, ["failed"], (RawArchive, "put", archive_fills_after(10))),
    # Not even the run lock can be written: nothing is recorded, the alert and the CLI say why.
    "full before the run starts": FullDisk("1m", True, [], (DiskReserve, "take", no_room_for_a_run)),
}
ROOMY_DISK = "64m"  # a clean nightly's data dir ends at about 12 MB (Data Docs and report: 10 MB)


@pytest.mark.parametrize("case", list(FULL_DISKS))
def test_a_full_disk_fails_the_run_says_why_and_the_next_one_completes(
    case: str,
    small_disk: Callable[[str], SmallDisk],
    site: SiteServer,
    alerts: WebhookReceiver,
    clean_contents: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    full = FULL_DISKS[case]
    disk = small_disk(full.size)
    if disk.mounted:
        ballast = disk.path / "ballast"
        if full.full_at_start:
            with ballast.open("wb") as out, contextlib.suppress(OSError):
                out.write(bytes(2 * 1024 * 1024))  # more than the disk holds: it is full
        process = cli_nightly(disk.path, site.base_url, delay=0)
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 1
        lines = stderr.decode().splitlines()
        assert len(lines) == 1, stderr.decode()
        assert lines[0].startswith(f"error: the disk is full (no space left for {disk.path}"), lines[0]
        ballast.unlink(missing_ok=True)
        disk.grow(ROOMY_DISK)
    else:  # mounting refused here: the write fails as it would on a full disk
        with monkeypatch.context() as patch:
            patch.setattr(*full.simulate)
            assert nightly(base_url=site.base_url, data_dir=str(disk.path), return_state=True).is_failed()

    assert run_statuses(disk.path) == full.recorded
    assert len(alerts.posts) == 1 and "No space left on device" in alert_texts(alerts)[0]
    assert not (disk.path / RESERVE_NAME).exists() and not (disk.path / LOCK_NAME).exists()
    archived_before = archived_paths(disk.path, "article")
    assert bool(archived_before) != full.full_at_start  # filled part-way through the crawl, or before it
    site.reset()

    nightly(base_url=site.base_url, data_dir=str(disk.path))

    assert run_statuses(disk.path) == [*full.recorded, "succeeded"]
    articles_asked = {path for path in site.paths() if path.endswith(".html") and "index" not in path}
    assert articles_asked and not archived_before & articles_asked, "archived articles were fetched again"
    assert warehouse_contents(sqlite_url(disk.path)) == clean_contents


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

"""The flows end to end against the replica site over real HTTP, into real SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from prefect.settings import PREFECT_API_URL

from extractors.archive import RawArchive
from flows.backfill import backfill
from flows.nightly import nightly
from flows.pipeline import summary_rows
from flows.replay import replay
from tests.flows.conftest import (
    expected_stage_totals,
    fact_counts,
    loaded_stage_totals,
    sqlite_url,
    warehouse_contents,
)
from warehouse.runs import get_run

pytestmark = pytest.mark.usefixtures("fast_polite_client")


def test_nightly_into_sqlite_loads_the_corpus_stage_totals(nightly_sqlite) -> None:
    data_dir, (first, _), _ = nightly_sqlite
    assert loaded_stage_totals(sqlite_url(data_dir)) == expected_stage_totals()
    assert first.articles_new == first.articles_processed > 0
    assert first.announcements > 0 and first.rows_loaded > 0
    assert Path(first.report).is_file() and "临汾" in Path(first.report).read_text(encoding="utf-8")
    engine = sa.create_engine(sqlite_url(data_dir))
    try:
        run = get_run(engine, first.run_id)
    finally:
        engine.dispose()
    assert run["status"] == "succeeded"
    assert run["counts"]["rows_loaded"] == first.rows_loaded


def test_second_nightly_loads_nothing_new(nightly_sqlite) -> None:
    data_dir, (_, counts_after_first), second = nightly_sqlite
    assert second.articles_new == 0
    assert second.articles_processed == 0
    assert second.rows_loaded == 0
    assert fact_counts(sqlite_url(data_dir)) == counts_after_first


def test_replay_onto_a_loaded_warehouse_skips_every_unchanged_article(nightly_sqlite, replica_site) -> None:
    data_dir, _, _ = nightly_sqlite
    before = warehouse_contents(sqlite_url(data_dir))
    replica_site.reset()

    stats = replay(data_dir=str(data_dir))

    assert replica_site.requests == []
    assert stats.rows_loaded == 0
    assert 0 < stats.articles_unchanged <= stats.articles_processed
    assert ("articles unchanged since last load", str(stats.articles_unchanged)) in summary_rows(stats)
    assert warehouse_contents(sqlite_url(data_dir)) == before


def test_replay_after_deleting_the_warehouse_rebuilds_identical_facts(nightly_sqlite, replica_site) -> None:
    data_dir, _, _ = nightly_sqlite
    url = sqlite_url(data_dir)
    before = warehouse_contents(url)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{data_dir / 'warehouse.sqlite'}{suffix}").unlink(missing_ok=True)
    replica_site.reset()
    stats = replay(data_dir=str(data_dir))
    assert replica_site.requests == []  # the archive alone: no network
    assert stats.articles_processed > 0
    assert warehouse_contents(url) == before


@pytest.mark.postgres
def test_nightly_into_postgresql_loads_the_same_facts(
    replica_site,
    postgres_database: str,
    nightly_sqlite,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LINFEN_ETL_WAREHOUSE_URL", postgres_database)
    stats = nightly(base_url=replica_site.base_url, data_dir=str(tmp_path))
    assert stats.warehouse.startswith("postgresql")
    assert loaded_stage_totals(postgres_database) == expected_stage_totals()
    sqlite_dir = nightly_sqlite[0]
    assert warehouse_contents(postgres_database) == warehouse_contents(sqlite_url(sqlite_dir))


def test_backfill_killed_midway_resumes_and_the_crash_is_alerted(
    replica_site,
    webhook_receiver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINFEN_ETL_")}
    env |= {
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "LINFEN_ETL_DATA_DIR": str(data_dir),
        "LINFEN_ETL_REQUEST_DELAY": "0.3",  # slow enough to stop it halfway
        "LINFEN_ETL_ALERT_URLS": webhook_receiver.json_url(),
    }
    replica_site.reset()
    process = subprocess.Popen(
        [sys.executable, "-m", "linfen_etl", "backfill", "--pages", "8", "--base-url", replica_site.base_url],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        archived_before_kill = _wait_for_archived_articles(data_dir, at_least=8, process=process)
        process.send_signal(signal.SIGTERM)  # what a scheduler or `kill` sends
        _, stderr = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0, stderr.decode(errors="replace")[-2000:]
    assert any("crashed" in str(post["json"]).lower() for post in webhook_receiver.posts), (
        webhook_receiver.posts
    )

    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "0")
    requests_before_resume = len(replica_site.requests)
    stats = backfill(pages=8, base_url=replica_site.base_url, data_dir=str(data_dir))
    resumed_paths = replica_site.paths()[requests_before_resume:]
    assert all(_path(url) not in resumed_paths for url in archived_before_kill)  # nothing fetched twice
    assert stats.crawl_completed
    assert loaded_stage_totals(sqlite_url(data_dir)) == expected_stage_totals()


def test_a_failing_task_fails_the_run_and_sends_one_alert(
    nightly_sqlite,
    webhook_receiver,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    os.symlink(nightly_sqlite[0] / "raw", data_dir / "raw")  # the archive of the nightly runs
    (data_dir / "reports").write_text("a file where the report directory belongs")
    monkeypatch.setenv("LINFEN_ETL_ALERT_URLS", webhook_receiver.json_url())
    state = replay(data_dir=str(data_dir), return_state=True)
    assert state.is_failed()
    assert len(webhook_receiver.posts) == 1
    alert = str(webhook_receiver.posts[0]["json"])
    assert "replay" in alert and "FileExistsError" in alert
    engine = sa.create_engine(sqlite_url(data_dir))
    try:
        with engine.connect() as connection:
            statuses = connection.execute(sa.text("SELECT status FROM ops_pipeline_run")).scalars().all()
    finally:
        engine.dispose()
    assert statuses == ["failed"]


def _wait_for_archived_articles(
    data_dir: Path, *, at_least: int, process: subprocess.Popen[bytes], timeout: float = 120
) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"backfill ended before it could be stopped: {process.stderr.read()[-2000:]!r}"
            )
        if (data_dir / "raw").exists():
            archive = RawArchive(data_dir / "raw")
            try:
                urls = [r.url for r in archive.iter_latest(kind="article")]
            finally:
                archive.close()
            if len(urls) >= at_least:
                return urls
        time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} articles archived after {timeout} s")


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_a_backfill_over_a_loaded_archive_parses_nothing_again(
    nightly_sqlite, replica_site, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(nightly_sqlite[0], data_dir)
    (data_dir / "run.lock").unlink(missing_ok=True)
    before = warehouse_contents(sqlite_url(data_dir))

    stats = backfill(pages=10, base_url=replica_site.base_url, data_dir=str(data_dir))

    assert stats.articles_processed == 0  # every archived page's bytes were loaded: none parsed
    assert stats.articles_already_loaded == nightly_sqlite[1][0].articles_processed
    assert warehouse_contents(sqlite_url(data_dir)) == before

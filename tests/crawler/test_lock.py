"""One run per data directory: the lock file, its stale rule, and a second run refused at once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.lock import LOCK_NAME, DataDirBusy, data_dir_lock


def write_lock(
    data_dir: Path, pid: int, host: str | None = None, started: str = "2099-01-01T00:00:00+00:00"
) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    path.write_text(json.dumps({"pid": pid, "host": host or socket.gethostname(), "started": started}))
    return path


def test_the_lock_is_held_for_the_block_and_released_after(tmp_path: Path) -> None:
    with data_dir_lock(tmp_path) as holder:
        assert json.loads((tmp_path / LOCK_NAME).read_text())["pid"] == os.getpid() == holder.pid
        with data_dir_lock(tmp_path):  # the same process may take it again
            pass
        assert (tmp_path / LOCK_NAME).exists()
    assert not (tmp_path / LOCK_NAME).exists()


def test_a_live_holder_refuses_a_second_run_naming_itself(tmp_path: Path) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        write_lock(tmp_path, other.pid)
        with pytest.raises(DataDirBusy, match=f"pid {other.pid}") as refused, data_dir_lock(tmp_path):
            pass
        assert "remove" in str(refused.value) and str(tmp_path) in str(refused.value)
    finally:
        other.kill()
        other.wait()


def test_a_killed_runs_lock_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write_lock(tmp_path, dead.pid)
    with data_dir_lock(tmp_path) as holder:
        assert holder.pid == os.getpid()


def test_an_old_lock_from_another_host_is_stale(tmp_path: Path) -> None:
    write_lock(tmp_path, 1, host="elsewhere", started="2020-01-01T00:00:00+00:00")
    with data_dir_lock(tmp_path):
        pass
    write_lock(tmp_path, 1, host="elsewhere")  # recent: respected, the process may well be alive
    with pytest.raises(DataDirBusy), data_dir_lock(tmp_path):
        pass


def test_the_cli_refuses_a_second_nightly_in_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        write_lock(data_dir, other.pid)
        env = {
            **os.environ,
            "LINFEN_ETL_DATA_DIR": str(data_dir),
            "LINFEN_ETL_BASE_URL": "http://127.0.0.1:9/",
        }
        result = subprocess.run(
            [sys.executable, "-m", "linfen_etl", "nightly"],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        other.kill()
        other.wait()
    assert result.returncode == 1
    # One line on stderr (linfen_etl.errors), the lock's own message: who holds it, what to do.
    assert "is in use by another run" in result.stderr and f"pid {other.pid}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (data_dir / LOCK_NAME).exists()  # the holder's lock is left alone

"""Failures a user can fix end in one line naming the cause and the fix; the traceback is in the log file.

The read-only, corrupt, unreachable and locked cases run the real ``linfen-etl`` console script in a
subprocess, so the assertions are about exactly what a user sees on the terminal.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractors.lock import data_dir_lock
from linfen_etl import errors
from linfen_etl.cli import _register_commands, app

CLI = Path(sys.executable).with_name("linfen-etl")
MAX_LINES = 3  # the one error line, plus room for a progress bar's blank line
LOG_PATH = re.compile(r"\(traceback in (?P<path>[^()]+)\)$", re.MULTILINE)


def run_cli(env: dict[str, str], *args: str, unset: str = "") -> subprocess.CompletedProcess[str]:
    """``linfen-etl *args`` as a user runs it, with the test's own LINFEN_ETL_* settings only."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("LINFEN_ETL_") and k != unset}
    # Nothing is crawled in these cases; should a run get that far, it must not leave this machine.
    base["LINFEN_ETL_BASE_URL"] = "http://127.0.0.1:9/"
    return subprocess.run(
        [str(CLI), *args], env=base | env, capture_output=True, text=True, timeout=300, check=False
    )


def assert_one_readable_line(output: str, *expected: str) -> Path:
    """``output`` is a few lines, no traceback, and names ``expected``; the log file it points to."""
    assert len(output.strip().splitlines()) <= MAX_LINES, output
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, output
    found = LOG_PATH.search(output)
    assert found is not None, output
    log = Path(found["path"])
    assert "Traceback (most recent call last)" in log.read_text(encoding="utf-8")
    return log


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (just released by the OS)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- an unwritable data directory: refused before Prefect starts ---------------------------------


@pytest.fixture(params=["under-a-file", "no-permission"])
def unwritable_data_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A data directory the CLI cannot write, made two ways, both of which run for any user.

    A path below a regular file (NotADirectoryError). No permission: ``chmod 0500`` for a normal user;
    root ignores permission bits, so for root a read-only bind mount (EROFS), or where mounting is not
    allowed, a directory under /proc (which nobody may create).
    """
    if request.param == "under-a-file":
        (tmp_path / "file").write_text("not a directory")
        yield tmp_path / "file" / "data"
    elif os.geteuid() != 0:
        data_dir = tmp_path / "data"
        data_dir.mkdir(mode=0o500)
        try:
            yield data_dir
        finally:
            data_dir.chmod(0o700)  # so pytest can clean up
    else:
        yield from _read_only_for_root(tmp_path)


def _read_only_for_root(tmp_path: Path) -> Iterator[Path]:
    source, data_dir = tmp_path / "source", tmp_path / "data"
    source.mkdir()
    data_dir.mkdir()
    mount = shutil.which("mount")
    mounted = (
        subprocess.run(
            [mount, "--bind", "-o", "ro", str(source), str(data_dir)], capture_output=True, check=False
        )
        if mount
        else None
    )
    if mounted is None or mounted.returncode != 0:
        yield Path("/proc/linfen-etl-data")
        return
    try:
        yield data_dir
    finally:
        subprocess.run(["umount", str(data_dir)], check=False)


def test_an_unwritable_data_dir_is_one_line_before_prefect_starts(
    unwritable_data_dir: Path, tmp_path: Path
) -> None:
    # PREFECT_HOME unset, as for a user: Prefect's home would be under the data directory.
    env = {"LINFEN_ETL_DATA_DIR": str(unwritable_data_dir), "TMPDIR": str(tmp_path)}
    result = run_cli(env, "nightly", unset="PREFECT_HOME")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    log = assert_one_readable_line(
        output, f"cannot write to {unwritable_data_dir}", "set LINFEN_ETL_DATA_DIR to a directory"
    )
    assert log.is_relative_to(tmp_path)  # the temp-dir fallback, since the data dir is unwritable
    assert "prefect" not in output.lower()  # refused before Prefect was imported


# --- the warehouse -------------------------------------------------------------------------------


def test_a_corrupt_sqlite_warehouse_is_one_line_naming_it(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(8192))
    data_dir = tmp_path / "data"
    result = run_cli(
        {"LINFEN_ETL_DATA_DIR": str(data_dir), "LINFEN_ETL_WAREHOUSE_URL": f"sqlite:///{garbage}"},
        "nightly",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    log = assert_one_readable_line(
        output, f"the warehouse sqlite:///{garbage} is not a SQLite database", "linfen-etl replay"
    )
    assert log == data_dir / "logs" / "linfen-etl.log"
    assert "file is not a database" in log.read_text(encoding="utf-8")


def test_an_unreachable_postgresql_is_one_line_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql://etl:s3cret@127.0.0.1:{closed_port()}/warehouse"
    result = run_cli(
        {"LINFEN_ETL_DATA_DIR": str(tmp_path / "data"), "LINFEN_ETL_WAREHOUSE_URL": url}, "nightly"
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert_one_readable_line(
        output, "cannot connect to the warehouse postgresql+psycopg://etl:***@127.0.0.1", "Connection refused"
    )
    assert "s3cret" not in output


def test_a_warehouse_command_reports_the_same_way(tmp_path: Path) -> None:
    """Not only the flows: ``db`` and ``report`` share the one handler in the CLI's root group."""
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(os.urandom(8192))
    result = run_cli(
        {"LINFEN_ETL_DATA_DIR": str(tmp_path / "data")},
        "db",
        "upgrade",
        "--warehouse-url",
        f"sqlite:///{garbage}",
    )
    assert result.returncode == 1, result.stderr
    assert_one_readable_line(result.stdout + result.stderr, "is not a SQLite database")


# --- a busy data directory -----------------------------------------------------------------------


def test_a_locked_data_dir_keeps_its_message(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with data_dir_lock(data_dir) as holder:
        result = run_cli({"LINFEN_ETL_DATA_DIR": str(data_dir)}, "nightly")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert_one_readable_line(output, "is in use by another run", f"pid {holder.pid}", "wait for it to finish")


# --- a full disk (simulated: the machine's disks are not ours to fill) ---------------------------


def test_a_full_disk_anywhere_in_a_command_is_one_line(
    sqlite_warehouse_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    warehouse = tmp_path / "warehouse.sqlite"
    shutil.copyfile(sqlite_warehouse_template, warehouse)
    monkeypatch.setenv("LINFEN_ETL_DATA_DIR", str(data_dir))

    def disk_full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))

    monkeypatch.setattr(Path, "write_text", disk_full)  # the report's HTML is written with write_text
    _register_commands()
    result = CliRunner().invoke(app, ["report", "--warehouse-url", f"sqlite:///{warehouse}"])
    assert result.exit_code == 1, result.output
    log = assert_one_readable_line(result.output, "the disk is full", "free some space")
    assert log == data_dir / "logs" / "linfen-etl.log"
    assert "No space left on device" in log.read_text(encoding="utf-8")
    assert errors.current_log_file() is None  # the CLI detached its log handler on the way out


# --- the mapping itself --------------------------------------------------------------------------


def test_a_full_disk_is_found_inside_a_wrapping_error() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device", "/data/raw/x.html")
        except OSError as disk:
            raise RuntimeError("archiving failed") from disk
    except RuntimeError as wrapped:
        message = errors.explain(wrapped)
    assert message is not None and "the disk is full" in message and "/data/raw/x.html" in message


def test_a_full_sqlite_disk_is_a_full_disk(tmp_path: Path) -> None:
    import sqlalchemy.exc

    error = sqlalchemy.exc.OperationalError(
        "INSERT …", {}, sqlite3.OperationalError("database or disk is full")
    )
    message = errors.explain(error)
    assert message is not None and "is full" in message and "free some space" in message


def test_an_unknown_failure_is_a_short_line_and_a_logged_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        raise ValueError("something nobody planned for\nwith a second line")
    except ValueError as error:
        assert errors.explain(error) is None
        try:
            assert errors.report_failure(error, tmp_path) == 1
        finally:
            errors.close_log_file()
    output = capsys.readouterr().err
    assert output.startswith("error: ValueError: something nobody planned for with a second line")
    log = assert_one_readable_line(output)
    assert log == tmp_path / "logs" / "linfen-etl.log"
    assert 'raise ValueError("something nobody planned for' in log.read_text(encoding="utf-8")

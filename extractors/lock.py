"""One run per data directory at a time: a lock file beside the archive and the crawl state.

``data_dir/run.lock`` holds the holder's pid, host and start time (JSON). A second run on the same
data directory fails at once with ``DataDirBusy`` naming the holder, instead of fetching every page
twice and racing on the state. A lock is stale, and taken over, when its holder is on this host
and its process is gone (a killed run), or when it is older than ``STALE_AFTER`` (a run on another
host that never came back). The same process may take it again (the CLI, then its flow).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

LOCK_NAME = "run.lock"
STALE_AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    started: str  # ISO 8601, UTC


class DataDirBusy(RuntimeError):
    """Another live run holds the data directory."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        super().__init__(
            f"{path.parent} is in use by another run (pid {holder.pid} on {holder.host}, since "
            f"{holder.started}); wait for it to finish, or remove {path} if that process is gone"
        )
        self.holder = holder


@contextmanager
def data_dir_lock(data_dir: Path) -> Iterator[LockHolder]:
    """Hold the data directory's run lock for the block (re-entrant within one process)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    me = LockHolder(os.getpid(), socket.gethostname(), datetime.now(UTC).isoformat(timespec="seconds"))
    holder = _read(path)
    if holder is not None and holder.pid == me.pid and holder.host == me.host:
        yield holder  # this process holds it already
        return
    if holder is not None and not _stale(holder):
        raise DataDirBusy(path, holder)
    if holder is not None:
        path.unlink(missing_ok=True)  # a killed run's lock: take it over
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)  # atomic: one winner
    except FileExistsError as exc:
        raise DataDirBusy(path, _read(path) or me) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(me), out)
    except OSError as error:
        # A full disk: an empty lock must not stay behind, and the error must name the file.
        path.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        yield me
    finally:
        if _read(path) == me:
            path.unlink(missing_ok=True)


def _read(path: Path) -> LockHolder | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return LockHolder(int(raw["pid"]), str(raw["host"]), str(raw["started"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return LockHolder(0, "?", "1970-01-01T00:00:00+00:00")  # unreadable: treated as stale


def process_gone(pid: int | None, host: str | None, started: datetime) -> bool:
    """Is the process that started at ``started`` surely gone? (The lock's stale rule, for anything
    else a process leaves behind, such as a run row left 'running'.) Unknown pid/host: only by age."""
    if datetime.now(UTC) - started.astimezone(UTC) > STALE_AFTER:
        return True
    return pid is not None and host == socket.gethostname() and not _alive(pid)


def _stale(holder: LockHolder) -> bool:
    try:
        started = datetime.fromisoformat(holder.started)
    except ValueError:
        return True
    if datetime.now(UTC) - started > STALE_AFTER:
        return True
    return holder.host == socket.gethostname() and not _alive(holder.pid)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True

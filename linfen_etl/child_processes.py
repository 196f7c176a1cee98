"""Child processes stop with their parent: on SIGINT, on SIGTERM, and (best effort, Linux) on SIGKILL.

- SIGINT already raises ``KeyboardInterrupt``; ``exit_on_sigterm`` makes SIGTERM (a service manager's
  stop, a plain ``kill``) raise ``Terminated`` the same way, so ``finally`` blocks (``serve`` stops its
  server and worker, the run lock is released) and ``atexit`` handlers (Prefect stops its temporary API
  server) run. By default SIGTERM ends Python on the spot and runs none of them.
- ``die_with_parent`` is a ``preexec_fn`` that asks the Linux kernel to SIGTERM a child when its parent
  dies, even by SIGKILL, which no handler sees.
- Prefect starts its temporary ("ephemeral") API server itself, so it cannot get that ``preexec_fn``.
  ``start_temporary_server`` starts it early instead and records its pid; the next CLI run on the same
  data directory stops a recorded server whose parent has died (``stop_orphaned_servers``).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
SERVERS_DIR = "prefect-servers"  # under the data dir: one JSON record per temporary server we started


class Terminated(SystemExit):
    """SIGTERM, as a normal exit with the shell's status for it (128 + 15)."""


def exit_on_sigterm() -> None:
    """From now on the first SIGTERM raises ``Terminated`` in the main thread; later ones are ignored,
    so a second ``kill`` cannot cut short the cleanup the first one started."""
    stopping = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise Terminated(128 + signum)

    signal.signal(signal.SIGTERM, handler)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child get SIGTERM when this process dies (Linux; else None).

    Call it in the thread that starts the child and keeps living: the kernel ties the signal to the
    death of the thread that forked, not of the whole process.
    """
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here: the child may not import between fork and exec
    parent = os.getpid()

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before prctl took effect: nobody would tell us
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def start_temporary_server(data_dir: Path) -> None:
    """Start Prefect's temporary API server now, if this process will need one, and record its pid.

    It is the same singleton Prefect's client would start at the first flow call (no API URL, ephemeral
    mode on); starting it here only makes its pid known. Prefect stops it at exit; a record left by a
    process killed with SIGKILL lets the next run stop the server it orphaned.
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return  # a served API (``make serve``): the server's own modules (seconds to import) stay unloaded
    from prefect.server.api.server import SubprocessASGIServer

    stop_orphaned_servers(data_dir)
    server = SubprocessASGIServer()
    server.start()
    if server.server_process is None or not Path("/proc").is_dir():
        return
    record = _write_record(data_dir, server.server_process.pid)

    def stop_and_forget() -> None:
        server.stop()  # Prefect's own atexit stop runs later and finds nothing left to do
        record.unlink(missing_ok=True)

    atexit.register(stop_and_forget)


def stop_orphaned_servers(data_dir: Path, *, timeout: float = 10.0) -> list[int]:
    """SIGTERM (SIGKILL after ``timeout``) every recorded temporary server whose parent has died; the
    pids stopped. A record whose process has exited, or whose pid now names another process (a
    different start time), is only removed; a server whose parent still runs is left alone."""
    stopped = []
    for record in sorted((data_dir / SERVERS_DIR).glob("*.json")):
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            entry = json.loads(record.read_text(encoding="utf-8"))
            pid, started, parent = int(entry["pid"]), int(entry["started"]), int(entry["parent"])
            stat = _proc_stat(pid)
            if stat is not None and stat[1] == started and stat[0] == parent:
                continue  # its parent is still running it
            if stat is not None and stat[1] == started:
                _terminate(pid, started, timeout)
                stopped.append(pid)
            record.unlink(missing_ok=True)
    return stopped


def _write_record(data_dir: Path, pid: int) -> Path:
    stat = _proc_stat(pid)
    directory = data_dir / SERVERS_DIR
    directory.mkdir(parents=True, exist_ok=True)
    record = directory / f"{pid}.json"
    started = stat[1] if stat else 0
    record.write_text(json.dumps({"pid": pid, "started": started, "parent": os.getpid()}), encoding="utf-8")
    return record


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks since boot) of a live process; None if gone or a zombie.

    The pair pid + start time names one process for the whole uptime, so a reused pid is never mistaken
    for the process we recorded.
    """
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()  # the command name in parentheses may contain spaces
    if fields[0] == "Z":
        return None
    return int(fields[1]), int(fields[19])


def _terminate(pid: int, started: int, timeout: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stat = _proc_stat(pid)
        if stat is None or stat[1] != started:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)

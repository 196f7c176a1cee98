"""Child processes stop with their parent: real `linfen-etl serve` / `nightly` processes, real signals.

Each test starts the CLI in its own session, waits until its Prefect server is up, signals the CLI
process only (never its group), and then requires every process that was below it to be gone.
Processes are followed through /proc (pid + start time, so a reused pid is never mistaken for one of
ours); these tests need Linux.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from linfen_etl.child_processes import SERVERS_DIR, stop_orphaned_servers

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="follows processes via /proc")

STARTUP_TIMEOUT = 240.0  # a first Prefect server start runs its migrations: slow on 2 busy cores
TEMPORARY_SERVER = "prefect.server.api.server:create_app"  # in the command line of Prefect's own server

Process = tuple[int, int]  # pid, start time (clock ticks since boot)


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a live process; None when gone or a zombie nobody reaped yet."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text(errors="replace")
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else (int(fields[1]), int(fields[19]))


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return ""


def descendants(root: int) -> dict[Process, str]:
    """Every live process below ``root``, with its command line."""
    children: dict[int, list[Process]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[0], []).append((int(entry.name), stat[1]))
    found: dict[Process, str] = {}
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found[child] = _cmdline(child[0])
            stack.append(child[0])
    return found


def alive(process: Process) -> bool:
    stat = _stat(process[0])
    return stat is not None and stat[1] == process[1]


def wait_for(condition: Callable[[], object], timeout: float, what: str, cli: subprocess.Popen, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        if cli.poll() is not None:
            pytest.fail(f"the CLI exited ({cli.returncode}) before {what}:\n{log.read_text()[-3000:]}")
        time.sleep(0.25)
    pytest.fail(f"no {what} after {timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")


def assert_all_gone(processes: dict[Process, str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(alive(p) for p in processes):
        time.sleep(0.25)
    survivors = {p[0]: cmd for p, cmd in processes.items() if alive(p)}
    assert not survivors, f"orphaned: {survivors}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        return requests.get(f"{api_url}/health", timeout=2).status_code == 200
    except requests.RequestException:
        return False


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a fresh user: own data dir and Prefect home, no Prefect server configured."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "LINFEN_ETL_"))}
    return env | {"LINFEN_ETL_DATA_DIR": str(tmp_path / "data"), "PREFECT_HOME": str(tmp_path / "prefect")}


@pytest.fixture
def start_cli(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen, Path]]]:
    """Start `linfen-etl <args>` in its own session; whatever is left of its tree is killed afterwards."""
    started: list[subprocess.Popen] = []
    seen: dict[Process, str] = {}

    def start(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, Path]:
        log = tmp_path / f"cli-{len(started)}.log"
        with log.open("wb") as out:
            cli = subprocess.Popen(
                [sys.executable, "-m", "linfen_etl", *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(cli)
        return cli, log

    def remember() -> None:
        for cli in started:
            seen.update(descendants(cli.pid))

    start.remember = remember  # type: ignore[attr-defined]
    yield start
    for process in seen:
        if alive(process):
            os.kill(process[0], signal.SIGKILL)
    for cli in started:
        if cli.poll() is None:
            cli.kill()
        cli.wait()


@pytest.mark.slow
def test_serve_stopped_with_sigterm_stops_its_server_and_worker(cli_env: dict[str, str], start_cli) -> None:
    port = _free_port()
    serve, log = start_cli(["serve", "--port", str(port)], cli_env)
    api_url = f"http://127.0.0.1:{port}/api"
    wait_for(lambda: _healthy(api_url), STARTUP_TIMEOUT, "healthy Prefect server", serve, log)

    def worker_started() -> dict[Process, str]:
        tree = descendants(serve.pid)
        return tree if any("worker start" in cmd for cmd in tree.values()) else {}

    tree = wait_for(worker_started, STARTUP_TIMEOUT, "worker", serve, log)
    start_cli.remember()
    assert any("server start" in cmd for cmd in tree.values()), tree

    serve.send_signal(signal.SIGTERM)  # as a service manager stops it: the serve process only
    serve.wait(timeout=90)
    assert_all_gone(tree)
    assert serve.returncode == 0, log.read_text(errors="replace")[-3000:]  # a requested stop, cleanly done
    assert not _healthy(api_url)


@pytest.mark.slow
def test_nightly_stopped_with_sigterm_leaves_no_process_behind(
    cli_env: dict[str, str], start_cli, replica_site, tmp_path: Path
) -> None:
    replica_site.reset()
    # A polite delay keeps the crawl running long after its first request, when the signal comes.
    env = cli_env | {"LINFEN_ETL_BASE_URL": replica_site.base_url, "LINFEN_ETL_REQUEST_DELAY": "0.5"}
    nightly, log = start_cli(["nightly"], env)

    def crawling() -> dict[Process, str]:
        tree = descendants(nightly.pid)
        server_up = any(TEMPORARY_SERVER in cmd for cmd in tree.values())
        return tree if server_up and replica_site.requests else {}

    tree = wait_for(crawling, STARTUP_TIMEOUT, "crawl with the temporary server up", nightly, log)
    start_cli.remember()

    nightly.send_signal(signal.SIGTERM)
    nightly.wait(timeout=90)
    assert_all_gone(tree)
    # An exit, not a death by the signal: cleanup ran, and the status still says "terminated".
    assert nightly.returncode == 128 + signal.SIGTERM, log.read_text(errors="replace")[-3000:]
    data_dir = tmp_path / "data"
    assert not (data_dir / "run.lock").exists()  # finally blocks ran: the run lock is released
    assert not list((data_dir / SERVERS_DIR).glob("*.json"))  # and the server record with the server


@pytest.mark.slow
def test_the_next_run_stops_the_temporary_server_a_sigkilled_run_left(
    cli_env: dict[str, str], start_cli, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    # Nothing listens on port 9: the run fails soon after its server is up, unless killed first.
    env = cli_env | {"LINFEN_ETL_BASE_URL": "http://127.0.0.1:9/"}
    nightly, log = start_cli(["nightly"], env)
    records = wait_for(
        lambda: list((data_dir / SERVERS_DIR).glob("*.json")), STARTUP_TIMEOUT, "server record", nightly, log
    )
    server_pid = json.loads(records[0].read_text())["pid"]
    server = (server_pid, _stat(server_pid)[1])
    start_cli.remember()
    assert stop_orphaned_servers(data_dir) == []  # its parent still runs it: left alone

    nightly.send_signal(signal.SIGKILL)  # no handler runs: Prefect cannot stop its server
    nightly.wait(timeout=30)
    time.sleep(1)
    assert alive(server), "expected the orphan this test is about"

    assert stop_orphaned_servers(data_dir) == [server_pid]  # what the next run does first
    assert_all_gone({server: ""}, timeout=15)
    assert not list((data_dir / SERVERS_DIR).glob("*.json"))


def test_a_child_started_with_die_with_parent_gets_sigterm_when_the_parent_is_sigkilled() -> None:
    parent_code = (
        "import subprocess, sys, time\n"
        "from linfen_etl.child_processes import die_with_parent\n"
        "child = subprocess.Popen(['sleep', '120'], preexec_fn=die_with_parent())\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True)
    try:
        child_pid = int(parent.stdout.readline())
        child = (child_pid, _stat(child_pid)[1])
        parent.kill()
        parent.wait(timeout=10)
        assert_all_gone({child: "sleep"}, timeout=10)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        parent.stdout.close()


def test_with_a_served_api_no_temporary_server_is_started_or_imported(tmp_path: Path) -> None:
    """Under ``make serve`` (PREFECT_API_URL set) the CLI neither starts Prefect's temporary server nor
    imports its modules (seconds of a quiet night, issue 12)."""
    code = (
        "import sys; from pathlib import Path; "
        "from linfen_etl.child_processes import start_temporary_server; "
        f"start_temporary_server(Path({str(tmp_path)!r})); "
        "print('prefect.server.api.server' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env |= {"PREFECT_API_URL": "http://127.0.0.1:9/api", "PREFECT_HOME": str(tmp_path / "prefect")}
    completed = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    assert completed.stdout.strip() == "False"
    assert not (tmp_path / SERVERS_DIR).exists()

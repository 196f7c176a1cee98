"""Run the Prefect pieces of a one-machine deployment as child processes.

Used by ``linfen-etl serve`` and by the deployment test: a Prefect server on loopback, the process work
pool named in ``prefect.yaml``, ``prefect --no-prompt deploy --all``, and a worker. Each child runs in its
own session so that Ctrl-C reaches only this process, which then stops the children in order. On Linux
each child also gets SIGTERM from the kernel when this process dies, even by SIGKILL (``die_with_parent``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import requests
import yaml

from linfen_etl.child_processes import die_with_parent

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFECT_FILE = PROJECT_ROOT / "prefect.yaml"


class PrefectServeError(RuntimeError):
    """A Prefect child process failed; the message carries its output."""


def prefect_command(*args: str) -> list[str]:
    """``prefect …`` with this interpreter's Prefect, whatever the PATH."""
    return [sys.executable, "-m", "prefect", *args]


def work_pool_names(prefect_file: Path = PREFECT_FILE) -> list[str]:
    """The work pools the deployments in ``prefect.yaml`` use (they must exist before deploying)."""
    config = yaml.safe_load(prefect_file.read_text(encoding="utf-8"))
    names = {d["work_pool"]["name"] for d in config.get("deployments", []) if d.get("work_pool")}
    if not names:
        raise PrefectServeError(f"{prefect_file}: no deployment names a work_pool")
    return sorted(names)


def start_server(host: str, port: int, env: Mapping[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """``prefect server start`` on ``host:port``; its output goes to ``log_path``."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(
            prefect_command("server", "start", "--host", host, "--port", str(port)),
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # Safe with threads: it only calls prctl/getppid/kill, which take no lock a fork could copy held.
            preexec_fn=die_with_parent(),  # noqa: PLW1509
        )


def wait_until_healthy(
    api_url: str, *, timeout: float = 120.0, server: subprocess.Popen[bytes] | None = None
) -> None:
    """Poll ``<api>/health`` until the server answers, or fail with a clear message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise PrefectServeError(
                f"Prefect server exited with code {server.returncode} before it was ready"
            )
        try:
            if requests.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise PrefectServeError(f"Prefect server at {api_url} not healthy after {timeout:.0f} s")


def run_prefect(args: list[str], env: Mapping[str, str], *, cwd: Path = PROJECT_ROOT) -> str:
    """Run one Prefect CLI command to completion; its output, or an error naming the command."""
    completed = subprocess.run(
        prefect_command(*args), env=dict(env), cwd=cwd, capture_output=True, text=True, check=False
    )
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise PrefectServeError(f"`prefect {' '.join(args)}` failed ({completed.returncode}):\n{output}")
    return output


def ensure_work_pool(name: str, env: Mapping[str, str]) -> bool:
    """Create the process work pool unless it exists (an existing pool keeps its settings)."""
    inspected = subprocess.run(
        prefect_command("work-pool", "inspect", name), env=dict(env), capture_output=True, check=False
    )
    if inspected.returncode == 0:
        return False
    run_prefect(["work-pool", "create", name, "--type", "process"], env)
    return True


def deploy_all(env: Mapping[str, str], *, project_dir: Path = PROJECT_ROOT) -> str:
    """``prefect --no-prompt deploy --all`` from the project root (where prefect.yaml lives)."""
    return run_prefect(["--no-prompt", "deploy", "--all"], env, cwd=project_dir)


def start_worker(
    pool: str, env: Mapping[str, str], log_path: Path | None = None, *, run_once: bool = False
) -> subprocess.Popen[bytes]:
    args = ["worker", "start", "--pool", pool, "--type", "process"]
    if run_once:
        args.append("--run-once")
    log = log_path.open("ab") if log_path else None
    try:
        return subprocess.Popen(
            prefect_command(*args),
            env=dict(env),
            cwd=PROJECT_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT if log else None,
            start_new_session=True,
            # Safe with threads: it only calls prctl/getppid/kill, which take no lock a fork could copy held.
            preexec_fn=die_with_parent(),  # noqa: PLW1509
        )
    finally:
        if log:
            log.close()


def stop(process: subprocess.Popen[bytes], *, timeout: float = 20.0) -> None:
    """SIGTERM the child's process group (it started its own session), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)

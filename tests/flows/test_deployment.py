"""prefect.yaml really deploys: a real Prefect server on loopback, the work pool, `deploy --all`, the
nightly schedule read back, and a worker running a triggered nightly against the replica."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.settings import PREFECT_API_URL, temporary_settings

from linfen_etl import prefect_server as ps


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    home = tmp_path_factory.mktemp("prefect-server-home")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "LINFEN_ETL_"))}
    env |= {"PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    server = ps.start_server("127.0.0.1", port, env, home / "server.log")
    api_url = f"http://127.0.0.1:{port}/api"
    try:
        ps.wait_until_healthy(api_url, server=server, timeout=120)
        yield api_url, env | {"PREFECT_API_URL": api_url}
    finally:
        ps.stop(server)


def test_deploy_all_schedules_nightly_and_a_worker_runs_it(
    prefect_server: tuple[str, dict[str, str]], replica_site, tmp_path: Path
) -> None:
    api_url, env = prefect_server
    for pool in ps.work_pool_names():
        assert ps.ensure_work_pool(pool, env) is True
        assert ps.ensure_work_pool(pool, env) is False  # idempotent
    ps.deploy_all(env)

    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        nightly = client.read_deployment_by_name("nightly/nightly")
        assert [(s.schedule.cron, s.schedule.timezone, s.active) for s in nightly.schedules] == [
            ("30 2 * * *", "Asia/Shanghai", True)
        ]
        assert nightly.global_concurrency_limit is not None
        assert nightly.global_concurrency_limit.limit == 1
        assert nightly.work_pool_name == "linfen-process"
        for name in ("backfill/backfill", "replay/replay"):
            deployment = client.read_deployment_by_name(name)
            assert deployment.schedules == []

        data_dir = tmp_path / "data"
        flow_run = client.create_flow_run_from_deployment(
            nightly.id, parameters={"base_url": replica_site.base_url, "data_dir": str(data_dir)}
        )
        worker_env = env | {"LINFEN_ETL_REQUEST_DELAY": "0.01"}
        worker = ps.start_worker("linfen-process", worker_env, tmp_path / "worker.log")
        try:
            final = _wait_for_final_state(client, flow_run, timeout=150)
        finally:
            ps.stop(worker)
    worker_log = (tmp_path / "worker.log").read_text(errors="replace")
    assert final.state is not None
    assert final.state.is_completed(), f"{final.state!r}\n{worker_log[-4000:]}"
    assert (data_dir / "warehouse.sqlite").exists()
    assert (data_dir / "reports" / "index.html").exists()


def _wait_for_final_state(client, flow_run: FlowRun, *, timeout: float) -> FlowRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = client.read_flow_run(flow_run.id)
        if current.state is not None and current.state.is_final():
            return current
        time.sleep(1)
    raise AssertionError(f"flow run {flow_run.name} not finished after {timeout} s: {current.state!r}")

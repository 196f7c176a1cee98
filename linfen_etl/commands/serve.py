"""``linfen-etl serve``: Prefect server + work pool + deployments + worker on this machine."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console

from config.settings import get_settings
from linfen_etl.child_processes import Terminated
from linfen_etl.cli import app
from linfen_etl.prefect_env import apply_quiet_prefect_defaults


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port of the local Prefect server (UI + API).")] = 4200,
    host: Annotated[str, typer.Option(help="Interface the local Prefect server listens on.")] = "127.0.0.1",
) -> None:
    """Start a local Prefect server (unless PREFECT_API_URL points at one), create the work pool,
    deploy every flow in prefect.yaml and run a worker, so the 02:30 Asia/Shanghai schedule fires.
    Ctrl-C or SIGTERM stops the worker and the server."""
    from linfen_etl import prefect_server as ps

    console = Console()
    settings = get_settings()
    apply_quiet_prefect_defaults(settings.data_dir)
    env = dict(os.environ)
    logs_dir = settings.data_dir / "prefect" / "logs"
    children = []
    try:
        if env.get("PREFECT_API_URL"):
            api_url = env["PREFECT_API_URL"].rstrip("/")
            console.print(f"using the Prefect server at [bold]{api_url}[/bold] (PREFECT_API_URL)")
            ps.wait_until_healthy(api_url, timeout=30)
        else:
            api_url = f"http://{host}:{port}/api"
            console.print(f"starting Prefect server on http://{host}:{port} (log: {logs_dir / 'server.log'})")
            server = ps.start_server(host, port, env, logs_dir / "server.log")
            children.append(server)
            ps.wait_until_healthy(api_url, server=server)
            env["PREFECT_API_URL"] = api_url
        pools = ps.work_pool_names()
        for pool in pools:
            created = ps.ensure_work_pool(pool, env)
            console.print(f"work pool [bold]{pool}[/bold] {'created' if created else 'exists'}")
        ps.deploy_all(env)
        console.print("deployed: nightly (30 2 * * * Asia/Shanghai), backfill, replay — see prefect.yaml")
        for pool in pools:
            children.append(ps.start_worker(pool, env))
        console.print(f"worker running; UI at {api_url.removesuffix('/api')}  — Ctrl-C stops everything")
        children[-1].wait()
    except (KeyboardInterrupt, Terminated):
        # A requested stop (Ctrl-C, a service manager's SIGTERM) is a clean exit once children are stopped.
        console.print("stopping…")
    except ps.PrefectServeError as error:
        console.print(f"[red]serve failed:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        for child in reversed(children):
            ps.stop(child)

"""``linfen-etl demo``: the whole pipeline offline against the bundled replica site, twice."""

from __future__ import annotations

import os
import time

import sqlalchemy as sa
import typer
from rich.console import Console

from config.settings import get_settings
from linfen_etl.cli import app
from linfen_etl.flow_cli import prepare_flow_environment, print_summary, run_with_progress

# The replica runs on this machine, so the demo may crawl it fast. Only the demo does this: the default
# (1 s between requests, jittered) stays in force for every real site.
DEMO_REQUEST_DELAY = "0.05"
FACT_TABLES = ("fact_stage_total", "fact_project_event")


@app.command()
def demo() -> None:
    """Serve sample_site/ on 127.0.0.1, run `nightly` against it twice into the default SQLite
    warehouse (the second run must add nothing), build the report, print where everything is."""
    console = Console()
    os.environ["LINFEN_ETL_REQUEST_DELAY"] = DEMO_REQUEST_DELAY
    prepare_flow_environment()
    from flows.nightly import nightly
    from linfen_etl.replica_server import SAMPLE_SITE, serve_directory

    settings = get_settings()
    started = time.perf_counter()
    counts: list[dict[str, int]] = []
    with serve_directory(SAMPLE_SITE) as base_url:
        console.print(
            f"replica site: {base_url} (request delay {DEMO_REQUEST_DELAY} s, for this local demo only)"
        )
        for attempt in (1, 2):
            console.rule(f"nightly run {attempt}")
            stats = run_with_progress(lambda url=base_url: nightly(base_url=url))
            print_summary(stats)
            counts.append(fact_counts(settings.resolved_warehouse_url))
            console.print("fact rows: " + ", ".join(f"{t} = {n}" for t, n in counts[-1].items()))

    console.rule("demo summary")
    if counts[0] == counts[1]:
        console.print("[green]second run added nothing: loads are idempotent[/green]")
    else:
        console.print(f"[red]second run changed the fact counts: {counts[0]} → {counts[1]}[/red]")
        raise typer.Exit(1)
    console.print(f"warehouse : {settings.resolved_warehouse_url}")
    console.print(f"raw archive: {settings.archive_dir.resolve()}")
    console.print(f"Data Docs : {(settings.data_docs_dir / 'index.html').resolve()}")
    console.print(f"took {time.perf_counter() - started:.1f} s")
    # Last, so the demo ends with what to open: the report (one file, works offline from file://).
    console.print(f"report    : {(settings.reports_dir / 'index.html').resolve()}")


def fact_counts(warehouse_url: str) -> dict[str, int]:
    from warehouse.engine import make_engine

    engine = make_engine(warehouse_url)
    try:
        with engine.connect() as connection:
            return {
                table: connection.execute(
                    sa.select(sa.func.count()).select_from(sa.table(table))
                ).scalar_one()
                for table in FACT_TABLES
            }
    finally:
        engine.dispose()

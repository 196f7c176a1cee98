"""``linfen-etl report``: rebuild the HTML trend report from the warehouse views."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from config.settings import get_settings
from linfen_etl.cli import app


@app.command()
def report(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Directory to write index.html to (default: <data dir>/reports).", file_okay=False
        ),
    ] = None,
    warehouse_url: Annotated[
        str | None, typer.Option(help="Warehouse SQLAlchemy URL (overrides LINFEN_ETL_WAREHOUSE_URL).")
    ] = None,
) -> None:
    """Write index.html: trend per stage, county and zone leaderboards, industry mix, lifecycle funnel,
    time to stage, data quality of the last run. One self-contained file that opens offline."""
    from expectations.gate import data_docs_index
    from report.page import build_report
    from warehouse.migrate import current_warehouse

    settings = get_settings(warehouse_url=warehouse_url)
    with current_warehouse(settings.resolved_warehouse_url) as engine:
        path = build_report(engine, out or settings.reports_dir, data_docs_index=data_docs_index(settings))
    Console().print(f"report: [bold]{path.resolve()}[/bold]")

"""``linfen-etl report``: rebuild the HTML trend report from the warehouse views."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from linfen_etl.cli import app
from linfen_etl.settings import get_settings


@app.command()
def report(
    warehouse_url: Annotated[
        str | None, typer.Option(help="Warehouse SQLAlchemy URL (overrides LINFEN_ETL_WAREHOUSE_URL).")
    ] = None,
) -> None:
    """Write <data dir>/reports/index.html: campaign trend, zones, industries, project lifecycle."""
    from linfen_etl.report import build_report
    from warehouse import migrate
    from warehouse.engine import make_engine

    settings = get_settings(warehouse_url=warehouse_url)
    engine = make_engine(settings.resolved_warehouse_url)
    try:
        migrate.ensure_current(engine)
        path = build_report(engine, settings.reports_dir)
    finally:
        engine.dispose()
    Console().print(f"report: [bold]{path.resolve()}[/bold]")

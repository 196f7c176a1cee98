"""``linfen-etl dq report``: the latest data-quality results and quarantined rows, from the warehouse."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config.settings import get_settings
from linfen_etl.cli import app

dq_app = typer.Typer(help="Data-quality results and quarantine.", no_args_is_help=True)
app.add_typer(dq_app, name="dq")


@dq_app.command("report")
def dq_report(
    run: Annotated[
        str | None, typer.Option("--run", help="Run id (default: the latest run with results).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most quarantined rows to print.")] = 50,
    all_results: Annotated[
        bool, typer.Option("--all", help="Also list the expectations that passed.")
    ] = False,
    warehouse_url: Annotated[
        str | None, typer.Option(help="Warehouse SQLAlchemy URL (overrides LINFEN_ETL_WAREHOUSE_URL).")
    ] = None,
) -> None:
    """Print a run's validation results (failures first) and its quarantined rows with their reasons."""
    from expectations.report import NoDqResults, read_dq_report
    from warehouse.migrate import current_warehouse

    settings = get_settings(warehouse_url=warehouse_url)
    try:
        with current_warehouse(settings.resolved_warehouse_url) as engine:
            report = read_dq_report(engine, run, quarantine_limit=limit)
    except NoDqResults as error:
        Console(stderr=True).print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error

    console = Console()
    run_row = report.run
    console.print(
        f"run [bold]{run_row['run_id']}[/bold] ({run_row['flow_name']}, {run_row['status']}), "
        f"started {run_row['started_at']:%Y-%m-%d %H:%M}"
    )
    console.print(f"Data Docs: {settings.data_docs_dir.resolve() / 'index.html'}")
    shown = report.results if all_results else report.failed
    passed = len(report.results) - len(report.failed)
    results = Table(title=f"Validation results: {len(report.failed)} failed, {passed} passed")
    for column in ("suite", "expectation", "severity", "ok", "unexpected", "observed / examples"):
        results.add_column(column)
    for r in shown:
        details = r["details"] or {}
        observed = (
            r["observed"] if r["observed"] is not None else ", ".join(map(str, details.get("examples", [])))
        )
        results.add_row(
            r["suite"],
            r["expectation"],
            r["severity"],
            "yes" if r["success"] else "[red]NO[/red]",
            "" if r["unexpected_count"] is None else str(r["unexpected_count"]),
            observed or "",
        )
    console.print(results)
    quarantine = Table(
        title=f"Quarantined rows: {report.quarantine_total} (showing {len(report.quarantine)})"
    )
    for column in ("table", "row key", "expectation", "observed", "reason"):
        quarantine.add_column(column, overflow="fold")
    for q in report.quarantine:
        quarantine.add_row(
            q["table_name"], q["row_key"], q["expectation"], q["observed_value"] or "", q["reason"]
        )
    console.print(quarantine)

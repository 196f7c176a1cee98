"""``linfen-etl projects review``: project pairs that look alike but were not merged, for a person to decide."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config.settings import get_settings
from linfen_etl.cli import app

projects_app = typer.Typer(help="Projects followed across rounds (resolution).", no_args_is_help=True)
app.add_typer(projects_app, name="projects")


@projects_app.command("review")
def review(
    warehouse_url: Annotated[
        str | None, typer.Option(help="Warehouse SQLAlchemy URL (overrides LINFEN_ETL_WAREHOUSE_URL).")
    ] = None,
) -> None:
    """Print the ambiguous and look-alike project pairs that resolution left apart (v_project_review)."""
    from warehouse.migrate import current_warehouse
    from warehouse.views import read_view

    settings = get_settings(warehouse_url=warehouse_url)
    with current_warehouse(settings.resolved_warehouse_url) as engine:
        pairs = read_view(engine, "v_project_review", order_by=["county", "project_name_a", "project_name_b"])

    table = Table(title=f"Projects to review: {len(pairs)} look-alike pairs not merged")
    for column in ("county", "project", "looks like", "similarity", "why not merged"):
        table.add_column(column, overflow="fold", justify="right" if column == "similarity" else "left")
    for pair in pairs.to_dict("records"):
        table.add_row(
            pair["county"],
            pair["project_name_a"],
            pair["project_name_b"],
            f"{pair['similarity']:.1f}",
            pair["reason"],
        )
    Console().print(table)
    if len(pairs):
        typer.echo("Merge rule and thresholds: docs/warehouse.md, section Project resolution.")

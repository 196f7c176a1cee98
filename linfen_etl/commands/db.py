"""``linfen-etl db``: warehouse schema commands."""

from __future__ import annotations

import typer

from config.settings import get_settings
from linfen_etl.cli import app

db_app = typer.Typer(
    help="Warehouse schema: migrate to the newest revision, show the current one.", no_args_is_help=True
)
app.add_typer(db_app, name="db")

WarehouseUrlOption = typer.Option(
    None, "--warehouse-url", help="SQLAlchemy URL (default: LINFEN_ETL_WAREHOUSE_URL or the SQLite file)."
)


@db_app.command("upgrade")
def upgrade(warehouse_url: str | None = WarehouseUrlOption) -> None:
    """Bring the warehouse schema to the newest revision (creates it when empty)."""
    from warehouse import migrate
    from warehouse.engine import make_engine

    settings = get_settings(warehouse_url=warehouse_url)
    engine = make_engine(settings.resolved_warehouse_url)
    try:
        before = migrate.schema_state(engine)
        after = migrate.upgrade(engine)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    previous = ", ".join(before.current) or "empty"
    typer.echo(f"warehouse {where}: {previous} -> {', '.join(after.current)} (head)")


@db_app.command("current")
def current(warehouse_url: str | None = WarehouseUrlOption) -> None:
    """Show the warehouse's schema revision; exit status 1 unless it is at head."""
    from warehouse import migrate
    from warehouse.engine import make_engine

    settings = get_settings(warehouse_url=warehouse_url)
    engine = make_engine(settings.resolved_warehouse_url)
    try:
        state = migrate.schema_state(engine)
        migrate.ensure_current(engine)
    except migrate.WarehouseSchemaError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    finally:
        engine.dispose()
    typer.echo(f"{', '.join(state.current)} (head)")

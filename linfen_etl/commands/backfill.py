"""``linfen-etl backfill``: crawl and load a date or list-page range of history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from linfen_etl.cli import app
from linfen_etl.flow_cli import prepare_flow_environment, print_summary, run_with_progress, with_flow_timeout


@app.command()
def backfill(
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Oldest publication date (inclusive).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Newest publication date (inclusive).")
    ] = None,
    pages: Annotated[int | None, typer.Option(min=1, help="List pages per channel to walk back.")] = None,
    base_url: Annotated[
        str | None, typer.Option(help="Site to crawl (overrides LINFEN_ETL_BASE_URL).")
    ] = None,
    page_cap: Annotated[int | None, typer.Option(min=1, help="Most list + article pages this run.")] = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Articles per extract/validate/load batch [default: 500].")
    ] = None,
) -> None:
    """Backfill history; resumable: run it again after an interruption and it continues."""
    if since is None and pages is None:
        raise typer.BadParameter("give --since (a date range) or --pages (list pages per channel)")
    prepare_flow_environment()
    from flows.backfill import backfill as backfill_flow

    stats = run_with_progress(
        lambda: with_flow_timeout(backfill_flow)(
            since=_date(since),
            until=_date(until),
            pages=pages,
            base_url=base_url,
            page_cap=page_cap,
            batch_size=batch_size,
        )
    )
    print_summary(stats)


def _date(value: datetime | None) -> date | None:
    return value.date() if value else None

"""``linfen-etl replay``: rebuild the warehouse facts from the raw archive, no network."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from linfen_etl.cli import app
from linfen_etl.flow_cli import prepare_flow_environment, print_summary, run_with_progress, with_flow_timeout


@app.command()
def replay(
    since: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Oldest publication date (inclusive).")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Newest publication date (inclusive).")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Articles per extract/validate/load batch [default: 500].")
    ] = None,
) -> None:
    """Re-run parse → extract → validate → load over the archive (all of it, or a date range)."""
    prepare_flow_environment()
    from flows.replay import replay as replay_flow

    stats = run_with_progress(
        lambda: with_flow_timeout(replay_flow)(
            since=since.date() if since else None,
            until=until.date() if until else None,
            batch_size=batch_size,
        )
    )
    print_summary(stats)

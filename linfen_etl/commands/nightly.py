"""``linfen-etl nightly``: one night's run, in this process."""

from __future__ import annotations

from typing import Annotated

import typer

from linfen_etl.cli import app
from linfen_etl.flow_cli import prepare_flow_environment, print_summary, run_with_progress, with_flow_timeout


@app.command()
def nightly(
    base_url: Annotated[
        str | None, typer.Option(help="Site to crawl (overrides LINFEN_ETL_BASE_URL), e.g. a replica.")
    ] = None,
    page_cap: Annotated[int | None, typer.Option(min=1, help="Most list + article pages this run.")] = None,
) -> None:
    """Crawl new articles, extract, validate, load, refresh the report; print a summary."""
    prepare_flow_environment()
    from flows.nightly import nightly as nightly_flow

    stats = run_with_progress(lambda: with_flow_timeout(nightly_flow)(base_url=base_url, page_cap=page_cap))
    print_summary(stats)

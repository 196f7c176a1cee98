"""``linfen-etl crawl``: fetch new articles (or a backfill range) into the raw archive."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from config.settings import get_settings
from extractors.crawl import CrawlEvent, CrawlSummary, crawl, crawl_health
from linfen_etl.cli import app


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter(f"--since {value!r}: expected YYYY-MM-DD") from exc


def _print_summary(console: Console, summary: CrawlSummary) -> None:
    table = Table(title=f"crawl ({summary.mode}) of {summary.base_url}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("requests made", str(summary.requests_made))
    table.add_row("new articles", str(len(summary.new_article_urls)))
    table.add_row("list pages not modified (304)", str(summary.not_modified))
    table.add_row(
        "list / article pages fetched", f"{summary.list_pages_fetched} / {summary.article_pages_fetched}"
    )
    table.add_row("skipped by robots.txt", str(len(summary.robots_skipped)))
    for reason, count in sorted(summary.failures.items()):
        table.add_row(f"failed: {reason}", str(count))
    table.add_row("site-structure drift", str(len(summary.drift_findings)))
    table.add_row("stopped at page cap", "yes" if summary.capped else "no")
    table.add_row("complete", "yes" if summary.completed else "no (run again to resume)")
    table.add_row("duration", f"{summary.duration:.1f} s")
    console.print(table)
    for finding in summary.drift_findings:
        console.print(f"[yellow]drift[/] {finding['kind']}: {finding['url']} ({finding['detail']})")


@app.command("crawl")
def crawl_command(
    base_url: Annotated[str | None, typer.Option(help="Site to crawl: the live site or a replica.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Backfill articles published on or after YYYY-MM-DD.")
    ] = None,
    pages: Annotated[
        int | None, typer.Option(min=0, help="Backfill list pages root..index_N of every channel.")
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="Archive and state root (LINFEN_ETL_DATA_DIR).")
    ] = None,
    request_delay: Annotated[float | None, typer.Option(min=0.0, help="Seconds between requests.")] = None,
    page_cap: Annotated[int | None, typer.Option(min=1, help="Most list+article pages this run.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Fetch new articles into the raw archive (incremental), or backfill with --since / --pages."""
    if since is not None and pages is not None:
        raise typer.BadParameter("give either --since or --pages, not both")
    settings = get_settings(
        base_url=base_url, data_dir=data_dir, request_delay=request_delay, page_cap=page_cap
    )
    console = Console(stderr=as_json)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("robots.txt", total=settings.page_cap)

        def progress(event: CrawlEvent) -> None:
            bar.update(task, completed=event.pages_fetched, description=f"{event.kind} {event.url}")

        summary = crawl(settings, since=_parse_date(since), pages=pages, progress=progress)
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_summary(console, summary)
    health = crawl_health(summary)
    for cause in health.causes:
        console.print(f"[{'red' if health.status == 'failed' else 'yellow'}]{cause}[/]")
    if health.status == "failed":
        raise typer.Exit(code=1)

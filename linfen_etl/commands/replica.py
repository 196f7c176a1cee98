"""``linfen-etl replica``: regenerate the static replica site (``sample_site/``) from the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extractors.replica import CorpusError, build_replica
from linfen_etl.cli import app


@app.command("replica")
def replica_command(
    corpus: Annotated[Path, typer.Option(help="Labelled corpus directory.")] = Path("corpus"),
    out: Annotated[Path, typer.Option(help="Output directory (only a generated one is overwritten).")] = Path(
        "sample_site"
    ),
    page_size: Annotated[int, typer.Option(min=1, help="Articles per list page.")] = 5,
    index_one: Annotated[
        str, typer.Option(help="'repeat': index_1.html repeats the root (DedeCMS); 'next': it is page 2.")
    ] = "repeat",
) -> None:
    """Regenerate the local replica of 临汾新闻网 from the corpus (unchanged files are left alone)."""
    if index_one not in ("repeat", "next"):
        raise typer.BadParameter("--index-one must be 'repeat' or 'next'")
    try:
        manifest = build_replica(corpus, out, page_size=page_size, index_one=index_one)
    except CorpusError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    for warning in manifest.warnings:
        typer.echo(f"warning: {warning}", err=True)
    pages = sum(len(p) for p in manifest.list_pages.values())
    typer.echo(
        f"{out}: {len(manifest.articles)} articles, {len(manifest.list_pages)} channels, {pages} list pages;"
        f" {len(manifest.written)} files written, {len(manifest.removed)} removed"
    )

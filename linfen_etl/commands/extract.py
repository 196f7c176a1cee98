"""``linfen-etl extract PATH... [--published YYYY-MM-DD]``: announcements from text/HTML files as JSON."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from config.settings import get_settings
from linfen_etl.cli import app
from transforms.extract import extract_article
from transforms.html_text import html_to_text


class InputError(Exception):
    """A file that cannot be read or decoded; the message names it."""


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM) or GBK/GB2312 (read as their superset GB18030)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: neither UTF-8 nor GB18030 text")


def read_article(path: Path) -> tuple[str | None, str]:
    """(title or None, text) of one input file; HTML by extension or by content."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    head = data[:512].lstrip().lower()
    if path.suffix.lower() in (".html", ".htm") or head.startswith((b"<!doctype html", b"<html")):
        title, text = html_to_text(data)
        return (title or None), text
    return None, decode_text(data, path)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Plain-text (title on line 1) or HTML files.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publish date YYYY-MM-DD: resolves event dates such as 2月6日 and 今年."),
    ] = None,
) -> None:
    """Extract campaign, stage totals and projects from article files; print a JSON array."""
    published_date: date | None = None
    if published is not None:
        try:
            published_date = date.fromisoformat(published)
        except ValueError as exc:
            raise typer.BadParameter(
                f"not a date (YYYY-MM-DD): {published!r}", param_hint="--published"
            ) from exc
    results = []
    failed = 0
    budget = get_settings().max_article_chars
    for path in paths:
        try:
            title, text = read_article(path)
            if len(text) > budget:
                raise InputError(
                    f"{path}: {len(text):,} characters of text, over the extraction budget of {budget:,} "
                    "(LINFEN_ETL_MAX_ARTICLE_CHARS)"
                )
        except InputError as exc:
            failed += 1
            typer.echo(f"error: {exc}", err=True)
            continue
        extraction = extract_article(text, title=title, published=published_date, source=str(path))
        results.append(extraction.to_dict())
    json.dump(results, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    if failed:
        raise typer.Exit(code=1)

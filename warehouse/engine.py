"""The one warehouse engine: built once from a URL and passed to every function that needs it."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine, ExceptionContext, make_url

from config.settings import Settings


def make_engine(url: str, **engine_options: Any) -> Engine:
    """An Engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://…``).

    SQLite gets foreign keys enforced and WAL journaling on every connection (SQLite enforces
    neither by default); its parent directory is created. ``postgresql://`` URLs are routed to
    psycopg 3, the only PostgreSQL driver installed.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, **engine_options)
        sa.event.listen(engine, "connect", _configure_sqlite_connection)
    elif backend == "postgresql":
        engine = sa.create_engine(parsed, pool_pre_ping=True, **engine_options)
    else:
        raise ValueError(
            f"unsupported warehouse URL {parsed.render_as_string(hide_password=True)!r}: "
            "use sqlite:///path or postgresql+psycopg://user:pass@host/db"
        )
    sa.event.listen(engine, "handle_error", _name_the_warehouse)
    return engine


def engine_from_settings(settings: Settings) -> Engine:
    """The engine for ``settings.resolved_warehouse_url`` (default: SQLite under the data dir)."""
    return make_engine(settings.resolved_warehouse_url)


def _name_the_warehouse(context: ExceptionContext) -> None:
    """Tag a database error with the warehouse URL (password hidden), which the error itself lacks,
    so the CLI's one-line message can say which warehouse is corrupt or unreachable."""
    exception = context.sqlalchemy_exception
    if exception is not None:
        url = context.engine.url.render_as_string(hide_password=True)
        exception.warehouse_url = url  # type: ignore[attr-defined]  # read by linfen_etl.errors


def _configure_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # WAL makes NORMAL durable against application crashes; only an OS crash may lose the last commit.
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    # A bulk load touches many index pages; the default 2 MB page cache thrashes on 100k-row batches.
    cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()

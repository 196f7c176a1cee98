"""Bulk reads and writes shared by the loaders, on SQLite and PostgreSQL.

- :func:`write` / :func:`upsert`: dialect-aware ``INSERT … ON CONFLICT`` of many rows at once.
  SQLite gets one executemany per chunk; PostgreSQL gets COPY (straight into the table for rows
  known to be new, else into a temporary table and one ``INSERT … SELECT … ON CONFLICT``), and a
  large insert checks its foreign keys in one pass (:func:`foreign_keys_checked_in_bulk`).
- :func:`fetch_in` / :func:`key_map`: stored rows or surrogate keys for many natural keys.
- :func:`records` / :func:`column_values`: DataFrame rows and columns as plain Python values.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pandas as pd
import psycopg
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

CHUNK = 5_000  # rows per executemany / keys per IN list (well under both databases' limits)
# PostgreSQL bulk foreign-key checks (see foreign_keys_checked_in_bulk): the smallest insert that
# uses them, the share of the table's rows it must add at least, and how long to wait for the lock.
BULK_FK_MIN_ROWS = 10_000
BULK_FK_MIN_SHARE = 0.1
BULK_FK_LOCK_WAIT = "2s"

Row = dict[str, Any]


def _dialect_insert(conn: Connection) -> Callable[[sa.Table], Any]:
    name = conn.dialect.name
    if name == "postgresql":
        return postgresql.insert
    if name == "sqlite":
        return sqlite.insert
    raise ValueError(f"unsupported warehouse dialect {name!r}")


def upsert(
    conn: Connection,
    table: sa.Table,
    rows: list[Row],
    key_columns: Sequence[str],
    update_columns: Sequence[str],
) -> None:
    """Bulk INSERT … ON CONFLICT (natural key) DO UPDATE / DO NOTHING of ``rows`` (dicts with the
    same columns, the key columns among them); of several rows with one key the last wins."""
    if not rows:
        return
    columns = [*key_columns, *(c for c in rows[0] if c not in key_columns)]
    width = len(key_columns)
    wanted = {row[:width]: row for row in (tuple(row[c] for c in columns) for row in rows)}
    write(conn, table, columns, list(wanted.values()), key_columns, update_columns)


def write(
    conn: Connection,
    table: sa.Table,
    columns: Sequence[str],
    rows: list[tuple[Any, ...]],
    key_columns: Sequence[str],
    update_columns: Sequence[str],
) -> None:
    """Bulk INSERT … ON CONFLICT (natural key) DO UPDATE ``update_columns`` (DO NOTHING when there
    are none) of ``rows``, tuples of ``columns`` with one row per key.

    The statement is SQLAlchemy's dialect insert. SQLite gets it as one executemany of tuples per
    chunk. PostgreSQL would run an executemany row by row on the server, so there rows to insert
    (no ``update_columns``; usually rows the loader found to be new) are COPYed straight into the
    table; updates, and inserts whose COPY hit an existing key, are COPYed into a temporary table
    and written with one ``INSERT … SELECT … ON CONFLICT``.
    Bind processors are applied column by column, skipping SQLAlchemy's per-row parameter work.
    """
    if not rows:
        return
    columns = list(columns)
    processors = [
        (at, processor)
        for at, name in enumerate(columns)
        if (processor := table.c[name].type.dialect_impl(conn.dialect).bind_processor(conn.dialect))
        is not None
    ]
    for at, processor in processors:
        values = [row[at] for row in rows]
        processed = list(map(processor, values))
        # Most processors return most values unchanged (ints as exact money): rebuild only if not.
        if processed != values:
            rows = [(*row[:at], value, *row[at + 1 :]) for row, value in zip(rows, processed, strict=True)]

    def on_conflict(insert: Any) -> Any:
        if update_columns:
            return insert.on_conflict_do_update(
                index_elements=list(key_columns), set_={c: insert.excluded[c] for c in update_columns}
            )
        return insert.on_conflict_do_nothing(index_elements=list(key_columns))

    if conn.dialect.name == "postgresql":
        with foreign_keys_checked_in_bulk(conn, table, len(rows)):
            if update_columns or not _copy_new_rows(conn, table, columns, rows):
                _copy_upsert(conn, table, columns, rows, on_conflict)
        return
    statement = on_conflict(_dialect_insert(conn)(table))
    compiled = statement.compile(dialect=conn.dialect, column_keys=columns)
    if not compiled.positional:  # pragma: no cover - pysqlite compiles to qmark
        raise ValueError(f"unexpected named parameters for {conn.dialect.name}")
    order = [columns.index(compiled.binds[name].key) for name in compiled.positiontup or ()]
    if order != list(range(len(columns))):
        rows = [tuple(row[at] for at in order) for row in rows]
    for chunk in chunks(rows, CHUNK):
        conn.exec_driver_sql(compiled.string, list(chunk))


_staging_tables = itertools.count(1)


def _copy(conn: Connection, table_name: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """PostgreSQL: COPY ``rows`` (tuples of ``columns``) into ``table_name``."""
    column_list = ", ".join(f'"{c}"' for c in columns)
    driver_connection = conn.connection.driver_connection
    with (
        driver_connection.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f'COPY "{table_name}" ({column_list}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _copy_new_rows(
    conn: Connection, table: sa.Table, columns: list[str], rows: list[tuple[Any, ...]]
) -> bool:
    """PostgreSQL: COPY rows whose keys the loader found absent straight into ``table``.

    Returns False, having written nothing, when a key exists after all (another writer added it
    since the loader read the table): the caller then inserts with ON CONFLICT DO NOTHING.
    """
    try:
        with conn.begin_nested():
            _copy(conn, table.name, columns, rows)
    except psycopg.errors.UniqueViolation:
        return False
    return True


def _copy_upsert(
    conn: Connection,
    table: sa.Table,
    columns: list[str],
    rows: list[tuple[Any, ...]],
    on_conflict: Callable[[Any], Any],
) -> None:
    """PostgreSQL: COPY rows into a temporary table, then one INSERT … SELECT … ON CONFLICT."""
    temp_name = f"_upsert_{table.name}_{next(_staging_tables)}"
    column_list = ", ".join(f'"{c}"' for c in columns)
    conn.exec_driver_sql(
        f'CREATE TEMPORARY TABLE "{temp_name}" ON COMMIT DROP AS '
        f'SELECT {column_list} FROM "{table.name}" WITH NO DATA'
    )
    _copy(conn, temp_name, columns, rows)
    temp = sa.table(temp_name, *(sa.column(c) for c in columns))
    insert = postgresql.insert(table).from_select(columns, sa.select(*(temp.c[c] for c in columns)))
    conn.execute(on_conflict(insert))
    conn.exec_driver_sql(f'DROP TABLE "{temp_name}"')


@contextmanager
def foreign_keys_checked_in_bulk(conn: Connection, table: sa.Table, rows: int) -> Iterator[bool]:
    """PostgreSQL: check ``table``'s foreign keys once for a large insert instead of once per row.

    PostgreSQL checks each foreign key of each inserted row with its own lookup; for a fact table
    with eight keys that is most of a large load's time. Following PostgreSQL's advice for
    populating a database, a large insert drops the table's foreign keys, writes, and adds them
    back: adding a key validates every row of the table in one anti-join. Both happen inside the
    load's transaction, so no reader ever sees the table without its keys, and a row that breaks a
    key fails the whole batch exactly as a per-row check would.

    The price is an ACCESS EXCLUSIVE lock on the table until the batch commits (readers of that
    table wait for the load), and one scan of the whole table per key. So the bulk path is taken
    only for an insert of at least :data:`BULK_FK_MIN_ROWS` rows that adds at least
    :data:`BULK_FK_MIN_SHARE` of the table's rows, only when the loader owns the table, and only
    when the lock is free within :data:`BULK_FK_LOCK_WAIT` (a long analyst query holding the table
    makes the loader fall back rather than queue everyone behind it). Yields whether it was taken.
    """
    constraints = sorted(table.foreign_key_constraints, key=lambda constraint: str(constraint.name))
    if conn.dialect.name != "postgresql" or not constraints or rows < BULK_FK_MIN_ROWS:
        yield False
        return
    stored_rows, owned = conn.execute(
        sa.text(
            "SELECT greatest(reltuples, 0), pg_has_role(relowner, 'MEMBER') "
            "FROM pg_class WHERE oid = CAST(:table AS regclass)"
        ),
        {"table": table.name},
    ).one()
    if not owned or rows < BULK_FK_MIN_SHARE * stored_rows or not _lock_exclusively(conn, table):
        yield False
        return
    for constraint in constraints:
        conn.execute(sa.schema.DropConstraint(constraint))
    yield True
    for constraint in constraints:
        conn.execute(sa.schema.AddConstraint(constraint))


def _lock_exclusively(conn: Connection, table: sa.Table) -> bool:
    """Take an ACCESS EXCLUSIVE lock on ``table`` if it is free within :data:`BULK_FK_LOCK_WAIT`."""
    previous = conn.exec_driver_sql("SHOW lock_timeout").scalar_one()
    try:
        with conn.begin_nested():
            conn.execute(sa.select(sa.func.set_config("lock_timeout", BULK_FK_LOCK_WAIT, True)))
            conn.exec_driver_sql(f'LOCK TABLE "{table.name}" IN ACCESS EXCLUSIVE MODE')
    except sa.exc.OperationalError as error:
        if getattr(error.orig, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        return False
    finally:
        conn.execute(sa.select(sa.func.set_config("lock_timeout", previous, True)))
    return True


def fetch_in(
    conn: Connection, table: sa.Table, columns: Sequence[str], column: str, values: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """Stored rows whose ``column`` is in ``values``, as tuples ``(surrogate key, *columns)``."""
    selected = [table.primary_key.columns[0], *(table.c[c] for c in columns)]
    rows: list[tuple[Any, ...]] = []
    for chunk in chunks(sorted(set(values), key=str), CHUNK):
        query = sa.select(*selected).where(_is_in(conn, table.c[column], chunk))
        rows.extend(map(tuple, conn.execute(query).all()))
    return rows


def _is_in(conn: Connection, column: sa.Column[Any], values: Sequence[Any]) -> sa.ColumnElement[bool]:
    """``column IN values``; on PostgreSQL as ``column = ANY(array)``, one bound parameter instead
    of thousands (psycopg spends longer parsing a query with 5,000 placeholders than running it)."""
    if conn.dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def key_map(
    conn: Connection, table: sa.Table, natural: str, surrogate: str, values: Sequence[Any]
) -> dict[Any, int]:
    """Natural key → surrogate key for the stored rows among ``values``."""
    keys: dict[Any, int] = {}
    for chunk in chunks(sorted(set(values), key=str), CHUNK):
        query = sa.select(table.c[natural], table.c[surrogate]).where(_is_in(conn, table.c[natural], chunk))
        keys.update({nat: key for nat, key in conn.execute(query).all()})
    return keys


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def records(frame: pd.DataFrame, columns: Sequence[str]) -> list[Row]:
    """Rows as dicts of plain Python values (pandas NA/NaN/NaT → None, Int64 → int).

    Converting whole columns with ``astype(object)`` turns numpy and pandas scalars into Python
    ones far cheaper than ``DataFrame.to_dict`` boxing cell by cell.
    """
    names = list(columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def column_values(series: pd.Series) -> list[Any]:
    """A column as a list of plain Python values (pandas NA/NaN/NaT → None, Int64 → int)."""
    return series.astype(object).where(series.notna(), None).tolist()

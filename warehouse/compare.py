"""Compare the contents of two warehouses: ``python -m warehouse.compare URL_A URL_B``.

Made to show that a change to the loader leaves what it loads unchanged: run the same demo before
and after the change into two data directories and compare the two warehouses. Every table of the
models and every analyst view is read in full and its rows sorted, after removing what legitimately
differs between two runs of the same data:

- **surrogate keys** (the integer ``*_key`` primary key of a table that has a natural key): they
  depend on insertion order, which a loader may change without changing the data. Foreign keys are
  replaced by the natural key of the row they point to, so a fact still says *which* campaign,
  region or article it belongs to. With ``--keep-keys`` surrogate keys are compared as stored.
- **run ids** (random per run): replaced by the run's position in start order (``run#1`` …).
- **clock times and where the run happened**: ``started_at``, ``finished_at``, ``recorded_at``,
  ``quarantined_at``, ``found_at``, ``pid``, ``host``, and in ``ops_pipeline_run.counts`` the step
  timings and the data directory's paths. (``published_at`` is data and is compared.)

Views are compared with their surrogate key columns (``*_key``, ``*_key_a``) dropped (the tables
carry what those keys mean), booleans as 1/0, so a SQLite and a PostgreSQL warehouse compare too.
Exit status 0 when the warehouses hold the same data, 1 with a per-table diff otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from warehouse.engine import make_engine
from warehouse.models import Base
from warehouse.views import VIEW_NAMES

CLOCK_COLUMNS = frozenset({"started_at", "finished_at", "recorded_at", "quarantined_at", "found_at"})
HOST_COLUMNS = frozenset({"pid", "host"})
RUN_ID_COLUMNS = frozenset({"run_id", "first_run_id", "last_run_id"})
VOLATILE_COUNTS = frozenset({"step_seconds", "run_id", "data_docs", "report", "warehouse"})
_KEY_COLUMN = re.compile(r"_key(_|$)")  # project_key, project_key_a

Rows = list[tuple[str, ...]]


def dump(conn: Connection, *, keep_keys: bool = False) -> dict[str, Rows]:
    """Every table and view as sorted rows of text, volatile columns normalised (module docstring)."""
    runs = conn.execute(sa.text("SELECT run_id FROM ops_pipeline_run ORDER BY started_at, run_id")).scalars()
    run_names = {run_id: f"run#{position}" for position, run_id in enumerate(runs, start=1)}
    labels = _natural_labels(conn)
    out: dict[str, Rows] = {}
    for table in Base.metadata.sorted_tables:
        surrogate = _surrogate_key(table)
        columns = [c for c in table.columns if c.name not in CLOCK_COLUMNS | HOST_COLUMNS]
        if surrogate is not None and not keep_keys:
            columns = [c for c in columns if c.name != surrogate]
        rows = []
        for row in conn.execute(sa.select(*columns)).mappings():
            values = []
            for column in columns:
                value = row[column.name]
                if column.name in RUN_ID_COLUMNS:
                    value = run_names.get(value, value)
                elif column.name == "counts":
                    value = _stable_counts(value)
                elif column.foreign_keys and not keep_keys:
                    (fk,) = column.foreign_keys
                    value = labels[fk.column.table.name].get(value, value)
                values.append(f"{column.name}={_text(value)}")
            rows.append(tuple(values))
        out[table.name] = sorted(rows)
    for view in VIEW_NAMES:
        result = conn.execute(sa.text(f"SELECT * FROM {view}")).mappings()
        out[view] = sorted(
            tuple(
                f"{name}={_text(run_names.get(value, value))}"
                for name, value in row.items()
                if keep_keys or not _KEY_COLUMN.search(name)
            )
            for row in result
        )
    return out


def _text(value: Any) -> str:
    # A view's boolean is 1/0 in SQLite and true/false in PostgreSQL: the same data.
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def differences(before: dict[str, Rows], after: dict[str, Rows], *, context: int = 20) -> list[str]:
    """Diff lines per table that differs (empty: the same data)."""
    lines: list[str] = []
    for name in sorted(set(before) | set(after)):
        a, b = before.get(name, []), after.get(name, [])
        if a != b:
            lines.append(f"== {name}: {len(a)} rows before, {len(b)} after")
            diff = difflib.unified_diff([repr(r) for r in a], [repr(r) for r in b], lineterm="", n=0)
            lines.extend(list(diff)[2 : 2 + context])
    return lines


def _surrogate_key(table: sa.Table) -> str | None:
    """The table's integer primary key when the table has a natural key besides it."""
    primary = list(table.primary_key.columns)
    natural = [c for c in table.constraints if isinstance(c, sa.UniqueConstraint)]
    if len(primary) == 1 and natural and isinstance(primary[0].type, sa.Integer):
        return primary[0].name
    return None


def _natural_labels(conn: Connection) -> dict[str, dict[Any, str]]:
    """Per referenced table: surrogate key → its natural key as text (resolving keys inside it)."""
    labels: dict[str, dict[Any, str]] = {}
    for table in Base.metadata.sorted_tables:  # parents before children
        surrogate = _surrogate_key(table)
        if surrogate is None:
            continue
        natural = next(c for c in table.constraints if isinstance(c, sa.UniqueConstraint))
        names = [c.name for c in natural.columns]
        table_labels: dict[Any, str] = {}
        for key, *values in conn.execute(sa.select(table.c[surrogate], *(table.c[n] for n in names))):
            parts = []
            for name, value in zip(names, values, strict=True):
                fks = table.c[name].foreign_keys
                if fks:
                    value = labels.get(next(iter(fks)).column.table.name, {}).get(value, value)
                parts.append(str(value))
            table_labels[key] = "|".join(parts)
        labels[table.name] = table_labels
    return labels


def _stable_counts(value: Any) -> str:
    counts = json.loads(value) if isinstance(value, str) else value
    if not isinstance(counts, dict):
        return str(counts)
    return json.dumps({k: v for k, v in counts.items() if k not in VOLATILE_COUNTS}, sort_keys=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("before", help="SQLAlchemy URL of the first warehouse")
    parser.add_argument("after", help="SQLAlchemy URL of the second warehouse")
    parser.add_argument("--keep-keys", action="store_true", help="compare surrogate keys as stored")
    args = parser.parse_args(argv)
    dumps = []
    for url in (args.before, args.after):
        engine = make_engine(url)
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("ops_pipeline_run"):
                parser.error(f"{url} is not a warehouse (no ops_pipeline_run table)")
            dumps.append(dump(conn, keep_keys=args.keep_keys))
        engine.dispose()
    lines = differences(*dumps)
    rows = sum(len(rows) for rows in dumps[0].values())
    if lines:
        print("\n".join(lines))
        return 1
    print(f"same data: {len(dumps[0])} tables and views, {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The loader's one way to write: make a table hold given rows, writing only the difference.

Rows are plain tuples whose first columns are the natural key. They are compared with the stored
rows in scope (read back once per table and batch): new keys are inserted, rows that differ are
updated, equal rows are not written, and (optionally) stored keys no longer wanted are deleted.
Loading the same rows twice therefore writes nothing. Every write is a bulk dialect-aware
``INSERT … ON CONFLICT`` on the natural key (:mod:`warehouse.bulk`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from warehouse import bulk

Key = tuple[Hashable, ...]
# (columns, stored row, wanted row) -> the row to store; e.g. keep stored values, fill gaps.
Merge = Callable[[Sequence[str], tuple[Any, ...], tuple[Any, ...]], tuple[Any, ...]]


@dataclass
class TableChange:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def written(self) -> int:
        return self.inserted + self.updated + self.deleted


@dataclass
class Writer:
    """Writes of one load: its transaction, and the rows changed per table (the load's summary)."""

    conn: Connection
    changes: dict[str, TableChange]

    def count(self, name: str) -> TableChange:
        return self.changes.setdefault(name, TableChange())

    def sync(
        self,
        table: sa.Table,
        columns: Sequence[str],
        rows: Iterable[tuple[Any, ...]],
        key_columns: Sequence[str],
        *,
        existing: Iterable[tuple[Any, ...]],
        delete_missing: bool = False,
        merge: Merge | None = None,
        compare: Sequence[str] | None = None,
    ) -> set[Key]:
        """Make ``table`` hold ``rows`` within the scope of ``existing``; returns the keys changed.

        ``rows`` are tuples of ``columns``, whose first columns are ``key_columns`` (the natural
        key); ``existing`` are the stored rows in scope as ``(surrogate key, *columns)``. New rows
        are inserted, rows whose ``compare`` columns (default: all) differ are updated, equal rows
        are not written; with ``delete_missing``, stored rows whose key is not in ``rows`` are
        deleted.
        """
        width = len(key_columns)
        if tuple(columns[:width]) != tuple(key_columns):
            raise ValueError(f"{table.name}: the key columns {key_columns} must lead the columns {columns}")
        change = self.count(table.name)
        stored = {row[1 : width + 1]: row for row in existing}
        wanted = {row[:width]: row for row in rows}
        compared = None if compare is None else [columns.index(c) for c in compare]
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        for key, row in wanted.items():
            old = stored.get(key)
            if old is None:
                inserts.append(row)
                continue
            values = old[1:]
            new = merge(columns, values, row) if merge else row
            if new != values if compared is None else any(new[i] != values[i] for i in compared):
                updates.append(new)
        # New keys only need an insert: ON CONFLICT DO NOTHING is far cheaper than DO UPDATE (in
        # SQLite with foreign keys on, several times), and most rows of a load are either new or equal.
        bulk.write(self.conn, table, columns, inserts, key_columns, ())
        bulk.write(self.conn, table, columns, updates, key_columns, columns[width:])
        change.inserted += len(inserts)
        change.updated += len(updates)
        change.unchanged += len(wanted) - len(inserts) - len(updates)
        changed = {row[:width] for row in inserts} | {row[:width] for row in updates}
        if delete_missing:
            gone = [key for key in stored if key not in wanted]
            if gone:
                pk = table.primary_key.columns[0]
                for chunk in bulk.chunks([stored[key][0] for key in gone], bulk.CHUNK):
                    self.conn.execute(table.delete().where(pk.in_(chunk)))
                change.deleted += len(gone)
                changed.update(gone)
        return changed

    def sync_dimension(
        self,
        table: sa.Table,
        columns: Sequence[str],
        rows: list[tuple[Any, ...]],
        *,
        merge: Merge | None = None,
    ) -> dict[Any, int]:
        """Sync a dimension whose first column is its natural key; returns natural key → surrogate key.

        Rows are only added or updated: a dimension member stays when no article names it any more.
        """
        natural = columns[0]
        surrogate = table.primary_key.columns[0].name
        existing = bulk.fetch_in(self.conn, table, columns, natural, [row[0] for row in rows])
        self.sync(table, columns, rows, (natural,), existing=existing, merge=merge)
        keys = {row[1]: row[0] for row in existing}
        keys.update(
            bulk.key_map(self.conn, table, natural, surrogate, [row[0] for row in rows if row[0] not in keys])
        )
        return {row[0]: keys[row[0]] for row in rows}

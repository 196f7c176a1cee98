"""The raw archive: every HTTP response kept as it came, so replay never needs the site again.

"As it came" = the exact body bytes after HTTP content-encoding (gzip on the wire) is undone, before
any charset decoding: a GBK page stays GBK bytes.

Layout under ``root``::

    blobs/ab/abcdef….gz   the response body, gzip-compressed, named by the sha256 of the raw bytes
    index.sqlite          one row per response: URL, status, headers, fetch time, body hash, kind;
                          and each article page's parse (extractors.parsed), so no page is parsed twice

The index runs in WAL mode, so readers (replay, reports) never block the crawler and vice versa.
Bodies are written before their index row, each through a temporary file and an atomic rename, so
a crash never leaves a row that points at a missing or half-written body.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from extractors.records import ArchivedResponse

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    url         TEXT NOT NULL,     -- canonical URL
    fetched_url TEXT NOT NULL,     -- the address actually requested (live site or replica)
    kind        TEXT NOT NULL,     -- robots | list | article
    status      INTEGER NOT NULL,
    headers     TEXT NOT NULL,     -- JSON object
    fetched_at  TEXT NOT NULL,     -- ISO 8601, UTC
    sha256      TEXT NOT NULL,     -- of the raw body bytes
    size        INTEGER NOT NULL   -- raw body length in bytes
);
CREATE INDEX IF NOT EXISTS responses_url ON responses (url, id);
CREATE INDEX IF NOT EXISTS responses_kind ON responses (kind, status);
CREATE TABLE IF NOT EXISTS parsed_articles (
    parse_key   TEXT PRIMARY KEY,  -- extractors.parsed.parse_key: body, URL, charset, profile, parser
    parser      TEXT NOT NULL,     -- extractors.parsed.parser_fingerprint: parser code + profile
    article     TEXT NOT NULL      -- the parsed Article as JSON
);
"""


class ArchiveError(RuntimeError):
    """The archive is missing a body its index names, or holds a corrupt one."""


class RawArchive:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.blobs = self.root / "blobs"
        self.blobs.mkdir(parents=True, exist_ok=True)
        self.index_path = self.root / "index.sqlite"
        self._db = sqlite3.connect(self.index_path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- writing ------------------------------------------------------------------------
    def blob_path(self, sha256: str) -> Path:
        return self.blobs / sha256[:2] / f"{sha256}.gz"

    def _write_blob(self, sha256: str, body: bytes) -> None:
        path = self.blob_path(sha256)
        if path.exists():
            return  # content-addressed: same bytes, same file
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as tmp:
                # mtime=0 keeps the compressed file a pure function of the body.
                with gzip.GzipFile(fileobj=tmp, mode="wb", mtime=0) as gz:
                    gz.write(body)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp_name, path)
        except BaseException as error:
            # A full disk must not leave half a body behind, holding its space until someone finds it.
            Path(tmp_name).unlink(missing_ok=True)
            if isinstance(error, OSError) and error.filename is None:
                # A failed write names no file; whoever reads the error must learn which disk is full.
                raise OSError(error.errno, error.strerror, str(path)) from error
            raise

    def put(
        self,
        *,
        url: str,
        status: int,
        headers: dict[str, str],
        body: bytes,
        kind: str,
        fetched_url: str | None = None,
        fetched_at: datetime | None = None,
    ) -> ArchivedResponse:
        sha256 = hashlib.sha256(body).hexdigest()
        fetched_at = fetched_at or datetime.now(UTC)
        self._write_blob(sha256, body)
        with self._db:
            self._db.execute(
                "INSERT INTO responses (url, fetched_url, kind, status, headers, fetched_at, sha256, size)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    url,
                    fetched_url or url,
                    kind,
                    status,
                    json.dumps(headers, ensure_ascii=False),
                    fetched_at.isoformat(),
                    sha256,
                    len(body),
                ),
            )
        return ArchivedResponse(
            url=url,
            status=status,
            headers=dict(headers),
            fetched_at=fetched_at,
            sha256=sha256,
            kind=kind,
            fetched_url=fetched_url or url,
        )

    # ---- reading ------------------------------------------------------------------------
    def body(self, sha256: str) -> bytes:
        path = self.blob_path(sha256)
        try:
            data = gzip.decompress(path.read_bytes())
        except FileNotFoundError as exc:
            raise ArchiveError(f"raw archive {self.root}: body {sha256} is missing ({path})") from exc
        except (OSError, EOFError) as exc:
            raise ArchiveError(f"raw archive {self.root}: body {sha256} is corrupt ({path}): {exc}") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise ArchiveError(f"raw archive {self.root}: body {path} does not hash to {sha256}")
        return data

    @staticmethod
    def _record(row: tuple) -> ArchivedResponse:
        url, fetched_url, kind, status, headers, fetched_at, sha256 = row
        return ArchivedResponse(
            url=url,
            status=status,
            headers=json.loads(headers),
            fetched_at=datetime.fromisoformat(fetched_at),
            sha256=sha256,
            kind=kind,
            fetched_url=fetched_url,
        )

    _COLUMNS = "url, fetched_url, kind, status, headers, fetched_at, sha256"
    PAGE_ROWS = 1000  # rows iter_latest reads at a time

    def latest(self, url: str, *, status: int | None = 200) -> ArchivedResponse | None:
        """The newest response for ``url`` (with that status, or any status when None)."""
        sql = f"SELECT {self._COLUMNS} FROM responses WHERE url = ?"
        params: list[object] = [url]
        if status is not None:
            sql += " AND status = ?"
            params.append(status)
        row = self._db.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
        return self._record(row) if row else None

    def has(self, url: str, *, statuses: Iterable[int] = (200,)) -> bool:
        wanted = list(statuses)
        marks = ",".join("?" * len(wanted))
        sql = f"SELECT 1 FROM responses WHERE url = ? AND status IN ({marks}) LIMIT 1"
        return self._db.execute(sql, [url, *wanted]).fetchone() is not None

    def iter_latest(
        self, *, kind: str | None = None, status: int | None = 200, urls: Iterable[str] | None = None
    ) -> Iterator[ArchivedResponse]:
        """The newest response per URL, oldest URL first (by first fetch).

        Read a page of rows at a time (keyset on ``id``), so memory stays flat over a 100,000-page
        archive, and callers may write to the archive between pages (a kept parse, a new fetch).
        """
        where, params = [], []
        if kind is not None:
            where.append("kind = ?")
            params.append(kind)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = (
            f"SELECT id, {self._COLUMNS} FROM responses WHERE id IN "
            f"(SELECT MAX(id) FROM responses {clause} GROUP BY url) AND id > ? ORDER BY id LIMIT ?"
        )
        wanted = set(urls) if urls is not None else None
        last_id = 0
        while True:
            rows = self._db.execute(sql, [*params, last_id, self.PAGE_ROWS]).fetchall()
            if not rows:
                return
            last_id = rows[-1][0]
            for row in rows:
                if wanted is None or row[1] in wanted:
                    yield self._record(row[1:])

    # ---- parses (derived data: losing them only costs a parse) --------------------------------
    def parsed(self, parse_key: str) -> str | None:
        row = self._db.execute(
            "SELECT article FROM parsed_articles WHERE parse_key = ?", [parse_key]
        ).fetchone()
        return row[0] if row else None

    def keep_parsed(self, parse_key: str, parser: str, article_json: str) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO parsed_articles (parse_key, parser, article) VALUES (?, ?, ?)",
                [parse_key, parser, article_json],
            )

    def forget_parses_except(self, parser: str) -> int:
        """Drop the parses another parser version made (they are never read again); how many."""
        with self._db:
            return self._db.execute("DELETE FROM parsed_articles WHERE parser != ?", [parser]).rowcount

    def count(self, *, kind: str | None = None) -> int:
        if kind is None:
            return self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        return self._db.execute("SELECT COUNT(*) FROM responses WHERE kind = ?", [kind]).fetchone()[0]

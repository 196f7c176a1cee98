"""Crawl state under ``settings.state_dir``: what is known, per-channel watermarks, list-page
validators, incremental walks and backfill cursors, in one SQLite file.

Every change commits at once (one small transaction per article or list page), so a crawl killed
at any moment resumes from where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url          TEXT PRIMARY KEY,  -- canonical URL
    article_id   TEXT NOT NULL,
    channel      TEXT NOT NULL,
    status       INTEGER NOT NULL,  -- final HTTP status (200, or 404/410 for a dead link)
    published_at TEXT,              -- ISO 8601 with offset, when parsed
    fetched_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS channels (
    channel            TEXT PRIMARY KEY,
    max_article_id     INTEGER,     -- highest numeric article id seen in the channel
    latest_published   TEXT,        -- newest publish time seen in the channel
    updated_at         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS list_validators (
    url           TEXT PRIMARY KEY, -- canonical URL of a list page
    etag          TEXT,
    last_modified TEXT,
    updated_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS walks (
    channel      TEXT PRIMARY KEY,  -- the channel's latest incremental walk of its list pages
    started_at   TEXT NOT NULL,     -- articles first seen before this are the walk's boundary
    page         INTEGER NOT NULL,  -- last list page whose articles were all handled (-1: none)
    completed_at TEXT,              -- NULL while the walk is unfinished (killed, capped, site down)
    updated_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS backfill_cursors (
    job        TEXT PRIMARY KEY,    -- "since=2020-01-01" or "pages=5"
    cursor     TEXT NOT NULL,       -- JSON: {"channel": i, "page": n, "page_started_at": iso|null}
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class Walk:
    """An incremental walk of one channel's list pages, from page 0 down to the known boundary."""

    channel: str
    started_at: str  # ISO 8601 UTC, comparable with articles.fetched_at
    page: int  # last list page fully handled (-1: none yet)
    resumed: bool  # begun by an earlier run that did not finish it


@dataclass
class BackfillCursor:
    job: str
    started_at: datetime
    channel_index: int = 0
    page: int = 0
    # When the list page at the cursor was fetched; a resumed run re-reads it from the archive.
    page_fetched_at: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)


class CrawlState:
    FILENAME = "crawl_state.sqlite"

    def __init__(self, state_dir: Path | str) -> None:
        self.dir = Path(state_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / self.FILENAME
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL: a killed process loses nothing committed; only a power cut can lose the
        # last few commits, which a rerun simply redoes.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    # ---- articles -----------------------------------------------------------------------
    def is_known(self, url: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE url = ?", [url]).fetchone() is not None

    def published_at(self, url: str) -> datetime | None:
        row = self._db.execute("SELECT published_at FROM articles WHERE url = ?", [url]).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def mark_article(
        self, *, url: str, article_id: str, channel: str, status: int, published_at: datetime | None
    ) -> None:
        published = published_at.isoformat() if published_at else None
        with self._db:
            self._db.execute(
                "INSERT INTO articles (url, article_id, channel, status, published_at, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET status = excluded.status,"
                " published_at = COALESCE(excluded.published_at, articles.published_at),"
                " fetched_at = excluded.fetched_at",
                [url, article_id, channel, status, published, _now()],
            )
            if status == 200 and channel:
                numeric = int(article_id) if article_id.isdigit() else None
                self._db.execute(
                    "INSERT INTO channels (channel, max_article_id, latest_published, updated_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (channel) DO UPDATE SET"
                    " max_article_id = MAX(COALESCE(channels.max_article_id, 0),"
                    "                      COALESCE(excluded.max_article_id, 0)),"
                    " latest_published = MAX(COALESCE(channels.latest_published, ''),"
                    "                        COALESCE(excluded.latest_published, '')),"
                    " updated_at = excluded.updated_at",
                    [channel, numeric, published, _now()],
                )

    def known_count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def watermark(self, channel: str) -> tuple[int | None, str | None]:
        row = self._db.execute(
            "SELECT max_article_id, latest_published FROM channels WHERE channel = ?", [channel]
        ).fetchone()
        return (row[0], row[1] or None) if row else (None, None)

    def known_before(self, url: str, moment: str) -> bool:
        """Was ``url`` first recorded before ``moment`` (an ISO 8601 UTC time)?"""
        row = self._db.execute("SELECT fetched_at FROM articles WHERE url = ?", [url]).fetchone()
        return row is not None and row[0] < moment

    # ---- incremental walks --------------------------------------------------------------
    def begin_walk(self, channel: str) -> Walk:
        """The channel's unfinished walk if a run died in it (resume it: its boundary still holds),
        else a new walk starting now."""
        row = self._db.execute(
            "SELECT started_at, page FROM walks WHERE channel = ? AND completed_at IS NULL", [channel]
        ).fetchone()
        if row is not None:
            return Walk(channel, row[0], row[1], resumed=True)
        now = _now()
        with self._db:
            self._db.execute(
                "INSERT INTO walks (channel, started_at, page, completed_at, updated_at) VALUES (?, ?, -1, NULL, ?)"
                " ON CONFLICT (channel) DO UPDATE SET started_at = excluded.started_at, page = -1,"
                " completed_at = NULL, updated_at = excluded.updated_at",
                [channel, now, now],
            )
        return Walk(channel, now, -1, resumed=False)

    def advance_walk(self, channel: str, page: int) -> None:
        with self._db:
            self._db.execute(
                "UPDATE walks SET page = MAX(page, ?), updated_at = ? WHERE channel = ?",
                [page, _now(), channel],
            )

    def complete_walk(self, channel: str) -> None:
        now = _now()
        with self._db:
            self._db.execute(
                "UPDATE walks SET completed_at = ?, updated_at = ? WHERE channel = ?", [now, now, channel]
            )

    def unfinished_walks(self) -> list[str]:
        rows = self._db.execute("SELECT channel FROM walks WHERE completed_at IS NULL ORDER BY channel")
        return [row[0] for row in rows]

    # ---- list validators ----------------------------------------------------------------
    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self._db.execute(
            "SELECT etag, last_modified FROM list_validators WHERE url = ?", [url]
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_validators(self, url: str, *, etag: str | None, last_modified: str | None) -> None:
        if not etag and not last_modified:
            return
        with self._db:
            self._db.execute(
                "INSERT INTO list_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, updated_at = excluded.updated_at",
                [url, etag, last_modified, _now()],
            )

    # ---- backfill cursors ---------------------------------------------------------------
    def load_cursor(self, job: str) -> BackfillCursor | None:
        row = self._db.execute(
            "SELECT cursor, started_at FROM backfill_cursors WHERE job = ?", [job]
        ).fetchone()
        if row is None:
            return None
        data = json.loads(row[0])
        fetched = data.pop("page_fetched_at", None)
        return BackfillCursor(
            job=job,
            started_at=datetime.fromisoformat(row[1]),
            channel_index=int(data.pop("channel", 0)),
            page=int(data.pop("page", 0)),
            page_fetched_at=datetime.fromisoformat(fetched) if fetched else None,
            extra=data,
        )

    def save_cursor(self, cursor: BackfillCursor) -> None:
        data = {
            **cursor.extra,
            "channel": cursor.channel_index,
            "page": cursor.page,
            "page_fetched_at": cursor.page_fetched_at.isoformat() if cursor.page_fetched_at else None,
        }
        with self._db:
            self._db.execute(
                "INSERT INTO backfill_cursors (job, cursor, started_at, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (job) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                [cursor.job, json.dumps(data), cursor.started_at.isoformat(), _now()],
            )

    def drop_cursor(self, job: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM backfill_cursors WHERE job = ?", [job])

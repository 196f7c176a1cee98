"""The raw archive: content-addressed gzip bodies, an index that tolerates concurrent readers."""

from __future__ import annotations

import gzip
import hashlib
import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from config.settings import Settings
from extractors.archive import ArchiveError, RawArchive
from extractors.replay import archived_since


def test_bodies_are_kept_as_they_came(tmp_path: Path) -> None:
    body = "<html>临汾</html>".encode("gbk")
    with RawArchive(tmp_path) as archive:
        stored = archive.put(
            url="http://www.lfxww.com/a/1234567.html",
            status=200,
            headers={"Content-Type": "text/html", "ETag": '"x"'},
            body=body,
            kind="article",
            fetched_url="http://127.0.0.1:1/a/1234567.html",
        )
        assert stored.sha256 == hashlib.sha256(body).hexdigest()
        path = archive.blob_path(stored.sha256)
        assert path.name == f"{stored.sha256}.gz" and gzip.decompress(path.read_bytes()) == body
        latest = archive.latest("http://www.lfxww.com/a/1234567.html")
        assert (
            latest is not None
            and latest.headers["ETag"] == '"x"'
            and latest.fetched_url.startswith("http://127")
        )
        assert archive.body(stored.sha256) == body


def test_latest_response_per_url(tmp_path: Path) -> None:
    with RawArchive(tmp_path) as archive:
        for n in range(3):
            archive.put(url="u1", status=200, headers={}, body=f"v{n}".encode(), kind="article")
        archive.put(url="u1", status=503, headers={}, body=b"busy", kind="article")
        archive.put(url="u2", status=200, headers={}, body=b"w", kind="list")
        latest = list(archive.iter_latest(kind="article"))
        assert [(r.url, archive.body(r.sha256)) for r in latest] == [("u1", b"v2")]
        assert archive.latest("u1", status=None).status == 503  # type: ignore[union-attr]
        assert archive.count() == 5


def test_corrupt_body_is_reported(tmp_path: Path) -> None:
    with RawArchive(tmp_path) as archive:
        stored = archive.put(url="u", status=200, headers={}, body=b"abc", kind="article")
        archive.blob_path(stored.sha256).write_bytes(gzip.compress(b"xyz"))
        with pytest.raises(ArchiveError, match="does not hash"):
            archive.body(stored.sha256)


def test_readers_work_while_a_writer_writes(tmp_path: Path) -> None:
    writer = RawArchive(tmp_path)
    errors: list[Exception] = []
    done = threading.Event()

    def read() -> None:
        reader = RawArchive(tmp_path)
        try:
            while not done.is_set():
                for response in reader.iter_latest(kind="article"):
                    reader.body(response.sha256)
        except (ArchiveError, sqlite3.Error, OSError) as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            reader.close()

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    for n in range(80):
        writer.put(url=f"u{n % 20}", status=200, headers={}, body=f"body {n}".encode(), kind="article")
    done.set()
    for thread in readers:
        thread.join()
    writer.close()
    assert errors == []
    with RawArchive(tmp_path) as archive:
        assert archive.count(kind="article") == 80
        assert len(list(archive.iter_latest())) == 20


def test_archived_since_lists_articles_fetched_from_a_time_on(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    before, watermark, after = (datetime(2025, 2, day, tzinfo=UTC) for day in (1, 2, 3))
    with RawArchive(settings.archive_dir) as archive:
        archive.put(url="old", status=200, headers={}, body=b"a", kind="article", fetched_at=before)
        archive.put(url="new", status=200, headers={}, body=b"b", kind="article", fetched_at=after)
        archive.put(url="edge", status=200, headers={}, body=b"c", kind="article", fetched_at=watermark)
        archive.put(url="gone", status=404, headers={}, body=b"", kind="article", fetched_at=after)
        archive.put(url="list", status=200, headers={}, body=b"d", kind="list", fetched_at=after)

    assert sorted(archived_since(settings, watermark)) == ["edge", "new"]
    assert sorted(archived_since(settings, None)) == ["edge", "new", "old"]


def test_iter_latest_reads_page_by_page_with_the_same_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest response per URL in first-fetch order, whatever the page size (memory stays flat)."""
    with RawArchive(tmp_path) as archive:
        for round_ in range(3):
            for n in range(7):
                archive.put(
                    url=f"http://x/{n}.html",
                    status=200,
                    headers={},
                    body=f"{n}-{round_}".encode(),
                    kind="article",
                )
        archive.put(url="http://x/list", status=200, headers={}, body=b"list", kind="list")
        whole = [(r.url, r.sha256) for r in archive.iter_latest(kind="article")]
        monkeypatch.setattr(RawArchive, "PAGE_ROWS", 2)
        paged = [(r.url, r.sha256) for r in archive.iter_latest(kind="article")]
        some = [
            r.url for r in archive.iter_latest(kind="article", urls=["http://x/5.html", "http://x/1.html"])
        ]
    assert paged == whole
    assert [url for url, _ in whole] == [f"http://x/{n}.html" for n in range(7)]
    assert {sha for _, sha in whole} == {hashlib.sha256(f"{n}-2".encode()).hexdigest() for n in range(7)}
    assert some == ["http://x/1.html", "http://x/5.html"]

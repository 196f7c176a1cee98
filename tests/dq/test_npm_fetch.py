"""The build-time fetch of the Data Docs' npm assets, against a registry served on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from expectations import offline_docs

FILES = {"package/dist/widget.min.js": b"/* widget */", "package/LICENSE": b"MIT", "package/src/big.js": b"x"}


def tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in {**files, "package/package.json": b'{"version": "1.2.3"}'}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, bytes]]:
    """A registry with one package; the test may swap the served tarball (``served["tgz"]``)."""
    good = tarball(FILES)
    served = {"tgz": good, "integrity": b"sha512-" + base64.b64encode(hashlib.sha512(good).digest())}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_port}"
            if self.path == "/widget/1.2.3":
                dist = {
                    "tarball": f"{base}/widget/-/widget-1.2.3.tgz",
                    "integrity": served["integrity"].decode(),
                }
                body = json.dumps({"dist": dist}).encode()
            elif self.path == "/widget/-/widget-1.2.3.tgz":
                body = served["tgz"]
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(offline_docs, "NPM_PACKAGES", {"widget": "1.2.3"})
    monkeypatch.setattr(offline_docs, "NPM_FILES", {"widget": ("dist/widget.min.js",)})
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", f"http://127.0.0.1:{server.server_port}")
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def test_fetch_unpacks_only_the_files_the_docs_use(registry: dict[str, bytes], tmp_path: Path) -> None:
    offline_docs.fetch(tmp_path)

    unpacked = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert unpacked == ["widget/LICENSE", "widget/dist/widget.min.js", "widget/package.json"]
    assert (tmp_path / "widget/dist/widget.min.js").read_bytes() == b"/* widget */"


def test_a_tarball_that_does_not_match_the_registrys_hash_is_refused(
    registry: dict[str, bytes], tmp_path: Path
) -> None:
    registry["tgz"] = tarball({**FILES, "package/dist/widget.min.js": b"/* tampered */"})

    with pytest.raises(RuntimeError, match="widget@1.2.3: tarball sha512"):
        offline_docs.fetch(tmp_path)
    assert not (tmp_path / "widget").exists()

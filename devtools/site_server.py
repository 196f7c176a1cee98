"""A real HTTP server on 127.0.0.1 serving a directory, for crawler and flow tests.

It is a threaded stdlib ``http.server`` (static files, Last-Modified/If-Modified-Since like any
static server, plus an ETag/If-None-Match like nginx) running in a background thread on a free
port. It records every request (path, time, headers, status) and can inject faults per path:

    site.fail("/linfen/shizheng/", [503, 503])            # 503 twice, then the real page
    site.fail("/x.html", [429], retry_after="1")          # 429 with Retry-After, then the page
    site.replace("/linfen/qyxw/", b"<html>…</html>")      # changed markup, served with 200
    site.drop_connection("/y.html", times=1)             # close the socket without an answer
    site.trickle("/z.html", every=0.5)                    # a body sent one byte at a time (slow loris)

Used by the tests (fixtures in ``tests/fixtures/http_site.py``) and the benchmarks, which must not
import ``tests``.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_SITE = REPO_ROOT / "sample_site"


@dataclass(frozen=True)
class RecordedRequest:
    path: str  # path + query, as requested
    time: float  # time.monotonic() when the request line was read
    headers: dict[str, str]
    status: int  # what the server answered (0: connection dropped)


@dataclass
class _Fault:
    statuses: list[int] = field(default_factory=list)  # answered first, in order, then the real file
    retry_after: str | None = None
    body: bytes | None = None  # served instead of the file (200), for every request
    drops: int = 0  # connections closed without an answer, before anything else
    trickle_every: float | None = None  # seconds between the bytes of a 200 body (slow loris)
    cuts: int = 0  # answers cut off mid-body (connection reset), before the real file


class _Handler(SimpleHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep pytest output clean; every request is recorded instead

    def _record(self, status: int) -> None:
        self.server.site.record(self.path, dict(self.headers.items()), status, self._started)

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def handle_one_request(self) -> None:
        self._started = time.monotonic()
        self._status = 0
        super().handle_one_request()

    def do_GET(self) -> None:
        site = self.server.site
        fault = site.take_fault(self.path)
        if fault is not None:
            kind, value = fault
            if kind == "drop":
                self._record(0)
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if kind == "status":
                body = f"fault {value}".encode()
                self.send_response(int(value))
                if site.retry_after_for(self.path):
                    self.send_header("Retry-After", site.retry_after_for(self.path))
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self._record(int(value))
                return
            if kind == "cut":
                self._cut_mid_body()
                return
            if kind == "trickle":
                self._trickle(float(value))  # type: ignore[arg-type]
                return
            if kind == "body":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(value)))
                self.end_headers()
                self.wfile.write(value)
                self._record(200)
                return
        etag = self._etag() if site.etags else None
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            self._record(304)
            return
        self._etag_value = etag
        super().do_GET()
        self._record(self._status)

    def _trickle(self, every: float) -> None:
        """Headers at once, then a 1,000-byte body one byte at a time until the client hangs up."""
        body = b"<html>" + b"x" * 988 + b"</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                time.sleep(every)
        except OSError:
            pass  # the client gave up: that is the point
        self.close_connection = True
        self._record(200)

    def _cut_mid_body(self) -> None:
        """200 with the full length announced, half the body, then a reset connection."""
        body = b"<html>" + b"x" * 988 + b"</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self._record(200)

    def end_headers(self) -> None:
        etag = getattr(self, "_etag_value", None)
        if etag and self._status == 200:
            self.send_header("ETag", etag)
        super().end_headers()

    def _etag(self) -> str | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return None
        stat = path.stat()
        return f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: SiteServer


class SiteServer:
    """A static site on 127.0.0.1 with request recording and per-path fault injection."""

    def __init__(self, directory: Path, *, etags: bool = True) -> None:
        self.directory = Path(directory)
        self.etags = etags
        self.requests: list[RecordedRequest] = []
        self._faults: dict[str, _Fault] = {}
        self._lock = threading.Lock()
        handler = partial(_Handler, directory=str(self.directory))
        handler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".php": "text/html"}  # type: ignore[attr-defined]
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._httpd.site = self
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/"
        # A short poll interval keeps shutdown (once per test) quick.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"site-{self.port}",
            daemon=True,
        )
        self._thread.start()

    # ---- control ------------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._faults.clear()

    def fail(self, path: str, statuses: list[int], *, retry_after: str | None = None) -> None:
        with self._lock:
            self._faults[path] = _Fault(statuses=list(statuses), retry_after=retry_after)

    def replace(self, path: str, body: bytes) -> None:
        with self._lock:
            self._faults[path] = _Fault(body=body)

    def trickle(self, path: str, *, every: float) -> None:
        with self._lock:
            self._faults[path] = _Fault(trickle_every=every)

    def cut_body(self, path: str, *, times: int = 1) -> None:
        with self._lock:
            self._faults[path] = _Fault(cuts=times)

    def drop_connection(self, path: str, *, times: int = 1) -> None:
        with self._lock:
            self._faults[path] = _Fault(drops=times)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # ---- used by the handler ------------------------------------------------------------
    def take_fault(self, path: str) -> tuple[str, object] | None:
        with self._lock:
            fault = self._faults.get(path)
            if fault is None:
                return None
            if fault.drops:
                fault.drops -= 1
                return ("drop", None)
            if fault.statuses:
                return ("status", fault.statuses.pop(0))
            if fault.cuts:
                fault.cuts -= 1
                return ("cut", None)
            if fault.trickle_every is not None:
                return ("trickle", fault.trickle_every)
            if fault.body is not None:
                return ("body", fault.body)
            return None

    def retry_after_for(self, path: str) -> str | None:
        fault = self._faults.get(path)
        return fault.retry_after if fault else None

    def record(self, path: str, headers: dict[str, str], status: int, started: float) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(path, started, headers, status))

    # ---- queries ------------------------------------------------------------------------
    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def count(self, path: str) -> int:
        return self.paths().count(path)


def touch_later(paths: list[Path], seconds: float = 2.0) -> None:
    """Move mtimes forward: HTTP dates have one-second resolution, so a file rewritten in the same
    second as the last fetch would otherwise still look unmodified to If-Modified-Since."""
    stamp = time.time() + seconds
    for path in paths:
        os.utime(path, (stamp, stamp))


def http_date(timestamp: float) -> str:
    return email.utils.formatdate(timestamp, usegmt=True)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

"""A polite HTTP client for one small site.

- robots.txt is read once per client (stdlib ``urllib.robotparser``) and every URL is checked;
- one request at a time per host, at least ``request_delay`` apart, plus up to 50% random jitter (never less);
- a User-Agent naming the project and a contact; (connect, read) timeouts, and a deadline for the
  whole response (a server sending one byte every few seconds never trips a read timeout) and a
  cap on its size: either ends the fetch as a failure (status 0, error ``deadline_exceeded`` /
  ``too_large``), and the caller goes on with the rest;
- retries with exponential backoff on connection errors and 408/429/5xx only (never 404),
  honouring Retry-After up to ``retry_after_cap`` (urllib3 ``Retry`` mounted on the session);
- conditional GET when the caller passes validators (ETag / Last-Modified).
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from config.settings import Settings
from extractors.decoding import decode_html

RETRY_STATUSES = frozenset({408, 429, *range(500, 600)})
_JITTER = 0.5  # up to +50% random extra pause between requests


class PoliteRetry(Retry):
    """urllib3 ``Retry`` whose first retry also waits: the stock formula sleeps 0 s before it,
    which would hit a struggling server twice in a row."""

    def get_backoff_time(self) -> float:
        errors = 0
        for attempt in reversed(self.history):
            if attempt.redirect_location is not None:
                break
            errors += 1
        if errors == 0:
            return 0.0
        backoff = self.backoff_factor * (2 ** (errors - 1))
        if self.backoff_jitter:
            backoff += random.random() * self.backoff_jitter
        return float(max(0.0, min(self.backoff_max, backoff)))


@dataclass(frozen=True)
class FetchResult:
    url: str  # the address requested
    status: int  # final status after retries; 0 when no response arrived
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    attempts: int  # HTTP requests this fetch cost (1 + retries)
    error: str | None = None  # e.g. "connection_error: …" when status is 0
    history: list[int] = field(default_factory=list)  # statuses of retried attempts

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class RobotsUnavailable(RuntimeError):
    """robots.txt could not be read (5xx / network): per RFC 9309 the site counts as disallowed."""


class PoliteClient:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.delay = settings.request_delay
        self.timeout = (settings.connect_timeout, settings.read_timeout)
        self.session = requests.Session()
        self.session.headers.update(
            {"User-Agent": settings.user_agent, "Accept": "text/html,*/*;q=0.5", "Accept-Encoding": "gzip"}
        )
        retry = PoliteRetry(
            total=None,
            connect=settings.max_retries,
            read=settings.max_retries,
            status=settings.max_retries,
            other=0,
            redirect=5,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            backoff_factor=max(self.delay, 0.001),
            backoff_max=max(settings.retry_after_cap, self.delay),
            backoff_jitter=self.delay * _JITTER,
            respect_retry_after_header=True,
            retry_after_max=settings.retry_after_cap,  # type: ignore[arg-type]  # urllib3 compares numerically
            raise_on_status=False,
            raise_on_redirect=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=1)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self._host_locks: dict[str, threading.Lock] = {}
        self._next_allowed: dict[str, float] = {}
        self._locks_guard = threading.Lock()
        self.requests_made = 0
        self.robots: RobotFileParser | None = None

    def close(self) -> None:
        self.session.close()

    # ---- politeness ---------------------------------------------------------------------
    def _host_lock(self, host: str) -> threading.Lock:
        with self._locks_guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_turn(self, host: str) -> None:
        wait = self._next_allowed.get(host, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _book_next(self, host: str) -> None:
        # Jitter only lengthens the pause: ``request_delay`` is a floor the site can rely on.
        jitter = random.uniform(1.0, 1.0 + _JITTER) if self.delay else 0.0
        self._next_allowed[host] = time.monotonic() + self.delay * jitter

    # ---- robots -------------------------------------------------------------------------
    def load_robots(self, robots_url: str) -> FetchResult:
        """Fetch and parse robots.txt once; 4xx = no rules, 401/403 = everything disallowed,
        5xx or no answer = RobotsUnavailable (the caller must not crawl)."""
        result = self.get(robots_url, check_robots=False)
        parser = RobotFileParser(robots_url)
        if result.status == 200:
            text = decode_html(result.body, result.headers.get("Content-Type")).text
            parser.parse(text.splitlines())
        elif result.status in (401, 403):
            parser.disallow_all = True
        elif 400 <= result.status < 500:
            parser.allow_all = True
        else:
            self.robots = None
            raise RobotsUnavailable(f"{robots_url}: {result.error or f'HTTP {result.status}'}")
        self.robots = parser
        return result

    def allowed(self, url: str) -> bool:
        if self.robots is None:
            return False
        return self.robots.can_fetch(self.settings.user_agent, url)

    def robots_url(self, base_url: str, robots_path: str = "/robots.txt") -> str:
        return urljoin(base_url, robots_path)

    # ---- fetching -----------------------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> FetchResult:
        if check_robots and not self.allowed(url):
            raise PermissionError(f"robots.txt disallows {url}")
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).netloc.lower()
        with self._host_lock(host):
            self._wait_turn(host)
            fetched_at = datetime.now(UTC)
            started = time.monotonic()
            try:
                response = self.session.get(
                    url, headers=headers, timeout=self.timeout, allow_redirects=True, stream=True
                )
                body = self._read_body(response, started=started)
            except (requests.RequestException, _BodyRefused) as exc:
                self.requests_made += 1 if isinstance(exc, _BodyRefused) else self.settings.max_retries + 1
                self._book_next(host)
                return FetchResult(
                    url=url,
                    status=0,
                    headers={},
                    body=b"",
                    fetched_at=fetched_at,
                    attempts=1 if isinstance(exc, _BodyRefused) else self.settings.max_retries + 1,
                    error=str(exc) if isinstance(exc, _BodyRefused) else f"{type(exc).__name__}: {exc}",
                )
            self._book_next(host)
        history = _retry_history(response)
        attempts = 1 + len(history) + len(response.history)
        self.requests_made += attempts
        return FetchResult(
            url=url,
            status=response.status_code,
            headers=dict(response.headers),
            body=body,
            fetched_at=fetched_at,
            attempts=attempts,
            history=history,
        )

    def _read_body(self, response: requests.Response, *, started: float) -> bytes:
        """The whole body, within the deadline and the size cap. A watchdog shuts the socket at the
        deadline, so a server trickling one byte at a time cannot hold the read open."""
        limit = self.settings.max_response_bytes
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > limit:
            response.close()
            raise _BodyRefused(f"too_large: {declared} bytes declared, the cap is {limit}")
        remaining = self.settings.request_deadline - (time.monotonic() - started)
        expired = threading.Event()
        watchdog = threading.Timer(max(remaining, 0.0), _shut, args=(response, expired))
        watchdog.start()
        try:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_content(chunk_size=16384):
                size += len(chunk)
                if size > limit:
                    raise _BodyRefused(f"too_large: over {limit} bytes")
                chunks.append(chunk)
        except requests.RequestException:
            if not expired.is_set():
                raise
        finally:
            watchdog.cancel()
            response.close()
        if expired.is_set():
            raise _BodyRefused(f"deadline_exceeded: no whole answer in {self.settings.request_deadline:g} s")
        return b"".join(chunks)


def _shut(response: requests.Response, expired: threading.Event) -> None:
    """Cut a response off from another thread: shutting the socket wakes the blocked read."""
    expired.set()
    sock = _socket_of(response)
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: nothing to wake
            sock.shutdown(socket.SHUT_RDWR)


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket a streamed body is read from: urllib3 hands it from the connection to the
    http.client response once the headers are in (``fp.raw`` is the stdlib's SocketIO)."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        socket_io = getattr(getattr(getattr(response.raw, "_fp", None), "fp", None), "raw", None)
        sock = getattr(socket_io, "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class _BodyRefused(Exception):
    """The response was cut off: past the deadline or over the size cap."""


def _retry_history(response: requests.Response) -> list[int]:
    """Statuses of the attempts urllib3 retried before this response."""
    retries = getattr(response.raw, "retries", None)
    if retries is None:
        return []
    return [h.status or 0 for h in retries.history]  # 0: an attempt that got no response

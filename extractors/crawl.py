"""Incremental crawl and resumable backfill of a site profile into the raw archive.

Incremental (the nightly default): each channel's list pages are walked from the root only until
a page whose last article link was already known before the walk began, so a night with nothing new
costs robots.txt plus one (usually conditional, 304) request per channel. A walk is committed page by
page; one cut short (a killed run, the page cap, the site down) is resumed by the next run with its
original boundary, so the pages it never reached are still walked.

Backfill (``since`` = a date, or ``pages`` = list pages per channel): walks further, fetches every
article not yet archived, and keeps a cursor in the crawl state after each list page and each
article, so a killed run restarts where it stopped without fetching anything already archived.
Every run stops at ``settings.page_cap`` list+article pages.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urljoin

from config.settings import Settings
from extractors.archive import RawArchive
from extractors.http import FetchResult, PoliteClient, RobotsUnavailable
from extractors.parse import ArticleParseError, ListPage, parse_list_page, thin_body
from extractors.parsed import parse_archived
from extractors.profile import Channel, SiteProfile, load_profile
from extractors.records import ListItem
from extractors.state import BackfillCursor, CrawlState

# Statuses that mean "this article does not exist": remembered, never asked again.
DEAD_LINK_STATUSES = frozenset({404, 410})


@dataclass(frozen=True)
class CrawlEvent:
    """One step of a crawl, passed to the ``progress`` callback."""

    kind: str  # "robots" | "list" | "article" | "list-archived"
    url: str
    status: int
    pages_fetched: int
    page_cap: int
    channel: str = ""


ProgressCallback = Callable[[CrawlEvent], None]


@dataclass
class CrawlSummary:
    mode: str  # "incremental" | "backfill"
    base_url: str
    requests_made: int = 0  # every HTTP request, robots.txt and retries included
    new_article_urls: list[str] = field(default_factory=list)  # canonical, archived with 200 this run
    not_modified: int = 0  # list pages answered 304
    failures: dict[str, int] = field(default_factory=dict)  # reason -> count
    failed_urls: list[dict[str, str]] = field(default_factory=list)  # {"url", "reason"}
    drift_findings: list[dict[str, str]] = field(default_factory=list)  # {"url", "kind", "detail"}
    list_pages_fetched: int = 0
    article_pages_fetched: int = 0
    list_pages_from_archive: int = 0  # resumed pages re-read offline
    robots_skipped: list[str] = field(default_factory=list)  # linked URLs robots.txt forbids
    robots_error: str | None = None  # why robots.txt could not be read (then nothing is crawled)
    resumed_walks: list[str] = field(default_factory=list)  # channels whose walk a dead run left open
    unfinished_walks: list[str] = field(default_factory=list)  # open after this run: resumed next run
    channels: list[str] = field(default_factory=list)  # every channel the run set out to walk
    channels_unavailable: list[str] = field(default_factory=list)  # list pages failed (5xx, no answer)
    channels_disallowed: list[str] = field(default_factory=list)  # first list page forbidden by robots.txt
    channels_missing: list[str] = field(default_factory=list)  # first list page 404 or without links
    limits: list[str] = field(default_factory=list)  # a limit that stopped a walk early, and what to do
    capped: bool = False  # stopped at settings.page_cap
    completed: bool = True  # False when a walk stopped early (the next run resumes it)
    duration: float = 0.0  # seconds

    def fail(self, url: str, reason: str) -> None:
        self.failures[reason] = self.failures.get(reason, 0) + 1
        self.failed_urls.append({"url": url, "reason": reason})

    def drift(self, url: str, kind: str, detail: str) -> None:
        self.drift_findings.append({"url": url, "kind": kind, "detail": detail})

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _last_page(page: ListPage, number: int) -> bool:
    """Does list page ``number`` link to no later page of its channel (so there is none to ask for)?
    Unknown (no pager links at all): False, and the walk asks until a page is missing."""
    return page.highest_linked_page is not None and page.highest_linked_page <= number


class _CapReached(Exception):
    """The per-run page cap is used up."""


class _ListUnavailable(Exception):
    """A list page failed after retries (5xx, no answer): its channel cannot be walked this run."""


@dataclass
class _ListOutcome:
    url: str  # canonical
    page: ListPage
    sha256: str
    content_type: str | None
    validators: tuple[str | None, str | None]  # fresh (etag, last_modified) to save once handled


class _CrawlRun:
    def __init__(
        self,
        settings: Settings,
        profile: SiteProfile,
        archive: RawArchive,
        state: CrawlState,
        client: PoliteClient,
        summary: CrawlSummary,
        progress: ProgressCallback | None,
    ) -> None:
        self.settings = settings
        self.profile = profile
        self.archive = archive
        self.state = state
        self.client = client
        self.summary = summary
        self.progress = progress
        self.base = settings.base_url if settings.base_url.endswith("/") else settings.base_url + "/"
        self.pages_fetched = 0
        self.handled: set[str] = set()  # article URLs dealt with in this run

    # ---- plumbing -------------------------------------------------------------------------
    def _emit(self, kind: str, url: str, status: int, channel: str = "") -> None:
        self.summary.requests_made = self.client.requests_made
        if self.progress is not None:
            self.progress(CrawlEvent(kind, url, status, self.pages_fetched, self.settings.page_cap, channel))

    def _fetch(self, canonical: str, kind: str, *, conditional: bool = False) -> FetchResult | None:
        """Fetch and archive one page; None when robots.txt forbids it."""
        fetch_url = self.profile.fetch_url(canonical, self.base)
        if not self.client.allowed(fetch_url):
            # Policy, not a failure: counted so a rule that starts hiding articles is visible.
            if canonical not in self.summary.robots_skipped:
                self.summary.robots_skipped.append(canonical)
            return None
        if self.pages_fetched >= self.settings.page_cap:
            raise _CapReached
        etag, last_modified = self.state.validators(canonical) if conditional else (None, None)
        result = self.client.get(fetch_url, etag=etag, last_modified=last_modified)
        self.pages_fetched += 1
        if kind == "list":
            self.summary.list_pages_fetched += 1
        else:
            self.summary.article_pages_fetched += 1
        if result.status:
            self.archive.put(
                url=canonical,
                fetched_url=fetch_url,
                status=result.status,
                headers=result.headers,
                body=result.body,
                kind=kind,
                fetched_at=result.fetched_at,
            )
        return result

    def _failure_reason(self, result: FetchResult) -> str:
        if result.status:
            return f"http_{result.status}"
        for cut_off in ("deadline_exceeded", "too_large"):  # the client cut the answer off
            if result.error and result.error.startswith(cut_off):
                return cut_off
        return "connection_error"

    # ---- robots -------------------------------------------------------------------------
    def load_robots(self) -> bool:
        robots_url = self.client.robots_url(self.base, self.profile.robots_path)
        canonical = urljoin(self.profile.canonical_base, self.profile.robots_path)
        try:
            result = self.client.load_robots(robots_url)
        except RobotsUnavailable as exc:
            # An outage, not a changed site: a health failure (crawl_health), never drift.
            self.summary.fail(canonical, "robots_unavailable")
            self.summary.robots_error = str(exc)
            self._emit("robots", canonical, 0)
            return False
        self.archive.put(
            url=canonical,
            fetched_url=robots_url,
            status=result.status,
            headers=result.headers,
            body=result.body,
            kind="robots",
            fetched_at=result.fetched_at,
        )
        self._emit("robots", canonical, result.status)
        return True

    # ---- list pages ---------------------------------------------------------------------
    def list_url(self, channel: Channel, page: int) -> str:
        return urljoin(self.profile.canonical_base, self.profile.list_page_path(channel.path, page))

    def _parse_list(
        self, canonical: str, body: bytes, content_type: str | None, channel: Channel
    ) -> ListPage:
        return parse_list_page(
            body,
            content_type,
            page_url=self.profile.fetch_url(canonical, self.base),
            profile=self.profile,
            crawl_base=self.base,
            channel=channel.path,
        )

    def read_list(self, channel: Channel, page: int) -> _ListOutcome | None:
        """Fetch (conditionally) and parse one list page; None ends the channel's walk."""
        canonical = self.list_url(channel, page)
        result = self._fetch(canonical, "list", conditional=True)
        if result is None:
            return None
        self._emit("list", canonical, result.status, channel.path)
        if result.not_modified:
            self.summary.not_modified += 1
            cached = self.archive.latest(canonical, status=200)
            if cached is not None:
                body = self.archive.body(cached.sha256)
                return self._list_outcome(
                    channel, canonical, body, cached.headers, cached.sha256, (None, None)
                )
            # The validators outlived the archived body: ask again in full.
            result = self._fetch(canonical, "list")
            if result is None:
                return None
        if result.status in DEAD_LINK_STATUSES:
            if page == 0:
                self.summary.fail(canonical, "list_missing")
                self.summary.drift(canonical, "list_missing", f"channel root answered {result.status}")
            return None  # past the last page
        if not result.ok:
            self.summary.fail(canonical, self._failure_reason(result))
            raise _ListUnavailable(canonical)
        validators = (result.headers.get("ETag"), result.headers.get("Last-Modified"))
        sha256 = hashlib.sha256(result.body).hexdigest()  # the archive's name for the body
        return self._list_outcome(channel, canonical, result.body, result.headers, sha256, validators)

    def _list_outcome(
        self,
        channel: Channel,
        canonical: str,
        body: bytes,
        headers: dict[str, str],
        sha256: str,
        validators: tuple[str | None, str | None],
    ) -> _ListOutcome | None:
        parsed = self._parse_list(canonical, body, headers.get("Content-Type"), channel)
        if parsed.anchors == 0:
            self.summary.drift(
                canonical, "list_no_links", f"200 but nothing matches {self.profile.list_item_links!r}"
            )
            return None
        if not parsed.items and parsed.other:
            self.summary.drift(
                canonical, "list_no_article_links", f"{len(parsed.other)} links, none an article URL"
            )
        return _ListOutcome(canonical, parsed, sha256, headers.get("Content-Type"), validators)

    def reread_list(
        self, channel: Channel, canonical: str, sha256: str, content_type: str | None
    ) -> _ListOutcome:
        """A list page handled partly before a kill, read again from the archive (no network)."""
        parsed = self._parse_list(canonical, self.archive.body(sha256), content_type, channel)
        self.summary.list_pages_from_archive += 1
        self._emit("list-archived", canonical, 200)
        return _ListOutcome(canonical, parsed, sha256, content_type, (None, None))

    def finish_list(self, outcome: _ListOutcome) -> None:
        """Validators are saved only once every article of the page was handled, so a later 304
        never hides an article a killed run did not reach."""
        etag, last_modified = outcome.validators
        self.state.save_validators(outcome.url, etag=etag, last_modified=last_modified)

    # ---- articles -----------------------------------------------------------------------
    def is_known(self, url: str) -> bool:
        if self.state.is_known(url):
            return True
        archived = self.archive.latest(url, status=200)
        if archived is None:
            return False
        # Archived but not in the state (a kill between the two writes): adopt it, do not refetch,
        # unless the copy does not parse (a truncated page): then it is fetched again.
        return self._record_article(url, archived.sha256, archived.headers.get("Content-Type"), report=False)

    def _record_article(self, url: str, sha256: str, content_type: str | None, *, report: bool) -> bool:
        """Mark a fetched article known; a page that does not parse stays unknown (it is kept in the
        archive and reported, and the next run fetches it again: a truncated answer is not lost)."""
        ref = self.profile.article_ref(url)
        try:
            article = parse_archived(
                self.archive, sha256=sha256, url=url, content_type=content_type, profile=self.profile
            )
        except ArticleParseError as exc:
            if report:
                self.summary.fail(url, "parse_failed")
                self.summary.drift(url, exc.kind, exc.detail)
            return False
        thin = thin_body(article)
        if report and thin is not None:
            self.summary.drift(url, "article_body_thin", thin)  # kept and loaded, but a human should look
        self.state.mark_article(
            url=url,
            article_id=ref.article_id if ref else "",
            channel=article.channel or (ref.channel if ref else ""),
            status=200,
            published_at=article.published_at,
        )
        return True

    def handle_article(self, item: ListItem, channel: Channel) -> None:
        if item.url in self.handled:
            return
        self.handled.add(item.url)
        if self.is_known(item.url):
            return
        result = self._fetch(item.url, "article")
        if result is None:
            return
        self._emit("article", item.url, result.status, channel.path)
        if result.ok:
            self.summary.new_article_urls.append(item.url)
            sha256 = hashlib.sha256(result.body).hexdigest()
            self._record_article(item.url, sha256, result.headers.get("Content-Type"), report=True)
        elif result.status in DEAD_LINK_STATUSES:
            self.summary.fail(item.url, self._failure_reason(result))
            ref = self.profile.article_ref(item.url)
            self.state.mark_article(
                url=item.url,
                article_id=ref.article_id if ref else item.article_id,
                channel=channel.path,
                status=result.status,
                published_at=None,
            )
        else:  # transient (5xx after retries, no answer): not remembered, tried again next run
            self.summary.fail(item.url, self._failure_reason(result))

    # ---- walks --------------------------------------------------------------------------
    def incremental(self, channels: tuple[Channel, ...]) -> None:
        """Walk each channel from page 0 until a page whose last article was known before the walk
        began. The walk is committed page by page: one cut short (killed, capped, site down) is
        resumed by the next run with its old boundary, so pages it never reached are not lost."""
        # Every walk is begun (committed) up front and the unfinished ones go first: a channel the page
        # cap keeps out of tonight's run is an open walk tomorrow, first in line, not starved.
        walks = {channel.path: self.state.begin_walk(channel.path) for channel in channels}
        for channel in sorted(channels, key=lambda c: not walks[c.path].resumed):
            walk = walks[channel.path]
            if walk.resumed:
                self.summary.resumed_walks.append(channel.path)
            if walk.resumed and walk.page >= 0:
                # On from the first page it did not finish (the pages above it are handled, so a page
                # cap smaller than the channel still makes progress), then a fresh walk from page 0
                # for what was published meanwhile.
                if not self._walk(channel, walk.started_at, first_page=walk.page + 1):
                    continue
                self.state.complete_walk(channel.path)
                walk = self.state.begin_walk(channel.path)
            if self._walk(channel, walk.started_at, first_page=0):
                self.state.complete_walk(channel.path)

    def _walk(self, channel: Channel, boundary: str, *, first_page: int) -> bool:
        """True when the walk reached the boundary or the channel's last page."""
        for page in range(first_page, self.profile.max_list_pages + 1):
            try:
                outcome = self.read_list(channel, page)
            except _ListUnavailable:
                self.summary.channels_unavailable.append(channel.path)
                return False  # recorded; the other channels still run, this one resumes next run
            if outcome is None:
                return page > 0 or self._root_readable(channel)
            items = outcome.page.items
            for item in items:
                self.handle_article(item, channel)
            self.finish_list(outcome)
            self.state.advance_walk(channel.path, page)
            # Pinned stories sit on top; reaching old ones at the bottom means caught up.
            if (
                not items
                or self.state.known_before(items[-1].url, boundary)
                or _last_page(outcome.page, page)
            ):
                return True
        return True  # the profile's deepest page: nothing older is reachable by an incremental walk

    def _root_readable(self, channel: Channel) -> bool:
        """Page 0 gave nothing: the channel is empty (True), or refused by robots.txt / missing / empty
        of links, which is recorded against the channel (False: its walk is not done)."""
        root = self.list_url(channel, 0)
        if root in self.summary.robots_skipped:
            self.summary.channels_disallowed.append(channel.path)
        elif any(d["url"] == root for d in self.summary.drift_findings):
            self.summary.channels_missing.append(channel.path)
        else:
            return True
        return False

    def backfill(self, channels: tuple[Channel, ...], *, since: date | None, pages: int | None) -> None:
        # Keyed by the range only: URLs are canonical, so a replica restarted on another port resumes.
        job = f"since={since.isoformat()}" if since else f"pages={pages}"
        cursor = self.state.load_cursor(job) or BackfillCursor(job=job, started_at=datetime.now(UTC))
        last_page = pages if pages is not None else self.profile.max_list_pages
        self.summary.completed = False
        for index in range(cursor.channel_index, len(channels)):
            channel = channels[index]
            start = cursor.page if index == cursor.channel_index else 0
            cursor.channel_index, cursor.page = index, start
            for page in range(start, last_page + 1):
                pending = cursor.extra.get("page_sha256")
                if page == cursor.page and isinstance(pending, str):
                    outcome = self.reread_list(
                        channel,
                        self.list_url(channel, page),
                        pending,
                        cursor.extra.get("page_content_type"),  # type: ignore[arg-type]
                    )
                else:
                    outcome = self.read_list(channel, page)
                    if outcome is None:
                        break
                    cursor.page = page
                    cursor.extra = {"page_sha256": outcome.sha256, "page_content_type": outcome.content_type}
                    self.state.save_cursor(cursor)
                for item in outcome.page.items:
                    self.handle_article(item, channel)
                self.finish_list(outcome)
                cursor.page, cursor.extra = page + 1, {}
                self.state.save_cursor(cursor)
                if not outcome.page.items or _last_page(outcome.page, page):
                    break
                if since is not None and self._all_older(outcome.page, since):
                    break
            else:
                if since is not None:  # the date lies deeper than the profile lets a walk go
                    self.summary.limits.append(
                        f"{channel.path}: stopped at list page {last_page} (lists.max_pages in the site "
                        f"profile) before reaching {since.isoformat()}; raise max_pages and run the backfill again"
                    )
            cursor.channel_index, cursor.page, cursor.extra = index + 1, 0, {}
            self.state.save_cursor(cursor)
        self.state.drop_cursor(job)
        self.summary.completed = not self.summary.limits

    def _all_older(self, page: ListPage, since: date) -> bool:
        """True when every dated article on the page was published before ``since``."""
        dates = [self.state.published_at(i.url) for i in page.items]
        known = [d for d in dates if d is not None]
        return bool(known) and all(d.astimezone(self.profile.timezone).date() < since for d in known)


def crawl(
    settings: Settings,
    *,
    since: date | None = None,
    pages: int | None = None,
    progress: ProgressCallback | None = None,
    profile: SiteProfile | None = None,
) -> CrawlSummary:
    """Crawl ``settings.base_url`` into the raw archive; see the module docstring for the modes."""
    if since is not None and pages is not None:
        raise ValueError("crawl: give either since (a date range) or pages (a page range), not both")
    if pages is not None and pages < 0:
        raise ValueError(f"crawl: pages must be >= 0, got {pages}")
    profile = profile or load_profile()
    started = time.monotonic()
    backfill = since is not None or pages is not None
    summary = CrawlSummary(mode="backfill" if backfill else "incremental", base_url=settings.base_url)
    archive = RawArchive(settings.archive_dir)
    state = CrawlState(settings.state_dir)
    client = PoliteClient(settings)
    run = _CrawlRun(settings, profile, archive, state, client, summary, progress)
    try:
        if run.load_robots():
            channels = profile.crawl_channels
            summary.channels = [channel.path for channel in channels]
            if backfill:
                run.backfill(channels, since=since, pages=pages)
            else:
                run.incremental(channels)
    except _CapReached:
        summary.capped = True
        summary.completed = False
    except _ListUnavailable:
        summary.completed = False  # a backfill stops where the site failed; run it again to resume
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode != sqlite3.SQLITE_FULL:
            raise
        # SQLite's "database or disk is full" (the archive's index, the crawl state), told as the OS
        # tells it for the bodies: a full disk reads the same whichever write hit it first.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(settings.data_dir)) from error
    finally:
        if not backfill:
            summary.unfinished_walks = state.unfinished_walks()
            summary.completed = summary.completed and not summary.unfinished_walks
        summary.requests_made = client.requests_made
        summary.failures = dict(Counter(summary.failures))
        summary.duration = time.monotonic() - started
        client.close()
        state.close()
        archive.close()
    return summary


@dataclass(frozen=True)
class CrawlHealth:
    """Whether the site could be crawled: ``ok``; ``partial`` (some channels or articles failed, the
    rest was crawled); ``failed`` (nothing could be: unreachable, 5xx everywhere, robots forbid it)."""

    status: str  # "ok" | "partial" | "failed"
    causes: list[str]


def crawl_health(summary: CrawlSummary) -> CrawlHealth:
    """The verdict on one crawl, with causes a maintainer can act on. Dead links (404/410) are the
    site's own business and no error; transient article failures make a run partial."""
    if summary.robots_error is not None:
        return CrawlHealth(
            "failed", [f"site unreachable: robots.txt could not be read ({summary.robots_error})"]
        )
    down = [*summary.channels_unavailable, *summary.channels_disallowed, *summary.channels_missing]
    limited = [f"walk stopped early: {limit}" for limit in summary.limits]
    if summary.channels and set(down) >= set(summary.channels):
        return CrawlHealth("failed", [_all_channels_cause(summary)])
    causes = list(limited)
    if down:
        causes.append(
            f"{len(down)} of {len(summary.channels)} channels could not be walked: {', '.join(down)}"
        )
    not_errors = ("http_404", "http_410", "list_missing")  # dead links: the site's own business
    failed = [f for f in summary.failed_urls if f["reason"] not in not_errors]
    unparsed = [f["url"] for f in failed if f["reason"] == "parse_failed"]
    unfetched = [f for f in failed if f["reason"] != "parse_failed"]
    if unfetched:
        what = "; ".join(f"{f['url']} ({f['reason']})" for f in unfetched[:10])
        more = f" and {len(unfetched) - 10} more" if len(unfetched) > 10 else ""
        causes.append(f"{len(unfetched)} page(s) not fetched this run, tried again next run: {what}{more}")
    if unparsed:
        what = "; ".join(unparsed[:10]) + (f" and {len(unparsed) - 10} more" if len(unparsed) > 10 else "")
        causes.append(
            f"{len(unparsed)} article page(s) did not parse (kept in the raw archive, fetched again next run): {what}"
        )
    return CrawlHealth("partial" if causes else "ok", causes)


def _all_channels_cause(summary: CrawlSummary) -> str:
    if set(summary.channels_disallowed) >= set(summary.channels):
        return "robots.txt disallows every channel: nothing may be crawled"
    if not summary.channels_unavailable:
        return "no channel's first list page could be read (missing, or no links: has the site changed?)"
    reasons = sorted({r for r in summary.failures if r.startswith("http_5") or r == "connection_error"})
    if reasons == ["connection_error"]:
        return "site unreachable: no channel's list page answered"
    return f"every channel failed ({', '.join(reasons) or 'no answer'}): the site is down"

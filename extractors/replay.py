"""Archived article pages as parsed articles, offline: the downstream input of every flow.

Each page's parse is kept in the archive (``extractors.parsed``): the crawl's parse is reused, and a
page is parsed again only when its parser or profile changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime

from config.settings import Settings
from extractors.archive import ArchiveError, RawArchive
from extractors.parse import ArticleParseError
from extractors.parsed import forget_other_versions, parse_archived
from extractors.profile import SiteProfile, load_profile
from extractors.records import Article


@dataclass(frozen=True)
class ParseFailure:
    """An archived page that did not parse; the body stays in the archive under ``sha256``."""

    url: str
    sha256: str
    reason: str  # "article_no_title: …", "article_no_body: …", "archive: …"


def iter_archived_articles(
    settings: Settings,
    *,
    since: date | None = None,
    until: date | None = None,
    urls: Iterable[str] | None = None,
    profile: SiteProfile | None = None,
    skip: Callable[[str], bool] | None = None,
) -> Iterator[Article | ParseFailure]:
    """The latest 200 response of every archived article URL, parsed (once: see above); no network.

    ``since``/``until`` (inclusive, Asia/Shanghai dates) filter on the parsed publish time; articles
    without one are kept, as are failures (their date is unknown). ``urls`` are canonical URLs, as in
    ``CrawlSummary.new_article_urls``; addresses of the crawled host are mapped onto them.
    ``skip(sha256)`` True passes a page over before its body is read or parsed.
    """
    profile = profile or load_profile()
    wanted: list[str] | None = None
    if urls is not None:
        wanted = []
        for url in urls:
            canonical = profile.canonical_url(url, page_url=url, crawl_base=settings.base_url)
            wanted.append(canonical or url)
    archive = RawArchive(settings.archive_dir)
    try:
        forget_other_versions(archive, profile)  # an upgraded parser's first read cleans up
        for response in archive.iter_latest(kind="article", status=200, urls=wanted):
            if skip is not None and skip(response.sha256):
                continue
            try:
                article = parse_archived(
                    archive,
                    sha256=response.sha256,
                    url=response.url,
                    content_type=response.headers.get("Content-Type"),
                    profile=profile,
                )
            except (ArticleParseError, ArchiveError) as exc:
                yield ParseFailure(url=response.url, sha256=response.sha256, reason=str(exc))
                continue
            if article.published_at is not None:
                day = article.published_at.astimezone(profile.timezone).date()
                if (since and day < since) or (until and day > until):
                    continue
            yield article
    finally:
        archive.close()


def archived_since(settings: Settings, fetched_since: datetime | None) -> list[str]:
    """Canonical URLs of archived article pages (latest 200 response) fetched at or after
    ``fetched_since``; all of them when None. Reads the archive index only: no body, no parsing."""
    archive = RawArchive(settings.archive_dir)
    try:
        return [
            response.url
            for response in archive.iter_latest(kind="article", status=200)
            if fetched_since is None or response.fetched_at >= fetched_since
        ]
    finally:
        archive.close()

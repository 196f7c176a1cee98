"""Crawler figures on the replica: requests per nightly run versus the minimum, and parse speed.

- nightly: build the replica without the newest articles, crawl it fully, add the articles back
  (the site "publishes" them), crawl again; requests made versus the minimum possible
  (new articles + one list page per channel + robots.txt). Also an empty night.
- parse: list and article pages parsed per second (one core), from the committed replica's bytes.
"""

from __future__ import annotations

import tempfile
import time
from datetime import datetime
from pathlib import Path

from benchmarks.common import BenchResult
from config.settings import get_settings
from devtools.replica import build_replica
from devtools.site_server import REPO_ROOT, SiteServer, touch_later
from extractors.crawl import crawl
from extractors.parse import parse_article, parse_list_page
from extractors.profile import load_profile

CORPUS = REPO_ROOT / "corpus"
NEW_AFTER = datetime(2025, 5, 31, 23, 59, 59)  # articles after this are "tonight's news"
PARSE_ROUNDS = 5


def _nightly() -> list[BenchResult]:
    profile = load_profile()
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        site = Path(tmp) / "site"
        build_replica(CORPUS, site, published_until=NEW_AFTER)
        server = SiteServer(site)
        try:
            settings = get_settings(base_url=server.base_url, data_dir=Path(tmp) / "data", request_delay=0.0)
            first = crawl(settings)
            full = build_replica(CORPUS, site)
            touch_later(full.written)
            new = sum(1 for a in full.articles if a.article.published > NEW_AFTER)
            channels = sum(1 for c in profile.crawl_channels if c.path in full.list_pages)
            nightly = crawl(settings)
            empty = crawl(settings)
        finally:
            server.close()
    minimum = new + channels + 1
    return [
        BenchResult("crawl", "first full crawl: requests", first.requests_made),
        BenchResult(
            "crawl",
            f"nightly with {new} new articles: requests",
            nightly.requests_made,
            f"== {minimum}",
            nightly.requests_made == minimum,
        ),
        BenchResult(
            "crawl",
            "nightly requests / minimum",
            nightly.requests_made / minimum,
            "<= 1.00",
            nightly.requests_made <= minimum,
        ),
        BenchResult(
            "crawl",
            "night with nothing new: requests",
            empty.requests_made,
            f"== {channels + 1}",
            empty.requests_made == channels + 1,
        ),
    ]


def _parse_speed() -> list[BenchResult]:
    profile = load_profile()
    site = REPO_ROOT / "sample_site"
    with tempfile.TemporaryDirectory(prefix="bench-parse-") as tmp:
        manifest = build_replica(CORPUS, Path(tmp) / "site")  # what the committed replica holds
    base = profile.canonical_base.rstrip("/")
    articles = [((site / a.file).read_bytes(), base + a.url_path) for a in manifest.articles]
    lists = [
        ((site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))).read_bytes(), base + path)
        for pages in manifest.list_pages.values()
        for path in pages
    ]
    parse_list_page(lists[0][0], None, page_url=lists[0][1], profile=profile)  # warm the selector cache
    parse_article(articles[0][0], None, url=articles[0][1], profile=profile)

    started = time.perf_counter()
    for _ in range(PARSE_ROUNDS):
        for body, url in lists:
            parse_list_page(body, None, page_url=url, profile=profile)
    list_rate = PARSE_ROUNDS * len(lists) / (time.perf_counter() - started)

    started = time.perf_counter()
    for _ in range(PARSE_ROUNDS):
        for body, url in articles:
            parse_article(body, None, url=url, profile=profile)
    article_rate = PARSE_ROUNDS * len(articles) / (time.perf_counter() - started)
    # A polite crawl fetches about one page per second, so parsing is never what limits a crawl;
    # the target keeps a 100k-page replay near an hour on one core (replay can fan out).
    return [
        BenchResult("crawl", "list pages parsed / s (one core)", list_rate, ">= 25", list_rate >= 25),
        BenchResult(
            "crawl", "article pages parsed / s (one core)", article_rate, ">= 25", article_rate >= 25
        ),
    ]


def run() -> list[BenchResult]:
    return _nightly() + _parse_speed()

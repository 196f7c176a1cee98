"""Each fetched article page is parsed once (issue 12): the crawl's parse is what the pipeline reads."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from config.settings import Settings
from devtools.site_server import SiteServer
from extractors import parsed
from extractors.archive import RawArchive
from extractors.crawl import crawl
from extractors.parse import parse_article
from extractors.profile import load_profile
from extractors.records import Article
from extractors.replay import ParseFailure, iter_archived_articles


class ParseCounter:
    """``parse_article`` as ``extractors.parsed`` calls it, counting the calls per URL."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, body: bytes, content_type: str | None, **kwargs: object) -> Article:
        self.urls.append(str(kwargs["url"]))
        return parse_article(body, content_type, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> ParseCounter:
    counter = ParseCounter()
    monkeypatch.setattr(parsed, "parse_article", counter)
    return counter


def _articles(settings: Settings) -> list[Article]:
    results = list(iter_archived_articles(settings))
    assert not [r for r in results if isinstance(r, ParseFailure)]
    return [r for r in results if isinstance(r, Article)]


def test_crawl_then_pipeline_parses_each_page_once(
    site: SiteServer, make_settings: Callable[..., Settings], parses: ParseCounter
) -> None:
    settings = make_settings(site)
    summary = crawl(settings)
    assert len(summary.new_article_urls) >= 3
    assert sorted(parses.urls) == sorted(summary.new_article_urls)  # the crawl: one parse per page

    articles = _articles(settings)  # what the downstream steps read
    assert len(parses.urls) == len(summary.new_article_urls)  # ... and not one more
    # The kept parse is the parse: equal to parsing the archived bytes now.
    archive = RawArchive(settings.archive_dir)
    try:
        for article in articles:
            response = archive.latest(article.url)
            assert response is not None
            fresh = parse_article(
                archive.body(response.sha256),
                response.headers.get("Content-Type"),
                url=article.url,
                profile=load_profile(),
                sha256=response.sha256,
            )
            assert article == fresh
    finally:
        archive.close()


def test_a_changed_parser_or_profile_parses_again(
    site: SiteServer,
    make_settings: Callable[..., Settings],
    parses: ParseCounter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = make_settings(site)
    crawl(settings)
    crawled = len(parses.urls)
    # Another parser version has another fingerprint: the kept parses no longer apply.
    monkeypatch.setattr(parsed, "parser_fingerprint", lambda profile: "another parser version")
    first = _articles(settings)
    assert len(parses.urls) == 2 * crawled
    second = _articles(settings)  # kept again, under the new fingerprint
    assert len(parses.urls) == 2 * crawled
    assert first == second
    # The old version's parses were dropped, not left behind in the index.
    with RawArchive(settings.archive_dir) as archive:
        assert archive.forget_parses_except("another parser version") == 0
        assert archive.forget_parses_except("a third version") == crawled


def test_the_fingerprint_follows_the_profile() -> None:
    from dataclasses import replace

    profile = load_profile()
    changed = replace(profile, title_selectors=("h1.another",))
    assert parsed.parser_fingerprint(profile) == parsed.parser_fingerprint(load_profile())
    assert parsed.parser_fingerprint(changed) != parsed.parser_fingerprint(profile)

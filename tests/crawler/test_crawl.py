"""The crawler against a replica served by a real HTTP server on 127.0.0.1 (no mocked requests)."""

from __future__ import annotations

import itertools
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from config.settings import Settings
from devtools.replica import ReplicaManifest, build_replica
from devtools.site_server import SiteServer, touch_later
from extractors.archive import RawArchive
from extractors.crawl import CrawlEvent, crawl
from extractors.profile import load_profile
from extractors.replay import ParseFailure, iter_archived_articles
from extractors.state import CrawlState
from tests.crawler.conftest import PAGE_SIZE, SAMPLE_CORPUS

PROFILE = load_profile()


def article_paths(manifest: ReplicaManifest) -> set[str]:
    return {a.url_path for a in manifest.articles}


def canonical(path: str) -> str:
    return PROFILE.canonical_base.rstrip("/") + path


def channels_of(manifest: ReplicaManifest) -> list[str]:
    return [c.path for c in PROFILE.crawl_channels if c.path in manifest.list_pages]


def test_full_crawl_fetches_every_linked_article_exactly_once(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site)
    summary = crawl(settings)

    assert {r.headers["User-Agent"] for r in site.requests} == {settings.user_agent}
    requested = Counter(site.paths())
    for path in article_paths(manifest):
        assert requested[path] == 1, f"{path} requested {requested[path]} times"
    assert sorted(summary.new_article_urls) == sorted(canonical(p) for p in article_paths(manifest))
    assert requested["/robots.txt"] == 1
    # Every list page of every channel was read (root + index_1..), and nothing else of the site.
    for pages in manifest.list_pages.values():
        for page in pages:
            assert requested[page] == 1, page
    assert summary.requests_made == len(site.requests)
    assert summary.drift_findings == []


def test_second_crawl_makes_no_article_requests(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site)
    crawl(settings)
    site.reset()
    state = CrawlState(settings.state_dir)
    shizheng = [a for a in manifest.articles if a.article.channel == "linfen/shizheng"]
    newest = max(shizheng, key=lambda a: a.article.published)
    assert state.watermark("linfen/shizheng") == (
        max(int(a.article.article_id) for a in shizheng if a.article.url_style == "current"),
        newest.article.published.replace(tzinfo=PROFILE.timezone).isoformat(),
    )
    for page in manifest.list_pages["linfen/shizheng"]:
        assert any(state.validators(canonical(page))), page  # ETag / Last-Modified kept per list page
    state.close()

    summary = crawl(settings)

    expected = ["/robots.txt"] + [f"/{c}/" for c in channels_of(manifest)]
    assert site.paths() == expected
    assert summary.new_article_urls == []
    assert summary.not_modified == len(channels_of(manifest))
    assert summary.requests_made == len(expected)
    assert all(r.status == 304 for r in site.requests[1:])


def test_second_crawl_without_etags_uses_last_modified(
    built_site: tuple[Path, ReplicaManifest],
    http_site_factory: Callable[..., SiteServer],
    make_settings: Callable[..., Settings],
) -> None:
    server = http_site_factory(built_site[0], etags=False)
    settings = make_settings(server)
    crawl(settings)
    server.reset()

    summary = crawl(settings)

    assert summary.not_modified == len(channels_of(built_site[1]))
    list_requests = server.requests[1:]
    assert all("If-Modified-Since" in r.headers and "If-None-Match" not in r.headers for r in list_requests)


def test_disallowed_and_h5_links_are_never_requested(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    summary = crawl(make_settings(site))

    paths = site.paths()
    for trap in manifest.trap_links + manifest.skipped_links:
        assert trap not in paths
    assert not any(p.startswith("/member/") for p in paths)
    assert summary.robots_skipped == [canonical(t) for t in manifest.trap_links]


def test_gbk_page_decodes_correctly(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    gbk = next(a for a in manifest.articles if a.encoding == "gbk")
    raw = (site.directory / gbk.file).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    settings = make_settings(site)
    crawl(settings)
    (article,) = iter_archived_articles(settings, urls=[canonical(gbk.url_path)])

    assert not isinstance(article, ParseFailure)
    assert article.title == gbk.article.title
    assert article.paragraphs == list(gbk.article.paragraphs)
    assert "镕" in article.paragraphs[-1]  # a GBK-only character, outside GB2312


def test_503_twice_then_200_is_retried_and_succeeds(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    target = manifest.articles[0].url_path
    site.fail(target, [503, 503])

    summary = crawl(make_settings(site))

    statuses = [r.status for r in site.requests if r.path == target]
    assert statuses == [503, 503, 200]
    assert canonical(target) in summary.new_article_urls
    assert summary.failures == {"http_404": 1}


def test_429_with_retry_after_is_honoured(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    target = "/linfen/qyxw/"
    site.fail(target, [429], retry_after="1")

    summary = crawl(make_settings(site))

    hits = [r for r in site.requests if r.path == target]
    assert [r.status for r in hits] == [429, 200]
    assert hits[1].time - hits[0].time >= 0.95  # waited the Retry-After, not the 0.01 s delay
    assert "http_429" not in summary.failures


def test_retry_after_longer_than_cap_is_capped(
    site: SiteServer, make_settings: Callable[..., Settings]
) -> None:
    site.fail("/shanxi/", [429], retry_after="3600")

    crawl(make_settings(site, retry_after_cap=0.5))

    hits = [r for r in site.requests if r.path == "/shanxi/"]
    assert [r.status for r in hits] == [429, 200]
    assert 0.45 <= hits[1].time - hits[0].time < 5


def test_404_is_recorded_and_not_retried(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site)
    summary = crawl(settings)
    (broken,) = manifest.broken_links

    assert site.count(broken) == 1
    assert summary.failures == {"http_404": 1}
    assert {"url": canonical(broken), "reason": "http_404"} in summary.failed_urls
    with RawArchive(settings.archive_dir) as archive:
        assert archive.latest(canonical(broken), status=404) is not None
    # A dead link is remembered: not asked again on later nights either.
    site.reset()
    crawl(settings)
    assert broken not in site.paths()


def test_exhausted_5xx_is_a_failure_and_retried_next_night(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    target = manifest.articles[-1].url_path
    site.fail(target, [500] * 10)
    settings = make_settings(site, max_retries=2)

    summary = crawl(settings)

    assert site.count(target) == 3
    assert summary.failures["http_500"] == 1
    assert canonical(target) not in summary.new_article_urls
    site.reset()
    second = crawl(settings)
    assert site.count(target) == 1
    assert second.new_article_urls == [canonical(target)]


def test_dropped_connection_is_retried(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    target = manifest.articles[1].url_path
    site.drop_connection(target, times=1)

    summary = crawl(make_settings(site))

    assert [r.status for r in site.requests if r.path == target] == [0, 200]
    assert canonical(target) in summary.new_article_urls


def test_delay_between_requests_is_respected(
    site: SiteServer, make_settings: Callable[..., Settings]
) -> None:
    delay = 0.1
    crawl(make_settings(site, request_delay=delay, page_cap=12))

    times = [r.time for r in site.requests]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) >= 8
    assert min(gaps) >= delay - 0.01  # the delay is a floor; jitter only adds
    assert sum(gaps) / len(gaps) >= delay * 0.9


def test_list_page_with_changed_markup_is_drift(
    site: SiteServer, make_settings: Callable[..., Settings]
) -> None:
    redesigned = '<html><body><div class="news-list"><a href="/shanxi/2716589.html">x</a></div></body></html>'
    site.replace("/shanxi/", redesigned.encode())

    summary = crawl(make_settings(site))

    assert {"url": canonical("/shanxi/"), "kind": "list_no_links"} == {
        k: v for k, v in summary.drift_findings[0].items() if k != "detail"
    }
    assert not any(p.startswith("/shanxi/index_") for p in site.paths())


def test_article_with_changed_markup_is_drift_archived_and_reported(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    target = next(a for a in manifest.articles if a.article.channel == "linfen/qyxw").url_path
    site.replace(target, "<html><body><h1>新版页面</h1><article><p>正文</p></article></body></html>".encode())
    settings = make_settings(site)

    summary = crawl(settings)

    assert [f["kind"] for f in summary.drift_findings] == ["article_no_title"]
    assert summary.drift_findings[0]["url"] == canonical(target)
    assert summary.failures.get("parse_failed") == 1
    results = list(iter_archived_articles(settings))
    failures = [r for r in results if isinstance(r, ParseFailure)]
    assert [f.url for f in failures] == [canonical(target)]
    with RawArchive(settings.archive_dir) as archive:
        assert "新版页面" in archive.body(failures[0].sha256).decode()
    assert len(results) == len(manifest.articles)


def test_a_parse_that_recovers_little_of_a_full_page_is_reported(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    target = next(a for a in manifest.articles if a.article.channel == "linfen/qyxw")
    page = (site.directory / target.file).read_bytes().decode(target.encoding)
    # Text the body selectors do not reach (as when unclosed markup nests the story elsewhere).
    stray = "<div class='stray'>" + "<p>开发区项目建设持续推进,多个重点项目进展顺利。</p>" * 200 + "</div>"
    site.replace(target.url_path, page.replace("</body>", stray + "</body>").encode(target.encoding))

    summary = crawl(make_settings(site))

    thin = [f for f in summary.drift_findings if f["kind"] == "article_body_thin"]
    assert [f["url"] for f in thin] == [canonical(target.url_path)]
    assert "broken markup" in thin[0]["detail"]
    assert canonical(target.url_path) in summary.new_article_urls  # kept and loaded all the same


def test_index_one_as_page_two_is_crawled_completely(
    tmp_path: Path, http_site_factory: Callable[..., SiteServer], make_settings: Callable[..., Settings]
) -> None:
    manifest = build_replica(SAMPLE_CORPUS, tmp_path / "next", page_size=PAGE_SIZE, index_one="next")
    server = http_site_factory(tmp_path / "next")

    summary = crawl(make_settings(server))

    assert sorted(summary.new_article_urls) == sorted(canonical(p) for p in article_paths(manifest))
    assert max(Counter(server.paths()).values()) == 1


def test_nightly_run_after_new_articles_costs_the_minimum(
    tmp_path: Path, http_site_factory: Callable[..., SiteServer], make_settings: Callable[..., Settings]
) -> None:
    from datetime import datetime

    root = tmp_path / "growing"
    build_replica(SAMPLE_CORPUS, root, page_size=PAGE_SIZE, published_until=datetime(2024, 12, 31))
    server = http_site_factory(root)
    settings = make_settings(server)
    crawl(settings)
    full = build_replica(SAMPLE_CORPUS, root, page_size=PAGE_SIZE)
    touch_later(full.written)
    server.reset()

    summary = crawl(settings)

    new = {a.url_path for a in full.articles if a.article.published > datetime(2024, 12, 31)}
    channels = len(channels_of(full))
    assert sorted(summary.new_article_urls) == sorted(canonical(p) for p in new)
    assert summary.requests_made == 1 + channels + len(new)


def test_backfill_pages_with_page_cap_resumes_without_refetching(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site, page_cap=4)
    runs = []
    for _ in range(20):
        summary = crawl(settings, pages=10)
        runs.append(summary)
        if summary.completed:
            break

    assert runs[-1].completed and len(runs) > 3
    assert all(r.capped for r in runs[:-1])
    requested = Counter(site.paths())
    for path in article_paths(manifest):
        assert requested[path] == 1, path
    fetched = [u for r in runs for u in r.new_article_urls]
    assert sorted(fetched) == sorted(canonical(p) for p in article_paths(manifest))
    # Nothing archived was fetched twice: every list page too was requested only once.
    del requested["/robots.txt"]  # read once per run, by design
    assert max(requested.values()) == 1


def test_backfill_killed_mid_page_resumes_from_the_archive(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site)

    class Killed(Exception):
        pass

    def kill_after_first_article(event: CrawlEvent) -> None:
        if event.kind == "article" and event.channel == "linfen/qyxw":
            raise Killed

    with pytest.raises(Killed):
        crawl(settings, pages=10, progress=kill_after_first_article)
    state = CrawlState(settings.state_dir)
    assert state.known_count() > 0
    state.close()

    summary = crawl(settings, pages=10)

    assert summary.completed
    assert summary.list_pages_from_archive == 1  # the interrupted page, re-read offline
    requested = Counter(site.paths())
    assert requested.pop("/robots.txt") == 2  # once per run
    assert max(requested.values()) == 1
    assert {p for p in site.paths() if p in article_paths(manifest)} == article_paths(manifest)


def test_backfill_since_stops_at_older_pages(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    from datetime import date

    summary = crawl(make_settings(site), since=date(2024, 1, 1))

    recent = {canonical(a.url_path) for a in manifest.articles if a.article.published.year >= 2024}
    assert recent <= set(summary.new_article_urls)
    # The oldest shizheng page (2020 article) is never reached.
    old = next(a for a in manifest.articles if a.article.slug == "2020-sanpi-linfen")
    assert old.url_path not in site.paths()
    with pytest.raises(ValueError, match="either since"):
        crawl(make_settings(site), since=date(2024, 1, 1), pages=3)


def test_robots_unavailable_stops_the_crawl(site: SiteServer, make_settings: Callable[..., Settings]) -> None:
    site.fail("/robots.txt", [503] * 10)

    summary = crawl(make_settings(site, max_retries=1))

    assert site.paths() == ["/robots.txt", "/robots.txt"]
    assert summary.failures == {"robots_unavailable": 1}
    assert summary.new_article_urls == []


def test_backfill_stops_at_a_failing_list_page_and_resumes_there(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site, max_retries=1)
    site.fail("/linfen/qyxw/index_1.html", [503, 503])

    first = crawl(settings, pages=10)

    assert not first.completed and first.failures == {"http_503": 1, "http_404": 1}
    assert not any(p.startswith("/shanxi/") for p in site.paths())  # later channels wait
    second = crawl(settings, pages=10)
    assert second.completed
    requested = Counter(site.paths())
    assert requested["/linfen/qyxw/index_1.html"] == 3  # two 503s, then the resumed run
    assert {p for p in requested if p in article_paths(manifest)} == article_paths(manifest)
    assert all(requested[p] == 1 for p in article_paths(manifest))


def test_incremental_skips_a_failing_channel_and_crawls_the_rest(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    site.fail("/linfen/qyxw/", [503, 503])

    summary = crawl(make_settings(site, max_retries=1))

    assert summary.failures["http_503"] == 1
    crawled = {u for u in summary.new_article_urls}
    qyxw = {canonical(a.url_path) for a in manifest.articles if a.article.channel == "linfen/qyxw"}
    assert not crawled & qyxw
    assert crawled | qyxw == {canonical(p) for p in article_paths(manifest)}


def test_a_body_trickled_one_byte_at_a_time_hits_the_deadline_and_the_crawl_goes_on(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    slow, other = manifest.articles[1].url_path, manifest.articles[2].url_path
    site.trickle(slow, every=0.3)  # every byte well inside the 5 s read timeout: only a deadline stops it

    started = time.monotonic()
    summary = crawl(make_settings(site, request_deadline=1.5))

    assert time.monotonic() - started < 30
    assert {"url": canonical(slow), "reason": "deadline_exceeded"} in summary.failed_urls
    assert canonical(other) in summary.new_article_urls
    assert canonical(slow) not in summary.new_article_urls


def test_an_oversized_body_is_a_failed_fetch_not_an_archived_page(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    big = manifest.articles[1].url_path
    site.replace(big, b"<html>" + b"x" * 200_000 + b"</html>")

    summary = crawl(make_settings(site, max_response_bytes=100_000))

    assert {"url": canonical(big), "reason": "too_large"} in summary.failed_urls
    assert canonical(big) not in summary.new_article_urls
    assert summary.new_article_urls  # the rest of the site is crawled

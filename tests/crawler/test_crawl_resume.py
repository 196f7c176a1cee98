"""Incremental walks survive a killed run, the page cap and a channel that is down: nothing is lost.

The fault a user found: a nightly killed after a channel's first list page had been handled saved
that page's validators; the next night got 304 for it, saw its newest link known, and stopped, so
the articles on the pages the killed run never reached were never fetched.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from config.settings import Settings
from devtools.replica import ReplicaManifest
from devtools.site_server import SiteServer
from extractors.crawl import CrawlEvent, crawl, crawl_health
from extractors.profile import load_profile

PROFILE = load_profile()


def canonical(path: str) -> str:
    return PROFILE.canonical_base.rstrip("/") + path


def every_article(manifest: ReplicaManifest) -> set[str]:
    return {canonical(a.url_path) for a in manifest.articles}


class Killed(Exception):
    """Stands for kill -9: the crawl stops between two requests with nothing cleaned up."""


def kill_on_second_list_page(channel: str) -> Callable[[CrawlEvent], None]:
    def progress(event: CrawlEvent) -> None:
        if event.kind == "list" and event.channel == channel and not event.url.endswith(f"{channel}/"):
            raise Killed

    return progress


def test_a_walk_killed_after_its_first_page_is_resumed_past_the_304(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site)
    channel = PROFILE.crawl_channels[0].path
    assert len(manifest.list_pages[channel]) > 2  # the walk has pages the killed run never reached
    with pytest.raises(Killed):
        crawl(settings, progress=kill_on_second_list_page(channel))

    second = crawl(settings)

    # the killed run had begun every channel's walk; none was finished
    assert set(second.resumed_walks) == {c.path for c in PROFILE.crawl_channels}
    assert second.not_modified >= 1  # page 0 answered 304, and the walk still went on
    assert second.completed and second.unfinished_walks == []
    requested = Counter(p for p in site.paths() if canonical(p) in every_article(manifest))
    assert {canonical(p) for p in requested} == every_article(manifest)
    assert max(requested.values()) == 1  # nothing fetched twice
    third = crawl(settings)
    assert third.resumed_walks == [] and third.new_article_urls == []


def test_capped_nights_walk_on_until_every_article_is_fetched(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    # a cap above the number of channels (each walk costs at least its page 0), far below the site
    settings = make_settings(site, page_cap=8)
    nights = []
    for _ in range(40):
        nights.append(crawl(settings))
        if nights[-1].completed:
            break

    assert nights[-1].completed and len(nights) > 3
    assert all(n.capped and not n.completed for n in nights[:-1])
    fetched = [u for n in nights for u in n.new_article_urls]
    assert sorted(fetched) == sorted(every_article(manifest))


def test_a_channel_down_tonight_is_walked_in_full_when_it_is_back(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    settings = make_settings(site, max_retries=0)
    channel = PROFILE.crawl_channels[0].path
    with pytest.raises(Killed):  # the walk dies after page 0, leaving it open
        crawl(settings, progress=kill_on_second_list_page(channel))
    site.fail(f"/{channel}/", [503])

    down = crawl(settings)

    assert down.channels_unavailable == [channel] and down.unfinished_walks == [channel]
    assert not down.completed
    back = crawl(settings)
    assert channel in back.resumed_walks and back.completed
    fetched = {u for n in (down, back) for u in n.new_article_urls}
    first_run_articles = every_article(manifest) - fetched
    assert first_run_articles  # the killed run fetched page 0's articles; the rest came later
    assert {canonical(p) for p in site.paths() if canonical(p) in every_article(manifest)} == every_article(
        manifest
    )


def test_no_list_page_is_asked_for_past_the_last_one_its_pager_announces(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    summary = crawl(make_settings(site), pages=50)

    assert summary.completed
    listed = {page for pages in manifest.list_pages.values() for page in pages}
    asked = {p for p in site.paths() if p.endswith("/") or "/index_" in p}
    assert asked == listed  # every list page, and not one past the end (no 404s)
    assert not [r for r in site.requests if r.status == 404 and r.path in asked]


def test_a_since_backfill_stopped_by_the_depth_limit_says_so(
    site: SiteServer, manifest: ReplicaManifest, make_settings: Callable[..., Settings]
) -> None:
    shallow = replace(PROFILE, max_list_pages=1)

    summary = crawl(make_settings(site), since=date(2000, 1, 1), profile=shallow)

    assert not summary.completed
    deep = [c for c, pages in manifest.list_pages.items() if len(pages) > 2]
    assert deep and all(
        any(c in limit and "raise max_pages" in limit for limit in summary.limits) for c in deep
    )
    assert "walk stopped early" in " ".join(crawl_health(summary).causes)

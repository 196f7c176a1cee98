"""Faults of the site: outages, slow and broken answers. Each run says what failed (status, alert),
and the next run, with the site healthy again, leaves the warehouse as a clean run would."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.site_server import SiteServer
from extractors.parse import ArticleParseError, parse_article
from extractors.profile import load_profile
from flows.nightly import nightly
from flows.replay import replay
from tests.faults.conftest import alert_texts, run_statuses, sqlite_url
from tests.fixtures.alert_receivers import WebhookReceiver, free_port
from tests.flows.conftest import warehouse_contents

CHANNEL_ROOTS = [f"/{channel.path}/" for channel in load_profile().crawl_channels]


def first_article(site: SiteServer) -> str:
    """The path of the newest article of the first channel (linked from its first list page)."""
    channel_dir = site.directory / CHANNEL_ROOTS[0].strip("/")
    articles = sorted(p.name for p in channel_dir.glob("*.html") if not p.name.startswith("index"))
    return f"{CHANNEL_ROOTS[0]}{articles[-1]}"


def night(site: SiteServer, data_dir: Path):  # a Prefect state
    return nightly(base_url=site.base_url, data_dir=str(data_dir), return_state=True)


def test_every_channel_answering_500_fails_the_run_with_one_alert(
    site: SiteServer, alerts: WebhookReceiver, tmp_path: Path, clean_contents: dict
) -> None:
    for root in CHANNEL_ROOTS:
        site.fail(root, [500] * 10)

    state = night(site, tmp_path)

    assert state.is_failed()
    assert run_statuses(tmp_path) == ["failed"]
    assert len(alerts.posts) == 1
    assert "every channel failed (http_500)" in alert_texts(alerts)[0]
    site.reset()
    assert night(site, tmp_path).is_completed()
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def test_nothing_listening_fails_the_run_as_unreachable(
    alerts: WebhookReceiver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = nightly(base_url=f"http://127.0.0.1:{free_port()}/", data_dir=str(tmp_path), return_state=True)

    assert state.is_failed()
    assert run_statuses(tmp_path) == ["failed"]
    assert len(alerts.posts) == 1
    assert "site unreachable" in alert_texts(alerts)[0]
    assert "drift" not in alert_texts(alerts)[0].split("Problems")[0]  # not taken for a changed site


def test_robots_disallowing_everything_fails_the_run(
    site: SiteServer, alerts: WebhookReceiver, tmp_path: Path
) -> None:
    site.replace("/robots.txt", b"User-agent: *\nDisallow: /\n")

    state = night(site, tmp_path)

    assert state.is_failed()
    assert run_statuses(tmp_path) == ["failed"]
    assert [p for p in site.paths() if p != "/robots.txt"] == []  # nothing else was asked
    assert len(alerts.posts) == 1
    assert "robots.txt disallows every channel" in alert_texts(alerts)[0]


def test_one_channel_down_is_partial_and_the_next_night_catches_up(
    site: SiteServer, alerts: WebhookReceiver, tmp_path: Path, clean_contents: dict
) -> None:
    site.fail(CHANNEL_ROOTS[0], [503] * 10)

    state = night(site, tmp_path)

    assert state.is_completed()
    assert run_statuses(tmp_path) == ["partial"]
    assert len(alerts.posts) == 1
    assert f"1 of {len(CHANNEL_ROOTS)} channels could not be walked" in alert_texts(alerts)[0]
    site.reset()
    night(site, tmp_path)
    assert run_statuses(tmp_path) == ["partial", "succeeded"]
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def test_429_with_retry_after_is_waited_out(
    site: SiteServer, alerts: WebhookReceiver, tmp_path: Path, clean_contents: dict
) -> None:
    site.fail(CHANNEL_ROOTS[0], [429], retry_after="1")

    night(site, tmp_path)

    assert run_statuses(tmp_path) == ["succeeded"]
    assert site.count(CHANNEL_ROOTS[0]) == 2
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


@pytest.mark.parametrize(
    "fault", ["connection reset mid-body", "slow loris", "oversized body", "truncated page"]
)
def test_a_broken_article_answer_is_partial_then_fetched_again(
    fault: str,
    site: SiteServer,
    alerts: WebhookReceiver,
    tmp_path: Path,
    clean_contents: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = first_article(site)
    data_dir = tmp_path / "data"
    if fault == "connection reset mid-body":
        site.cut_body(article, times=5)
    elif fault == "slow loris":
        monkeypatch.setenv("LINFEN_ETL_REQUEST_DEADLINE", "2")
        site.trickle(article, every=0.5)
    elif fault == "oversized body":
        monkeypatch.setenv("LINFEN_ETL_MAX_RESPONSE_BYTES", "1000000")
        site.replace(article, b"<html>" + b"x" * 2_000_000 + b"</html>")
    else:
        whole = (site.directory / article.lstrip("/")).read_bytes()
        site.replace(article, whole[: len(whole) // 3])

    night(site, data_dir)

    assert run_statuses(data_dir) == ["partial"], alert_texts(alerts)
    assert len(alerts.posts) == 1
    assert "next run" in alert_texts(alerts)[0] and article.rsplit("/", 1)[1] in alert_texts(alerts)[0]
    site.reset()
    monkeypatch.delenv("LINFEN_ETL_REQUEST_DEADLINE", raising=False)
    monkeypatch.delenv("LINFEN_ETL_MAX_RESPONSE_BYTES", raising=False)
    night(site, data_dir)
    assert site.count(article) == 1  # fetched again, once
    assert run_statuses(data_dir) == ["partial", "succeeded"]
    assert warehouse_contents(sqlite_url(data_dir)) == clean_contents


def test_a_flow_past_its_timeout_fails_alerts_and_frees_the_data_dir(
    site: SiteServer,
    alerts: WebhookReceiver,
    tmp_path: Path,
    clean_contents: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "0.5")  # a slow site: the crawl alone takes a minute

    state = nightly.with_options(timeout_seconds=3)(
        base_url=site.base_url, data_dir=str(tmp_path), return_state=True
    )

    assert state.is_failed()
    assert run_statuses(tmp_path) == ["failed"]
    assert len(alerts.posts) == 1 and "flow failed" in alert_texts(alerts)[0]
    assert "exceeded timeout" in alert_texts(alerts)[0]
    assert not (tmp_path / "run.lock").exists()  # the next night may start
    monkeypatch.setenv("LINFEN_ETL_REQUEST_DELAY", "0")
    nightly(base_url=site.base_url, data_dir=str(tmp_path))
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def test_an_article_over_the_extraction_budget_is_named_and_the_rest_loads(
    site: SiteServer,
    alerts: WebhookReceiver,
    tmp_path: Path,
    clean_contents: dict,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lengths = article_text_lengths(site)
    longest = max(lengths, key=lambda path: lengths[path])
    monkeypatch.setenv("LINFEN_ETL_MAX_ARTICLE_CHARS", str(lengths[longest] - 1))

    stats = nightly(base_url=site.base_url, data_dir=str(tmp_path))

    over = [path for path, n in lengths.items() if n > lengths[longest] - 1]
    over_budget = [problem for problem in stats.problems if "over the extraction budget" in problem]
    assert stats.status == "partial" and len(over_budget) == len(over)
    assert run_statuses(tmp_path) == ["partial"]
    assert len(alerts.posts) == 1 and longest in alert_texts(alerts)[0]
    assert "extraction budget" in alert_texts(alerts)[0]
    monkeypatch.delenv("LINFEN_ETL_MAX_ARTICLE_CHARS")
    replay(data_dir=str(tmp_path))  # the archive still holds it: a larger budget loads it
    assert warehouse_contents(sqlite_url(tmp_path)) == clean_contents


def article_text_lengths(site: SiteServer) -> dict[str, int]:
    """Text length of every article page of the replica, by URL path."""
    profile = load_profile()
    lengths = {}
    for page in site.directory.rglob("*.html"):
        path = "/" + page.relative_to(site.directory).as_posix()
        url = profile.canonical_base.rstrip("/") + path
        if profile.article_ref(url) is None:
            continue
        try:
            article = parse_article(page.read_bytes(), "text/html", url=url, profile=profile)
        except ArticleParseError:
            continue
        lengths[path] = len(article.text)
    return lengths

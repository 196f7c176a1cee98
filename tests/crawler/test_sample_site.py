"""The committed replica served over HTTP: crawled completely, then through the real CLI, killed and resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from config.settings import get_settings
from devtools.replica import ReplicaManifest, build_replica
from devtools.site_server import REPO_ROOT, SAMPLE_SITE, SiteServer
from extractors.crawl import crawl
from extractors.profile import load_profile
from extractors.replay import ParseFailure, iter_archived_articles

PROFILE = load_profile()
CLI = [sys.executable, "-m", "linfen_etl"]


def _manifest(tmp_path: Path) -> ReplicaManifest:
    # The committed site is byte-identical to a fresh build (test_replica), so its manifest is this.
    return build_replica(REPO_ROOT / "corpus", tmp_path / "manifest-site")


def test_sample_site_crawl_finds_every_article_once(replica_site: SiteServer, tmp_path: Path) -> None:
    replica_site.reset()
    manifest = _manifest(tmp_path)
    settings = get_settings(base_url=replica_site.base_url, data_dir=tmp_path / "data", request_delay=0.005)

    summary = crawl(settings)

    requested = Counter(replica_site.paths())
    expected = {a.url_path for a in manifest.articles}
    assert {p for p in requested if p in expected} == expected
    assert all(requested[p] == 1 for p in expected)
    assert len(summary.new_article_urls) == len(manifest.articles) >= 60
    assert summary.failures == {"http_404": 1}
    assert summary.drift_findings == []
    assert "/member/2799001.html" not in requested

    articles = [a for a in iter_archived_articles(settings) if not isinstance(a, ParseFailure)]
    assert len(articles) == len(manifest.articles)
    old = next(a for a in articles if a.article_id == "aid-341207")
    old_item = next(a for a in manifest.articles if a.article.url_style == "old")
    assert old.url == "http://www.lfxww.com/plus/view.php?aid=341207"
    assert old.channel == old_item.article.channel  # from the breadcrumb: the URL does not say
    by_url = {a.url: a for a in articles}
    gbk = next(a for a in manifest.articles if a.encoding == "gbk")
    assert by_url[PROFILE.canonical_base.rstrip("/") + gbk.url_path].title == gbk.article.title
    # Replay filters by publish date (Asia/Shanghai) without touching the network.
    replica_site.reset()
    from datetime import date

    in_2023 = list(iter_archived_articles(settings, since=date(2023, 1, 1), until=date(2023, 12, 31)))
    assert len(in_2023) == sum(1 for a in manifest.articles if a.article.published.year == 2023)
    assert replica_site.requests == []


def _run_cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + args, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_cli_backfill_killed_and_restarted_completes_without_refetching(
    replica_site: SiteServer, tmp_path: Path
) -> None:
    replica_site.reset()
    env = {
        **os.environ,
        "LINFEN_ETL_DATA_DIR": str(tmp_path / "data"),
        "LINFEN_ETL_REQUEST_DELAY": "0.02",
    }
    args = ["crawl", "--base-url", replica_site.base_url, "--pages", "10", "--json"]
    process = subprocess.Popen(CLI + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and sum(p.endswith(".html") and "index" not in p for p in replica_site.paths()) < 25
    ):
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    killed_after = len(replica_site.requests)
    assert killed_after >= 25 and process.returncode == -signal.SIGKILL

    result = _run_cli(args, env)

    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["completed"] is True and summary["mode"] == "backfill"
    requested = Counter(replica_site.paths())
    assert requested.pop("/robots.txt") == 2
    # At most the one request in flight at the kill can repeat; nothing archived is fetched again.
    repeated = [p for p, n in requested.items() if n > 1]
    assert len(repeated) <= 1, repeated
    manifest = _manifest(tmp_path)
    assert {a.url_path for a in manifest.articles} <= set(requested)


def test_cli_prints_a_summary(replica_site: SiteServer, tmp_path: Path) -> None:
    replica_site.reset()
    env = {**os.environ, "LINFEN_ETL_DATA_DIR": str(tmp_path / "data")}

    result = _run_cli(
        ["crawl", "--base-url", replica_site.base_url, "--pages", "0", "--request-delay", "0"], env
    )

    assert result.returncode == 0, result.stderr
    for label in ("requests made", "new articles", "not modified", "failed: http_404"):
        assert label in result.stdout
    assert SAMPLE_SITE.is_dir()

"""What a run costs against the work it has (issue 12, item 4): four ratios, each measured in one run.

1. Quiet night, as a user runs it: on the replica (``sample_site/`` served on 127.0.0.1), after a first
   full nightly, a second ``linfen-etl nightly --base-url …`` with nothing new, in a subprocess with a
   fresh environment (its own ``LINFEN_ETL_DATA_DIR``, ``LINFEN_ETL_REQUEST_DELAY=0``: a loopback
   server needs no politeness, and the real delay would only add the same sleep to both sides), wall
   time measured from outside. Against it:
   - HTTP: robots.txt + one conditional GET per crawled channel, timed one by one with the crawler's
     own ``PoliteClient`` and the validators the crawl state holds (the requests that night made);
   - process start: ``linfen-etl --help`` (interpreter, CLI and its commands imported), wall;
   - the Prefect share on the CLI path: the same quiet night without Prefect (``benchmarks.plain_nightly``:
     the CLI's start-up, settings, log file, ``execute_run`` with the plain steps, progress and summary;
     best of three) subtracted from the CLI's. It is everything Prefect adds: its import, the flow and
     task runs over its API, and the temporary server. Also reported: the quiet night against a Prefect
     server already running (``PREFECT_API_URL``, as under ``make serve``), and its share.
   Ratio = (quiet-night wall − Prefect share) / (HTTP + process start), target ≤ 1.5.
2. Parse vs lxml: ms/page of ``extractors.parse.parse_article`` on the replica's article pages vs
   ``lxml.html.fromstring(body).text_content()`` on the same bytes (interleaved rounds, best of 30 each); target ≤ 5.
3. A second backfill over an already-loaded 2,000-article archive (``bench_flows.fill_archive``), the
   backfill's downstream selection (``Selection(skip_loaded=True)``) run twice with the plain steps:
   the second run must process 0 articles; its wall time is reported.
4. A 10,000-article channel: a synthetic site with one crawled channel (page size 20 → 501 list pages
   with the DedeCMS ``index_1`` copy), a ``since`` backfill crawl (delay 0, page cap above the total,
   ``lists.max_pages`` raised on a copy of the profile): requests must be exactly robots + list pages
   + article links, and memory flat: max RSS of the crawl process at 10,000 / at 2,000 articles ≤ 1.5
   (each size in its own process, side by side; the sites are built in other processes first so their
   memory is never the crawl's).
"""

from __future__ import annotations

import dataclasses
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from benchmarks.common import BenchResult, peak_rss_mb
from benchmarks.common import side_by_side as run_side_by_side
from linfen_etl.prefect_env import apply_quiet_prefect_defaults

if TYPE_CHECKING:
    from extractors.profile import SiteProfile

AREA = "cost"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_QUIET_NIGHT_RATIO = 1.5
MAX_PARSE_RATIO = 5.0
RERUN_ARTICLES = 2_000
CHANNEL = "linfen/shizheng"
CHANNEL_SIZES = (2_000, 10_000)
CHANNEL_PAGE_SIZE = 20
MAX_CHANNEL_MEMORY_GROWTH = 1.5  # max RSS 10k / 2k
PARSE_ROUNDS = 5
RATIO_ROUNDS = 30  # parse and lxml rounds, interleaved


def run() -> list[BenchResult]:
    scratch = Path(tempfile.mkdtemp(prefix="linfen-bench-cost-"))
    apply_quiet_prefect_defaults(scratch)
    os.environ["LINFEN_ETL_REQUEST_DELAY"] = "0"  # local servers only
    results = _parse_vs_lxml()
    results += _quiet_night(scratch / "quiet")
    results += _second_backfill(scratch / "rerun")
    results += _big_channel(scratch / "channel")
    return results


# ---- 1. quiet night ---------------------------------------------------------------------------
def _fresh_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment a user's shell has: no LINFEN_ETL_* / PREFECT_* of this process, own data dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LINFEN_ETL_", "PREFECT_"))}
    env |= {"LINFEN_ETL_DATA_DIR": str(data_dir), "LINFEN_ETL_REQUEST_DELAY": "0", **extra}
    return env


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def _running_prefect_server() -> Iterator[str]:
    """A Prefect API server started before the run (what ``make serve`` gives a nightly)."""
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer(port=_free_port())
    server.start(timeout=180)
    try:
        yield server.api_url
    finally:
        server.stop()


def _http_of_quiet_night(base_url: str, data_dir: Path) -> tuple[float, list[int]]:
    """robots.txt + one conditional GET per crawled channel, each timed, with the crawler's client."""
    from config.settings import get_settings
    from extractors.http import PoliteClient
    from extractors.profile import load_profile
    from extractors.state import CrawlState

    profile = load_profile()
    settings = get_settings(base_url=base_url, data_dir=data_dir, request_delay=0.0)
    state = CrawlState(settings.state_dir)
    client = PoliteClient(settings)
    statuses: list[int] = []
    try:
        started = time.perf_counter()
        robots = client.load_robots(client.robots_url(base_url, profile.robots_path))
        seconds = time.perf_counter() - started
        statuses.append(robots.status)
        for channel in profile.crawl_channels:
            canonical = urljoin(profile.canonical_base, profile.list_page_path(channel.path, 0))
            etag, last_modified = state.validators(canonical)
            started = time.perf_counter()
            result = client.get(
                profile.fetch_url(canonical, base_url), etag=etag, last_modified=last_modified
            )
            seconds += time.perf_counter() - started
            statuses.append(result.status)
    finally:
        client.close()
        state.close()
    return seconds, statuses


def _quiet_night(root: Path) -> list[BenchResult]:
    from linfen_etl.replica_server import SAMPLE_SITE, serve_directory

    cli = str(Path(sys.executable).with_name("linfen-etl"))
    data_dir = root / "data"
    env = _fresh_env(data_dir)
    with serve_directory(SAMPLE_SITE, port=0) as base_url:
        nightly = [cli, "nightly", "--base-url", base_url]
        plain = [sys.executable, "-m", "benchmarks.plain_nightly", "--base-url", base_url]
        first = _timed(nightly, env)  # the full first night: every article
        quiet = _timed(nightly, env)  # nothing new; starts its temporary Prefect server
        without_prefect = min(_timed(plain, env) for _ in range(3))  # the same night, no Prefect
        start = _timed([cli, "--help"], env)
        http, statuses = _http_of_quiet_night(base_url, data_dir)
        with _running_prefect_server() as api_url:
            served_env = _fresh_env(data_dir, PREFECT_API_URL=api_url)
            _timed(nightly, served_env)  # the server's first run of this flow: registers it
            served = _timed(nightly, served_env)
    # Everything Prefect adds on the CLI path: its import, the flow and task runs, the temporary server.
    prefect = max(0.0, quiet - without_prefect)
    ratio = (quiet - prefect) / (http + start)
    not_modified = sum(1 for s in statuses[1:] if s == 304)
    return [
        BenchResult(AREA, "first nightly on replica, CLI (s)", first),
        BenchResult(AREA, "quiet night, CLI with its temporary Prefect server (s)", quiet),
        BenchResult(AREA, "quiet night, CLI with PREFECT_API_URL = running server (s)", served),
        BenchResult(
            AREA, "quiet night without Prefect, same work (benchmarks.plain_nightly) (s)", without_prefect
        ),
        BenchResult(AREA, "quiet night: Prefect share on the CLI path, temporary server (s)", prefect),
        BenchResult(
            AREA, "quiet night: Prefect share with a served API (s)", max(0.0, served - without_prefect)
        ),
        BenchResult(
            AREA,
            f"quiet night: HTTP, robots + {len(statuses) - 1} conditional GETs ({not_modified}x 304) (s)",
            http,
        ),
        BenchResult(AREA, "process start: linfen-etl --help (s)", start),
        BenchResult(
            AREA,
            "quiet night (wall - Prefect share) / (HTTP + process start)",
            ratio,
            f"<= {MAX_QUIET_NIGHT_RATIO}",
            ratio <= MAX_QUIET_NIGHT_RATIO,
        ),
    ]


# ---- 2. parse vs lxml ---------------------------------------------------------------------------
def _parse_vs_lxml() -> list[BenchResult]:
    import lxml.html

    from devtools.replica import build_replica
    from extractors.parse import parse_article
    from extractors.profile import load_profile
    from linfen_etl.replica_server import SAMPLE_SITE

    profile = load_profile()
    with tempfile.TemporaryDirectory(prefix="bench-cost-parse-") as tmp:
        manifest = build_replica(PROJECT_ROOT / "corpus", Path(tmp) / "site")  # what sample_site holds
    base = profile.canonical_base.rstrip("/")
    pages = [((SAMPLE_SITE / a.file).read_bytes(), base + a.url_path) for a in manifest.articles]
    parse_article(pages[0][0], None, url=pages[0][1], profile=profile)  # warm caches
    lxml.html.fromstring(pages[0][0]).text_content()

    # Interleaved rounds, best of each: on shared cores a busy moment then slows both sides alike
    # instead of whichever happened to run during it.
    parse_rounds, lxml_rounds = [], []
    for _ in range(RATIO_ROUNDS):
        started = time.perf_counter()
        for body, url in pages:
            parse_article(body, None, url=url, profile=profile)
        parse_rounds.append(time.perf_counter() - started)
        started = time.perf_counter()
        for body, _url in pages:
            lxml.html.fromstring(body).text_content()
        lxml_rounds.append(time.perf_counter() - started)
    parse_ms = 1000 * min(parse_rounds) / len(pages)
    lxml_ms = 1000 * min(lxml_rounds) / len(pages)
    ratio = parse_ms / lxml_ms
    kept_ms, parses_per_page = _kept_parse(pages, profile)
    return [
        BenchResult(AREA, f"parse_article ms/page ({len(pages)} replica articles)", parse_ms),
        BenchResult(AREA, "downstream read of a crawled page (the crawl's kept parse) ms/page", kept_ms),
        BenchResult(
            AREA,
            f"parses per article page, crawl + {PARSE_ROUNDS} downstream reads",
            parses_per_page,
            "== 1",
            parses_per_page == 1,
        ),
        BenchResult(AREA, "lxml fromstring().text_content() ms/page, same bytes", lxml_ms),
        BenchResult(
            AREA,
            "parse_article / lxml text_content",
            ratio,
            f"<= {MAX_PARSE_RATIO:.0f}",
            ratio <= MAX_PARSE_RATIO,
        ),
    ]


def _kept_parse(pages: list[tuple[bytes, str]], profile: SiteProfile) -> tuple[float, float]:
    """The crawl's parse of each page (kept in the archive), then downstream reads of the same pages:
    ms/page of a read, and how many times each page was parsed in all."""
    from unittest import mock

    from extractors import parsed
    from extractors.archive import RawArchive

    with tempfile.TemporaryDirectory(prefix="bench-cost-kept-") as tmp, RawArchive(tmp) as archive:
        stored = [
            (archive.put(url=url, status=200, headers={}, body=body, kind="article").sha256, url)
            for body, url in pages
        ]
        with mock.patch.object(parsed, "parse_article", wraps=parsed.parse_article) as parse:
            for sha256, url in stored:  # the crawl
                parsed.parse_archived(archive, sha256=sha256, url=url, content_type=None, profile=profile)
            started = time.perf_counter()
            for _ in range(PARSE_ROUNDS):  # the pipeline, replay, …
                for sha256, url in stored:
                    parsed.parse_archived(archive, sha256=sha256, url=url, content_type=None, profile=profile)
            kept_ms = 1000 * (time.perf_counter() - started) / (PARSE_ROUNDS * len(stored))
    return kept_ms, parse.call_count / len(stored)


# ---- 3. second backfill over a loaded archive ---------------------------------------------------
def _second_backfill(root: Path) -> list[BenchResult]:
    from benchmarks.bench_flows import fill_archive
    from flows.run import Selection, execute_run, flow_settings
    from flows.steps import PLAIN_STEPS

    data_dir = root / "data"
    fill_archive(data_dir / "raw", RERUN_ARTICLES)
    settings = flow_settings(data_dir=str(data_dir))

    def backfill_downstream() -> tuple[float, int, int]:
        # What ``flows.backfill`` runs after its crawl, with the plain steps (no Prefect server needed).
        started = time.perf_counter()
        stats = execute_run(
            "backfill", settings, {}, crawl=None, select=Selection(skip_loaded=True), steps=PLAIN_STEPS
        )
        return time.perf_counter() - started, stats.articles_processed, stats.articles_already_loaded

    first_s, first_n, _ = backfill_downstream()
    second_s, second_n, skipped = backfill_downstream()
    return [
        BenchResult(AREA, f"backfill over {RERUN_ARTICLES:,} archived: first run, processed", first_n),
        BenchResult(AREA, "  first run (s)", first_s),
        BenchResult(AREA, "second run: archived already loaded (skipped unparsed)", skipped),
        BenchResult(AREA, "second run (s)", second_s),
        BenchResult(AREA, "second run: articles processed", second_n, "== 0", second_n == 0),
    ]


# ---- 4. a 10,000-article channel ----------------------------------------------------------------
def _big_channel(root: Path) -> list[BenchResult]:
    def side_by_side(mode: str) -> list[dict[str, object]]:
        outputs = run_side_by_side("benchmarks.bench_cost", mode, root, CHANNEL_SIZES)
        return [json.loads(output.strip().splitlines()[-1]) for output in outputs]

    side_by_side("site")
    small, big = side_by_side("crawl")
    results: list[BenchResult] = []
    for size, report in zip(CHANNEL_SIZES, (small, big), strict=True):
        expected = int(report["expected_requests"])  # type: ignore[call-overload]
        made = int(report["requests"])  # type: ignore[call-overload]
        label = f"channel of {size:,} articles"
        results += [
            BenchResult(
                AREA,
                f"{label}: requests (robots + {report['list_pages']} list pages + {report['article_links']} "
                "article links)",
                made,
                f"== {expected}",
                made == expected and bool(report["completed"]),
            ),
            BenchResult(AREA, f"{label}: crawl wall (s, side by side)", float(report["seconds"])),  # type: ignore[arg-type]
            BenchResult(AREA, f"{label}: crawl process max RSS (MB)", float(report["max_rss_mb"])),  # type: ignore[arg-type]
        ]
    ratio = float(big["max_rss_mb"]) / float(small["max_rss_mb"])  # type: ignore[arg-type]
    results.append(
        BenchResult(
            AREA,
            f"channel crawl max RSS {CHANNEL_SIZES[1] // 1000}k / {CHANNEL_SIZES[0] // 1000}k",
            ratio,
            f"<= {MAX_CHANNEL_MEMORY_GROWTH}",
            ratio <= MAX_CHANNEL_MEMORY_GROWTH,
        )
    )
    return results


def build_channel_site(root: Path, size: int) -> dict[str, int]:
    """One channel of ``size`` articles, ``CHANNEL_PAGE_SIZE`` per list page; what a full walk needs."""
    from benchmarks.bench_flows import synthetic_corpus
    from devtools.replica import build_replica

    corpus = synthetic_corpus(root / "corpus", size, channel=CHANNEL)
    manifest = build_replica(corpus, root / "site", page_size=CHANNEL_PAGE_SIZE)
    need = {
        "list_pages": len(manifest.list_pages[CHANNEL]),
        # every article, and the broken link (404) the replica puts on the first channel's root page;
        # its robots-disallowed trap link and the skipped H5 link are never requested
        "article_links": len(manifest.articles) + len(manifest.broken_links),
    }
    (root / "need.json").write_text(json.dumps(need))
    return need


def measure_channel_crawl(root: Path) -> dict[str, object]:
    """In a fresh process: a full ``since`` backfill crawl of the channel site; requests and max RSS."""
    from config.settings import get_settings
    from extractors.crawl import crawl
    from extractors.profile import load_profile
    from linfen_etl.replica_server import serve_directory

    need = json.loads((root / "need.json").read_text())
    profile = load_profile()
    profile = dataclasses.replace(
        profile,
        channels=tuple(c for c in profile.channels if c.path == CHANNEL),  # the only channel the site has
        max_list_pages=need["list_pages"] + 10,  # the profile's 200 would stop a 500-page channel
    )
    with serve_directory(root / "site", port=0) as base_url:
        settings = get_settings(
            base_url=base_url, data_dir=root / "data", request_delay=0.0, page_cap=10 * need["article_links"]
        )
        started = time.perf_counter()
        summary = crawl(settings, since=date(2000, 1, 1), profile=profile)
        seconds = time.perf_counter() - started
    return {
        **need,
        "requests": summary.requests_made,
        "expected_requests": 1 + need["list_pages"] + need["article_links"],
        "completed": summary.completed,
        "limits": summary.limits,
        "seconds": seconds,
        "max_rss_mb": peak_rss_mb(),
    }


if __name__ == "__main__":
    mode, root_arg, size_arg = sys.argv[1:4]
    apply_quiet_prefect_defaults(Path(root_arg))
    if mode == "site":
        print(json.dumps(build_channel_site(Path(root_arg), int(size_arg))))
    elif mode == "crawl":
        print(json.dumps(measure_channel_crawl(Path(root_arg))))
    else:
        raise SystemExit(f"unknown mode {mode!r}: site | crawl")

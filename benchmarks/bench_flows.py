"""End-to-end flow benchmarks: step split of a nightly run, Prefect's share, memory of big backfills.

1. ``nightly`` on the replica (``sample_site/`` over HTTP on 127.0.0.1), as the Prefect flow in a fresh
   process (cold imports, as a scheduled run has them): wall time of every step, and the share of the
   data-quality gate (``validate`` + ``data_docs``) in the run (issue 5: < 25 %). The crawl waits
   ``NIGHTLY_REQUEST_DELAY`` between requests, as ``linfen-etl demo`` crawls the same local replica (a
   real night waits 1 s ± 25 %). The gate's cold start (importing GX and building its suites, ~3.5 s
   of CPU) runs on a thread from the first new article on, so it overlaps the rest of the crawl and
   its waits. A run with no delay at all is reported too, for information: there the crawl has no
   waits, the import holds the interpreter lock, and the crawl step grows by about what the gate
   saves (its wall time equals the run that starts the gate after the crawl).
2. A 1,000-article backfill on a synthetic site (corpus articles cloned under new ids, built with the
   crawler's own replica generator), run twice on fresh data directories: once as the Prefect flow,
   once with the same steps as plain functions. Prefect's share = 1 - plain / flow (target < 20 %).
   A small plain run first imports GX, Plotly and the extractors, so neither measured run pays for
   imports that are not orchestration.
3. Peak memory of the downstream steps over an archive of 5,000 and of 20,000 articles (a fresh
   process each, max RSS): streaming in batches means the peak must not grow with the archive
   (target: 20k peak < 1.2 × 5k peak). The pages are written to the raw archive directly (the
   crawler's ``RawArchive.put``) instead of over HTTP, and the two sizes are filled and processed side
   by side (two processes), to keep ``make bench`` short; their wall times are therefore informational.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import BenchResult, peak_rss_mb
from benchmarks.common import side_by_side as run_side_by_side
from linfen_etl.prefect_env import apply_quiet_prefect_defaults

AREA = "flows"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
OVERHEAD_ARTICLES = 1_000
WARM_UP_ARTICLES = 50
MEMORY_SIZES = (5_000, 20_000)
MAX_MEMORY_GROWTH = 1.2  # peak RSS over 20k articles / over 5k articles
MAX_VALIDATION_SHARE = 25.0  # % of the nightly run (issue 5)
MAX_PREFECT_SHARE = 20.0  # % of a 1,000-article backfill (issue 6)
GATE_STEPS = ("validate", "data_docs")
NIGHTLY_REQUEST_DELAY = "0.05"  # s between requests: linfen-etl demo's delay for the local replica


def run() -> list[BenchResult]:
    scratch = Path(tempfile.mkdtemp(prefix="linfen-bench-flows-"))
    apply_quiet_prefect_defaults(scratch)
    os.environ["LINFEN_ETL_REQUEST_DELAY"] = "0"  # local servers only
    results = _nightly_on_replica(scratch / "nightly")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        results += _prefect_share(scratch / "overhead")
    results += _memory_is_flat(scratch / "memory")
    return results


def _nightly_on_replica(data_dir: Path) -> list[BenchResult]:
    results = []
    for delay, target in ((NIGHTLY_REQUEST_DELAY, True), ("0", False)):
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_flows",
                "nightly",
                str(data_dir / f"delay-{delay}"),
                delay,
            ],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(completed.stdout.strip().splitlines()[-1])
        seconds: dict[str, float] = report["step_seconds"]
        share = 100 * sum(seconds.get(step, 0.0) for step in GATE_STEPS) / seconds["total"]
        label = f"nightly on replica ({report['articles_processed']} articles, delay {delay} s)"
        results += [BenchResult(AREA, f"{label}: {step} s", value) for step, value in seconds.items()]
        results.append(
            BenchResult(
                AREA,
                f"{label}: DQ gate share ({' + '.join(GATE_STEPS)}) %",
                share,
                f"< {MAX_VALIDATION_SHARE:.0f}" if target else "",
                share < MAX_VALIDATION_SHARE if target else None,
            )
        )
    return results


def measure_nightly(data_dir: Path, request_delay: str) -> dict[str, object]:
    """In a fresh process: the nightly flow on the replica under a throwaway Prefect server."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.nightly import nightly
    from linfen_etl.replica_server import SAMPLE_SITE, serve_directory

    os.environ["LINFEN_ETL_REQUEST_DELAY"] = request_delay  # a local server
    with prefect_test_harness(server_startup_timeout=180), serve_directory(SAMPLE_SITE, port=0) as base_url:
        stats = nightly(base_url=base_url, data_dir=str(data_dir))
    return {"articles_processed": stats.articles_processed, "step_seconds": stats.step_seconds}


def _prefect_share(root: Path) -> list[BenchResult]:
    from flows.backfill import backfill
    from flows.run import CrawlRequest, Selection, execute_run, flow_settings
    from flows.steps import PLAIN_STEPS
    from linfen_etl.replica_server import serve_directory

    pages = 10_000  # every list page of every channel
    page_cap = 2 * OVERHEAD_ARTICLES  # articles + list pages: the default cap (500) would stop at ~475

    def plain_backfill(site: Path, data_dir: Path) -> float:
        with serve_directory(site, port=0) as base_url:
            settings = flow_settings(data_dir=str(data_dir), base_url=base_url, page_cap=page_cap)
            started = time.perf_counter()
            execute_run(
                "backfill",
                settings,
                {"pages": pages},
                crawl=CrawlRequest(pages=pages),
                select=Selection(),
                steps=PLAIN_STEPS,
            )
            return time.perf_counter() - started

    plain_backfill(build_synthetic_site(root / "warm-up-site", WARM_UP_ARTICLES), root / "warm-up")
    site = build_synthetic_site(root / "site", OVERHEAD_ARTICLES)
    plain_seconds = plain_backfill(site, root / "plain")
    with serve_directory(site, port=0) as base_url:
        started = time.perf_counter()
        flow_stats = backfill(pages=pages, base_url=base_url, page_cap=page_cap, data_dir=str(root / "flow"))
        flow_seconds = time.perf_counter() - started
    share = max(0.0, 1 - plain_seconds / flow_seconds) * 100
    return [
        BenchResult(
            AREA,
            f"backfill {flow_stats.articles_processed} articles ({flow_stats.batches} batches), Prefect flow (s)",
            flow_seconds,
        ),
        BenchResult(AREA, "same work, plain functions (s)", plain_seconds),
        BenchResult(
            AREA,
            "Prefect orchestration share (%)",
            share,
            f"< {MAX_PREFECT_SHARE:.0f}",
            share < MAX_PREFECT_SHARE,
        ),
    ]


def _memory_is_flat(root: Path) -> list[BenchResult]:
    # Filling happens in its own processes too, so its memory never counts as the pipeline's.
    def side_by_side(mode: str) -> list[str]:
        return run_side_by_side("benchmarks.bench_flows", mode, root, MEMORY_SIZES)

    side_by_side("fill")
    peaks = {
        size: json.loads(output.strip().splitlines()[-1])
        for size, output in zip(MEMORY_SIZES, side_by_side("memory"), strict=True)
    }
    small, big = (peaks[size]["max_rss_mb"] for size in MEMORY_SIZES)
    ratio = big / small
    return [
        *(
            BenchResult(
                AREA, f"downstream over {size:,} archived articles: peak RSS (MB)", peak["max_rss_mb"]
            )
            for size, peak in peaks.items()
        ),
        *(
            BenchResult(AREA, f"downstream over {size:,} archived articles: wall (s)", peak["seconds"])
            for size, peak in peaks.items()
        ),
        BenchResult(
            AREA,
            f"peak RSS {MEMORY_SIZES[1] // 1000}k / {MEMORY_SIZES[0] // 1000}k (flat = streaming)",
            ratio,
            f"< {MAX_MEMORY_GROWTH}",
            ratio < MAX_MEMORY_GROWTH,
        ),
    ]


def measure_memory(data_dir: Path, size: int) -> dict[str, float]:
    """In a fresh process: process the ``size`` archived articles, report the process's max RSS."""
    from flows.run import Selection, execute_run, flow_settings
    from flows.steps import PLAIN_STEPS

    baseline = peak_rss_mb()
    started = time.perf_counter()
    execute_run(
        "replay", flow_settings(data_dir=str(data_dir)), {}, crawl=None, select=Selection(), steps=PLAIN_STEPS
    )
    return {
        "seconds": time.perf_counter() - started,
        "max_rss_mb": peak_rss_mb(),
        "baseline_mb": baseline,
    }


def synthetic_corpus(out_dir: Path, size: int, *, channel: str | None = None) -> Path:
    """``size`` corpus articles: the labelled corpus cloned under new ids and dates (all in ``channel``
    when given, else each in its original's channel)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    originals = sorted(CORPUS.glob("*.expected.json"))
    for n in range(size):
        source = originals[n % len(originals)]
        meta = json.loads(source.read_text(encoding="utf-8"))
        published = meta["published"]
        shifted = (_date(published) + timedelta(days=n // len(originals))).isoformat()
        slug = f"synthetic-{n:06d}"
        meta |= {"published": shifted, "article_id": str(3_000_000 + n)}
        if channel is not None:
            meta["channel"] = channel
        meta.setdefault("hints", {}).pop("url_style", None)  # one old-style URL per site at most
        (out_dir / f"{slug}.expected.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        text = source.with_name(source.name.replace(".expected.json", ".txt")).read_text(encoding="utf-8")
        (out_dir / f"{slug}.txt").write_text(text, encoding="utf-8")
    return out_dir


def build_synthetic_site(out_dir: Path, size: int) -> Path:
    from devtools.replica import build_replica

    corpus = synthetic_corpus(out_dir.parent / f"corpus-{size}", size)
    build_replica(corpus, out_dir, page_size=25)
    return out_dir


def fill_archive(archive_dir: Path, size: int) -> None:
    """Archive ``size`` article pages as the crawler would, rendered by the replica generator."""
    from extractors.archive import RawArchive
    from extractors.profile import load_profile

    site = build_synthetic_site(archive_dir.parent / "site", size)
    profile = load_profile()
    base = profile.canonical_base.rstrip("/")
    with RawArchive(archive_dir) as archive:
        for path in sorted(site.rglob("*.html")):
            relative = "/" + path.relative_to(site).as_posix()
            if not relative.split("/")[-1][:1].isdigit():
                continue  # list and home pages
            body = path.read_bytes()
            archive.put(
                url=base + relative,
                status=200,
                headers={"Content-Type": "text/html"},
                body=body,
                kind="article",
            )


def _date(value: str) -> date:
    return date.fromisoformat(value[:10])


if __name__ == "__main__":
    mode, data_dir_arg, size_arg = sys.argv[1:4]
    apply_quiet_prefect_defaults(Path(data_dir_arg))
    if mode == "fill":
        fill_archive(Path(data_dir_arg) / "raw", int(size_arg))
    elif mode == "memory":
        print(json.dumps(measure_memory(Path(data_dir_arg), int(size_arg))))
    elif mode == "nightly":
        print(json.dumps(measure_nightly(Path(data_dir_arg), size_arg)))
    else:
        raise SystemExit(f"unknown mode {mode!r}: fill | memory | nightly")

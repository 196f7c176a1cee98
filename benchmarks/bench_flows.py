"""End-to-end flow benchmarks: step split of a nightly run, Prefect's share, memory of big backfills.

1. ``nightly`` on the replica (``sample_site/`` over HTTP on 127.0.0.1): wall time of every step.
2. A 1,000-article backfill on a synthetic site (corpus articles cloned under new ids, built with the
   crawler's own replica generator), run twice on fresh data directories: once as the Prefect flow,
   once with the same steps as plain functions. Prefect's share = 1 - plain / flow (target < 20 %).
3. Peak memory of the downstream steps over an archive of 2,000 and of 20,000 articles (a fresh
   process each, max RSS): streaming in batches means the peak must not grow with the archive
   (target: 20k peak < 1.5 × 2k peak). The 20,000 pages are written to the raw archive directly
   (the crawler's ``RawArchive.put``) instead of over HTTP, to keep ``make bench`` short.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import BenchResult
from linfen_etl.prefect_env import apply_quiet_prefect_defaults

AREA = "flows"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "corpus"
OVERHEAD_ARTICLES = 1_000
MEMORY_SIZES = (2_000, 20_000)


def run() -> list[BenchResult]:
    scratch = Path(tempfile.mkdtemp(prefix="linfen-bench-flows-"))
    apply_quiet_prefect_defaults(scratch)
    os.environ["LINFEN_ETL_REQUEST_DELAY"] = "0"  # local servers only
    from prefect.testing.utilities import prefect_test_harness

    results: list[BenchResult] = []
    with prefect_test_harness(server_startup_timeout=180):
        results += _nightly_on_replica(scratch / "nightly")
        results += _prefect_share(scratch / "overhead")
    results += _memory_is_flat(scratch / "memory")
    return results


def _nightly_on_replica(data_dir: Path) -> list[BenchResult]:
    from flows.nightly import nightly
    from linfen_etl.replica_server import SAMPLE_SITE, serve_directory

    with serve_directory(SAMPLE_SITE, port=0) as base_url:
        stats = nightly(base_url=base_url, data_dir=str(data_dir))
    return [
        BenchResult(AREA, f"nightly on replica ({stats.articles_processed} articles): {step} s", seconds)
        for step, seconds in stats.step_seconds.items()
    ]


def _prefect_share(root: Path) -> list[BenchResult]:
    from flows.backfill import backfill
    from flows.run import CrawlRequest, Selection, execute_run, flow_settings
    from flows.tasks import PLAIN_STEPS
    from linfen_etl.replica_server import serve_directory

    site = build_synthetic_site(root / "site", OVERHEAD_ARTICLES)
    pages = 10_000  # every list page of every channel
    with serve_directory(site, port=0) as base_url:
        started = time.perf_counter()
        flow_stats = backfill(pages=pages, base_url=base_url, data_dir=str(root / "flow"))
        flow_seconds = time.perf_counter() - started

        settings = flow_settings(data_dir=str(root / "plain"), base_url=base_url)
        started = time.perf_counter()
        execute_run(
            "backfill",
            settings,
            {"pages": pages},
            crawl=CrawlRequest(pages=pages),
            select=Selection(),
            steps=PLAIN_STEPS,
        )
        plain_seconds = time.perf_counter() - started
    share = max(0.0, 1 - plain_seconds / flow_seconds) * 100
    return [
        BenchResult(
            AREA, f"backfill {flow_stats.articles_processed} articles, Prefect flow (s)", flow_seconds
        ),
        BenchResult(AREA, "same work, plain functions (s)", plain_seconds),
        BenchResult(AREA, "Prefect orchestration share (%)", share, "< 20", share < 20),
    ]


def _memory_is_flat(root: Path) -> list[BenchResult]:
    peaks = {}
    for size in MEMORY_SIZES:
        data_dir = root / str(size)
        # Filling the archive happens in its own process, so its memory never counts as the pipeline's.
        subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_flows", "fill", str(data_dir), str(size)],
            cwd=PROJECT_ROOT,
            check=True,
        )
        completed = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_flows", "memory", str(data_dir), str(size)],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        peaks[size] = json.loads(completed.stdout.strip().splitlines()[-1])
    small, big = (peaks[size]["max_rss_mb"] for size in MEMORY_SIZES)
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
        BenchResult(AREA, "peak RSS 20k / 2k (flat = streaming)", big / small, "< 1.5", big / small < 1.5),
    ]


def measure_memory(data_dir: Path, size: int) -> dict[str, float]:
    """In a fresh process: process the ``size`` archived articles, report the process's max RSS."""
    from flows.run import Selection, execute_run, flow_settings
    from flows.tasks import PLAIN_STEPS

    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    execute_run(
        "replay", flow_settings(data_dir=str(data_dir)), {}, crawl=None, select=Selection(), steps=PLAIN_STEPS
    )
    return {
        "seconds": time.perf_counter() - started,
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_mb": baseline,
    }


def synthetic_corpus(out_dir: Path, size: int) -> Path:
    """``size`` corpus articles: the labelled corpus cloned under new ids and dates."""
    out_dir.mkdir(parents=True, exist_ok=True)
    originals = sorted(CORPUS.glob("*.expected.json"))
    for n in range(size):
        source = originals[n % len(originals)]
        meta = json.loads(source.read_text(encoding="utf-8"))
        published = meta["published"]
        shifted = (_date(published) + timedelta(days=n // len(originals))).isoformat()
        slug = f"synthetic-{n:06d}"
        meta |= {"published": shifted, "article_id": str(3_000_000 + n)}
        meta.setdefault("hints", {}).pop("url_style", None)  # one old-style URL per site at most
        (out_dir / f"{slug}.expected.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        text = source.with_name(source.name.replace(".expected.json", ".txt")).read_text(encoding="utf-8")
        (out_dir / f"{slug}.txt").write_text(text, encoding="utf-8")
    return out_dir


def build_synthetic_site(out_dir: Path, size: int) -> Path:
    from extractors.replica import build_replica

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
    else:
        raise SystemExit(f"unknown mode {mode!r}: fill | memory")

"""Extraction throughput over the labelled corpus (one core), plus its quality figures as info rows."""

from __future__ import annotations

import time

from benchmarks.common import BenchResult
from transforms.evaluate import DEFAULT_CORPUS_DIR, extract_labelled, load_corpus, score

TARGET_ARTICLES_PER_S = 200.0
MIN_SECONDS = 2.0  # repeat the corpus until the timing is stable


def run() -> list[BenchResult]:
    articles = load_corpus(DEFAULT_CORPUS_DIR)
    extract_labelled(articles[0])  # build OpenCC, the gazetteer and the taxonomy outside the timing
    done = 0
    start = time.process_time()  # CPU time of this process: one core, whatever else the host does
    while True:
        for article in articles:
            extract_labelled(article)
        done += len(articles)
        elapsed = time.process_time() - start
        if elapsed >= MIN_SECONDS:
            break
    rate = done / elapsed
    report = score((a, extract_labelled(a)) for a in articles)
    area = "extraction"
    return [
        BenchResult(area, "articles/s (one core)", rate, f">= {TARGET_ARTICLES_PER_S:.0f}", rate >= 200),
        BenchResult(area, "corpus articles", float(report.articles)),
        BenchResult(area, "project precision (strict)", report.project_precision),
        BenchResult(area, "project recall (strict)", report.project_recall),
        BenchResult(area, "project precision (tolerant)", report.tolerant_precision),
        BenchResult(area, "project recall (tolerant)", report.tolerant_recall),
        BenchResult(area, "stage-total precision (exact)", report.totals_precision),
        BenchResult(area, "stage-total recall (exact)", report.totals_recall),
        BenchResult(area, "kind accuracy", report.kind.value),
        BenchResult(area, "campaign accuracy", report.campaign.value),
        BenchResult(area, "facts from non-announcements", float(report.facts_from_non_announcements)),
    ]

"""Extraction throughput over the labelled corpus (one core), plus the quality figures of each
labelled set as info rows, side by side: corpus/ (tuning), corpus_holdout/ and corpus_blind/ and
corpus_blind2/ (once blind, since tuned on) and corpus_blind3/ (never tuned on: the closest
stand-in for unseen real articles)."""

from __future__ import annotations

import time

from benchmarks.common import BenchResult
from transforms.evaluate import DEFAULT_CORPUS_DIR, Report, extract_labelled, load_corpus, score
from transforms.extract import extract_article

LABELLED_SETS = {
    "holdout": DEFAULT_CORPUS_DIR.parent / "corpus_holdout",
    "blind": DEFAULT_CORPUS_DIR.parent / "corpus_blind",
    "blind2": DEFAULT_CORPUS_DIR.parent / "corpus_blind2",
    "blind3": DEFAULT_CORPUS_DIR.parent / "corpus_blind3",
}

TARGET_ARTICLES_PER_S = 200.0
MIN_SECONDS = 2.0  # repeat the corpus until the timing is stable
SIZES_MB = (0.1, 1.0, 10.0)
MAX_SLOPE_RATIO = 2.0  # a cost that grows with the square of the length would give ~100


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
    area = "extraction"
    results = [
        BenchResult(area, "articles/s (one core)", rate, f">= {TARGET_ARTICLES_PER_S:.0f}", rate >= 200),
        *_quality_rows(area, "corpus", score((a, extract_labelled(a)) for a in articles)),
    ]
    for name, directory in LABELLED_SETS.items():
        results += _quality_rows(area, name, score((a, extract_labelled(a)) for a in load_corpus(directory)))
    return results + _linearity_rows(area, articles)


def _linearity_rows(area: str, articles: list) -> list[BenchResult]:
    """One document of 0.1, 1 and 10 MB (the corpus repeated): CPU seconds per MB must stay flat."""
    blob = "\n".join(a.text for a in articles)
    per_mb: dict[float, float] = {}
    for megabytes in SIZES_MB:
        size = int(megabytes * 1_000_000)
        text = (blob * (size // len(blob) + 1))[:size]
        start = time.process_time()
        extract_article(text)
        per_mb[megabytes] = (time.process_time() - start) / megabytes
    ratio = per_mb[SIZES_MB[-1]] / per_mb[SIZES_MB[0]]
    rows = [BenchResult(area, f"s/MB at {mb:g} MB (one document)", value) for mb, value in per_mb.items()]
    rows.append(
        BenchResult(
            area,
            "s/MB at 10 MB / at 0.1 MB (linear: ~1)",
            ratio,
            f"<= {MAX_SLOPE_RATIO}",
            ratio <= MAX_SLOPE_RATIO,
        )
    )
    return rows


def _quality_rows(area: str, corpus: str, report: Report) -> list[BenchResult]:
    figures = {
        "articles": float(report.articles),
        "project precision (strict)": report.project_precision,
        "project recall (strict)": report.project_recall,
        "project precision (tolerant)": report.tolerant_precision,
        "project recall (tolerant)": report.tolerant_recall,
        "stage-total precision (exact)": report.totals_precision,
        "stage-total recall (exact)": report.totals_recall,
        "project zone accuracy": report.project_fields["zone"].value,
        "project industry accuracy": report.project_fields["industry"].value,
        "kind accuracy": report.kind.value,
        "campaign accuracy": report.campaign.value,
        "facts from non-announcements": float(report.facts_from_non_announcements),
    }
    return [BenchResult(area, f"{corpus}: {name}", value) for name, value in figures.items()]

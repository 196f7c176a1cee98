"""The extractor against the labelled corpus (corpus/*.txt + *.expected.json).

Thresholds are the figures the extractor reaches today, rounded down: a regression fails here.
``python -m transforms.evaluate`` prints every difference behind them.
"""

from __future__ import annotations

import pytest

from transforms.evaluate import DEFAULT_CORPUS_DIR, Report, evaluate_corpus, load_corpus


@pytest.fixture(scope="module")
def report() -> Report:
    return evaluate_corpus(DEFAULT_CORPUS_DIR)


def test_corpus_is_there() -> None:
    articles = load_corpus(DEFAULT_CORPUS_DIR)
    assert len(articles) >= 66
    assert sum(1 for a in articles if not a.expected["is_announcement"]) >= 10


def test_non_announcements_yield_no_facts(report: Report) -> None:
    assert report.facts_from_non_announcements == 0


def test_project_precision_and_recall(report: Report) -> None:
    assert report.project_precision >= 0.97
    assert report.project_recall >= 0.92
    assert report.tolerant_precision >= report.project_precision
    assert report.tolerant_recall >= report.project_recall


def test_stage_totals_campaigns_and_kinds(report: Report) -> None:
    assert report.totals_precision >= 0.97
    assert report.totals_recall >= 0.97
    assert report.campaign.value >= 0.95
    assert report.kind.value >= 0.95


def test_project_attributes(report: Report) -> None:
    fields = report.project_fields
    assert fields["zone"].value >= 0.95
    assert fields["county"].value >= 0.95
    assert fields["capacity"].value >= 0.95
    assert fields["investment_yuan"].value >= 0.95
    assert fields["industry"].value >= 0.9

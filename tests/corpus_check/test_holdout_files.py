"""Structural checks of the held-out labelled article set (``corpus_holdout/``).

The held-out set follows the same file format and labelling rules as ``corpus/`` and is checked by
the same helpers. It also simulates articles of the same site, so its ids, dates and rounds must be
consistent with the tuning corpus: ids unique across both sets and in date order, and a round
(year, ordinal) keeps one event date wherever it is reported.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from tests.corpus_check.test_corpus_files import (
    CHANNELS,
    CORPUS_DIR,
    KINDS,
    SCRIPTS,
    check_article_ids,
    check_article_text_shape,
    check_files_paired,
    check_label_file,
    check_rounds_agree,
    count_is_written,
    load_label,
    plain_text,
    slugs,
)

HOLDOUT_DIR = Path(__file__).resolve().parents[2] / "corpus_holdout"
HOLDOUT_ARTICLES = 30
# Minimum number of articles per kind: the set is built to measure campaign reports, single items
# and rejection of look-alike non-announcements.
MIN_BY_KIND = {"campaign_report": 14, "other": 8}
MIN_SINGLE_ITEMS = 4


def _rows(corpus_dir: Path) -> list[tuple[dict, str]]:
    return [(load_label(slug, corpus_dir), slug) for slug in slugs(corpus_dir)]


def test_holdout_has_every_file_paired() -> None:
    check_files_paired(HOLDOUT_DIR, HOLDOUT_ARTICLES)


@pytest.mark.parametrize("slug", slugs(HOLDOUT_DIR))
def test_holdout_article_text_shape(slug: str) -> None:
    check_article_text_shape(slug, HOLDOUT_DIR)


@pytest.mark.parametrize("slug", slugs(HOLDOUT_DIR))
def test_holdout_label_file(slug: str) -> None:
    check_label_file(slug, HOLDOUT_DIR)


def _written_forms(yuan: int) -> list[str]:
    """How an exact yuan amount is written in these articles: in 亿元 or in 万元, Arabic digits."""
    forms = []
    for unit, size in (("亿元", 100_000_000), ("万元", 10_000)):
        forms.append(f"{(Decimal(yuan) / size).normalize():f}{unit}")
    return forms


@pytest.mark.parametrize("slug", slugs(HOLDOUT_DIR))
def test_holdout_figures_are_written_in_the_text(slug: str) -> None:
    """Every labelled count and amount can be read in the article (the holdout uses Arabic digits only)."""
    label = load_label(slug, HOLDOUT_DIR)
    text = plain_text(slug, label["script"], HOLDOUT_DIR)
    expected = label["expected"]
    for total in expected["stage_totals"]:
        count, money = total["project_count"], total["investment_yuan"]
        if count is not None:
            assert count_is_written(count, text), f"{slug}: count {count} not written"
        if money is not None:
            assert any(form in text for form in _written_forms(money)), f"{slug}: total {money} not written"
    for project in expected["projects"]:
        money = project["investment_yuan"]
        if money is not None:
            assert any(form in text for form in _written_forms(money)), f"{slug}: {project['name']} money"


def test_holdout_is_disjoint_from_the_tuning_corpus() -> None:
    shared_slugs = set(slugs(HOLDOUT_DIR)) & set(slugs(CORPUS_DIR))
    assert shared_slugs == set(), f"slugs also in corpus/: {sorted(shared_slugs)}"
    corpus_texts = {(CORPUS_DIR / f"{slug}.txt").read_text(encoding="utf-8") for slug in slugs(CORPUS_DIR)}
    for slug in slugs(HOLDOUT_DIR):
        text = (HOLDOUT_DIR / f"{slug}.txt").read_text(encoding="utf-8")
        assert text not in corpus_texts, f"{slug}: copy of a corpus/ article"


def test_holdout_ids_fit_the_site_together_with_the_corpus() -> None:
    check_article_ids(_rows(CORPUS_DIR) + _rows(HOLDOUT_DIR))


def test_holdout_rounds_agree_with_the_corpus() -> None:
    check_rounds_agree(_rows(CORPUS_DIR) + _rows(HOLDOUT_DIR))


def test_holdout_covers_the_variants_it_is_built_for() -> None:
    labels = [label for label, _ in _rows(HOLDOUT_DIR)]
    kinds = Counter(label["expected"]["kind"] for label in labels)
    assert set(kinds) == KINDS, f"kinds covered: {sorted(kinds)}"
    for kind, minimum in MIN_BY_KIND.items():
        assert kinds[kind] >= minimum, f"{kinds[kind]} {kind} articles, want >= {minimum}"
    singles = kinds["signing"] + kinds["groundbreaking"] + kinds["commissioning"]
    assert singles >= MIN_SINGLE_ITEMS, f"{singles} single news items, want >= {MIN_SINGLE_ITEMS}"
    assert {label["script"] for label in labels} == SCRIPTS
    assert {label["published"][:4] for label in labels} == {str(y) for y in range(2020, 2026)}
    assert {label["channel"] for label in labels} == CHANNELS
    levels = {t["region_level"] for label in labels for t in label["expected"]["stage_totals"]}
    assert levels == {"province", "city", "county"}


def test_holdout_readme_marks_sample_data() -> None:
    readme = (HOLDOUT_DIR / "README.md").read_text(encoding="utf-8")
    assert "SAMPLE DATA" in readme

"""Structural checks of the third blind evaluation set (``corpus_blind3/``).

The set follows the file format and labelling rules of ``corpus/`` plus the decisions written down in
the READMEs of ``corpus_holdout/``, ``corpus_blind/``, ``corpus_blind2/`` and its own, and is checked by
the same helpers. It simulates further articles of the same site (2020 to 2026-11), so ids, rounds and
round totals must fit together with all four other sets (see ``set_checks.py``). There is deliberately
no extraction-quality test here: the set is for a final, untuned measurement only.
"""

from __future__ import annotations

import pytest

from tests.corpus_check.set_checks import (
    BLIND3_DIR,
    check_coverage,
    check_disjoint_from_earlier_sets,
    check_figures_written,
    check_readme_lists_every_article,
    check_round_totals_agree,
    earlier_rows,
    rows,
)
from tests.corpus_check.test_corpus_files import (
    check_article_ids,
    check_article_text_shape,
    check_files_paired,
    check_label_file,
    check_rounds_agree,
    slugs,
)

BLIND3_ARTICLES = 24
LAST_YEAR = 2026
MIN_BY_KIND = {"campaign_report": 13, "other": 6}
MIN_SINGLE_ITEMS = 5


def test_blind3_has_every_file_paired() -> None:
    check_files_paired(BLIND3_DIR, BLIND3_ARTICLES)


@pytest.mark.parametrize("slug", slugs(BLIND3_DIR))
def test_blind3_article_text_shape(slug: str) -> None:
    check_article_text_shape(slug, BLIND3_DIR, last_year=LAST_YEAR)


@pytest.mark.parametrize("slug", slugs(BLIND3_DIR))
def test_blind3_label_file(slug: str) -> None:
    check_label_file(slug, BLIND3_DIR, last_year=LAST_YEAR)


@pytest.mark.parametrize("slug", slugs(BLIND3_DIR))
def test_blind3_figures_are_written_in_the_text(slug: str) -> None:
    """Every labelled count and amount can be read in the article (separators, table units, 两个)."""
    check_figures_written(slug, BLIND3_DIR)


def test_blind3_is_disjoint_from_the_other_sets() -> None:
    check_disjoint_from_earlier_sets(BLIND3_DIR)


def test_blind3_ids_fit_the_site_together_with_the_other_sets() -> None:
    check_article_ids(earlier_rows(BLIND3_DIR) + rows(BLIND3_DIR))


def test_blind3_rounds_agree_with_the_other_sets() -> None:
    check_rounds_agree(earlier_rows(BLIND3_DIR) + rows(BLIND3_DIR))


def test_blind3_round_totals_agree_with_the_other_sets_and_each_other() -> None:
    check_round_totals_agree(BLIND3_DIR, min_compared=10)


def test_blind3_covers_the_variants_it_is_built_for() -> None:
    check_coverage(BLIND3_DIR, LAST_YEAR, MIN_BY_KIND, MIN_SINGLE_ITEMS)


def test_blind3_readme_marks_sample_data_and_lists_every_article() -> None:
    check_readme_lists_every_article(BLIND3_DIR)

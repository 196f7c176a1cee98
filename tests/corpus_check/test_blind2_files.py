"""Structural checks of the second blind evaluation set (``corpus_blind2/``).

The set follows the file format and labelling rules of ``corpus/`` plus the decisions written down in
``corpus_holdout/README.md``, ``corpus_blind/README.md`` and its own README, and is checked by the same
helpers. It simulates further articles of the same site (2020 to 2026), so ids, rounds and round
totals must fit together with all three other sets (see ``set_checks.py``).
"""

from __future__ import annotations

import pytest

from tests.corpus_check.set_checks import (
    BLIND2_DIR,
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

BLIND2_ARTICLES = 27
LAST_YEAR = 2026
MIN_BY_KIND = {"campaign_report": 14, "other": 7}
MIN_SINGLE_ITEMS = 5


def test_blind2_has_every_file_paired() -> None:
    check_files_paired(BLIND2_DIR, BLIND2_ARTICLES)


@pytest.mark.parametrize("slug", slugs(BLIND2_DIR))
def test_blind2_article_text_shape(slug: str) -> None:
    check_article_text_shape(slug, BLIND2_DIR, last_year=LAST_YEAR)


@pytest.mark.parametrize("slug", slugs(BLIND2_DIR))
def test_blind2_label_file(slug: str) -> None:
    check_label_file(slug, BLIND2_DIR, last_year=LAST_YEAR)


@pytest.mark.parametrize("slug", slugs(BLIND2_DIR))
def test_blind2_figures_are_written_in_the_text(slug: str) -> None:
    """Every labelled count and amount can be read in the article (NFKC, Chinese-numeral counts, 余)."""
    check_figures_written(slug, BLIND2_DIR)


def test_blind2_is_disjoint_from_the_other_sets() -> None:
    check_disjoint_from_earlier_sets(BLIND2_DIR)


def test_blind2_ids_fit_the_site_together_with_the_other_sets() -> None:
    check_article_ids(earlier_rows(BLIND2_DIR) + rows(BLIND2_DIR))


def test_blind2_rounds_agree_with_the_other_sets() -> None:
    check_rounds_agree(earlier_rows(BLIND2_DIR) + rows(BLIND2_DIR))


def test_blind2_round_totals_agree_with_the_other_sets_and_each_other() -> None:
    check_round_totals_agree(BLIND2_DIR, min_compared=10)


def test_blind2_covers_the_variants_it_is_built_for() -> None:
    check_coverage(BLIND2_DIR, LAST_YEAR, MIN_BY_KIND, MIN_SINGLE_ITEMS)


def test_blind2_readme_marks_sample_data_and_lists_every_article() -> None:
    check_readme_lists_every_article(BLIND2_DIR)

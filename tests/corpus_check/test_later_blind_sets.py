"""Structural checks of the later blind evaluation sets (``corpus_blind2/``, ``corpus_blind3/``).

Each set follows the file format and labelling rules of ``corpus/`` plus the decisions written down
in the READMEs of the sets before it and its own, and is checked by the same helpers. The sets
simulate further articles of the same site (2020 to 2026-11), so ids, rounds and round totals must
fit together with every earlier set (see ``set_checks.py``). There is no extraction-quality test
here: quality floors live in ``tests/extraction/test_corpus_eval.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.corpus_check.set_checks import (
    BLIND2_DIR,
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

LAST_YEAR = 2026


@dataclass(frozen=True)
class BlindSet:
    directory: Path
    articles: int
    min_by_kind: dict[str, int] = field(hash=False)
    min_single_items: int


SETS = {
    "blind2": BlindSet(BLIND2_DIR, 27, {"campaign_report": 14, "other": 7}, 5),
    "blind3": BlindSet(BLIND3_DIR, 24, {"campaign_report": 13, "other": 6}, 5),
}
ARTICLES = [
    pytest.param(s.directory, slug, id=f"{name}/{slug}")
    for name, s in SETS.items()
    for slug in slugs(s.directory)
]
every_set = pytest.mark.parametrize("blind", list(SETS.values()), ids=list(SETS))


@every_set
def test_every_file_is_paired(blind: BlindSet) -> None:
    check_files_paired(blind.directory, blind.articles)


@pytest.mark.parametrize(("directory", "slug"), ARTICLES)
def test_article_text_shape(directory: Path, slug: str) -> None:
    check_article_text_shape(slug, directory, last_year=LAST_YEAR)


@pytest.mark.parametrize(("directory", "slug"), ARTICLES)
def test_label_file(directory: Path, slug: str) -> None:
    check_label_file(slug, directory, last_year=LAST_YEAR)


@pytest.mark.parametrize(("directory", "slug"), ARTICLES)
def test_figures_are_written_in_the_text(directory: Path, slug: str) -> None:
    """Every labelled count and amount can be read in the article (NFKC, Chinese-numeral counts, 余,
    thousands separators, table units, 两个)."""
    check_figures_written(slug, directory)


@every_set
def test_set_is_disjoint_from_the_earlier_sets(blind: BlindSet) -> None:
    check_disjoint_from_earlier_sets(blind.directory)


@every_set
def test_ids_fit_the_site_together_with_the_earlier_sets(blind: BlindSet) -> None:
    check_article_ids(earlier_rows(blind.directory) + rows(blind.directory))


@every_set
def test_rounds_agree_with_the_earlier_sets(blind: BlindSet) -> None:
    check_rounds_agree(earlier_rows(blind.directory) + rows(blind.directory))


@every_set
def test_round_totals_agree_with_the_earlier_sets_and_each_other(blind: BlindSet) -> None:
    check_round_totals_agree(blind.directory, min_compared=10)


@every_set
def test_set_covers_the_variants_it_is_built_for(blind: BlindSet) -> None:
    check_coverage(blind.directory, LAST_YEAR, blind.min_by_kind, blind.min_single_items)


@every_set
def test_readme_marks_sample_data_and_lists_every_article(blind: BlindSet) -> None:
    check_readme_lists_every_article(blind.directory)

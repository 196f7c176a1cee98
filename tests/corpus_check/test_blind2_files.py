"""Structural checks of the second blind evaluation set (``corpus_blind2/``).

The set follows the file format and labelling rules of ``corpus/`` plus the decisions written down in
``corpus_holdout/README.md``, ``corpus_blind/README.md`` and its own README, and is checked by the same
helpers. It simulates further articles of the same site (2020 to 2026), so ids, rounds and round
totals must fit together with all three other sets.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import cn2an
import pytest

from tests.corpus_check.test_blind_files import BLIND_DIR, _totals_by_round
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
    load_label,
    plain_text,
    slugs,
)
from tests.corpus_check.test_holdout_files import HOLDOUT_DIR, _written_forms

BLIND2_DIR = Path(__file__).resolve().parents[2] / "corpus_blind2"
BLIND2_ARTICLES = 27
LAST_YEAR = 2026
MIN_BY_KIND = {"campaign_report": 14, "other": 7}
MIN_SINGLE_ITEMS = 5
# 余/多 between a figure and its unit ("20余亿元") qualify the stated figure, which is the label.
FIGURE_QUALIFIER = re.compile(r"(\d)[余多](万|亿)")

Row = tuple[dict[str, Any], str]


def _rows(corpus_dir: Path) -> list[Row]:
    return [(load_label(slug, corpus_dir), slug) for slug in slugs(corpus_dir)]


def _other_rows() -> list[Row]:
    return _rows(CORPUS_DIR) + _rows(HOLDOUT_DIR) + _rows(BLIND_DIR)


def _count_is_written(count: int, text: str) -> bool:
    """A count is written in Arabic digits (after NFKC) or in Chinese numerals (二十一个)."""
    if re.search(rf"(?<![\d.]){count}(个|项)", text):
        return True
    chinese = cn2an.an2cn(count)
    return re.search(rf"(?<![零一二三四五六七八九十百]){chinese}(个|项)", text) is not None


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
    label = load_label(slug, BLIND2_DIR)
    text = FIGURE_QUALIFIER.sub(r"\1\2", plain_text(slug, label["script"], BLIND2_DIR))
    for total in label["expected"]["stage_totals"]:
        count, money = total["project_count"], total["investment_yuan"]
        if count is not None:
            assert _count_is_written(count, text), f"{slug}: count {count} not written"
        if money is not None:
            assert any(form in text for form in _written_forms(money)), f"{slug}: total {money} not written"
    for project in label["expected"]["projects"]:
        money = project["investment_yuan"]
        if money is not None:
            assert any(form in text for form in _written_forms(money)), f"{slug}: {project['name']} money"


def test_blind2_is_disjoint_from_the_other_sets() -> None:
    for other_dir in (CORPUS_DIR, HOLDOUT_DIR, BLIND_DIR):
        shared = set(slugs(BLIND2_DIR)) & set(slugs(other_dir))
        assert shared == set(), f"slugs also in {other_dir.name}/: {sorted(shared)}"
        other_texts = {(other_dir / f"{slug}.txt").read_text(encoding="utf-8") for slug in slugs(other_dir)}
        for slug in slugs(BLIND2_DIR):
            text = (BLIND2_DIR / f"{slug}.txt").read_text(encoding="utf-8")
            assert text not in other_texts, f"{slug}: copy of a {other_dir.name}/ article"


def test_blind2_ids_fit_the_site_together_with_the_other_sets() -> None:
    check_article_ids(_other_rows() + _rows(BLIND2_DIR))


def test_blind2_rounds_agree_with_the_other_sets() -> None:
    check_rounds_agree(_other_rows() + _rows(BLIND2_DIR))


def test_blind2_round_totals_agree_with_the_other_sets_and_each_other() -> None:
    """A round's total for one region and stage is the same figure in every article that states it."""
    known = _totals_by_round(_other_rows())
    compared = 0
    seen: dict[tuple[str, str, str], tuple[int | None, int | None, str]] = {}
    for row in _rows(BLIND2_DIR):
        for key, (count, money, slug) in _totals_by_round([row]).items():
            for other in (known.get(key), seen.get(key)):
                if other is None:
                    continue
                other_count, other_money, other_slug = other
                compared += 1
                if count is not None and other_count is not None:
                    assert count == other_count, f"{slug} vs {other_slug}: count for {key}"
                if money is not None and other_money is not None:
                    assert money == other_money, f"{slug} vs {other_slug}: money for {key}"
            seen.setdefault(key, (count, money, slug))
    assert compared >= 10, f"only {compared} blind2 totals overlap other articles"


def test_blind2_covers_the_variants_it_is_built_for() -> None:
    labels = [label for label, _ in _rows(BLIND2_DIR)]
    kinds = Counter(label["expected"]["kind"] for label in labels)
    assert set(kinds) == KINDS, f"kinds covered: {sorted(kinds)}"
    for kind, minimum in MIN_BY_KIND.items():
        assert kinds[kind] >= minimum, f"{kinds[kind]} {kind} articles, want >= {minimum}"
    singles = [label for label in labels if label["expected"]["kind"] not in {"campaign_report", "other"}]
    assert len(singles) >= MIN_SINGLE_ITEMS, f"{len(singles)} single news items, want >= {MIN_SINGLE_ITEMS}"
    assert any(label["expected"]["campaign"] for label in singles), "no single item inside a round"
    assert any(label["expected"]["campaign"] is None for label in singles), "no single item outside a round"
    assert {label["script"] for label in labels} == SCRIPTS
    assert {label["published"][:4] for label in labels} == {str(y) for y in range(2020, LAST_YEAR + 1)}
    assert {label["channel"] for label in labels} == CHANNELS
    levels = {t["region_level"] for label in labels for t in label["expected"]["stage_totals"]}
    assert levels == {"province", "city", "county"}


def test_blind2_readme_marks_sample_data_and_lists_every_article() -> None:
    readme = (BLIND2_DIR / "README.md").read_text(encoding="utf-8")
    assert "SAMPLE DATA" in readme
    missing = [slug for slug in slugs(BLIND2_DIR) if slug not in readme]
    assert missing == [], f"articles not described in corpus_blind2/README.md: {missing}"

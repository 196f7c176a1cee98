"""Structural checks of the blind evaluation set (``corpus_blind/``).

The blind set follows the file format and labelling rules of ``corpus/`` (plus the decisions written
down in ``corpus_holdout/README.md``) and is checked by the same helpers. It simulates further
articles of the same site, so ids, rounds and round totals must fit together with both other sets.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

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
from tests.corpus_check.test_holdout_files import HOLDOUT_DIR, _written_forms

BLIND_DIR = Path(__file__).resolve().parents[2] / "corpus_blind"
BLIND_ARTICLES = 24
MIN_BY_KIND = {"campaign_report": 12, "other": 6}
MIN_SINGLE_ITEMS = 4

Row = tuple[dict[str, Any], str]


def _rows(corpus_dir: Path) -> list[Row]:
    return [(load_label(slug, corpus_dir), slug) for slug in slugs(corpus_dir)]


def _totals_by_round(rows: list[Row]) -> dict[tuple[str, str, str], tuple[int | None, int | None, str]]:
    """(event date, region, stage) -> (count, money, slug) for every labelled stage total."""
    found = {}
    for label, slug in rows:
        campaign = label["expected"]["campaign"]
        if campaign is None or campaign["event_date"] is None:
            continue
        for total in label["expected"]["stage_totals"]:
            key = (campaign["event_date"], total["region"], total["stage"])
            found[key] = (total["project_count"], total["investment_yuan"], slug)
    return found


def test_blind_has_every_file_paired() -> None:
    check_files_paired(BLIND_DIR, BLIND_ARTICLES)


@pytest.mark.parametrize("slug", slugs(BLIND_DIR))
def test_blind_article_text_shape(slug: str) -> None:
    check_article_text_shape(slug, BLIND_DIR)


@pytest.mark.parametrize("slug", slugs(BLIND_DIR))
def test_blind_label_file(slug: str) -> None:
    check_label_file(slug, BLIND_DIR)


@pytest.mark.parametrize("slug", slugs(BLIND_DIR))
def test_blind_figures_are_written_in_the_text(slug: str) -> None:
    """Every labelled count and amount can be read in the article (Arabic digits, after NFKC)."""
    label = load_label(slug, BLIND_DIR)
    text = plain_text(slug, label["script"], BLIND_DIR)
    for total in label["expected"]["stage_totals"]:
        count, money = total["project_count"], total["investment_yuan"]
        if count is not None:
            assert count_is_written(count, text), f"{slug}: count {count} not written"
        if money is not None:
            assert any(form in text for form in _written_forms(money)), f"{slug}: total {money} not written"
    for project in label["expected"]["projects"]:
        money = project["investment_yuan"]
        if money is not None:
            assert any(form in text for form in _written_forms(money)), f"{slug}: {project['name']} money"


def test_blind_is_disjoint_from_the_other_sets() -> None:
    for other_dir in (CORPUS_DIR, HOLDOUT_DIR):
        shared = set(slugs(BLIND_DIR)) & set(slugs(other_dir))
        assert shared == set(), f"slugs also in {other_dir.name}/: {sorted(shared)}"
        other_texts = {(other_dir / f"{slug}.txt").read_text(encoding="utf-8") for slug in slugs(other_dir)}
        for slug in slugs(BLIND_DIR):
            text = (BLIND_DIR / f"{slug}.txt").read_text(encoding="utf-8")
            assert text not in other_texts, f"{slug}: copy of a {other_dir.name}/ article"


def test_blind_ids_fit_the_site_together_with_the_other_sets() -> None:
    check_article_ids(_rows(CORPUS_DIR) + _rows(HOLDOUT_DIR) + _rows(BLIND_DIR))


def test_blind_rounds_agree_with_the_other_sets() -> None:
    check_rounds_agree(_rows(CORPUS_DIR) + _rows(HOLDOUT_DIR) + _rows(BLIND_DIR))


def test_blind_round_totals_agree_with_the_other_sets() -> None:
    """A round's total for one region and stage is the same figure in every set that states it."""
    known = _totals_by_round(_rows(CORPUS_DIR) + _rows(HOLDOUT_DIR))
    blind = _totals_by_round(_rows(BLIND_DIR))
    compared = 0
    for key, (count, money, slug) in blind.items():
        if key not in known:
            continue
        other_count, other_money, other_slug = known[key]
        compared += 1
        if count is not None and other_count is not None:
            assert count == other_count, f"{slug} vs {other_slug}: count for {key}"
        if money is not None and other_money is not None:
            assert money == other_money, f"{slug} vs {other_slug}: money for {key}"
    assert compared > 0, "no blind total overlaps the other sets, so nothing was compared"


def test_blind_covers_the_variants_it_is_built_for() -> None:
    labels = [label for label, _ in _rows(BLIND_DIR)]
    kinds = Counter(label["expected"]["kind"] for label in labels)
    assert set(kinds) == KINDS, f"kinds covered: {sorted(kinds)}"
    for kind, minimum in MIN_BY_KIND.items():
        assert kinds[kind] >= minimum, f"{kinds[kind]} {kind} articles, want >= {minimum}"
    singles = kinds["signing"] + kinds["groundbreaking"] + kinds["commissioning"]
    assert singles >= MIN_SINGLE_ITEMS, f"{singles} single news items, want >= {MIN_SINGLE_ITEMS}"
    in_round = [label for label in labels if label["expected"]["kind"] not in {"campaign_report", "other"}]
    assert any(label["expected"]["campaign"] for label in in_round), "no single item inside a round"
    assert any(label["expected"]["campaign"] is None for label in in_round), "no single item outside a round"
    assert {label["script"] for label in labels} == SCRIPTS
    assert {label["published"][:4] for label in labels} == {str(y) for y in range(2020, 2026)}
    assert {label["channel"] for label in labels} == CHANNELS
    levels = {t["region_level"] for label in labels for t in label["expected"]["stage_totals"]}
    assert levels == {"province", "city", "county"}


def test_blind_readme_marks_sample_data_and_lists_every_article() -> None:
    readme = (BLIND_DIR / "README.md").read_text(encoding="utf-8")
    assert "SAMPLE DATA" in readme
    missing = [slug for slug in slugs(BLIND_DIR) if slug not in readme]
    assert missing == [], f"articles not described in corpus_blind/README.md: {missing}"

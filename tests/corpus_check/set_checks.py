"""Checks shared by the later blind evaluation sets (``corpus_blind2/``, ``corpus_blind3/``, …).

Each later set simulates further articles of the same site, so besides the per-file checks of
``test_corpus_files.py`` its ids, rounds and round totals must fit together with every earlier set,
its figures must be readable in its texts, and it must cover the variants it is built for.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from tests.corpus_check.test_blind_files import BLIND_DIR, _totals_by_round
from tests.corpus_check.test_corpus_files import (
    CHANNELS,
    CORPUS_DIR,
    KINDS,
    SCRIPTS,
    count_is_written,
    load_label,
    plain_text,
    slugs,
)
from tests.corpus_check.test_holdout_files import HOLDOUT_DIR, _written_forms

Row = tuple[dict[str, Any], str]

BLIND2_DIR = Path(__file__).resolve().parents[2] / "corpus_blind2"
BLIND3_DIR = Path(__file__).resolve().parents[2] / "corpus_blind3"
# Every labelled set in the order it was written; a later set is checked against all earlier ones.
SET_DIRS = (CORPUS_DIR, HOLDOUT_DIR, BLIND_DIR, BLIND2_DIR, BLIND3_DIR)

# 余/多 between a figure and its unit ("20余亿元") qualify the stated figure, which is the label.
FIGURE_QUALIFIER = re.compile(r"(\d)[余多](万|亿)")
# Thousands separators inside a figure: 13,500万元 is 13500万元.
THOUSANDS_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
# A flattened table: a header line naming the money column's unit, e.g. "序号 项目名称 总投资(亿元)",
# then rows ending in a bare figure ("1 年产…项目 临汾经济开发区 12.5").
TABLE_HEADER = re.compile(r"\((亿元|万元)\)\s*$")
TABLE_ROW = re.compile(r"^(\d+ .+ )(\d+(?:\.\d+)?)$")
# Counts written in Chinese: 两 is 2 before a measure word (两个项目).


def rows(corpus_dir: Path) -> list[Row]:
    return [(load_label(slug, corpus_dir), slug) for slug in slugs(corpus_dir)]


def earlier_rows(corpus_dir: Path) -> list[Row]:
    """(label, slug) rows of every set written before ``corpus_dir``."""
    earlier = SET_DIRS[: SET_DIRS.index(corpus_dir)]
    return [row for other_dir in earlier for row in rows(other_dir)]


def figure_text(slug: str, script: str, corpus_dir: Path) -> str:
    """The article as plain text with figures in the form the labels read them.

    Qualifiers and thousands separators are dropped, and each row of a flattened table gets the unit
    of the header above it, so that every stated figure appears as ``<number><unit>``.
    """
    text = plain_text(slug, script, corpus_dir)
    text = THOUSANDS_SEPARATOR.sub("", FIGURE_QUALIFIER.sub(r"\1\2", text))
    lines, unit = [], None
    for line in text.splitlines():
        header = TABLE_HEADER.search(line)
        row = TABLE_ROW.match(line) if unit else None
        if header:
            unit = header.group(1)
        elif row:
            line = f"{row.group(1)}{row.group(2)}{unit}"
        else:
            unit = None
        lines.append(line)
    return "\n".join(lines)


def check_figures_written(slug: str, corpus_dir: Path) -> None:
    """Every labelled count and amount can be read in the article."""
    label = load_label(slug, corpus_dir)
    text = figure_text(slug, label["script"], corpus_dir)
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


def check_disjoint_from_earlier_sets(corpus_dir: Path) -> None:
    """No slug or text of the set repeats an earlier set."""
    for other_dir in SET_DIRS[: SET_DIRS.index(corpus_dir)]:
        shared = set(slugs(corpus_dir)) & set(slugs(other_dir))
        assert shared == set(), f"slugs also in {other_dir.name}/: {sorted(shared)}"
        other_texts = {(other_dir / f"{slug}.txt").read_text(encoding="utf-8") for slug in slugs(other_dir)}
        for slug in slugs(corpus_dir):
            text = (corpus_dir / f"{slug}.txt").read_text(encoding="utf-8")
            assert text not in other_texts, f"{slug}: copy of a {other_dir.name}/ article"


def check_round_totals_agree(corpus_dir: Path, min_compared: int) -> None:
    """A round's total for one region and stage is the same figure in every article that states it."""
    known = _totals_by_round(earlier_rows(corpus_dir))
    compared = 0
    seen: dict[tuple[str, str, str], tuple[int | None, int | None, str]] = {}
    for row in rows(corpus_dir):
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
    assert compared >= min_compared, f"only {compared} {corpus_dir.name} totals overlap other articles"


def check_coverage(
    corpus_dir: Path, last_year: int, min_by_kind: dict[str, int], min_single_items: int
) -> None:
    """The set covers every kind, script, year, channel and region level, and singles in and out of rounds."""
    labels = [label for label, _ in rows(corpus_dir)]
    kinds = Counter(label["expected"]["kind"] for label in labels)
    assert set(kinds) == KINDS, f"kinds covered: {sorted(kinds)}"
    for kind, minimum in min_by_kind.items():
        assert kinds[kind] >= minimum, f"{kinds[kind]} {kind} articles, want >= {minimum}"
    singles = [label for label in labels if label["expected"]["kind"] not in {"campaign_report", "other"}]
    assert len(singles) >= min_single_items, f"{len(singles)} single news items, want >= {min_single_items}"
    assert any(label["expected"]["campaign"] for label in singles), "no single item inside a round"
    assert any(label["expected"]["campaign"] is None for label in singles), "no single item outside a round"
    assert {label["script"] for label in labels} == SCRIPTS
    assert {label["published"][:4] for label in labels} == {str(y) for y in range(2020, last_year + 1)}
    assert {label["channel"] for label in labels} == CHANNELS
    levels = {t["region_level"] for label in labels for t in label["expected"]["stage_totals"]}
    assert levels == {"province", "city", "county"}


def check_readme_lists_every_article(corpus_dir: Path) -> None:
    readme = (corpus_dir / "README.md").read_text(encoding="utf-8")
    assert "SAMPLE DATA" in readme
    missing = [slug for slug in slugs(corpus_dir) if slug not in readme]
    assert missing == [], f"articles not described in {corpus_dir.name}/README.md: {missing}"

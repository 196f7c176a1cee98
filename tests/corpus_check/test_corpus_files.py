"""Structural checks of the labelled sample-article corpus (``corpus/``).

These tests keep the ground truth honest: every article has a parseable label file with the agreed
shape, values come from the closed vocabularies in corpus/README.md, money is exact integer yuan,
ids are unique and follow the site's date order, and every labelled project name and capacity can
be found in the article text once the text is converted to simplified script.

The ``check_*`` helpers take the corpus directory, so that ``test_holdout_files.py`` applies the same
checks to the held-out set in ``corpus_holdout/``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import cn2an
import opencc
import pytest

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"

KINDS = {"campaign_report", "signing", "groundbreaking", "commissioning", "other"}
STAGES = {"signed", "started", "in_production"}
REGION_LEVELS = {"province", "city", "county"}
SCRIPTS = {"simplified", "traditional", "garbled"}
CHANNELS = {"linfen/shizheng", "linfen/qyxw", "shanxi", "linfen/kjww", "newstp", "2021/xmww"}
INDUSTRIES = {
    "新能源",
    "新材料",
    "装备制造",
    "现代物流",
    "大健康",
    "文旅康养",
    "节能环保",
    "现代农业/食品",
    "煤层气/能源",
    "数字经济",
    "化工",
    "基础设施",
}
HINTS = {"template": {"picture"}, "url_style": {"old"}, "encoding": {"gbk"}}
TOP_KEYS = {"published", "channel", "article_id", "script", "expected"}
EXPECTED_KEYS = {"is_announcement", "kind", "campaign", "stage_totals", "projects"}
TOTAL_KEYS = {"stage", "region", "region_level", "project_count", "investment_yuan"}
PROJECT_KEYS = {"stage", "zone", "county", "name", "capacity", "industry", "investment_yuan"}
# 项目/工程, optionally followed by a phase in half- or full-width brackets, e.g. 项目(二期).
PROJECT_NAME_END = re.compile(r"(项目|工程)([(（][^()（）]{1,6}[)）])?$")
# What the "garbled converter" appends after characters it did not know: 發(fā).
PINYIN_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
MIN_ARTICLES = 66
# Articles of corpus/, corpus_holdout/ and corpus_blind/ are dated 2020-2025; later sets pass their own.
LAST_YEAR = 2025


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def slugs(corpus_dir: Path = CORPUS_DIR) -> list[str]:
    return sorted(p.name.removesuffix(".txt") for p in corpus_dir.glob("*.txt"))


def load_label(slug: str, corpus_dir: Path = CORPUS_DIR) -> dict[str, Any]:
    path = corpus_dir / f"{slug}.expected.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:  # pragma: no cover - the assertion names the file
        pytest.fail(f"{path.name}: cannot read label file: {exc}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def plain_text(slug: str, script: str, corpus_dir: Path = CORPUS_DIR) -> str:
    """Article text as a simplified-script reader sees it (labels are simplified, half-width)."""
    text = (corpus_dir / f"{slug}.txt").read_text(encoding="utf-8")
    if script == "garbled":
        text = PINYIN_GLOSS.sub("", text)
    if script != "simplified":
        text = _to_simplified().convert(text)
    return unicodedata.normalize("NFKC", text)


def check_files_paired(corpus_dir: Path, min_articles: int) -> None:
    txt = {p.name.removesuffix(".txt") for p in corpus_dir.glob("*.txt")}
    labels = {p.name.removesuffix(".expected.json") for p in corpus_dir.glob("*.expected.json")}
    assert len(txt) >= min_articles, f"{corpus_dir.name} has {len(txt)} articles, want >= {min_articles}"
    assert txt - labels == set(), "articles without .expected.json"
    assert labels - txt == set(), ".expected.json without article"


def check_article_text_shape(slug: str, corpus_dir: Path = CORPUS_DIR, last_year: int = LAST_YEAR) -> None:
    assert re.fullmatch(r"20\d\d-\d\d-\d\d-[a-z0-9-]+", slug), f"{slug}: bad slug"
    assert 2020 <= int(slug[:4]) <= last_year, f"{slug}: year outside 2020-{last_year}"
    text = (corpus_dir / f"{slug}.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) >= 2, f"{slug}: needs a title line and at least one body paragraph"
    assert all(line.strip() for line in lines), f"{slug}: blank line (one paragraph per line)"
    assert len(lines[0]) <= 80, f"{slug}: first line is a title, not a paragraph"


def check_label_file(slug: str, corpus_dir: Path = CORPUS_DIR, last_year: int = LAST_YEAR) -> None:
    """Shape, vocabularies and internal consistency of one label file, and its names against the text."""
    label = load_label(slug, corpus_dir)
    assert set(label) - {"hints"} == TOP_KEYS, f"{slug}: top-level keys {sorted(label)}"
    published = date.fromisoformat(label["published"])
    assert slug.startswith(published.isoformat()), f"{slug}: slug date != published"
    assert date(2020, 1, 1) <= published <= date(last_year, 12, 31), (
        f"{slug}: published outside 2020-{last_year}"
    )
    assert label["channel"] in CHANNELS, f"{slug}: channel {label['channel']!r}"
    assert label["script"] in SCRIPTS, f"{slug}: script {label['script']!r}"
    assert re.fullmatch(r"\d{6,7}", label["article_id"]), f"{slug}: article_id {label['article_id']!r}"
    hints = label.get("hints", {})
    for key, value in hints.items():
        assert value in HINTS.get(key, set()), f"{slug}: hint {key}={value!r}"
    if len(label["article_id"]) == 6:
        assert hints.get("url_style") == "old", f"{slug}: 6-digit DedeCMS aid only with url_style old"
    if hints.get("template") == "picture":
        assert label["channel"] == "newstp", f"{slug}: picture template lives in newstp"
    if hints.get("encoding") == "gbk":
        (corpus_dir / f"{slug}.txt").read_text(encoding="utf-8").encode("gbk")  # raises if not GBK

    expected = label["expected"]
    # event_date: the day of a local event that states totals of its own (a round's is in campaign)
    assert EXPECTED_KEYS <= set(expected) <= EXPECTED_KEYS | {"event_date"}, (
        f"{slug}: expected keys {sorted(expected)}"
    )
    if "event_date" in expected:
        assert expected["campaign"] is None and expected["stage_totals"], (
            f"{slug}: event_date is for local events"
        )
        date.fromisoformat(expected["event_date"])
    kind = expected["kind"]
    assert kind in KINDS, f"{slug}: kind {kind!r}"
    assert expected["is_announcement"] is (kind != "other"), f"{slug}: is_announcement vs kind"
    if kind == "other":
        assert expected["campaign"] is None, f"{slug}: non-announcement with a campaign"
        assert expected["stage_totals"] == [] and expected["projects"] == [], f"{slug}: facts in 'other'"
    if kind == "campaign_report":
        assert expected["campaign"] is not None, f"{slug}: campaign report without campaign"
    # A local event (两个项目集中开工, 总投资…) states stage totals of its own, like a round report does.
    if kind in {"signing", "groundbreaking", "commissioning"}:
        assert expected["projects"], f"{slug}: single news item names no project"

    campaign = expected["campaign"]
    if campaign is not None:
        assert set(campaign) == {"year", "ordinal", "event_date"}, f"{slug}: campaign keys"
        assert _is_int(campaign["year"]) and 2020 <= campaign["year"] <= last_year, f"{slug}: campaign year"
        assert campaign["ordinal"] is None or campaign["ordinal"] in (1, 2, 3, 4), f"{slug}: ordinal"
        if campaign["event_date"] is not None:
            event = date.fromisoformat(campaign["event_date"])
            assert event.year == campaign["year"], f"{slug}: event date not in campaign year"
            assert published - timedelta(days=40) <= event <= published, f"{slug}: event date vs published"

    seen_totals = set()
    for total in expected["stage_totals"]:
        assert set(total) == TOTAL_KEYS, f"{slug}: stage total keys {sorted(total)}"
        assert total["stage"] in STAGES, f"{slug}: stage {total['stage']!r}"
        assert total["region_level"] in REGION_LEVELS, f"{slug}: region_level {total['region_level']!r}"
        count, money = total["project_count"], total["investment_yuan"]
        assert count is None or (_is_int(count) and count > 0), f"{slug}: project_count {count!r}"
        assert money is None or (_is_int(money) and money > 0), f"{slug}: investment_yuan {money!r}"
        assert count is not None or money is not None, f"{slug}: stage total states nothing"
        key = (total["region"], total["stage"])
        assert key not in seen_totals, f"{slug}: duplicate stage total {key}"
        seen_totals.add(key)

    plain = plain_text(slug, label["script"], corpus_dir)
    for project in expected["projects"]:
        assert set(project) == PROJECT_KEYS, f"{slug}: project keys {sorted(project)}"
        name = project["name"]
        assert project["stage"] in STAGES, f"{slug}: stage {project['stage']!r}"
        assert PROJECT_NAME_END.search(name), f"{slug}: project name {name!r} does not end in 项目/工程"
        assert name in plain, f"{slug}: project name {name!r} not in the text"
        if project["zone"] is not None:
            assert project["zone"] not in name, f"{slug}: zone prefix left in {name!r}"
        assert project["capacity"] is None or project["capacity"] in plain, f"{slug}: capacity not in text"
        assert project["industry"] is None or project["industry"] in INDUSTRIES, f"{slug}: industry"
        money = project["investment_yuan"]
        assert money is None or (_is_int(money) and money > 0), f"{slug}: investment_yuan {money!r}"


def check_article_ids(rows: list[tuple[dict[str, Any], str]]) -> None:
    """Ids of the given (label, slug) rows are unique and follow the site's date order."""
    ids = [label["article_id"] for label, _ in rows]
    assert len(ids) == len(set(ids)), "duplicate article ids"
    dated = sorted(
        (date.fromisoformat(label["published"]), int(label["article_id"]), slug)
        for label, slug in rows
        if len(label["article_id"]) == 7
    )
    # Articles published on nearby days may interleave; beyond a few days the site's ids only grow.
    for day_a, id_a, slug_a in dated:
        for day_b, id_b, slug_b in dated:
            if day_b - day_a > timedelta(days=3):
                assert id_a < id_b, f"id order: {slug_a} ({id_a}) is older than {slug_b} ({id_b})"


def check_rounds_agree(rows: list[tuple[dict[str, Any], str]]) -> None:
    """City, county and picture reports of one round must not contradict each other."""
    date_by_round: dict[tuple[int, int], str] = {}
    year_by_date: dict[str, int] = {}
    for label, slug in rows:
        campaign = label["expected"]["campaign"]
        if campaign is None or campaign["event_date"] is None:
            continue
        event, year = campaign["event_date"], campaign["year"]
        assert year_by_date.setdefault(event, year) == year, f"{slug}: year differs for the {event} round"
        if campaign["ordinal"] is not None:
            key = (year, campaign["ordinal"])
            assert date_by_round.setdefault(key, event) == event, f"{slug}: round {key} has two dates"


def test_corpus_is_large_and_every_file_is_paired() -> None:
    check_files_paired(CORPUS_DIR, MIN_ARTICLES)


@pytest.mark.parametrize("slug", slugs())
def test_article_text_shape(slug: str) -> None:
    check_article_text_shape(slug)


@pytest.mark.parametrize("slug", slugs())
def test_label_file(slug: str) -> None:
    check_label_file(slug)


def test_article_ids_unique_and_in_date_order() -> None:
    check_article_ids([(load_label(slug), slug) for slug in slugs()])


def test_corpus_covers_every_variant() -> None:
    labels = [load_label(slug) for slug in slugs()]
    kinds = {label["expected"]["kind"] for label in labels}
    scripts = {label["script"] for label in labels}
    years = {label["published"][:4] for label in labels}
    hints = {(k, v) for label in labels for k, v in label.get("hints", {}).items()}
    assert kinds == KINDS
    assert scripts == SCRIPTS
    assert years == {str(y) for y in range(2020, 2026)}
    assert hints == {(k, v) for k, values in HINTS.items() for v in values}
    channels = {label["channel"] for label in labels}
    assert {"linfen/shizheng", "linfen/qyxw", "shanxi", "linfen/kjww", "newstp"} <= channels


def test_articles_on_one_round_agree() -> None:
    check_rounds_agree([(load_label(slug), slug) for slug in slugs()])


_CHINESE_DIGITS = "零一二两三四五六七八九十百"


def count_is_written(count: int, text: str) -> bool:
    """A count is written in Arabic digits (after NFKC) or in Chinese numerals (二十一个, 两个)."""
    if re.search(rf"(?<![\d.]){count}(个|项)", text):
        return True
    spellings = {cn2an.an2cn(count)} | ({"两"} if count == 2 else set())
    return any(re.search(rf"(?<![{_CHINESE_DIGITS}]){word}(个|项)", text) for word in spellings)

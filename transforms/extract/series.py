"""Figures given *respectively*: several stages or regions, then their counts and amounts in order.

    签约、开工、投产项目分别为23个、17个、11个,总投资分别为86.42亿元、47.9亿元、21.06亿元
    签约项目19个、开工项目16个、投产项目14个,总投资分别约为78.6亿元、52.3亿元和31.2亿元
    大同市签约、开工项目总投资分别为88.6亿元和41.2亿元
    长治市、运城市和临汾市签约项目分别为31个、28个、19个,签约额分别为210.5亿元、166亿元、98.2亿元

These are read before the ordinary left-to-right scan, and the text they cover is blanked so the
scan does not read the same figures again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from transforms.extract.lexicon import Lexicon
from transforms.gazetteer import Gazetteer, Region
from transforms.numbers import CN_NUMERAL_CHARS, find_money, parse_count
from transforms.records import Stage

_JOIN = "[、和及与]"
_AMOUNT = rf"[\d.{CN_NUMERAL_CHARS}]+?(?:亿元|万元|亿|万)"
_AMOUNTS = rf"{_AMOUNT}(?:{_JOIN}{_AMOUNT})+"
_NUMBERS = rf"\d+(?:\.\d+)?(?:个|项)?(?:{_JOIN}\d+(?:\.\d+)?(?:个|项)?)+"
_COUNTS = rf"[\d{CN_NUMERAL_CHARS}]+(?:个|项)?(?:{_JOIN}[\d{CN_NUMERAL_CHARS}]+(?:个|项)?)+"
_MONEY_RESPECTIVELY = r"(?:总投资|投资|签约额|金额|总额)(?:额)?分别(?:约)?(?:为|是|达)?"
# Templates: {stage} and {region} are the lexicon's and the gazetteer's alternations.
_STAGES_THEN_COUNTS = (
    rf"(?P<cues>(?:{{stage}})(?:{_JOIN}(?:{{stage}}))+)[^,;。]{{{{0,12}}}}?分别(?:约)?(?:为|是|有|达)?(?P<counts>{_NUMBERS})"
    rf"(?:[^;。]{{{{0,8}}}}?{_MONEY_RESPECTIVELY}(?P<amounts>{_AMOUNTS}))?"
)
_PAIRS_THEN_AMOUNTS = (
    rf"(?P<cues>(?:{{stage}})(?:的)?项目(?:共)?\d+(?:个|项)(?:{_JOIN}(?:{{stage}})(?:的)?项目(?:共)?\d+(?:个|项))+)"
    rf"[^;。]{{{{0,8}}}}?{_MONEY_RESPECTIVELY}(?P<amounts>{_AMOUNTS})"
)
_STAGES_THEN_AMOUNTS = (
    rf"(?P<cues>(?:{{stage}})(?:{_JOIN}(?:{{stage}}))+)[^,;。]{{{{0,6}}}}?"
    rf"(?:{_MONEY_RESPECTIVELY}|分别投资(?:约)?)(?P<amounts>{_AMOUNTS})"
)
_REGIONS_THEN_COUNTS = (
    rf"(?P<regions>(?:{{region}})(?:{_JOIN}(?:{{region}}))+)(?P<cue>{{stage}})(?:的)?项目(?:数)?分别(?:为|是|有|达)?"
    rf"(?P<counts>{_COUNTS})(?:[^;。]{{{{0,8}}}}?{_MONEY_RESPECTIVELY}(?P<amounts>{_AMOUNTS}))?"
)


@dataclass(frozen=True)
class SeriesFigure:
    stage: Stage
    count: int | None
    money: int | None
    region: Region | None  # named for this figure alone (A市、B市分别…), else None
    at: int  # where the series starts in the sentence


@cache
def _patterns(stage: str, region: str) -> tuple[tuple[re.Pattern[str], str | None], ...]:
    """(pattern, the group holding the counts: None when only amounts are given)."""

    def build(template: str) -> re.Pattern[str]:
        return re.compile(template.format(stage=stage, region=region))

    return (
        (build(_STAGES_THEN_COUNTS), "counts"),
        (build(_PAIRS_THEN_AMOUNTS), "cues"),
        (build(_STAGES_THEN_AMOUNTS), None),
    )


@cache
def _regions_pattern(stage: str, region: str) -> re.Pattern[str]:
    return re.compile(_REGIONS_THEN_COUNTS.format(stage=stage, region=region))


def read_series(sentence: str, lex: Lexicon, gaz: Gazetteer) -> tuple[list[SeriesFigure], str]:
    """Every series in the sentence, and the sentence with them blanked."""
    stage, region = lex.patterns["stages"].pattern, gaz.region_re.pattern
    figures: list[SeriesFigure] = []
    m = _regions_pattern(stage, region).search(sentence)
    if m is not None and not lex.has("distractors", sentence[max(0, m.start() - 4) : m.end()]):
        found = _by_region(m, lex, gaz)
        if found:
            figures += found
            sentence = _blanked(sentence, m)
    for pattern, counts_in in _patterns(stage, region):
        while (m := pattern.search(sentence)) is not None:
            found = _by_stage(m, counts_in, lex)
            if not found:
                break
            figures += found
            sentence = _blanked(sentence, m)
    return figures, sentence


def _by_stage(m: re.Match[str], counts_in: str | None, lex: Lexicon) -> list[SeriesFigure]:
    stages = [lex.stage_of[c.group(0)] for c in lex.patterns["stages"].finditer(m.group("cues"))]
    numbers = re.findall(r"\d+(?:\.\d+)?", m.group(counts_in)) if counts_in else []
    counts: list[int | None] = [parse_count(n) for n in numbers] if counts_in else [None] * len(stages)
    amounts = _amounts(m.group("amounts"))
    if len(stages) != len(counts) or (amounts and len(amounts) != len(stages)):
        return []
    return [
        SeriesFigure(stage, count, amounts[i] if amounts else None, None, m.start())
        for i, (stage, count) in enumerate(zip(stages, counts, strict=True))
    ]


def _by_region(m: re.Match[str], lex: Lexicon, gaz: Gazetteer) -> list[SeriesFigure]:
    regions = [gaz.region_by_alias[r.group(0)] for r in gaz.region_re.finditer(m.group("regions"))]
    counts = [parse_count(n) for n in re.findall(rf"\d+|[{CN_NUMERAL_CHARS}]+", m.group("counts"))]
    amounts = _amounts(m.group("amounts"))
    if len(counts) != len(regions) or (amounts and len(amounts) != len(regions)):
        return []
    stage = lex.stage_of[m.group("cue")]
    return [
        SeriesFigure(stage, count, amounts[i] if amounts else None, region, m.start())
        for i, (region, count) in enumerate(zip(regions, counts, strict=True))
    ]


def _amounts(written: str | None) -> list[int]:
    return [x.yuan for x in find_money("、".join(re.split(_JOIN, written or "")))]


def _blanked(sentence: str, m: re.Match[str]) -> str:
    return sentence[: m.start()] + "□" * (m.end() - m.start()) + sentence[m.end() :]

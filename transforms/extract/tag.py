"""Tag one sentence: the spans the slot filler reads, in text order.

A span is a stage cue, a project count, an amount of investment, a list closer (等N个项目), a
distractor or subset cue, a clause boundary, or a place (region or development zone). Everything
here is a lookup in the lexicon or the gazetteer; nothing decides what a figure means.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from transforms.extract.lexicon import Lexicon
from transforms.gazetteer import Gazetteer, Region
from transforms.numbers import CN_NUMERAL_CHARS, find_money, parse_count
from transforms.records import Stage

SpanKind = Literal["stage", "count", "money", "closer", "distractor", "subset", "boundary", "series", "place"]

# a numeral starts with a digit (点, 百, 万 alone are not numbers)
_NUM = rf"(?:\d+|[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾][{CN_NUMERAL_CHARS}]*)"
# 项目33个 / 项目共33个 / “签约一批”项目33个 / 项目数达到12项
_COUNT_AFTER_RE = re.compile(
    rf"项目[”\"]?(?:数量?|总数)?(?:共计|合计|总计|共|计)?(?:有|达到|达|为)?(?P<n>{_NUM})(?:余|多)?(?:个|项)(?![个月])"
)
# 33个项目 / 18个重点项目 / 两个项目 / 15项重大项目 / 十项重点工程 / 五大重点项目
_COUNT_BEFORE_RE = re.compile(
    rf"(?<![第等])(?P<n>{_NUM})(?:余|多)?(?:个(?!一批)|项(?!目)|大(?=[^,;:。]{{0,4}}?(?:项目|工程)))(?!个)[^,;:。、!?\d]{{0,6}}?(?:项目|工程)"
)
# 签约233个、开工225个: a bare count right after a stage cue
_COUNT_BARE_RE = re.compile(rf"(?P<n>{_NUM})(?:余|多)?(?:个|项(?!目))(?=[,;:、。)]|$)")
# 等14个项目 / 等15个重点项目: closes a list; counts the listed names, not a stage
# 45.6亿元、15个——这是我市开工一批的投资额和项目数: figures first, their meaning after the dash
FIGURES_FIRST_RE = re.compile(
    rf"^(?:[^,。]{{0,20}}?讯(?:\([^()]*\))?)?(?P<figures>[\d.{CN_NUMERAL_CHARS}亿万元个项目、,\s]+)——这(?:就)?是"
)
_CLOSER_RE = re.compile(rf"等(?:(?P<n>{_NUM})(?:余|多)?(?:个|项)[^,;:。、]{{0,6}}?)?项目")
_BOUNDARY_RE = re.compile(r"[,;:]")
# X电站是山西省首批…的项目,总投资88亿元,于2024年12月开工 / X项目是…的重要项目,也是…“一市两园”项目:
# a sentence defining one project reports no event (no stage total, no mention of this event)
# (the subject is a name: 集中开工的项目分别是:… is a list's header)
DEFINES_A_PROJECT_RE = re.compile(
    r"^(?:(?![\d一二三四五六七八九十]+(?:个|项|批)|这些|上述)[^,。:]){2,40}?"
    r"(?:项目|工程|电站|电厂|煤矿|产业园|园区|基地)(?<!的项目)(?<!的工程)"
    r"(?:也|还)?(?:是|系)[^,。]{0,40}(?:项目|工程)(?:之一)?[,。]"
)
_MONEY_SUBSET_AFTER_RE = re.compile(r"^(?:及|或)?(?:以上|以下|之间|至|到|-|左右的项目)")
_ITEM_BRACKET_BEFORE_RE = re.compile(r"(?:项目|工程)\([^()]*$")
# A name's own money: …X项目(,)投资/总投资 right before the amount, where the word before 项目 is part
# of a name, not a stage or a count (签约项目总投资 / 3个项目总投资 are totals).
_NOT_BEFORE_A_NAME_END = (
    "签约",
    "开工",
    "投产",
    "复工",
    "合同",
    "一批",
    "一批”",
    "个",
    "项",
    "批",
    "的",
    "类",
    "新建",
    "续建",
    "重点",
    "重大",
)
_OF_A_NAME_RE = re.compile(
    "".join(f"(?<!{re.escape(w)})" for w in _NOT_BEFORE_A_NAME_END)
    + r"(?<=[\u4e00-\u9fffA-Za-z0-9)”])(?:项目|工程)(?:\([^()]{1,6}\))?,?(?:计划)?总?投资(?:额)?(?:约|达|为|近|超)?$"
)


# 的 + a name ending 项目/工程, with no count, list or generic head in it (的9个项目 / 的重点项目 are not)
_NAME_AFTER_RE = re.compile(
    r"的(?![^,;:。]{0,40}?(?:\d|[一二两三四五六七八九十百]+(?:个|项|批)|、|等|这些|各类))"
    r"(?!(?:重点|重大|产业|新建|续建|签约|开工|投产|各)?(?:项目|工程))[^,;:。]{4,40}?(?:项目|工程|产业园|电站|基地)"
)


def _of_a_name(text: str, at: int) -> bool:
    """Is the money right after one named project (not a count's 190个转型项目总投资, not a list's)?"""
    window = text[max(0, at - 40) : at]
    m = _OF_A_NAME_RE.search(window)
    if m is None or _ends_a_list(text, at):
        return False
    return (
        re.search(r"(?:\d+|[一二两三四五六七八九十百]+)(?:个|项)[^,;。]{0,6}$", window[: m.start()]) is None
    )


def _ends_a_list(text: str, at: int) -> bool:
    """…包括X项目、Y项目、Z项目,计划总投资26.4亿元: the money after a list of names is the list's."""
    clauses = _BOUNDARY_RE.split(text[:at])
    named = clauses[-2] if len(clauses) > 1 and len(clauses[-1]) <= 10 else clauses[-1]
    return "、" in named or "等" in named


_ATTRIBUTIVE_RE = re.compile(r"^的[^,;:。]{0,4}?" + _NUM)
_OWN_COUNTY_RE = re.compile(r"我县|全县|本县|该县|我区|全区|该区")
# A place followed by one of these is an office, a person's title or a publisher, not a subject.
_NOT_A_SUBJECT_AFTER_RE = re.compile(
    r"^(?:委|长|政府|人民政府|人大|政协|日报|晚报|新闻|电视|广播|融媒|籍|人|方面)"
)


@dataclass(frozen=True)
class Span:
    kind: SpanKind
    start: int
    end: int
    stage: Stage | None = None
    value: int | None = None  # a count, or yuan; for a distractor 1 when it governs its sentence
    region: Region | None = None  # a place: the region it names (None for a development zone)
    zone: str | None = None  # a place that is a development zone: its name
    zone_county: str | None = None  # … and its county (None for a zone over several counties)
    own_county: bool = False  # 我县/全县/该县: the county the article is about
    trailing: bool = False  # a count written after 项目 (签约项目12个): it belongs to the cue before it


def tag_sentence(text: str, lex: Lexicon, gaz: Gazetteer) -> list[Span]:
    spans = [
        *_figures_first(text),
        *_stages(text, lex),
        *_outside_figures(text, [*_counts(text, lex), *_money(text, lex)]),
        *_cues(text, lex, "distractors", "distractor"),
        *_cues(text, lex, "subsets", "subset"),
        *(Span("boundary", m.start(), m.end()) for m in _BOUNDARY_RE.finditer(text)),
        *(Span("series", m.start(), m.end()) for m in re.finditer("、", text)),
        *places(text, lex, gaz),
    ]
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def _outside_figures(text: str, spans: list[Span]) -> list[Span]:
    m = FIGURES_FIRST_RE.match(text)
    return spans if m is None else [s for s in spans if s.start >= m.end()]


def _figures_first(text: str) -> list[Span]:
    m = FIGURES_FIRST_RE.match(text)
    if m is None:
        return []
    figures = m.group("figures")
    out = [Span("money", x.start, x.end, value=x.yuan) for x in find_money(figures.replace("亿元", "亿元,"))]
    for c in re.finditer(rf"(?P<n>{_NUM})(?:个|项)", figures):
        if not any(s.start <= c.start() < s.end for s in out):
            out.append(Span("count", c.start(), c.end(), value=parse_count(c.group("n")), trailing=True))
    return out


def _stages(text: str, lex: Lexicon) -> list[Span]:
    blocked = [(m.start(), m.end()) for m in lex.patterns["stage_blockers"].finditer(text)]
    out = []
    for m in lex.patterns["stages"].finditer(text):
        if any(a <= m.start() < b for a, b in blocked):
            continue
        out.append(Span("stage", m.start(), m.end(), stage=lex.stage_of[m.group(0)]))
    return out


def _counts(text: str, lex: Lexicon) -> list[Span]:
    # 等18个项目 counts the listed names; it is a stage's count only when money follows it (weak)
    closers = [
        Span("closer", m.start(), m.end(), value=parse_count(m.group("n")) if m.group("n") else None)
        for m in _CLOSER_RE.finditer(text)
    ]
    taken = [(c.start, c.end) for c in closers]
    out: list[Span] = list(closers)
    stage_ends = {m.end() for m in lex.patterns["stages"].finditer(text)}
    candidates = [(m, True) for m in _COUNT_AFTER_RE.finditer(text)]
    candidates += [(m, False) for m in _COUNT_BEFORE_RE.finditer(text)]
    candidates += [
        (m, True) for m in _COUNT_BARE_RE.finditer(text) if _after_stage(text, m.start(), stage_ends)
    ]
    for m, trailing in sorted(candidates, key=lambda c: c[0].start("n")):
        n = parse_count(m.group("n"))
        at = m.start("n")
        if n is None or any(a <= at < b for a, b in taken):
            continue
        if re.match(r"(?:个|项)?(?:以上|以下|左右)", text[m.end("n") : m.end("n") + 4]):
            continue  # 新签约项目40个以上: a threshold, not a count
        taken.append((m.start("n"), m.end()))
        out.append(Span("count", m.start("n"), m.end(), value=n, trailing=trailing))
    return out


_STAGE_TO_COUNT_RE = re.compile(r"(?:[”\"]?一批[”\"]?)?(?:了|的)?(?:项目)?(?:共计|共|有|达)?")


def _after_stage(text: str, at: int, stage_ends: set[int]) -> bool:
    """签约233个 / 开工了12个 / 投产项目8个: a bare count a stage cue introduces."""
    return any(0 <= at - end <= 8 and _STAGE_TO_COUNT_RE.fullmatch(text[end:at]) for end in stage_ends)


def _money(text: str, lex: Lexicon) -> list[Span]:
    out = []
    for money in find_money(text):
        clause_start = max((m.end() for m in _BOUNDARY_RE.finditer(text, 0, money.start)), default=0)
        before = text[max(clause_start, money.start - 10) : money.start]
        after = text[money.end : money.end + 12]
        if _MONEY_SUBSET_AFTER_RE.match(after):
            continue
        if _ITEM_BRACKET_BEFORE_RE.search(text[max(0, money.start - 14) : money.start]):
            continue  # X项目(投资6.8亿元): one project's money, never a stage's
        if "分别" in text[clause_start : money.start]:
            continue  # X项目和Y项目,总投资分别为…: the items' money (stage series are read before)
        if _of_a_name(text, money.start):
            continue  # 签约年产50万套线束项目,投资8000万元: the named project's money, not a stage's
        if _NAME_AFTER_RE.match(text, money.end):
            continue  # 总投资80亿元的X风电基地建设项目开工: one named project's money
        if lex.has("money_blockers", before):
            continue
        if not (lex.has("investment_cues", before) or _ATTRIBUTIVE_RE.match(after)):
            continue
        out.append(Span("money", money.start, money.end, value=money.yuan))
    return out


def _cues(text: str, lex: Lexicon, section: str, kind: SpanKind) -> list[Span]:
    # 计划总投资 / 拟投资 is the planned investment of this event's projects, a fact, not a plan.
    masked = (
        re.sub(r"(?:计划|拟)(?=总?投资)", lambda m: "□" * len(m.group(0)), text)
        if section == "distractors"
        else text
    )
    out = []
    for m in lex.patterns[section].finditer(masked):
        governing = lex.sentence_distractors.match(masked, m.start()) if kind == "distractor" else None
        governs = governing is not None and governing.end() == m.end()
        out.append(Span(kind, m.start(), m.end(), value=int(governs)))
    return out


def names_the_round(span: Span, text: str) -> bool:
    """全省开发区…“三个一批”活动: the province naming the round, not whose figures follow."""
    return (
        span.region is not None
        and span.region.level == "province"
        and re.match(r"^[^,;。]{0,16}?(?:三个一批|开发区)", text[span.end :]) is not None
    )


def _placed_before(text: str, at: int, zone_starts: list[int], last_region: int) -> bool:
    """Is a place already named in the clause before ``at`` (我市在太原…)?"""
    clause_start = max(text.rfind(mark, 0, at) for mark in ",;:") + 1
    zone = bisect_right(zone_starts, at - 1) - 1
    return last_region >= clause_start or (zone >= 0 and zone_starts[zone] >= clause_start)


def places(text: str, lex: Lexicon, gaz: Gazetteer) -> list[Span]:
    """Regions and development zones named as possible subjects (not venues, offices or partners).

    Linear in the text: zone positions are searched by bisection, not scanned per region."""
    out: list[Span] = []
    zones = [(m.start(), m.end()) for m in gaz.zone_prefix_re.finditer(text)]
    zone_starts = [start for start, _ in zones]
    for (start, end), m in zip(zones, gaz.zone_prefix_re.finditer(text), strict=True):
        if text[max(0, start - 2) : start] in ("设在", "设于"):
            continue  # 分会场设在X开发区: the venue, not whose figures these are
        zone = gaz.zone_by_alias[m.group(0)]
        out.append(Span("place", start, end, zone=zone.name, zone_county=zone.county))
    last_region = -1
    for m in gaz.region_re.finditer(text):
        inside = bisect_right(zone_starts, m.start()) - 1
        if inside >= 0 and zones[inside][1] > m.start():
            continue  # part of a zone's name
        after = text[m.end() : m.end() + 12]
        if _NOT_A_SUBJECT_AFTER_RE.match(after) or lex.patterns["venues"].match(after):
            continue
        before = text[max(0, m.start() - 1) : m.start()]
        if before in ("在", "赴", "到") and _placed_before(text, m.start(), zone_starts, last_region):
            continue  # 我市在太原…论坛期间签约: where it happened, not whose figures these are
        # 与全省同步 / 与太原主会场同步举行: the body this one acts together with, not the subject
        if before in ("与", "和", "同") and ("同步" in after or "主会场" in after):
            continue
        out.append(Span("place", m.start(), m.end(), region=gaz.region_by_alias[m.group(0)]))
        last_region = m.start()
    out += [Span("place", m.start(), m.end(), own_county=True) for m in _OWN_COUNTY_RE.finditer(text)]
    return sorted(out, key=lambda s: s.start)

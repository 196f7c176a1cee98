"""Named projects: the list grammar (``items``) over every sentence, read in the article's context.

Walking the sentences in order, the context carries what earlier sentences said about the next
ones: a paragraph's opening stage (从签约情况看,…), a list header's stage (签约的4个项目分别是:) for
the numbered lines below it, the zone all listed projects are in (均落户X开发区, also said after the
list: 以上项目均位于…), the zone 该区 refers to, and the names of the previous sentence (whose money a
following 两个项目总投资分别为… or 项目总投资… gives). Sentences that look back (去年, 截至, 累计…) name
no projects of this event. A project named twice is one mention, completed by the later one; a
headline's or a later short form of a name (洪洞超级电容器项目) is the full name's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from transforms.extract.items import (
    MARKER_RE,
    NAME_END_RE,
    TABLE_HEADER_RE,
    TABLE_ROW_RE,
    Item,
    items_of,
    respective_money,
    table_row,
)
from transforms.extract.lexicon import Lexicon
from transforms.extract.money import money_of_the_last_list, money_of_the_last_one, single_project_money
from transforms.extract.names import (
    ZONE_REFERENCE_RE,
    capacity,
    county_placed_after,
    is_name,
    live_cues,
    shaped_zone,
    stage_for,
    zone_and_name,
    zone_before,
    zone_placed_after,
)
from transforms.gazetteer import Gazetteer, ZoneMatch
from transforms.industry import classify_industry
from transforms.records import ProjectMention, Stage
from transforms.text import Sentence

_LOOKING_BACK_RE = re.compile(
    r"去年|上年|年来|以来|截至|截止|累计|历次|此前|曾经|下一步|将于|计划(?!总?投资)|力争|谋划|拟|储备(?!站|库|基地|中心)"
)


@dataclass
class _Context:
    """What the sentences before say about the projects of the next one."""

    event_stage: Stage | None  # the article's event (集中开工 → started)
    subject_county: str | None
    paragraph: int = -2
    paragraph_stage: Stage | None = None  # 从签约情况看,… / 开工项目方面,…: the paragraph's opening stage
    header_stage: Stage | None = None  # 签约的4个项目分别是: carried to the numbered lines below it
    table_unit: str | None = None  # 序号 项目名称 所在开发区 总投资(亿元): the money unit of the rows below
    default_zone: ZoneMatch | None = None  # 8个项目均落户X开发区: the zone of every zoneless item after it
    last_zone: ZoneMatch | None = None  # the last zone named: what 该区 / 园区内 refer to
    heading_zone: ZoneMatch | None = None  # a line that is only a zone's name heads the lines below it
    previous_looked_back: bool = False  # the previous sentence looks back (其中,… continues it)
    previous_stage: Stage | None = None  # the first stage the previous sentence names (其中,… refers back)
    found: dict[tuple[Stage, str], ProjectMention] = field(default_factory=dict)  # one per stage and name
    unplaced: list[tuple[Stage, str]] = field(default_factory=list)  # zoneless since the last zone statement
    last_listed: list[tuple[Stage, str]] = field(default_factory=list)  # the previous sentence's mentions
    current_stage: Stage | None = None


def find_projects(
    sentences: list[Sentence],
    event_stage: Stage | None,
    subject_county: str | None,
    lex: Lexicon,
    gaz: Gazetteer,
) -> list[ProjectMention]:
    context = _Context(event_stage, subject_county)
    for sentence in sentences:
        _advance(context, sentence, lex, gaz)
        row = table_row(sentence.text, context.table_unit, gaz) if context.table_unit else None
        items = [row] if row else respective_money(items_of(sentence.text, lex), sentence.text)
        zones = list(gaz.zone_prefix_re.finditer(sentence.text))
        listed = (
            []
            if _looks_back(sentence.text, items, context)
            else _mentions(sentence, items, context, lex, gaz)
        )
        for mention in listed:
            _record(context, mention)
        _place_the_unplaced(sentence.text, context, gaz)
        if not listed:
            money_of_the_last_list(context.found, context.last_listed, sentence.text)
            money_of_the_last_one(context.found, context.last_listed, sentence.text)
        context.last_listed = [(m.stage, m.name) for m in listed]
        context.last_zone = gaz.match_zone_prefix(zones[-1].group(0)) if zones else context.last_zone
    mentions = _headline_abbreviations_dropped(list(context.found.values()))
    mentions = _in_the_only_zone(mentions, sentences, subject_county, gaz)
    return single_project_money(_zones_carried(mentions), sentences)


def _in_the_only_zone(
    mentions: list[ProjectMention], sentences: list[Sentence], county: str | None, gaz: Gazetteer
) -> list[ProjectMention]:
    """A county's article that names one development zone and no other: its zoneless projects are there
    (我县在吉县现代农业产业示范区共签约项目2个。…其中,X项目…)."""
    if county is None:
        return mentions
    zones = {gaz.zone_by_alias[m.group(0)] for s in sentences for m in gaz.zone_prefix_re.finditer(s.text)}
    if len(zones) != 1:
        return mentions
    (zone,) = zones
    if zone.county != county:
        return mentions
    return [_placed(m, zone.name, True, zone.county) if m.zone is None else m for m in mentions]


def _looks_back(text: str, items: list[Item], context: _Context) -> bool:
    """A look-back word governs the names after it (去年,…实施了X项目), not before (X项目是去年开工的);
    其中,… continues a sentence that looked back."""
    governed = text[: items[0].start] if items else text
    looks_back = bool(_LOOKING_BACK_RE.search(governed)) or (
        context.previous_looked_back and text.startswith("其中")
    )
    context.previous_looked_back = looks_back
    return looks_back


def _place_the_unplaced(text: str, context: _Context, gaz: Gazetteer) -> None:
    """以上项目均位于X开发区: the zone of the zoneless items just listed."""
    back = _BACK_ZONE_RE.search(text)
    if back is None:
        return
    after = text[back.end() :]
    zone = gaz.match_zone_prefix(after) or shaped_zone(after, gaz)
    if zone is not None:
        for key in context.unplaced:
            context.found[key] = _placed(context.found[key], zone.name, zone.zone is not None, zone.county)
    context.unplaced = []


def _mentions(
    sentence: Sentence, items: list[Item], context: _Context, lex: Lexicon, gaz: Gazetteer
) -> list[ProjectMention]:
    names = [(item.start, item.end) for item in items]
    listed: list[ProjectMention] = []
    subject_end: int | None = None  # where the first name ends
    for item in items:
        mention = _mention(item, sentence.text, names, context, lex, gaz)
        if mention is None:
            continue
        between = sentence.text[subject_end : item.start] if subject_end is not None else ""
        if ";" in between:
            subject_end = None  # …是县级重点工程;Y项目一期已建成投产: a new subject
        elif subject_end is not None and _COPULA_RE.search(between):
            continue  # X项目位于…,是…的大型项目,也是…“一市两园”项目: what it is described as names no project
        subject_end = item.end if subject_end is None else subject_end
        if sentence.paragraph < 0:
            mention = replace(mention, headline=True)
        lead_zone = zone_before(item, sentence.text, names, gaz) if mention.zone is None else None
        if lead_zone is not None:
            mention = _placed(mention, lead_zone.name, lead_zone.zone is not None, lead_zone.county)
        if mention.zone is None and listed and listed[-1].zone is not None:
            # 临汾开发区X项目、Y项目: a zone written once heads the items that follow it
            mention = _placed(mention, listed[-1].zone, listed[-1].zone_known, listed[-1].county)
        listed.append(mention)
    return listed


# X项目是… / 系… / 作为… / 被列为…: what follows describes the project named before it
_COPULA_RE = re.compile(r"(?:^|,)(?:也|还|又|均|都|已|被)?(?:是|系|作为|属于|列为|成为)")


def _record(context: _Context, mention: ProjectMention) -> None:
    key = (mention.stage, mention.name)
    have = context.found.get(key)
    if have is not None:
        context.found[key] = _completed(have, mention)
        return
    context.found[key] = mention
    if mention.zone is None:
        context.unplaced.append(key)


def _headline_abbreviations_dropped(mentions: list[ProjectMention]) -> list[ProjectMention]:
    """Short forms of a name go, and what they add (money, zone) completes the full name: a headline's
    (洪洞超级电容器项目 for the body's 年产1.5亿枚纽扣式超级电容器项目: same stage, the same ending of 5+
    characters), a later mention's (铝合金模板项目 for 年产20万吨铝合金模板项目) and an abbreviation
    (重塑科技X基地项目 for 上海重塑能源科技有限公司X基地项目: its characters in order, the same ending)."""
    body = [m for m in mentions if not m.headline]

    def full_form(m: ProjectMention) -> ProjectMention | None:
        for b in body:
            if b.stage != m.stage or b.name == m.name:
                continue
            if (
                (m.headline and _common_suffix(b.name, m.name) >= 5)
                or (len(m.name) >= 5 and b.name.endswith(m.name))
                or (not m.headline and _abbreviates(m.name, b.name))
            ):
                return b
        return None

    kept = {id(m): m for m in mentions}
    for m in mentions:
        full = full_form(m)
        if full is not None:
            del kept[id(m)]
            kept[id(full)] = _completed(kept.get(id(full), full), m)
    return [kept[id(m)] for m in mentions if id(m) in kept]


def _abbreviates(short: str, full: str) -> bool:
    """重塑科技大同北方总部基地项目 abbreviates 上海重塑能源科技有限公司大同北方总部基地项目."""
    tail = _common_suffix(short, full)
    # 晋中国省道… vs 晋中境内国省道…: two wordings, not a short form
    if tail < 6 or len(full) - len(short) < 4:
        return False
    rest = iter(full[: len(full) - tail])
    return all(char in rest for char in short[: len(short) - tail])


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


_HEADER_END_RE = re.compile(r"(?:分别为|分别是|包括|如下|有)?:$|一览$|清单$|如下$")


# 以上项目均位于X开发区 / 两个项目都将建在X开发区 / 该项目位于X开发区: where the items just named are
_BACK_ZONE_RE = re.compile(
    r"(?:(?:以上|上述|这些|[两三四五六七八九十\d]+个)[^,。;]{0,8}?项目(?:均|都|全部)(?:将)?|(?:^|,)该项目)"
    r"(?:落户|位于|在|落地|布局在|落户在|建在)"
)
_ALL_IN_ZONE_RE = re.compile(r"(?:均|都|全部|全都)(?:落户|位于|在|落地|布局在|落户在)")


def _advance(context: _Context, sentence: Sentence, lex: Lexicon, gaz: Gazetteer) -> None:
    text = sentence.text
    live = live_cues(text, [], lex)
    context.previous_stage = context.current_stage
    context.current_stage = lex.stage_of[live[0].group(0)] if live else None
    if sentence.paragraph != context.paragraph:
        _new_paragraph(context, sentence.paragraph, text, live, lex, gaz)
    header = TABLE_HEADER_RE.search(text)
    if header:
        context.table_unit = header.group("unit") or "亿元"
        return
    if context.table_unit and not TABLE_ROW_RE.match(text):
        context.table_unit = None
    if _HEADER_END_RE.search(text):
        stages = {lex.stage_of[m.group(0)] for m in live}
        context.header_stage = stages.pop() if len(stages) == 1 else None
    placed = _ALL_IN_ZONE_RE.search(text)
    if placed:
        after = text[placed.end() :]
        zone = gaz.match_zone_prefix(after) or shaped_zone(after, gaz)
        context.default_zone = zone or context.default_zone


def _new_paragraph(
    context: _Context, paragraph: int, text: str, live: list[re.Match[str]], lex: Lexicon, gaz: Gazetteer
) -> None:
    context.paragraph = paragraph
    stages = {lex.stage_of[m.group(0)] for m in live}
    context.paragraph_stage = stages.pop() if len(stages) == 1 else None
    in_table = context.table_unit is not None and TABLE_ROW_RE.match(text) is not None
    if not MARKER_RE.match(text) and not in_table and not TABLE_HEADER_RE.search(text):
        context.header_stage = None
    elif context.header_stage is None:
        context.header_stage = context.previous_stage  # 签约项目均落户X开发区。\n■甲项目…
    heading = gaz.match_zone_prefix(text) or shaped_zone(text, gaz)
    if heading is not None and heading.written == text:
        context.heading_zone = heading  # 临汾经济开发区\n签约:A项目、B项目\n开工:C项目
    elif not NAME_END_RE.search(text):
        context.heading_zone = None


def _zones_carried(mentions: list[ProjectMention]) -> list[ProjectMention]:
    """A project named again without its zone (出席了X项目开工奠基仪式) keeps the zone it was named with."""
    placed = {m.name: m for m in mentions if m.zone is not None}
    out = []
    for m in mentions:
        known = placed.get(m.name)
        if m.zone is None and known is not None:
            m = replace(m, zone=known.zone, zone_known=known.zone_known, county=known.county)
        out.append(m)
    return out


def _completed(have: ProjectMention, again: ProjectMention) -> ProjectMention:
    """A project named again may say what its first mention did not: its zone, its money."""
    if have.zone is None and again.zone is not None:
        have = _placed(have, again.zone, again.zone_known, again.county)
    if have.investment_yuan is None and again.investment_yuan is not None:
        have = replace(have, investment_yuan=again.investment_yuan)
    return have


def _placed(mention: ProjectMention, zone: str | None, known: bool, county: str | None) -> ProjectMention:
    return replace(mention, zone=zone, zone_known=known, county=county or mention.county)


_ZONE_WORKS_RE = re.compile(r"^(?:基础设施|配套设施|配套基础设施)(?:建设)?(?:项目|工程)$")


_PLACE_ONLY_RE = re.compile(r"(?:区域|地区)?(?:项目|工程)$")


def _mention(
    item: Item, sentence: str, names: list[tuple[int, int]], context: _Context, lex: Lexicon, gaz: Gazetteer
) -> ProjectMention | None:
    written = item.written.lstrip("的了在于")
    refers_to_zone = ZONE_REFERENCE_RE.match(written)
    if refers_to_zone:
        written = written[refers_to_zone.end() :]
    # 打基础利长远的X项目 / 位于阳曲县青龙镇的X工程: the name follows the last 的; a zone written
    # before it (落户洪洞经济技术开发区的X项目) is still the zone
    described, _, written = written.rpartition("的")
    zone, name = zone_and_name(written.lstrip("在于"), gaz)
    if name is None:
        return None
    if zone is None and described:
        known = gaz.zone_prefix_re.search(described)
        zone = gaz.match_zone_prefix(known.group(0)) if known else None
    if not is_name(name, lex) and not (zone is not None and _ZONE_WORKS_RE.match(name)):
        return None  # (a zone's own 基础设施项目 is one project: 襄垣县经济开发区基础设施项目)
    if _PLACE_ONLY_RE.sub("", name) in gaz.region_by_alias:
        return None  # 吕梁市项目 / 晋中区域项目: a place's projects, not one project
    if zone is None and refers_to_zone:
        zone = zone_before(item, sentence, names, gaz) or context.last_zone
    if zone is None:
        zone = zone_placed_after(item, sentence, gaz) or context.heading_zone or context.default_zone
    stage = stage_for(item, sentence, names, lex) or context.header_stage or context.paragraph_stage
    stage = stage or (context.previous_stage if sentence.startswith("其中") else None)
    stage = stage or context.event_stage
    if stage is None:
        return None
    county = (
        (zone.county if zone else None) or gaz.county_in(name[:4]) or county_placed_after(item, sentence, gaz)
    )
    return ProjectMention(
        stage=stage,
        name=name,
        zone=zone.name if zone else None,
        zone_known=bool(zone and zone.zone),
        county=county or context.subject_county,
        capacity=capacity(name),
        industry=classify_industry(name),
        investment_yuan=item.money,
        sentence=sentence,
    )

"""Named projects: one list grammar over every sentence of an announcement.

A sentence is cut into clauses at ``, ; :``. In a clause, an *item* ends at 项目/工程 (with an
optional bracketed phase or amount) that is followed by a joiner (、 和 及 与 以及) and another item,
by a closer (等N个项目), or by the end of the clause or a verb tail (…进行了现场签约). A 、 or 及
inside one name (变压器、电感元器件项目; 新能源、氢能开发及乡村振兴项目) stays: a joiner splits only
where the part before it is a whole item. The first item of a clause sheds its lead (…分别为 /
包括 / 开工的), a leading amount (总投资5亿元的) becomes the item's money, a leading development zone
(gazetteer, or anything shaped like a zone name) becomes its zone. Generic heads (此次项目,
第一期项目) are not names. The stage is the nearest stage cue before the item in its sentence, else
the first after it, else the stage of the article's event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from transforms.extract.lexicon import Lexicon
from transforms.gazetteer import Gazetteer, ZoneMatch
from transforms.industry import classify_industry
from transforms.numbers import CN_NUMERAL_CHARS, find_money
from transforms.records import ProjectMention, Stage
from transforms.text import Sentence

_PHASE = rf"\((?:[{CN_NUMERAL_CHARS}\d]+期|[一二三四]阶段|续建|新建|扩建|改扩建)\)"
_MONEY_BRACKET = rf"\([^()]{{0,8}}?(?:投资|金额)?[^()]{{0,6}}?[\d{CN_NUMERAL_CHARS}][^()]{{0,10}}?[亿万]元?\)"
_NAME_END_RE = re.compile(rf"(?:项目|工程)(?:{_PHASE}|[一二三四五]期(?=[,;:。、]|$))?(?:{_MONEY_BRACKET})?")
_JOINER_RE = re.compile(r"^[”\"]?(?:、|以及|及|和|与|暨)")
_CLOSER_RE = re.compile(r"^等")
# What may follow a name that is the subject of its clause: the event's predicate.
_VERB_TAIL_RE = re.compile(
    r"^(?!开工率|投产率|签约率)(?:正式|顺利|成功|集中|现场|在|于|已|已经|进行|举行|开工|签约|签订|投产|培土|开建|动工|奠基|落户|落地|建成|竣工|与|由|日前|近日|今天|将|即将|是|系|同日|同时|同步|相继|先后|均|去年|今年|前年|目前|\d{1,2}月|"
    r"(?:计划)?总?投资|协议|合同|建设现场|开工现场|施工现场|现场|(?:[一二三]期)?(?:生产线|生产车间|车间)|点火|试产|试生产)"
)
_CLAUSE_RE = re.compile(r"[^,;:]+")
# 总投资5亿元的X项目 / 入驻Y开发区、总投资3.5亿元的X项目: the money of the name after it
# (总投资3亿元、年产值可达6000万元的X项目: other attributes may follow the money before 的)
_LEADING_MONEY_RE = re.compile(
    r"(?:计划)?(?:总)?投资(?:额)?(?:约|达|近|超)?[^的,、]{1,16}?[亿万]元?(?:、[^的,、]{1,16})?的"
)
_AFTER_DE_RE = re.compile(
    r"^.*?(?:签约|开工|投产|开复工|竣工|落户|启动|实施|建设|观摩|参观|\d+个|[一二两三四五六七八九十]个)的"
)
_CAPACITY_RE = re.compile(
    rf"(?:年产|年处理|年加工|年生产|年回收|日产|日处理|年产能|产能)?(?:\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)(?:万|亿|千|百)?"
    r"(?:万千瓦时|千瓦时|GWh|MWh|kWh|万千瓦|千瓦|兆瓦|MW|GW|kW|千伏安|吨|套|台|枚|件|辆|只|头|平方米|立方米|片|块|支|条|组|亩)"
)
_POWER_RATING_RE = re.compile(r"(?:千瓦|兆瓦|MW|GW|kW|千伏安)$")
_NAME_CORE_RE = re.compile(rf"(?:项目|工程)(?:{_PHASE}|[一二三四五]期)?$")
_LOOKING_BACK_RE = re.compile(
    r"去年|上年|年来|以来|截至|截止|累计|历次|此前|曾经|下一步|将于|计划(?!总?投资)|力争|谋划|拟|储备(?!站|库|基地|中心)"
)


@dataclass(frozen=True)
class _Item:
    written: str  # the item as written, lead shed
    start: int  # offset in the sentence
    end: int
    money: int | None
    led: bool = False  # starts the clause, or right after a lead (分别为, 签订, 就 …) or a joiner


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
    previous_looked_back: bool = False  # the previous sentence looks back (其中,… continues it)
    previous_stage: Stage | None = None  # the first stage the previous sentence names (其中,… refers back)
    current_stage: Stage | None = None


def find_projects(
    sentences: list[Sentence],
    event_stage: Stage | None,
    subject_county: str | None,
    lex: Lexicon,
    gaz: Gazetteer,
) -> list[ProjectMention]:
    found: dict[tuple[Stage, str], ProjectMention] = {}
    context = _Context(event_stage, subject_county)
    unplaced: list[tuple[Stage, str]] = []  # zoneless mentions since the last statement of a zone
    last_listed: list[tuple[Stage, str]] = []  # the mentions of the previous sentence
    for sentence in sentences:
        _advance(context, sentence, lex, gaz)
        row = _table_row(sentence.text, context.table_unit, gaz) if context.table_unit else None
        items = [row] if row else _respective_money(_items(sentence.text, lex), sentence.text)
        # a look-back word governs the names after it (去年,…实施了X项目), not before (X项目是去年开工的)
        governed = sentence.text[: items[0].start] if items else sentence.text
        looks_back = bool(_LOOKING_BACK_RE.search(governed)) or (
            context.previous_looked_back and sentence.text.startswith("其中")
        )
        context.previous_looked_back = looks_back
        zones = list(gaz.zone_prefix_re.finditer(sentence.text))
        if looks_back:
            context.last_zone = gaz.match_zone_prefix(zones[-1].group(0)) if zones else context.last_zone
            continue
        names = [(item.start, item.end) for item in items]
        listed: list[ProjectMention] = []
        back = _BACK_ZONE_RE.search(sentence.text)
        if back:  # 以上项目均位于X开发区: the zone of the zoneless items just listed
            zone = gaz.match_zone_prefix(sentence.text[back.end() :]) or _shaped_zone(
                sentence.text[back.end() :], gaz
            )
            if zone is not None:
                for key in unplaced:
                    found[key] = _placed(found[key], zone.name, zone.zone is not None, zone.county)
            unplaced = []
        for item in items:
            mention = _mention(item, sentence.text, names, context, lex, gaz)
            if mention is None:
                continue
            if sentence.paragraph < 0:
                mention = replace(mention, headline=True)
            if mention.zone is None:
                lead_zone = _zone_before(item, sentence.text, names, gaz)
                if lead_zone is not None:
                    mention = _placed(mention, lead_zone.name, lead_zone.zone is not None, lead_zone.county)
            if mention.zone is None and listed and listed[-1].zone is not None:
                # 临汾开发区X项目、Y项目: a zone written once heads the items that follow it
                mention = _placed(mention, listed[-1].zone, listed[-1].zone_known, listed[-1].county)
            listed.append(mention)
            key = (mention.stage, mention.name)
            have = found.get(key)
            if have is None:
                found[key] = mention
                if mention.zone is None:
                    unplaced.append(key)
            else:
                found[key] = _completed(have, mention)
        if not listed:
            _money_of_the_last_list(found, last_listed, sentence.text)
            _money_of_the_last_one(found, last_listed, sentence.text)
        last_listed = [(m.stage, m.name) for m in listed]
        context.last_zone = gaz.match_zone_prefix(zones[-1].group(0)) if zones else context.last_zone
    mentions = _headline_abbreviations_dropped(list(found.values()))
    return _single_project_money(_zones_carried(mentions), sentences)


def _headline_abbreviations_dropped(mentions: list[ProjectMention]) -> list[ProjectMention]:
    """Short forms of a name go: a headline's (洪洞超级电容器项目 for the body's 年产1.5亿枚纽扣式超级电容器
    项目: same stage, the same ending of 5+ characters) and a later mention's (铝合金模板项目 for 年产20万吨
    铝合金模板项目)."""
    body = [m for m in mentions if not m.headline]

    def shortened(m: ProjectMention) -> bool:
        for b in body:
            if b.stage != m.stage or b.name == m.name:
                continue
            if (m.headline and _common_suffix(b.name, m.name) >= 5) or (
                len(m.name) >= 5 and b.name.endswith(m.name)
            ):
                return True
        return False

    return [m for m in mentions if not shortened(m)]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


_HEADER_END_RE = re.compile(r"(?:分别为|分别是|包括|如下|有)?:$|一览$|清单$|如下$")
# a flattened table: 序号项目名称所在开发区总投资(亿元) then rows 1年产2万吨X项目临汾经济开发区12.5
_TABLE_HEADER_RE = re.compile(r"项目名称.*?(?:\((?P<unit>亿元|万元)\))?$")
_TABLE_ROW_RE = re.compile(
    r"^\d{1,3}[.、]?(?P<item>.+?(?:项目|工程)(?:\([^()]{1,6}\))?)(?P<zone>[^\d]*?)(?P<amount>\d+(?:\.\d+)?)?$"
)


def _table_row(text: str, unit: str | None, gaz: Gazetteer) -> _Item | None:
    """One row of a flattened table: the name, the zone written after it, the amount in the header's unit."""
    m = _TABLE_ROW_RE.match(text)
    if m is None or unit is None:
        return None
    zone = gaz.match_zone_prefix(m.group("zone")) if m.group("zone") else None
    written = (zone.written if zone else "") + m.group("item")
    money = find_money(m.group("amount") + unit) if m.group("amount") else []
    return _Item(written, m.start("item"), m.end("item"), money[0].yuan if money else None, led=True)


_BACK_ZONE_RE = re.compile(
    r"^(?:以上|上述|这些)[^,。;]{0,8}?项目(?:均|都|全部)(?:落户|位于|在|落地|布局在|落户在)"
)
_ALL_IN_ZONE_RE = re.compile(r"(?:均|都|全部|全都)(?:落户|位于|在|落地|布局在|落户在)")
_MARKER_RE = re.compile(
    r"^(?:\(?\d{1,2}[.、)]|\([\d一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,2}是|其[一二三四五]|——|—|-|·|•|◆|●|■|▲|★|☆|○|◇|□)"
)


def _advance(context: _Context, sentence: Sentence, lex: Lexicon, gaz: Gazetteer) -> None:
    text = sentence.text
    live = _live_cues(text, [], lex)
    context.previous_stage = context.current_stage
    context.current_stage = lex.stage_of[live[0].group(0)] if live else None
    if sentence.paragraph != context.paragraph:
        context.paragraph = sentence.paragraph
        stages = {lex.stage_of[m.group(0)] for m in live}
        context.paragraph_stage = stages.pop() if len(stages) == 1 else None
        in_table = context.table_unit is not None and _TABLE_ROW_RE.match(text) is not None
        if not _MARKER_RE.match(text) and not in_table and not _TABLE_HEADER_RE.search(text):
            context.header_stage = None
        elif context.header_stage is None:
            context.header_stage = context.previous_stage  # 签约项目均落户X开发区。\n■甲项目…
    header = _TABLE_HEADER_RE.search(text)
    if header:
        context.table_unit = header.group("unit") or "亿元"
        return
    if context.table_unit and not _TABLE_ROW_RE.match(text):
        context.table_unit = None
    if _HEADER_END_RE.search(text):
        stages = {lex.stage_of[m.group(0)] for m in live}
        context.header_stage = stages.pop() if len(stages) == 1 else None
    placed = _ALL_IN_ZONE_RE.search(text)
    if placed:
        after = text[placed.end() :]
        zone = gaz.match_zone_prefix(after) or _shaped_zone(after, gaz)
        context.default_zone = zone or context.default_zone


# 该项目总投资4.6亿元 / 该抽水蓄能电站项目初装机容量120万千瓦,总投资约为78亿元 / 项目一期总投资1.2亿元
_THE_PROJECT_MONEY_RE = re.compile(
    r"^(?:[^,。]{0,8},)?(?:(?:该|此|这个|这一)[^。]{0,30}?|项目(?:[一二三]期)?)(?:计划)?总投资(?:额)?(?:约为|约|达|为|近)?"
)


def _single_project_money(mentions: list[ProjectMention], sentences: list[Sentence]) -> list[ProjectMention]:
    """An article about one project: 该项目总投资4.6亿元 in a later sentence is that project's money."""
    if len({m.name for m in mentions}) != 1 or mentions[0].investment_yuan is not None:
        return mentions
    for sentence in sentences:
        m = _THE_PROJECT_MONEY_RE.match(sentence.text)
        if m is None:
            continue
        found = find_money(sentence.text[m.end() : m.end() + 16])
        if found and found[0].start == 0:
            return [replace(p, investment_yuan=found[0].yuan) for p in mentions]
    return mentions


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


_THESE_PROJECTS_RE = re.compile(rf"^(?:这|上述|以上)?(?:[\d{CN_NUMERAL_CHARS}]+个)?项目")


def _money_of_the_last_list(
    found: dict[tuple[Stage, str], ProjectMention], last: list[tuple[Stage, str]], sentence: str
) -> None:
    """X项目和Y项目同时开工。两个项目计划总投资分别为5.2亿元和1.9亿元: the amounts of the names before."""
    head = _THESE_PROJECTS_RE.match(sentence)
    if head is None or len(last) < 2:
        return
    items = [_Item(name, 0, head.end(), None) for _stage, name in last]
    with_money = _respective_money(items, sentence[: head.end()] + sentence[head.end() :])
    for key, item in zip(last, with_money, strict=True):
        if item.money is not None and key in found and found[key].investment_yuan is None:
            found[key] = replace(found[key], investment_yuan=item.money)


def _money_of_the_last_one(
    found: dict[tuple[Stage, str], ProjectMention], last: list[tuple[Stage, str]], sentence: str
) -> None:
    """…就X项目签订协议。项目总投资13亿元: the money of the one name the sentence before gave."""
    head = _THE_PROJECT_MONEY_RE.match(sentence)
    if head is None or len(last) != 1 or last[0] not in found or found[last[0]].investment_yuan is not None:
        return
    money = find_money(sentence[head.end() : head.end() + 16])
    if money and money[0].start == 0:
        found[last[0]] = replace(found[last[0]], investment_yuan=money[0].yuan)


_RESPECTIVE_MONEY_RE = re.compile(
    r"^[^。;]{0,16}?(?:(?:计划)?总?投资(?:额)?分别(?:约)?(?:为|达到|达|是)?|分别(?:投资|总投资)(?:约)?)"
)


def _respective_money(items: list[_Item], sentence: str) -> list[_Item]:
    """X项目和Y项目,计划总投资分别为6.4亿元、3.9亿元: the amounts go to the items in order."""
    if len(items) < 2:
        return items
    m = _RESPECTIVE_MONEY_RE.match(sentence[items[-1].end :])
    if m is None:
        return items
    rest = sentence[items[-1].end + m.end() :]
    amounts = []
    for money in find_money(rest):
        between = rest[amounts[-1][1] if amounts else 0 : money.start]
        if amounts and not re.fullmatch(r"[、和及与,]?", between):
            break
        amounts.append((money.yuan, money.end))
    if len(amounts) != len(items):
        return items
    return [replace(item, money=amount) for item, (amount, _) in zip(items, amounts, strict=True)]


def _items(sentence: str, lex: Lexicon) -> list[_Item]:
    out: list[_Item] = []
    for clause in _CLAUSE_RE.finditer(sentence):
        items = _clause_items(clause.group(0), clause.start(), lex)
        if len(items) == 1 and items[0].money is None:
            items = [_with_money_after(items[0], sentence)]
        out += items
    return out


def _clause_items(clause: str, offset: int, lex: Lexicon) -> list[_Item]:
    # …、基础设施建设等传统项目: a name after 等 sums up a list of things, it is not one
    ends = [m for m in _NAME_END_RE.finditer(clause) if "等" not in clause[max(0, m.start() - 6) : m.start()]]
    items: list[_Item] = []
    start = 0
    for i, end in enumerate(ends):
        rest = clause[end.end() :]
        later = ends[i + 1 :]
        joiner = _JOINER_RE.match(rest)
        if joiner and later and not lex.has("stages", clause[end.end() : later[0].start()]):
            items.append(_item(clause, start, end.end(), offset, lex, first=not items))
            start = end.end() + joiner.end()
        elif not rest.strip('”" 。!?') or _CLOSER_RE.match(rest) or rest.startswith(("外", "是", "系")):
            items.append(_item(clause, start, end.end(), offset, lex, first=not items))
            break
        elif not later and _VERB_TAIL_RE.match(rest.lstrip('”" ')):
            # X项目正式投产 / X项目与Y签约: only a name that is the clause's subject
            item = _item(clause, start, end.end(), offset, lex, first=not items)
            if item.led:
                items.append(item)
            break
    return [item for item in items if item.written]


def _item(clause: str, start: int, end: int, offset: int, lex: Lexicon, *, first: bool) -> _Item:
    marker = _MARKER_RE.match(clause[start:end])
    if marker:
        start += marker.end()
    written = clause[start:end]
    led = start == 0 or marker is not None or clause[:start].endswith(("、", "和", "及", "与"))
    if first:
        leads = [
            m
            for m in lex.patterns["list_leads"].finditer(written)
            if not written[m.end() :].startswith(("限", "主"))
        ]
        cues = [m for m in lex.patterns["stages"].finditer(written) if m.end() <= len(written) - 5]
        cut = max([m.end() for m in leads + cues], default=0)
        if cut:
            start, written, led = start + cut, written[cut:], True
        after_de = _AFTER_DE_RE.match(written)
        if after_de:
            start, written, led = start + after_de.end(), written[after_de.end() :], True
    money = None
    lead_money = _LEADING_MONEY_RE.search(written)
    if lead_money:
        found = find_money(lead_money.group(0))
        money = found[0].yuan if found else None
        start, written, led = start + lead_money.end(), written[lead_money.end() :], True
    bracket = re.search(rf"{_MONEY_BRACKET}$", written)
    if bracket:
        found = find_money(bracket.group(0))
        money = money or (found[0].yuan if found else None)
        written = written[: bracket.start()]
    return _Item(written.strip('“”" '), offset + start, offset + start + len(written), money, led)


def _with_money_after(item: _Item, sentence: str) -> _Item:
    """X项目,总投资5亿元 / X项目(一期)计划总投资…: the amount in the clause right after a lone item."""
    m = re.match(
        r"^(?:[^,;:。]{0,3}[,:]?(?:项目|该项目)?|[是系涉占由][^,;:。]{0,20}[,:]?(?:项目|该项目)?|[^,;:。]{0,20}[,:](?:该项目|项目))"
        r"(?:计划)?总?投资(?:额)?(?:约|达|为|近)?",
        sentence[item.end :],
    )
    if m is None:
        return item
    found = find_money(sentence[item.end : item.end + m.end() + 16])
    clause_after = re.match(r"[^,;。]*", sentence[item.end + m.end() :])
    if not found or (clause_after and _NAME_END_RE.search(clause_after.group(0))):
        return item  # ,总投资2亿元的Y项目: the money of the next name
    return _Item(item.written, item.start, item.end, found[0].yuan, item.led)


def _zone_before(
    item: _Item, sentence: str, names: list[tuple[int, int]], gaz: Gazetteer
) -> ZoneMatch | None:
    """落户侯马经济开发区的2个开工项目分别为X项目和Y项目 / 观摩团来到X开发区,观摩了Y项目: the last zone
    named before the item outside any other name is where the item is."""
    found = None
    for m in gaz.zone_prefix_re.finditer(sentence, 0, item.start):
        if not any(a <= m.start() < b for a, b in names):
            found = m
    return gaz.match_zone_prefix(found.group(0)) if found else None


def _completed(have: ProjectMention, again: ProjectMention) -> ProjectMention:
    """A project named again may say what its first mention did not: its zone, its money."""
    if have.zone is None and again.zone is not None:
        have = _placed(have, again.zone, again.zone_known, again.county)
    if have.investment_yuan is None and again.investment_yuan is not None:
        have = replace(have, investment_yuan=again.investment_yuan)
    return have


def _placed(mention: ProjectMention, zone: str | None, known: bool, county: str | None) -> ProjectMention:
    return replace(mention, zone=zone, zone_known=known, county=county or mention.county)


def _mention(
    item: _Item, sentence: str, names: list[tuple[int, int]], context: _Context, lex: Lexicon, gaz: Gazetteer
) -> ProjectMention | None:
    written = item.written.lstrip("的了在于")
    refers_to_zone = _ZONE_REFERENCE_RE.match(written)
    if refers_to_zone:
        written = written[refers_to_zone.end() :]
    zone, name = _zone_and_name(written, gaz)
    if name is None:
        return None
    name = name.rsplit("的", 1)[-1].lstrip("在于")  # 打基础利长远的X项目: the name follows the last 的
    if not _is_name(name, lex):
        return None
    if zone is None and refers_to_zone:
        zone = _zone_before(item, sentence, names, gaz) or context.last_zone
    if zone is None:
        zone = _zone_placed_after(item, sentence, gaz) or context.default_zone
    stage = _stage_for(item, sentence, names, lex) or context.header_stage or context.paragraph_stage
    stage = stage or (context.previous_stage if sentence.startswith("其中") else None)
    stage = stage or context.event_stage
    if stage is None:
        return None
    county = (
        (zone.county if zone else None)
        or gaz.county_in(name[:4])
        or _county_placed_after(item, sentence, gaz)
    )
    return ProjectMention(
        stage=stage,
        name=name,
        zone=zone.name if zone else None,
        zone_known=bool(zone and zone.zone),
        county=county or context.subject_county,
        capacity=_capacity(name),
        industry=classify_industry(name),
        investment_yuan=item.money,
        sentence=sentence,
    )


def _zone_and_name(written: str, gaz: Gazetteer) -> tuple[ZoneMatch | None, str | None]:
    """The development zone an item names and the name after it. A known zone may follow a lead the
    list grammar kept (体量最大的当属侯马经济开发区X项目); a zone-shaped word only counts at the start.
    A zone with nothing after it is no project (临汾市开发区项目), unless a phase makes the place word
    the name (物流园区(二期)工程)."""
    known = gaz.zone_prefix_re.search(written)
    if known is not None and len(_core(written[known.end() :])) >= 2:
        return gaz.match_zone_prefix(known.group(0)), written[known.end() :]
    zone = gaz.match_zone_prefix(written)
    if zone is None:
        return None, written
    if len(_core(written[len(zone.written) :])) >= 2:
        return zone, written[len(zone.written) :]
    return (None, written) if re.search(_PHASE, written) else (None, None)


def _core(name: str) -> str:
    """A name without its ending and phase: what says which project it is."""
    return re.sub(_PHASE, "", _NAME_CORE_RE.sub("", name))


def _county_placed_after(item: _Item, sentence: str, gaz: Gazetteer) -> str | None:
    """X项目在襄汾县开工奠基 / X项目于洪洞开工建设: a zoneless project's county, said right after it."""
    placed = _PLACED_IN_RE.match(sentence[item.end :])
    if placed is None:
        return None
    county = gaz.county_re.match(sentence, item.end + placed.end())
    return gaz.county_by_alias[county.group(0)] if county else None


# 该区X项目 / 园区内X工程: a reference to the zone named before, not part of the name
_ZONE_REFERENCE_RE = re.compile(r"^(?:该区|该园区|园区内|区内|开发区内)")
_PLACED_IN_RE = re.compile(
    r"^[”\"]?(?:日前|近日|当天|今天)?(?:即将|正式|已)?(?:落户|落地|位于|入驻|与|在|于)"
)
_ZONE_WORDS_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}?(?:开发区|经开区|高新区|集聚区|示范区|示范园|产业园|工业园|园区)"
)


def _zone_placed_after(item: _Item, sentence: str, gaz: Gazetteer) -> ZoneMatch | None:
    """X项目即将落户汾西产业集聚区 / X项目与隰县现代农业产业示范园签约: the zone right after the name."""
    placed = _PLACED_IN_RE.match(sentence[item.end :])
    if placed is None:
        return None
    after = sentence[item.end + placed.end() :]
    known = gaz.match_zone_prefix(after)
    if known is not None:
        return known
    return _shaped_zone(after, gaz)


def _shaped_zone(text: str, gaz: Gazetteer) -> ZoneMatch | None:
    """A zone the gazetteer does not know, by the shape of its name (…开发区, …产业园)."""
    shaped = _ZONE_WORDS_RE.match(text)
    if shaped is None:
        return None
    return ZoneMatch(written=shaped.group(0), zone=None, county=gaz.county_in(shaped.group(0)))


_FUNCTION_CHARS_RE = re.compile(r"[为是的了在和及与]")


def _is_name(name: str, lex: Lexicon) -> bool:
    core = _NAME_CORE_RE.sub("", name)
    if len(core) < 2 or len(name) > 60:
        return False
    if lex.has("name_blockers", name):
        return False
    if (
        lex.has("generic_heads", core)
        and len(_FUNCTION_CHARS_RE.sub("", lex.patterns["generic_heads"].sub("", core.replace("项目", ""))))
        < 3
    ):
        return False  # 大项目好项目 / 全部为产业项目: nothing but generic words
    head = lex.find("generic_heads", core)
    if head is not None and head.start() == 0:
        # a generic head followed by a real name (重点项目X) is still generic; 大宁煤层气 is a name
        rest = core[head.end() :]
        if len(rest) < 3 or lex.has("generic_heads", rest[:2]):
            return False
    return not re.fullmatch(rf"[\d{CN_NUMERAL_CHARS}个项年月日第期批类大小重点新建续建产业工业]+", core)


# X项目生产线 / X项目和Y项目生产车间 / X项目二期生产线: a line that runs
_PRODUCING_RE = re.compile(
    r"(?:[、和及与][^,;:。]{2,40}?(?:项目|工程))*(?:[一二三]期)?(?:生产线|生产车间|车间)"
)
_EARLIER_RE = re.compile(
    r"(?:前年|去年|上年|此前|曾|20\d\d年|今年(?=\d))(?:[一二三四]季度|\d{1,2}月(?:\d{1,2}日)?|底|初)?(?=[^,;:。]{0,2}(?:签约|开工|投产))"
)
# ,该项目已于近日投产: the next clause speaks of the item
_ABOUT_IT_RE = re.compile(r"(?:该|此)项目[^,;:。]*")


def _live_cues(sentence: str, names: list[tuple[int, int]], lex: Lexicon) -> list[re.Match[str]]:
    """The stage cues that report this event: not inside a name (…研发生产项目), not blocked (投产后),
    not in a clause that dates what follows (签约仪式结束后,…), not dated earlier (2022年签约的)."""
    skip = names + [m.span() for m in lex.patterns["stage_blockers"].finditer(sentence)]
    skip += [m.span() for m in re.finditer(r"[^,;:。]*后(?=,)", sentence)]
    skip += [(m.end(), m.end() + 4) for m in _EARLIER_RE.finditer(sentence)]
    return [
        m for m in lex.patterns["stages"].finditer(sentence) if not any(a <= m.start() < b for a, b in skip)
    ]


def _stage_for(item: _Item, sentence: str, names: list[tuple[int, int]], lex: Lexicon) -> Stage | None:
    """The stage cue of the item's own clause (before it, then after it), else the nearest before it in
    the sentence, else the first after it; cues inside names (…研发生产项目) and blocked cues (投产后)
    do not count."""
    cues = _live_cues(sentence, names, lex)
    clause_start = max((m.end() for m in re.finditer(r"[,;:]", sentence[: item.start])), default=0)
    clause_end = next(
        (item.end + m.start() for m in re.finditer(r"[,;:。]", sentence[item.end :])), len(sentence)
    )
    own = [m for m in cues if clause_start <= m.start() < clause_end]
    if own:
        return lex.stage_of[own[0].group(0)]
    about_it = _ABOUT_IT_RE.match(sentence, clause_end + 1)
    if about_it:
        cue = lex.find("stages", about_it.group(0))
        if cue is not None:
            return lex.stage_of[cue.group(0)]
    if _PRODUCING_RE.match(sentence, item.end):
        return "in_production"  # 观摩了X项目生产线: a line that runs
    before = [m for m in cues if m.end() <= item.start]
    if before:
        return lex.stage_of[before[-1].group(0)]
    after = [m for m in cues if m.start() >= item.end]
    return lex.stage_of[after[0].group(0)] if after else None


def _capacity(name: str) -> str | None:
    m = _CAPACITY_RE.search(name)
    if m is None:
        return None
    capacity = m.group(0)
    if _POWER_RATING_RE.search(capacity):
        # a power rating is a rating, not a yearly output: 年产250万千瓦 → 250万千瓦
        capacity = re.sub(r"^(?:年产能|年产|年生产|产能)", "", capacity)
    return capacity

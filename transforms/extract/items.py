"""The list grammar: the project names a sentence lists, as items with their own money.

A sentence is cut into clauses at ``, ; :``. In a clause, an *item* ends at 项目/工程 (with an
optional bracketed phase or amount) that is followed by a joiner (、 和 及 与 以及 暨) and another
item, by a closer (等N个项目), by the end of the clause, or by a verb tail when the name is the
clause's subject (X项目正式投产 / X项目与Y签约). A 、 or 及 inside one name (变压器、电感元器件项目;
新能源、氢能开发及乡村振兴项目) stays: a joiner splits only where the part before it is a whole
item. The first item of a clause sheds its lead (…分别为 / 包括 / 开工的 / list markers); a
leading or bracketed amount (总投资5亿元的X项目, X项目(投资6.8亿元)) and an amount right after a
lone name or in order after several (分别为…) are the items' own money. Flattened table rows
(1年产2万吨X项目临汾经济开发区12.5 under a 项目名称 header) are items too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from transforms.extract.lexicon import Lexicon
from transforms.gazetteer import Gazetteer
from transforms.numbers import CN_NUMERAL_CHARS, find_money

PHASE = rf"\((?:[{CN_NUMERAL_CHARS}\d]+期|[一二三四]阶段|续建|新建|扩建|改扩建)\)"


_MONEY_BRACKET = rf"\([^()]{{0,8}}?(?:投资|金额)?[^()]{{0,6}}?[\d{CN_NUMERAL_CHARS}][^()]{{0,10}}?[亿万]元?\)"


# a phase written after the name is part of it (X项目三期 / X项目一期并网投入试运行)
_PHASE_AFTER = (
    r"[一二三四五]期(?=[,;:。、]|$|(?:正式|顺利|成功|全面)?(?:开工|投产|签约|竣工|奠基|并网|建成|开建|动工))"
)
NAME_END_RE = re.compile(rf"(?:项目|工程)(?:{PHASE}|{_PHASE_AFTER})?(?:{_MONEY_BRACKET})?")


_JOINER_RE = re.compile(r"^[”\"]?(?:、|以及|及|和|与|暨)")


_CLOSER_RE = re.compile(r"^等")


# What may follow a name that is the subject of its clause: the event's predicate.
_TAIL_WORDS = (
    # manner and time: X项目正式投产 / 当天 / 去年…开工 / 1号焦炉点火
    "正式|顺利|成功|集中|率先|全面|现场|同日|同时|同步|相继|先后|均|日前|近日|今天|当天|当日|去年|今年|前年|目前|"
    r"\d{1,2}月|(?:\d+|[一二三四五六七八九十]+)号|"
    # the predicate itself: place, verbs of the stages, agreements, money, sites, lines
    "在|于|已|已经|将|即将|是|系|与|由|涉及|占地|位于|进行|举行|完成|作为|通过|开工|签约|签订|投产|培土|破土|开建|动工|奠基|落户|落地|建成|竣工|"
    "并网|首台|"
    "(?:计划)?总?投资|(?:合作|投资|框架)?协议|合同|建设现场|开工现场|施工现场|现场|(?:[一二三]期)?(?:生产线|生产车间|车间)|点火|试产|试生产"
)
# What may follow a name that is the subject of its clause (rates are no predicate: 项目开工率).
# (X项目的签约仪式: the event of the name before it)
_VERB_TAIL_RE = re.compile(
    rf"^(?!开工率|投产率|签约率)(?:[一二三四]期(?:工程)?)?(?:{_TAIL_WORDS}|的(?=签约|开工|奠基|投产|竣工))"
)
_CLAUSE_RE = re.compile(r"[^,;:]+")


# 总投资5亿元的X项目 / 入驻Y开发区、总投资3.5亿元的X项目: the money of the name after it
# (总投资3亿元、年产值可达6000万元的X项目: other attributes may follow the money before 的)
_LEADING_MONEY_RE = re.compile(
    r"(?:计划)?(?:总)?投资(?:额)?(?:约|达|近|超)?[^的,、]{1,16}?[亿万]元?(?:、[^的,、]{1,16})?的"
)


_AFTER_DE_RE = re.compile(
    r"^.*?(?:签约|开工|投产|开复工|竣工|落户|启动|实施|建设|观摩|参观|\d+个|[一二两三四五六七八九十]个)[^,的]{0,6}?的"
)


# X园区的标志性项目Y项目 / 全市的重点工程Y工程: what the name is called before the name itself
_APPOSITIVE_RE = re.compile(
    r"^[^,;:。]*?的(?:[\u4e00-\u9fff]{0,4})?(?:标志性|龙头|重点|核心|重大|骨干|引领性|示范)(?:项目|工程)"
    r"(?=[^,;:。]{4,}?(?:项目|工程))"
)


# (位于)X产业园的Y项目 / X镇的Y工程: where it is, then the name
_SITE_OF_RE = re.compile(
    r"^[^,;:。的]{2,30}?(?:产业园|园区|开发区|示范区|集聚区|工业园|镇|乡|村)的(?=[^的,;:。]{4,}(?:项目|工程))"
)


@dataclass(frozen=True)
class Item:
    written: str  # the item as written, lead shed
    start: int  # offset in the sentence
    end: int
    money: int | None
    led: bool = False  # starts the clause, or right after a lead (分别为, 签订, 就 …) or a joiner


# a flattened table: 序号项目名称所在开发区总投资(亿元) then rows 1年产2万吨X项目临汾经济开发区12.5
TABLE_HEADER_RE = re.compile(r"项目名称.*?(?:\((?P<unit>亿元|万元)\))?$")


TABLE_ROW_RE = re.compile(
    r"^\d{1,3}[.、]?(?P<item>.+?(?:项目|工程)(?:\([^()]{1,6}\))?)(?P<zone>[^\d]*?)(?P<amount>\d+(?:\.\d+)?)?$"
)


def table_row(text: str, unit: str | None, gaz: Gazetteer) -> Item | None:
    """One row of a flattened table: the name, the zone written after it, the amount in the header's unit."""
    m = TABLE_ROW_RE.match(text)
    if m is None or unit is None:
        return None
    zone = gaz.match_zone_prefix(m.group("zone")) if m.group("zone") else None
    written = (zone.written if zone else "") + m.group("item")
    money = find_money(m.group("amount") + unit) if m.group("amount") else []
    return Item(written, m.start("item"), m.end("item"), money[0].yuan if money else None, led=True)


MARKER_RE = re.compile(
    r"^(?:\(?\d{1,2}[.、)]|\([\d一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,2}是|其[一二三四五]|——|—|-|·|•|◆|●|■|▲|★|☆|○|◇|□)"
)


_RESPECTIVE_MONEY_RE = re.compile(
    r"^[^。;]{0,16}?(?:(?:计划)?总?投资(?:额)?分别(?:约)?(?:为|达到|达|是)?|分别(?:投资|总投资)(?:约)?)"
)


def respective_money(items: list[Item], sentence: str) -> list[Item]:
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


def items_of(sentence: str, lex: Lexicon) -> list[Item]:
    """The items a sentence lists, in order (a bare 项目 with nothing before it is no item)."""
    out: list[Item] = []
    for clause in _CLAUSE_RE.finditer(sentence):
        items = [i for i in _clause_items(clause.group(0), clause.start(), lex) if len(i.written) > 3]
        if len(items) == 1 and items[0].money is None:
            items = [_with_money_after(items[0], sentence)]
        out += items
    return out


# Works named without 项目/工程 (X抽水蓄能电站, X露天煤矿): a name only as the subject of a stage verb
WORKS_HEADS = (
    "电站",
    "电厂",
    "煤矿",
    "矿井",
    "水库",
    "产业集群",
    "产业园",
    "输气管道",
    "铁路",
    "专用线",
    "高速公路",
    "机场",
)
_WORKS_SUBJECT_RE = re.compile(
    rf"(?:{'|'.join(WORKS_HEADS)})"
    r"(?=的?(?:\d{1,2}日)?(?:即日起|正式|顺利|全面|成功|今天|当天|日前|近日)?(?:开工|动工|奠基|开建|投产|投运|并网|签约|落户))"
)


# X光伏电站、Y光伏电站、Z光伏电站等3个光伏发电项目: works named in a list its closer counts
_WORKS = r"(?:电站|电厂|煤矿|矿井)"
_WORKS_LIST_RE = re.compile(
    rf"(?:[^,;:。、]{{3,40}}?{_WORKS}、)+[^,;:。、]{{3,40}}?{_WORKS}(?=等[\d一二三四五六七八九十]+个)"
)


def _works_list(clause: str, listed: re.Match[str], offset: int, lex: Lexicon) -> list[Item]:
    items, start = [], listed.start()
    for name in listed.group(0).split("、"):
        items.append(_item(clause, start, start + len(name), offset, lex, first=not items))
        start += len(name) + 1
    return [item for item in items if item.written]


def _clause_items(clause: str, offset: int, lex: Lexicon) -> list[Item]:
    # …、基础设施建设等传统项目: a name after 等 sums up a list of things, it is not one
    ends = [m for m in NAME_END_RE.finditer(clause) if "等" not in clause[max(0, m.start() - 6) : m.start()]]
    listed_works = _WORKS_LIST_RE.search(clause)
    if listed_works is not None and (not ends or listed_works.end() <= ends[0].start()):
        return _works_list(clause, listed_works, offset, lex)
    works = _WORKS_SUBJECT_RE.search(clause)
    if works is not None and (not ends or works.start() > ends[-1].end()):
        # 省级重点工程项目X光伏电站并网投运: what it is called before the works' own name is no part of it
        start = ends[-1].end() if ends else 0
        item = _item(clause, start, works.end(), offset, lex, first=True)
        return [item] if item.written and (item.led or start) else []
    items: list[Item] = []
    start = 0
    for i, end in enumerate(ends):
        rest = clause[end.end() :]
        later = ends[i + 1 :]
        joiner = _JOINER_RE.match(rest)
        if joiner and later and not lex.has("stages", clause[end.end() : later[0].start()]):
            items.append(_item(clause, start, end.end(), offset, lex, first=not items))
            start = end.end() + joiner.end()
        elif (
            not rest.strip('”" 。!?')
            or _CLOSER_RE.match(rest)
            or _ends_at_copula(clause[start : end.end()], rest)
            or (joiner and not later)  # …B项目、襄汾经济技术开发区年产 (a list cut short)
        ):
            items.append(_item(clause, start, end.end(), offset, lex, first=not items))
            break
        elif not later and _VERB_TAIL_RE.match(rest.lstrip('”" ')):
            # X项目正式投产 / X项目与Y签约: only a name that is the clause's subject
            item = _item(clause, start, end.end(), offset, lex, first=not items)
            if item.led:
                items.append(item)
            break
    return [item for item in items if item.written]


def _ends_at_copula(candidate: str, rest: str) -> bool:
    """X项目是…的项目: the name ends before 是; not so for 开工的3个项目是A项目、B项目 (a count leads a list)."""
    if rest.startswith("外"):
        return True  # 除A项目、B项目外
    return rest.startswith(("是", "系")) and not re.search(r"[\d一二两三四五六七八九十]+个", candidate)


def _item(clause: str, start: int, end: int, offset: int, lex: Lexicon, *, first: bool) -> Item:
    marker = MARKER_RE.match(clause[start:end])
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
        after_de = _AFTER_DE_RE.match(written) or _APPOSITIVE_RE.match(written) or _SITE_OF_RE.match(written)
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
    return Item(written.strip('“”" '), offset + start, offset + start + len(written), money, led)


def _with_money_after(item: Item, sentence: str) -> Item:
    """X项目,总投资5亿元 / X项目(一期)计划总投资… / 签约“X项目”,拟投资4850万元: the amount in the clause
    right after a lone item."""
    m = re.match(
        r"^(?:[^,;:。]{0,3}[,:]?(?:项目|该项目)?|[是系涉占由][^,;:。]{0,20}[,:]?(?:项目|该项目)?|[^,;:。]{0,20}[,:](?:该项目|项目))"
        r"(?:计划|拟|预计)?总?投资(?:额)?(?:预计|约|达|为|近)?",
        sentence[item.end :],
    )
    if m is None:
        return item
    found = find_money(sentence[item.end : item.end + m.end() + 16])
    clause_after = re.match(r"[^,;。]*", sentence[item.end + m.end() :])
    if not found or (clause_after and NAME_END_RE.search(clause_after.group(0))):
        return item  # ,总投资2亿元的Y项目: the money of the next name
    return Item(item.written, item.start, item.end, found[0].yuan, item.led)

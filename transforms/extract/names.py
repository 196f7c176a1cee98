"""What one listed item is: its name, zone, county, capacity, and the stage it was listed under.

The zone is the development zone written before the name (a known one even after a kept lead; a
zone-shaped word only at the start), else one written right after it (落户X开发区), else a zone
the sentence named before the list. The stage is the cue of the item's own clause, else the next
clause that speaks of it (该项目已于近日投产), else the nearest cue before it in the sentence, else
the first after it; cues inside names, blocked cues (投产后) and dated ones (2022年签约的) do not
count.
"""

from __future__ import annotations

import re

from transforms.extract.items import PHASE, Item
from transforms.extract.lexicon import Lexicon
from transforms.gazetteer import Gazetteer, ZoneMatch
from transforms.numbers import CN_NUMERAL_CHARS
from transforms.records import Stage

_CAPACITY_RE = re.compile(
    rf"(?:年产|年处理|年加工|年生产|年回收|日产|日处理|年产能|产能)?(?:\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)(?:万|亿|千|百)?"
    r"(?:万千瓦时|千瓦时|GWh|MWh|kWh|万千瓦|千瓦|兆瓦|MW|GW|kW|千伏安|吨|套|台|枚|件|辆|只|头|平方米|立方米|片|块|支|条|组|亩)"
)


_POWER_RATING_RE = re.compile(r"(?:千瓦|兆瓦|MW|GW|kW|千伏安)$")


_NAME_CORE_RE = re.compile(rf"(?:项目|工程)(?:{PHASE}|[一二三四五]期)?$")


def zone_before(item: Item, sentence: str, names: list[tuple[int, int]], gaz: Gazetteer) -> ZoneMatch | None:
    """落户侯马经济开发区的2个开工项目分别为X项目和Y项目 / 观摩团来到X开发区,观摩了Y项目: the last zone
    named before the item outside any other name is where the item is."""
    found = None
    for m in gaz.zone_prefix_re.finditer(sentence, 0, item.start):
        if not any(a <= m.start() < b for a, b in names):
            found = m
    return gaz.match_zone_prefix(found.group(0)) if found else None


def zone_and_name(written: str, gaz: Gazetteer) -> tuple[ZoneMatch | None, str | None]:
    """The development zone an item names and the name after it. A known zone may follow a lead the
    list grammar kept (体量最大的当属侯马经济开发区X项目); a zone-shaped word only counts at the start.
    A zone with nothing after it is no project (临汾市开发区项目), unless a phase makes the place word
    the name (物流园区(二期)工程)."""
    known = gaz.zone_prefix_re.search(written)
    if known is not None and len(_core(written[known.end() :])) >= 2:
        return gaz.match_zone_prefix(known.group(0)), _after_zone(written[known.end() :])
    zone = gaz.match_zone_prefix(written)
    if zone is None:
        return None, written
    if len(_core(written[len(zone.written) :])) >= 2:
        return zone, _after_zone(written[len(zone.written) :])
    if re.search(PHASE, written) or _BUILDS_A_PARK_RE.search(zone.written):
        return None, written  # 物流园区(二期)工程 / 兴县氢能产业园区项目: building the park is the project
    return None, None


# An unknown park named for what it will hold (氢能产业园区, 新材料产业园): the project that builds it
_BUILDS_A_PARK_RE = re.compile(
    r"(?:能|材料|装备|食品|物流|数据|医药|光伏|电子|科技|智造)(?:产业)?(?:园区|产业园|园)$"
)


def _after_zone(name: str) -> str:
    """位于X产业园的Y项目: the name after the zone, without the 的 that joined them."""
    return name[1:] if name.startswith("的") and len(_core(name[1:])) >= 2 else name


def _core(name: str) -> str:
    """A name without its ending and phase: what says which project it is."""
    return re.sub(PHASE, "", _NAME_CORE_RE.sub("", name))


def county_placed_after(item: Item, sentence: str, gaz: Gazetteer) -> str | None:
    """X项目在襄汾县开工奠基 / X项目于洪洞开工建设: a zoneless project's county, said right after it."""
    placed = _PLACED_IN_RE.match(sentence[item.end :])
    if placed is None:
        return None
    county = gaz.county_re.match(sentence, item.end + placed.end())
    return gaz.county_by_alias[county.group(0)] if county else None


# 该区X项目 / 园区内X工程: a reference to the zone named before, not part of the name
ZONE_REFERENCE_RE = re.compile(r"^(?:该区|该园区|园区内|区内|开发区内)")


_PLACED_IN_RE = re.compile(
    r"^[”\"]?(?:日前|近日|当天|今天)?(?:即将|正式|已)?(?:落户|落地|位于|入驻|与|在|于)"
)


_ZONE_WORDS_RE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}?(?:开发区|经开区|高新区|集聚区|示范区|示范园|产业园|工业园|园区)"
)


def zone_placed_after(item: Item, sentence: str, gaz: Gazetteer) -> ZoneMatch | None:
    """X项目即将落户汾西产业集聚区 / X项目与隰县现代农业产业示范园签约: the zone right after the name."""
    placed = _PLACED_IN_RE.match(sentence[item.end :])
    if placed is None:
        return None
    after = sentence[item.end + placed.end() :]
    known = gaz.match_zone_prefix(after)
    if known is not None:
        return known
    return shaped_zone(after, gaz)


def shaped_zone(text: str, gaz: Gazetteer) -> ZoneMatch | None:
    """A zone the gazetteer does not know, by the shape of its name (…开发区, …产业园)."""
    shaped = _ZONE_WORDS_RE.match(text)
    if shaped is None:
        return None
    return ZoneMatch(written=shaped.group(0), zone=None, county=gaz.county_in(shaped.group(0)))


_FUNCTION_CHARS_RE = re.compile(r"[为是的了在和及与]")


def is_name(name: str, lex: Lexicon) -> bool:
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
    r"(?:前年|去年|上年|此前|曾|20\d\d年|今年(?=\d|[^,;:。]{0,2}(?:签约|开工)))(?:[一二三四]季度|\d{1,2}月(?:\d{1,2}日)?|底|初)?(?=[^,;:。]{0,2}(?:签约|开工|投产))"
)


# ,该项目已于近日投产: the next clause speaks of the item
_ABOUT_IT_RE = re.compile(r"(?:该|此)项目[^,;:。]*")


def live_cues(sentence: str, names: list[tuple[int, int]], lex: Lexicon) -> list[re.Match[str]]:
    """The stage cues that report this event: not inside a name (…研发生产项目), not blocked (投产后),
    not in a clause that dates what follows (签约仪式结束后,…), not dated earlier (2022年签约的)."""
    skip = names + [m.span() for m in lex.patterns["stage_blockers"].finditer(sentence)]
    skip += [m.span() for m in re.finditer(r"[^,;:。]*后(?=,)", sentence)]
    skip += [(m.end(), m.end() + 4) for m in _EARLIER_RE.finditer(sentence)]
    return [
        m for m in lex.patterns["stages"].finditer(sentence) if not any(a <= m.start() < b for a, b in skip)
    ]


def stage_for(item: Item, sentence: str, names: list[tuple[int, int]], lex: Lexicon) -> Stage | None:
    """The stage cue of the item's own clause (before it, then after it), else the nearest before it in
    the sentence, else the first after it; cues inside names (…研发生产项目) and blocked cues (投产后)
    do not count."""
    cues = live_cues(sentence, names, lex)
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


def capacity(name: str) -> str | None:
    m = _CAPACITY_RE.search(name)
    if m is None:
        return None
    capacity = m.group(0)
    if _POWER_RATING_RE.search(capacity):
        # a power rating is a rating, not a yearly output: 年产250万千瓦 → 250万千瓦
        capacity = re.sub(r"^(?:年产能|年产|年生产|产能)", "", capacity)
    return capacity

"""A project's own money stated outside its list item: in a later sentence about the one project of
an article (该项目…总投资4.6亿元), or in the sentence right after the names it belongs to
(两个项目总投资分别为5.2亿元和1.9亿元 / 项目总投资13亿元)."""

from __future__ import annotations

import re
from dataclasses import replace

from transforms.extract.items import Item, respective_money
from transforms.numbers import CN_NUMERAL_CHARS, find_money
from transforms.records import ProjectMention, Stage
from transforms.text import Sentence

# 该项目总投资4.6亿元 / 该抽水蓄能电站项目初装机容量120万千瓦,总投资约为78亿元 / 项目一期总投资1.2亿元
# 总投资 / 投资 (not 完成投资, 累计投资, 年度计划投资: what was spent or is planned this year)
_TOTAL_INVESTMENT = (
    r"(?<!完成|累计|年度|年内)(?:计划|预计|拟)?总?投资(?:额)?(?:预计|约为|约|高达|达到|达|为|近|共计|合计)?"
    r"(?=\d|[一二两三四五六七八九十])"  # the amount itself (企业投资建设,总投资50亿元: the second)
)
# not a part's money (其中… / 一期总投资…) nor a batch's (此次开工的190个项目总投资…)
_NOT_A_PART = r"(?!其中|[一二三]期(?:工程|项目)?(?:计划)?总?投资|[\d一二三四五六七八九十百]+个[^,;。]{0,12}项目(?:计划)?总?投资)"
# (该项目…,新建一座升压站,总投资4.079亿元 / 这项民生工程总投资 / 项目总投资预计5亿元; not a part's: 其中/一期)
_THE_PROJECT_MONEY_RE = re.compile(
    rf"^(?:[^,。]{{0,8}},)?(?:(?:该|此|这个|这一|这项|这座|项目|工程)(?:{_NOT_A_PART}[^。]){{0,100}}?|项目(?:[一二三]期)?)"
    rf"{_TOTAL_INVESTMENT}"
)


def single_project_money(mentions: list[ProjectMention], sentences: list[Sentence]) -> list[ProjectMention]:
    """An article about one project: 该项目总投资4.6亿元 in a later sentence is that project's money."""
    if len({m.name for m in mentions}) != 1 or mentions[0].investment_yuan is not None:
        return mentions
    # …兴建的X物流产业园区,总规划用地2000亩,总投资约36亿元: the name again, without its ending
    core = re.sub(r"(?:建设)?(?:项目|工程)$", "", mentions[0].name)[-8:]  # 诸龙山光伏电站 for 盂县诸龙山…
    named_again = re.compile(re.escape(core) + rf"(?:{_NOT_A_PART}[^。]){{0,100}}?{_TOTAL_INVESTMENT}")
    for sentence in sentences:
        m = _THE_PROJECT_MONEY_RE.match(sentence.text) or (
            named_again.search(sentence.text) if len(core) >= 4 else None
        )
        if m is None:
            continue
        found = find_money(sentence.text[m.end() : m.end() + 16])
        if found and found[0].start == 0:
            return [replace(p, investment_yuan=found[0].yuan) for p in mentions]
    return mentions


_THESE_PROJECTS_RE = re.compile(rf"^(?:这|上述|以上)?(?:[\d{CN_NUMERAL_CHARS}]+个)?项目")


def money_of_the_last_list(
    found: dict[tuple[Stage, str], ProjectMention], last: list[tuple[Stage, str]], sentence: str
) -> None:
    """X项目和Y项目同时开工。两个项目计划总投资分别为5.2亿元和1.9亿元: the amounts of the names before."""
    head = _THESE_PROJECTS_RE.match(sentence)
    if head is None or len(last) < 2:
        return
    items = [Item(name, 0, head.end(), None) for _stage, name in last]
    with_money = respective_money(items, sentence[: head.end()] + sentence[head.end() :])
    for key, item in zip(last, with_money, strict=True):
        if item.money is not None and key in found and found[key].investment_yuan is None:
            found[key] = replace(found[key], investment_yuan=item.money)


def money_of_the_last_one(
    found: dict[tuple[Stage, str], ProjectMention], last: list[tuple[Stage, str]], sentence: str
) -> None:
    """…就X项目签订协议。项目总投资13亿元: the money of the one name the sentence before gave."""
    head = _THE_PROJECT_MONEY_RE.match(sentence)
    if head is None or len(last) != 1 or last[0] not in found or found[last[0]].investment_yuan is not None:
        return
    money = find_money(sentence[head.end() : head.end() + 16])
    if money and money[0].start == 0:
        found[last[0]] = replace(found[last[0]], investment_yuan=money[0].yuan)

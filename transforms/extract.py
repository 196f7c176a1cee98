"""From one news article to typed facts: campaign, stage totals, named projects.

``extract_article`` normalises the text, finds facts with conservative, clause-level rules and then
classifies the article from what it found (``transforms.classify``). Nothing here knows about files,
HTTP or the warehouse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from itertools import pairwise

from transforms.classify import (
    CAMPAIGN_WORD,
    LOOKING_BACK_RE,
    NOT_AN_EVENT_RE,
    campaign_mentions,
    decide_kind,
)
from transforms.gazetteer import Gazetteer, Region, load_gazetteer
from transforms.industry import classify_industry
from transforms.normalize import normalize_text
from transforms.numbers import CN_NUMERAL_CHARS, Money, find_money, parse_count
from transforms.records import Campaign, Extraction, ProjectMention, Stage, StageTotal
from transforms.text import Sentence, split_sentences

# ---------------------------------------------------------------------------------------------------
# Campaign: 2025年第一次“三个一批” / 第二期 / 四季度 / 今年第二次
_CN_SMALL = "一二三四五六七八九十"
_ORDINAL_RE = re.compile(
    rf"(?:(?P<year>\d{{4}})年(?:度)?|(?P<rel>今年|本年|去年|明年))?[^,。;“”\d]{{0,12}}?"
    rf"(?:第(?P<ord>[{_CN_SMALL}\d]{{1,3}})(?:次|期|批|轮|季)|(?P<quarter>[一二三四1-4])季度)"
)
_YEAR_RE = re.compile(r"(?P<year>20\d{2})年")
_DATE_RE = re.compile(r"(?:(?P<year>20\d{2})年)?(?P<month>1[0-2]|[1-9])月(?P<day>3[01]|[12]\d|[1-9])日")
_VENUE_RE = re.compile(
    r"(?P<who>我市|临汾市?|我县|全县|[\u4e00-\u9fff]{2,4}[县区市])?分会场(?:设在|设于|位于|在)(?P<venue>[^,。;!?]{2,40})"
    r"|主会场(?:设在|设于|位于)(?P<main>[^,。;!?]{2,40})"
    r"|(?:活动|仪式)(?:在|于)(?P<at>[^,。;!?]{2,30}?)(?:举行|举办|召开)"
)

# ---------------------------------------------------------------------------------------------------
# Stage totals
_STAGE_OF_WORD: dict[str, Stage] = {"签约": "signed", "开工": "started", "投产": "in_production"}
_STAGE_WORD_RE = re.compile(r"竣工投产|建成投产|签约(?!总额|金额|额)|开工|投产")
# Stage words joined into one figure ("签约、开工项目共30个") cannot be split between stages.
# 签约、开工项目共30个 (the next stage word follows; "3个项目签约、2个项目开工" are separate statements).
_JOINED_STAGES_RE = re.compile(r"^[“”\"]?[一批]{0,2}[“”\"]?[、和及与][“”\"]?(?:竣工|建成)?(?:签约|开工|投产)")
_COUNT_RE = re.compile(rf"(?P<number>\d+|[{CN_NUMERAL_CHARS}]+)(?P<more>余|多)?(?P<unit>个|项)")
_COUNT_OK_AFTER_RE = re.compile(
    r"^(?:重大|重点|产业|招商引资)?项目|^[,;。)”\"、]|^$|^(?:总投资|计划总投资|投资)"
)
_COUNT_OK_BEFORE_RE = re.compile(r"项目(?:共|达|为|数|数量)?$")
_MONEY_BAD_BEFORE_RE = re.compile(
    r"产值|收入|利税|税收|营收|销售|利润|效益|增加值|营业额|资金|奖补|补贴|贷款"
)
_EVENT_MASK_RE = re.compile(r"计划总投资|计划投资|推进会|推进大会|观摩推进|现场推进")
# A sub-breakdown of a stage (其中亿元以上项目15个, 10亿元以上项目4个, 外资项目2个) is no stage total.
_SUBSET_BEFORE_COUNT_RE = re.compile(
    r"(?:以上|以下|之间|外资|内资|单体|新建|续建)(?:的)?(?:重点|重大)?项目(?:共|达|为)?$"
)
_SUBSET_AFTER_MONEY_RE = re.compile(r"^(?:及)?(?:以上|以下|之间|至|到|-)")
_STAGE_ALT = r"(?:竣工投产|建成投产|签约|开工|投产)"
_NUM = rf"(?:\d+|[{CN_NUMERAL_CHARS}]+)"
# "(planned) total investment (of about)" before an amount: 计划总投资约 / 投资额达 / 总投资超; the
# second form also takes 逾 (more than).
_INVESTED = r"(?:计划)?总?投资(?:额)?(?:约|达|为|近|超)?"
_INVESTED_OVER = r"(?:计划)?总?投资(?:额)?(?:约|达|为|近|超|逾)?"
# 签约、开工、投产项目分别为23个、17个、11个[,总投资分别为86.42亿元、47.9亿元、21.06亿元]
_RESPECTIVE_STAGES_RE = re.compile(
    rf"(?P<stages>{_STAGE_ALT}(?:[、和及与]{_STAGE_ALT})+)的?(?:重点|重大)?项目(?:数量?)?分别(?:约)?(?:为|是|达)?"
    rf"(?P<counts>{_NUM}(?:个|项)(?:[、和及与]{_NUM}(?:个|项))+)"
)
# 签约项目19个、开工项目16个、投产项目14个,总投资分别约为78.6亿元、52.3亿元和31.2亿元
_RESPECTIVE_PAIRS_RE = re.compile(
    rf"(?P<pairs>(?:集中)?{_STAGE_ALT}(?:的)?项目(?:共)?{_NUM}(?:个|项)(?:[、,和](?:集中)?{_STAGE_ALT}(?:的)?项目(?:共)?{_NUM}(?:个|项))+)"
    r"(?=,(?:计划)?总?投资(?:额)?分别)"
)
# Money only, no counts: 运城市签约、开工项目总投资分别为168.2亿元和94.6亿元 / 签约和开工项目分别投资…
_RESPECTIVE_STAGE_MONEY_RE = re.compile(
    rf"(?P<stages>{_STAGE_ALT}(?:[、和及与]{_STAGE_ALT})+)的?(?:重点|重大)?项目的?"
    r"(?=(?:计划)?总?投资(?:额|总额)?分别|分别(?:计划)?(?:总)?投资)"
)
_RESPECTIVE_MONEY_RE = re.compile(
    r",?(?:(?:计划)?总?投资(?:额|总额)?分别|(?:签约|协议)(?:投资)?总?额分别|分别(?:计划)?(?:总)?投资)(?:约|达)?(?:为|是|达)?(?P<amounts>[^;。]+)"
)
_PAIR_RE = re.compile(rf"(?P<stage>{_STAGE_ALT})(?:的)?项目(?:共)?(?P<count>{_NUM})(?:个|项)")

# ---------------------------------------------------------------------------------------------------
# Projects
_NAME_END = r"(?:项目|工程)(?:\((?:[一二三四五六七八九十\d]+期|一阶段|二阶段|续建|新建|扩建)\))?"
_ENUM_COUNT_RE = re.compile(r"等(?P<count>\d+|[" + CN_NUMERAL_CHARS + r"]+)(?:个|项)(?:重点|重大)?项目")
# Single trigger right after a project name (within a few characters, no punctuation between).
_TRIGGER_RE = re.compile(
    r"(?P<gap>[^,。;:、“”()]{0,10}?)"
    r"(?P<trigger>开工奠基|奠基仪式|开工仪式|集中开工|正式开工|开工建设|破土动工|开工|"
    r"签约仪式|集中签约|成功签约|正式签约|现场签约|签约|"
    r"竣工投产|建成投产|正式投产|投产仪式|点火投产|点火试产|顺利投产|建成投运|投入生产|投产|试产|(?:生产线|生产车间|车间)(?![^,。;]{0,4}(?:投产|点火|投运))|投运|试生产)"
)
_TRIGGER_STAGE: dict[str, Stage] = {
    "开工奠基": "started",
    "奠基仪式": "started",
    "开工仪式": "started",
    "集中开工": "started",
    "正式开工": "started",
    "开工建设": "started",
    "破土动工": "started",
    "开工": "started",
    "签约仪式": "signed",
    "集中签约": "signed",
    "成功签约": "signed",
    "正式签约": "signed",
    "现场签约": "signed",
    "签约": "signed",
    "竣工投产": "in_production",
    "建成投产": "in_production",
    "正式投产": "in_production",
    "投产仪式": "in_production",
    "点火投产": "in_production",
    "点火试产": "in_production",
    "建成投运": "in_production",
    "投入生产": "in_production",
    "试产": "in_production",
    "顺利投产": "in_production",
    "投产": "in_production",
    "生产线": "in_production",
    "生产车间": "in_production",
    "车间": "in_production",
    "投运": "in_production",
    "试生产": "in_production",
}
# A production line or workshop is a stage only when visited (观摩X项目生产线 / 在X项目生产车间观摩).
_VISIT_RE = re.compile(r"观摩|参观|察看|调研|走进")
_PROJECT_NAME_RE = re.compile(rf"[^,。;:、“”!?]{{2,60}}?{_NAME_END}(?!项目|工程)")
# Context before a project name that is not part of it: the last of these cuts the name.
_NAME_LEAD_RE = re.compile(
    r"(?:观摩了|参观了|出席了|见证了|考察了|调研了|察看了|视察了|走进了|来到了|观摩|参观|出席|见证|考察|调研|察看|视察|走进|"
    r"举行了|举行|参加了|来到|包括|分别是|分别为|其中|主要有|仪式上|集中签约了|签约了|签约的|开工的|投产的|以及|图为|"
    r"同日|宣布|还有|设在|设于|的是|当属|要数|(?:落户|落地|位于|入驻)(?:该|我|本)(?:区|县|市|园区|开发区)的|了)"
)
_INVESTMENT_PREFIX_RE = re.compile(
    r"^(?:计划)?(?:总)?投资(?:额)?(?:约|近|超|逾|达)?(?P<money>[^的,]{1,16}?元)的?"
)
_LOCATION_PREFIX_RE = re.compile(
    r"^[\u4e00-\u9fff\d]{2,12}?(?:孵化中心|工业园区|产业园区|工业园|产业园|创业园|园区|厂区|基地|标准化厂房)(?=.{4,})"
)
_CAPACITY_RE = re.compile(
    rf"(?:年产|年处理|年加工|年生产|年回收|年吞吐|年储|日产|日处理|日加工|年产能|产能)?"
    rf"(?:\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)(?:万|亿|千|百)?"
    r"(?:万千瓦时|千瓦时|GWh|MWh|kWh|万千瓦|千瓦|兆瓦|MW|GW|kW|千伏安|吨|套|台|枚|件|辆|只|头|羽|平方米|立方米|片|块|支|瓶|箱|张|条|组|亩|标方|方)"
)
# A name made of nothing but these words is a generic phrase, not a project.
_GENERIC_WORDS_RE = re.compile(
    r"重大|重点|招商引资|前期手续|共计|共|合计|总计|前期|签约|开工|投产|竣工|可开工|预计|储备|在建|新建|续建|谋划|一批|各类|六大类|"
    r"这些|该|此|省市|省级|市级|县级|全市|全省|全县|我市|我县|我区|本市|本县|全区|单体|最大|投资|产业|工业|优质|好|大|的|等|各|个|新|三个一批|三未|建设|一大批|"
    r"转型|重大项目建设年|招商|引资|落地|成熟|滚动|所有|相关|以上|上述|部分|多个|若干|其他|年度|全年|历次|年|月|底|前|可|"
    r"[“”\"]|\d+|[" + CN_NUMERAL_CHARS + "]"
)


_GROUP_RE = re.compile(
    rf"(?:\d+|[{CN_NUMERAL_CHARS}几数多]+)(?:个|项|批|类)|一些|有的|部分|许多|多个|个别|更要|影响"
)
# A power rating (not an energy per year: 年产1GWh / 万千瓦时 keep their 年产).
_POWER_RATING_RE = re.compile(r"(?:千瓦|兆瓦|MW|GW|kW|千伏安)$")
# Stage word, then the projects it covers: 现场签约的项目包括: A项目,总投资8.5亿元;B项目…
_STAGE_LED_RE = re.compile(
    r"(?P<verb>集中签约|现场签约|正式签约|签约|集中开工|开工奠基|开工|竣工投产|建成投产|投产)"
    r"(?:(?:的|了)(?:\d+个|[一二三四五六七八九十两]+个)?(?:重点|重大)?(?:项目)?"
    r"(?:(?:均|都|全部|同样)?(?:落户|落地|位于|集中在)(?P<zone>[^,:;。]{2,20}))?,?"
    r"(?:包括|还有|有|中|为|是|分别是|分别为|主要有|如下)?"
    r"|项目(?:中|包括|有|主要有|如下|分别为|分别是|为|是|(?=:))"
    # 签约项目全部落户X: / 开工项目均位于X,分别是:
    r"|项目(?:均|都|全部|全都|同样)(?:落户|落地|位于|集中在)(?:了|于|在)?(?P<all_zone>[^,:;。]{2,20})"
    r",?(?:包括|有|分别是|分别为|主要有|如下|具体为|具体是|具体包括)?)[:,]?"
)
# Item markers of enumerated lists: 1. / 1、 / (1) / 一是 / 一、 / —— / ●
_LIST_MARKER_RE = re.compile(
    r"^(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\)|\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}(?:是|、)|其[一二三四五六七八九十]{1,2},|——|—|[●·■◆▲★☆○◎□◇•▪►▶※])"
)
# A zone the whole list shares, written after it: …等,均位于X / 同样位于X / 均落户X
_ZONE_CLAUSE_RE = re.compile(
    r"^(?:均|都|全部|同样|也)?(?:位于|落户|落地|落户于|集中在|坐落在|在)(?P<zone>.{2,20})$"
)
# An item's own money: A项目(总投资3.2亿元) / A项目总投资6亿元 / A项目,投资15000万元 (the comma split first)
_ITEM_MONEY_RE = re.compile(rf"\(?{_INVESTED}(?P<money>[^()、和分]{{1,16}}?(?:元|亿|万))\)?$")
_SITE_TRIGGER_RE = re.compile(
    r"(?:建设)?现场,?(?:参加|出席|见证)了?(?:该)?(?:项目)?(?P<trigger>开工|奠基|投产|签约)"
)
# The ceremony's venue is a project site: 开工仪式设在X项目现场 / 主会场设在X项目建设现场 / 分会场设在X项目开工现场
_VENUE_PROJECT_RE = re.compile(
    rf"(?P<where>开工仪式|签约仪式|主会场|分会场|活动现场|仪式)(?:设在|设于|位于|在)"
    rf"(?P<name>[^,。;:、“”!?]{{2,60}}?{_NAME_END})(?P<site>建设|开工|施工|签约)?现场"
)
# A signing with a named partner: X与一家企业签约Y项目 / 与…签订Y项目合同
_PARTNER_SIGNING_RE = re.compile(
    rf"与[^,。;:]{{1,24}}?(?:成功|正式|集中|现场)?(?:签约|签订|签署)了?(?P<name>[^,。;:、“”!?]{{2,60}}?{_NAME_END})"
)
# Every project of a stage (or of the round) in one zone: 8个项目均落户X / 开工和投产的5个项目同样集中在X
_ALL_IN_ZONE_RE = re.compile(
    rf"(?P<lead>[^,。;:]{{0,80}}?){_NUM}(?:个|项)(?P<own>签约|开工|投产)?的?(?:重点|重大)?项目(?:均|都|全部|同样)(?:落户|落地|位于|集中在|在|布局在)(?:了)?"
)
# An unbracketed phase or line after 项目 belongs to the event: X项目二期生产线 → X项目
_EVENT_TAIL_RE = re.compile(r"(?<=项目)(?:[一二三四五六七八九十\d]+期)?(?:生产线)?$")
# A paragraph introduced as one stage's section: 从签约情况看, / 签约方面, / 开工项目方面,
_SECTION_LEAD_RE = re.compile(r"^(?:从|就)?(?P<verb>签约|开工|投产)(?:项目)?(?:情况|方面)(?:看|来看)?,")
# 除A、B外,还有C、D等…: one list in two parts.
_EXCEPT_ALSO_RE = re.compile(rf"除(?:了)?(?P<items>[^,;:。]+?{_NAME_END})(?:以)?外,(?:还有|另有|还|以及)?")
# The end of a list: …B项目等项目运行平稳 / …B项目等3个项目集中开工 (cut after the last name).
_LIST_END_RE = re.compile(rf"(?<=项目|工程|期\))等(?:{_NUM}(?:个|项))?(?:重点|重大)?(?:项目)?(?:[^、]*)$")
# A comma item that is nothing but a (zone-prefixed) name: no verb, no reference back.
_BARE_ITEM_RE = re.compile(
    r"(?:(?!签约|开工|投产|该|此|这|其中|以及|是|将|成为|系|属于|作为|今年|我县|我市|我区|全县|全市|全区|"
    rf"龙头|最大|单体|谋划|引进|也)[^,;:。])+?{_NAME_END}"
)
_RESPECTIVELY_RE = re.compile(r"(?:计划)?(?:总)?投资(?:额)?分别为(?P<amounts>[^。;]+)")


@dataclass(frozen=True)
class _Scope:
    """Whose figures an unqualified clause states: the city (临汾市) or one county."""

    region: Region
    county: str | None


# ===================================================================================================
def extract_article(
    text: str, *, title: str | None = None, published: date | None = None, source: str = ""
) -> Extraction:
    """Classify one article and extract its campaign, stage totals and project mentions."""
    gaz = load_gazetteer()
    body = normalize_text(text)
    sentences = split_sentences(body)
    if title:
        clean_title = normalize_text(title)
        # Match on the title too: it often states the round or the event the body takes for granted.
        sentences = [Sentence(clean_title, -1, -1), *sentences]
    else:
        # Plain text carries its title on line 1 (paragraph -1 from here on, like a given title).
        clean_title = body.split("\n", 1)[0] if body else ""
        sentences = [replace(s, paragraph=-1) if s.paragraph == 0 else s for s in sentences]

    rounds = campaign_mentions([s.text for s in sentences[:12]])
    campaign_in_title = bool(campaign_mentions([clean_title]))
    scope = _article_scope(clean_title, body, gaz)
    warnings: list[str] = []

    stage_totals = _find_stage_totals(sentences, scope, gaz, warnings) if rounds else []
    projects = _find_projects(sentences, scope, gaz, warnings, round_report=bool(rounds), published=published)
    kind = decide_kind(
        title=clean_title,
        campaign_in_title=campaign_in_title,
        campaign_named=bool(rounds),
        stage_totals=stage_totals,
        projects=projects,
        body=body,
    )
    if kind == "other":
        return Extraction(source=source, title=clean_title, published=published, kind="other")
    if kind != "campaign_report":
        stage_totals = []  # a single ceremony's figures are not a round's totals
    campaign = _find_campaign(sentences, published, rounds) if rounds else None
    return Extraction(
        source=source,
        title=clean_title,
        published=published,
        kind=kind,
        campaign=campaign,
        stage_totals=stage_totals,
        projects=projects,
        warnings=warnings,
    )


# ---------------------------------------------------------------------------------------------------
def _article_scope(title: str, body: str, gaz: Gazetteer) -> _Scope:
    """County scope when the title names a county (or a zone) and not the city, or the text says 我县."""
    city = _Scope(gaz.city, None)
    if re.search(r"全市|临汾市|市委|市政府", title):
        return city
    if "我市" in title:
        own = _county_level_city_desk(body, gaz)
        return _Scope(Region(own, "county"), own) if own else city
    zone = gaz.zone_prefix_re.search(title)
    if zone:
        county = gaz.zone_by_alias[zone.group(0)].county
        return _Scope(Region(county, "county"), county)
    county = gaz.county_in(title)
    if county is None and len(re.findall(r"我县|全县|本县", body)) > len(re.findall(r"我市|全市", body)):
        county = gaz.county_in(body)
    if county:
        return _Scope(Region(county, "county"), county)
    return city


def _county_placed_in(name: str, sentence: str, gaz: Gazetteer) -> str | None:
    """The county a project's own sentence places it in, right after its name: "X项目在尧都区开工奠基",
    "X项目落户洪洞县" (a project without a zone in a city-wide text), else None."""
    at = sentence.find(name)
    if at < 0:
        return None
    after = sentence[at + len(name) :]
    placed = re.match(r"(?:正式|顺利|日前|近日)?(?:在|于|落户|落地|位于)", after)
    if placed is None:
        return None
    county = gaz.county_re.match(after, placed.end())
    return gaz.county_by_alias[county.group(0)] if county else None


def _county_level_city_desk(body: str, gaz: Gazetteer) -> str | None:
    """The county-level city (侯马市, 霍州市) whose own site says 我市, else None.

    A "我市…" title is the city's own voice; it is a county-level city's when every place the body
    names (zones, counties, 临汾市/全市) belongs to that one county-level city and it names at least
    one of its zones.
    """
    text = body.replace("临汾新闻网", "")
    if re.search(r"临汾市|全市|各县", text):
        return None
    counties = {gaz.zone_by_alias[m.group(0)].county for m in gaz.zone_prefix_re.finditer(text)}
    if not counties:
        return None
    counties |= {gaz.county_by_alias[m.group(0)] for m in gaz.county_re.finditer(text)}
    if len(counties) != 1:
        return None
    (own,) = counties
    return own if own.endswith("市") else None


# ---------------------------------------------------------------------------------------------------
def _find_campaign(sentences: list[Sentence], published: date | None, rounds: list[str]) -> Campaign | None:
    anchor: Sentence | None = None
    year: int | None = None
    ordinal: int | None = None
    label = ""
    for s in sentences:
        pos = s.text.find(CAMPAIGN_WORD)
        if pos < 0 or s.text not in rounds:
            continue
        window = s.text[max(0, pos - 30) : pos]
        matches = list(_ORDINAL_RE.finditer(window))
        if anchor is None:
            anchor = s
        if not matches:
            continue
        m = matches[-1]
        ordinal = parse_count(m.group("ord") or m.group("quarter"))
        if m.group("year"):
            year = int(m.group("year"))
        elif m.group("rel") and published is not None:
            year = published.year + {"今年": 0, "本年": 0, "去年": -1, "明年": 1}[m.group("rel")]
        else:
            years = _YEAR_RE.findall(window)
            year = int(years[-1]) if years else None
        label = m.group(0).lstrip('“”",')
        anchor = s
        break
    if anchor is None:
        return None

    event_date = _find_event_date(sentences, anchor, published, year)
    if year is None:
        year = event_date.year if event_date else (published.year if published else None)
    if year is None:
        return None
    if not label:
        label = str(year)
    return Campaign(
        year=year,
        ordinal=ordinal,
        label=label,
        event_date=event_date,
        venue=_find_venue(sentences),
        sentence=anchor.text,
    )


def _find_event_date(
    sentences: list[Sentence], anchor: Sentence, published: date | None, year: int | None
) -> date | None:
    """The event day: in the campaign sentence, else in the dateline (first body sentences)."""
    candidates = [anchor, *[s for s in sentences if s.paragraph >= 0][:8]]
    for s in candidates:
        for m in _DATE_RE.finditer(s.text):
            tail = s.text[m.end() : m.end() + 1]
            if tail in ("前", "后", "起", "至", "-"):  # deadlines and ranges, not the event day
                continue
            month, day = int(m.group("month")), int(m.group("day"))
            if m.group("year"):
                event_year = int(m.group("year"))
            elif published is not None:
                event_year = published.year
                # A December event reported in January belongs to the previous year.
                if (month, day) > (published.month, published.day) and month - published.month > 6:
                    event_year -= 1
            elif year is not None:
                event_year = year
            else:
                continue
            try:
                return date(event_year, month, day)
            except ValueError:
                continue
    return None


def _find_venue(sentences: list[Sentence]) -> str | None:
    for s in sentences:
        m = _VENUE_RE.search(s.text)
        if m:
            venue = m.group("venue") or m.group("main") or m.group("at")
            return venue.strip()
    return None


# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Place:
    start: int
    end: int
    region: Region | None  # None: a development zone (its figures are not a region's)
    zone_county: str | None


def _places(text: str, gaz: Gazetteer, scope: _Scope) -> list[_Place]:
    """Regions and zones named in ``text`` (zones first, so 临汾经济开发区 is not read as 临汾)."""
    out: list[_Place] = []
    taken: list[tuple[int, int]] = []
    for m in gaz.zone_prefix_re.finditer(text):
        zone = gaz.zone_by_alias[m.group(0)]
        out.append(_Place(m.start(), m.end(), None, zone.county))
        taken.append((m.start(), m.end()))
    for m in gaz.region_re.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        # A county name inside an official's title (洪洞县委书记) or a zone is not a region clause.
        if text[m.end() : m.end() + 1] in ("委", "长") or text.startswith("政府", m.end()):
            continue
        # 全省开发区…“三个一批”活动: the province names the round, not whose figures follow.
        if (
            gaz.region_by_alias[m.group(0)].level == "province"
            and CAMPAIGN_WORD in text[m.end() : m.end() + 24]
        ):
            continue
        out.append(_Place(m.start(), m.end(), gaz.region_by_alias[m.group(0)], None))
    own_words = r"我县|全县|本县|我区|全区"
    if scope.county is not None and scope.county.endswith("市"):
        own_words += r"|我市|全市|本市"  # a county-level city's own site (侯马市, 霍州市)
        out = [
            p for p in out if not (p.region == gaz.city and text[p.start : p.end] in ("我市", "全市", "本市"))
        ]
    for m in re.finditer(own_words, text):
        if scope.county is not None:
            out.append(_Place(m.start(), m.end(), Region(scope.county, "county"), None))
    out.sort(key=lambda p: p.start)
    return out


def _region_for(place: _Place | None, scope: _Scope) -> Region | None:
    if place is None:
        return scope.region
    if place.region is not None:
        return place.region
    # A zone's own figures count for its county only in that county's report.
    if scope.county is not None and place.zone_county == scope.county:
        return scope.region
    return None


def _find_stage_totals(
    sentences: list[Sentence], scope: _Scope, gaz: Gazetteer, warnings: list[str]
) -> list[StageTotal]:
    found: dict[tuple[str, Stage], StageTotal] = {}
    explicit: set[tuple[str, Stage]] = set()  # totals whose region the text names (not the default)
    carried_city: dict[int, _Place] = {}  # paragraph → last other-city place named in it
    for s in sentences:
        text = s.text
        if not _STAGE_WORD_RE.search(text):
            _remember_cities(text, s, gaz, scope, carried_city)
            continue
        # An item's own money in brackets (A项目(总投资3.2亿元)) is never a stage total.
        text = _ITEM_MONEY_BRACKET_RE.sub(lambda m: "(" + "_" * (len(m.group(0)) - 2) + ")", text)
        places = _places(text, gaz, scope)
        done: list[tuple[int, int]] = []
        figures = _figures_then_meaning(text)
        if figures is not None:
            at, stage, count, yuan = figures
            done.append((at, at + 2))
            place = _nearest_place(places, at) or carried_city.get(s.paragraph)
            region = _region_for(place, scope)
            if region is not None:
                _record(found, explicit, warnings, stage, region, count, yuan, s.text, place is not None)
        for start, end, stage, region, count, money in _respective_regions(text, gaz):
            done.append((start, end))
            _record(found, explicit, warnings, stage, region, count, money, text, True)
        for start, end, stage, count, money in _respective_totals(text):
            done.append((start, end))
            window_start = max(text.rfind(";", 0, start) + 1, 0)
            if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text[window_start:end])):
                continue
            place = _nearest_place(places, start) or carried_city.get(s.paragraph)
            region = _region_for(place, scope)
            if region is not None:
                _record(found, explicit, warnings, stage, region, count, money, text, place is not None)
        # Amounts given respectively after named projects (A项目和B项目计划总投资分别为…) are theirs,
        # and so is the money of one project picked out (投资最大的是X项目,总投资10亿元).
        owned = [
            r.span()
            for r in _RESPECTIVE_INVESTMENT_RE.finditer(text)
            if not any(a <= r.start() < b for a, b in done)
            and re.search(rf"{_NAME_END}[^;。]*$", text[: r.start()])
        ]
        owned += [r.span("money") for r in _PICKED_PROJECT_MONEY_RE.finditer(text)]
        for a, b in owned:
            text = text[:a] + "_" * (b - a) + text[b:]
        words = [w for w in _STAGE_WORD_RE.finditer(text) if not any(a <= w.start() < b for a, b in done)]
        for i, w in enumerate(words):
            stage = _STAGE_OF_WORD[w.group(0)[-2:]]
            prev_end = words[i - 1].end() if i else 0
            next_start = words[i + 1].start() if i + 1 < len(words) else len(text)
            # 签约、开工项目共30个: one figure for several stages, nothing to attribute.
            if _JOINED_STAGES_RE.match(text[w.end() :]) or (
                i and not text[prev_end : w.start()].strip('、和及与“”"')
            ):
                continue
            left = _left_clause(text, prev_end, w.start())
            right = _right_window(text, w.end(), next_start)
            window_start = max(text.rfind(";", 0, w.start()) + 1, 0)
            veto_text = _EVENT_MASK_RE.sub("", text[window_start : w.start()] + left + right)
            money = _money_in(left) or _money_in(right)
            # 签约项目21个开工项目19个 (a kicker): a count right after the stage word is its own; the
            # count on its left closes the previous stage's statement.
            own = _OWN_COUNT_RE.match(text, w.end())
            count = parse_count(own.group(1)) if own else _count_in(left, before_stage=True)
            if count is None and re.match(r"(?:的)?(?:重点|重大)?项目", text[w.end() :]):
                glued = re.search(rf"(?<![等几数上])({_NUM})(?:个|项)$", left)
                count = parse_count(glued.group(1)) if glued else None
            if count is None:
                right_money = _money_in(right)
                # A count in a later clause than the stage's money belongs to another statement
                # (开工项目总投资14.2亿元,8个项目均落户…).
                cut = right.find(",", right_money.end) if right_money else -1
                count = _count_in(right[:cut] if cut >= 0 else right, before_stage=False)
            if count is None and money is None:
                continue
            if count is None and not re.search(r"投资|资金总额|总额|签约额", left + right):
                continue
            if NOT_AN_EVENT_RE.search(veto_text):
                continue
            place = _nearest_place(places, w.start())
            in_zone = _ALL_IN_ONE_ZONE_RE.search(right)
            if in_zone and count is not None:
                zone_at = w.end() + in_zone.end()
                place = next((p for p in places if p.start == zone_at and p.region is None), place)
            if place is None:
                place = carried_city.get(s.paragraph)
            region = _region_for(place, scope)
            if region is None:
                continue
            yuan = money.yuan if money else None
            _record(found, explicit, warnings, stage, region, count, yuan, text, place is not None)
        _remember_cities(text, s, gaz, scope, carried_city)
    # A headline/kicker figure without a region that repeats a figure the body gives another region
    # (签约项目412个 总投资2368.5亿元 above "全省…签约项目412个") is that region's, not the default's.
    named = {(t.stage, t.project_count, t.investment_yuan) for k, t in found.items() if k in explicit}
    return [
        t
        for k, t in found.items()
        if k in explicit or (t.stage, t.project_count, t.investment_yuan) not in named
    ]


# An item's own money in brackets right after its name: (投资6800万元) / (总投资约1.2亿元) / (投资三千万元)
# / (投资1.2亿). Optional in list patterns; never a stage total.
_ITEM_MONEY_BRACKET_BODY = r"\((?:[^()]{0,24}?[\d〇零一二两三四五六七八九十][^()]{0,12}?元[^()]{0,6}|[^()]{0,6}投资[^()]{1,16}?[亿万])\)"
_ITEM_MONEY_BRACKET = rf"(?:{_ITEM_MONEY_BRACKET_BODY})?"
_ITEM_MONEY_BRACKET_RE = re.compile(rf"(?<=项目|工程){_ITEM_MONEY_BRACKET_BODY}")
_OWN_COUNT_RE = re.compile(
    rf"的?(?:重点|重大)?项目(?:数量?)?(?:共计?|总数)?(?:为|是|达|有)?({_NUM})(?:个|项)"
)
_ALL_IN_ONE_ZONE_RE = re.compile(
    rf"^[^,;]*?{_NUM}(?:个|项)(?:重点|重大)?项目(?:均|都|全部|全都)(?:落户|落地|位于|集中在)(?:了|于|在)?"
)
# One project picked out of a stage, then its own money: 开工的5个项目中,X项目,计划总投资12亿元 /
# 签约项目中,投资最大的是X项目,总投资10亿元.
_PICKED_PROJECT_MONEY_RE = re.compile(
    rf"(?:项目(?:中|里|当中|之中),|最大的是|最多的是|的是|当属|要数)[^,;。]{{2,60}}?{_NAME_END},?"
    rf"(?P<money>{_INVESTED}[^,;。]{{1,16}}?[元亿])"
)
# "64.28亿元、17个——这是我市签约一批的投资额和项目数": figures first, their meaning after the dash.
_FIGURES_THEN_MEANING_RE = re.compile(
    rf"(?P<figures>[^,;。——]{{2,24}}(?:,[^,;。——]{{2,16}})?)——(?:这|这些)?(?:是|为|就是)(?P<who>[^;。]{{0,64}}?)"
    rf"(?P<stage>{_STAGE_ALT})(?:一批)?[“”\"]?(?:一批)?[“”\"]?(?:交出|亮出|实现|完成)?的(?P<meaning>[^,;。]{{2,16}})"
)


def _figures_then_meaning(text: str) -> tuple[int, Stage, int | None, int | None] | None:
    """→ (stage word position, stage, count, yuan) of "A亿元、N个——这是…签约一批的投资额和项目数"."""
    m = _FIGURES_THEN_MEANING_RE.search(text)
    if m is None or not re.search(r"项目数|个数|数量|投资", m.group("meaning")):
        return None
    money = _money_in(m.group("figures"))
    counts = re.findall(rf"({_NUM})(?:个|项)(?:重点|重大)?(?:项目)?(?=[、,和及与]|$)", m.group("figures"))
    count = parse_count(counts[-1]) if counts else None
    if money is None and count is None:
        return None
    return m.start("stage"), _STAGE_OF_WORD[m.group("stage")[-2:]], count, money.yuan if money else None


def _record(
    found: dict[tuple[str, Stage], StageTotal],
    explicit: set[tuple[str, Stage]],
    warnings: list[str],
    stage: Stage,
    region: Region,
    count: int | None,
    yuan: int | None,
    sentence: str,
    region_named: bool,
) -> None:
    """Keep one total per (region, stage): the most complete statement, parts of it merged."""
    key = (region.name, stage)
    total = StageTotal(stage, region.name, region.level, count, yuan, sentence)
    previous = found.get(key)
    # A statement that names its region beats an unqualified one (a kicker line, a lead).
    if previous is None or (
        region_named and key not in explicit and _completeness(total) >= _completeness(previous)
    ):
        found[key] = total
        if region_named:
            explicit.add(key)
        return
    # Count and money stated in separate sentences (集中签约项目5个 … 签约项目总投资23.7亿元).
    if previous.project_count is None and count is not None and yuan is None and previous.investment_yuan:
        found[key] = replace(previous, project_count=count)
        return
    if previous.investment_yuan is None and yuan is not None and count is None and previous.project_count:
        found[key] = replace(previous, investment_yuan=yuan)
        return
    if _completeness(total) > _completeness(previous):
        found[key] = total
    elif (previous.project_count, previous.investment_yuan) != (count, yuan) and _completeness(
        total
    ) == _completeness(previous):
        warnings.append(
            f"conflicting {stage} totals for {region.name}: kept "
            f"{previous.project_count}/{previous.investment_yuan}, ignored {count}/{yuan}"
        )


@cache
def _respective_regions_re(region_pattern: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<regions>(?:{region_pattern})(?:[、和及与](?:{region_pattern}))+)的?(?:集中)?(?P<stage>{_STAGE_ALT})"
        rf"的?(?:重点|重大)?项目(?:数量?)?分别(?:约)?(?:为|是|达)?"
        rf"(?P<counts>{_NUM}(?:个|项)(?:[、和及与]{_NUM}(?:个|项))+)"
    )


def _respective_regions(
    text: str, gaz: Gazetteer
) -> list[tuple[int, int, Stage, Region, int | None, int | None]]:
    """One stage's figures for several regions by position: 太原市、大同市、临汾市签约项目分别为46个、31个、
    23个,签约额分别为… → (span start, span end, stage, region, count, yuan) per region."""
    out: list[tuple[int, int, Stage, Region, int | None, int | None]] = []
    for m in _respective_regions_re(gaz.region_re.pattern).finditer(text):
        regions = [gaz.region_by_alias[r.group(0)] for r in gaz.region_re.finditer(m.group("regions"))]
        counts = [parse_count(c) for c in re.findall(rf"({_NUM})(?:个|项)", m.group("counts"))]
        if len(regions) != len(counts):
            continue
        if any(r.level == "province" for r in regions):
            continue  # 全省 and its cities are no parallel list
        window_start = max(text.rfind(";", 0, m.start()) + 1, 0)
        if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text[window_start : m.end()])):
            continue
        amounts, end = _respective_amounts(text, m.end(), len(regions))
        stage = _STAGE_OF_WORD[m.group("stage")[-2:]]
        out.extend((m.start(), end, stage, r, c, a) for r, c, a in zip(regions, counts, amounts, strict=True))
    return out


def _respective_totals(text: str) -> list[tuple[int, int, Stage, int | None, int | None]]:
    """Stage figures stated in parallel: 签约、开工、投产项目分别为23个、17个、11个,总投资分别为…

    → (span start, span end, stage, count, yuan) for each stage, in the written order.
    """
    out: list[tuple[int, int, Stage, int | None, int | None]] = []
    for m in _RESPECTIVE_STAGES_RE.finditer(text):
        stages = [_STAGE_OF_WORD[w[-2:]] for w in re.findall(_STAGE_ALT, m.group("stages"))]
        counts = [parse_count(c) for c in re.findall(rf"({_NUM})(?:个|项)", m.group("counts"))]
        if len(stages) != len(counts):
            continue
        amounts, end = _respective_amounts(text, m.end(), len(stages))
        out.extend((m.start(), end, st, c, a) for st, c, a in zip(stages, counts, amounts, strict=True))
    for m in _RESPECTIVE_STAGE_MONEY_RE.finditer(text):
        if any(a <= m.start() < b for a, b, *_ in out):
            continue
        stages = [_STAGE_OF_WORD[w[-2:]] for w in re.findall(_STAGE_ALT, m.group("stages"))]
        amounts, end = _respective_amounts(text, m.end(), len(stages))
        if all(a is None for a in amounts):
            continue
        out.extend((m.start(), end, st, None, a) for st, a in zip(stages, amounts, strict=True))
    for m in _RESPECTIVE_PAIRS_RE.finditer(text):
        if any(a <= m.start() < b for a, b, *_ in out):
            continue
        pairs = [
            (_STAGE_OF_WORD[p.group("stage")[-2:]], parse_count(p.group("count")))
            for p in _PAIR_RE.finditer(m.group("pairs"))
        ]
        amounts, end = _respective_amounts(text, m.end(), len(pairs))
        if all(a is None for a in amounts):
            continue  # each pair is an ordinary total; the clause loop reads them
        out.extend((m.start(), end, st, c, a) for (st, c), a in zip(pairs, amounts, strict=True))
    return out


def _respective_amounts(text: str, start: int, n: int) -> tuple[list[int | None], int]:
    """The n amounts of a following ",总投资分别为A、B和C" (all None when absent or not n)."""
    m = _RESPECTIVE_MONEY_RE.match(text, start)
    if m is None:
        return [None] * n, start
    found = find_money(m.group("amounts"))
    # The n amounts end their clause; another clause may follow (…和94.6亿元,投产项目总投资…).
    if len(found) > n and "," in m.group("amounts")[found[n - 1].end : found[n].start]:
        found = found[:n]
    if len(found) != n:
        return [None] * n, start
    return [money.yuan for money in found], m.start("amounts") + found[-1].end


def _remember_cities(
    text: str, s: Sentence, gaz: Gazetteer, scope: _Scope, carried: dict[int, _Place]
) -> None:
    """In multi-city texts a city named once governs the rest of its paragraph."""
    for place in _places(text, gaz, scope):
        if place.region is not None and place.region.level == "city" and place.region.name != gaz.city.name:
            carried[s.paragraph] = place
        elif place.region is not None and place.region.name == gaz.city.name:
            carried.pop(s.paragraph, None)


def _completeness(total: StageTotal) -> int:
    return (total.project_count is not None) + (total.investment_yuan is not None)


def _left_clause(text: str, lower: int, stage_start: int) -> str:
    """From the last clause break (or the previous stage word) to the stage word."""
    cut = max(text.rfind(",", lower, stage_start), text.rfind(";", lower, stage_start), lower - 1)
    return text[cut + 1 : stage_start]


def _right_window(text: str, start: int, next_stage: int) -> str:
    """From the stage word to ``;``/the sentence end, stopping before the clause of the next stage word."""
    end = next_stage
    semi = text.find(";", start, end)
    if semi >= 0:
        end = semi
    elif next_stage < len(text):
        comma = text.rfind(",", start, next_stage)
        if comma >= 0:
            end = comma
    return text[start:end]


def _count_in(clause: str, *, before_stage: bool) -> int | None:
    for m in _COUNT_RE.finditer(clause):
        if clause[max(0, m.start() - 1) : m.start()] in ("等", "几", "数", "上"):
            continue  # 等15个项目 ends an enumeration (a subset); 几十个 is no count
        after = clause[m.end() :]
        before = clause[: m.start()]
        if _SUBSET_BEFORE_COUNT_RE.search(before):
            continue
        if not (_COUNT_OK_AFTER_RE.match(after) or _COUNT_OK_BEFORE_RE.search(before)):
            continue
        if before_stage and not re.match(r"^(?:重大|重点)?项目", after):
            continue
        value = parse_count(m.group("number"))
        if value is not None and value > 0:
            return value
    return None


def _money_in(clause: str) -> Money | None:
    for money in find_money(clause):
        if _MONEY_BAD_BEFORE_RE.search(clause[max(0, money.start - 6) : money.start]):
            continue
        if _SUBSET_AFTER_MONEY_RE.match(clause[money.end :]):
            continue  # 10亿元以上项目4个: a size class, not an amount
        return money
    return None


def _nearest_place(places: list[_Place], stage_start: int) -> _Place | None:
    before = [p for p in places if p.end <= stage_start]
    return before[-1] if before else None


# ---------------------------------------------------------------------------------------------------
@dataclass
class _Candidate:
    raw: str
    stage: Stage
    sentence: str
    investment: int | None = None
    zone_hint: str | None = None  # a zone named right after the name: X项目在临汾开发区开工
    list_id: int | None = None  # items of one list share a zone prefix written once
    fallback: bool = False  # found by the zone-named catch-all, kept only when nothing else named it


@dataclass
class _Resolved:
    """A candidate after name cleaning and zone resolution."""

    cand: _Candidate
    name: str
    zone: str | None
    zone_known: bool
    county: str | None


def _find_projects(
    sentences: list[Sentence],
    scope: _Scope,
    gaz: Gazetteer,
    warnings: list[str],
    *,
    round_report: bool = False,
    published: date | None = None,
) -> list[ProjectMention]:
    candidates: list[_Candidate] = []
    list_counter = 0
    consumed: set[int] = set()  # item lines of a list whose header came earlier
    section: tuple[int, Stage] | None = None  # (paragraph, stage) of a 从签约情况看 paragraph
    for index, s in enumerate(sentences):
        if s.paragraph < 0 or index in consumed:
            continue  # the title repeats, often shortened, what the body says in full
        text = _EXCEPT_ALSO_RE.sub(r"\g<items>、", s.text)
        if _picks_out_of_a_look_back(text, sentences[index - 1].text if index else ""):
            continue
        lead = _SECTION_LEAD_RE.match(text)
        if lead:
            section = (s.paragraph, _STAGE_OF_WORD[lead.group("verb")])
        if section is not None and section[0] == s.paragraph:
            zoned = _zoned_items(text[lead.end() :] if lead else text, section[1], gaz)
            if zoned:
                list_counter += 1
                candidates.extend(zoned)
                continue
        used: list[tuple[int, int]] = []
        first_of_sentence = len(candidates)
        line_items, n_lines = _continued_list(sentences, index, gaz)
        if line_items:
            list_counter += 1
            for cand in line_items:
                cand.list_id = list_counter
            candidates.extend(line_items)
            consumed.update(range(index + 1, index + 1 + n_lines))
            continue
        for start, end, cands in [
            *_stage_led_lists(text, gaz),
            *_enumerations(text, round_report=round_report),
        ]:
            if any(a <= start < b or start <= a < end for a, b in used):
                continue
            list_counter += 1
            for cand in cands:
                cand.list_id = list_counter
            candidates.extend(cands)
            used.append((start, end))
        for cand, span in [
            *_triggered(text, round_report=round_report),
            *_venues_and_partners(text),
            *_picked_from_a_stage(text),
        ]:
            if any(a <= span[0] < b for a, b in used):
                continue
            candidates.append(cand)
        for cand in candidates[first_of_sentence:]:
            cand.sentence = s.text
    candidates = [c for c in candidates if not _dated_earlier(c, published)]
    if round_report:
        # Whatever zone-prefixed project the list shapes above missed, staged by its nearest cue.
        candidates.extend(_zone_named_projects(sentences, gaz))

    resolved: list[_Resolved] = []
    zone_of_list: dict[int, tuple[str, bool, str | None]] = {}
    for cand in candidates:
        cleaned = _clean_name(cand.raw, gaz)
        if cleaned is None:
            continue
        name, zone, zone_known, county, investment = cleaned
        if cand.fallback and any(name in r.name or r.name in name for r in resolved):
            continue
        if zone is None and cand.zone_hint:
            hint = gaz.zone_prefix_re.search(cand.zone_hint)
            if hint:
                known = gaz.zone_by_alias[hint.group(0)]
                zone, zone_known, county = known.name, True, known.county
        if cand.list_id is not None:
            if zone is not None:
                zone_of_list[cand.list_id] = (zone, zone_known, county)
            elif cand.list_id in zone_of_list:
                zone, zone_known, county = zone_of_list[cand.list_id]
        cand.investment = cand.investment or investment
        resolved.append(_Resolved(cand, name, zone, zone_known, county))

    _restore_output_prefix(resolved, [s.text for s in sentences if s.paragraph >= 0])
    _respective_investments(resolved)
    # The same project named again (signed list, then its 开工奠基) inherits the zone.
    zone_of_name = {r.name: (r.zone, r.zone_known, r.county) for r in reversed(resolved) if r.zone}
    # Else a zone the text gives all projects of its stage (8个项目均落户X), else the one zone a
    # single-project sentence names (X开发区与一家企业举行Y项目签约仪式).
    all_in_zone = _zone_statements(sentences, gaz)
    zones_in_body = {
        gaz.zone_by_alias[z].name
        for s in sentences
        if s.paragraph >= 0
        for z in gaz.zone_prefix_re.findall(s.text)
    }
    zone_of_paragraph = _paragraph_zones(sentences, gaz)
    sentences_with_own_zone = {r.cand.sentence for r in resolved if r.zone}
    county_zone = next(iter(zones_in_body)) if len(zones_in_body) == 1 else None
    if county_zone is not None and gaz.zone_by_alias[county_zone].county != scope.county:
        county_zone = None
    for r in resolved:
        if r.zone is not None or r.name in zone_of_name:
            continue
        written = all_in_zone.get(r.cand.stage) or all_in_zone.get(None)
        zones_in_sentence = {gaz.zone_by_alias[z].name for z in gaz.zone_prefix_re.findall(r.cand.sentence)}
        # The one zone of the sentence when none of its projects carries its own (来到X,观摩了A项目
        # 生产线,并参加了B项目开工仪式), else the one zone of the paragraph before it.
        if written is None and len(zones_in_sentence) == 1 and r.cand.sentence not in sentences_with_own_zone:
            written = zones_in_sentence.pop()
        if written is None and not zones_in_sentence:
            written = zone_of_paragraph.get(r.cand.sentence)
        if written is None:
            # A county report whose text names one zone only, in that county: its projects are there.
            written = county_zone
        if written is not None:
            zone = gaz.zone_by_alias[written]
            r.zone, r.zone_known, r.county = zone.name, True, zone.county
    all_text = [s.text for s in sentences if s.paragraph >= 0]
    names = {x.name for x in resolved}
    next_sentence: dict[str, int] | None = None  # built once, when some project lacks its money
    mentions: list[ProjectMention] = []
    seen: set[tuple[Stage, str]] = set()
    for r in resolved:
        zone, zone_known, county = r.zone, r.zone_known, r.county
        if zone is None and r.name in zone_of_name:
            zone, zone_known, county = zone_of_name[r.name]
        if county is None:
            county = _county_placed_in(r.name, r.cand.sentence, gaz) or scope.county
        key = (r.cand.stage, r.name)
        if key in seen:
            continue
        seen.add(key)
        if zone is not None and not zone_known:
            warnings.append(f"unknown zone: {zone}")
        investment = r.cand.investment
        if investment is None:
            if next_sentence is None:
                next_sentence = _investments_next_sentence(all_text, names)
            investment = _investment_stated_for(
                r.name, all_text, single=len(names) == 1
            ) or next_sentence.get(r.name)
        mentions.append(
            ProjectMention(
                stage=r.cand.stage,
                name=r.name,
                zone=zone,
                zone_known=zone_known if zone is not None else False,
                county=county,
                capacity=_capacity(r.name),
                industry=classify_industry(r.name),
                investment_yuan=investment,
                sentence=r.cand.sentence,
            )
        )
    return mentions


_OUTPUT_LEAD = r"(?:年产能|年产|年处理|年加工|年生产|年回收|日产|日处理)"


def _restore_output_prefix(resolved: list[_Resolved], body: list[str]) -> None:
    """A name repeated without its yearly output (除球墨铸管项目外, after "年产12万吨球墨铸管项目" was
    named) takes the one full form the text gives it."""
    text = "\n".join(body)
    for r in resolved:
        if _capacity(r.name) is not None or len(_strip_suffix(r.name)) < 3:
            continue
        full = {
            m.group(0)
            for m in re.finditer(
                rf"{_OUTPUT_LEAD}(?:\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)(?:万|亿|千|百)?[^\d,。;:、“”!?\s]{{1,6}}?"
                + re.escape(r.name),
                text,
            )
            if _capacity(m.group(0)) is not None
        }
        if len(full) == 1:
            r.name = full.pop()


# "A、B和C,计划总投资分别为8.2亿元、5.6亿元和3.15亿元" / "A和B成功签约,分别投资…" after the names.
_RESPECTIVE_INVESTMENT_RE = re.compile(
    r"(?:(?:计划)?总?投资(?:额|总额)?分别|分别(?:计划)?(?:总)?投资)(?:约|达|为|是|近|超)*(?P<amounts>[^;。]+)"
)


def _respective_investments(resolved: list[_Resolved]) -> None:
    """Amounts given "respectively" after the names of a sentence go to those names in order, when
    there are exactly as many amounts as distinct names written before them."""
    by_sentence: dict[str, list[_Resolved]] = {}
    for r in resolved:
        by_sentence.setdefault(r.cand.sentence, []).append(r)
    for sentence, group in by_sentence.items():
        m = _RESPECTIVE_INVESTMENT_RE.search(sentence)
        if m is None:
            continue
        amounts = find_money(m.group("amounts"))
        positions: dict[str, int] = {}
        for r in group:
            at = sentence.rfind(r.name, 0, m.start())
            if at >= 0:
                positions.setdefault(r.name, at)
        names = sorted(positions, key=positions.__getitem__)
        if (
            len(amounts) > len(names)
            and ","
            in m.group("amounts")[amounts[len(names) - 1].end if names else 0 : amounts[len(names)].start]
        ):
            amounts = amounts[: len(names)]
        if not names or len(amounts) != len(names):
            continue
        # Names inside one another (铸件项目 in 精密铸件项目) make the order ambiguous.
        if any(a != b and a in b for a in names for b in names):
            continue
        amount_of = {name: money.yuan for name, money in zip(names, amounts, strict=True)}
        for r in group:
            if r.cand.investment is None and r.name in amount_of:
                r.cand.investment = amount_of[r.name]


# "2021年一季度签约的X项目" / "2022年3月开工的X项目": the stage is dated, right before the name.
_DATED_STAGE_RE = re.compile(
    r"(?P<year>20\d{2})年[^,。;:!?]{0,10}?(?:签约|开工|投产|竣工投产|建成投产|奠基)(?:的|了)?[^,。;:!?]{0,12}$"
)


def _dated_earlier(cand: _Candidate, published: date | None) -> bool:
    """A stage dated in an earlier year than the article is a recollection (2021年签约的X项目,如今…),
    not this article's event. The year before counts only after the first weeks of January, when
    a December round is still reported."""
    if published is None:
        return False
    at = cand.sentence.find(cand.raw)
    if at < 0:
        return False
    m = _DATED_STAGE_RE.search(cand.sentence[max(0, at - 30) : at])
    if m is None:
        return False
    year = int(m.group("year"))
    return year < published.year - 1 or (year == published.year - 1 and published.month > 2)


def _investment_stated_for(name: str, sentences: list[str], *, single: bool) -> int | None:
    """A project's own total investment stated elsewhere: "X项目总投资3.2亿元", or "该项目总投资…"."""
    # Also after a short "由…投资建设," clause about the same project (no other project between).
    pattern = re.compile(
        re.escape(name)
        + r"(?:[^,。;]{0,6}?|由(?:(?!项目)[^。;]){0,30}?(?:投资)?建设|(?:是|系)(?:(?!项目)[^,。;]){0,24}?项目)"
        + r",?"
        + _INVESTED
    )
    for text in sentences:
        m = pattern.search(text)
        if m:
            money = _money_in(text[m.end() : m.end() + 16])
            if money and money.start == 0:
                return money.yuan
    # Or in an attributive clause right before the name: "落户X、总投资12亿元的Y项目".
    attributive = re.compile(_INVESTED_OVER + r"(?P<amount>[^,。;、的]{1,14})的" + re.escape(name))
    for text in sentences:
        m = attributive.search(text)
        if m:
            money = _money_in(m.group("amount"))
            if money and money.start == 0 and money.end == len(m.group("amount")):
                return money.yuan
    if single:
        for text in sentences:
            m = re.search(
                r"(?:^|(?:该|此)项目[^。;]{0,40}?,)(?:该|此)?(?:项目)?(?:计划)?总投资(?:额)?(?:约|达|为|近|超)?"
                r"|(?:该|此)项目" + _INVESTED,
                text,
            )
            if m:
                money = _money_in(text[m.end() : m.end() + 16])
                if money and money.start == 0:
                    return money.yuan
    return None


# The sentence after one naming the project(s): 项目总投资6.2亿元 / 两个项目计划总投资分别为4.6亿元和2.8亿元.
_NEXT_SENTENCE_MONEY_RE = re.compile(
    rf"^(?:该|此|这个)?项目(?:[一二三四五\d]期(?:工程)?)?{_INVESTED_OVER}"
    rf"|^(?:这|该|上述|以上)?(?P<n>{_NUM})个项目(?:计划)?总?投资(?:额)?分别(?:约)?(?:为|是|达)?"
)


def _investments_next_sentence(sentences: list[str], names: set[str]) -> dict[str, int]:
    """Money stated right after the sentence that names the project(s): the one project a sentence
    names takes a following "项目总投资…"; the n projects it names take "n个项目…总投资分别为A和B" by
    position. → name → yuan."""
    out: dict[str, int] = {}
    for text, following in pairwise(sentences):
        m = _NEXT_SENTENCE_MONEY_RE.match(following)
        if m is None:
            continue
        present = [n for n in names if n in text]
        named = [
            n
            for _at, n in sorted(
                (text.find(n), n) for n in present if not any(n != o and n in o for o in present)
            )
        ]
        if m.group("n") is None:
            money = _money_in(following[m.end() : m.end() + 16])
            if len(named) == 1 and money and money.start == 0:
                out.setdefault(named[0], money.yuan)
            continue
        amounts = find_money(following[m.end() :].split(",")[0])
        if parse_count(m.group("n")) == len(named) == len(amounts):
            for n, money in zip(named, amounts, strict=True):
                out.setdefault(n, money.yuan)
    return out


def _stage_led_lists(text: str, gaz: Gazetteer) -> list[tuple[int, int, list[_Candidate]]]:
    """Lists led by their stage word, items separated by 、/和/以及, ";" or ",":

    现场签约的项目包括: A项目,总投资8.5亿元;B项目… / 集中签约的A、B,计划总投资分别为12亿元、7.3亿元 /
    签约的3个项目均落地X: A、B以及C / 集中开工的项目有: A、B等,均位于X / 签约项目中,A项目总投资6.5亿元,B项目…
    A header that ends the sentence with ":" opens a line-per-item list (see ``_continued_list``).
    """
    out: list[tuple[int, int, list[_Candidate]]] = []
    for m in _STAGE_LED_RE.finditer(text):
        # Plans and histories veto the header and the items, not a description after them.
        clause_start = max(text.rfind(c, 0, m.start()) for c in ",;:。") + 1
        first_clause = re.split(r"[,;]", text[m.end() :], maxsplit=1)[0]
        if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text[clause_start : m.end()] + first_clause)):
            continue
        stage = _STAGE_OF_WORD[m.group("verb")[-2:]]
        zone_hint = _header_zone(text, m, gaz)
        cands = _list_items(text[m.end() :].rstrip("。!?"), stage, text, zone_hint, gaz)
        if cands:
            out.append((m.start(), len(text), cands))
    return out


def _header_zone(text: str, m: re.Match[str], gaz: Gazetteer) -> str | None:
    """The zone a list header gives all its items: 均落户X / 落户X的2个签约项目 / X同时开工的还有."""
    if m.group("zone") or m.group("all_zone"):
        return m.group("zone") or m.group("all_zone")
    clause_start = max(text.rfind(c, 0, m.start()) for c in ",;:。") + 1
    zones = list(gaz.zone_prefix_re.finditer(text, clause_start, m.start()))
    if len(zones) == 1 and len(text[zones[0].end() : m.start()]) <= 8:
        return zones[0].group(0)
    return None


def _list_items(
    rest: str, stage: Stage, sentence: str, zone_hint: str | None, gaz: Gazetteer
) -> list[_Candidate]:
    """The project items at the start of ``rest``; an empty list when it does not start with one."""
    cands: list[_Candidate] = []
    for part in rest.split(";"):
        part = _LIST_MARKER_RE.sub("", part.strip())
        clauses = part.split(",")
        # …B项目等(3个)项目运行平稳 / …B项目等集中开工: the list ends at its 等.
        head = _LIST_END_RE.sub("", clauses[0])
        pieces = [_split_investment(item) for item in _split_items(head)]
        items = [_EVENT_TAIL_RE.sub("", item) for item, _ in pieces]
        if items:
            items[-1] = re.sub(r"等$", "", items[-1])
        if not items or not all(re.search(rf"{_NAME_END}$", item) for item in items):
            break
        amounts: list[int | None] = [amount for _, amount in pieces]
        new = [
            _Candidate(item, stage, sentence, investment=a) for item, a in zip(items, amounts, strict=True)
        ]
        respectively = False
        for clause in clauses[1:]:
            resp = _RESPECTIVELY_RE.match(clause)
            if resp:
                found = [money.yuan for money in find_money(resp.group("amounts"))]
                if len(found) == len(new):
                    for cand, amount in zip(new, found, strict=True):
                        cand.investment = amount
                respectively = True
                continue
            inv = re.match(_INVESTED, clause)
            if inv and inv.end() > 0 and len(new) == 1 and new[-1].investment is None:
                money = _money_in(clause[inv.end() :])
                if money is not None and money.start == 0:
                    new[-1].investment = money.yuan
                continue
            zone_clause = _ZONE_CLAUSE_RE.match(clause)
            if zone_clause and gaz.zone_prefix_re.match(zone_clause.group("zone")):
                zone_hint = zone_hint or zone_clause.group("zone")
                continue
            # Comma-separated items, each a bare name or with its money: A项目总投资6.5亿元,B项目…
            name, money_yuan = _split_investment(_LIST_MARKER_RE.sub("", clause))
            name = _LIST_END_RE.sub("", name)
            if (
                re.search(rf"{_NAME_END}$", name)
                and "、" not in name
                and (money_yuan is not None or _BARE_ITEM_RE.fullmatch(name))
            ):
                new.append(_Candidate(name, stage, sentence, investment=money_yuan))
        cands.extend(new)
        if len(items) > 1 or respectively:
            break
    for cand in cands:
        cand.zone_hint = cand.zone_hint or zone_hint
    return cands


def _split_investment(head: str) -> tuple[str, int | None]:
    """ "A项目(总投资3.2亿元)" / "A项目总投资6亿元" → ("A项目", 320000000); no money → (head, None)."""
    m = _ITEM_MONEY_RE.search(head)
    if m is None:
        return head, None
    money = _money_in(m.group(0))  # with its 投资 word: a bare 亿/万 is money only after one
    return head[: m.start()], money.yuan if money else None


def _continued_list(sentences: list[Sentence], index: int, gaz: Gazetteer) -> tuple[list[_Candidate], int]:
    """A header line ending in ":" (签约项目如下: / 签约的4个项目均落户X,分别是:) and the item lines
    after it (1.A项目,投资15000万元; / ——A项目,总投资2.3亿元;). → (candidates, lines used)."""
    header = sentences[index].text.rstrip()
    if not header.endswith((":", "。")) or NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", header)):
        return [], 0
    matches = [m for m in _STAGE_LED_RE.finditer(header) if not header[m.end() :].strip(":。")]
    if not matches:
        return [], 0
    m = matches[-1]
    # A full stop closes a header only when it gives the list's zone (签约项目均落户X。 then ■ lines).
    if header.endswith("。") and not (m.group("all_zone") or m.group("zone")):
        return [], 0
    stage = _STAGE_OF_WORD[m.group("verb")[-2:]]
    lines: list[str] = []
    for s in sentences[index + 1 :]:
        if s.paragraph <= sentences[index].paragraph or not _LIST_MARKER_RE.match(s.text):
            break
        lines.append(_LIST_MARKER_RE.sub("", s.text).rstrip("。;"))
    if not lines:
        return [], 0
    cands = _list_items(";".join(lines), stage, header, _header_zone(header, m, gaz), gaz)
    for cand in cands:
        cand.sentence = next((line for line in lines if cand.raw in line), header)
    return cands, len(lines)


def _enumerations(text: str, *, round_report: bool) -> list[tuple[int, int, list[_Candidate]]]:
    """Lists of projects: A项目、B项目…等15个项目…签约 (the 等N个项目 anchor, or ≥2 named items)."""
    out: list[tuple[int, int, list[_Candidate]]] = []
    if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text)):
        return out
    for anchor in _ENUM_COUNT_RE.finditer(text):
        list_start = max(text.rfind(c, 0, anchor.start()) for c in ",;:。") + 1
        segment = text[list_start : anchor.start()]
        stage = _stage_near(text, list_start, anchor.end())
        if stage is None:
            continue
        out.append(
            (list_start, anchor.end(), [_Candidate(item, stage, text) for item in _split_items(segment)])
        )
    # Lists without the 等N个 anchor: every item must itself end like a project name.
    for m in re.finditer(
        rf"(?:[^,;:。、]+?{_NAME_END}{_ITEM_MONEY_BRACKET}(?:、|和|以及|及|与)){{1,}}[^,;:。、]+?{_NAME_END}{_ITEM_MONEY_BRACKET}",
        text,
    ):
        if any(a <= m.start() < b for a, b, _ in out):
            continue
        after = text[m.end() : m.end() + 25]
        before = text[max(0, m.start() - 25) : m.start()]
        # 来到A项目和B项目生产车间观摩: workshops visited during a round are in production.
        workshop = round_report and re.match(r"的?(?:生产)?车间", after) and _VISIT_RE.search(text)
        if not workshop and not re.search(r"签约|开工|投产|奠基|生产线", after + before):
            continue
        stage = "in_production" if workshop else _stage_near(text, m.start(), m.end())
        if stage is None:
            continue
        pieces = [_split_investment(item) for item in _split_items(m.group(0))]
        out.append((m.start(), m.end(), [_Candidate(item, stage, text, investment=a) for item, a in pieces]))
    return out


def _split_items(segment: str) -> list[str]:
    """Items of a 、-separated list; 和/及/以及 split only between two complete project names, each
    possibly followed by its own bracketed money (A项目(投资2900万元)和B项目(总投资1.1亿元))."""
    items: list[str] = []
    for part in segment.split("、"):
        items.extend(
            re.split(
                rf"(?:(?<=项目|工程|期\))|(?<=元\)))(?:以及|和|及|与)(?=.+{_NAME_END}{_ITEM_MONEY_BRACKET}$)",
                part,
            )
        )
    return [item.strip() for item in items if item.strip()]


def _clause_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in ",;:") + 1
    rights = [i for i in (text.find(c, end) for c in ",;。") if i >= 0]
    return text[left : min(rights) if rights else len(text)]


def _triggered(text: str, *, round_report: bool) -> list[tuple[_Candidate, tuple[int, int]]]:
    """Single named projects right before their trigger: X项目开工奠基仪式, 观摩X项目生产线."""
    out: list[tuple[_Candidate, tuple[int, int]]] = []
    for m in _PROJECT_NAME_RE.finditer(text):
        t = _TRIGGER_RE.match(text, m.end()) or _SITE_TRIGGER_RE.match(text, m.end())
        if t is None:
            continue
        gap = t.groupdict().get("gap") or ""
        clause = _clause_around(text, m.start(), t.end())
        if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", clause)):
            continue
        if re.search(r"[项工]目|等\d", gap):
            continue
        if LOOKING_BACK_RE.search(text[: m.start()]):
            continue
        trigger = t.group("trigger")
        if trigger in ("生产线", "生产车间", "车间") and not (
            _VISIT_RE.search(text[: m.end()]) or _VISIT_RE.search(_clause_around(text, t.end(), t.end()))
        ):
            continue
        if trigger in ("生产车间", "车间") and not round_report:
            continue  # a workshop visit outside a round is a leaders' tour, not a stage
        if trigger in ("生产车间", "车间") and re.search(
            r"建设|施工|在建|装修", text[t.end() : t.end() + 12]
        ):
            continue  # a workshop being built is no production
        stage = _TRIGGER_STAGE.get(trigger, "started" if trigger == "奠基" else None)
        if stage is None:
            continue
        out.append((_Candidate(m.group(0), stage, text, zone_hint=gap or None), (m.start(), m.end())))
    return out


# One project picked out of a stage's projects: 6个投产项目中,X项目系去年签约… / 开工的3个项目里,X项目…
_PICKED_FROM_STAGE_RE = re.compile(
    rf"(?:^|(?<=[,;:]))(?:在)?(?:{_NUM}个)?(?P<verb>签约|开工|投产|竣工投产|建成投产)(?:的)?(?:{_NUM}个)?"
    r"(?:重点|重大)?项目(?:中|里|当中|之中),(?:其中)?"
)


def _picked_from_a_stage(text: str) -> list[tuple[_Candidate, tuple[int, int]]]:
    """The project right after "N个投产项目中," is of that stage, whatever its description says
    (系去年签约、今年开工建设的项目 describes its history, not this round)."""
    out: list[tuple[_Candidate, tuple[int, int]]] = []
    for m in _PICKED_FROM_STAGE_RE.finditer(text):
        clause_start = max(text.rfind(c, 0, m.start()) for c in ",;:。") + 1
        if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text[clause_start : m.end()])):
            continue
        if LOOKING_BACK_RE.search(text[: m.start()]):
            continue  # 今年以来,全县开工项目中,X项目…: a progress report, not a round's stage
        name = _PROJECT_NAME_RE.match(text, m.end())
        if name is None or re.search(r"[与和及、]", name.group(0)):
            continue  # a list: the list shapes read it
        if re.search(r"元|以上|以下", name.group(0)) or re.match(
            rf"(?:共|达|为)?{_NUM}(?:个|项)", text[name.end() :]
        ):
            continue  # a size class with its count (亿元以上项目5个), not a project
        out.append((_Candidate(name.group(0), _STAGE_OF_WORD[m.group("verb")[-2:]], text), name.span()))
    return out


def _venues_and_partners(text: str) -> list[tuple[_Candidate, tuple[int, int]]]:
    """A ceremony held at a project's site (started when the event is a 开工) and a signing with a
    named partner (X与一家企业签约Y项目)."""
    out: list[tuple[_Candidate, tuple[int, int]]] = []
    if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text)):
        return out
    for m in _VENUE_PROJECT_RE.finditer(text):
        context = m.group("where") + (m.group("site") or "")
        if "开工" in context or (
            m.group("where") in ("主会场", "分会场", "仪式") and re.search(r"开工", text)
        ):
            if "签约" in context:
                continue
            out.append((_Candidate(m.group("name"), "started", text), m.span("name")))
    for m in _PARTNER_SIGNING_RE.finditer(text):
        out.append((_Candidate(m.group("name"), "signed", text), m.span("name")))
    return out


def _zoned_items(text: str, stage: Stage, gaz: Gazetteer) -> list[_Candidate]:
    """In a stage's section paragraph, ";"-separated statements each opening with a zone and a
    project name: X开发区A项目总投资12.5亿元,由…;Y开发区B项目总投资6.8亿元,…"""
    out: list[_Candidate] = []
    if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", text)):
        return out
    for part in text.rstrip("。").split(";"):
        zone = gaz.zone_prefix_re.match(part)
        name = _PROJECT_NAME_RE.match(part, zone.end()) if zone else None
        if name is None or not re.match(r"(?:,|由|是|总投资|计划总投资|投资|\()", part[name.end() :]):
            return []  # every statement must open this way, or the sentence is something else
        out.append(_Candidate(part[: name.end()], stage, text))
    return out


# Stage cues for a zone-named project the list shapes missed (nearest one wins). A cue followed by 后
# (建成投产后) is a prospect, not an event.
_CUE_RE = re.compile(
    r"(?P<cue>签约|开工|奠基|动工|竣工投产|建成投产|点火|试产|投产|投运|生产线)(?!后|以后|之后|率|总额)"
)
_CUE_STAGE: dict[str, Stage] = {
    "签约": "signed",
    "开工": "started",
    "奠基": "started",
    "动工": "started",
    "竣工投产": "in_production",
    "建成投产": "in_production",
    "点火": "in_production",
    "试产": "in_production",
    "投产": "in_production",
    "投运": "in_production",
    "生产线": "in_production",
}
# Visits to a site under construction, supervision and the like are no stage of a round.
_NOT_A_STAGE_RE = re.compile(r"正在建设|建设中|在建|施工中|督导|调研|检查|规划|拟|计划(?!总投资)")


_STAGE_BEFORE_NAME_RE = re.compile(
    r"(?:^|[,;:])(?:此次|本次|当天|同日|集中)?(签约|开工|竣工投产|建成投产|投产)的$"
)
_PICKED_ITEM_RE = re.compile(
    rf"(?:^其中|,)(?:[^,。;]{{0,4}}:)?([^,。;:、“”]{{2,40}}?{_NAME_END}){_INVESTED_OVER}\d"
)
_OUTPUT_NAME_START_RE = re.compile(
    rf"(?:(?<=^)|(?<=[,;:、“(])|(?<=了|的|有|是|为|在))年产(?:\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+)(?:万|亿|千|百)?[^\d,。;]"
)


def _zone_named_projects(sentences: list[Sentence], gaz: Gazetteer) -> list[_Candidate]:
    """Catch-all of a round report: every "<zone><name>项目" of the body, staged by the nearest stage
    cue of its clause, else of its sentence, else (其中,… after a totals sentence) the first stage the
    previous sentence reports. Plans, histories and visits to building sites give nothing."""
    out: list[_Candidate] = []
    previous = ""
    for s in sentences:
        if s.paragraph < 0:
            continue
        text = s.text
        if _picks_out_of_a_look_back(text, previous):
            previous = text
            continue
        # A name opens with its zone, or with its yearly output (年产5万吨…项目), which no
        # non-project phrase does.
        starts = [(m.start(), m.end()) for m in gaz.zone_prefix_re.finditer(text)]
        starts += [
            (m.start(), m.start())
            for m in _OUTPUT_NAME_START_RE.finditer(text)
            if not any(a <= m.start() <= b for a, b in starts)
        ]
        if text.startswith("其中") and _STAGE_WORD_RE.search(previous):
            # 其中,A项目投资1.6亿元,B项目投资7800万元: picked-out items, each with its own money.
            starts += [
                (m.start(1), m.start(1))
                for m in _PICKED_ITEM_RE.finditer(text)
                if not any(a <= m.start(1) <= b for a, b in starts)
            ]
        for start, body_start in starts:
            name = _PROJECT_NAME_RE.match(text, start)
            if name is None or not re.fullmatch(rf"[^,。;:、“”!?]+?{_NAME_END}", name.group(0)):
                continue
            if re.search(r"[与和及、]", text[body_start : name.end()]):
                continue  # two names or a clause, not one project
            clause = _clause_around(text, name.start(), name.end())
            # 投产的X项目去年8月开工,…当天投产: the stage written right before the name is the
            # project's; the history told after the name does not veto it.
            led = _STAGE_BEFORE_NAME_RE.search(text, max(0, name.start() - 12), name.start())
            checked = clause[: clause.find(name.group(0)) + len(name.group(0))] if led else clause
            if NOT_AN_EVENT_RE.search(_EVENT_MASK_RE.sub("", checked)) or _NOT_A_STAGE_RE.search(checked):
                continue
            if LOOKING_BACK_RE.search(text[: name.start()]):
                continue
            stage = (
                _STAGE_OF_WORD[led.group(1)[-2:]]
                if led
                else _nearest_cue(text, name.start(), name.end(), clause, sentence_wide=False)
            )
            if stage is None and text.startswith("其中"):
                # 其中,… picks out of the statement before it: that statement's (first) stage.
                first = _STAGE_WORD_RE.search(previous)
                stage = _STAGE_OF_WORD[first.group(0)[-2:]] if first else None
            if stage is None:
                stage = _nearest_cue(text, name.start(), name.end(), clause, sentence_wide=True)
            if stage is not None:
                out.append(_Candidate(name.group(0), stage, text, fallback=True))
        previous = text
    return out


def _picks_out_of_a_look_back(text: str, previous: str) -> bool:
    """ "其中,X项目已建成投产" after "一年来,…累计签约项目80个": an example of the look-back, no event."""
    return text.startswith("其中") and bool(LOOKING_BACK_RE.search(previous))


def _nearest_cue(text: str, start: int, end: int, clause: str, *, sentence_wide: bool) -> Stage | None:
    """The stage cue of the name's clause (after it first), else the nearest one in the sentence."""
    at = text.find(clause)
    after = [m for m in _CUE_RE.finditer(text, end, at + len(clause))]
    if after:
        return _CUE_STAGE[after[0].group("cue")]
    before = [m for m in _CUE_RE.finditer(text, at, start)]
    if before:
        return _CUE_STAGE[before[-1].group("cue")]
    if not sentence_wide:
        return None
    cues = list(_CUE_RE.finditer(text))
    if not cues:
        return None
    nearest = min(cues, key=lambda m: min(abs(m.start() - end), abs(start - m.end())))
    return _CUE_STAGE[nearest.group("cue")]


def _paragraph_zones(sentences: list[Sentence], gaz: Gazetteer) -> dict[str, str]:
    """Sentence → the only zone its paragraph names before it (none when it names several)."""
    out: dict[str, str] = {}
    zones: set[str] = set()
    paragraph = None
    for s in sentences:
        if s.paragraph != paragraph:
            paragraph, zones = s.paragraph, set()
        if len(zones) == 1:
            out.setdefault(s.text, next(iter(zones)))
        zones.update(gaz.zone_by_alias[z].name for z in gaz.zone_prefix_re.findall(s.text))
    return out


_ABOVE_IN_ZONE_RE = re.compile(
    rf"^(?:以上|上述|这些)(?:{_NUM}个)?(?:重点|重大)?项目(?:均|都|全部|全都|同样)(?:落户|落地|位于|集中在|坐落在|布局在)(?:了|于|在)?"
)


def _zone_statements(sentences: list[Sentence], gaz: Gazetteer) -> dict[Stage | None, str]:
    """Zones that all projects of a stage (key) or of the round (key None) are in."""
    out: dict[Stage | None, str] = {}
    for index, s in enumerate(sentences):
        if s.paragraph < 0:
            continue
        above = _ABOVE_IN_ZONE_RE.match(s.text)
        if above:
            # 以上项目均位于X after a list: the stage of the list's header, the last stage word before.
            zone = gaz.zone_prefix_re.match(s.text, above.end())
            before = next(
                (
                    w
                    for b in reversed(sentences[max(0, index - 8) : index])
                    for w in reversed(_STAGE_WORD_RE.findall(b.text))
                ),
                None,
            )
            if zone is not None and before is not None:
                out.setdefault(_STAGE_OF_WORD[before[-2:]], zone.group(0))
            continue
        for m in _ALL_IN_ZONE_RE.finditer(s.text):
            zone = gaz.zone_prefix_re.match(s.text, m.end())
            if zone is None:
                continue
            stages = {
                _STAGE_OF_WORD[w[-2:]]
                for w in _STAGE_WORD_RE.findall(m.group("lead") + (m.group("own") or ""))
            }
            for stage in stages or {None}:
                out.setdefault(stage, zone.group(0))
    return out


def _capacity(name: str) -> str | None:
    m = _CAPACITY_RE.search(name)
    if m is None:
        return None
    capacity = m.group(0)
    if _POWER_RATING_RE.search(capacity):
        # A power rating is a rating, not a yearly output: 年产250万千瓦 → 250万千瓦.
        capacity = re.sub(r"^(?:年产能|年产|年生产|产能)", "", capacity)
    return capacity


_LIST_STAGE_WORD_RE = re.compile(r"签约|开工|投产|奠基|生产线")
_LIST_STAGE: dict[str, Stage] = {
    "签约": "signed",
    "开工": "started",
    "奠基": "started",
    "投产": "in_production",
    "生产线": "in_production",
}


def _stage_near(text: str, start: int, end: int) -> Stage | None:
    """The stage a list is reported under: the first stage word after it, else the last one before it."""
    after = _LIST_STAGE_WORD_RE.search(text, end)
    if after:
        return _LIST_STAGE[after.group(0)]
    before = list(_LIST_STAGE_WORD_RE.finditer(text, 0, start))
    return _LIST_STAGE[before[-1].group(0)] if before else None


def _clean_name(raw: str, gaz: Gazetteer) -> tuple[str, str | None, bool, str | None, int | None] | None:
    """Raw candidate → (name, zone as canonical/written, zone known?, county, investment) or None."""
    name = raw.strip(" “”\"'")
    leads = list(_NAME_LEAD_RE.finditer(name))
    if leads:  # cut after the last context word (观摩了…, 图为…)
        name = name[leads[-1].end() :]
    investment: int | None = None
    inv = _INVESTMENT_PREFIX_RE.match(name)
    if inv:
        money = find_money(inv.group("money"))
        if money:
            investment = money[0].yuan
            name = name[inv.end() :]
    # A header before a colon is not part of the first item (各具特色:一是X项目 / 具体为:X项目).
    name = _LIST_MARKER_RE.sub("", name.rsplit(":", 1)[-1])
    # Context before a known zone is not part of the name (临汾分会场设在X开发区…, 一是X开发区…).
    for zone_at in reversed(list(gaz.zone_prefix_re.finditer(name, 1))):
        if len(_strip_suffix(name[zone_at.end() :]).lstrip("的")) >= 2:
            name = name[zone_at.start() :]
            break
    # 该区X项目 / 园区内X项目: a reference to the zone named before (the zone comes from context).
    name = re.sub(r"^(?:位于|在|由|该区|该县|该市|该园区|该开发区|该集聚区|园区内|区内)", "", name)
    zone_written: str | None = None
    zone_known = False
    county: str | None = None
    zm = gaz.match_zone_prefix(name)
    rest = name[len(zm.written) :] if zm is not None else ""
    if zm is not None and len(_strip_suffix(rest).lstrip("的")) >= 2 and not rest.startswith("("):
        zone_written, zone_known, county = zm.name, zm.zone is not None, zm.county
        name = name[len(zm.written) :].lstrip("的")
    loc = _LOCATION_PREFIX_RE.match(name)
    # …产业园(二期)项目: a phase in brackets makes the place the project's own name.
    if loc and len(_strip_suffix(name[loc.end() :])) >= 4 and not name[loc.end() :].startswith("("):
        name = name[loc.end() :]
    name = re.sub(r"等(?:重点|重大)?项目$", "", name).strip(" ,、")
    if county is None:
        county = gaz.county_in(name[:4]) if gaz.county_re.match(name) else None
    core = _strip_suffix(name)
    if _GROUP_RE.search(core):
        return None  # 两个装备制造项目 / 襄汾县7个项目: a group, not a name
    if len(core) < 2 or not _GENERIC_WORDS_RE.sub("", core).strip("()、,"):
        return None
    # Enumeration items without 项目 (…等15个项目 anchors them) are named as written, if long enough.
    if not re.search(rf"{_NAME_END}$", name) and len(core) < 4:
        return None
    return name, zone_written, zone_known, county, investment


def _strip_suffix(name: str) -> str:
    return re.sub(rf"{_NAME_END}$", "", name)

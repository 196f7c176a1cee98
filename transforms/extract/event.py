"""The event an announcement reports: the province-wide round (year, ordinal) or one local event,
its date, its venue and its stage (for a single groundbreaking, signing or commissioning)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from transforms.classify import campaign_mentions
from transforms.extract.lexicon import Lexicon
from transforms.numbers import parse_count
from transforms.records import Campaign, Stage
from transforms.text import Sentence

CAMPAIGN_WORD = "三个一批"
_CN_SMALL = "一二三四五六七八九十"
_ORDINAL_RE = re.compile(
    rf"(?:(?P<year>\d{{4}})年(?:度)?|(?P<rel>今年|本年|去年|明年))?[^,。;“”\d]{{0,12}}?"
    rf"(?:第(?P<ord>[{_CN_SMALL}\d]{{1,3}})(?:次|期|批|轮|季)|(?P<quarter>[一二三四1-4])季度)"
)
_YEAR_RE = re.compile(r"(?P<year>20\d{2})年")
_DATE_RE = re.compile(r"(?:(?P<year>20\d{2})年)?(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日")
# A dateline or a publication stamp: 2023-12-02 09:09 / 2021年08月27日 / 发布时间:2021-08-27
_STAMP_RE = re.compile(
    r"(?P<year>20\d{2})[-/.年](?P<month>1[0-2]|0?[1-9])[-/.月](?P<day>3[01]|[12]\d|0?[1-9])"
)
_VENUE_RE = re.compile(
    r"分会场(?:设在|设于|位于|在)(?P<venue>[^,。;!?]{2,40})"
    r"|主会场(?:设在|设于|位于)(?P<main>[^,。;!?]{2,40})"
    r"|(?:活动|仪式)(?:在|于)(?P<at>[^,。;!?]{2,30}?)(?:举行|举办|召开)"
)
# a year in the event's own sentence: 2021年 / 2020第二季 / 在2013平遥古城招商洽谈会上
_YEAR_IN_SENTENCE_RE = re.compile(r"(20\d{2})(?:年|(?=第|季度)|(?=[\u4e00-\u9fff]{2,12}(?:会|节|博览会)))")
# a dateline or source line: its date is when the page was published
_STAMP_LINE_RE = re.compile(
    r"来源|发布|时间[::]|日期|编辑|\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{4}年\d{2}月\d{2}日\s*\d{1,2}:\d{2}"
)
_NOT_THE_DAY_AFTER = ("前", "后", "起", "至", "-", "以来")
# 3月31日电 / 2018年8月6日讯: a dateline, the day the report was filed
_DATELINE_ENDS = ("电", "讯")


def find_event(sentences: list[Sentence], published: date | None, lex: Lexicon) -> Campaign | None:
    """The round when the text reports one (``is_round``), else the local event with its date."""
    rounds = campaign_mentions([s.text for s in sentences[:12]])
    anchor, year, ordinal, label = _round(sentences, rounds, published)
    is_round = anchor is not None
    if anchor is None:
        anchor = next(
            (s for s in sentences if lex.has("events", s.text)), sentences[0] if sentences else None
        )
        if anchor is None:
            return None
        label = lex.find("events", anchor.text).group(0) if lex.has("events", anchor.text) else ""
    event_date = _event_date(sentences, anchor, published, year)
    year = year or (event_date.year if event_date else None) or (published.year if published else None)
    if year is None:
        return None
    return Campaign(
        year=year,
        ordinal=ordinal,
        label=label or str(year),
        event_date=event_date,
        venue=_venue(sentences),
        sentence=anchor.text,
        is_round=is_round,
    )


def event_stage(sentences: list[Sentence], lex: Lexicon) -> Stage | None:
    """The one stage the event cues of the title and lead name (集中开工 → started), else None."""
    stages: Counter[Stage] = Counter()
    for s in sentences[:8]:
        for m in lex.patterns["events"].finditer(s.text):
            cue = lex.find("stages", m.group(0))
            if cue is not None:
                stages[lex.stage_of[cue.group(0)]] += 1
    if len(stages) == 1:
        return next(iter(stages))
    return None


def _round(
    sentences: list[Sentence], rounds: list[str], published: date | None
) -> tuple[Sentence | None, int | None, int | None, str]:
    anchor: Sentence | None = None
    for s in sentences:
        pos = s.text.find(CAMPAIGN_WORD)
        if pos < 0 or s.text not in rounds:
            continue
        anchor = anchor or s
        matches = list(_ORDINAL_RE.finditer(s.text[max(0, pos - 30) : pos]))
        if not matches:
            continue
        m = matches[-1]
        ordinal = parse_count(m.group("ord") or m.group("quarter"))
        if m.group("year"):
            year: int | None = int(m.group("year"))
        elif m.group("rel") and published is not None:
            year = published.year + {"今年": 0, "本年": 0, "去年": -1, "明年": 1}[m.group("rel")]
        else:
            years = _YEAR_RE.findall(s.text[max(0, pos - 30) : pos])
            year = int(years[-1]) if years else None
        return s, year, ordinal, m.group(0).lstrip('“”",')
    if anchor is not None:
        years = _YEAR_RE.findall(anchor.text)
        return anchor, (int(years[0]) if years else None), None, ""
    return None, None, None, ""


def _event_date(
    sentences: list[Sentence], anchor: Sentence, published: date | None, year: int | None
) -> date | None:
    """The event day: in the event sentence, else the first in the body (dateline and source lines are
    publication stamps, not the event). Its year as written, else the sentence's, else the round's,
    else the closest stamp or publication date on or after it, else the latest year the text names."""
    stamps = [_stamp(m) for s in sentences[:12] for m in _STAMP_RE.finditer(s.text)]
    refs = [d for d in [*stamps, published] if d is not None]
    body = [s for s in sentences if s.paragraph >= 0 and not _STAMP_LINE_RE.search(s.text)][:12]
    day = _day_in(anchor, body, refs, year, sentences, _NOT_THE_DAY_AFTER + _DATELINE_ENDS)
    # 本报1月5日讯 …今天上午,…正式开工: with no other day, the dateline's is the event's
    return day or _day_in(anchor, body, refs, year, sentences, _NOT_THE_DAY_AFTER)


def _day_in(
    anchor: Sentence,
    body: list[Sentence],
    refs: list[date],
    year: int | None,
    sentences: list[Sentence],
    not_after: tuple[str, ...],
) -> date | None:
    """The first day written in the event sentence, then the body, not followed by ``not_after``."""
    for s in [anchor, *body]:
        for m in _DATE_RE.finditer(s.text):
            if s.text[m.end() : m.end() + 2].startswith(not_after):
                continue
            month, day = int(m.group("month")), int(m.group("day"))
            years = _YEAR_IN_SENTENCE_RE.findall(s.text)
            if m.group("year"):
                candidates = [int(m.group("year"))]
            elif years:
                candidates = [int(years[0])]
            elif year is not None:
                candidates = [year]
            elif refs:
                candidates = sorted({r.year for r in refs} | {r.year - 1 for r in refs})
            else:
                named = [int(y) for t in sentences for y in _YEAR_RE.findall(t.text)]
                candidates = [max(named)] if named else []
            found = _closest_before(candidates, month, day, refs)
            if found is not None:
                return found
    return None


def _closest_before(years: list[int], month: int, day: int, refs: list[date]) -> date | None:
    options = []
    for y in years:
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if not options:
        return None
    if len(options) == 1 or not refs:
        return options[0]

    def gap(d: date) -> int:
        after = [(r - d).days for r in refs if (r - d).days >= 0]
        return min(after) if after else 10**6

    return min(options, key=gap)


def _stamp(m: re.Match[str]) -> date | None:
    try:
        return date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None


def _venue(sentences: list[Sentence]) -> str | None:
    for s in sentences:
        m = _VENUE_RE.search(s.text)
        if m:
            return (m.group("venue") or m.group("main") or m.group("at")).strip()
    return None

"""Whose figures an article states when a sentence does not say: its subject and its publisher.

Order: a region the title names (not a venue, office or partner); else the region that acts in the
lead (``X县举行…``); else the publisher (``临汾新闻网讯`` → 临汾市, ``来源:长治日报`` → 长治市); else
the home city of the site, 临汾市. ``我市``/``全市`` mean the publisher's city, or the county-level
city (侯马市, 永济市) whose own article it is; ``我县``/``全县`` the subject county.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.extract.lexicon import Lexicon
from transforms.extract.tag import Span, names_the_round, places
from transforms.gazetteer import Gazetteer, Region

_PUBLISHER_RE = re.compile(
    r"(?:来源|稿源)[::]\s*(?P<source>[^\s,。]{2,16}?)(?:日报|晚报|新闻网|融媒体|电视台|广播电视台|发布)"
    r"|(?P<desk>[\u4e00-\u9fff]{2,6}?)(?:新闻网|日报|融媒)讯"
)
_OWN_COUNTY_RE = re.compile(r"我县|本县|全县")
_ACTS_AFTER_RE = re.compile(r"^[^,;:。]{0,30}?(?:举行|举办|召开|开展|启动|集中|签约|开工|投产|开复工)")
_OWN_CITY_WORDS = ("我市", "全市", "本市")


@dataclass(frozen=True)
class Scope:
    subject: Region  # whose figures an unqualified clause states
    home_city: Region  # what 我市/全市 means in this article
    subject_county: str | None  # set when the subject is a county-level division (or a zone in one)


def article_scope(title: str, lead: list[str], body: str, lex: Lexicon, gaz: Gazetteer) -> Scope:
    home = (
        _county_level_city_desk(body, lex, gaz)
        or _publisher(body, gaz)
        or _most_named_city(title + "\n" + "\n".join(lead) + "\n" + body, lex, gaz)
        or gaz.city
    )
    own_county = _most_named_county(body, lex, gaz) if _OWN_COUNTY_RE.search(title + "".join(lead)) else None
    subject = (
        _named_subject(title, lex, gaz, home)
        or own_county
        or _acting_subject(lead, lex, gaz, home)
        or _named_subject("".join(lead), lex, gaz, home)
        or home
    )
    if subject.level == "county" and subject.name.endswith("市") and _speaks_as_own_city(body):
        home = subject  # a county-level city's own voice: its 我市 is itself
    county = subject.name if subject.level == "county" else None
    if subject.level == "zone":
        above = gaz.region_above_zone(subject.name)
        county = above.name if above.level == "county" else None
    return Scope(subject=subject, home_city=home, subject_county=county)


def resolve_place(span: Span, written: str, scope: Scope) -> Region | None:
    """The region a place span names in this article (None for a development zone)."""
    if span.own_county:
        return scope.subject if scope.subject_county else None
    if span.region is None:
        return None
    if written in _OWN_CITY_WORDS:
        return scope.home_city
    return span.region


def _publisher(body: str, gaz: Gazetteer) -> Region | None:
    for m in _PUBLISHER_RE.finditer(body[:600] + "\n" + body[-300:]):
        source = m.group("source") or m.group("desk") or ""
        found = gaz.region_re.search(source)
        if found:
            region = gaz.region_by_alias[found.group(0)]
            if region.level == "city":
                return region
    return None


def _county_level_city_desk(body: str, lex: Lexicon, gaz: Gazetteer) -> Region | None:
    """我市 on a county-level city's own desk (侯马市, 霍州市): every place the text names is that
    city's own (its zones, itself) and no prefecture-level city is named."""
    if not any(word in body for word in _OWN_CITY_WORDS):
        return None
    counties = set()
    for span in places(body, lex, gaz):
        if names_the_round(span, body) or body[span.start : span.end] in _OWN_CITY_WORDS:
            continue
        if span.region is not None and span.region.level != "county":
            return None
        county = span.zone_county or (
            span.region.name if span.region and span.region.level == "county" else None
        )
        if county:
            counties.add(county)
    if len(counties) == 1 and next(iter(counties)).endswith("市"):
        return Region(counties.pop(), "county")
    return None


def _most_named_county(body: str, lex: Lexicon, gaz: Gazetteer) -> Region | None:
    """我县 on a county's own desk: the county the text names most often (its zones counting for it)."""
    votes: dict[str, int] = {}
    for span in places(body, lex, gaz):
        county = span.zone_county or (
            span.region.name if span.region and span.region.level == "county" else None
        )
        if county is not None:
            votes[county] = votes.get(county, 0) + 1
    if not votes:
        return None
    return Region(max(votes, key=lambda c: votes[c]), "county")


def _most_named_city(body: str, lex: Lexicon, gaz: Gazetteer) -> Region | None:
    """The city the text names most often (the headline and lead count twice, as they are passed in
    twice), its counties counting for it: whose paper speaks when there is no publisher line. A city that states figures of its own (长治市签约项目30个) is another city
    reported beside this one, and a development zone is often a guest's affiliation: neither votes."""
    votes: dict[str, int] = {}
    for span in places(body, lex, gaz):
        if span.region is None or lex.has("stages", body[span.end : span.end + 6]):
            continue
        region = span.region
        county = region.name if region.level == "county" else None
        city = gaz.city_of_county.get(county) if county else (region.name if region.level == "city" else None)
        written = body[span.start : span.end]
        if city is not None and written not in _OWN_CITY_WORDS:
            votes[city] = votes.get(city, 0) + 1
    if not votes:
        return None
    return Region(max(votes, key=lambda c: votes[c]), "city")


def _resolve(span: Span, written: str, home: Region, gaz: Gazetteer) -> Region | None:
    if span.own_county:
        return None
    if span.zone_county is not None:
        return Region(span.zone_county, "county")  # a zone in one county speaks for it
    if span.zone is not None:
        return Region(span.zone, "zone")  # 太忻一体化经济区 (two cities): no county holds it
    if written in _OWN_CITY_WORDS:
        return home
    return span.region


def _named_subject(title: str, lex: Lexicon, gaz: Gazetteer, home: Region) -> Region | None:
    spans = [s for s in places(title, lex, gaz) if not names_the_round(s, title)]
    return _most_specific(spans, title, home, gaz)


def _acting_subject(lead: list[str], lex: Lexicon, gaz: Gazetteer, home: Region) -> Region | None:
    for sentence in lead:
        # 全省开发区…活动举行 names the province's round, not whose article this is
        acting = [
            s
            for s in places(sentence, lex, gaz)
            if _ACTS_AFTER_RE.match(sentence[s.end :])
            and not (s.region is not None and s.region.level == "province")
        ]
        found = _most_specific(acting, sentence, home, gaz)
        if found is not None:
            return found
    return None


def _most_specific(spans: list[Span], text: str, home: Region, gaz: Gazetteer) -> Region | None:
    """The first place named; 运城市永济 (a city then its county, adjacent) is the county."""
    if not spans:
        return None
    first = spans[0]
    region = _resolve(first, text[first.start : first.end], home, gaz)
    for nxt in spans[1:3]:
        if nxt.start - first.end > 1:
            break
        inner = _resolve(nxt, text[nxt.start : nxt.end], home, gaz)
        if inner is not None and inner.level == "county" and region is not None and region.level != "county":
            region = inner
        first = nxt
    return region


def _speaks_as_own_city(body: str) -> bool:
    return any(word in body for word in _OWN_CITY_WORDS)

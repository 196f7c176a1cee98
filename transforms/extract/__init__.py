"""Extraction: one article's text → its event, stage totals and named projects.

The stages, each a module with one entry function over plain data:

1. normalise (``transforms.normalize``): script, converter garbage, NFKC, one punctuation class;
2. segment (``transforms.text``): lines → sentences, keeping the paragraph of each;
3. tag (``tag``): stage cues, counts, money, distractors, places, from the lexicon and gazetteer;
4. fill slots (``totals``): stage totals — a stage cue with its count and/or money, not governed
   by a distractor;
5. attribute the region (``scope`` + ``totals``): the nearest place before the figure, else the
   article's subject (title, lead, publisher), never a venue;
6. projects (``projects``): one list grammar for named projects;
7. classify (``transforms.classify``) from what was found, and the event (``event``).

The vocabulary lives in ``transforms/data/lexicon.yaml`` and ``gazetteer.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from transforms.classify import CAMPAIGN_WORD, decide_kind, is_look_back_genre
from transforms.extract.event import event_stage, find_event
from transforms.extract.items import WORKS_HEADS
from transforms.extract.lexicon import Lexicon, load_lexicon
from transforms.extract.projects import find_projects
from transforms.extract.scope import article_scope
from transforms.extract.tag import DEFINES_A_PROJECT_RE
from transforms.extract.totals import find_stage_totals
from transforms.gazetteer import load_gazetteer
from transforms.normalize import normalize_text
from transforms.records import Extraction
from transforms.text import Sentence, split_sentences

__all__ = ["extract_article"]

_LEAD_SENTENCES = 5  # headline lines and the first body sentences: where an event is reported
# Page chrome is no part of the lead: a forum profile or table row (| 昵称:十年慢牛 |, 查看: 1953|回复: 0)
_CHROME_RE = re.compile(r"\||^[\u4e00-\u9fff]{1,6}[::]\s*\S{0,20}$")
# A headline: 6 to 60 characters, mostly Chinese, not a sentence (。), not a date, source or menu line.
_HEADLINE_MAX = 60
_HEADLINE_RE = re.compile(
    r"(?=(?:[^\n]*[\u4e00-\u9fff]){4})(?![^\n]*(?:\||来源|日期|时间|>|»|讯|编辑|记者|通讯员))[^\n]{4,60}(?<!。)"
)


# A headline about a meeting, a plan or a visit names stages without reporting one.
_NOT_AN_EVENT_TITLE_RE = re.compile(
    r"会|座谈|调度|推进|部署|观摩|调研|督导|检查|计划|谋划|力争|目标|预计|拟|将|有望|累计|截至|以来|加快|提速|推动|助力|名单"
)
# A strategic or framework agreement (战略框架协议签约仪式) sets up cooperation; it signs no project
# unless its clause names one.
_FRAMEWORK_RE = re.compile(r"(?:战略|框架)(?:合作)?(?:框架)?协议")
# …项目4月26日奠基 / X项目、Y项目同时开工 / X电站即日起开工 (a date or a manner word: plain 项目开工 is
# often prose)
_STAGE_VERBS = "开工|签约|投产|开复工|竣工|奠基|动工|开建"
_HEADS_BEFORE = "|".join(  # a lookbehind takes words of one length: one per length
    f"(?<={'|'.join(w for w in ('项目', '工程', *WORKS_HEADS) if len(w) == n)})"
    for n in sorted({len(w) for w in WORKS_HEADS} | {2})
)
_PROJECT_VERB_RE = re.compile(
    rf"(?:{_HEADS_BEFORE})"
    r"(?:[一二三四]期)?的?"
    r"(?:(?:\d{1,2}月\d{1,2}日|\d{1,2}日|当天|今天|日前|近日|即日起)(?:同时|同日|正式|顺利|集中|相继|全面)?"
    r"|(?:同时|同日|正式|顺利|集中|相继|全面|成功)(?:在[^,;:。在]{2,16}?)?(?:破土)?|首台(?:机组|风机)?"
    # X项目在平陆奠基 / X项目在晋中市正式开工建设: a project's event at a place
    rf"|在[^,;:。在]{{2,10}}?(?:同时|正式|顺利|集中|隆重)?(?={_STAGE_VERBS}))"
    rf"(?:{_STAGE_VERBS}|并网)"
)
# 与X公司签约“Y项目” / 签订了Z项目合作协议 / 签订《Z项目投资协议》: a named project signed
_SIGNED_NAME_RE = re.compile(
    r"签(?:订|署|约)了?(?:[《“\"](?:(?!\d+(?:个|项))[^,。《》“”\"]){3,60}?(?:项目|工程)[^,。《》“”\"]{0,8}[》”\"]"
    r"|(?:(?!\d+(?:个|项))[^,。《》]){3,60}?(?:项目|工程)(?:合作|投资|建设)?(?:协议|合同))"
)
# An occasion a figure was reached at: 在X推介会上 / X博览会期间 / X签字仪式上.
_OCCASION_RE = re.compile(r"([^,。;:]{2,40}?(?:会|节|论坛|仪式|峰会|大会))(?:上|期间)")
_FIGURE_RE = re.compile(r"\d+(?:\.\d+)?(?:亿|万)元?|\d+(?:个|项)")
_ROUND_UP_OCCASIONS = 3
_PROGRAMME_RE = re.compile(r"等[\d一二三四五六七八九十余多]*项活动|等(?:系列)?活动")
_PROGRESS_TITLE_RE = re.compile(r"如火如荼|推进|进展|提速|加速|加快|攻坚|有序|稳步")
_NOT_YET_RE = re.compile(r"预计|将|计划|拟|力争|争取|有望|确保|推动|推进|促进|旨在|加快|尽快|即将|有待")


def _reports_event(sentence: str, lex: Lexicon) -> bool:
    """An event cue that reports something happening: not under a running total (截至…34个项目建成
    投产) and not a plan or an expectation in its own clause (预计年底将正式建成投产)."""
    # an event cue, or a named project whose own verb is a stage (X项目、Y项目同时开工)
    cues = [
        *lex.patterns["events"].finditer(sentence),
        *_PROJECT_VERB_RE.finditer(sentence),
        *_SIGNED_NAME_RE.finditer(sentence),
    ]
    for m in cues:
        if re.match(r"(?:以|之)?后[,;]", sentence[m.end() :]):
            continue  # 正式投产后,每两分钟…: what happens after it (签约后立即开工 still reports both)
        before = sentence[: m.start()]
        clause = re.split(r"[,;:]", before)[-1]
        if lex.sentence_distractors.search(before) or _NOT_YET_RE.search(clause):
            continue
        return True
    return False


def _progress_report(title: str, sentences: list[Sentence], lex: Lexicon) -> bool:
    """A headline about progress (…项目如火如荼推进) over an undated lead that reports no held event
    (连日来,…如火如荼推进): the figures are a running portfolio (N个签约项目,前期手续加速办理), not an
    event's."""
    if not title or not _PROGRESS_TITLE_RE.search(title) or re.search(r"举行|举办|召开", title):
        return False
    lead = [s.text for s in sentences if s.paragraph >= 0][:3]
    dated = any(re.search(r"\d{1,2}月\d{1,2}日|当天|日前|近日", s) for s in lead)
    return not dated and not any(re.search(r"举行|举办|召开", s) and _reports_event(s, lex) for s in lead)


def _round_up(sentences: list[Sentence], lex: Lexicon) -> bool:
    """Figures of stages reached at three or more different occasions (在A推介会上签约18项…, B博览会
    期间签约102项…, C大会上…): a round-up of many events, each one a recollection, not this report's."""
    occasions = {
        m.group(1)
        for s in sentences
        if s.paragraph >= 0 and lex.has("stages", s.text) and _FIGURE_RE.search(s.text)
        for m in _OCCASION_RE.finditer(s.text)
    }
    return len(occasions) >= _ROUND_UP_OCCASIONS


def _headline_line(lines: list[str]) -> int:
    """The index of the headline among the first lines, or -1; the body's first sentence ends the search."""
    for i, line in enumerate(lines[:4]):
        if _HEADLINE_RE.fullmatch(line):
            return i
        if line.endswith("。") or len(line) > _HEADLINE_MAX:
            return -1
    return -1


def _headline_event(title: str, lead: list[str], lex: Lexicon) -> bool:
    """The headline names a stage event (…重点项目集中开复工), or the lead says one was held (举行项目
    集中签约仪式): an announcement even when the text gives no figures and no names."""
    if (
        title
        and lex.has("stages", title)
        and re.search("项目|工程", title)
        and not _NOT_AN_EVENT_TITLE_RE.search(title)
    ):
        return True  # X项目签约 / 重点项目集中开工
    return any(_held_event(clause, lex) for s in lead for clause in _clauses_of_this_event(s, lex))


def _clauses_of_this_event(sentence: str, lex: Lexicon) -> list[str]:
    """The clauses of a sentence up to a period or a running total that governs the rest of it
    (2021年,全省举行…活动 / 截至目前,…): what follows such a word is not this event."""
    governed = lex.sentence_distractors.search(sentence)
    return re.split(r"[,;:]", sentence[: governed.start()] if governed else sentence)


def _held_event(clause: str, lex: Lexicon) -> bool:
    """举行X项目签约仪式: a stage event held (not a cooperation framework without a project)."""
    if _FRAMEWORK_RE.search(clause) and not re.search("项目|工程", clause):
        return False
    if _PROGRAMME_RE.search(clause):
        return False  # 活动包括…举行集中签约仪式等10余项活动: an item of a programme, not a report
    return (
        _reports_event(clause, lex)
        and lex.has("stages", clause)
        and bool(re.search(r"举行|举办|主持", clause))
    )


def _only_described(sentence: str) -> bool:
    """X项目是…的重点项目 (not …是此次签约的最大项目: that one is this event's)."""
    return DEFINES_A_PROJECT_RE.match(sentence) is not None and not re.search(r"此次|本次|这次", sentence)


def extract_article(
    text: str, *, title: str | None = None, published: date | None = None, source: str = ""
) -> Extraction:
    """Classify one article and extract its event, stage totals and project mentions."""
    lex, gaz = load_lexicon(), load_gazetteer()
    body = normalize_text(text)
    sentences = split_sentences(body)
    if title:
        clean_title = normalize_text(title)
        sentences = [Sentence(clean_title, -1, -1), *sentences]
    else:
        # Plain text may carry its title in its first lines: a short line that is not a sentence of
        # the body, after any navigation, date or source lines.
        at = _headline_line(body.split("\n"))
        clean_title = body.split("\n")[at] if at >= 0 else ""
        sentences = [replace(s, paragraph=-1) if s.paragraph <= at else s for s in sentences]
    other = Extraction(source=source, title=clean_title, published=published, kind="other")
    if is_look_back_genre(clean_title, body) or _progress_report(clean_title, sentences, lex):
        return other
    if _round_up(sentences, lex) and not _headline_event(clean_title, [], lex):
        return other

    lead = [s.text for s in sentences if not _CHROME_RE.search(s.text)][:_LEAD_SENTENCES]
    scope = article_scope(clean_title, lead, body, lex, gaz)
    stage_totals = find_stage_totals(sentences, scope, lex, gaz)
    event_reported = any(_reports_event(s, lex) for s in lead)
    event = find_event(sentences, published, lex)
    projects = find_projects(sentences, event_stage(sentences, lex), scope.subject_county, lex, gaz)
    round_reported = event is not None and event.is_round and CAMPAIGN_WORD in body
    if (
        not (stage_totals or round_reported)
        and projects
        and all(_only_described(p.sentence) for p in projects)
    ):
        projects = []  # X项目是…的重点项目,于2021年4月开工: only described (a visit, a feature), not reported
    kind = decide_kind(
        title=clean_title,
        round_reported=round_reported,
        event_reported=event_reported,
        event_in_title=_headline_event(clean_title, lead, lex),
        stage_totals=stage_totals,
        projects=projects,
    )
    if kind == "other":
        return other
    return Extraction(
        source=source,
        title=clean_title,
        published=published,
        kind=kind,
        campaign=event,
        stage_totals=stage_totals,
        projects=projects,
        warnings=sorted({f"unknown zone: {p.zone}" for p in projects if p.zone and not p.zone_known}),
    )

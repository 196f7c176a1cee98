"""Fill stage-total slots from tagged sentences.

A *frame* opens at a stage cue and takes the first project count and the first amount of
investment that follow it, in its own clause or the next ones, until another stage cue, a subset
cue (其中, 以上) or a distractor closes it. Figures written before the cue in the same clause
(``7个项目集中开工``, ``总投资约5亿元的9个项目开工``) are pending and join the frame the cue opens.
A frame whose clause holds a distractor (全年, 截至, 计划…) is void: its figures are read and
dropped, so they cannot drift to a later cue. Figures with no stage cue in their sentence belong to
the previous sentence's frame when that one opened on an event and took nothing
(``…举行集中开工仪式。总投资9.78亿元的9个项目…``); otherwise they are a grand total or a
subtotal and are not stage totals. Each frame's region is the nearest place before it in the
paragraph, else the article's subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from transforms.extract.lexicon import Lexicon
from transforms.extract.scope import Scope, resolve_place
from transforms.extract.series import read_series
from transforms.extract.tag import DEFINES_A_PROJECT_RE, FIGURES_FIRST_RE, Span, names_the_round, tag_sentence
from transforms.gazetteer import Gazetteer, Region
from transforms.records import Stage, StageTotal
from transforms.text import Sentence

_ONE_PROJECT_RE = re.compile(
    r"^(?:[^,。]{0,8},)?(?:该|此(?![次批])|这个|这一)(?:(?:[\u4e00-\u9fff]{0,8})?项目|企业|公司)"
)
_BACK_REFERENCE_RE = re.compile(
    r"^(?:[^,]{0,6},)?(?:这些|上述|以上|该批|此批|此次|本次|这批)[^,;。]{0,12}?项目"
)


@dataclass
class _Frame:
    stage: Stage | None
    anchor: int  # where its region is looked up (the first figure or the cue)
    count: int | None = None
    money: int | None = None
    void: bool = False
    closed: bool = False
    listed_count: bool = False  # the count is a list's 等N个项目: a stage's only with money beside it
    region: Region | None = None  # set when the sentence names it for this frame alone (A市、B市分别…)

    @property
    def empty(self) -> bool:
        return self.count is None and self.money is None

    @property
    def stated(self) -> bool:
        """Has a figure of its own: money, or a count that is not merely a list's length."""
        return self.money is not None or (self.count is not None and not self.listed_count)

    def take(self, span: Span) -> None:
        counts = ("count", "closer")
        if self.closed or (span.kind in counts and self.count is not None):
            self.closed = True
            return
        if span.kind in counts:
            self.count = span.value
            self.listed_count = span.kind == "closer"
        elif span.kind == "money" and self.money is None:
            self.money = span.value


@dataclass
class _SentenceState:
    frames: list[_Frame] = field(default_factory=list)
    pending: _Frame | None = None  # figures before any cue in the current clause
    pending_clause: int = 0
    clause_void: bool = False
    sentence_void: bool = False  # a distractor governs the rest of its sentence (截至…,34个项目投产)
    clause_subset: bool = False


def find_stage_totals(
    sentences: list[Sentence], scope: Scope, lex: Lexicon, gaz: Gazetteer
) -> list[StageTotal]:
    found: list[StageTotal] = []
    waiting: _Frame | None = None  # the previous sentence's empty event frame
    paragraph_places: list[tuple[Span, str]] = []
    paragraph = None
    last_total: StageTotal | None = None  # the previous sentence's last total
    defaulted: list[StageTotal] = []  # totals whose region is the article's subject, not a place
    governed_before = False  # the previous sentence of the paragraph is under a period or running total
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph, paragraph_places, governed_before = sentence.paragraph, [], False
        text = sentence.text
        elaborates = governed_before and _ELABORATES_RE.match(text) is not None
        governed_before = lex.sentence_distractors.search(text) is not None
        if elaborates:
            waiting, last_total = None, None
            continue  # 截至目前,…。特别是X新签约项目12个: a part of that running total, not an event's
        if _ONE_PROJECT_RE.match(text) or DEFINES_A_PROJECT_RE.match(text):
            waiting, last_total = None, None
            continue  # 该项目2020年签约,总投资8.5亿元: one project's history, not a stage total
        series, text_left = read_series(text, lex, gaz)
        respective = [
            _Frame(f.stage, anchor=f.at, count=f.count, money=f.money, region=f.region) for f in series
        ]
        spans = tag_sentence(text_left, lex, gaz)
        frames, leftover = _fill(spans, text_left)
        frames = respective + frames
        if waiting is not None and _continues_the_event(leftover, text):
            assert leftover is not None
            waiting.count, waiting.money, waiting.anchor = leftover.count, leftover.money, leftover.anchor
            waiting.listed_count = leftover.listed_count
            frames.insert(0, waiting)
        elif leftover is not None and _money_of_the_last(leftover, last_total, text):
            assert last_total is not None
            found.append(replace(last_total, investment_yuan=leftover.money, sentence=text))
        waiting, last_total = None, None
        places = [(s, text[s.start : s.end]) for s in spans if s.kind == "place"]
        for frame in frames:
            if frame.void or frame.stage is None:
                continue
            if frame.empty:
                waiting = frame if frame is frames[-1] else None
                continue
            if not frame.stated:
                continue
            region, explicit = frame.region, True
            if region is None:
                region, explicit = _region_at(frame.anchor, places, paragraph_places, scope, text)
            if region is not None:
                last_total = _total(frame, region, text)
                found.append(last_total)
                if not explicit:
                    defaulted.append(last_total)
        # 全省开发区…“三个一批”活动举行。本次签约项目…: a province naming the round is no later subject
        paragraph_places = paragraph_places + [(s, w) for s, w in places if not names_the_round(s, text)]
    return _best_per_key(_repeats_dropped(found, defaulted))


# 特别是 / 尤其是 / 其中: the sentence singles out a part of what the sentence before it said
_ELABORATES_RE = re.compile(r"^(?:特别是|尤其是|其中)")


def _continues_the_event(leftover: _Frame | None, sentence: str) -> bool:
    """…举行集中开工仪式。总投资9.78亿元的9个项目…: figures that open the sentence right after an event
    cue with no figures of its own are that event's (a count is needed: one project's money is not)."""
    if leftover is None or leftover.void or leftover.count is None:
        return False
    head = sentence[: leftover.anchor]
    return not re.search(r"[,;:]", head[6:]) and len(head) <= 24


def _money_of_the_last(leftover: _Frame, last: StageTotal | None, sentence: str) -> bool:
    """这些项目…总投资456.4亿元: a sentence that refers back to the projects just counted (or counts them
    again) and gives their money completes the previous sentence's total."""
    if last is None or last.investment_yuan is not None or leftover.money is None or leftover.void:
        return False
    if leftover.count is None:
        return _BACK_REFERENCE_RE.match(sentence) is not None
    # 首批十大重点工程启动…。首批十大重点工程总投资24亿元: the same count again, now with its money
    return leftover.count == last.project_count


def _fill(spans: list[Span], sentence: str) -> tuple[list[_Frame], _Frame | None]:
    """Frames of one sentence, and the figures left over with no cue (a pending frame)."""
    state = _SentenceState()
    current: _Frame | None = None
    cue_ahead = _cue_ahead_in_clause(spans)
    distracted = _distractor_in_clause(spans)
    # 45.6亿元、15个——这是我市开工一批的投资额和项目数: the figures wait for the cue past the dash
    figures_first = FIGURES_FIRST_RE.match(sentence) is not None
    clause_of_current = 0  # index of the clause the current frame opened in
    clause = 0
    previous: Span | None = None
    for i, span in enumerate(spans):
        joint = _joint(previous, span)
        previous = span if span.kind not in ("series", "place") else previous
        if span.kind == "boundary":
            clause += 1
            if state.pending is not None and state.pending.empty:
                state.pending = None
            if figures_first:
                continue
            state.clause_void, state.clause_subset = state.sentence_void, False
        elif span.kind == "distractor":
            state.clause_void = True
            state.sentence_void = state.sentence_void or bool(span.value)
            if current is not None:
                current.closed = True
                # 签约的3个项目全部落户X开发区 / 8个项目现已全部开工: the figure of its own clause is void
                current.void = current.void or clause_of_current == clause
            if state.pending is not None:
                state.pending.void = True
        elif span.kind == "subset":
            state.clause_subset = True
            if current is not None:
                current.closed = True
            if state.pending is not None and state.pending_clause == clause:
                state.pending.void = True  # 三个项目中,X项目总投资2.1亿元: the parts, not the whole
        elif span.kind == "stage":
            if joint and current is not None:
                # 签约、开工和投产项目共计30个: one figure over several stages is no stage's
                current.void = True
            current = _open(span, state, figures_first=figures_first)
            current.void = current.void or joint
            figures_first = False
            clause_of_current = clause
            state.clause_subset = False  # 其中,签约项目85个: the parts of a grand total are stage totals
        elif span.kind in ("count", "money") or (span.kind == "closer" and span.value is not None):
            if (state.clause_subset and span.kind != "money") or distracted[i]:
                continue  # 6个项目均落户X开发区 / 其中亿元以上项目8个: not the open frame's figure
            waits = cue_ahead[i] and not span.trailing  # 7个项目集中开工: the cue after it is its own
            target = current if current is not None and not current.closed and not waits else None
            if target is None:
                if state.pending is None:
                    state.pending = _Frame(None, anchor=span.start, void=state.clause_void)
                    state.pending_clause = clause
                target = state.pending
            target.take(span)
    leftover = state.pending if state.pending is not None and not state.pending.empty else None
    return state.frames, leftover


def _joint(previous: Span | None, span: Span) -> bool:
    """签约、开工和投产项目共计30个: cues of different stages in a row share one figure, which is no
    stage's (签约仪式环节共签订19个项目: one stage named twice keeps it)."""
    return (
        previous is not None
        and previous.kind == "stage"
        and span.kind == "stage"
        and previous.stage != span.stage
    )


def _cue_ahead_in_clause(spans: list[Span]) -> list[bool]:
    """For each span: does a stage cue follow it in its clause, before any 、? (集中开工仪式,7个项目集中
    开工: the 7 belongs to the second cue; 签约233个项目、开工225个项目: the 233 to the first.)"""
    out = [False] * len(spans)
    ahead = False
    for i in range(len(spans) - 1, -1, -1):
        out[i] = ahead
        if spans[i].kind in ("boundary", "series"):
            ahead = False
        elif spans[i].kind == "stage":
            ahead = True
    return out


def _distractor_in_clause(spans: list[Span]) -> list[bool]:
    """For each span: does its clause (between , ; :) hold a distractor, before or after it?"""
    out = [False] * len(spans)
    start = 0
    for i in range(len(spans) + 1):
        if i == len(spans) or spans[i].kind == "boundary":
            has = any(spans[j].kind == "distractor" for j in range(start, i))
            for j in range(start, i):
                out[j] = has
            start = i + 1
    return out


def _open(span: Span, state: _SentenceState, *, figures_first: bool = False) -> _Frame:
    pending = state.pending
    frame = _Frame(span.stage, anchor=span.start, void=state.clause_void)
    if pending is not None and not pending.empty and not pending.closed:
        # 7个项目集中开工 / 总投资约5亿元的9个项目开工: the clause's figures before the cue are its own;
        # figures of several items before it (A类项目8个,…;B类项目4个,…;集中投产项目8个) are not
        frame.count, frame.money = pending.count, pending.money
        frame.anchor = span.start if figures_first else pending.anchor
        frame.listed_count = pending.listed_count
        frame.void = frame.void or pending.void
        state.pending = None
    state.frames.append(frame)
    return frame


def _repeats_dropped(found: list[StageTotal], defaulted: list[StageTotal]) -> list[StageTotal]:
    """A kicker repeating the province's 签约项目300个 under no place is the province's figure, not the
    subject's: a defaulted total equal to a placed one of another region goes."""
    by_default = {id(t) for t in defaulted}
    regions_of: dict[tuple[Stage, int | None, int | None], set[str]] = {}
    for t in found:
        if id(t) not in by_default:
            regions_of.setdefault((t.stage, t.project_count, t.investment_yuan), set()).add(t.region)

    def repeats(t: StageTotal) -> bool:
        return bool(regions_of.get((t.stage, t.project_count, t.investment_yuan), set()) - {t.region})

    return [t for t in found if not (id(t) in by_default and repeats(t))]


def _region_at(
    at: int, places: list[tuple[Span, str]], before: list[tuple[Span, str]], scope: Scope, sentence: str
) -> tuple[Region | None, bool]:
    """Nearest place before the frame (this sentence, then earlier in the paragraph), else the subject.

    The flag says whether a place was found (False: the subject by default). A development zone
    nearest is the article's subject when the article is about the zone or its county; else the
    zone's own figures when it acts in the frame's clause (X开发区签约项目5个, X开发区集中开工的14个
    项目), and otherwise no one's (a zone named sentences earlier does not own a later figure).
    """
    here = [(s, w) for s, w in places if s.end <= at]
    # 洪洞县在全省开发区…活动中签约项目5个: the province names the round; the place before it is the subject
    here = [(s, w) for i, (s, w) in enumerate(here) if i == 0 or not names_the_round(s, sentence)]
    # 广灵县、兴县、岚县等18个县与企业…: examples of a group of places, none of them the subject
    here = [(s, w) for s, w in here if sentence[s.end : s.end + 1] not in ("、", "等")]
    for span, written in reversed(before + here):
        if span.zone is not None:
            return _zone_region(
                span, (span, written) in here and _same_clause(sentence, span.end, at), scope
            ), True
        return resolve_place(span, written, scope), True
    return scope.subject, False


def _zone_region(span: Span, acts_here: bool, scope: Scope) -> Region | None:
    if scope.subject.level == "zone" and span.zone == scope.subject.name:
        return scope.subject
    if span.zone_county is not None and span.zone_county == scope.subject_county:
        return scope.subject
    assert span.zone is not None
    return Region(span.zone, "zone") if acts_here else None


def _same_clause(sentence: str, start: int, end: int) -> bool:
    return re.search(r"[,;:]", sentence[start:end]) is None


def _total(frame: _Frame, region: Region, sentence: str) -> StageTotal:
    assert frame.stage is not None
    return StageTotal(
        stage=frame.stage,
        region=region.name,
        region_level=region.level,
        project_count=frame.count,
        investment_yuan=frame.money,
        sentence=sentence,
    )


def _best_per_key(totals: list[StageTotal]) -> list[StageTotal]:
    """One total per (region, stage). Statements that complete each other (the count in the title, the
    money in the lead) are merged; of conflicting ones the most complete wins, the first of equals."""
    best: dict[tuple[str, Stage], StageTotal] = {}
    for total in totals:
        key = (total.region, total.stage)
        have = best.get(key)
        if have is None:
            best[key] = total
        elif _compatible(have.project_count, total.project_count) and _compatible(
            have.investment_yuan, total.investment_yuan
        ):
            best[key] = replace(
                have,
                project_count=have.project_count if have.project_count is not None else total.project_count,
                investment_yuan=have.investment_yuan
                if have.investment_yuan is not None
                else total.investment_yuan,
            )
        elif _completeness(total) > _completeness(have):
            best[key] = total
    return list(best.values())


def _compatible(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _completeness(total: StageTotal) -> int:
    return (total.project_count is not None) + (total.investment_yuan is not None)

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

from dataclasses import dataclass, field

from transforms.extract.lexicon import Lexicon
from transforms.extract.scope import Scope, resolve_place
from transforms.extract.tag import Span, tag_sentence
from transforms.gazetteer import Gazetteer, Region
from transforms.records import Stage, StageTotal
from transforms.text import Sentence


@dataclass
class _Frame:
    stage: Stage | None
    anchor: int  # where its region is looked up (the first figure or the cue)
    count: int | None = None
    money: int | None = None
    void: bool = False
    closed: bool = False

    @property
    def empty(self) -> bool:
        return self.count is None and self.money is None

    def take(self, span: Span) -> None:
        if self.closed or (span.kind == "count" and self.count is not None):
            self.closed = True
            return
        if span.kind == "count":
            self.count = span.value
        elif span.kind == "money" and self.money is None:
            self.money = span.value


@dataclass
class _SentenceState:
    frames: list[_Frame] = field(default_factory=list)
    pending: _Frame | None = None  # figures before any cue in the current clause
    clause_void: bool = False
    clause_subset: bool = False


def find_stage_totals(sentences: list[Sentence], scope: Scope, lex: Lexicon, gaz: Gazetteer) -> list[StageTotal]:
    found: list[StageTotal] = []
    waiting: _Frame | None = None  # the previous sentence's empty event frame
    paragraph_places: list[tuple[Span, str]] = []
    paragraph = None
    for sentence in sentences:
        if sentence.paragraph != paragraph:
            paragraph, paragraph_places, waiting = sentence.paragraph, [], None
        text = sentence.text
        spans = tag_sentence(text, lex, gaz)
        frames, leftover = _fill(spans)
        if leftover is not None and waiting is not None:
            waiting.count, waiting.money, waiting.anchor = leftover.count, leftover.money, leftover.anchor
            frames.insert(0, waiting)
        waiting = None
        places = [(s, text[s.start : s.end]) for s in spans if s.kind == "place"]
        for frame in frames:
            if frame.void or frame.stage is None:
                continue
            if frame.empty:
                waiting = frame if frame is frames[-1] else None
                continue
            region = _region_at(frame.anchor, places, paragraph_places, scope)
            if region is not None:
                found.append(_total(frame, region, text))
        paragraph_places = paragraph_places + places
    return _best_per_key(found)


def _fill(spans: list[Span]) -> tuple[list[_Frame], _Frame | None]:
    """Frames of one sentence, and the figures left over with no cue (a pending frame)."""
    state = _SentenceState()
    current: _Frame | None = None
    for span in spans:
        if span.kind == "boundary":
            if state.pending is not None and state.pending.empty:
                state.pending = None
            state.clause_void = state.clause_subset = False
        elif span.kind == "distractor":
            state.clause_void = True
            if current is not None:
                current.closed = True
            if state.pending is not None:
                state.pending.void = True
        elif span.kind == "subset":
            state.clause_subset = True
            if current is not None and not current.empty:
                current.closed = True
        elif span.kind == "stage":
            current = _open(span, state)
        elif span.kind in ("count", "money"):
            if state.clause_subset and span.kind == "count":
                continue
            target = current if current is not None and not current.closed else None
            if target is None:
                state.pending = state.pending or _Frame(None, anchor=span.start, void=state.clause_void)
                target = state.pending
            target.take(span)
        elif span.kind == "closer" and current is not None:
            current.closed = current.closed or not current.empty
    leftover = state.pending if state.pending is not None and not state.pending.empty else None
    return state.frames, leftover


def _open(span: Span, state: _SentenceState) -> _Frame:
    pending = state.pending
    frame = _Frame(span.stage, anchor=span.start, void=state.clause_void)
    if pending is not None and not pending.empty:
        # 7个项目集中开工 / 总投资约5亿元的9个项目开工: the clause's figures before the cue are its own
        frame.count, frame.money, frame.anchor = pending.count, pending.money, pending.anchor
        frame.void = frame.void or pending.void
        state.pending = None
    state.frames.append(frame)
    return frame


def _region_at(
    at: int, places: list[tuple[Span, str]], before: list[tuple[Span, str]], scope: Scope
) -> Region | None:
    """Nearest place before the frame (this sentence, then earlier in the paragraph), else the subject.

    A development zone nearest means the zone's own subtotal (None), unless the article is about the
    zone's county.
    """
    here = [(s, w) for s, w in places if s.end <= at]
    for span, written in reversed(before + here):
        if span.region is None and not span.own_county:
            return scope.subject if span.zone_county == scope.subject_county else None
        return resolve_place(span, written, scope)
    return scope.subject


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
    """One total per (region, stage): the most complete statement, the first of equals."""
    best: dict[tuple[str, Stage], StageTotal] = {}
    for total in totals:
        key = (total.region, total.stage)
        have = best.get(key)
        if have is None or _completeness(total) > _completeness(have):
            best[key] = total
    return list(best.values())


def _completeness(total: StageTotal) -> int:
    return (total.project_count is not None) + (total.investment_yuan is not None)

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

from dataclasses import replace
from datetime import date

from transforms.classify import CAMPAIGN_WORD, decide_kind, is_look_back_genre
from transforms.extract.event import event_stage, find_event
from transforms.extract.lexicon import load_lexicon
from transforms.extract.projects import find_projects
from transforms.extract.scope import article_scope
from transforms.extract.totals import find_stage_totals
from transforms.gazetteer import load_gazetteer
from transforms.normalize import normalize_text
from transforms.records import Extraction
from transforms.text import Sentence, split_sentences

__all__ = ["extract_article"]

_TITLE_MAX = 60  # characters; a longer first line is the lead, not a headline


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
        # Plain text may carry its title on line 1: a short line that is not a sentence of the body.
        first = body.split("\n", 1)[0] if body else ""
        clean_title = first if len(first) <= _TITLE_MAX and not first.endswith("。") else ""
        if clean_title:
            sentences = [replace(s, paragraph=-1) if s.paragraph == 0 else s for s in sentences]
    other = Extraction(source=source, title=clean_title, published=published, kind="other")
    if is_look_back_genre(clean_title, body):
        return other

    lead = [s.text for s in sentences[:4]]
    scope = article_scope(clean_title, lead, body, lex, gaz)
    stage_totals = find_stage_totals(sentences, scope, lex, gaz)
    event_reported = any(lex.has("events", s) for s in lead) or any(lex.has("events", s.text) for s in sentences)
    round_reported = find_event(sentences, published, lex, announced=False) is not None
    projects = find_projects(sentences, event_stage(sentences, lex), scope.subject_county, lex, gaz)
    kind = decide_kind(
        title=clean_title,
        round_reported=round_reported and CAMPAIGN_WORD in body,
        event_reported=event_reported,
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
        campaign=find_event(sentences, published, lex, announced=True),
        stage_totals=stage_totals,
        projects=projects,
    )

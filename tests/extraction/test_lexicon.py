"""The vocabulary is data: every lexicon entry's example contains its cue, and the tagger reads it."""

from __future__ import annotations

import re

import pytest

from transforms.extract.lexicon import LEXICON_PATH, SECTIONS, load_lexicon
from transforms.extract.tag import tag_sentence
from transforms.gazetteer import load_gazetteer
from transforms.normalize import normalize_text

LEXICON = load_lexicon()


@pytest.mark.parametrize("entry", LEXICON.entries, ids=lambda e: f"{e.section}:{e.cue}")
def test_example_contains_its_cue(entry) -> None:
    example = normalize_text(entry.example)
    assert re.search(entry.pattern, example), (
        f"{LEXICON_PATH.name}: {entry.section} {entry.cue!r} not in {example!r}"
    )


@pytest.mark.parametrize("entry", [e for e in LEXICON.entries if e.section == "stages"], ids=lambda e: e.cue)
def test_stage_cue_is_tagged_with_its_stage(entry) -> None:
    spans = tag_sentence(normalize_text(entry.example), LEXICON, load_gazetteer())
    assert entry.stage in {s.stage for s in spans if s.kind == "stage"}


@pytest.mark.parametrize(
    "entry", [e for e in LEXICON.entries if e.section == "stage_blockers"], ids=lambda e: e.cue
)
def test_blocked_cue_is_no_stage(entry) -> None:
    example = normalize_text(entry.example)
    blocked = re.search(entry.pattern, example)
    assert blocked is not None
    spans = tag_sentence(example, LEXICON, load_gazetteer())
    assert not any(blocked.start() <= s.start < blocked.end() for s in spans if s.kind == "stage")


def test_every_section_is_used() -> None:
    assert {e.section for e in LEXICON.entries} == set(SECTIONS)

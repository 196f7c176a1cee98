"""The extractor's vocabulary, loaded once from ``transforms/data/lexicon.yaml`` into regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from transforms.records import STAGES, Stage

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"

# The sections of the lexicon file; each is a list of {cue, example, [regex], [stage]}.
SECTIONS = (
    "stages",
    "stage_blockers",
    "distractors",
    "subsets",
    "investment_cues",
    "money_blockers",
    "events",
    "venues",
    "list_leads",
    "generic_heads",
    "name_blockers",
)


@dataclass(frozen=True)
class Entry:
    section: str
    cue: str
    example: str
    regex: bool = False
    stage: Stage | None = None
    governs_sentence: bool = False  # a distractor that voids the rest of its sentence

    @property
    def pattern(self) -> str:
        return self.cue if self.regex else re.escape(self.cue)


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    stage_of: dict[str, Stage]
    sentence_distractors: re.Pattern[str]  # the distractors that govern the rest of their sentence
    patterns: dict[str, re.Pattern[str]]  # section -> alternation of its cues, longest first

    def find(self, section: str, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.patterns[section].search(text, pos, len(text) if endpos is None else endpos)

    def has(self, section: str, text: str) -> bool:
        return self.patterns[section].search(text) is not None


def _written(entry: Entry) -> str:
    """What a stage cue matches as text (a regex cue's literal part: (?<!…)生产项目 → 生产项目)."""
    return re.sub(r"\(\?<?[!=][^)]*\)", "", entry.cue) if entry.regex else entry.cue


def _alternation(entries: list[Entry]) -> str:
    ordered = sorted(entries, key=lambda e: len(e.cue), reverse=True)
    return "|".join(f"(?:{e.pattern})" for e in ordered)


@cache
def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [s for s in SECTIONS if s not in raw]
    if missing:
        raise ValueError(f"{path}: missing sections {missing}")
    entries: list[Entry] = []
    for section in SECTIONS:
        for item in raw[section]:
            if "cue" not in item or "example" not in item:
                raise ValueError(f"{path}: every {section} entry needs a cue and an example: {item}")
            stage = item.get("stage")
            if section == "stages" and stage not in STAGES:
                raise ValueError(f"{path}: stage cue {item['cue']!r} has unknown stage {stage!r}")
            entries.append(
                Entry(
                    section,
                    str(item["cue"]),
                    str(item["example"]),
                    bool(item.get("regex")),
                    stage,
                    item.get("governs") == "sentence",
                )
            )
    patterns = {
        section: re.compile(_alternation([e for e in entries if e.section == section]))
        for section in SECTIONS
    }
    stage_of = {_written(e): e.stage for e in entries if e.section == "stages" and e.stage is not None}
    governing = re.compile(_alternation([e for e in entries if e.governs_sentence]))
    return Lexicon(
        entries=tuple(entries), stage_of=stage_of, sentence_distractors=governing, patterns=patterns
    )

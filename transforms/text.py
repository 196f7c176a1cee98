"""Sentences and clauses of normalised text, with their positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END_RE = re.compile(r"[^。!?]*(?:[。!?]+[”\"』」)]?|$)")


@dataclass(frozen=True)
class Sentence:
    text: str  # without surrounding whitespace, ending punctuation kept
    paragraph: int  # index of the line it sits on (0 = first line, usually the title)
    index: int  # running number over the whole text


def split_sentences(text: str) -> list[Sentence]:
    """Split normalised text into sentences at 。!? and line ends (quotes stay with their sentence)."""
    out: list[Sentence] = []
    for p, line in enumerate(text.split("\n")):
        for m in _SENTENCE_END_RE.finditer(line):
            piece = m.group(0).strip()
            if piece:
                out.append(Sentence(piece, p, len(out)))
    return out

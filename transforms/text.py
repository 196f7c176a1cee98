"""Sentences and clauses of normalised text, with their positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END_RE = re.compile(r"[^。!?]*(?:[。!?]+[”\"』」)]?|$)")
_CONTINUES_RE = re.compile(r"[,、;—]\s*$")  # not : (a heading: 临汾经济开发区:)


@dataclass(frozen=True)
class Sentence:
    text: str  # without surrounding whitespace, ending punctuation kept
    paragraph: int  # index of the line it sits on (0 = first line, usually the title)
    index: int  # running number over the whole text


def split_sentences(text: str) -> list[Sentence]:
    """Split normalised text into sentences at 。!? and line ends (quotes stay with their sentence).

    A line that ends inside a sentence (on , 、 ; or a dash) goes on with the next line: lists are
    often printed one item per line, and their closer and total follow the last item.
    """
    out: list[Sentence] = []
    for p, line in enumerate(_logical_lines(text.split("\n"))):
        for m in _SENTENCE_END_RE.finditer(line):
            piece = m.group(0).strip()
            if piece:
                out.append(Sentence(piece, p, len(out)))
    return out


def _logical_lines(lines: list[str]) -> list[str]:
    """Lines with one that ends mid-sentence joined to the next (an empty line ends the join); the
    joined line leaves an empty one behind so that later paragraphs keep their line index."""
    out: list[str] = []
    head = -1  # the line being continued
    for line in lines:
        if head >= 0 and line.strip():
            out[head] = out[head].rstrip() + line.strip()
            out.append("")
        else:
            out.append(line)
            head = len(out) - 1
        head = head if _CONTINUES_RE.search(out[head]) else -1
    return out

"""Project identity across campaigns: which mentions are the same project?

A project is signed in one round, started in a later one and put into production later still, and
each article words its name a little differently. Two mentions are the same project when their
**normalised names** and their **counties** are equal. The normalisation:

1. Unicode NFKC (full-width letters and digits → ASCII), Latin letters lower-cased.
2. The phase marker is kept, because phase two is a different project from phase one: 一期/二期/
   三期/2期 … with or without brackets anywhere in the name becomes one trailing ``#二期``
   (Arabic digits are written as Chinese numerals first, so 2期 and 二期 agree).
3. Punctuation, symbols and spaces are removed (quotes, brackets, 、, ·, …), except a dash between
   two digits or letters, which is part of a code (吉深8-1区块).
4. Wording that does not name a different thing is dropped: a trailing 项目, then a trailing 建设
   or 工程建设, and a leading 新建 (…精密铸造建设项目 = …精密铸造项目 = …精密铸造).

Not resolved (kept as different projects, on purpose): a company name present in one mention and
missing in another, a county missing in one mention ('?' county), and a capacity that changed
between rounds (年产10万吨 vs 年产20万吨 may be an expansion).
Rows that differ only by such wording are linked afterwards, with a similarity threshold and a
review list: see *Project resolution* (warehouse.resolve).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

UNKNOWN_COUNTY = "?"

_DIGIT_TO_HAN = str.maketrans("0123456789", "〇一二三四五六七八九")
_PHASE = re.compile(r"[(（\[【]?\s*([一二三四五六七八九十〇0-9]{1,3})\s*期\s*(?:工程|项目)?\s*[)）\]】]?")
_CODE_DASH = re.compile(r"(?<=[0-9a-z])\s*[-‐‑–—－]\s*(?=[0-9a-z])")
_KEPT_DASH = "\x1f"
_TRAILING_WORDS = ("项目", "工程建设", "建设")
# Characters kept without asking unicodedata (digits, a-z, CJK ideographs, the kept dash): the
# regex scans in C, so only the rare other characters pay for a category lookup.
_NEEDS_CATEGORY = re.compile(f"[^0-9a-z\u4e00-\u9fff{_KEPT_DASH}]")


def _drop_punctuation(match: re.Match[str]) -> str:
    """Punctuation, symbols, separators and control characters go; other letters stay."""
    char = match.group()
    return "" if unicodedata.category(char)[0] in "PSZC" else char


@lru_cache(maxsize=65_536)  # a project is named again in every round and article
def normalize_project_name(name: str) -> str:
    """The comparison form of a project name (see the module docstring for the rule)."""
    text = unicodedata.normalize("NFKC", name).lower()
    phases = [match.group(1).translate(_DIGIT_TO_HAN) for match in _PHASE.finditer(text)]
    text = _PHASE.sub("", text)
    # A dash between two digits is part of a code (吉深8-1区块), not decoration: keep it as '-'.
    text = _CODE_DASH.sub(_KEPT_DASH, text)
    text = _NEEDS_CATEGORY.sub(_drop_punctuation, text)
    text = text.replace(_KEPT_DASH, "-")
    changed = True
    while changed:
        changed = False
        for word in _TRAILING_WORDS:
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                changed = True
    if text.startswith("新建") and len(text) > 2:
        text = text[2:]
    if phases:
        text = f"{text}#{phases[-1]}期"
    if not text:
        raise ValueError(f"project name {name!r} is empty after normalisation")
    return text


def project_id(name: str, county: str | None) -> str:
    """Natural key of ``dim_project``: ``'<county>|<normalised name>'``."""
    return f"{county or UNKNOWN_COUNTY}|{normalize_project_name(name)}"

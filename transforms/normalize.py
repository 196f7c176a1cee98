"""Text normalisation: whatever script or encoding damage an article arrives in, simplified clean text.

Steps, in order (each one cheap; the converter is built once per process):

1. mojibake: a GBK byte stream decoded one byte out of step shows up as a lost character (``?`` or
   U+FFFD) followed by rare characters (the seed's ``活動?;顒右砸曨l連線`` is ``活動。活動以視頻連線``).
   The run is re-encoded, realigned and decoded again; when that does not give ordinary text the run
   is isolated as its own sentence so it cannot glue two real clauses together.
2. NFKC: full-width digits, letters and punctuation (１８个，总投资) become ASCII (18个,总投资);
   U+3000 and no-break spaces become plain spaces.
3. converter garbage: some traditional-script converters append the pinyin with tone marks to a
   character, ``開發(fā)區(qū)``; the pinyin is dropped.
4. OpenCC ``t2s``: traditional → simplified.
5. punctuation: thousands separators go (13,500万元 → 13500万元); converters double marks (``,,`` ``,、`` ``,。``); a comma right before another mark
   goes, so every clause boundary is one mark of one class (half-width ``, ; : ( )`` after NFKC).
6. whitespace: spaces between CJK characters or next to punctuation go (``张 浩`` → ``张浩``),
   other runs collapse to one space; lines are stripped and empty lines dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import opencc

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

# Tone-marked pinyin in parentheses right after a CJK character: 發(fā) → 發.
_TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_GARBAGE_RE = re.compile(
    rf"(?<=[{_CJK}]) ?\((?:(?=[a-zü{_TONE_LETTERS}]*[{_TONE_LETTERS}])[a-zü{_TONE_LETTERS}]{{1,7}}|[a-zü]{{1,6}}[1-5])\)"
)
# A lost character followed by a run that may be GBK bytes decoded out of step.
_MOJIBAKE_RE = re.compile(rf"[?\ufffd](?P<run>[;；{_CJK}]{{2,40}}[A-Za-z0-9]?)")
# 锟斤拷 / 烫烫烫 / 屯屯屯: classic mojibake of replacement characters and uninitialised memory.
_MOJIBAKE_NOISE_RE = re.compile(r"(?:锟斤拷)+|(?:烫){3,}|(?:屯){3,}|\ufffd+")

# Circled numbers (①…⑳) mark list items. NFKC would make them bare digits that glue onto the item
# (①年产500台… → 1年产500台…), so they become "(1)" markers first.
_CIRCLED_RE = re.compile("[\u2460-\u2473\u24f5-\u24fe\u2776-\u277f\u2780-\u2789\u278a-\u2793]")
_CIRCLED_BASES = (0x2460, 0x24F5, 0x2776, 0x2780, 0x278A)
# Corner brackets (「」『』, common in traditional script) and other quote variants read as “”.
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”", "〝": "“", "〞": "”", "＂": '"'})

# 13,500万元: a thousands separator is part of the number, not a clause boundary
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DOUBLED_PUNCT_RE = re.compile(r",+(?=[,、;:。!?])|(?<=[、;:。!?]),+")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_PUNCT = r"，。、；：？！“”‘’（）《》【】,.;:?!()\[\]\"'—…·%"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<=[{_CJK}{_PUNCT}]) +| +(?=[{_CJK}{_PUNCT}])")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def _commonness(text: str) -> float:
    """Share of characters that are everyday simplified characters (GB2312 level 1) or punctuation."""
    if not text:
        return 0.0
    simplified = to_simplified(text)
    common = 0
    for ch in simplified:
        if not ("\u3400" <= ch <= "\u9fff"):
            common += 1
            continue
        try:
            encoded = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if 0xB0 <= encoded[0] <= 0xD7:
            common += 1
    return common / len(simplified)


def _realign_gbk(run: str) -> str | None:
    """Re-read a run of GBK-misdecoded characters one byte later; None when that is not cleaner."""
    try:
        raw = run.replace(";", "；").encode("gbk")
    except UnicodeEncodeError:
        return None
    candidates = []
    # The lost character was most likely punctuation (row A1: 。、…): try to restore it, else drop.
    for data in (b"\xa1" + raw, raw[1:]):
        try:
            candidates.append(data.decode("gbk"))
        except UnicodeDecodeError:
            continue
    for candidate in candidates:
        body = candidate.rstrip("；;")
        if _commonness(body) >= 0.9:
            return candidate
    return None


def _repair_mojibake(text: str) -> str:
    def fix(m: re.Match[str]) -> str:
        run = m.group("run")
        if _commonness(run) >= 0.8:  # ordinary text after a stray question mark: leave it alone
            return m.group(0)
        repaired = _realign_gbk(run)
        if repaired is not None:
            if repaired[0] in "。，、；：！？…":
                return repaired
            return "。" + repaired
        # Unreadable: keep it (nothing is lost) but fence it off as its own sentence.
        return "。" + run + "。"

    text = _MOJIBAKE_RE.sub(fix, text)
    return _MOJIBAKE_NOISE_RE.sub("。", text)


def _circled_marker(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    base = max(b for b in _CIRCLED_BASES if b <= code)
    return f"({code - base + 1})"


def normalize_text(text: str) -> str:
    """Traditional/garbled/full-width news text → clean simplified text (lines kept, empty ones dropped)."""
    if "?" in text or "\ufffd" in text or "？" in text or "锟" in text:
        text = _repair_mojibake(text)
    text = _CIRCLED_RE.sub(_circled_marker, text).translate(_QUOTES)
    text = unicodedata.normalize("NFKC", text)
    text = _PINYIN_GARBAGE_RE.sub("", text)
    text = to_simplified(text)
    text = _DOUBLED_PUNCT_RE.sub("", text)
    text = _THOUSANDS_RE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = _SPACE_RE.sub(" ", line)
        line = _SPACE_NEAR_CJK_RE.sub("", line).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)

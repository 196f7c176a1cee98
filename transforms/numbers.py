"""Numbers and money in Chinese news text, computed exactly.

Amounts are ``Decimal`` all the way and money ends as integer yuan: 99.96亿元 is 9,996,000,000, never
9,995,999,999.99. Chinese numerals (一百二十亿元, 十五个) go through ``cn2an`` for their integer part; the
digits after 点 are read one by one so no float ever touches a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟"
_CN_DIGIT_VALUE = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

ARABIC_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
CN_NUMBER = f"[{CN_NUMERAL_CHARS}]+"
NUMBER = f"(?:{ARABIC_NUMBER}|{CN_NUMBER})"

# Multipliers of money units. Order matters for the regex: longest first.
_MONEY_UNITS: dict[str, int] = {
    "万亿元": 10**12,
    "亿元": 10**8,
    "千万元": 10**7,
    "百万元": 10**6,
    "十万元": 10**5,
    "万元": 10**4,
    "元": 1,
    # 亿 / 万 without 元 are common in headlines ("总投资99.96亿").
    "万亿": 10**12,
    "亿": 10**8,
    "万": 10**4,
}
_CN_MULTIPLIER_SUFFIX = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
_UNIT_ALTERNATION = "|".join(sorted(_MONEY_UNITS, key=len, reverse=True))
# Approximation words keep the stated number: 约10亿元 → 10亿元.
APPROX = r"(?:约|近|超过|超|逾|达到|达|共计|合计|共|总计)?"
MONEY_RE = re.compile(
    # A Chinese numeral run is greedy and may carry its own multiplier (一百二十亿 + 元).
    rf"(?P<approx>{APPROX})(?P<number>{ARABIC_NUMBER}|{CN_NUMBER})(?P<more>余|多)?"
    rf"(?P<unit>{_UNIT_ALTERNATION})(?P<tail>(?<=[亿万])(?:余|多)元)?(?!美元|港元|欧元|日元)"
)
# "亿"/"万" alone must still be money: require 元 unless the amount follows an investment word.
COUNT_RE = re.compile(rf"(?P<number>{ARABIC_NUMBER}|[{CN_NUMERAL_CHARS}]+)(?P<more>余|多)?(?P<unit>个|项)")


class NumberFormatError(ValueError):
    """A numeral that cannot be read."""


@dataclass(frozen=True)
class Money:
    yuan: int
    text: str  # as written, e.g. "99.96亿元"
    start: int
    end: int


def parse_number(text: str) -> Decimal:
    """Arabic (``1,234.5``) or Chinese (``一百二十``, ``三点五``, ``二〇二五``) numeral → exact Decimal."""
    s = text.strip()
    if not s:
        raise NumberFormatError("empty numeral")
    if s[0].isdigit():
        try:
            return Decimal(s.replace(",", ""))
        except InvalidOperation as exc:
            raise NumberFormatError(f"not a number: {text!r}") from exc
    integer, _, fraction = s.partition("点")
    if fraction:
        # 三点五亿: the multiplier trails the fraction digits.
        for suffix, factor in _CN_MULTIPLIER_SUFFIX.items():
            if fraction.endswith(suffix) and len(fraction) > len(suffix):
                return parse_number(f"{integer}点{fraction[: -len(suffix)]}") * factor
    try:
        whole = Decimal(int(cn2an.cn2an(integer, "smart"))) if integer else Decimal(0)
    except (ValueError, KeyError, TypeError) as exc:
        raise NumberFormatError(f"not a Chinese numeral: {text!r}") from exc
    if not fraction:
        return whole
    if any(ch not in _CN_DIGIT_VALUE for ch in fraction):
        raise NumberFormatError(f"bad digits after 点 in {text!r}")
    digits = "".join(str(_CN_DIGIT_VALUE[ch]) for ch in fraction)
    # 一万点五 is not a thing; a fraction only follows a plain integer part.
    return whole + Decimal(f"0.{digits}")


def to_yuan(amount: Decimal, unit: str) -> int:
    """Amount in ``unit`` (亿元, 万元, 千万元, 元, 亿, 万 …) → integer yuan, rounded half-up to 1 yuan."""
    if unit not in _MONEY_UNITS:
        raise NumberFormatError(f"unknown money unit {unit!r}")
    return int((amount * _MONEY_UNITS[unit]).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def parse_money(text: str) -> int | None:
    """The first amount of money in ``text`` as integer yuan, or None."""
    found = find_money(text)
    return found[0].yuan if found else None


def find_money(text: str) -> list[Money]:
    """Every amount of money in ``text`` (bare 亿/万 only when money-like: 元 or an investment word)."""
    out: list[Money] = []
    for m in MONEY_RE.finditer(text):
        unit = m.group("unit")
        if not unit.endswith("元") and not m.group("tail"):  # 2亿余元 / 3000万多元 are money
            # bare 亿 / 万: only directly after an investment word (总投资99.96亿) or at a clause end.
            before = text[max(0, m.start() - 4) : m.start()]
            if "投资" not in before and "金额" not in before:
                continue
            after = text[m.end() : m.end() + 1]
            if after and after not in ",.;。，；、)）” \n":
                continue
        try:
            amount = parse_number(m.group("number"))
        except NumberFormatError:
            continue
        out.append(Money(to_yuan(amount, unit), m.group(0), m.start(), m.end()))
    return out


def parse_count(text: str) -> int | None:
    """A count such as ``18``, ``十五`` or ``233`` (no unit) → int, or None when unreadable."""
    try:
        value = parse_number(text)
    except NumberFormatError:
        return None
    if value != value.to_integral_value():
        return None
    return int(value)

"""Money and numerals: exact Decimal maths, Chinese numerals, no float drift (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.numbers import find_money, parse_count, parse_money, parse_number, to_yuan


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("总投资99.96亿元", 9_996_000_000),
        ("总投资59.01亿元", 5_901_000_000),
        ("投资3500万元", 35_000_000),
        ("投资1.2千万元", 12_000_000),
        ("一百二十亿元", 12_000_000_000),
        ("三点五亿元", 350_000_000),
        ("三千多万元", 30_000_000),
        ("约10亿元", 1_000_000_000),
        ("逾5亿元", 500_000_000),
        ("超20亿元", 2_000_000_000),
        ("30余亿元", 3_000_000_000),
        ("共1,234.5万元", 12_345_000),
        ("总投资8亿,", 800_000_000),
        ("1.2万亿元", 1_200_000_000_000),
        ("800元", 800),
    ],
)
def test_money_examples(text: str, yuan: int) -> None:
    assert parse_money(text) == yuan


@pytest.mark.parametrize("text", ["5000万美元", "年产1.5亿枚", "销售1亿件", "18个", "2025年"])
def test_not_money(text: str) -> None:
    assert parse_money(text) is None


def test_money_positions() -> None:
    (m,) = find_money("签约项目19个,总投资57.11亿元。")
    assert (m.yuan, m.text) == (5_711_000_000, "57.11亿元")


@pytest.mark.parametrize(("text", "value"), [("十五", 15), ("一百零五", 105), ("两千", 2000), ("233", 233)])
def test_counts(text: str, value: int) -> None:
    assert parse_count(text) == value


def test_fraction_count_rejected() -> None:
    assert parse_count("1.5") is None


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_yi_yuan_roundtrip_exact(whole: int, cents: int) -> None:
    """X.YY亿元 is exactly X.YY × 10^8 yuan for every X, YY: no float drift."""
    text = f"{whole}.{cents:02d}亿元"
    assert parse_money(text) == whole * 100_000_000 + cents * 1_000_000


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=9999))
def test_wan_yuan_roundtrip_exact(whole: int, frac: int) -> None:
    text = f"{whole}.{frac:04d}万元"
    assert parse_money(text) == whole * 10_000 + frac


@given(st.integers(min_value=1, max_value=10**12))
def test_chinese_numeral_roundtrip(value: int) -> None:
    """an2cn → parse_number gives the integer back."""
    assert parse_number(cn2an.an2cn(str(value))) == Decimal(value)


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["亿元", "万元", "元"]))
def test_chinese_money_equals_arabic_money(value: int, unit: str) -> None:
    assert parse_money(cn2an.an2cn(str(value)) + unit) == parse_money(f"{value}{unit}")


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False, allow_infinity=False))
def test_to_yuan_is_decimal_exact(amount: Decimal) -> None:
    assert to_yuan(amount, "万元") == int(amount * 10_000)
    assert isinstance(to_yuan(amount, "亿元"), int)


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=0, max_value=10**4))
def test_thousands_separators(whole: int, tail: int) -> None:
    assert parse_number(f"{whole:,}") == Decimal(whole)
    assert parse_money(f"{whole:,}元") == whole
    del tail

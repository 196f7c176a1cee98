"""extract_article on messy page text: fragments of every phrasing the rules look for, glued in any
order with odd characters, never raise and never yield impossible facts."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract import extract_article

FRAGMENTS = [
    "全省开发区2024年第一次“三个一批”活动举行。",
    "签约、开工项目总投资分别为",
    "计划总投资分别为",
    "12.5亿元",
    "三千万元",
    "2亿余元",
    "、",
    "和",
    "与",
    "以及",
    ",",
    ";",
    "。",
    ":",
    "\n",
    "◆",
    "①",
    "(投资1.2亿)",
    "(总投资3000万元)",
    "——这是",
    "签约一批的投资额和项目数",
    "17个",
    "6个投产项目中,",
    "生产车间观摩",
    "——访",
    "记者:",
    "侯马经济开发区",
    "年产5万吨",
    "铸件项目",
    "轴承工程",
    "簽約項目",
    "１２３４",
    "(",
    ")",
    "2021年一季度签约的",
    "均落户",
    "项目",
    "😀",
    "\x00",
    "",
]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60), st.text(max_size=40))
def test_messy_text_never_raises(parts: list[str], noise: str) -> None:
    text = noise.join(parts) if noise and len(noise) < 3 else "".join(parts) + noise
    e = extract_article(text, published=date(2024, 4, 2))
    for p in e.projects:
        assert p.name
        assert p.investment_yuan is None or p.investment_yuan >= 0
    for t in e.stage_totals:
        assert t.project_count is None or t.project_count > 0
        assert t.investment_yuan is None or t.investment_yuan >= 0


def test_very_long_repetitive_list_is_read() -> None:
    text = (
        "侯马经济开发区年产5万吨铸件项目(投资1亿元)和" * 400
        + "轴承项目集中签约,计划总投资分别为"
        + "1亿元、" * 400
    )
    e = extract_article("全省开发区“三个一批”活动举行\n" + text, published=date(2024, 4, 2))
    assert e.kind in ("campaign_report", "signing", "other")

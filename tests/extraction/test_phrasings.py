"""Phrasings beyond the corpus: multi-city texts, money before count, numerals, vetoes."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_article


def totals(text: str, published: date | None = None) -> set[tuple[str, str, int | None, int | None]]:
    e = extract_article(text, published=published)
    return {(t.stage, t.region, t.project_count, t.investment_yuan) for t in e.stage_totals}


def test_province_and_other_cities_are_not_linfen() -> None:
    text = (
        "全省开发区第二次“三个一批”活动举行\n"
        "5月20日,全省开发区2024年第二次“三个一批”活动举行。全省共签约项目233个,总投资1500亿元。"
        "长治市签约项目30个,总投资120亿元。我市签约项目19个,总投资57.11亿元。"
    )
    assert totals(text, date(2024, 5, 20)) == {
        ("signed", "山西省", 233, 150_000_000_000),
        ("signed", "长治市", 30, 12_000_000_000),
        ("signed", "临汾市", 19, 5_711_000_000),
    }


def test_money_before_count_and_chinese_numerals() -> None:
    text = (
        "我市开发区四季度“三个一批”活动举行\n"
        "12月28日,全省开发区四季度“三个一批”活动举行。我市集中签约总投资一百二十亿元的十五个项目;"
        "开工项目8个,计划总投资3500万元。"
    )
    e = extract_article(text, published=date(2021, 1, 3))
    assert e.kind == "campaign_report"
    assert e.campaign is not None and (e.campaign.year, e.campaign.ordinal) == (2020, 4)
    assert e.campaign.event_date == date(2020, 12, 28)
    assert {(t.stage, t.region, t.project_count, t.investment_yuan) for t in e.stage_totals} == {
        ("signed", "临汾市", 15, 12_000_000_000),
        ("started", "临汾市", 8, 35_000_000),
    }


def test_county_report_and_this_year() -> None:
    text = (
        "襄汾县今年第二次“三个一批”活动签约项目7个\n"
        "6月28日,全省开发区今年第二次“三个一批”活动举行。我县签约项目7个,总投资25.6亿元。"
        "在分会场,襄汾经济技术开发区年产20万吨特钢棒材项目、新型墙体材料生产项目进行了现场签约。"
    )
    e = extract_article(text, published=date(2022, 6, 28))
    assert e.campaign is not None and (e.campaign.year, e.campaign.ordinal) == (2022, 2)
    assert {(t.region, t.region_level) for t in e.stage_totals} == {("襄汾县", "county")}
    assert {(p.name, p.zone, p.county) for p in e.projects} == {
        ("年产20万吨特钢棒材项目", "襄汾经济技术开发区", "襄汾县"),
        ("新型墙体材料生产项目", "襄汾经济技术开发区", "襄汾县"),
    }


def test_unknown_zone_is_kept_and_flagged() -> None:
    text = "冷链仓储项目开工\n8月22日,临汾国际陆港物流园区冷链仓储项目举行开工仪式,该项目总投资4.2亿元。"
    e = extract_article(text, published=date(2023, 8, 22))
    assert e.kind == "groundbreaking"
    (p,) = e.projects
    assert (p.name, p.zone, p.zone_known, p.investment_yuan) == (
        "冷链仓储项目",
        "临汾国际陆港物流园区",
        False,
        420_000_000,
    )
    assert any("临汾国际陆港物流园区" in w for w in e.warnings)


def test_targets_meetings_and_history_yield_nothing() -> None:
    for text in (
        "全市项目建设工作会议召开\n会议提出,今年全市计划签约项目100个,总投资600亿元以上;力争开工项目80个。",
        "开发区三十年\n去年以来,全市累计签约项目86个,总投资320亿元。一些项目实现了拿地即开工。",
        "市领导督导重点项目\n要求对影响项目开工、投产的问题现场协调,推动重大项目早日投产。",
        "教育局发布预算\n今年安排城区学校扩容项目资金2.3亿元,新建校舍将于9月投用。",
    ):
        e = extract_article(text)
        assert e.kind == "other", text
        assert not e.stage_totals and not e.projects and e.campaign is None


def test_truncated_text_keeps_what_is_stated() -> None:
    text = "我市开发区“三个一批”活动举行\n3月28日,全省开发区2023年第一次“三个一批”活动举行。我市签约项目12个,总投资40亿元;开工项目15个,总投"
    assert totals(text, date(2023, 3, 28)) == {
        ("signed", "临汾市", 12, 4_000_000_000),
        ("started", "临汾市", 15, None),
    }

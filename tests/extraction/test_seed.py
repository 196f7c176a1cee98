"""The real 2025-02-06 report: every fact an analyst reads in it, and nothing more."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.extract import extract_article
from transforms.records import Extraction

SIGNED_ON_SITE = {
    # name → (zone, county)
    "新能源汽车轻铝合金智能制造项目": ("临汾经济开发区", "尧都区"),
    "年产1.5亿枚纽扣式超级电容器项目": ("洪洞经济技术开发区", "洪洞县"),
    "智慧灯杆乡村道路点亮工程项目": ("尧都高新技术产业开发区", "尧都区"),
    "标准化厂房及10万吨精密铸造建设项目": ("霍州经济技术开发区", "霍州市"),
    "年产70万吨锌铝镁新材料及20万吨智能交安产品制造项目": ("侯马经济开发区", "侯马市"),
    "山西永鑫陆港型多式联运综合物流园项目": ("安泽经济技术开发区", "安泽县"),
    "年产5000吨冻干宠物食品建设项目(二期)": ("吉县现代农业产业示范区", "吉县"),
    "新型环保装备研发生产项目": ("襄汾经济技术开发区", "襄汾县"),
    "大健康产研建设项目": ("曲沃经济技术开发区", "曲沃县"),
    "康养建设项目": ("乡宁生态文化旅游示范区", "乡宁县"),
    "大吉煤层气田吉深8-1区块产能建设项目": ("大宁县产业集聚区", "大宁县"),
    "年产100套热裂解设备建设项目": ("蒲县产业集聚区", "蒲县"),
    "固废综合利用项目": ("翼城县产业集聚区", "翼城县"),
    "智慧储能超级工厂项目": ("浮山县产业集聚区", "浮山县"),
    "永宁2集气站脱碳处理技术服务项目": ("永和县产业集聚区", "永和县"),
}


@pytest.fixture(scope="module")
def seed(seed_text: str) -> Extraction:
    return extract_article(seed_text, published=date(2025, 2, 6), source="seed.txt")


def test_kind_and_campaign(seed: Extraction) -> None:
    assert seed.kind == "campaign_report"
    assert seed.is_announcement
    assert seed.campaign is not None
    assert (seed.campaign.year, seed.campaign.ordinal) == (2025, 1)
    assert seed.campaign.event_date == date(2025, 2, 6)
    assert seed.campaign.campaign_id == "2025-1"
    assert seed.campaign.venue == "临汾经济开发区甘亭工业园区重型机械2号厂房"


def test_exactly_the_three_city_stage_totals(seed: Extraction) -> None:
    got = {(t.stage, t.region, t.region_level, t.project_count, t.investment_yuan) for t in seed.stage_totals}
    assert got == {
        ("signed", "临汾市", "city", 18, 9_996_000_000),
        ("started", "临汾市", "city", 16, 5_901_000_000),
        ("in_production", "临汾市", "city", 20, 4_499_000_000),
    }
    assert len(seed.stage_totals) == 3  # lead and body state them twice: one record each
    for total in seed.stage_totals:
        assert "总投资" in total.sentence


def test_all_fifteen_signed_projects_with_zone_and_county(seed: Extraction) -> None:
    signed = {p.name: (p.zone, p.county) for p in seed.projects if p.stage == "signed"}
    assert signed == SIGNED_ON_SITE
    for p in seed.projects:
        assert p.zone_known
        assert p.name in p.sentence or p.name.removesuffix("(二期)") in p.sentence


def test_groundbreaking_and_observed_production_line(seed: Extraction) -> None:
    others = {(p.stage, p.name, p.zone, p.county) for p in seed.projects if p.stage != "signed"}
    # The observed line is named after the building it stands in (新兴产业孵化中心); the name keeps it.
    assert others == {
        ("started", "新能源汽车轻铝合金智能制造项目", "临汾经济开发区", "尧都区"),
        ("in_production", "新兴产业孵化中心晶旭年产250万千瓦光伏组件项目", "临汾经济开发区", "尧都区"),
    }


def test_no_invented_projects(seed: Extraction) -> None:
    assert len(seed.projects) == 17
    names = {p.name for p in seed.projects}
    for generic in ("重大项目", "招商引资项目", "前期手续", "开工项目", "预计投产项目"):
        assert not any(generic in name for name in names)


def test_capacity_and_industry(seed: Extraction) -> None:
    by_name = {(p.stage, p.name): p for p in seed.projects}
    zinc = by_name[("signed", "年产70万吨锌铝镁新材料及20万吨智能交安产品制造项目")]
    assert (zinc.capacity, zinc.industry) == ("年产70万吨", "新材料")
    solar = by_name[("in_production", "新兴产业孵化中心晶旭年产250万千瓦光伏组件项目")]
    assert (solar.capacity, solar.industry) == ("250万千瓦", "新能源")  # a rating, not yearly output
    assert by_name[("signed", "年产100套热裂解设备建设项目")].capacity == "年产100套"
    assert by_name[("signed", "年产1.5亿枚纽扣式超级电容器项目")].capacity == "年产1.5亿枚"
    assert by_name[("signed", "大吉煤层气田吉深8-1区块产能建设项目")].industry == "煤层气/能源"


def test_mojibake_fragment_does_not_leak(seed: Extraction) -> None:
    sentences = [seed.campaign.sentence] if seed.campaign else []
    sentences += [t.sentence for t in seed.stage_totals] + [p.sentence for p in seed.projects]
    for sentence in sentences:
        assert "?" not in sentence and "顒" not in sentence

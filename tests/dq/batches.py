"""Staging batches for the gate's tests, built column for column from docs/CONTRACTS.md.

The figures are those of the seed report (2025年第一次“三个一批”, 6 Feb 2025): the city's three
stage totals and named signed projects, plus a county report from 洪洞县.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from expectations.reference import ReferenceData, reference_from_places

SHANGHAI = ZoneInfo("Asia/Shanghai")
YI = 100_000_000
MAIN = "http://www.lfxww.com/linfen/shizheng/2025-02/06/content_2677701.htm"
COUNTY = "http://www.lfxww.com/linfen/xianqu/2025-02/07/content_2677760.htm"

COUNTIES = {
    "尧都区", "侯马市", "霍州市", "曲沃县", "翼城县", "襄汾县", "洪洞县", "古县", "安泽县",
    "浮山县", "吉县", "乡宁县", "大宁县", "隰县", "永和县", "蒲县", "汾西县",
}  # fmt: skip
ZONES = {
    "临汾经济开发区", "洪洞经济技术开发区", "尧都高新技术产业开发区", "侯马经济开发区",
    "霍州经济技术开发区", "翼城县产业集聚区", "浮山县产业集聚区", "吉县现代农业产业示范区",
}  # fmt: skip


@dataclasses.dataclass
class Batch:
    """Same four tables as ``transforms.staging.StagingBatch``."""

    articles: pd.DataFrame
    campaigns: pd.DataFrame
    stage_totals: pd.DataFrame
    project_mentions: pd.DataFrame


def reference() -> ReferenceData:
    return reference_from_places(ZONES, COUNTIES)


def _article(url: str, article_id: str, title: str, published: datetime) -> dict[str, object]:
    return {
        "url": url,
        "article_id": article_id,
        "site": "lfxww",
        "channel": "linfen/shizheng",
        "title": title,
        "published_at": published,
        "source": "临汾日报",
        "editor": "畅任杰",
        "reporters": "张浩",
        "content_sha256": f"{int(article_id):064x}",
        "kind": "campaign_report",
        "is_announcement": True,
        "campaign_id": "2025-1",
    }


def _campaign(url: str, event_date: date | None) -> dict[str, object]:
    return {
        "campaign_id": "2025-1",
        "article_url": url,
        "year": 2025,
        "ordinal": 1,
        "label": "2025年第一次",
        "event_date": event_date,
        "venue": "临汾经济开发区甘亭工业园区",
        "sentence": "我市与全省同步举行开发区2025年第一次“三个一批”活动",
    }


def _total(
    url: str, region: str, level: str, stage: str, count: int | None, yuan: int | None
) -> dict[str, object]:
    return {
        "campaign_id": "2025-1",
        "region": region,
        "stage": stage,
        "article_url": url,
        "region_level": level,
        "project_count": count,
        "investment_yuan": yuan,
        "sentence": f"“{stage}”项目{count}个",
    }


def _project(
    url: str, name: str, zone: str | None, county: str | None, yuan: int | None = None, stage: str = "signed"
) -> dict[str, object]:
    return {
        "campaign_id": "2025-1",
        "stage": stage,
        "project_name": name,
        "county": county,
        "article_url": url,
        "zone": zone,
        "zone_known": zone in ZONES,
        "capacity": None,
        "industry": None,
        "investment_yuan": yuan,
        "event_date": date(2025, 2, 6),
        "sentence": f"{zone or ''}{name}",
    }


def _frames(
    articles: list[dict[str, object]],
    campaigns: list[dict[str, object]],
    totals: list[dict[str, object]],
    projects: list[dict[str, object]],
) -> Batch:
    stage_totals = pd.DataFrame(totals)
    project_mentions = pd.DataFrame(projects)
    for frame, columns in (
        (stage_totals, ("project_count", "investment_yuan")),
        (project_mentions, ("investment_yuan",)),
    ):
        for column in columns:
            frame[column] = frame[column].astype("Int64")
    campaigns_frame = pd.DataFrame(campaigns)
    campaigns_frame["ordinal"] = campaigns_frame["ordinal"].astype("Int64")
    return Batch(pd.DataFrame(articles), campaigns_frame, stage_totals, project_mentions)


def clean_rows() -> tuple[list[dict[str, object]], ...]:
    articles = [
        _article(
            MAIN,
            "2677701",
            "我市举行开发区2025年第一次“三个一批”活动",
            datetime(2025, 2, 6, 18, 30, tzinfo=SHANGHAI),
        ),
        _article(
            COUNTY,
            "2677760",
            "洪洞县参加2025年第一次“三个一批”活动",
            datetime(2025, 2, 7, 9, 0, tzinfo=SHANGHAI),
        ),
    ]
    campaigns = [_campaign(MAIN, date(2025, 2, 6)), _campaign(COUNTY, date(2025, 2, 6))]
    totals = [
        _total(MAIN, "临汾市", "city", "signed", 18, 9_996_000_000),
        _total(MAIN, "临汾市", "city", "started", 16, 5_901_000_000),
        _total(MAIN, "临汾市", "city", "in_production", 20, 4_499_000_000),
        _total(COUNTY, "临汾市", "city", "signed", 18, 9_996_000_000),  # agrees with the main report
        _total(COUNTY, "洪洞县", "county", "signed", 8, 4_250_000_000),
        _total(COUNTY, "洪洞县", "county", "started", 2, 800_000_000),
    ]
    projects = [
        _project(MAIN, "新能源汽车轻铝合金智能制造项目", "临汾经济开发区", "尧都区"),
        _project(MAIN, "年产1.5亿枚纽扣式超级电容器项目", "洪洞经济技术开发区", "洪洞县"),
        _project(MAIN, "智慧灯杆乡村道路点亮工程项目", "尧都高新技术产业开发区", "尧都区"),
        _project(MAIN, "标准化厂房及10万吨精密铸造建设项目", "霍州经济技术开发区", "霍州市"),
        _project(MAIN, "年产70万吨锌铝镁新材料及20万吨智能交安产品制造项目", "侯马经济开发区", "侯马市"),
        _project(MAIN, "年产5000吨冻干宠物食品建设项目(二期)", "吉县现代农业产业示范区", "吉县"),
        _project(MAIN, "固废综合利用项目", "翼城县产业集聚区", "翼城县"),
        _project(MAIN, "智慧储能超级工厂", "浮山县产业集聚区", "浮山县"),  # a known exception ending
        _project(COUNTY, "年产1.5亿枚纽扣式超级电容器项目", "洪洞经济技术开发区", "洪洞县", 450_000_000),
        _project(COUNTY, "高端装备制造产业园建设项目", "洪洞经济技术开发区", "洪洞县", 800_000_000),
        _project(COUNTY, "煤矸石综合利用项目", "洪洞经济技术开发区", "洪洞县", 350_000_000, stage="started"),
    ]
    return articles, campaigns, totals, projects


def clean_batch() -> Batch:
    return _frames(*clean_rows())


def planted_batch() -> Batch:
    """The clean batch plus one planted defect per row (see ``PLANTED``), and one warning."""
    articles, campaigns, totals, projects = clean_rows()
    totals.append(_total(COUNTY, "洪洞县", "county", "in_production", -2, 300_000_000))
    projects.append(_project(COUNTY, "百万吨级煤制氢一体化项目", "洪洞经济技术开发区", "洪洞县", 9_999 * YI))
    projects.append(_project(COUNTY, "光伏组件生产基地项目", "某某新区", "洪洞县", 600_000_000))
    projects.append(dict(projects[9]))  # a second row with the key of 高端装备制造产业园建设项目
    future = _project(COUNTY, "氢能重卡换电站项目", "洪洞经济技术开发区", "洪洞县", 200_000_000)
    future["event_date"] = date(2099, 2, 6)
    projects.append(future)
    projects.append(
        _project(COUNTY, "农产品冷链物流", "洪洞经济技术开发区", "洪洞县", 90_000_000)
    )  # warning only
    return _frames(articles, campaigns, totals, projects)

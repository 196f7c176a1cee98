"""A small warehouse whose lifecycle figures are computed by hand (invented projects).

Three rounds of 2024 (03-01, 06-01, 09-01) and one single signing news item (04-15):

| project | county | signed | started | in production | investment |
|---|---|---|---|---|---|
| P1 高端铝型材 (worded three ways) | 侯马市 | 2024-1 | 2024-2 (+92 d) | 2024-3 (+92 d) | 10亿 |
| P2 智能装备产业园 (zone prefix later) | 侯马市 | 2024-1 | 2024-3 (+184 d) | – | 5亿 |
| P3 生物医药产业园 | 尧都区 | 2024-1 | 2024-3 (+184 d) | – | – |
| P4 光伏组件生产 | 尧都区 | 2024-1 | – | – | 3亿 |
| P5 冷链物流园 (single news) | 尧都区 | 2024-04-15 | – | – | 2亿 |
| P6 智慧冷链物流园 | 尧都区 | 2024-2 | – | – | – |

P5 and P6 look alike (similarity in the grey band): listed for review, not merged.
"""

from __future__ import annotations

from datetime import date, datetime

from extractors.records import Article
from tests.warehouse.sample import BEIJING, YI, article, project
from transforms.records import Campaign, Extraction, ProjectMention
from transforms.staging import StagingBatch, build_staging

ROUNDS = {
    1: Campaign(2024, 1, "2024年第一次", date(2024, 3, 1), None, "2024年第一次“三个一批”活动"),
    2: Campaign(2024, 2, "2024年第二次", date(2024, 6, 1), None, "2024年第二次“三个一批”活动"),
    3: Campaign(2024, 3, "2024年第三次", date(2024, 9, 1), None, "2024年第三次“三个一批”活动"),
}
HOUMA_ZONE = "侯马经济开发区"
YAODU_ZONE = "临汾经济开发区"


def _round(ordinal: int, url_id: str, projects: list[ProjectMention]) -> tuple[Article, Extraction]:
    day = ROUNDS[ordinal].event_date
    assert day is not None
    page = article(
        url_id, datetime(day.year, day.month, day.day, 20, 0, tzinfo=BEIJING), f"第{ordinal}次活动"
    )
    return page, Extraction(
        source=page.url,
        title=page.title,
        published=day,
        kind="campaign_report",
        campaign=ROUNDS[ordinal],
        projects=projects,
    )


ROUND_1 = _round(
    1,
    "2700001",
    [
        project(
            "signed",
            "年产10万吨高端铝型材项目",
            HOUMA_ZONE,
            "侯马市",
            industry="新材料",
            investment_yuan=10 * YI,
        ),
        project("signed", "智能装备产业园项目", HOUMA_ZONE, "侯马市", investment_yuan=5 * YI),
        project("signed", "生物医药产业园项目", YAODU_ZONE, "尧都区", industry="生物医药"),
        project("signed", "光伏组件生产项目", YAODU_ZONE, "尧都区", investment_yuan=3 * YI),
    ],
)
ROUND_2 = _round(
    2,
    "2700002",
    [
        project("started", "山西晟通铝业有限公司年产10万吨高端铝型材项目", HOUMA_ZONE, "侯马市"),
        project("signed", "智慧冷链物流园项目", YAODU_ZONE, "尧都区"),
    ],
)
ROUND_3 = _round(
    3,
    "2700003",
    [
        project("in_production", "高端铝型材项目", HOUMA_ZONE, "侯马市"),
        project("started", "侯马经济开发区智能装备产业园项目", HOUMA_ZONE, "侯马市"),
        project("started", "生物医药产业园建设项目", YAODU_ZONE, "尧都区"),
    ],
)
_NEWS_PAGE = article("2700050", datetime(2024, 4, 15, 10, 0, tzinfo=BEIJING), "尧都区签约冷链物流园项目")
NEWS = (
    _NEWS_PAGE,
    Extraction(
        source=_NEWS_PAGE.url,
        title=_NEWS_PAGE.title,
        published=date(2024, 4, 15),
        kind="signing",
        projects=[project("signed", "冷链物流园项目", YAODU_ZONE, "尧都区", investment_yuan=2 * YI)],
    ),
)

PAIRS = [ROUND_1, NEWS, ROUND_2, ROUND_3]


def lifecycle_batch(pairs: list[tuple[Article, Extraction]] | None = None) -> StagingBatch:
    return build_staging(PAIRS if pairs is None else pairs)

"""Staging batches for the gate's tests, built by the real ``transforms.staging.build_staging``.

The figures are those of the seed report (2025年第一次“三个一批”, 6 Feb 2025): the city's three
stage totals and named signed projects, plus a county report from 洪洞县 the next day. The planted
batch appends defective rows with the staging tables' own dtypes.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from expectations.reference import ReferenceData, load_reference
from extractors.records import Article
from transforms.records import Campaign, Extraction, ProjectMention, StageTotal
from transforms.staging import StagingBatch, build_staging

SHANGHAI = ZoneInfo("Asia/Shanghai")
YI = 100_000_000
MAIN = "http://www.lfxww.com/linfen/shizheng/2025-02/06/content_2677701.htm"
COUNTY = "http://www.lfxww.com/linfen/xianqu/2025-02/07/content_2677760.htm"

ZONES = {
    "临汾经济开发区", "洪洞经济技术开发区", "尧都高新技术产业开发区", "侯马经济开发区",
    "霍州经济技术开发区", "翼城县产业集聚区", "浮山县产业集聚区", "吉县现代农业产业示范区",
}  # fmt: skip
ROUND = Campaign(
    2025, 1, "2025年第一次", date(2025, 2, 6), "临汾经济开发区", "开发区2025年第一次“三个一批”活动"
)


def reference() -> ReferenceData:
    """The real gazetteer's places (the batches only use names it knows)."""
    return load_reference()


def _article(url: str, article_id: str, title: str, published: datetime) -> Article:
    return Article(
        url=url,
        article_id=article_id,
        channel="linfen/shizheng",
        title=title,
        published_at=published,
        source="临汾日报",
        reporters=["张浩"],
        editor="畅任杰",
        paragraphs=["…"],
        content_sha256=f"{int(article_id):064x}",
    )


def _total(stage: str, region: str, count: int | None, yuan: int | None) -> StageTotal:
    level = "city" if region == "临汾市" else "county"
    return StageTotal(stage, region, level, count, yuan, f"“{stage}”项目{count}个")  # type: ignore[arg-type]


def _project(name: str, zone: str | None, county: str | None, yuan: int | None = None, stage: str = "signed"):
    return ProjectMention(stage, name, zone, zone in ZONES, county, None, None, yuan, f"{zone}{name}")  # type: ignore[arg-type]


def _pairs() -> list[tuple[Article, Extraction]]:
    main = Extraction(
        source=MAIN,
        title="我市举行开发区2025年第一次“三个一批”活动",
        published=date(2025, 2, 6),
        kind="campaign_report",
        campaign=ROUND,
        stage_totals=[
            _total("signed", "临汾市", 18, 9_996_000_000),
            _total("started", "临汾市", 16, 5_901_000_000),
            _total("in_production", "临汾市", 20, 4_499_000_000),
        ],
        projects=[
            _project("新能源汽车轻铝合金智能制造项目", "临汾经济开发区", "尧都区"),
            _project("年产1.5亿枚纽扣式超级电容器项目", "洪洞经济技术开发区", "洪洞县"),
            _project("智慧灯杆乡村道路点亮工程项目", "尧都高新技术产业开发区", "尧都区"),
            _project("标准化厂房及10万吨精密铸造建设项目", "霍州经济技术开发区", "霍州市"),
            _project("年产70万吨锌铝镁新材料及20万吨智能交安产品制造项目", "侯马经济开发区", "侯马市"),
            _project("年产5000吨冻干宠物食品建设项目(二期)", "吉县现代农业产业示范区", "吉县"),
            _project("固废综合利用项目", "翼城县产业集聚区", "翼城县"),
            _project("智慧储能超级工厂", "浮山县产业集聚区", "浮山县"),  # a known exception ending
        ],
    )
    county = Extraction(
        source=COUNTY,
        title="洪洞县参加2025年第一次“三个一批”活动",
        published=date(2025, 2, 7),
        kind="campaign_report",
        campaign=ROUND,
        stage_totals=[
            _total("signed", "临汾市", 18, 9_996_000_000),  # agrees with the main report
            _total("signed", "洪洞县", 8, 4_250_000_000),
            _total("started", "洪洞县", 2, 800_000_000),
        ],
        projects=[
            _project("年产1.5亿枚纽扣式超级电容器项目", "洪洞经济技术开发区", "洪洞县", 450_000_000),
            _project("高端装备制造产业园建设项目", "洪洞经济技术开发区", "洪洞县", 800_000_000),
            _project("煤矸石综合利用项目", "洪洞经济技术开发区", "洪洞县", 350_000_000, stage="started"),
        ],
    )
    return [
        (_article(MAIN, "2677701", main.title, datetime(2025, 2, 6, 18, 30, tzinfo=SHANGHAI)), main),
        (_article(COUNTY, "2677760", county.title, datetime(2025, 2, 7, 9, 0, tzinfo=SHANGHAI)), county),
    ]


def clean_batch() -> StagingBatch:
    return build_staging(_pairs())


def with_rows(batch: StagingBatch, table: str, rows: list[dict[str, object]]) -> StagingBatch:
    """``batch`` with ``rows`` appended to ``table``, keeping the table's dtypes."""
    frame = getattr(batch, table)
    extra = pd.DataFrame(rows, columns=frame.columns).astype(frame.dtypes.to_dict())
    return batch.replace(**{table: pd.concat([frame, extra], ignore_index=True)})


def planted_batch() -> StagingBatch:
    """The clean batch plus one planted defect per row, and one row that only warns."""
    batch = clean_batch()
    mentions = batch.project_mentions
    like = mentions[mentions["article_url"] == COUNTY].iloc[0].to_dict()

    def mention(name: str, **changes: object) -> dict[str, object]:
        return {**like, "project_name": name, "sentence": name, **changes}

    batch = with_rows(
        batch,
        "stage_totals",
        [
            {
                "campaign_id": "2025-1",
                "region": "洪洞县",
                "stage": "in_production",
                "article_url": COUNTY,
                "region_level": "county",
                "project_count": -2,  # a negative count
                "investment_yuan": 300_000_000,
                "sentence": "“投产一批”项目-2个",
            }
        ],
    )
    duplicate = mentions[mentions["project_name"] == "高端装备制造产业园建设项目"].iloc[0].to_dict()
    return with_rows(
        batch,
        "project_mentions",
        [
            mention("百万吨级煤制氢一体化项目", investment_yuan=9_999 * YI),  # 9999亿元
            mention("光伏组件生产基地项目", zone="某某新区", zone_known=False),  # unknown zone
            duplicate,  # a second row with the same key
            mention("氢能重卡换电站项目", event_date=date(2099, 2, 6)),  # in the future
            mention("农产品冷链物流", investment_yuan=90_000_000),  # warning only: no known ending
        ],
    )

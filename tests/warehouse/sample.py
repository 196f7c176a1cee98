"""A small, known batch modelled on real 三个一批 reports (hand-made extraction records).

- Article A (2025-02-06, city report of round 2025-1): city totals for the three stages, two
  signed projects, one started project.
- Article B (2025-02-07, a side report 侧记 of round 2025-1): the same signed total as A (agrees)
  and a started total that disagrees with A (16 vs 17 projects).
- Article C (2025-05-20, city report of round 2025-2): city totals, and the project signed in
  2025-1 is now started (written a little differently).
- Article D (2025-03-03): a single signing news item outside any round.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from extractors.records import Article
from transforms.records import Campaign, Extraction, ProjectMention, StageTotal
from transforms.staging import StagingBatch, build_staging

BEIJING = ZoneInfo("Asia/Shanghai")
YI = 100_000_000  # 1 亿元 in yuan

ROUND_1 = Campaign(
    2025,
    1,
    "2025年第一次",
    date(2025, 2, 6),
    "临汾经济开发区",
    "我市与全省同步举行…2025年第一次“三个一批”活动",
)
ROUND_2 = Campaign(2025, 2, "2025年第二次", date(2025, 5, 20), None, "2025年第二次“三个一批”活动")


def article(url_id: str, published: datetime, title: str) -> Article:
    return Article(
        url=f"http://www.lfxww.com/linfen/shizheng/{url_id}.html",
        article_id=url_id,
        channel="linfen/shizheng",
        title=title,
        published_at=published,
        source="临汾新闻网",
        reporters=["张浩"],
        editor="畅任杰",
        paragraphs=["…"],
        content_sha256=url_id.rjust(64, "0"),
    )


def total(stage: str, count: int | None, yuan: int | None, region: str = "临汾市") -> StageTotal:
    return StageTotal(
        stage, region, "city" if region == "临汾市" else "county", count, yuan, f"{stage} {count}"
    )  # type: ignore[arg-type]


def project(stage: str, name: str, zone: str | None, county: str | None, **extra: object) -> ProjectMention:
    values: dict[str, object] = {
        "capacity": None,
        "industry": None,
        "investment_yuan": None,
        "zone_known": True,
    }
    values.update(extra)
    return ProjectMention(
        stage=stage, name=name, zone=zone, county=county, sentence=f"{zone}{name}", **values
    )  # type: ignore[arg-type]


ARTICLE_A = article(
    "2800001", datetime(2025, 2, 6, 18, 30, tzinfo=BEIJING), "我市举行2025年第一次“三个一批”活动"
)
ARTICLE_B = article("2800002", datetime(2025, 2, 7, 9, 0, tzinfo=BEIJING), "“三个一批”活动侧记")
ARTICLE_C = article(
    "2800100", datetime(2025, 5, 20, 20, 0, tzinfo=BEIJING), "我市举行2025年第二次“三个一批”活动"
)
ARTICLE_D = article("2800050", datetime(2025, 3, 3, 10, 0, tzinfo=BEIJING), "侯马签约一个项目")

EXTRACTION_A = Extraction(
    source=ARTICLE_A.url,
    title=ARTICLE_A.title,
    published=date(2025, 2, 6),
    kind="campaign_report",
    campaign=ROUND_1,
    stage_totals=[
        total("signed", 18, 9_996_000_000),
        total("started", 16, 5_901_000_000),
        total("in_production", 20, 4_499_000_000),
    ],
    projects=[
        project(
            "signed",
            "年产70万吨锌铝镁新材料及20万吨智能交安产品制造项目",
            "侯马经济开发区",
            "侯马市",
            capacity="年产70万吨",
            industry="新材料",
        ),
        project(
            "signed",
            "年产5000吨冻干宠物食品建设项目(二期)",
            "吉县现代农业产业示范区",
            "吉县",
            industry="农产品加工",
            investment_yuan=3 * YI,
        ),
        project("started", "新能源汽车轻铝合金智能制造项目", "临汾经济开发区", "尧都区", industry="装备制造"),
    ],
)
EXTRACTION_B = Extraction(
    source=ARTICLE_B.url,
    title=ARTICLE_B.title,
    published=date(2025, 2, 7),
    kind="campaign_report",
    campaign=replace(ROUND_1, venue=None),
    stage_totals=[total("signed", 18, 9_996_000_000), total("started", 17, 5_901_000_000)],
    projects=[
        # Names the started project again, now with its investment: fills the gap in A.
        project(
            "started",
            "新能源汽车轻铝合金智能制造项目",
            "临汾经济开发区",
            "尧都区",
            industry="装备制造",
            investment_yuan=12 * YI,
        )
    ],
)
EXTRACTION_C = Extraction(
    source=ARTICLE_C.url,
    title=ARTICLE_C.title,
    published=date(2025, 5, 20),
    kind="campaign_report",
    campaign=ROUND_2,
    stage_totals=[total("signed", 21, 12_050_000_000), total("started", 19, 7_000_000_000)],
    projects=[
        project(
            "started",
            "年产70万吨锌铝镁新材料及20万吨智能交安产品制造建设项目",
            "侯马经济开发区",
            "侯马市",
            industry="新材料",
            investment_yuan=25 * YI,
        ),
    ],
)
EXTRACTION_D = Extraction(
    source=ARTICLE_D.url,
    title=ARTICLE_D.title,
    published=date(2025, 3, 3),
    kind="signing",
    projects=[project("signed", "智能装备产业园项目", "侯马经济开发区", "侯马市", investment_yuan=5 * YI)],
)

PAIRS = [
    (ARTICLE_A, EXTRACTION_A),
    (ARTICLE_B, EXTRACTION_B),
    (ARTICLE_C, EXTRACTION_C),
    (ARTICLE_D, EXTRACTION_D),
]


def sample_batch() -> StagingBatch:
    return build_staging(PAIRS)

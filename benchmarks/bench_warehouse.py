"""Warehouse load throughput: 100,000 synthetic project events into SQLite and PostgreSQL.

Each database gets the same batch twice. The first load inserts everything; its throughput is
reported in **fact rows per second** (the issue's metric, target ≥ 20,000), where one row is one
row inserted into a fact table: each of the 100,000 project events is stored twice (its
per-article ``fact_project_mention`` and the consolidated ``fact_project_event``), plus 150 stage
reports and 147 stage totals, so 200,297 fact rows. Project events per second (half of that) are
reported beside it. The second load must be close to a no-op: it writes nothing; its time is
reported. Last, one more round (2,000 new events) goes into the full warehouse: the size of a
nightly load, which takes the per-row paths. PostgreSQL runs on a throwaway local cluster started
with ``devtools.testing_pg``.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import BenchResult
from devtools.testing_pg import start_cluster
from extractors.records import Article
from transforms.records import Campaign, Extraction, ProjectMention, StageTotal
from transforms.staging import StagingBatch, build_staging
from warehouse import load, migrate, runs
from warehouse.engine import make_engine

EVENTS = 100_000
ROUNDS = 50
NIGHTLY_EVENTS = 2_000  # one more round's worth, loaded into the full warehouse
TARGET_ROWS_PER_S = 20_000
BEIJING = ZoneInfo("Asia/Shanghai")
COUNTIES = ["尧都区", "侯马市", "霍州市", "曲沃县", "翼城县", "襄汾县", "洪洞县", "古县", "安泽县"]
INDUSTRIES = ["新材料", "新能源", "装备制造", "农产品加工", "现代物流", "文旅康养"]
STAGES = ("signed", "started", "in_production")
# Project names are built from these words (one of each, a different combination per project), so
# that, as in real lists, most names of a county do not look alike. Names that differ only in a serial
# number would make every pair of a county a look-alike for project resolution: a review list of a
# million pairs that no real warehouse has, and a benchmark of that instead of the load.
NAME_LEADS = [
    "晋南",
    "汾河",
    "华翔",
    "鼎盛",
    "恒通",
    "瑞丰",
    "安泰",
    "宏达",
    "金源",
    "中条",
    "太岳",
    "吕梁山",
    "尧都",
    "平阳",
    "古城",
    "云丘",
    "姑射",
    "龙祠",
    "壶口",
    "霍山",
    "浮山",
    "乡宁",
    "蒲县",
    "吉州",
    "大宁",
    "永和",
    "隰州",
    "汾西",
    "洪洞",
    "襄陵",
    "曲沃",
    "翼城",
    "侯马",
    "新绛",
    "稷山",
    "河津",
    "万荣",
    "闻喜",
    "垣曲",
    "夏县",
    "平陆",
    "芮城",
    "永济",
    "临猗",
    "绛州",
    "晋都",
    "晋阳",
    "晋城",
    "长平",
    "上党",
    "潞安",
    "沁水",
    "阳城",
    "高平",
    "陵川",
    "泽州",
    "沁源",
    "屯留",
    "襄垣",
    "黎城",
]
NAME_PRODUCTS = [
    "光伏组件",
    "储能电池",
    "高纯硅材",
    "氢燃料",
    "焦炉煤气",
    "煤层气液化",
    "冷链仓储",
    "果蔬深加工",
    "智能装备",
    "精密铸件",
    "铝镁合金",
    "碳纤维",
    "生物医药",
    "中药饮片",
    "肉牛养殖",
    "小杂粮",
    "功能陶瓷",
    "特种玻璃",
    "风电塔筒",
    "汽车轮毂",
    "电子元件",
    "数据中心",
    "再生资源",
    "固废利用",
    "装配式建材",
    "精细化工",
    "针织服装",
    "文旅康养",
    "乳制品",
    "饲料加工",
    "铸造用砂",
    "金属镁",
    "甲醇制烯烃",
    "石墨电极",
    "环保设备",
    "农机具",
    "磁性材料",
    "锂电隔膜",
    "包装印刷",
    "酿酒",
]
NAME_KINDS = [
    "生产线",
    "产业园",
    "基地",
    "研发中心",
    "综合体",
    "示范园区",
    "智能工厂",
    "物流园",
    "加工厂",
    "技改",
]


def synthetic_batch(events: int = EVENTS, rounds: int = ROUNDS, first_round: int = 0) -> StagingBatch:
    """``events`` project events over ``rounds`` rounds from round ``first_round`` on: each project is
    signed, started, then producing."""
    per_round = events // rounds
    pairs = []
    for number in range(first_round, first_round + rounds):
        day = date(2015, 1, 10) + timedelta(days=91 * number)
        campaign = Campaign(day.year, number % 4 + 1, f"{day.year}年第{number % 4 + 1}次", day, None, "…")
        projects = []
        for slot in range(per_round):
            stage_index = slot % 3
            # A project signed in round r is started in round r+1 and producing in round r+2.
            project_number = (number - stage_index) * per_round + slot - stage_index
            projects.append(
                ProjectMention(
                    stage=STAGES[stage_index],
                    name=project_name(project_number),
                    zone=f"{COUNTIES[project_number % len(COUNTIES)]}产业集聚区",
                    zone_known=True,
                    county=COUNTIES[project_number % len(COUNTIES)],
                    capacity=f"年产{project_number % 97 + 1}万吨",
                    industry=INDUSTRIES[project_number % len(INDUSTRIES)],
                    investment_yuan=(project_number % 500 + 1) * 1_000_000,
                    sentence=f"示范项目{project_number}",
                )
            )
        totals = [
            StageTotal(stage, "临汾市", "city", per_round // 3, per_round * 10**8, "…") for stage in STAGES
        ]
        url = f"http://www.lfxww.com/linfen/shizheng/{2_900_000 + number}.html"
        article = Article(
            url=url,
            article_id=str(2_900_000 + number),
            channel="linfen/shizheng",
            title=f"{campaign.label}“三个一批”活动",
            published_at=datetime(day.year, day.month, day.day, 18, tzinfo=BEIJING),
            source="临汾新闻网",
            content_sha256=f"{number:064d}",
        )
        extraction = Extraction(url, article.title, day, "campaign_report", campaign, totals, projects)
        pairs.append((article, extraction))
    return build_staging(pairs)


def project_name(number: int) -> str:
    """A distinct name per project number (mixed radix over the word lists, capacity in front)."""
    lead, rest = number % len(NAME_LEADS), number // len(NAME_LEADS)
    product, rest = rest % len(NAME_PRODUCTS), rest // len(NAME_PRODUCTS)
    kind, repeat = rest % len(NAME_KINDS), rest // len(NAME_KINDS)
    name = f"年产{number % 97 + 1}万吨{NAME_LEADS[lead]}{NAME_PRODUCTS[product]}{NAME_KINDS[kind]}项目"
    return name if repeat == 0 else f"{name}{repeat + 1}号"  # beyond 36,000 projects


def _measure(url: str, batch: StagingBatch, nightly: StagingBatch, label: str) -> list[BenchResult]:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        run_id = runs.start_run(engine, "bench", {"events": EVENTS})
        started = time.perf_counter()
        first = load.load_batch(engine, batch, run_id=run_id)
        first_s = time.perf_counter() - started
        started = time.perf_counter()
        second = load.load_batch(engine, batch, run_id=run_id)
        second_s = time.perf_counter() - started
        started = time.perf_counter()
        next_round = load.load_batch(engine, nightly, run_id=run_id)
        next_round_s = time.perf_counter() - started
    finally:
        engine.dispose()
    events = first.tables["fact_project_event"].inserted
    if events != EVENTS or second.rows_written != 0:
        raise AssertionError(f"{label}: loaded {events} events, second load wrote {second.rows_written} rows")
    if next_round.tables["fact_project_event"].inserted != NIGHTLY_EVENTS:
        raise AssertionError(
            f"{label}: the next round loaded {next_round.tables['fact_project_event'].inserted}"
        )
    fact_rows = sum(change.written for name, change in first.tables.items() if name.startswith("fact_"))
    rate = fact_rows / first_s
    return [
        BenchResult(
            "warehouse",
            f"{label}: fact rows/s, first load ({fact_rows:,} rows: mentions + events + stage facts)",
            rate,
            f">= {TARGET_ROWS_PER_S:,}",
            rate >= TARGET_ROWS_PER_S,
        ),
        # Each project event is two fact rows: per article (fact_project_mention) and consolidated.
        BenchResult("warehouse", f"{label}: project events/s, first load of {EVENTS:,}", events / first_s),
        BenchResult("warehouse", f"{label}: first load (s)", first_s),
        BenchResult(
            "warehouse",
            f"{label}: same batch again, no-op load (s)",
            second_s,
            "< first load",
            second_s < first_s,
        ),
        BenchResult(
            "warehouse",
            f"{label}: next round ({NIGHTLY_EVENTS:,} new events) into the full warehouse (s)",
            next_round_s,
        ),
    ]


def run() -> list[BenchResult]:
    batch = synthetic_batch()
    nightly = synthetic_batch(NIGHTLY_EVENTS, rounds=1, first_round=ROUNDS)
    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="linfen-etl-bench-") as tmp:
        results += _measure(f"sqlite:///{Path(tmp) / 'warehouse.sqlite'}", batch, nightly, "SQLite")
    with start_cluster() as cluster:
        results += _measure(cluster.create_database("bench"), batch, nightly, "PostgreSQL")
    return results

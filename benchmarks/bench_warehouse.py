"""Warehouse load throughput: 100,000 synthetic project events into SQLite and PostgreSQL.

Each database gets the same batch twice: the first load inserts everything (fact rows per second,
target ≥ 20,000), the second must be close to a no-op (it writes nothing; its time is reported).
PostgreSQL runs on a throwaway local cluster started with ``warehouse.testing_pg``.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import BenchResult
from extractors.records import Article
from transforms.records import Campaign, Extraction, ProjectMention, StageTotal
from transforms.staging import StagingBatch, build_staging
from warehouse import load, migrate, runs
from warehouse.engine import make_engine
from warehouse.testing_pg import start_cluster

EVENTS = 100_000
ROUNDS = 50
TARGET_ROWS_PER_S = 20_000
BEIJING = ZoneInfo("Asia/Shanghai")
COUNTIES = ["尧都区", "侯马市", "霍州市", "曲沃县", "翼城县", "襄汾县", "洪洞县", "古县", "安泽县"]
INDUSTRIES = ["新材料", "新能源", "装备制造", "农产品加工", "现代物流", "文旅康养"]
STAGES = ("signed", "started", "in_production")


def synthetic_batch(events: int = EVENTS, rounds: int = ROUNDS) -> StagingBatch:
    """``events`` project events over ``rounds`` rounds: each project is signed, started, then producing."""
    per_round = events // rounds
    pairs = []
    for number in range(rounds):
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
                    name=f"年产{project_number % 97 + 1}万吨示范项目{project_number}",
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


def _measure(url: str, batch: StagingBatch, label: str) -> list[BenchResult]:
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
    finally:
        engine.dispose()
    events = first.tables["fact_project_event"].inserted
    if events != EVENTS or second.rows_written != 0:
        raise AssertionError(f"{label}: loaded {events} events, second load wrote {second.rows_written} rows")
    rate = events / first_s
    return [
        BenchResult(
            "warehouse",
            f"{label}: fact rows/s, first load of {EVENTS:,} events",
            rate,
            f">= {TARGET_ROWS_PER_S:,}",
            rate >= TARGET_ROWS_PER_S,
        ),
        BenchResult("warehouse", f"{label}: first load (s)", first_s),
        BenchResult(
            "warehouse",
            f"{label}: same batch again, no-op load (s)",
            second_s,
            "< first load",
            second_s < first_s,
        ),
    ]


def run() -> list[BenchResult]:
    batch = synthetic_batch()
    results: list[BenchResult] = []
    with tempfile.TemporaryDirectory(prefix="linfen-etl-bench-") as tmp:
        results += _measure(f"sqlite:///{Path(tmp) / 'warehouse.sqlite'}", batch, "SQLite")
    with start_cluster() as cluster:
        results += _measure(cluster.create_database("bench"), batch, "PostgreSQL")
    return results

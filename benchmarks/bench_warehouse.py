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

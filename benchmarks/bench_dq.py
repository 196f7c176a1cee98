"""Data-quality gate: validation time per 10,000 staging rows (GX import and warm-up excluded).

A synthetic batch shaped like a backfill (articles each reporting a round: one campaign row, three
stage totals, fifteen named projects), with 1% of the project rows defective so the quarantine
path runs too. The issue's budget is a quarter of the nightly run's time; the nightly run on the
replica handles a few hundred rows, so the figure to watch is the per-10,000-row cost.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import BenchResult
from config.settings import get_settings
from expectations.gate import validate_batch
from expectations.reference import reference_from_places
from extractors.records import Article
from transforms.records import STAGES, Campaign, Extraction, ProjectMention, StageTotal
from transforms.staging import StagingBatch, build_staging

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZONES = {
    "临汾经济开发区": "尧都区",
    "洪洞经济技术开发区": "洪洞县",
    "侯马经济开发区": "侯马市",
    "翼城县产业集聚区": "翼城县",
}
ROWS_PER_ARTICLE = 1 + 1 + 3 + 15  # article, campaign, stage totals, projects
TARGET_SECONDS_PER_10K = 20.0  # a 100,000-row backfill validates in under 4 minutes


def synthetic_batch(rows: int) -> StagingBatch:
    pairs = []
    for n in range(max(1, rows // ROWS_PER_ARTICLE)):
        year, ordinal = 2016 + n % 9, 1 + n % 4
        event = date(year, 3 * ordinal - 1, 6)
        url = f"http://www.lfxww.com/linfen/shizheng/{year}/content_{n:07d}.htm"
        zones = list(ZONES.items())
        projects = [
            ProjectMention(
                STAGES[i % 3],
                f"年产{n}-{i}万吨新材料项目" if (n * 15 + i) % 100 else f"第{n}-{i}号",  # 1%: bad name
                zones[i % 4][0],
                True,
                zones[i % 4][1],
                None,
                "新材料",
                (i + 1) * 10_000_000 if (n * 15 + i) % 100 != 50 else 9_999 * 100_000_000,  # 1%: 9999亿元
                "…",
            )
            for i in range(15)
        ]
        extraction = Extraction(
            source=url,
            title=f"{year}年第{ordinal}次“三个一批”活动",
            published=event,
            kind="campaign_report",
            campaign=Campaign(year, ordinal, f"{year}年第{ordinal}次", event, None, "…"),
            stage_totals=[StageTotal(stage, "临汾市", "city", 20, 5_000_000_000, "…") for stage in STAGES],
            projects=projects,
        )
        published = datetime.combine(event, datetime.min.time(), SHANGHAI) + timedelta(hours=18)
        article = Article(
            url, f"{n}", "linfen/shizheng", extraction.title, published, "临汾日报", content_sha256="0" * 64
        )
        pairs.append((article, extraction))
    return build_staging(pairs)


def run() -> list[BenchResult]:
    reference = reference_from_places(ZONES, set(ZONES.values()))
    batch = synthetic_batch(10_000)
    rows = sum(len(frame) for frame in batch.tables().values())
    with tempfile.TemporaryDirectory(prefix="bench-dq-") as tmp:
        settings = get_settings(data_dir=Path(tmp))
        validate_batch(synthetic_batch(200), settings=settings, run_id="bench-warmup", reference=reference)
        started = time.perf_counter()
        result = validate_batch(batch, settings=settings, run_id="bench", reference=reference)
        seconds = time.perf_counter() - started
    per_10k = seconds * 10_000 / rows
    return [
        BenchResult(
            "dq",
            "validation s per 10,000 staging rows",
            per_10k,
            f"<= {TARGET_SECONDS_PER_10K:.0f}",
            per_10k <= TARGET_SECONDS_PER_10K,
        ),
        BenchResult("dq", "rows quarantined in the benchmark batch", float(result.rows_quarantined)),
    ]

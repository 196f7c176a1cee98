"""A small hand-made warehouse for the report: every view as literal rows, the lifecycle ones in the
contract of issue 14 (built in parallel on another branch), so the report is tested against it before
those views land.

Known facts the tests check:
- round 2025-1 and 2025-2: Linfen city signed 20 → 18 projects, 100 → 90 亿元 (−10.0 %); the province
  (山西省) and a county (洪洞县) report larger/smaller figures that must not be added to the city's;
  运城市 is another city and must not appear in the Linfen trend;
- project 1 was signed at a single news item, campaign id ``2022-d2022-09-27``: it must read as the
  date 2022-09-27;
- project 3 has no zone, no industry and no investment: its cells read ``–``;
- the funnel: cohort 2025-1 signed 4, started 2, in production 1; cohort 2025-2 signed 2, none started
  (production rate NULL).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

YI = 100_000_000

_TREND_COLUMNS = [
    "campaign_id",
    "campaign_label",
    "year",
    "ordinal",
    "event_date",
    "region_name",
    "region_level",
    "region_path",
    "stage_code",
    "stage_name_zh",
    "project_count",
    "investment_yuan",
    "project_count_change",
    "investment_change_pct",
]


def _trend_rows() -> list[tuple[Any, ...]]:
    rows = []
    regions = (
        ("山西省", "province", "山西省", 10),
        ("临汾市", "city", "山西省/临汾市", 1),
        ("运城市", "city", "山西省/运城市", 3),
        ("洪洞县", "county", "山西省/临汾市/洪洞县", 0.25),
    )
    rounds = (("2025-1", "2025年第1轮", 1, "2025-02-06"), ("2025-2", "2025年第2轮", 2, "2025-05-20"))
    base = {"signed": (20, 100), "started": (15, 60), "in_production": (12, 40)}
    for name, level, path, factor in regions:
        previous: dict[str, tuple[int, int]] = {}
        for campaign_id, label, ordinal, event_date in rounds:
            for stage, (count, yi) in base.items():
                if ordinal == 2:
                    count, yi = count - 2, round(yi * 0.9)
                count, yuan = max(1, round(count * factor)), round(yi * factor * YI)
                before = previous.get(stage)
                rows.append(
                    (
                        campaign_id,
                        label,
                        2025,
                        ordinal,
                        event_date,
                        name,
                        level,
                        path,
                        stage,
                        {"signed": "签约", "started": "开工", "in_production": "投产"}[stage],
                        count,
                        # the county reports no money for production: an empty cell, not 0 or nan
                        None if (level == "county" and stage == "in_production") else yuan,
                        count - before[0] if before else None,
                        round(100.0 * (yuan - before[1]) / before[1], 1) if before else None,
                    )
                )
                previous[stage] = (count, yuan)
    return rows


# fmt: off
LIFECYCLE_COLUMNS = [
    "project_key", "project_name", "county", "zone", "industry", "mentions",
    "signed_campaign_id", "signed_campaign_label", "signed_date",
    "started_campaign_id", "started_campaign_label", "started_date",
    "in_production_campaign_id", "in_production_campaign_label", "in_production_date",
    "days_signed_to_started", "days_started_to_production", "furthest_stage", "investment_yuan",
]
LIFECYCLE_ROWS = [
    (1, "年产10万吨铝合金型材项目", "洪洞县", "洪洞经济技术开发区", "新材料", 3,
     "2022-d2022-09-27", "2022-09-27 集中签约", "2022-09-27", "2025-1", "2025年第1轮", "2025-02-06",
     "2025-2", "2025年第2轮", "2025-05-20", 863, 103, "in_production", 12 * YI),
    (2, "冷链物流园项目", "洪洞县", "洪洞经济技术开发区", "现代物流", 2,
     "2025-1", "2025年第1轮", "2025-02-06", "2025-2", "2025年第2轮", "2025-05-20",
     None, None, None, 103, None, "started", 5 * YI),
    (3, "智能农机装备制造项目", "侯马市", None, None, 1,
     "2025-2", "2025年第2轮", "2025-05-20", None, None, None,
     None, None, None, None, None, "signed", None),
    (4, "光伏组件项目", "尧都区", "临汾经济开发区", "新能源", 2,
     None, None, None, "2025-1", "2025年第1轮", "2025-02-06",
     "2025-2", "2025年第2轮", "2025-05-20", None, 103, "in_production", 20 * YI),
]
FUNNEL_COLUMNS = [
    "cohort_campaign_id", "cohort_label", "cohort_date", "group_kind", "group_name",
    "signed_projects", "signed_yuan", "started_projects", "in_production_projects",
    "start_rate", "production_rate", "median_days_to_start", "median_days_to_production",
]
FUNNEL_ROWS = [
    ("2025-1", "2025年第1轮", "2025-02-06", "all", "全部", 4, 40 * YI, 2, 1, 0.5, 0.5, 103, 230),
    ("2025-2", "2025年第2轮", "2025-05-20", "all", "全部", 2, 9 * YI, 0, 0, 0.0, None, None, None),
    ("2025-1", "2025年第1轮", "2025-02-06", "county", "洪洞县", 3, 30 * YI, 2, 1, 2 / 3, 0.5, 103, 230),
    ("2025-1", "2025年第1轮", "2025-02-06", "county", "侯马市", 1, 10 * YI, 0, 0, 0.0, None, None, None),
    ("2025-2", "2025年第2轮", "2025-05-20", "county", "侯马市", 2, 9 * YI, 0, 0, 0.0, None, None, None),
    ("2025-1", "2025年第1轮", "2025-02-06", "zone", "洪洞经济技术开发区", 3, 30 * YI, 2, 1, 2 / 3, 0.5, 103, 230),
    ("2025-1", "2025年第1轮", "2025-02-06", "industry", "新材料", 2, 25 * YI, 1, 1, 0.5, 1.0, 103, 230),
]
# fmt: on


def frames() -> dict[str, pd.DataFrame]:
    """Every view the report reads, as DataFrames (what ``read_report_data`` returns)."""
    trend = pd.DataFrame(_trend_rows(), columns=_TREND_COLUMNS)
    zones = pd.DataFrame(
        [
            ("2025-1", "2025年第1轮", 2025, "洪洞经济技术开发区", 1, "洪洞县", "signed", "签约", 3, 12 * YI),
            ("2025-1", "2025年第1轮", 2025, "洪洞经济技术开发区", 1, "洪洞县", "started", "开工", 1, 3 * YI),
            ("2025-2", "2025年第2轮", 2025, "临汾经济开发区", 1, "尧都区", "signed", "签约", 2, None),
            (
                "2022-d2022-09-27",
                "2022-09-27 集中开工",
                2022,
                None,
                0,
                "侯马市",
                "started",
                "开工",
                1,
                5 * YI,
            ),
        ],
        columns=[
            "campaign_id",
            "campaign_label",
            "year",
            "zone_name",
            "zone_is_known",
            "county",
            "stage_code",
            "stage_name_zh",
            "project_count",
            "investment_yuan",
        ],
    )
    industries = pd.DataFrame(
        [
            (2024, "新材料", "signed", "签约", 2, 8 * YI),
            (2025, "新材料", "started", "开工", 1, 3 * YI),
            (2025, "现代物流", "signed", "签约", 3, None),
            (2025, None, "in_production", "投产", 1, 1 * YI),
        ],
        columns=["year", "industry_name", "stage_code", "stage_name_zh", "project_count", "investment_yuan"],
    )
    lifecycle = pd.DataFrame(
        LIFECYCLE_ROWS,
        columns=LIFECYCLE_COLUMNS,
    )
    funnel = pd.DataFrame(
        FUNNEL_ROWS,
        columns=FUNNEL_COLUMNS,
    )
    review = pd.DataFrame(
        [("洪洞县", "冷链物流园项目", "冷链物流园二期项目", 0.86, "一期/二期 differ: kept apart")],
        columns=["county", "project_name_a", "project_name_b", "similarity", "reason"],
    )
    return {
        "v_campaign_trend": trend,
        "v_zone_activity": zones,
        "v_industry_mix": industries,
        "v_project_lifecycle": lifecycle,
        "v_lifecycle_funnel": funnel,
        "v_project_review": review,
    }


def create_literal_views(connection: Connection, views: Mapping[str, pd.DataFrame]) -> None:
    """Replace each view with ``CREATE VIEW … AS SELECT <literal row> UNION ALL …`` of the frame."""
    for name, frame in views.items():
        connection.execute(sa.text(f"DROP VIEW IF EXISTS {name}"))
        connection.execute(sa.text(f"CREATE VIEW {name} AS {_literal_select(frame)}"))


def _literal_select(frame: pd.DataFrame) -> str:
    return "\nUNION ALL ".join(
        "SELECT " + ", ".join(f"{_literal(v)} AS {c}" for c, v in zip(frame.columns, row, strict=True))
        for row in frame.itertuples(index=False)
    )


def _literal(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(float(value)) if isinstance(value, float) and not value.is_integer() else str(int(value))


def cells(html: str) -> Sequence[str]:
    """The text of every table cell of a rendered report (for nan/None checks without a browser)."""
    import lxml.html

    return [cell.text_content().strip() for cell in lxml.html.fromstring(html).iter("td", "th")]

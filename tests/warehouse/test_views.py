"""The analyst views return the expected rows for the known sample batch, on both databases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.warehouse.sample import YI, sample_batch
from warehouse import load, runs
from warehouse.views import read_view


def plain(value: Any) -> Any:
    """One representation for both databases (PostgreSQL: Decimal/date/bool; SQLite: int/float/str/0-1)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def rows(
    engine: Engine, view: str, columns: list[str], order_by: list[str], **equals: Any
) -> list[tuple[Any, ...]]:
    frame = read_view(engine, view, order_by=order_by, **equals)
    return [
        tuple(None if pd.isna(v) else plain(v) for v in row) for row in frame[columns].itertuples(index=False)
    ]


@pytest.fixture
def loaded(warehouse_engine: Engine) -> Engine:
    load.load_batch(warehouse_engine, sample_batch(), run_id=runs.start_run(warehouse_engine, "test", {}))
    return warehouse_engine


def test_campaign_trend(loaded: Engine) -> None:
    columns = [
        "campaign_id",
        "event_date",
        "stage_code",
        "project_count",
        "investment_yuan",
        "previous_campaign_id",
        "project_count_change",
        "investment_change_yuan",
        "investment_change_pct",
    ]
    assert rows(loaded, "v_campaign_trend", columns, ["stage_code", "campaign_id"], region_level="city") == [
        ("2025-1", "2025-02-06", "in_production", 20, 4_499_000_000, None, None, None, None),
        ("2025-1", "2025-02-06", "signed", 18, 9_996_000_000, None, None, None, None),
        ("2025-2", "2025-05-20", "signed", 21, 12_050_000_000, "2025-1", 3, 2_054_000_000, 20.5),
        ("2025-1", "2025-02-06", "started", 16, 5_901_000_000, None, None, None, None),
        ("2025-2", "2025-05-20", "started", 19, 7_000_000_000, "2025-1", 3, 1_099_000_000, 18.6),
    ]


def test_zone_activity(loaded: Engine) -> None:
    columns = [
        "campaign_id",
        "campaign_label",
        "zone_name",
        "county",
        "stage_code",
        "project_count",
        "investment_yuan",
    ]
    assert rows(loaded, "v_zone_activity", columns, ["zone_name", "campaign_id", "stage_code"]) == [
        ("2025-1", "2025年第1轮", "临汾经济开发区", "尧都区", "started", 1, 12 * YI),
        ("2025-1", "2025年第1轮", "侯马经济开发区", "侯马市", "signed", 1, None),
        ("2025-2", "2025年第2轮", "侯马经济开发区", "侯马市", "started", 1, 25 * YI),
        # A single news item outside any round: its own day, not 'none'.
        ("2025-d2025-03-03", "2025-03-03", "侯马经济开发区", "侯马市", "signed", 1, 5 * YI),
        ("2025-1", "2025年第1轮", "吉县现代农业产业示范区", "吉县", "signed", 1, 3 * YI),
    ]


def test_industry_mix(loaded: Engine) -> None:
    columns = [
        "year",
        "industry_name",
        "stage_code",
        "project_count",
        "investment_yuan",
        "projects_with_investment",
    ]
    assert rows(loaded, "v_industry_mix", columns, ["industry_name", "stage_code"]) == [
        (2025, "(not classified)", "signed", 1, 5 * YI, 1),
        (2025, "农产品加工", "signed", 1, 3 * YI, 1),
        (2025, "新材料", "signed", 1, None, 0),
        (2025, "新材料", "started", 1, 25 * YI, 1),
        (2025, "装备制造", "started", 1, 12 * YI, 1),
    ]


def test_project_lifecycle_follows_a_project_across_rounds(loaded: Engine) -> None:
    columns = [
        "project_name",
        "county",
        "signed_campaign_id",
        "signed_date",
        "started_campaign_id",
        "started_date",
        "in_production_campaign_id",
        "days_signed_to_started",
        "furthest_stage",
        "mentions",
    ]
    # Sorted here, not in SQL: the two databases may collate Chinese text differently.
    assert sorted(rows(loaded, "v_project_lifecycle", columns, [])) == [
        (
            "年产5000吨冻干宠物食品建设项目(二期)",
            "吉县",
            "2025-1",
            "2025-02-06",
            None,
            None,
            None,
            None,
            "signed",
            1,
        ),
        (
            "年产70万吨锌铝镁新材料及20万吨智能交安产品制造项目",
            "侯马市",
            "2025-1",
            "2025-02-06",
            "2025-2",
            "2025-05-20",
            None,
            103,
            "started",
            2,
        ),
        (
            "新能源汽车轻铝合金智能制造项目",
            "尧都区",
            None,
            None,
            "2025-1",
            "2025-02-06",
            None,
            None,
            "started",
            2,
        ),
        # Single news outside any round: its own date as campaign, not 'none'.
        (
            "智能装备产业园项目",
            "侯马市",
            "2025-d2025-03-03",
            "2025-03-03",
            None,
            None,
            None,
            None,
            "signed",
            1,
        ),
    ]


def test_read_view_rejects_unknown_names(loaded: Engine) -> None:
    with pytest.raises(ValueError, match="unknown view"):
        read_view(loaded, "fact_project_event; DROP TABLE dim_date")


def test_readme_example_queries_run(loaded: Engine) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Warehouse", 1)[1].split("\n## ", 1)[0]
    sql = section.split("```sql", 1)[1].split("```", 1)[0]
    statements = [part.strip() for part in sql.split(";") if part.strip()]
    assert len(statements) == 4
    with loaded.connect() as conn:
        results = [conn.execute(sa.text(statement)).all() for statement in statements]
    assert len(results[0]) == 5  # 2 rounds: 3 + 2 city stage totals
    assert [tuple(row) for row in results[2]] == [(3, 1, 0)]

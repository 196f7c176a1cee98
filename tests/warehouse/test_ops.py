"""Operational tables: pipeline runs, quarantine, data-quality results."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse import load, runs


def test_run_lifecycle(warehouse_engine: Engine) -> None:
    run_id = runs.start_run(
        warehouse_engine, "nightly", {"since": pd.Timestamp("2025-02-01").date(), "pages": 3}
    )
    started = runs.get_run(warehouse_engine, run_id)
    assert started["status"] == "running" and started["finished_at"] is None
    assert started["params"] == {"since": "2025-02-01", "pages": 3}
    assert started["started_at"].utcoffset().total_seconds() == 8 * 3600  # Beijing time

    runs.finish_run(warehouse_engine, run_id, "succeeded", {"load": {"fact_project_event": {"inserted": 5}}})
    finished = runs.get_run(warehouse_engine, run_id)
    assert finished["status"] == "succeeded"
    assert finished["finished_at"] >= finished["started_at"]
    assert finished["counts"]["load"]["fact_project_event"]["inserted"] == 5

    with pytest.raises(ValueError, match="final status"):
        runs.finish_run(warehouse_engine, run_id, "running", {})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown run_id"):
        runs.finish_run(warehouse_engine, "missing", "failed", {})


def test_last_success_end_is_the_newest_succeeded_or_partial_run_of_that_flow(
    warehouse_engine: Engine,
) -> None:
    assert runs.last_success_end(warehouse_engine, "nightly") is None  # no run yet: process everything
    ends = {}
    for flow, status in [
        ("nightly", "succeeded"),
        ("nightly", "partial"),
        ("nightly", "failed"),
        ("backfill", "succeeded"),
    ]:
        run_id = runs.start_run(warehouse_engine, flow, {})
        runs.finish_run(warehouse_engine, run_id, status, {})  # type: ignore[arg-type]
        ends[(flow, status)] = runs.get_run(warehouse_engine, run_id)["finished_at"]
    runs.start_run(warehouse_engine, "nightly", {})  # still running: not a success

    # The partial nightly finished after the succeeded one; the failed nightly and the backfill do not count.
    assert runs.last_success_end(warehouse_engine, "nightly") == ends[("nightly", "partial")]
    assert runs.last_success_end(warehouse_engine, "backfill") == ends[("backfill", "succeeded")]


def test_quarantine_rows_are_kept_once_per_run(warehouse_engine: Engine) -> None:
    run_id = runs.start_run(warehouse_engine, "nightly", {})
    quarantine = pd.DataFrame(
        [
            {
                "table_name": "stage_totals",
                "row_key": "2025-1|临汾市|signed|http://x/1.html",
                "row_json": json.dumps({"project_count": -1}),
                "expectation": "expect_column_values_to_be_between(project_count)",
                "severity": "critical",
                "observed_value": -1,
                "reason": "project_count must be ≥ 0",
            }
        ]
    )
    assert load.save_quarantine(warehouse_engine, quarantine, run_id=run_id) == 1
    assert load.save_quarantine(warehouse_engine, quarantine, run_id=run_id) == 0
    with warehouse_engine.connect() as conn:
        row = conn.execute(sa.text("SELECT observed_value, reason, severity FROM ops_quarantine")).one()
    assert tuple(row) == ("-1", "project_count must be ≥ 0", "critical")
    with pytest.raises(load.BatchError, match="lacks columns"):
        load.save_quarantine(warehouse_engine, quarantine.drop(columns="reason"), run_id=run_id)


def test_dq_results_upsert_per_run_suite_expectation(warehouse_engine: Engine) -> None:
    run_id = runs.start_run(warehouse_engine, "nightly", {})
    result = {
        "suite": "stage_totals",
        "expectation": "expect_column_values_to_not_be_null(region)",
        "severity": "critical",
        "success": False,
        "unexpected_count": 2,
        "observed": {"unexpected_percent": 5.0},
        "details": {"partial_unexpected_list": [None, None]},
    }
    assert runs.record_dq_results(warehouse_engine, run_id, [result]) == 1
    runs.record_dq_results(warehouse_engine, run_id, [{**result, "success": True, "unexpected_count": 0}])
    with warehouse_engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT success, unexpected_count, observed FROM ops_dq_result")).all()
    assert [(bool(s), n, json.loads(o)) for s, n, o in rows] == [(True, 0, {"unexpected_percent": 5.0})]
    with pytest.raises(ValueError, match="unknown run_id"):
        runs.record_dq_results(warehouse_engine, "missing", [result])

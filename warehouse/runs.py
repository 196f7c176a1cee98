"""Operational records: pipeline runs (``ops_pipeline_run``) and data-quality results (``ops_dq_result``)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warehouse import bulk
from warehouse.models import BEIJING, OpsDqResult, OpsPipelineRun

RunStatus = Literal["running", "succeeded", "failed", "crashed", "cancelled"]
FINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "crashed", "cancelled"})
DQ_RESULT_COLUMNS = ("suite", "expectation", "severity", "success", "unexpected_count", "observed", "details")


def _json_ready(value: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters and counts as plain JSON (dates, paths and the like become strings)."""
    return json.loads(json.dumps(dict(value), ensure_ascii=False, default=str))


def require_run(conn: Connection, run_id: str) -> None:
    """Raise ValueError unless ``run_id`` was started with :func:`start_run`."""
    found = conn.execute(sa.select(OpsPipelineRun.run_key).where(OpsPipelineRun.run_id == run_id)).first()
    if found is None:
        raise ValueError(f"unknown run_id {run_id!r}: start it with warehouse.runs.start_run first")


def start_run(engine: Engine, flow_name: str, params: Mapping[str, Any], *, run_id: str | None = None) -> str:
    """Record a run as ``running`` and return its id (a new UUID unless ``run_id`` is given)."""
    run_id = run_id or uuid.uuid4().hex
    with engine.begin() as conn:
        conn.execute(
            sa.insert(OpsPipelineRun).values(
                run_id=run_id,
                flow_name=flow_name,
                params=_json_ready(params),
                started_at=datetime.now(BEIJING),
                status="running",
                counts={},
            )
        )
    return run_id


def finish_run(engine: Engine, run_id: str, status: RunStatus, counts: Mapping[str, Any]) -> None:
    """Close a run with its final status and the counts per step."""
    if status not in FINAL_STATUSES:
        raise ValueError(f"final status must be one of {sorted(FINAL_STATUSES)}, got {status!r}")
    with engine.begin() as conn:
        done = conn.execute(
            sa.update(OpsPipelineRun)
            .where(OpsPipelineRun.run_id == run_id)
            .values(status=status, finished_at=datetime.now(BEIJING), counts=_json_ready(counts))
        )
        if done.rowcount != 1:
            raise ValueError(f"unknown run_id {run_id!r}")


def get_run(engine: Engine, run_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = (
            conn.execute(sa.select(OpsPipelineRun.__table__).where(OpsPipelineRun.run_id == run_id))
            .mappings()
            .first()
        )
    if row is None:
        raise ValueError(f"unknown run_id {run_id!r}")
    return dict(row)


def record_dq_results(
    engine: Engine, run_id: str, results: pd.DataFrame | Iterable[Mapping[str, Any]]
) -> int:
    """Store expectation outcomes (columns :data:`DQ_RESULT_COLUMNS`); a repeat for the same run,
    suite and expectation replaces the earlier outcome. Returns the number of results stored."""
    frame = results if isinstance(results, pd.DataFrame) else pd.DataFrame(list(results))
    missing = [c for c in DQ_RESULT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"DQ results lack columns {missing}; expected {list(DQ_RESULT_COLUMNS)}")
    if frame.empty:
        return 0
    now = datetime.now(BEIJING)
    rows = []
    for record in bulk.records(frame, DQ_RESULT_COLUMNS):
        observed = record["observed"]
        details = record["details"]
        rows.append(
            {
                **record,
                "run_id": run_id,
                "success": bool(record["success"]),
                # A frame column holding both counts and NaN arrives as float; the column is INTEGER.
                "unexpected_count": None
                if record["unexpected_count"] is None
                else int(record["unexpected_count"]),
                "observed": observed
                if observed is None or isinstance(observed, str)
                else json.dumps(observed, ensure_ascii=False, default=str),
                "details": None if details is None else _json_ready(details),
                "recorded_at": now,
            }
        )
    with engine.begin() as conn:
        require_run(conn, run_id)
        bulk.upsert(
            conn,
            OpsDqResult.__table__,
            rows,
            ("run_id", "suite", "expectation"),
            ("severity", "success", "unexpected_count", "observed", "details", "recorded_at"),
        )
    return len(rows)

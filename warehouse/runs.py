"""Operational records: pipeline runs (``ops_pipeline_run``) and data-quality results (``ops_dq_result``)."""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warehouse.models import BEIJING, DimArticle, OpsDqResult, OpsPipelineRun

if TYPE_CHECKING:
    import pandas as pd

# partial: completed with errors (some channels or items failed; the maintainers were alerted)
RunStatus = Literal["running", "succeeded", "partial", "failed", "crashed", "cancelled"]
FINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "partial", "failed", "crashed", "cancelled"})
DQ_RESULT_COLUMNS = ("suite", "expectation", "severity", "success", "unexpected_count", "observed", "details")


def _json_ready(value: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters and counts as plain JSON (dates, paths and the like become strings)."""
    return json.loads(json.dumps(dict(value), ensure_ascii=False, default=str))


def require_run(conn: Connection, run_id: str) -> None:
    """Raise ValueError unless ``run_id`` was started with :func:`start_run`."""
    found = conn.execute(sa.select(OpsPipelineRun.run_key).where(OpsPipelineRun.run_id == run_id)).first()
    if found is None:
        raise ValueError(f"unknown run_id {run_id!r}: start it with warehouse.runs.start_run first")


@dataclass(frozen=True)
class DeadRun:
    """A run left ``running`` by a process that is gone, now marked ``crashed``."""

    run_id: str
    flow_name: str
    started_at: datetime
    pid: int | None
    host: str | None

    def describe(self) -> str:
        owner = f"pid {self.pid} on {self.host}" if self.pid is not None else "an unknown process"
        return f"{self.flow_name} run {self.run_id} (started {self.started_at:%Y-%m-%d %H:%M}, {owner})"


def mark_dead_runs_crashed(
    engine: Engine, process_gone: Callable[[int | None, str | None, datetime], bool]
) -> list[DeadRun]:
    """Mark every ``running`` run whose process is gone (``process_gone(pid, host, started_at)``) as
    ``crashed``, and return them: a killed run must not look like it is still going."""
    with engine.begin() as conn:
        rows = conn.execute(
            sa.select(
                OpsPipelineRun.run_id,
                OpsPipelineRun.flow_name,
                OpsPipelineRun.started_at,
                OpsPipelineRun.pid,
                OpsPipelineRun.host,
            ).where(OpsPipelineRun.status == "running")
        ).all()
        dead = [DeadRun(*row) for row in rows if process_gone(row.pid, row.host, row.started_at)]
        for run in dead:
            conn.execute(
                sa.update(OpsPipelineRun)
                .where(OpsPipelineRun.run_id == run.run_id, OpsPipelineRun.status == "running")
                .values(status="crashed", finished_at=datetime.now(BEIJING))
            )
    return dead


def start_run(engine: Engine, flow_name: str, params: Mapping[str, Any], *, run_id: str | None = None) -> str:
    """Record a run as ``running`` (with this process's pid and host) and return its id (a new UUID
    unless ``run_id`` is given)."""
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
                pid=os.getpid(),
                host=socket.gethostname(),
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


def last_success_end(engine: Engine, flow_name: str) -> datetime | None:
    """End of the newest ``flow_name`` run that processed everything archived before it (succeeded, or
    partial: some pages were not fetched, but every archived article was loaded)."""
    with engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.max(OpsPipelineRun.finished_at)).where(
                OpsPipelineRun.status.in_(("succeeded", "partial")),
                OpsPipelineRun.flow_name == flow_name,
            )
        ).scalar_one_or_none()


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
    # Imported here: recording a run (all a quiet night does) needs neither pandas nor the bulk writer.
    import pandas as pd

    from warehouse import bulk

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


def loaded_content_hashes(engine: Engine) -> set[str]:
    """sha256 of every archived page whose rows are loaded (dim_article with a load fingerprint)."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(DimArticle.content_sha256).where(DimArticle.load_fingerprint.is_not(None))
        ).scalars()
        return set(rows)

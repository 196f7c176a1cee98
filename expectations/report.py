"""Read a run's data-quality outcome back from the warehouse (``ops_dq_result``, ``ops_quarantine``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from warehouse.models import OpsDqResult, OpsPipelineRun, OpsQuarantine


@dataclass(frozen=True)
class DqReport:
    run: dict[str, Any]  # the ops_pipeline_run row
    results: list[dict[str, Any]]  # failed first (critical before warning), then passed
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    quarantine_total: int = 0

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.results if not r["success"]]


class NoDqResults(LookupError):
    """The warehouse holds no data-quality results (for the requested run)."""


def read_dq_report(engine: Engine, run_id: str | None = None, *, quarantine_limit: int = 50) -> DqReport:
    """The DQ outcome of ``run_id``, or of the latest run that has results."""
    with engine.connect() as conn:
        if run_id is None:
            run_id = conn.execute(
                sa.select(OpsPipelineRun.run_id)
                .where(OpsPipelineRun.run_id.in_(sa.select(OpsDqResult.run_id)))
                .order_by(OpsPipelineRun.started_at.desc(), OpsPipelineRun.run_key.desc())
                .limit(1)
            ).scalar_one_or_none()
            if run_id is None:
                raise NoDqResults("no data-quality results in the warehouse yet")
        run = (
            conn.execute(sa.select(OpsPipelineRun.__table__).where(OpsPipelineRun.run_id == run_id))
            .mappings()
            .first()
        )
        if run is None:
            raise NoDqResults(f"no run {run_id!r} in the warehouse")
        results = [
            dict(row)
            for row in conn.execute(
                sa.select(OpsDqResult.__table__)
                .where(OpsDqResult.run_id == run_id)
                .order_by(
                    OpsDqResult.success, OpsDqResult.severity, OpsDqResult.suite, OpsDqResult.expectation
                )
            ).mappings()
        ]
        quarantine_filter = OpsQuarantine.run_id == run_id
        total = conn.execute(sa.select(sa.func.count()).where(quarantine_filter)).scalar_one()
        quarantine = [
            dict(row)
            for row in conn.execute(
                sa.select(OpsQuarantine.__table__)
                .where(quarantine_filter)
                .order_by(OpsQuarantine.table_name, OpsQuarantine.expectation, OpsQuarantine.quarantine_key)
                .limit(quarantine_limit)
            ).mappings()
        ]
    return DqReport(run=dict(run), results=results, quarantine=quarantine, quarantine_total=int(total))

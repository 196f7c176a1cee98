"""Persist a gate's outcome through the warehouse's own writers (``ops_dq_result``, ``ops_quarantine``).

The run must already exist in ``ops_pipeline_run`` (``warehouse.runs.start_run``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from expectations.gate import GateResult
from expectations.plain import to_json

_DETAIL_FIELDS = (
    "expectation_type",
    "column",
    "description",
    "element_count",
    "unexpected_percent",
    "examples",
    "example_rows",
    "exception",
)


def dq_result_rows(result: GateResult) -> list[dict[str, Any]]:
    """The gate's per-expectation results in ``warehouse.runs.DQ_RESULT_COLUMNS`` shape."""
    rows = []
    for r in result.results:
        rows.append(
            {
                "suite": r["table_name"],
                "expectation": r["expectation"],
                "severity": r["severity"],
                "success": r["success"],
                "unexpected_count": r["unexpected_count"],
                "observed": None if r["observed_value"] is None else to_json(r["observed_value"]),
                "details": {name: r[name] for name in _DETAIL_FIELDS},
            }
        )
    return rows


def save_gate_result(engine: Engine, result: GateResult) -> tuple[int, int]:
    """Store the results and the quarantined rows of ``result``; returns (results, quarantine rows) added."""
    from warehouse.load import save_quarantine
    from warehouse.runs import record_dq_results

    run_id = str(result.run_id)
    results = record_dq_results(engine, run_id, dq_result_rows(result))
    quarantined = save_quarantine(engine, result.quarantine, run_id=run_id)
    return results, quarantined

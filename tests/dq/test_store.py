"""The gate's outcome in a real warehouse (SQLite and PostgreSQL): clean rows load, the rest is kept."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from expectations.gate import GateResult
from expectations.store import save_gate_result
from warehouse.load import load_batch
from warehouse.models import FactProjectMention, OpsDqResult, OpsQuarantine
from warehouse.runs import start_run


def test_clean_rows_load_and_quarantine_is_stored(
    planted_result: GateResult, warehouse_engine: Engine
) -> None:
    run_id = start_run(warehouse_engine, "nightly", {}, run_id=planted_result.run_id)
    summary = load_batch(warehouse_engine, planted_result.clean, run_id=run_id)
    results, quarantined = save_gate_result(warehouse_engine, planted_result)

    assert summary.rows_written > 0
    assert results == len(planted_result.results)
    assert quarantined == len(planted_result.quarantine) == 8  # both duplicates kept, nothing lost
    with warehouse_engine.connect() as conn:
        mentions = conn.execute(sa.select(sa.func.count()).select_from(FactProjectMention)).scalar_one()
        stored = conn.execute(sa.select(OpsQuarantine.expectation, OpsQuarantine.row_key)).all()
        verdict = conn.execute(
            sa.select(OpsDqResult.success, OpsDqResult.details).where(
                OpsDqResult.suite == "project_mentions", OpsDqResult.expectation == "investment_within_bounds"
            )
        ).one()
    assert mentions == len(planted_result.clean.project_mentions)
    duplicates = [json.loads(key) for expectation, key in stored if expectation == "key_unique"]
    assert len({d["row_number"] for d in duplicates}) == 2
    assert verdict.success is False and verdict.details["examples"] == [999_900_000_000]
    # saving again (a retried task) adds nothing
    assert save_gate_result(warehouse_engine, planted_result) == (len(planted_result.results), 0)

"""``linfen-etl dq report`` against a real SQLite warehouse holding a gate's stored outcome."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from expectations.gate import GateResult
from expectations.store import save_gate_result
from linfen_etl.cli import _register_commands, app
from warehouse import migrate
from warehouse.engine import make_engine
from warehouse.runs import start_run


def test_dq_report_prints_failures_and_quarantine(
    planted_result: GateResult, clean_result: GateResult, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'warehouse.sqlite'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    start_run(engine, "nightly", {}, run_id=planted_result.run_id)
    save_gate_result(engine, planted_result)
    start_run(engine, "nightly", {}, run_id=clean_result.run_id)  # the latest run: all passed
    save_gate_result(engine, clean_result)
    engine.dispose()
    _register_commands()
    runner = CliRunner()

    latest = runner.invoke(app, ["dq", "report", "--warehouse-url", url], env={"COLUMNS": "250"})
    assert latest.exit_code == 0, latest.output
    assert "run run-clean" in latest.output and "0 failed" in latest.output
    assert "Quarantined rows: 0" in latest.output

    planted = runner.invoke(
        app, ["dq", "report", "--run", "run-planted", "--warehouse-url", url], env={"COLUMNS": "250"}
    )
    assert planted.exit_code == 0, planted.output
    assert "investment_within_bounds" in planted.output and "999900000000" in planted.output
    assert "Quarantined rows: 8" in planted.output and "zone=某某新区" in planted.output
    assert "project_name_suffix" in planted.output  # the warning is reported too

    missing = runner.invoke(app, ["dq", "report", "--run", "nope", "--warehouse-url", url])
    assert missing.exit_code == 1 and "no run 'nope'" in missing.output

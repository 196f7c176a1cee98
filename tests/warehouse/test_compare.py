"""warehouse.compare: the same data compares equal whatever the load order; a changed value does not."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests.warehouse.sample import PAIRS
from transforms.staging import build_staging
from warehouse import compare, load, migrate, runs
from warehouse.engine import make_engine


def _warehouse(path: Path, batches: list[list]) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    for pairs in batches:
        run_id = runs.start_run(engine, "test", {})
        load.load_batch(engine, build_staging(pairs), run_id=run_id)
        runs.finish_run(engine, run_id, "succeeded", {})
    return engine


def _dump(engine: Engine, *, keep_keys: bool = False) -> dict[str, compare.Rows]:
    with engine.connect() as conn:
        return compare.dump(conn, keep_keys=keep_keys)


def test_load_order_changes_surrogate_keys_but_not_the_data(tmp_path: Path) -> None:
    forward = _warehouse(tmp_path / "forward.sqlite", [PAIRS])
    backward = _warehouse(tmp_path / "backward.sqlite", [PAIRS[::-1]])

    assert compare.differences(_dump(forward), _dump(backward)) == []
    # the keys were assigned in another order, which --keep-keys shows
    assert compare.differences(_dump(forward, keep_keys=True), _dump(backward, keep_keys=True)) != []


def test_a_changed_value_is_a_difference(tmp_path: Path) -> None:
    before = _warehouse(tmp_path / "before.sqlite", [PAIRS])
    after = _warehouse(tmp_path / "after.sqlite", [PAIRS])
    with after.begin() as conn:
        conn.execute(sa.text("UPDATE fact_stage_total SET project_count = project_count + 1"))

    lines = compare.differences(_dump(before), _dump(after))

    assert lines[0].startswith("== fact_stage_total")
    assert any(line.startswith("== v_campaign_trend") for line in lines)

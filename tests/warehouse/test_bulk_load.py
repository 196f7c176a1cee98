"""Large loads on PostgreSQL: foreign keys checked in bulk, new rows COPYed straight in.

The bulk paths only start at sizes a test fixture does not reach, so these tests lower the
thresholds (module constants) to make the small sample batch take them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from devtools.testing_pg import PostgresCluster
from tests.warehouse.sample import PAIRS
from tests.warehouse.test_load import load_pairs, snapshot
from warehouse import bulk
from warehouse.engine import make_engine
from warehouse.models import FactProjectMention, FactStageReport

# fact_stage_report columns written directly in the tests below; the first four are its natural key.
REPORT_COLUMNS = ["campaign_key", "region_key", "stage_key", "article_key", "project_count", "sentence"]
postgresql_only = pytest.mark.parametrize("warehouse_url", ["postgresql"], indirect=True)


@pytest.fixture
def bulk_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every insert takes the bulk foreign-key path, whatever its size."""
    monkeypatch.setattr(bulk, "BULK_FK_MIN_ROWS", 1)
    monkeypatch.setattr(bulk, "BULK_FK_MIN_SHARE", 0.0)


@pytest.fixture
def statements(warehouse_engine: Engine) -> Iterator[list[str]]:
    """SQL statements the engine runs, as sent."""
    sent: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append(statement)

    sa.event.listen(warehouse_engine, "before_cursor_execute", record)
    yield sent
    sa.event.remove(warehouse_engine, "before_cursor_execute", record)


def constraints(engine: Engine) -> list[tuple[str, str, str, bool]]:
    """Every constraint of the warehouse: (table, name, definition, validated)."""
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                sa.text(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated "
                    "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
                )
            )
        ]


def dropped_keys(sent: list[str], table: str) -> int:
    return sum(1 for s in sent if s.startswith(f"ALTER TABLE {table} DROP CONSTRAINT"))


@postgresql_only
@pytest.mark.usefixtures("bulk_always")
def test_bulk_path_loads_the_same_rows_and_restores_every_constraint(
    warehouse_engine: Engine,
    statements: list[str],
    postgres_cluster: PostgresCluster,
    postgres_warehouse_template: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = constraints(warehouse_engine)

    load_pairs(warehouse_engine, PAIRS)

    assert dropped_keys(statements, "fact_project_mention") == 8
    assert dropped_keys(statements, "fact_project_event") == 8
    assert constraints(warehouse_engine) == before  # same names, definitions, all validated
    # The same batch through the per-row path gives the same warehouse.
    monkeypatch.setattr(bulk, "BULK_FK_MIN_ROWS", 10**9)
    url = postgres_cluster.create_database("warehouse_row_path", template=postgres_warehouse_template)
    row_path = make_engine(url)
    try:
        load_pairs(row_path, PAIRS)
        bulk_path, per_row = snapshot(warehouse_engine), snapshot(row_path)
        # Findings carry their run and time; everything else must be identical.
        assert {n: rows for n, rows in per_row.items() if n.startswith(("dim_", "fact_"))} == {
            n: rows for n, rows in bulk_path.items() if n.startswith(("dim_", "fact_"))
        }
        assert len(per_row["ops_dq_finding"]) == len(bulk_path["ops_dq_finding"]) == 1
    finally:
        row_path.dispose()
        postgres_cluster.drop_database("warehouse_row_path")


@postgresql_only
@pytest.mark.usefixtures("bulk_always")
def test_bulk_path_still_rejects_a_row_that_breaks_a_key(warehouse_engine: Engine) -> None:
    load_pairs(warehouse_engine, PAIRS)
    before = constraints(warehouse_engine)
    table = FactStageReport.__table__
    unknown_campaign = (987_654, 0, 1, 1, 3, "…")

    with (
        pytest.raises(sa.exc.IntegrityError, match="fk_fact_stage_report_campaign_key"),
        warehouse_engine.begin() as conn,
    ):
        bulk.write(conn, table, REPORT_COLUMNS, [unknown_campaign], REPORT_COLUMNS[:4], ())

    assert constraints(warehouse_engine) == before


@postgresql_only
@pytest.mark.usefixtures("bulk_always")
def test_busy_table_falls_back_to_per_row_checks(
    warehouse_engine: Engine, statements: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "BULK_FK_LOCK_WAIT", "200ms")
    with warehouse_engine.connect() as analyst:
        # An analyst's open transaction that read the table holds a lock the bulk path needs.
        analyst.execute(sa.select(sa.func.count()).select_from(FactProjectMention.__table__))

        summary = load_pairs(warehouse_engine, PAIRS)

        analyst.rollback()
    assert summary.tables["fact_project_mention"].inserted > 0
    assert dropped_keys(statements, "fact_project_mention") == 0  # it waited 200 ms, then checked per row
    assert dropped_keys(statements, "fact_project_event") == 8  # not busy: bulk


@postgresql_only
def test_a_lock_not_granted_leaves_the_load_transaction_usable(
    warehouse_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "BULK_FK_LOCK_WAIT", "100ms")
    table = FactProjectMention.__table__
    with warehouse_engine.connect() as analyst, warehouse_engine.begin() as conn:
        analyst.execute(sa.select(sa.func.count()).select_from(table))
        conn.execute(sa.text("SET LOCAL lock_timeout = '7s'"))

        assert bulk._lock_exclusively(conn, table) is False

        assert conn.exec_driver_sql("SHOW lock_timeout").scalar_one() == "7s"  # restored
        assert conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one() == 0
        analyst.rollback()
        assert bulk._lock_exclusively(conn, table) is True


def test_rows_another_writer_added_meanwhile_are_not_duplicated(warehouse_engine: Engine) -> None:
    """Inserting rows whose keys exist after all (another loader won the race) skips them."""
    load_pairs(warehouse_engine, PAIRS)
    table = FactStageReport.__table__
    with warehouse_engine.connect() as conn:
        stored = [tuple(row) for row in conn.execute(sa.select(*(table.c[c] for c in REPORT_COLUMNS)))]
    assert stored

    with warehouse_engine.begin() as conn:
        bulk.write(conn, table, REPORT_COLUMNS, stored, REPORT_COLUMNS[:4], ())

    with warehouse_engine.connect() as conn:
        again = [tuple(row) for row in conn.execute(sa.select(*(table.c[c] for c in REPORT_COLUMNS)))]
    assert sorted(again) == sorted(stored)

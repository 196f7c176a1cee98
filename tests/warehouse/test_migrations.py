"""Migrations: from empty to head on both databases, models in step with them, refusals."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from typer.testing import CliRunner

from linfen_etl.cli import _register_commands, app
from warehouse import migrate
from warehouse.engine import make_engine
from warehouse.models import Base
from warehouse.views import VIEW_NAMES


def test_upgrade_from_empty_creates_schema_members_and_views(empty_warehouse_url: str) -> None:
    engine = make_engine(empty_warehouse_url)
    try:
        with pytest.raises(migrate.WarehouseSchemaError, match="un-migrated.*linfen-etl db upgrade"):
            migrate.ensure_current(engine)
        state = migrate.upgrade(engine)
        assert state.is_current
        migrate.ensure_current(engine)
        inspector = sa.inspect(engine)
        assert set(Base.metadata.tables) <= set(inspector.get_table_names())
        assert set(VIEW_NAMES) <= set(inspector.get_view_names())
        with engine.connect() as conn:
            stages = (
                conn.execute(sa.text("SELECT stage_code FROM dim_stage ORDER BY stage_order")).scalars().all()
            )
            assert stages == ["signed", "started", "in_production"]
            assert (
                conn.execute(sa.text("SELECT campaign_id FROM dim_campaign WHERE campaign_key = 0")).scalar()
                == "none"
            )
            # Models and migrations describe the same schema.
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert migrate.upgrade(engine).is_current  # a second upgrade is a no-op
    finally:
        engine.dispose()


def test_refuses_a_newer_schema(warehouse_url: str) -> None:
    engine = make_engine(warehouse_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE alembic_version SET version_num = 'fffffffff999'"))
        with pytest.raises(migrate.WarehouseSchemaError, match="newer than this linfen-etl knows"):
            migrate.ensure_current(engine)
    finally:
        engine.dispose()


def test_downgrade_to_base_and_back(warehouse_url: str) -> None:
    engine = make_engine(warehouse_url)
    try:
        from alembic import command

        command.downgrade(migrate.alembic_config(engine), "base")
        assert "dim_date" not in sa.inspect(engine).get_table_names()
        with pytest.raises(migrate.WarehouseSchemaError, match="un-migrated"):
            migrate.ensure_current(engine)
        assert migrate.upgrade(engine).is_current
    finally:
        engine.dispose()


def test_cli_db_upgrade_and_current(empty_warehouse_url: str) -> None:
    _register_commands()
    runner = CliRunner()
    before = runner.invoke(app, ["db", "current", "--warehouse-url", empty_warehouse_url])
    assert before.exit_code == 1 and "linfen-etl db upgrade" in before.output
    upgraded = runner.invoke(app, ["db", "upgrade", "--warehouse-url", empty_warehouse_url])
    assert upgraded.exit_code == 0, upgraded.output
    assert f"empty -> {migrate.head_revision()} (head)" in upgraded.output
    after = runner.invoke(app, ["db", "current", "--warehouse-url", empty_warehouse_url])
    assert after.exit_code == 0 and migrate.head_revision() in after.output

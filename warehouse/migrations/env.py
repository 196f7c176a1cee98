"""Alembic environment: runs migrations on the engine handed over by ``warehouse.migrate``.

There is no alembic.ini; ``warehouse.migrate.alembic_config`` builds the configuration in code and
puts the engine in ``config.attributes["engine"]``.
"""

from __future__ import annotations

from alembic import context

from warehouse.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    raise RuntimeError("run migrations through warehouse.migrate (no engine was handed to Alembic)")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things in place; batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()

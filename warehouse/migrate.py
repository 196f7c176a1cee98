"""Schema migrations (Alembic, configured in code; the scripts ship inside the package).

``upgrade(engine)`` brings any warehouse to the newest revision; ``ensure_current(engine)`` is what
every command that reads or writes the warehouse calls first, so the app refuses to run against an
un-migrated, older or newer schema with a message saying what to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

SCRIPT_LOCATION = "warehouse:migrations"
UPGRADE_HINT = "run `linfen-etl db upgrade`"


class WarehouseSchemaError(RuntimeError):
    """The warehouse schema is not at the revision this code expects."""


@dataclass(frozen=True)
class SchemaState:
    current: tuple[str, ...]  # revisions stamped in the database (empty: never migrated)
    head: str  # newest revision this code knows

    @property
    def is_current(self) -> bool:
        return self.current == (self.head,)


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise WarehouseSchemaError("no migration scripts found in warehouse/migrations")
    return head


def schema_state(engine: Engine) -> SchemaState:
    with engine.connect() as conn:
        current = tuple(sorted(MigrationContext.configure(conn).get_current_heads()))
    return SchemaState(current=current, head=head_revision())


def upgrade(engine: Engine, revision: str = "head") -> SchemaState:
    """Apply every pending migration (in one transaction per migration run)."""
    if revision == "head":
        state = schema_state(engine)
        if state.is_current:
            # Nothing to apply: skip Alembic's migration environment, most of a quiet night's cost.
            return state
    command.upgrade(alembic_config(engine), revision)
    return schema_state(engine)


def ensure_current(engine: Engine) -> SchemaState:
    """Raise :class:`WarehouseSchemaError` unless the schema is exactly at this code's head."""
    state = schema_state(engine)
    if state.is_current:
        return state
    where = engine.url.render_as_string(hide_password=True)
    if not state.current:
        raise WarehouseSchemaError(
            f"the warehouse at {where} has no schema yet (un-migrated); {UPGRADE_HINT}"
        )
    known = {rev.revision for rev in _script().walk_revisions()}
    unknown = [rev for rev in state.current if rev not in known]
    if unknown:
        raise WarehouseSchemaError(
            f"the warehouse at {where} is at revision {', '.join(unknown)}, newer than this linfen-etl "
            f"knows (head {state.head}); upgrade linfen-etl instead of running an older version against it"
        )
    raise WarehouseSchemaError(
        f"the warehouse at {where} is at revision {', '.join(state.current)}, older than head "
        f"{state.head}; {UPGRADE_HINT}"
    )


@contextmanager
def current_warehouse(url: str) -> Iterator[Engine]:
    """An engine on ``url`` whose schema is at head (:func:`ensure_current`), disposed afterwards:
    what a command that reads the warehouse opens."""
    from warehouse.engine import make_engine

    engine = make_engine(url)
    try:
        ensure_current(engine)
        yield engine
    finally:
        engine.dispose()

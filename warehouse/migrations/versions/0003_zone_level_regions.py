"""dim_region holds development zones that state figures of their own (region_level 'zone').

No data changes: the level column is free text; only its documentation (the comments) does.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE_BEFORE = "Administrative region: province (省) → city (市) → county-level division (县/区/市); key 0 = unknown region."
TABLE_AFTER = (
    "Administrative region: province (省) → city (市) → county-level division (县/区/市), and a development "
    "zone that states figures of its own, under the region that holds it; key 0 = unknown region."
)
LEVEL_BEFORE = "province | city | county | unknown."
LEVEL_AFTER = "province | city | county | zone | unknown."


def _comment(table: str, level: str) -> None:
    # SQLite keeps no comments: there is nothing to change (and ALTER there would rebuild the table).
    if op.get_bind().dialect.name == "sqlite":
        return
    op.create_table_comment("dim_region", table)
    op.alter_column(
        "dim_region",
        "region_level",
        existing_type=sa.String(length=20),
        existing_nullable=False,
        comment=level,
    )


def upgrade() -> None:
    _comment(TABLE_AFTER, LEVEL_AFTER)


def downgrade() -> None:
    _comment(TABLE_BEFORE, LEVEL_BEFORE)

"""dim_campaign / dim_project.wording_rank: the earliest article's wording wins whatever the load order.

Rows loaded before this revision keep NULL and their wording (they count as first).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "Publish time (UTC, ISO 8601) and URL of the earliest article this row's wording comes from: a load "
    "takes a later-loaded article's wording only when that article ranks earlier, so the row does not "
    "depend on the order articles arrived in."
)
TABLES = ("dim_campaign", "dim_project")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("wording_rank", sa.String(length=600), nullable=True, comment=COMMENT))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35), as in 0002: a batch rebuild would break the views.
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN wording_rank")

"""ops_pipeline_run.pid / host: which process ran it, so a run left 'running' by a dead process is
marked 'crashed' by the next one; status 'partial' (completed with errors) is documented.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PID = "Process id of the run (with host): a 'running' run whose process is gone is marked crashed."
HOST = "Host name the run ran on."
STATUS_BEFORE = "running | succeeded | failed | crashed | cancelled."
STATUS_AFTER = (
    "running | succeeded | partial (completed with errors: some channels or items failed) | failed | "
    "crashed | cancelled."
)


def _status_comment(comment: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite keeps no comments
    op.alter_column(
        "ops_pipeline_run",
        "status",
        existing_type=sa.String(length=20),
        existing_nullable=False,
        comment=comment,
    )


def upgrade() -> None:
    op.add_column("ops_pipeline_run", sa.Column("pid", sa.Integer(), nullable=True, comment=PID))
    op.add_column("ops_pipeline_run", sa.Column("host", sa.String(length=255), nullable=True, comment=HOST))
    _status_comment(STATUS_AFTER)


def downgrade() -> None:
    _status_comment(STATUS_BEFORE)
    # Plain DROP COLUMN (SQLite >= 3.35), as in 0002.
    op.execute("ALTER TABLE ops_pipeline_run DROP COLUMN host")
    op.execute("ALTER TABLE ops_pipeline_run DROP COLUMN pid")

"""dim_article.load_fingerprint: lets a load skip articles whose staged rows did not change.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "sha256 of the staged rows last loaded from this article (and the loader's version); a load "
    "skips an article whose rows hash the same. NULL: loaded before fingerprints existed."
)


def upgrade() -> None:
    # Articles loaded before this revision keep NULL and are compared row by row once more.
    op.add_column(
        "dim_article", sa.Column("load_fingerprint", sa.String(length=64), nullable=True, comment=COMMENT)
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35): a batch table rebuild would break the views over dim_article.
    op.execute("ALTER TABLE dim_article DROP COLUMN load_fingerprint")

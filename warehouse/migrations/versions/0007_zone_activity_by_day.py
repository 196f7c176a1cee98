"""v_zone_activity groups a zone's single news items by their own day, not under 'none'; campaign labels.

Revision 0001's view grouped every project event outside a round under the campaign 'none'; this one
gives each such event the id '<year>-d<date>' and its day as the label, as v_project_lifecycle does.
dim_campaign.label is now written the same way for every round ('2025年第1轮') instead of the first
article's phrase (loader version 3 rewrites the labels of rows loaded before).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from warehouse.views import VIEWS_V2, VIEWS_V3_CHANGED, create_views, drop_views

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_VIEWS = {name: VIEWS_V2[name] for name in VIEWS_V3_CHANGED}
OLD_LABEL_COMMENT = "The round as written, e.g. '2025年第一次'."
LABEL_COMMENT = "How the round reads: '2025年第1轮', or a local event's day and what happened, e.g. '2022-09-27 签约仪式'."


def _comment_label(comment: str, existing: str) -> None:
    # SQLite keeps no column comments (0001 wrote none there), so only PostgreSQL has one to change.
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "dim_campaign", "label", existing_type=sa.String(100), comment=comment, existing_comment=existing
        )


def upgrade() -> None:
    drop_views(op.get_bind(), OLD_VIEWS)
    create_views(op.get_bind(), VIEWS_V3_CHANGED)
    _comment_label(LABEL_COMMENT, OLD_LABEL_COMMENT)


def downgrade() -> None:
    drop_views(op.get_bind(), VIEWS_V3_CHANGED)
    create_views(op.get_bind(), OLD_VIEWS)
    _comment_label(OLD_LABEL_COMMENT, LABEL_COMMENT)

"""Project resolution across rounds and lifecycle figures.

Tables ``map_project_resolution`` (each dim_project row → its resolved project) and
``map_project_review`` (look-alike pairs not merged), both rebuilt by every load
(warehouse.resolve); views ``v_project_lifecycle`` (now one row per resolved project, replacing
revision 0001's), ``v_lifecycle_funnel`` and ``v_project_review``. Until the first load after this
revision the maps are empty and the lifecycle view shows every dim_project row on its own.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from warehouse.views import VIEWS_V1, VIEWS_V2_CHANGED, create_views, drop_views

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_VIEWS = {"v_project_lifecycle": VIEWS_V1["v_project_lifecycle"]}


def upgrade() -> None:
    drop_views(op.get_bind(), OLD_VIEWS)
    op.create_table(
        "map_project_resolution",
        sa.Column("project_key", sa.Integer(), nullable=False, comment="A dim_project row."),
        sa.Column(
            "resolved_project_key",
            sa.Integer(),
            nullable=False,
            comment="The row standing for the resolved project: the member whose wording is earliest.",
        ),
        sa.Column(
            "similarity",
            sa.Float(),
            nullable=False,
            comment="Name similarity (0-100) to the resolved row; 100 for the row itself.",
        ),
        sa.Column(
            "rule",
            sa.String(length=20),
            nullable=False,
            comment="self (stands for itself) | merged (joined to another row) | held_for_review (alone, "
            "a look-alike pair in map_project_review).",
        ),
        sa.ForeignKeyConstraint(
            ["project_key"],
            ["dim_project.project_key"],
            name=op.f("fk_map_project_resolution_project_key_dim_project"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_project_key"],
            ["dim_project.project_key"],
            name=op.f("fk_map_project_resolution_resolved_project_key_dim_project"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("project_key", name=op.f("pk_map_project_resolution")),
        comment="Which resolved project each dim_project row belongs to: rows that later rounds word "
        "differently (zone prefix, company name, capacity wording) point at one row. Rebuilt after every "
        "load; rule in docs/warehouse.md (Project resolution).",
    )
    op.create_index(
        op.f("ix_map_project_resolution_resolved_project_key"),
        "map_project_resolution",
        ["resolved_project_key"],
        unique=False,
    )
    op.create_table(
        "map_project_review",
        sa.Column("review_key", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "project_key_a", sa.Integer(), nullable=False, comment="One project (the smaller project_id)."
        ),
        sa.Column("project_key_b", sa.Integer(), nullable=False, comment="The other project."),
        sa.Column("similarity", sa.Float(), nullable=False, comment="Name similarity (0-100)."),
        sa.Column(
            "reason",
            sa.String(length=500),
            nullable=False,
            comment="Why not merged, e.g. 'similarity in the grey band'.",
        ),
        sa.ForeignKeyConstraint(
            ["project_key_a"],
            ["dim_project.project_key"],
            name=op.f("fk_map_project_review_project_key_a_dim_project"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["project_key_b"],
            ["dim_project.project_key"],
            name=op.f("fk_map_project_review_project_key_b_dim_project"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("review_key", name=op.f("pk_map_project_review")),
        sa.UniqueConstraint(
            "project_key_a", "project_key_b", name=op.f("uq_map_project_review_project_key_a")
        ),
        comment="Pairs of projects of one county that look alike but were not merged, with the reason: "
        "for a person to decide. Rebuilt after every load.",
    )
    op.create_index(
        op.f("ix_map_project_review_project_key_b"), "map_project_review", ["project_key_b"], unique=False
    )
    create_views(op.get_bind(), VIEWS_V2_CHANGED)


def downgrade() -> None:
    drop_views(op.get_bind(), VIEWS_V2_CHANGED)
    op.drop_index(op.f("ix_map_project_review_project_key_b"), table_name="map_project_review")
    op.drop_table("map_project_review")
    op.drop_index(op.f("ix_map_project_resolution_resolved_project_key"), table_name="map_project_resolution")
    op.drop_table("map_project_resolution")
    create_views(op.get_bind(), OLD_VIEWS)

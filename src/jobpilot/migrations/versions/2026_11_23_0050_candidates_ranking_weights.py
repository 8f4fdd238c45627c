"""A candidate's own factor-weight overrides for their feed.

Revision ID: 865821372f3a
Revises: cbb8234957ca
Create Date: 2026-11-23 00:50:22.657380
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "865821372f3a"
down_revision: str | None = "cbb8234957ca"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.add_column(
        "candidate_profiles",
        sa.Column(
            "ranking_weights",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            server_default=sa.text("'{}'::jsonb"),
        ),
    )


def downgrade() -> None:

    op.drop_column("candidate_profiles", "ranking_weights")

"""An index for the catalogue's default order: open jobs, newest first.

Revision ID: d0b7f8c00c63
Revises: 881c6aca86cc
Create Date: 2026-11-22 23:37:55.620026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d0b7f8c00c63"
down_revision: str | None = "881c6aca86cc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_index(
        "ix_jobs_status_recent",
        "jobs",
        [
            "status",
            sa.literal_column("coalesce(posted_at, first_seen_at) DESC"),
            sa.literal_column("id DESC"),
        ],
        unique=False,
    )


def downgrade() -> None:

    op.drop_index("ix_jobs_status_recent", table_name="jobs")

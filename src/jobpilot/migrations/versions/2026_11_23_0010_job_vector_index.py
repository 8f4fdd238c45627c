"""Stage-1 retrieval: an HNSW index on job embeddings, and the indexes the in-process index
refreshes by (jobs created and closed since a moment).

Revision ID: 5e2a9c4b7d10
Revises: d0b7f8c00c63
Create Date: 2026-11-23 00:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5e2a9c4b7d10"
down_revision: str | None = "d0b7f8c00c63"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Embeddings are unit length, so inner product ranks exactly like cosine and is cheaper.
    op.create_index(
        "ix_jobs_embedding_hnsw",
        "jobs",
        ["embedding"],
        unique=False,
        postgresql_using="hnsw",
        postgresql_with={"m": 16, "ef_construction": 64},
        postgresql_ops={"embedding": "vector_ip_ops"},
    )
    op.create_index("ix_jobs_created_at", "jobs", ["created_at"], unique=False)
    op.create_index("ix_jobs_closed_at", "jobs", ["closed_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_jobs_closed_at", table_name="jobs")
    op.drop_index("ix_jobs_created_at", table_name="jobs")
    op.drop_index("ix_jobs_embedding_hnsw", table_name="jobs")

"""Taxonomy: concepts, labels, relations, embeddings and import records.

Revision ID: 4a681e5de97b
Revises: b1c7ff1cd8e7
Create Date: 2026-11-22 18:39:39.665544
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision: str = "4a681e5de97b"
down_revision: str | None = "b1c7ff1cd8e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "taxonomy_concepts",
        sa.Column("id", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("attributes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_concepts")),
    )
    op.create_index(
        "ix_taxonomy_concepts_source_kind", "taxonomy_concepts", ["source", "kind"], unique=False
    )
    op.create_table(
        "taxonomy_imports",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_imports")),
    )
    op.create_index(
        op.f("ix_taxonomy_imports_source"), "taxonomy_imports", ["source"], unique=False
    )
    op.create_table(
        "taxonomy_embeddings",
        sa.Column("embedder", sa.String(length=100), nullable=False),
        sa.Column("text_digest", sa.String(length=40), nullable=False),
        sa.Column("vector", Vector(), nullable=False),
        sa.PrimaryKeyConstraint("embedder", "text_digest", name=op.f("pk_taxonomy_embeddings")),
    )
    op.create_table(
        "taxonomy_labels",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("concept_id", sa.String(length=300), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("lower_label", sa.Text(), nullable=False),
        sa.Column("label_type", sa.String(length=20), nullable=False),
        sa.Column("case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("ambiguous", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["concept_id"],
            ["taxonomy_concepts.id"],
            name=op.f("fk_taxonomy_labels_concept_id_taxonomy_concepts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxonomy_labels")),
    )
    op.create_index(
        op.f("ix_taxonomy_labels_concept_id"), "taxonomy_labels", ["concept_id"], unique=False
    )
    op.create_index(
        "ix_taxonomy_labels_lower_label", "taxonomy_labels", ["lower_label"], unique=False
    )
    op.create_table(
        "taxonomy_relations",
        sa.Column("source_id", sa.String(length=300), nullable=False),
        sa.Column("target_id", sa.String(length=300), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["taxonomy_concepts.id"],
            name=op.f("fk_taxonomy_relations_source_id_taxonomy_concepts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_id"],
            ["taxonomy_concepts.id"],
            name=op.f("fk_taxonomy_relations_target_id_taxonomy_concepts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "source_id", "target_id", "relation", name=op.f("pk_taxonomy_relations")
        ),
    )
    op.create_index(
        op.f("ix_taxonomy_relations_target_id"), "taxonomy_relations", ["target_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_taxonomy_relations_target_id"), table_name="taxonomy_relations")
    op.drop_table("taxonomy_relations")
    op.drop_index("ix_taxonomy_labels_lower_label", table_name="taxonomy_labels")
    op.drop_index(op.f("ix_taxonomy_labels_concept_id"), table_name="taxonomy_labels")
    op.drop_table("taxonomy_labels")
    op.drop_table("taxonomy_embeddings")
    op.drop_index(op.f("ix_taxonomy_imports_source"), table_name="taxonomy_imports")
    op.drop_table("taxonomy_imports")
    op.drop_index("ix_taxonomy_concepts_source_kind", table_name="taxonomy_concepts")
    op.drop_table("taxonomy_concepts")

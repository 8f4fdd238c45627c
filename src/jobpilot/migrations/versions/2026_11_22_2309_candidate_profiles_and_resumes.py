"""Candidate profiles, resumes and resume versions.

Revision ID: 881c6aca86cc
Revises: 76c24dcfb94b
Create Date: 2026-11-22 23:09:46.559928
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision: str = "881c6aca86cc"
down_revision: str | None = "76c24dcfb94b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "resumes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["resumes.id"],
            name=op.f("fk_resumes_parent_id_resumes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_resumes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resumes")),
    )
    op.create_index(
        "ix_resumes_user_id_created_at", "resumes", ["user_id", "created_at"], unique=False
    )
    op.create_table(
        "candidate_profiles",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("master_resume_id", sa.Uuid(), nullable=True),
        sa.Column("parsed", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("overrides", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("derived", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("preferences", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("discoverable", sa.Boolean(), nullable=False),
        sa.Column("skill_ids", postgresql.ARRAY(sa.String(length=300)), nullable=False),
        sa.Column("total_years", sa.Float(), nullable=False),
        sa.Column("seniority", sa.String(length=20), nullable=True),
        sa.Column("current_title", sa.Text(), nullable=True),
        sa.Column("skills_embedding", Vector(384), nullable=True),
        sa.Column("experience_embedding", Vector(384), nullable=True),
        sa.Column("goals_embedding", Vector(384), nullable=True),
        sa.Column("embedder", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["master_resume_id"],
            ["resumes.id"],
            name=op.f("fk_candidate_profiles_master_resume_id_resumes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_candidate_profiles_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_candidate_profiles")),
    )
    op.create_index(
        "ix_candidate_profiles_discoverable",
        "candidate_profiles",
        ["discoverable"],
        unique=False,
        postgresql_where="discoverable",
    )
    op.create_index(
        "ix_candidate_profiles_skill_ids",
        "candidate_profiles",
        ["skill_ids"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "resume_versions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("resume_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("parsed", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("derived", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resume_id"],
            ["resumes.id"],
            name=op.f("fk_resume_versions_resume_id_resumes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resume_versions")),
        sa.UniqueConstraint(
            "resume_id", "version", name=op.f("uq_resume_versions_resume_id_version")
        ),
    )


def downgrade() -> None:

    op.drop_table("resume_versions")
    op.drop_index(
        "ix_candidate_profiles_skill_ids", table_name="candidate_profiles", postgresql_using="gin"
    )
    op.drop_index(
        "ix_candidate_profiles_discoverable",
        table_name="candidate_profiles",
        postgresql_where="discoverable",
    )
    op.drop_table("candidate_profiles")
    op.drop_index("ix_resumes_user_id_created_at", table_name="resumes")
    op.drop_table("resumes")

"""Jobs: canonical jobs, source postings, feeds, feed runs and file imports.

Revision ID: 76c24dcfb94b
Revises: 4a681e5de97b
Create Date: 2026-11-22 20:44:08.074889
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects import postgresql

revision: str = "76c24dcfb94b"
down_revision: str | None = "4a681e5de97b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("config", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("cron", sa.String(length=100), nullable=True),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_feeds_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_feeds_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feeds")),
    )
    op.create_index("ix_feeds_due", "feeds", ["paused", "next_run_at"], unique=False)
    op.create_index(op.f("ix_feeds_org_id"), "feeds", ["org_id"], unique=False)
    op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_key", sa.String(length=300), nullable=False),
        sa.Column("occupation_id", sa.String(length=300), nullable=True),
        sa.Column("occupation_label", sa.Text(), nullable=True),
        sa.Column("seniority", sa.String(length=20), nullable=True),
        sa.Column("company_name", sa.Text(), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("company_domain", sa.String(length=253), nullable=True),
        sa.Column("employment_type", sa.String(length=20), nullable=True),
        sa.Column("workplace", sa.String(length=10), nullable=True),
        sa.Column("locations", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("countries", postgresql.ARRAY(sa.String(length=2)), nullable=False),
        sa.Column("cities", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("salary_min", sa.Float(), nullable=True),
        sa.Column("salary_max", sa.Float(), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_interval", sa.String(length=10), nullable=True),
        sa.Column("salary_annual_min_ref", sa.Float(), nullable=True),
        sa.Column("salary_annual_max_ref", sa.Float(), nullable=True),
        sa.Column("salary_text", sa.Text(), nullable=True),
        sa.Column("experience_min_years", sa.Integer(), nullable=True),
        sa.Column("experience_max_years", sa.Integer(), nullable=True),
        sa.Column("education", sa.String(length=20), nullable=True),
        sa.Column("visa_sponsorship", sa.Boolean(), nullable=True),
        sa.Column("benefits", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("skills", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("skill_ids", postgresql.ARRAY(sa.String(length=300)), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("apply_url", sa.Text(), nullable=True),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_through", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("repost_count", sa.Integer(), nullable=False),
        sa.Column("last_reposted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("embedder", sa.String(length=100), nullable=True),
        sa.Column("embedding", Vector(384), nullable=True),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(
                "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(company_name, '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')",
                persisted=True,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_jobs_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    op.create_index(
        "ix_jobs_countries", "jobs", ["countries"], unique=False, postgresql_using="gin"
    )
    op.create_index("ix_jobs_dedup", "jobs", ["company_key", "title_key"], unique=False)
    op.create_index(op.f("ix_jobs_org_id"), "jobs", ["org_id"], unique=False)
    op.create_index("ix_jobs_search", "jobs", ["search"], unique=False, postgresql_using="gin")
    op.create_index(
        "ix_jobs_skill_ids", "jobs", ["skill_ids"], unique=False, postgresql_using="gin"
    )
    op.create_index("ix_jobs_status_posted", "jobs", ["status", "posted_at"], unique=False)
    op.create_table(
        "feed_runs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("feed_id", sa.Uuid(), nullable=True),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Integer(), nullable=False),
        sa.Column("reposts", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("errors", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("blocked_reason", sa.Text(), nullable=True),
        sa.Column("circuit_state", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], name=op.f("fk_feed_runs_feed_id_feeds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_runs")),
    )
    op.create_index(op.f("ix_feed_runs_feed_id"), "feed_runs", ["feed_id"], unique=False)
    op.create_index(
        "ix_feed_runs_source_started", "feed_runs", ["source", "started_at"], unique=False
    )
    op.create_table(
        "job_postings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("feed_id", sa.Uuid(), nullable=True),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("source_key", sa.String(length=200), nullable=False),
        sa.Column("external_id", sa.String(length=300), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("apply_url", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("is_repost", sa.Boolean(), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("parsed", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["feeds.id"],
            name=op.f("fk_job_postings_feed_id_feeds"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_postings_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_postings")),
        sa.UniqueConstraint(
            "source",
            "source_key",
            "external_id",
            name=op.f("uq_job_postings_source_source_key_external_id"),
        ),
    )
    op.create_index(op.f("ix_job_postings_feed_id"), "job_postings", ["feed_id"], unique=False)
    op.create_index(op.f("ix_job_postings_job_id"), "job_postings", ["job_id"], unique=False)
    op.create_table(
        "job_imports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("encoding", sa.String(length=40), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("bytes_read", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_job_imports_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["feed_runs.id"],
            name=op.f("fk_job_imports_run_id_feed_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_job_imports_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_imports")),
    )


def downgrade() -> None:
    op.drop_table("job_imports")
    op.drop_index(op.f("ix_job_postings_job_id"), table_name="job_postings")
    op.drop_index(op.f("ix_job_postings_feed_id"), table_name="job_postings")
    op.drop_table("job_postings")
    op.drop_index("ix_feed_runs_source_started", table_name="feed_runs")
    op.drop_index(op.f("ix_feed_runs_feed_id"), table_name="feed_runs")
    op.drop_table("feed_runs")
    op.drop_index("ix_jobs_status_posted", table_name="jobs")
    op.drop_index("ix_jobs_skill_ids", table_name="jobs", postgresql_using="gin")
    op.drop_index("ix_jobs_search", table_name="jobs", postgresql_using="gin")
    op.drop_index(op.f("ix_jobs_org_id"), table_name="jobs")
    op.drop_index("ix_jobs_dedup", table_name="jobs")
    op.drop_index("ix_jobs_countries", table_name="jobs", postgresql_using="gin")
    op.drop_table("jobs")
    op.drop_index(op.f("ix_feeds_org_id"), table_name="feeds")
    op.drop_index("ix_feeds_due", table_name="feeds")
    op.drop_table("feeds")

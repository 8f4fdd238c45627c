"""Canonical jobs, the source postings behind them, feeds and their runs, and file imports."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    Boolean,
    Computed,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from jobpilot.core.db import Base, TimestampMixin, UTCDateTime, new_id

# Both shipped embedders (hashing and MiniLM) produce 384-d vectors.
JOB_VECTOR_DIMENSION = 384

_SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(company_name, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(description, '')), 'C')"
)


class Job(TimestampMixin, Base):
    """One real position, whichever sources list it. Fields come from its best posting."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("ix_jobs_dedup", "company_key", "title_key"),
        Index("ix_jobs_status_posted", "status", "posted_at"),
        # The catalogue's default order (newest first, undated jobs by when first seen).
        Index(
            "ix_jobs_status_recent",
            "status",
            text("coalesce(posted_at, first_seen_at) DESC"),
            text("id DESC"),
        ),
        Index("ix_jobs_skill_ids", "skill_ids", postgresql_using="gin"),
        Index("ix_jobs_countries", "countries", postgresql_using="gin"),
        Index("ix_jobs_search", "search", postgresql_using="gin"),
        # Stage-1 retrieval (matching): HNSW on unit vectors; created/closed for refreshes.
        Index(
            "ix_jobs_embedding_hnsw",
            "embedding",
            postgresql_using="hnsw",
            postgresql_with={"m": 16, "ef_construction": 64},
            postgresql_ops={"embedding": "vector_ip_ops"},
        ),
        Index("ix_jobs_created_at", "created_at"),
        Index("ix_jobs_closed_at", "closed_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    org_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="open")
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(String(300))
    occupation_id: Mapped[str | None] = mapped_column(String(300))
    occupation_label: Mapped[str | None] = mapped_column(Text)
    seniority: Mapped[str | None] = mapped_column(String(20))
    company_name: Mapped[str] = mapped_column(Text)
    company_key: Mapped[str] = mapped_column(String(200))
    company_domain: Mapped[str | None] = mapped_column(String(253))
    employment_type: Mapped[str | None] = mapped_column(String(20))
    workplace: Mapped[str | None] = mapped_column(String(10))
    locations: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    countries: Mapped[list[str]] = mapped_column(ARRAY(String(2)), default=list)
    cities: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_interval: Mapped[str | None] = mapped_column(String(10))
    # Annualised, in the reference currency (IngestSettings.reference_currency): for filters.
    salary_annual_min_ref: Mapped[float | None] = mapped_column(Float)
    salary_annual_max_ref: Mapped[float | None] = mapped_column(Float)
    salary_text: Mapped[str | None] = mapped_column(Text)
    experience_min_years: Mapped[int | None] = mapped_column(Integer)
    experience_max_years: Mapped[int | None] = mapped_column(Integer)
    education: Mapped[str | None] = mapped_column(String(20))
    visa_sponsorship: Mapped[bool | None] = mapped_column(Boolean)
    benefits: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    skills: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    skill_ids: Mapped[list[str]] = mapped_column(ARRAY(String(300)), default=list)
    language: Mapped[str | None] = mapped_column(String(8))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    valid_through: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    repost_count: Mapped[int] = mapped_column(Integer, default=0)
    last_reposted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    embedder: Mapped[str | None] = mapped_column(String(100))
    embedding: Mapped[Any] = mapped_column(Vector(JOB_VECTOR_DIMENSION), nullable=True)
    search: Mapped[Any] = mapped_column(TSVECTOR, Computed(_SEARCH_DOCUMENT, persisted=True))


class JobPosting(Base):
    """A job as one source lists it, with the provider's original payload."""

    __tablename__ = "job_postings"
    __table_args__ = (UniqueConstraint("source", "source_key", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    feed_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("feeds.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str] = mapped_column(String(30))
    source_key: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default="active")
    is_repost: Mapped[bool] = mapped_column(Boolean, default=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    parsed: Mapped[dict[str, Any]] = mapped_column(JSONB)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    gone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Feed(TimestampMixin, Base):
    """A configured source that runs on a schedule: ``greenhouse`` board ``acme`` every 6 h."""

    __tablename__ = "feeds"
    __table_args__ = (Index("ix_feeds_due", "paused", "next_run_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(30))
    config: Mapped[dict[str, Any]] = mapped_column(JSONB)
    # Exactly one of: a fixed interval, or a cron expression.
    interval_seconds: Mapped[int | None] = mapped_column(Integer)
    cron: Mapped[str | None] = mapped_column(String(100))
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    org_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the source keeps between runs (cursors, conditional-request validators).
    state: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class FeedRun(Base):
    """One run of a feed (or of a file import): what it found and what went wrong."""

    __tablename__ = "feed_runs"
    __table_args__ = (Index("ix_feed_runs_source_started", "source", "started_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    feed_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(30))
    trigger: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    merged: Mapped[int] = mapped_column(Integer, default=0)
    reposts: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    circuit_state: Mapped[str | None] = mapped_column(String(20))


class JobImport(TimestampMixin, Base):
    """A file uploaded through the API, imported in the background."""

    __tablename__ = "job_imports"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    org_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    filename: Mapped[str] = mapped_column(String(300))
    format: Mapped[str] = mapped_column(String(10))
    encoding: Mapped[str | None] = mapped_column(String(40))
    # Kept in the database so any worker machine can read it; dropped once imported.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    bytes_read: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("feed_runs.id", ondelete="SET NULL")
    )
    error: Mapped[str | None] = mapped_column(Text)

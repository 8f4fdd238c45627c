"""Candidate profiles, their resumes and every version of each resume."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import (
    Boolean,
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
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jobpilot.core.db import Base, TimestampMixin, UTCDateTime, new_id, utcnow

# Both shipped embedders (hashing and MiniLM) produce 384-d vectors, like jobs'.
PROFILE_VECTOR_DIMENSION = 384


class CandidateProfile(TimestampMixin, Base):
    """One per candidate: the master resume's parse, hand edits over it, facts and preferences.

    ``parsed`` is what the parser read from the master resume; ``overrides`` holds the fields the
    candidate edited by hand and wins over ``parsed``, so a re-import never loses an edit.
    ``derived`` is computed from the two merged, as are the facet vectors.
    """

    __tablename__ = "candidate_profiles"
    __table_args__ = (
        Index("ix_candidate_profiles_skill_ids", "skill_ids", postgresql_using="gin"),
        Index(
            "ix_candidate_profiles_discoverable",
            "discoverable",
            postgresql_where="discoverable",
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    master_resume_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL")
    )
    parsed: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    overrides: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    derived: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # The candidate's own factor-weight overrides for their feed (validated by matching).
    ranking_weights: Mapped[dict[str, float]] = mapped_column(
        JSONB, default=dict, server_default=text("'{}'::jsonb")
    )
    discoverable: Mapped[bool] = mapped_column(Boolean, default=False)
    skill_ids: Mapped[list[str]] = mapped_column(ARRAY(String(300)), default=list)
    total_years: Mapped[float] = mapped_column(Float, default=0.0)
    seniority: Mapped[str | None] = mapped_column(String(20))
    current_title: Mapped[str | None] = mapped_column(Text)
    skills_embedding: Mapped[Any] = mapped_column(Vector(PROFILE_VECTOR_DIMENSION), nullable=True)
    experience_embedding: Mapped[Any] = mapped_column(
        Vector(PROFILE_VECTOR_DIMENSION), nullable=True
    )
    goals_embedding: Mapped[Any] = mapped_column(Vector(PROFILE_VECTOR_DIMENSION), nullable=True)
    embedder: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Resume(TimestampMixin, Base):
    """A resume the candidate keeps: the master, or a tailored one derived from it."""

    __tablename__ = "resumes"
    __table_args__ = (Index("ix_resumes_user_id_created_at", "user_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(10), default="master")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("resumes.id", ondelete="SET NULL")
    )
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class ResumeVersion(TimestampMixin, Base):
    """One upload (or generated revision) of a resume: the original file and what it parsed to."""

    __tablename__ = "resume_versions"
    __table_args__ = (UniqueConstraint("resume_id", "version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    resume_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    format: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    parsed: Mapped[dict[str, Any]] = mapped_column(JSONB)
    derived: Mapped[dict[str, Any]] = mapped_column(JSONB)

"""Feedback on matches, ranking experiments with their exposures and outcomes, match alerts."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Identity, Index, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jobpilot.core.db import Base, TimestampMixin, UTCDateTime, new_id, utcnow


class MatchFeedback(Base):
    """One signal from a candidate about a job: viewed, saved, unsaved, dismissed, applied."""

    __tablename__ = "match_feedback"
    __table_args__ = (Index("ix_match_feedback_user_action", "user_id", "action", "job_id"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(16))
    experiment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("experiments.id", ondelete="SET NULL")
    )
    variant: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Experiment(TimestampMixin, Base):
    """A ranking experiment: variants with traffic shares and their weights or algorithm.

    ``variants`` is a list of ``{"name", "traffic", "weights", "algorithm"}``; the first is the
    control, which everyone gets once the experiment is stopped.
    """

    __tablename__ = "experiments"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    salt: Mapped[str] = mapped_column(String(64))
    variants: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    outcome: Mapped[str] = mapped_column(String(16), default="apply")
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExperimentExposure(Base):
    """A user who was served results of an experiment's variant (one row per user)."""

    __tablename__ = "experiment_exposures"

    experiment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("experiments.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    variant: Mapped[str] = mapped_column(String(64))
    first_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    served: Mapped[int] = mapped_column(BigInteger, default=1)


class MatchAlert(Base):
    """A new job that scored above a candidate's alert threshold, waiting to be delivered."""

    __tablename__ = "match_alerts"
    __table_args__ = (Index("ix_match_alerts_user_created", "user_id", "created_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    job_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[float] = mapped_column(Float)
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

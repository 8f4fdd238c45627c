"""Copilot runs and their steps: each step a row with its status, inputs, output and usage."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from jobpilot.core.db import Base, TimestampMixin, UTCDateTime, new_id, utcnow


class CopilotRun(TimestampMixin, Base):
    """One application prepared for one job from one resume.

    ``status``: ``running`` while steps are queued or working, ``review`` once the letter is
    written and the candidate's approval is awaited, ``ready`` when approved (ready to apply),
    ``failed`` when a step gave up. ``confirmations`` are claims the candidate vouched for,
    ``[{"kind", "value", "evidence"}]``.
    """

    __tablename__ = "copilot_runs"
    __table_args__ = (Index("ix_copilot_runs_user_created", "user_id", "created_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    job_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    resume_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("resumes.id", ondelete="CASCADE"))
    resume_version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="running")
    options: Mapped[dict[str, Any]] = mapped_column(JSONB)
    provider: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(100))
    confirmations: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_note: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CopilotStep(Base):
    """One step of a run. ``output`` holds the step's document (brief, match view, tailored
    resume, letter) and, for documents that make claims, the claims report under ``claims``.
    ``attempts`` counts executions that started; ``executions`` counts the ones that committed
    an output, which is at most one per queued run of the step."""

    __tablename__ = "copilot_steps"
    __table_args__ = (UniqueConstraint("run_id", "name"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    run_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("copilot_runs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    options: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    output: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    error: Mapped[str | None] = mapped_column(Text)
    # Bumped when the step is re-run, so that an older execution still in flight cannot
    # write over the new one's output.
    generation: Mapped[int] = mapped_column(Integer, default=0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    executions: Mapped[int] = mapped_column(Integer, default=0)
    calls: Mapped[int] = mapped_column(Integer, default=0)
    input_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    output_tokens: Mapped[int] = mapped_column(BigInteger, default=0)
    cost_usd: Mapped[float] = mapped_column(Float, default=0.0)
    queued_job_id: Mapped[int | None] = mapped_column(BigInteger)
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    duration_ms: Mapped[float | None] = mapped_column(Float)

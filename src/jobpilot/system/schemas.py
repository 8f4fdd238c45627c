from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Check(BaseModel):
    status: Literal["ok", "failing", "skipped"]
    detail: str | None = None
    latency_ms: float | None = None


class Readiness(BaseModel):
    status: Literal["ready", "not_ready"]
    checks: dict[str, Check]


class Liveness(BaseModel):
    status: Literal["alive"]
    version: str


class QueueCheckOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    job_id: int | None
    created_at: datetime
    run_count: int
    ran_at: datetime | None
    ran_by: str | None
    request_id: str | None

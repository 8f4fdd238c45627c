from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    action: str
    outcome: str
    actor_user_id: uuid.UUID | None
    actor_api_key_id: uuid.UUID | None
    org_id: uuid.UUID | None
    target_type: str | None
    target_id: str | None
    request_id: str | None
    ip: str | None
    details: dict[str, Any]

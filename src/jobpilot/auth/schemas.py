from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints, field_validator

from jobpilot.auth.models import AccountRole
from jobpilot.auth.scopes import ALL_SCOPES
from jobpilot.orgs.models import OrgRole

Password = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class RegisterIn(BaseModel):
    email: EmailStr
    password: Password
    full_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = (
        None
    )
    role: AccountRole = AccountRole.seeker


class LoginIn(BaseModel):
    email: EmailStr
    password: Password


class RefreshIn(BaseModel):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth 2 token type, not a secret
    expires_in: int
    refresh_token: str
    refresh_expires_in: int


class MembershipOut(BaseModel):
    org_id: uuid.UUID
    org_name: str
    org_slug: str
    role: OrgRole


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    full_name: str | None
    role: AccountRole
    is_admin: bool
    is_active: bool
    created_at: datetime


class MeOut(UserOut):
    memberships: list[MembershipOut]
    auth: str = Field(description="How this request authenticated: 'token' or 'api_key'")
    scopes: list[str] | None = Field(description="API key scopes; null for a login session")


class ApiKeyIn(BaseModel):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    scopes: list[str] = Field(min_length=1, max_length=len(ALL_SCOPES))
    expires_in_days: int | None = Field(None, ge=1, le=3650)

    @field_validator("scopes")
    @classmethod
    def _known_scopes(cls, scopes: list[str]) -> list[str]:
        unknown = sorted(set(scopes) - ALL_SCOPES)
        if unknown:
            raise ValueError(f"unknown scopes: {', '.join(unknown)}")
        return sorted(set(scopes))


class ApiKeyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="The secret: shown once, store it now")


class AdminUserPatch(BaseModel):
    is_admin: bool | None = None
    is_active: bool | None = None
    role: AccountRole | None = None


class AccountDeleteIn(BaseModel):
    password: str = Field(min_length=1, max_length=1024)

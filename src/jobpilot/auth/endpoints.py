from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import Response

from jobpilot.auth import flows, service
from jobpilot.auth.dependencies import AdminPrincipal, CurrentPrincipal, requires
from jobpilot.auth.schemas import (
    AccountDeleteIn,
    AdminUserPatch,
    ApiKeyCreated,
    ApiKeyIn,
    ApiKeyOut,
    LoginIn,
    MembershipOut,
    MeOut,
    RefreshIn,
    RegisterIn,
    TokenPair,
    UserOut,
)
from jobpilot.auth.service import IssuedTokens, LoginFailure, Principal
from jobpilot.core.db import utcnow
from jobpilot.core.deps import RuntimeDep, SessionDep, client_ip
from jobpilot.core.errors import TooManyRequests
from jobpilot.orgs import service as orgs_service

router = APIRouter(prefix="/api/v1", tags=["auth"])


def _pair(tokens: IssuedTokens) -> TokenPair:
    now = utcnow()
    return TokenPair(
        access_token=tokens.access_token,
        expires_in=int((tokens.access_expires_at - now).total_seconds()),
        refresh_token=tokens.refresh_token,
        refresh_expires_in=int((tokens.refresh_expires_at - now).total_seconds()),
    )


@router.post("/auth/register", status_code=status.HTTP_201_CREATED, response_model=UserOut)
async def register(
    body: RegisterIn, session: SessionDep, runtime: RuntimeDep, request: Request
) -> UserOut:
    """Create an account (anyone). 409 when the email is taken."""
    user = await service.register(
        session,
        email=body.email,
        password=body.password,
        full_name=body.full_name,
        role=body.role,
        settings=runtime.settings.auth,
    )
    return UserOut.model_validate(user)


@router.post("/auth/login", response_model=TokenPair)
async def login(
    body: LoginIn, session: SessionDep, runtime: RuntimeDep, request: Request
) -> TokenPair:
    """Exchange email and password for an access token and a refresh token (anyone).

    Throttled per email and client address; repeated failures lock the account for a while.
    """
    ip = client_ip(request)
    decision = await runtime.limiter.hit(
        runtime.settings.auth.login_rate_limit, "login", service.normalise_email(body.email), ip
    )
    if not decision.allowed:
        raise TooManyRequests(
            "too many login attempts; slow down", retry_after=decision.retry_after_seconds
        )
    result = await service.login(
        session,
        email=body.email,
        password=body.password,
        ip=ip,
        secret=runtime.secret_key,
        settings=runtime.settings.auth,
    )
    if isinstance(result, LoginFailure):
        await session.commit()  # keep the failure count, lockout and audit row
        raise result.error
    return _pair(result)


@router.post("/auth/refresh", response_model=TokenPair)
async def refresh(
    body: RefreshIn, session: SessionDep, runtime: RuntimeDep, request: Request
) -> TokenPair:
    """Rotate a refresh token (anyone holding one). Reusing a rotated token ends the session."""
    result = await service.refresh(
        session,
        refresh_token=body.refresh_token,
        ip=client_ip(request),
        secret=runtime.secret_key,
        settings=runtime.settings.auth,
    )
    if isinstance(result, LoginFailure):
        await session.commit()  # a detected reuse revokes the family even though we answer 401
        raise result.error
    return _pair(result)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(principal: CurrentPrincipal, session: SessionDep, request: Request) -> Response:
    """End the current login session (signed-in users)."""
    await service.logout(session, principal, ip=client_ip(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", response_model=MeOut)
async def me(
    principal: Annotated[Principal, Depends(requires("account:read"))], session: SessionDep
) -> MeOut:
    """The caller's account and organisation memberships (signed-in users)."""
    memberships = [
        MembershipOut(org_id=org.id, org_name=org.name, org_slug=org.slug, role=role)
        for org, role in await orgs_service.orgs_of_user(session, principal.user.id)
    ]
    return MeOut(
        **UserOut.model_validate(principal.user).model_dump(),
        memberships=memberships,
        auth="api_key" if principal.via_api_key else "token",
        scopes=sorted(principal.scopes) if principal.scopes is not None else None,
    )


@router.get("/me/export")
async def export_me(
    principal: Annotated[Principal, Depends(requires("account:read"))],
    session: SessionDep,
    request: Request,
) -> dict[str, Any]:
    """Download everything jobpilot holds about the caller as JSON: account, memberships, API
    keys (never the secrets), the caller's audit events, profile, preferences and every resume
    version with its original file (base64). The export itself is audited."""
    return await flows.export_account(session, principal, ip=client_ip(request))


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
async def delete_me(
    body: AccountDeleteIn, principal: CurrentPrincipal, session: SessionDep, request: Request
) -> Response:
    """Delete the caller's account and all their data (profile, resumes, keys, sessions,
    memberships). Needs the password again and a signed-in session, not an API key; refused
    while the caller is the last admin of an organisation."""
    await flows.delete_account(session, principal, password=body.password, ip=client_ip(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/api-keys",
    status_code=status.HTTP_201_CREATED,
    response_model=ApiKeyCreated,
    tags=["api-keys"],
)
async def create_api_key(
    body: ApiKeyIn,
    principal: Annotated[Principal, Depends(requires("api_keys:write"))],
    session: SessionDep,
    request: Request,
) -> ApiKeyCreated:
    """Create an API key for yourself (signed-in users). The secret is in this response only."""
    api_key, secret = await service.create_api_key(
        session,
        principal,
        name=body.name,
        scopes=body.scopes,
        expires_in_days=body.expires_in_days,
        ip=client_ip(request),
    )
    return ApiKeyCreated(**ApiKeyOut.model_validate(api_key).model_dump(), key=secret)


@router.get("/api-keys", response_model=list[ApiKeyOut], tags=["api-keys"])
async def list_api_keys(
    principal: Annotated[Principal, Depends(requires("api_keys:read"))], session: SessionDep
) -> list[ApiKeyOut]:
    """Your API keys, without their secrets (signed-in users)."""
    return [ApiKeyOut.model_validate(k) for k in await service.list_api_keys(session, principal)]


@router.delete("/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT, tags=["api-keys"])
async def revoke_api_key(
    key_id: uuid.UUID,
    principal: Annotated[Principal, Depends(requires("api_keys:write"))],
    session: SessionDep,
    request: Request,
) -> Response:
    """Revoke one of your API keys (signed-in users; 404 for keys of others)."""
    await service.revoke_api_key(session, principal, key_id, ip=client_ip(request))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.patch("/admin/users/{user_id}", response_model=UserOut, tags=["admin"])
async def admin_update_user(
    user_id: uuid.UUID,
    body: AdminUserPatch,
    principal: AdminPrincipal,
    session: SessionDep,
    request: Request,
) -> UserOut:
    """Change a user's admin flag, account role or active state (administrators)."""
    user = await service.admin_update_user(
        session,
        principal,
        user_id,
        is_admin=body.is_admin,
        is_active=body.is_active,
        role=body.role,
        ip=client_ip(request),
    )
    return UserOut.model_validate(user)

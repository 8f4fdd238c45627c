"""Authentication and authorisation as ``Annotated`` dependencies.

Every endpoint states who may call it through one of these: ``CurrentPrincipal`` (any signed-in
caller), ``requires("domain:read")`` (and the key's scope), or ``AdminPrincipal``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from jobpilot.auth import service
from jobpilot.auth.scopes import grants
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.core.errors import Forbidden, NotAuthenticated
from jobpilot.core.security import API_KEY_PREFIX

_bearer = HTTPBearer(auto_error=False, description="Access token or API key")
_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key")


async def get_principal(
    request: Request,
    runtime: RuntimeDep,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    api_key: Annotated[str | None, Depends(_api_key_header)],
) -> Principal:
    if api_key:
        principal = await service.principal_from_api_key(session, api_key)
    elif bearer is not None and bearer.credentials:
        token = bearer.credentials
        if token.startswith(API_KEY_PREFIX):
            principal = await service.principal_from_api_key(session, token)
        else:
            principal = await service.principal_from_access_token(
                session, token, secret=runtime.secret_key, settings=runtime.settings.auth
            )
    else:
        raise NotAuthenticated("sign in, or send an API key")
    request.state.user_id = str(principal.user.id)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def requires(scope: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting any signed-in user whose credentials hold ``scope``."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not grants(principal.scopes, scope):
            raise Forbidden(f"this API key lacks the '{scope}' scope")
        return principal

    check.__name__ = f"requires_{scope.replace(':', '_')}"
    return check


async def get_admin(principal: Annotated[Principal, Depends(requires("admin:write"))]) -> Principal:
    if not principal.user.is_admin:
        raise Forbidden("administrators only")
    return principal


AdminPrincipal = Annotated[Principal, Depends(get_admin)]

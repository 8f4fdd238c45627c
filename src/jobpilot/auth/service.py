"""Accounts, login sessions with rotating refresh tokens, and API keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit import service as audit
from jobpilot.audit.service import Actor
from jobpilot.auth import repository
from jobpilot.auth.models import AccountRole, ApiKey, AuthSession, RefreshToken, User
from jobpilot.core import security
from jobpilot.core.db import utcnow
from jobpilot.core.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    Locked,
    NotAuthenticated,
    NotFound,
)
from jobpilot.core.settings import AuthSettings


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a user, through a login session or through an API key."""

    user: User
    session_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    scopes: frozenset[str] | None = (
        None  # None: a login session, which may do anything the user may
    )

    @property
    def via_api_key(self) -> bool:
        return self.api_key_id is not None

    def actor(self, ip: str | None = None) -> Actor:
        return Actor(user_id=self.user.id, api_key_id=self.api_key_id, ip=ip)


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await repository.get_user(session, user_id)


async def find_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await repository.get_user_by_email(session, normalise_email(email))


def check_password_policy(password: str, settings: AuthSettings) -> None:
    if len(password) < settings.password_min_length:
        raise InvalidInput(
            f"password must have at least {settings.password_min_length} characters",
            extra={
                "errors": [{"loc": "body.password", "msg": "too short", "type": "password_policy"}]
            },
        )


async def register(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    full_name: str | None,
    role: AccountRole,
    settings: AuthSettings,
    is_admin: bool = False,
    actor: Actor | None = None,
) -> User:
    """Create an account; 409 when the email is taken."""
    check_password_policy(password, settings)
    email = normalise_email(email)
    if await repository.get_user_by_email(session, email) is not None:
        raise Conflict("an account with this email already exists")
    user = User(
        email=email,
        password_hash=security.hash_password(password),
        full_name=full_name,
        role=role,
        is_admin=is_admin,
    )
    await repository.add(session, user)
    await audit.record(
        session,
        "user.register",
        actor=actor or Actor(user_id=user.id),
        target_type="user",
        target_id=user.id,
        details={"role": role.value, "admin": is_admin},
    )
    return user


async def set_password(
    session: AsyncSession, user: User, password: str, settings: AuthSettings
) -> None:
    check_password_policy(password, settings)
    user.password_hash = security.hash_password(password)
    await session.flush()


async def _issue(
    session: AsyncSession,
    *,
    user: User,
    auth_session: AuthSession,
    secret: str,
    settings: AuthSettings,
) -> IssuedTokens:
    refresh = security.new_opaque_token()
    refresh_expires = utcnow() + timedelta(days=settings.refresh_token_days)
    await repository.add(
        session,
        RefreshToken(
            session_id=auth_session.id,
            digest=security.token_digest(refresh),
            expires_at=refresh_expires,
        ),
    )
    access, access_expires = security.create_access_token(
        secret=secret,
        algorithm=settings.jwt_algorithm,
        user_id=user.id,
        session_id=auth_session.id,
        minutes=settings.access_token_minutes,
    )
    return IssuedTokens(access, access_expires, refresh, refresh_expires)


@dataclass(frozen=True, slots=True)
class LoginFailure:
    error: NotAuthenticated | Locked


async def login(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    ip: str,
    secret: str,
    settings: AuthSettings,
) -> IssuedTokens | LoginFailure:
    """Check credentials and open a login session.

    A failure is returned, not raised, because its bookkeeping (failure count, lockout, audit)
    must be committed even though the request fails.
    """
    email = normalise_email(email)
    user = await repository.get_user_by_email(session, email, for_update=True)
    now = utcnow()
    if user is not None and user.locked_until is not None and user.locked_until > now:
        await audit.record(
            session,
            "auth.login",
            actor=Actor(user_id=user.id, ip=ip),
            outcome="locked",
            target_type="user",
            target_id=user.id,
        )
        retry = int((user.locked_until - now).total_seconds()) + 1
        return LoginFailure(Locked("too many failed logins; try again later", retry_after=retry))
    valid = security.verify_password(password, user.password_hash if user else None)
    if user is None or not valid or not user.is_active:
        details: dict[str, object] = {
            "reason": "unknown_email" if user is None else "bad_credentials"
        }
        if user is not None and valid and not user.is_active:
            details["reason"] = "inactive"
        if user is not None and not valid:
            user.failed_logins += 1
            if user.failed_logins >= settings.lockout_failures:
                user.locked_until = now + timedelta(minutes=settings.lockout_minutes)
                user.failed_logins = 0
                details["locked_minutes"] = settings.lockout_minutes
        await audit.record(
            session,
            "auth.login",
            actor=Actor(user_id=user.id if user else None, ip=ip),
            outcome="failure",
            target_type="user",
            target_id=user.id if user else None,
            details=details,
        )
        return LoginFailure(NotAuthenticated("email or password is wrong"))
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    auth_session = AuthSession(user_id=user.id)
    await repository.add(session, auth_session)
    await audit.record(
        session,
        "auth.login",
        actor=Actor(user_id=user.id, ip=ip),
        target_type="user",
        target_id=user.id,
    )
    return await _issue(
        session, user=user, auth_session=auth_session, secret=secret, settings=settings
    )


async def refresh(
    session: AsyncSession, *, refresh_token: str, ip: str, secret: str, settings: AuthSettings
) -> IssuedTokens | LoginFailure:
    """Rotate a refresh token. Presenting an already-rotated token revokes its whole family:
    either the client or a thief holds a copy, and we cannot tell which."""
    found = await repository.get_refresh_token(session, security.token_digest(refresh_token))
    if found is None:
        return LoginFailure(NotAuthenticated("refresh token is not valid"))
    token, auth_session = found
    now = utcnow()
    if auth_session.revoked_at is not None:
        return LoginFailure(NotAuthenticated("this login session has ended"))
    if token.rotated_at is not None:
        await repository.revoke_session(
            session, auth_session.id, at=now, reason="refresh_token_reuse"
        )
        await audit.record(
            session,
            "auth.refresh_reuse",
            actor=Actor(user_id=auth_session.user_id, ip=ip),
            outcome="failure",
            target_type="session",
            target_id=auth_session.id,
        )
        return LoginFailure(
            NotAuthenticated("refresh token was already used; the session is revoked")
        )
    if token.expires_at <= now:
        return LoginFailure(NotAuthenticated("refresh token has expired"))
    user = await repository.get_user(session, auth_session.user_id)
    if user is None or not user.is_active:
        return LoginFailure(NotAuthenticated("account is not active"))
    token.rotated_at = now
    auth_session.last_used_at = now
    await session.flush()
    return await _issue(
        session, user=user, auth_session=auth_session, secret=secret, settings=settings
    )


async def logout(session: AsyncSession, principal: Principal, *, ip: str) -> None:
    """End the caller's login session: its refresh tokens and access tokens stop working."""
    if principal.session_id is None:
        raise Forbidden("API keys cannot log out; revoke the key instead")
    await repository.revoke_session(session, principal.session_id, at=utcnow(), reason="logout")
    await audit.record(
        session,
        "auth.logout",
        actor=principal.actor(ip),
        target_type="session",
        target_id=principal.session_id,
    )


async def principal_from_access_token(
    session: AsyncSession, token: str, *, secret: str, settings: AuthSettings
) -> Principal:
    claims = security.decode_access_token(token, secret=secret, algorithm=settings.jwt_algorithm)
    if claims is None:
        raise NotAuthenticated("access token is invalid or expired")
    found = await repository.get_user_with_live_session(session, claims.user_id, claims.session_id)
    if found is None:
        raise NotAuthenticated("this login session has ended")
    user, _ = found
    if not user.is_active:
        raise NotAuthenticated("account is not active")
    return Principal(user=user, session_id=claims.session_id)


async def principal_from_api_key(session: AsyncSession, key: str) -> Principal:
    prefix = security.parse_api_key_prefix(key)
    found = await repository.get_api_key_by_prefix(session, prefix) if prefix else None
    # Compare against something even when the prefix is unknown, so timing tells nothing.
    stored = found[0].digest if found else "0" * 64
    if not security.digests_match(key, stored) or found is None:
        raise NotAuthenticated("API key is not valid")
    api_key, user = found
    now = utcnow()
    if api_key.revoked_at is not None:
        raise NotAuthenticated("API key has been revoked")
    if api_key.expires_at is not None and api_key.expires_at <= now:
        raise NotAuthenticated("API key has expired")
    if not user.is_active:
        raise NotAuthenticated("account is not active")
    await repository.touch_api_key(session, api_key.id, now)
    return Principal(user=user, api_key_id=api_key.id, scopes=frozenset(api_key.scopes))


async def create_api_key(
    session: AsyncSession,
    principal: Principal,
    *,
    name: str,
    scopes: list[str],
    expires_in_days: int | None,
    ip: str | None,
) -> tuple[ApiKey, str]:
    """Create a key for the caller; a key may only create keys within its own scopes."""
    if principal.scopes is not None and not set(scopes) <= principal.scopes:
        raise Forbidden("an API key cannot grant scopes it does not hold")
    new = security.new_api_key()
    api_key = ApiKey(
        user_id=principal.user.id,
        name=name,
        prefix=new.prefix,
        digest=new.digest,
        scopes=sorted(scopes),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    await repository.add(session, api_key)
    await audit.record(
        session,
        "api_key.create",
        actor=principal.actor(ip),
        target_type="api_key",
        target_id=api_key.id,
        details={"name": name, "scopes": sorted(scopes)},
    )
    return api_key, new.secret


async def list_api_keys(session: AsyncSession, principal: Principal) -> list[ApiKey]:
    return await repository.list_api_keys(session, principal.user.id)


async def revoke_api_key(
    session: AsyncSession, principal: Principal, key_id: uuid.UUID, *, ip: str | None
) -> None:
    api_key = await repository.get_api_key(session, key_id)
    if api_key is None or api_key.user_id != principal.user.id:
        raise NotFound("API key not found")
    if api_key.revoked_at is None:
        api_key.revoked_at = utcnow()
        await session.flush()
        await audit.record(
            session,
            "api_key.revoke",
            actor=principal.actor(ip),
            target_type="api_key",
            target_id=key_id,
        )


async def admin_update_user(
    session: AsyncSession,
    principal: Principal,
    user_id: uuid.UUID,
    *,
    is_admin: bool | None,
    is_active: bool | None,
    role: AccountRole | None,
    ip: str | None,
) -> User:
    user = await repository.get_user(session, user_id)
    if user is None:
        raise NotFound("user not found")
    changes: dict[str, object] = {}
    if is_admin is not None and is_admin != user.is_admin:
        if user.id == principal.user.id and not is_admin:
            raise Conflict("admins cannot remove their own admin flag")
        changes["is_admin"] = [user.is_admin, is_admin]
        user.is_admin = is_admin
    if role is not None and role != user.role:
        changes["role"] = [user.role.value, role.value]
        user.role = role
    if is_active is not None and is_active != user.is_active:
        changes["is_active"] = [user.is_active, is_active]
        user.is_active = is_active
        if not is_active:
            await repository.revoke_all_sessions(
                session, user.id, at=utcnow(), reason="deactivated"
            )
    await session.flush()
    if changes:
        await audit.record(
            session,
            "role.change",
            actor=principal.actor(ip),
            target_type="user",
            target_id=user.id,
            details=changes,
        )
    return user

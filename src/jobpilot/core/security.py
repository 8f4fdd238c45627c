"""Passwords (argon2 via pwdlib), JWT access tokens, opaque refresh tokens and API keys."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from jobpilot.core.db import utcnow

_password_hash = PasswordHash((Argon2Hasher(),))
# Verifying against this when the user does not exist keeps login time independent of
# whether the email is registered.
_DUMMY_HASH = _password_hash.hash("jobpilot-timing-equaliser")

API_KEY_PREFIX = "jp_"
ACCESS_TOKEN_TYPE = "access"  # noqa: S105 - a token kind, not a secret


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False
    return _password_hash.verify(password, password_hash)


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID


def create_access_token(
    *, secret: str, algorithm: str, user_id: uuid.UUID, session_id: uuid.UUID, minutes: int
) -> tuple[str, datetime]:
    now = utcnow()
    expires = now + timedelta(minutes=minutes)
    payload = {
        "sub": str(user_id),
        "sid": str(session_id),
        "typ": ACCESS_TOKEN_TYPE,
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(payload, secret, algorithm=algorithm), expires


def decode_access_token(token: str, *, secret: str, algorithm: str) -> AccessClaims | None:
    """The token's claims, or None when it is malformed, tampered with or expired."""
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[algorithm],
            options={"require": ["sub", "sid", "exp", "typ"]},
        )
        if payload.get("typ") != ACCESS_TOKEN_TYPE:
            return None
        return AccessClaims(
            user_id=uuid.UUID(payload["sub"]),
            session_id=uuid.UUID(payload["sid"]),
        )
    except (jwt.PyJWTError, ValueError, KeyError):
        return None


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """SHA-256 of a high-entropy token: enough for lookup; a slow hash adds nothing here."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class NewApiKey:
    secret: str
    prefix: str
    digest: str


def new_api_key() -> NewApiKey:
    """``jp_<8-char lookup prefix>_<secret>``: the prefix finds the row, the digest proves it."""
    prefix = secrets.token_hex(4)
    secret = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    return NewApiKey(secret=secret, prefix=prefix, digest=token_digest(secret))


def parse_api_key_prefix(candidate: str) -> str | None:
    if not candidate.startswith(API_KEY_PREFIX):
        return None
    prefix, sep, rest = candidate[len(API_KEY_PREFIX) :].partition("_")
    if not sep or len(prefix) != 8 or not rest:
        return None
    return prefix


def digests_match(candidate: str, stored_digest: str) -> bool:
    return hmac.compare_digest(token_digest(candidate), stored_digest)

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from jobpilot.audit.models import AuditEvent
from jobpilot.auth.models import ApiKey
from jobpilot.core.db import utcnow
from tests.factories import make_user, sign_in


async def _create_key(client, headers, scopes, **extra):
    response = await client.post(
        "/api/v1/api-keys", json={"name": "ci", "scopes": scopes, **extra}, headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_key_is_shown_once_stored_hashed_and_works_in_both_headers(client, session):
    signed = await sign_in(client, await make_user(session))
    created = await _create_key(client, signed.headers, ["account:read"])
    secret = created["key"]
    assert secret.startswith("jp_")

    listed = await client.get("/api/v1/api-keys", headers=signed.headers)
    assert listed.status_code == 200
    assert "key" not in listed.json()[0]
    stored = (await session.scalars(select(ApiKey).where(ApiKey.id == created["id"]))).one()
    assert secret not in (stored.digest, stored.prefix)

    bearer = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    header = await client.get("/api/v1/me", headers={"X-API-Key": secret})
    assert bearer.status_code == header.status_code == 200
    assert bearer.json()["auth"] == "api_key"
    assert bearer.json()["scopes"] == ["account:read"]
    await session.refresh(stored)
    assert stored.last_used_at is not None

    audit = (
        await session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == created["id"])
        )
    ).all()
    assert "api_key.create" in audit


async def test_scopes_are_enforced(client, session):
    signed = await sign_in(client, await make_user(session))
    reader = (await _create_key(client, signed.headers, ["orgs:read"]))["key"]
    headers = {"X-API-Key": reader}
    assert (await client.get("/api/v1/orgs", headers=headers)).status_code == 200
    denied = await client.post("/api/v1/orgs", json={"name": "Acme"}, headers=headers)
    assert denied.status_code == 403
    assert "orgs:write" in denied.json()["detail"]
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 403
    # write implies read
    writer = (await _create_key(client, signed.headers, ["orgs:write"]))["key"]
    assert (await client.get("/api/v1/orgs", headers={"X-API-Key": writer})).status_code == 200
    # a key cannot mint a key with more power than itself
    escalate = await client.post(
        "/api/v1/api-keys",
        json={"name": "x", "scopes": ["orgs:write"]},
        headers={"X-API-Key": reader},
    )
    assert escalate.status_code == 403


async def test_revoked_expired_and_forged_keys_are_refused(client, session):
    signed = await sign_in(client, await make_user(session))
    created = await _create_key(client, signed.headers, ["account:read"])
    assert (
        await client.delete(f"/api/v1/api-keys/{created['id']}", headers=signed.headers)
    ).status_code == 204
    revoked = await client.get("/api/v1/me", headers={"X-API-Key": created["key"]})
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["detail"]

    expiring = await _create_key(client, signed.headers, ["account:read"], expires_in_days=1)
    stored = (await session.scalars(select(ApiKey).where(ApiKey.id == expiring["id"]))).one()
    stored.expires_at = utcnow() - timedelta(seconds=1)
    await session.commit()
    expired = await client.get("/api/v1/me", headers={"X-API-Key": expiring["key"]})
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]

    forged = expiring["key"][:-4] + "AAAA"
    assert (await client.get("/api/v1/me", headers={"X-API-Key": forged})).status_code == 401
    assert (await client.get("/api/v1/me", headers={"X-API-Key": "jp_nothing"})).status_code == 401


async def test_keys_of_other_users_are_invisible(client, session):
    alice = await sign_in(client, await make_user(session))
    bob = await sign_in(client, await make_user(session))
    key = await _create_key(client, alice.headers, ["account:read"])
    assert (
        await client.delete(f"/api/v1/api-keys/{key['id']}", headers=bob.headers)
    ).status_code == 404
    assert (await client.get("/api/v1/api-keys", headers=bob.headers)).json() == []


async def test_unknown_scopes_and_bad_bodies_are_422(client, session):
    signed = await sign_in(client, await make_user(session))
    response = await client.post(
        "/api/v1/api-keys", json={"name": "x", "scopes": ["jobs:admin"]}, headers=signed.headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == "body.scopes"
    empty = await client.post(
        "/api/v1/api-keys", json={"name": "", "scopes": []}, headers=signed.headers
    )
    assert empty.status_code == 422
    assert {e["loc"] for e in empty.json()["errors"]} == {"body.name", "body.scopes"}

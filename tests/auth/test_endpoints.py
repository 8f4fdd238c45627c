from __future__ import annotations

import uuid

from sqlalchemy import select

from jobpilot.audit.models import AuditEvent
from jobpilot.auth.models import AccountRole
from jobpilot.core import security
from tests.factories import PASSWORD, make_user, sign_in


async def test_register_login_and_me(client):
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "Ada@Example.com",
            "password": PASSWORD,
            "full_name": "Ada",
            "role": "recruiter",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["email"] == "ada@example.com"
    assert "password_hash" not in response.json()

    login = await client.post(
        "/api/v1/auth/login", json={"email": "ada@example.com", "password": PASSWORD}
    )
    assert login.status_code == 200
    tokens = login.json()
    assert tokens["token_type"] == "bearer"
    assert 14 * 60 <= tokens["expires_in"] <= 15 * 60
    assert tokens["refresh_expires_in"] > 29 * 86400

    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["role"] == "recruiter"
    assert me.json()["auth"] == "token"
    assert me.json()["memberships"] == []


async def test_register_refuses_duplicates_weak_passwords_and_bad_emails(client, session):
    await make_user(session, email="taken@example.com")
    dup = await client.post(
        "/api/v1/auth/register", json={"email": "TAKEN@example.com", "password": PASSWORD}
    )
    assert dup.status_code == 409
    assert dup.headers["content-type"] == "application/problem+json"

    weak = await client.post(
        "/api/v1/auth/register", json={"email": "new@example.com", "password": "short"}
    )
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["loc"] == "body.password"

    bad = await client.post(
        "/api/v1/auth/register", json={"email": "not-an-email", "password": PASSWORD}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == "body.email"


async def test_anonymous_and_bad_tokens_get_401(client, runtime, session):
    assert (await client.get("/api/v1/me")).status_code == 401
    garbage = await client.get("/api/v1/me", headers={"Authorization": "Bearer not.a.jwt"})
    assert garbage.status_code == 401
    assert garbage.headers["www-authenticate"] == "Bearer"

    user = await make_user(session)
    signed = await sign_in(client, user)
    forged = security.create_access_token(
        secret="another-secret-entirely-" * 2,
        algorithm="HS256",
        user_id=user.id,
        session_id=uuid.uuid4(),
        minutes=5,
    )[0]
    assert (
        await client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})
    ).status_code == 401

    # An expired token, correctly signed, for a live session.
    me = await client.get("/api/v1/me", headers=signed.headers)
    assert me.status_code == 200
    claims = security.decode_access_token(
        signed.headers["Authorization"].split()[1], secret=runtime.secret_key, algorithm="HS256"
    )
    assert claims is not None
    expired, _ = security.create_access_token(
        secret=runtime.secret_key,
        algorithm="HS256",
        user_id=user.id,
        session_id=claims.session_id,
        minutes=-1,
    )
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


async def test_refresh_rotates_and_reuse_revokes_the_family(client, session):
    user = await make_user(session)
    signed = await sign_in(client, user)

    first = await client.post("/api/v1/auth/refresh", json={"refresh_token": signed.refresh_token})
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != signed.refresh_token

    # The old token again: someone kept a copy. The whole session is revoked.
    reuse = await client.post("/api/v1/auth/refresh", json={"refresh_token": signed.refresh_token})
    assert reuse.status_code == 401
    after = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": rotated["refresh_token"]}
    )
    assert after.status_code == 401
    me = await client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {rotated['access_token']}"}
    )
    assert me.status_code == 401

    actions = (
        await session.scalars(select(AuditEvent.action).where(AuditEvent.actor_user_id == user.id))
    ).all()
    assert "auth.refresh_reuse" in actions


async def test_logout_ends_access_and_refresh(client, session):
    user = await make_user(session)
    signed = await sign_in(client, user)
    other = await sign_in(client, user)
    assert (await client.post("/api/v1/auth/logout", headers=signed.headers)).status_code == 204
    assert (await client.get("/api/v1/me", headers=signed.headers)).status_code == 401
    refresh = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed.refresh_token}
    )
    assert refresh.status_code == 401
    # Another login session of the same user is unaffected.
    assert (await client.get("/api/v1/me", headers=other.headers)).status_code == 200


async def test_login_failures_are_audited_and_equal_for_unknown_emails(client, session):
    user = await make_user(session)
    wrong = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": "wrong password"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"email": "ghost@example.com", "password": "whatever1"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]
    rows = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "auth.login", AuditEvent.outcome == "failure"
            )
        )
    ).all()
    assert {r.details["reason"] for r in rows} >= {"bad_credentials", "unknown_email"}
    assert all(r.ip for r in rows)


async def test_login_is_throttled_per_email_and_address(client, session):
    user = await make_user(session)
    for _ in range(5):
        response = await client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": "bad guess 1"}
        )
        assert response.status_code == 401
    throttled = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert throttled.status_code == 429
    assert int(throttled.headers["retry-after"]) >= 1
    assert throttled.json()["retry_after"] >= 1
    # Another email from the same address is not affected.
    other = await make_user(session)
    assert (
        await client.post("/api/v1/auth/login", json={"email": other.email, "password": PASSWORD})
    ).status_code == 200


async def test_repeated_failures_lock_the_account(client, runtime, session):
    runtime.settings = runtime.settings.model_copy(
        update={
            "auth": runtime.settings.auth.model_copy(
                update={"lockout_failures": 3, "login_rate_limit": "100/minute"}
            )
        }
    )
    user = await make_user(session)
    for _ in range(3):
        assert (
            await client.post(
                "/api/v1/auth/login", json={"email": user.email, "password": "bad guess 1"}
            )
        ).status_code == 401
    locked = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert locked.json()["type"].endswith("/account-locked")
    assert int(locked.headers["retry-after"]) > 60


async def test_inactive_users_cannot_log_in(client, session):
    user = await make_user(session)
    user.is_active = False
    await session.commit()
    assert (
        await client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    ).status_code == 401


async def test_admin_role_changes_are_audited_and_need_an_admin(client, session):
    admin = await make_user(session, is_admin=True)
    target = await make_user(session)
    plain = await sign_in(client, await make_user(session))
    signed = await sign_in(client, admin)

    forbidden = await client.patch(
        f"/api/v1/admin/users/{target.id}", json={"role": "recruiter"}, headers=plain.headers
    )
    assert forbidden.status_code == 403

    response = await client.patch(
        f"/api/v1/admin/users/{target.id}",
        json={"role": "recruiter", "is_admin": True},
        headers=signed.headers,
    )
    assert response.status_code == 200
    assert response.json()["role"] == AccountRole.recruiter
    event = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "role.change", AuditEvent.target_id == str(target.id)
            )
        )
    ).one()
    assert event.details["role"] == ["seeker", "recruiter"]
    assert event.actor_user_id == admin.id
    assert event.request_id == response.headers["x-request-id"]

    missing = await client.patch(
        f"/api/v1/admin/users/{uuid.uuid4()}", json={"role": "seeker"}, headers=signed.headers
    )
    assert missing.status_code == 404


async def test_deactivating_a_user_ends_their_sessions(client, session):
    admin = await sign_in(client, await make_user(session, is_admin=True))
    target_user = await make_user(session)
    target = await sign_in(client, target_user)
    response = await client.patch(
        f"/api/v1/admin/users/{target_user.id}", json={"is_active": False}, headers=admin.headers
    )
    assert response.status_code == 200
    assert (await client.get("/api/v1/me", headers=target.headers)).status_code == 401

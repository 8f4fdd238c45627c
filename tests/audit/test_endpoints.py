from __future__ import annotations

from sqlalchemy import select

from jobpilot.audit.models import AuditEvent
from jobpilot.audit.service import Actor, record
from tests.factories import make_org, make_user, sign_in


async def test_audit_needs_an_admin_or_org_admin(client, session):
    assert (await client.get("/api/v1/audit")).status_code == 401
    seeker = await sign_in(client, await make_user(session))
    assert (await client.get("/api/v1/audit", headers=seeker.headers)).status_code == 403


async def test_org_admins_see_only_their_orgs(client, session):
    acme_admin = await make_user(session)
    globex_admin = await make_user(session)
    acme = await make_org(session, acme_admin)
    globex = await make_org(session, globex_admin)
    signed = await sign_in(client, acme_admin)

    response = await client.get("/api/v1/audit", headers=signed.headers)
    assert response.status_code == 200
    orgs = {item["org_id"] for item in response.json()["items"]}
    assert orgs == {str(acme.id)}

    foreign = await client.get(
        "/api/v1/audit", params={"org_id": str(globex.id)}, headers=signed.headers
    )
    assert foreign.status_code == 404


async def test_admins_see_everything_newest_first_with_cursor_pages(client, session):
    admin_user = await make_user(session, is_admin=True)
    for n in range(5):
        await record(session, "test.event", actor=Actor(user_id=admin_user.id), details={"n": n})
    await session.commit()
    admin = await sign_in(client, admin_user)

    first = await client.get(
        "/api/v1/audit", params={"action": "test.event", "limit": 2}, headers=admin.headers
    )
    assert first.status_code == 200
    page = first.json()
    assert [i["details"]["n"] for i in page["items"]] == [4, 3]
    second = await client.get(
        "/api/v1/audit",
        params={"action": "test.event", "limit": 2, "cursor": page["next_cursor"]},
        headers=admin.headers,
    )
    assert [i["details"]["n"] for i in second.json()["items"]] == [2, 1]
    third = await client.get(
        "/api/v1/audit",
        params={"action": "test.event", "limit": 2, "cursor": second.json()["next_cursor"]},
        headers=admin.headers,
    )
    assert [i["details"]["n"] for i in third.json()["items"]] == [0]
    assert third.json()["next_cursor"] is None

    bad = await client.get("/api/v1/audit", params={"cursor": "!!!"}, headers=admin.headers)
    assert bad.status_code == 422
    too_big = await client.get("/api/v1/audit", params={"limit": 10_000}, headers=admin.headers)
    assert too_big.status_code == 422


async def test_login_is_audited_with_request_id_and_address(client, session):
    user = await make_user(session)
    response = await client.post(
        "/api/v1/auth/login",
        json={"email": user.email, "password": "correct horse battery"},
        headers={"X-Request-ID": "req-audit-1"},
    )
    assert response.status_code == 200
    event = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "auth.login", AuditEvent.actor_user_id == user.id
            )
        )
    ).one()
    assert event.outcome == "success"
    assert event.request_id == "req-audit-1"
    assert event.ip

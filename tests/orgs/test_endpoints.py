from __future__ import annotations

import uuid

from sqlalchemy import select

from jobpilot.audit.models import AuditEvent
from jobpilot.orgs.models import OrgRole
from tests.factories import add_member, make_org, make_user, sign_in


async def test_create_org_makes_the_creator_org_admin(client, session):
    owner = await sign_in(client, await make_user(session))
    response = await client.post(
        "/api/v1/orgs", json={"name": "Acme Hiring"}, headers=owner.headers
    )
    assert response.status_code == 201, response.text
    org = response.json()
    assert org["slug"] == "acme-hiring"
    assert org["role"] == "org_admin"
    mine = await client.get("/api/v1/orgs", headers=owner.headers)
    assert [o["id"] for o in mine.json()] == [org["id"]]
    me = await client.get("/api/v1/me", headers=owner.headers)
    assert me.json()["memberships"][0]["role"] == "org_admin"


async def test_explicit_slug_conflicts_are_409(client, session):
    owner = await sign_in(client, await make_user(session))
    first = await client.post(
        "/api/v1/orgs", json={"name": "A", "slug": "acme"}, headers=owner.headers
    )
    assert first.status_code == 201
    again = await client.post(
        "/api/v1/orgs", json={"name": "B", "slug": "acme"}, headers=owner.headers
    )
    assert again.status_code == 409
    bad = await client.post(
        "/api/v1/orgs", json={"name": "C", "slug": "Not A Slug!"}, headers=owner.headers
    )
    assert bad.status_code == 422


async def test_other_tenants_see_nothing(client, session):
    acme_admin = await make_user(session)
    acme = await make_org(session, acme_admin)
    outsider = await sign_in(client, await make_user(session))
    for path in (f"/api/v1/orgs/{acme.id}", f"/api/v1/orgs/{acme.id}/members"):
        response = await client.get(path, headers=outsider.headers)
        assert response.status_code == 404, path
    add = await client.post(
        f"/api/v1/orgs/{acme.id}/members",
        json={"email": outsider.user.email},
        headers=outsider.headers,
    )
    assert add.status_code == 404
    # unknown org and foreign org look the same
    unknown = await client.get(f"/api/v1/orgs/{uuid.uuid4()}", headers=outsider.headers)
    assert (
        unknown.json()["detail"]
        == (await client.get(f"/api/v1/orgs/{acme.id}", headers=outsider.headers)).json()["detail"]
    )


async def test_roles_inside_an_org(client, session):
    admin_user = await make_user(session)
    org = await make_org(session, admin_user)
    recruiter_user = await make_user(session)
    seeker_user = await make_user(session)
    await add_member(session, org, recruiter_user, OrgRole.recruiter)
    await add_member(session, org, seeker_user, OrgRole.seeker)
    recruiter = await sign_in(client, recruiter_user)
    seeker = await sign_in(client, seeker_user)
    admin = await sign_in(client, admin_user)

    assert (await client.get(f"/api/v1/orgs/{org.id}", headers=seeker.headers)).status_code == 200
    assert (
        await client.get(f"/api/v1/orgs/{org.id}/members", headers=seeker.headers)
    ).status_code == 403
    members = await client.get(f"/api/v1/orgs/{org.id}/members", headers=recruiter.headers)
    assert members.status_code == 200
    assert len(members.json()) == 3

    newcomer = await make_user(session)
    denied = await client.post(
        f"/api/v1/orgs/{org.id}/members", json={"email": newcomer.email}, headers=recruiter.headers
    )
    assert denied.status_code == 403
    added = await client.post(
        f"/api/v1/orgs/{org.id}/members",
        json={"email": newcomer.email, "role": "recruiter"},
        headers=admin.headers,
    )
    assert added.status_code == 201
    twice = await client.post(
        f"/api/v1/orgs/{org.id}/members", json={"email": newcomer.email}, headers=admin.headers
    )
    assert twice.status_code == 409
    nobody = await client.post(
        f"/api/v1/orgs/{org.id}/members",
        json={"email": "nobody@example.com"},
        headers=admin.headers,
    )
    assert nobody.status_code == 422


async def test_role_changes_are_audited_and_the_last_admin_stays(client, session):
    admin_user = await make_user(session)
    org = await make_org(session, admin_user)
    member = await make_user(session)
    await add_member(session, org, member, OrgRole.recruiter)
    admin = await sign_in(client, admin_user)

    promoted = await client.patch(
        f"/api/v1/orgs/{org.id}/members/{member.id}",
        json={"role": "org_admin"},
        headers=admin.headers,
    )
    assert promoted.status_code == 200
    event = (
        await session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "role.change", AuditEvent.org_id == org.id
            )
        )
    ).one()
    assert event.details == {"from": "recruiter", "to": "org_admin"}

    # Two admins now: one may step down, but not the last one.
    down = await client.patch(
        f"/api/v1/orgs/{org.id}/members/{admin_user.id}",
        json={"role": "recruiter"},
        headers=admin.headers,
    )
    assert down.status_code == 200
    other = await sign_in(client, member)
    last = await client.delete(f"/api/v1/orgs/{org.id}/members/{member.id}", headers=other.headers)
    assert last.status_code == 409
    removed = await client.delete(
        f"/api/v1/orgs/{org.id}/members/{admin_user.id}", headers=other.headers
    )
    assert removed.status_code == 204
    missing = await client.delete(
        f"/api/v1/orgs/{org.id}/members/{uuid.uuid4()}", headers=other.headers
    )
    assert missing.status_code == 404


async def test_global_admins_can_act_in_any_org(client, session):
    org = await make_org(session, await make_user(session))
    admin = await sign_in(client, await make_user(session, is_admin=True))
    assert (
        await client.get(f"/api/v1/orgs/{org.id}/members", headers=admin.headers)
    ).status_code == 200

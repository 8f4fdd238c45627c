"""Small typed builders for test data."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit.service import Actor
from jobpilot.auth import service as auth_service
from jobpilot.auth.models import AccountRole, User
from jobpilot.core.settings import AuthSettings
from jobpilot.orgs import service as orgs_service
from jobpilot.orgs.models import Organisation, OrgRole

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


@dataclass
class SignedIn:
    user: User
    headers: dict[str, str]
    refresh_token: str


async def make_user(
    session: AsyncSession,
    *,
    email: str | None = None,
    role: AccountRole = AccountRole.seeker,
    is_admin: bool = False,
    password: str = PASSWORD,
) -> User:
    user = await auth_service.register(
        session,
        email=email or f"user{next(_counter)}@example.com",
        password=password,
        full_name="Test Person",
        role=role,
        settings=AuthSettings(),
        is_admin=is_admin,
    )
    await session.commit()
    return user


async def make_org(session: AsyncSession, owner: User, *, name: str | None = None) -> Organisation:
    org = await orgs_service.create_org(
        session,
        name=name or f"Org {next(_counter)}",
        slug=None,
        owner=owner,
        actor=Actor(user_id=owner.id),
    )
    await session.commit()
    return org


async def add_member(session: AsyncSession, org: Organisation, user: User, role: OrgRole) -> None:
    await orgs_service.ensure_membership(session, org=org, user=user, role=role)
    await session.commit()


async def sign_in(client: httpx.AsyncClient, user: User, password: str = PASSWORD) -> SignedIn:
    response = await client.post(
        "/api/v1/auth/login", json={"email": user.email, "password": password}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    return SignedIn(
        user=user,
        headers={"Authorization": f"Bearer {body['access_token']}"},
        refresh_token=body["refresh_token"],
    )

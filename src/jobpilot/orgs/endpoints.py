from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import Response

from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import SessionDep, client_ip
from jobpilot.orgs import service
from jobpilot.orgs.models import OrgRole
from jobpilot.orgs.schemas import MemberIn, MemberOut, MemberPatch, OrgIn, OrgOut, OrgWithRole

router = APIRouter(prefix="/api/v1/orgs", tags=["organisations"])

OrgReader = Annotated[Principal, Depends(requires("orgs:read"))]
OrgWriter = Annotated[Principal, Depends(requires("orgs:write"))]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=OrgWithRole)
async def create_org(
    body: OrgIn, principal: OrgWriter, session: SessionDep, request: Request
) -> OrgWithRole:
    """Create an organisation; you become its org admin (signed-in users)."""
    org = await service.create_org(
        session,
        name=body.name,
        slug=body.slug,
        owner=principal.user,
        actor=principal.actor(client_ip(request)),
    )
    return OrgWithRole(**OrgOut.model_validate(org).model_dump(), role=OrgRole.org_admin)


@router.get("", response_model=list[OrgWithRole])
async def list_my_orgs(principal: OrgReader, session: SessionDep) -> list[OrgWithRole]:
    """Organisations you belong to, with your role (signed-in users)."""
    return [
        OrgWithRole(**OrgOut.model_validate(org).model_dump(), role=role)
        for org, role in await service.orgs_of_user(session, principal.user.id)
    ]


@router.get("/{org_id}", response_model=OrgWithRole)
async def get_org(org_id: uuid.UUID, principal: OrgReader, session: SessionDep) -> OrgWithRole:
    """One organisation (its members; 404 for everyone else)."""
    org, role = await service.require_role(
        session, org_id=org_id, user=principal.user, at_least=OrgRole.seeker
    )
    return OrgWithRole(**OrgOut.model_validate(org).model_dump(), role=role)


@router.get("/{org_id}/members", response_model=list[MemberOut])
async def list_members(
    org_id: uuid.UUID, principal: OrgReader, session: SessionDep
) -> list[MemberOut]:
    """Members of an organisation (its recruiters and org admins)."""
    await service.require_role(
        session, org_id=org_id, user=principal.user, at_least=OrgRole.recruiter
    )
    return await service.list_members(session, org_id)


@router.post("/{org_id}/members", status_code=status.HTTP_201_CREATED, response_model=MemberOut)
async def add_member(
    org_id: uuid.UUID, body: MemberIn, principal: OrgWriter, session: SessionDep, request: Request
) -> MemberOut:
    """Add a registered user to the organisation (org admins)."""
    await service.require_role(
        session, org_id=org_id, user=principal.user, at_least=OrgRole.org_admin
    )
    return await service.add_member(
        session,
        org_id=org_id,
        email=body.email,
        role=body.role,
        actor=principal.actor(client_ip(request)),
    )


@router.patch("/{org_id}/members/{user_id}", response_model=MemberOut)
async def change_member_role(
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    body: MemberPatch,
    principal: OrgWriter,
    session: SessionDep,
    request: Request,
) -> MemberOut:
    """Change a member's role (org admins). The last org admin cannot be demoted."""
    await service.require_role(
        session, org_id=org_id, user=principal.user, at_least=OrgRole.org_admin
    )
    return await service.change_member_role(
        session,
        org_id=org_id,
        user_id=user_id,
        role=body.role,
        actor=principal.actor(client_ip(request)),
    )


@router.delete("/{org_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_member(
    org_id: uuid.UUID,
    user_id: uuid.UUID,
    principal: OrgWriter,
    session: SessionDep,
    request: Request,
) -> Response:
    """Remove a member (org admins). The last org admin cannot be removed."""
    await service.require_role(
        session, org_id=org_id, user=principal.user, at_least=OrgRole.org_admin
    )
    await service.remove_member(
        session, org_id=org_id, user_id=user_id, actor=principal.actor(client_ip(request))
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)

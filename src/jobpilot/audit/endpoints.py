from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from jobpilot.audit import service
from jobpilot.audit.schemas import AuditEventOut
from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import SessionDep
from jobpilot.core.errors import Forbidden, InvalidInput
from jobpilot.core.pagination import Page, PageDep, encode_cursor
from jobpilot.orgs import service as orgs_service
from jobpilot.orgs.models import OrgRole

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEventOut])
async def list_audit_events(
    principal: Annotated[Principal, Depends(requires("audit:read"))],
    session: SessionDep,
    page: PageDep,
    org_id: Annotated[
        uuid.UUID | None, Query(description="Only this organisation's events")
    ] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[AuditEventOut]:
    """The audit log, newest first: everything for administrators; an org admin sees only
    the events of organisations they administer."""
    org_ids: list[uuid.UUID] | None
    if principal.user.is_admin:
        org_ids = [org_id] if org_id else None
    elif org_id is not None:
        await orgs_service.require_role(
            session, org_id=org_id, user=principal.user, at_least=OrgRole.org_admin
        )
        org_ids = [org_id]
    else:
        org_ids = await orgs_service.admin_org_ids(session, principal.user.id)
        if not org_ids:
            raise Forbidden("the audit log is for administrators and org admins")
    before_id = None
    if page.cursor is not None:
        if len(page.cursor) != 1 or not isinstance(page.cursor[0], int):
            raise InvalidInput("cursor is not valid")
        before_id = page.cursor[0]
    events = await service.list_events(
        session, org_ids=org_ids, action=action, before_id=before_id, limit=page.limit + 1
    )
    next_cursor = encode_cursor([events[page.limit - 1].id]) if len(events) > page.limit else None
    return Page[AuditEventOut](
        items=[AuditEventOut.model_validate(e) for e in events[: page.limit]],
        next_cursor=next_cursor,
    )

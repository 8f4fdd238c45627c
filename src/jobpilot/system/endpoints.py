from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from jobpilot import __version__
from jobpilot.auth.dependencies import AdminPrincipal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.core.observability import DB_POOL_CHECKED_OUT
from jobpilot.system import service
from jobpilot.system.schemas import Liveness, QueueCheckOut, Readiness

router = APIRouter(tags=["operations"])


@router.get("/health", response_model=Liveness)
async def health() -> Liveness:
    """Liveness: the process answers (anyone)."""
    return Liveness(status="alive", version=__version__)


@router.get(
    "/health/ready",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A check is failing"}},
)
async def ready(runtime: RuntimeDep) -> JSONResponse:
    """Readiness: database, migrations, cache, rate limits and worker heartbeat (anyone)."""
    result = await service.readiness(runtime)
    code = status.HTTP_200_OK if result.status == "ready" else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(result.model_dump(mode="json"), status_code=code)


@router.get("/metrics", response_class=Response, include_in_schema=True)
async def metrics(runtime: RuntimeDep) -> Response:
    """Prometheus metrics (anyone who can reach the port; restrict it at the network edge)."""
    pool = runtime.engine.sync_engine.pool
    checked_out = getattr(pool, "checkedout", None)
    if callable(checked_out):
        DB_POOL_CHECKED_OUT.set(checked_out())
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


@router.post(
    "/api/v1/admin/queue-checks",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=QueueCheckOut,
    tags=["admin"],
)
async def create_queue_check(
    principal: AdminPrincipal, session: SessionDep, runtime: RuntimeDep
) -> QueueCheckOut:
    """Defer a no-op job through the queue; poll it to see a worker pick it up (administrators)."""
    check = await service.request_queue_check(session, runtime, requested_by=principal.user.id)
    return QueueCheckOut.model_validate(check)


@router.get("/api/v1/admin/queue-checks/{check_id}", response_model=QueueCheckOut, tags=["admin"])
async def get_queue_check(
    check_id: uuid.UUID, principal: AdminPrincipal, session: SessionDep
) -> QueueCheckOut:
    """A queue check and whether (and by whom) it ran (administrators)."""
    return QueueCheckOut.model_validate(await service.get_queue_check(session, check_id))

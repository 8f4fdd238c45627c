"""Mounts every domain's router."""

from __future__ import annotations

from fastapi import FastAPI

from jobpilot.agents.endpoints import router as copilot_router
from jobpilot.audit.endpoints import router as audit_router
from jobpilot.auth.endpoints import router as auth_router
from jobpilot.jobs.endpoints import router as jobs_router
from jobpilot.matching.candidate_endpoints import router as candidates_router
from jobpilot.matching.endpoints import router as matching_router
from jobpilot.matching.experiment_endpoints import router as experiments_router
from jobpilot.orgs.endpoints import router as orgs_router
from jobpilot.profiles.endpoints import router as profiles_router
from jobpilot.system.endpoints import router as system_router
from jobpilot.taxonomy.endpoints import router as taxonomy_router


def mount_routers(app: FastAPI) -> None:
    app.include_router(system_router)
    app.include_router(auth_router)
    app.include_router(orgs_router)
    app.include_router(audit_router)
    app.include_router(taxonomy_router)
    app.include_router(jobs_router)
    app.include_router(profiles_router)
    app.include_router(matching_router)
    app.include_router(candidates_router)
    app.include_router(experiments_router)
    app.include_router(copilot_router)

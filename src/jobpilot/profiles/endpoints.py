"""REST endpoints of the candidate's own profile, resumes and preferences (owner only)."""

from __future__ import annotations

import re
import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status

from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.core.errors import PayloadTooLarge
from jobpilot.profiles import service
from jobpilot.profiles.models import CandidateProfile, Resume, ResumeVersion
from jobpilot.profiles.resume import DerivedFacts, ParsedResume
from jobpilot.profiles.schemas import (
    Preferences,
    ProfileOut,
    ProfilePatch,
    ResumeDetailOut,
    ResumeImportOut,
    ResumeOut,
    ResumeVersionOut,
)

router = APIRouter(prefix="/api/v1/me", tags=["profiles"])
Reader = Annotated[Principal, Depends(requires("profiles:read"))]
Writer = Annotated[Principal, Depends(requires("profiles:write"))]


def profile_out(profile: CandidateProfile) -> ProfileOut:
    overrides = profile.overrides or {}
    return ProfileOut(
        user_id=profile.user_id,
        master_resume_id=profile.master_resume_id,
        resume=service.effective_resume(profile),
        facts=service.profile_facts(profile),
        overridden=sorted(k for k in overrides if k in service.EDITABLE_FIELDS),
        excluded_skills=list(overrides.get("excluded_skills", [])),
        preferences=service.preferences_of(profile),
        embedder=profile.embedder,
        updated_at=profile.updated_at,
    )


def resume_out(resume: Resume, master_id: uuid.UUID | None) -> ResumeOut:
    return ResumeOut(
        id=resume.id,
        name=resume.name,
        kind=resume.kind,
        is_master=resume.id == master_id,
        parent_id=resume.parent_id,
        current_version=resume.current_version,
        created_at=resume.created_at,
        updated_at=resume.updated_at,
    )


def version_out(version: ResumeVersion) -> ResumeVersionOut:
    return ResumeVersionOut.model_validate(version, from_attributes=True)


@router.post("/resumes", response_model=ResumeImportOut, status_code=status.HTTP_201_CREATED)
async def upload_resume(
    principal: Writer,
    runtime: RuntimeDep,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="PDF, DOCX, text, Markdown or JSON Resume")],
    name: Annotated[str | None, Form(max_length=200)] = None,
    resume_id: Annotated[
        uuid.UUID | None, Form(description="Add a version to this resume (default: the master)")
    ] = None,
    new_resume: Annotated[
        bool, Form(description="Start another resume beside the master instead")
    ] = False,
) -> ResumeImportOut:
    """Upload a resume and get it parsed. Without `resume_id` it becomes the next version of
    the master resume, from which the profile is built; hand edits to the profile survive.
    With `new_resume` it starts a separate resume (promote it with `POST …/master`).
    Refused files (wrong type, encrypted, no text layer, corrupt, too large, invalid JSON
    Resume) get a 4xx and nothing is stored. Signed-in candidates, for themselves."""
    limit = runtime.settings.profiles.max_upload_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise PayloadTooLarge(f"resumes may be at most {limit} bytes")
    imported = await service.import_resume(
        runtime,
        session,
        user_id=principal.user.id,
        content=content,
        filename=file.filename,
        content_type=file.content_type,
        resume_id=resume_id,
        name=name,
        new_resume=new_resume,
    )
    master_id = imported.resume.id if imported.is_master else None
    return ResumeImportOut(
        resume=resume_out(imported.resume, master_id),
        version=version_out(imported.version),
        parsed=imported.read.parsed,
        facts=imported.read.facts,
        profile=profile_out(imported.profile) if imported.profile is not None else None,
    )


@router.get("/resumes", response_model=list[ResumeOut])
async def list_resumes(principal: Reader, session: SessionDep) -> list[ResumeOut]:
    """The caller's resumes, oldest first."""
    profile = await service.get_profile(session, principal.user.id)
    return [
        resume_out(r, profile.master_resume_id)
        for r in await service.list_resumes(session, principal.user.id)
    ]


@router.get("/resumes/{resume_id}", response_model=ResumeDetailOut)
async def get_resume(
    resume_id: uuid.UUID, principal: Reader, session: SessionDep
) -> ResumeDetailOut:
    """One of the caller's resumes: its versions (newest first) and the current parse."""
    resume, versions = await service.get_resume(session, principal.user.id, resume_id)
    profile = await service.get_profile(session, principal.user.id)
    current = next((v for v in versions if v.version == resume.current_version), None)
    return ResumeDetailOut(
        **resume_out(resume, profile.master_resume_id).model_dump(),
        versions=[version_out(v) for v in versions],
        parsed=ParsedResume.model_validate(current.parsed if current else {}),
        facts=DerivedFacts.model_validate(current.derived if current else {}),
    )


_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._ -]+")


@router.get(
    "/resumes/{resume_id}/file",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_resume(
    resume_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """The original file of a resume version (the current one by default), for its owner."""
    found = await service.get_resume_file(session, principal.user.id, resume_id, version)
    filename = found.filename or f"resume-v{found.version}.{found.format}"
    ascii_name = _UNSAFE_FILENAME.sub("_", filename).strip() or "resume"
    return Response(
        content=found.content,
        media_type=found.content_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


@router.post("/resumes/{resume_id}/master", response_model=ProfileOut)
async def make_master(
    resume_id: uuid.UUID, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> ProfileOut:
    """Build the caller's profile from this resume from now on; hand edits stay."""
    return profile_out(await service.make_master(runtime, session, principal.user.id, resume_id))


@router.delete("/resumes/{resume_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_resume(
    resume_id: uuid.UUID, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> Response:
    """Delete one of the caller's resumes with all its versions."""
    await service.delete_resume(runtime, session, principal.user.id, resume_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/profile", response_model=ProfileOut)
async def get_profile(principal: Reader, session: SessionDep) -> ProfileOut:
    """The caller's profile: the master resume with hand edits, derived facts, preferences."""
    return profile_out(await service.get_profile(session, principal.user.id))


@router.patch("/profile", response_model=ProfileOut)
async def patch_profile(
    patch: ProfilePatch, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> ProfileOut:
    """Edit profile fields by hand; an edited field wins over the parser from then on, also
    after re-imports, until it is listed in `reset`."""
    return profile_out(await service.update_profile(runtime, session, principal.user.id, patch))


@router.get("/preferences", response_model=Preferences)
async def get_preferences(principal: Reader, session: SessionDep) -> Preferences:
    """The caller's job-search preferences."""
    return service.preferences_of(await service.get_profile(session, principal.user.id))


@router.put("/preferences", response_model=Preferences)
async def put_preferences(
    preferences: Preferences, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> Preferences:
    """Replace the caller's preferences. Recruiters can find the profile only when
    `discoverable` is true (it is off by default)."""
    return await service.put_preferences(runtime, session, principal.user.id, preferences)

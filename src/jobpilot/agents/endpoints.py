"""REST endpoints of the copilot: a job's brief, and runs with their steps, review and files."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Response, status

from jobpilot.agents import service
from jobpilot.agents.documents import LetterOptions, TailorOptions
from jobpilot.agents.guard import Confirmation
from jobpilot.agents.models import CopilotStep
from jobpilot.agents.providers.base import Usage
from jobpilot.agents.schemas import (
    BriefOut,
    ClaimsOut,
    RerunIn,
    ReviewIn,
    RunIn,
    RunOut,
    StepOut,
    UsageOut,
)
from jobpilot.auth.dependencies import requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep

router = APIRouter(tags=["copilot"])
Reader = Annotated[Principal, Depends(requires("copilot:read"))]
Writer = Annotated[Principal, Depends(requires("copilot:write"))]


def usage_out(usage: Usage) -> UsageOut:
    return UsageOut(
        calls=usage.calls,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cost_usd=round(usage.cost_usd, 6),
    )


def _step_out(step: CopilotStep) -> StepOut:
    return StepOut(
        name=step.name,
        status=step.status,
        options=step.options or {},
        attempts=step.attempts,
        error=step.error,
        queued_at=step.queued_at,
        started_at=step.started_at,
        finished_at=step.finished_at,
        duration_ms=step.duration_ms,
        usage=usage_out(Usage(step.calls, step.input_tokens, step.output_tokens, step.cost_usd)),
        output=step.output,
    )


def run_out(view: service.RunView) -> RunOut:
    run = view.run
    resume_claims = view.claims("resume")
    letter_claims = view.claims("letter")
    blocking = [
        claim
        for report in (resume_claims, letter_claims)
        if report is not None
        for claim in report.blocking
    ]
    return RunOut(
        id=run.id,
        job_id=run.job_id,
        resume_id=run.resume_id,
        resume_version=run.resume_version,
        status=run.status,
        provider=run.provider,
        model=run.model,
        options=run.options,
        error=run.error,
        review_note=run.review_note,
        created_at=run.created_at,
        approved_at=run.approved_at,
        finished_at=run.finished_at,
        steps=[_step_out(step) for step in view.steps],
        claims=ClaimsOut(
            resume=resume_claims.claims if resume_claims else None,
            letter=letter_claims.claims if letter_claims else None,
            blocking=blocking,
        ),
        usage=usage_out(view.usage),
    )


@router.post("/api/v1/jobs/{job_id}/brief", response_model=BriefOut)
async def job_brief(
    job_id: uuid.UUID, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> BriefOut:
    """Analyse a job into a brief: responsibilities, must-have and nice-to-have skills,
    seniority, salary, location, red flags and questions to ask."""
    made = await service.brief(runtime, session, user_id=principal.user.id, job_id=job_id)
    return BriefOut(
        job_id=job_id,
        provider=made.provider,
        model=made.model,
        brief=made.value,
        usage=usage_out(made.usage),
    )


@router.post("/api/v1/copilot/runs", status_code=status.HTTP_202_ACCEPTED, response_model=RunOut)
async def create_run(
    body: RunIn, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> RunOut:
    """Start preparing an application: the steps run in the background; poll the run."""
    run = await service.start_run(
        runtime,
        session,
        user_id=principal.user.id,
        job_id=body.job_id,
        resume_id=body.resume_id,
        options=service.RunOptions(
            tailor=TailorOptions(intensity=body.intensity),
            letter=LetterOptions(tone=body.tone, length=body.length, language=body.language),
        ),
    )
    return run_out(await service.get_run(session, user_id=principal.user.id, run_id=run.id))


@router.get("/api/v1/copilot/runs", response_model=list[RunOut])
async def list_runs(principal: Reader, session: SessionDep) -> list[RunOut]:
    """The user's runs, newest first (at most 100)."""
    runs = await service.list_runs(session, user_id=principal.user.id)
    return [
        run_out(await service.get_run(session, user_id=principal.user.id, run_id=run.id))
        for run in runs
    ]


@router.get("/api/v1/copilot/runs/{run_id}", response_model=RunOut)
async def get_run(run_id: uuid.UUID, principal: Reader, session: SessionDep) -> RunOut:
    """A run: its steps with status, timings, usage and output, and the claims report."""
    return run_out(await service.get_run(session, user_id=principal.user.id, run_id=run_id))


@router.post("/api/v1/copilot/runs/{run_id}/review", response_model=RunOut)
async def review_run(
    run_id: uuid.UUID,
    body: ReviewIn,
    principal: Writer,
    runtime: RuntimeDep,
    session: SessionDep,
) -> RunOut:
    """Edit the documents, confirm claims with evidence, and approve (422 while any claim is
    neither traced to the resume nor confirmed)."""
    view = await service.review(
        runtime,
        session,
        user_id=principal.user.id,
        run_id=run_id,
        given=service.ReviewInput(
            approve=body.approve,
            resume=body.resume,
            letter=body.letter,
            confirmations=[Confirmation(c.kind, c.value, c.evidence) for c in body.confirmations],
            note=body.note,
        ),
    )
    return run_out(view)


@router.post(
    "/api/v1/copilot/runs/{run_id}/steps/{step}/rerun",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunOut,
)
async def rerun_step(
    run_id: uuid.UUID,
    step: Literal["analyse", "match", "tailor", "letter"],
    principal: Writer,
    runtime: RuntimeDep,
    session: SessionDep,
    body: RerunIn | None = None,
) -> RunOut:
    """Run a step again, with changed options if given, and every step after it."""
    view = await service.get_run(session, user_id=principal.user.id, run_id=run_id)
    tailor = letter = None
    if body is not None and body.intensity is not None:
        tailor = TailorOptions(intensity=body.intensity)
    if body is not None and (body.tone or body.length or body.language):
        current = LetterOptions.model_validate(view.step("letter").options)
        letter = LetterOptions(
            tone=body.tone or current.tone,
            length=body.length or current.length,
            language=body.language or current.language,
        )
    rerun = await service.rerun_step(
        runtime,
        session,
        user_id=principal.user.id,
        run_id=run_id,
        name=step,
        tailor=tailor,
        letter=letter,
    )
    return run_out(rerun)


@router.get("/api/v1/copilot/runs/{run_id}/artifacts/{document}.{fmt}")
async def download_artifact(
    run_id: uuid.UUID,
    document: Literal["resume", "letter"],
    fmt: Literal["md", "docx", "pdf"],
    principal: Reader,
    session: SessionDep,
) -> Response:
    """The tailored resume or the letter as Markdown, DOCX or PDF (422 listing the claims
    while any is neither traced nor confirmed)."""
    made = await service.artifact(
        session, user_id=principal.user.id, run_id=run_id, document=document, fmt=fmt
    )
    return Response(
        content=made.content,
        media_type=made.media_type,
        headers={"Content-Disposition": f'attachment; filename="{made.filename}"'},
    )

"""The copilot: a job brief on demand, and runs that prepare one application step by step.

A run is analyse → match → tailor → letter → review → ready. The first four are Procrastinate
tasks; each executes in three parts: claim the step (its own transaction), compute (a read-only
session and the provider call, outside any transaction), then commit the output together with
the queueing of the next step. The commit re-checks that the step is still unfinished and of the
same generation, so an execution that a crash or a re-run made redundant writes nothing: a step's
output is committed and its successor queued exactly once per generation. A worker killed
mid-step leaves the job "doing"; the stalled-job sweep (``system.retry_stalled``) queues it again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import structlog
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.agents import repository
from jobpilot.agents.documents import (
    AgentInputs,
    ClaimsReport,
    CoverLetter,
    JobBrief,
    JobView,
    LetterOptions,
    MatchView,
    TailoredResume,
    TailorOptions,
)
from jobpilot.agents.exports import MEDIA_TYPES, ExportFormat, render_letter, render_resume
from jobpilot.agents.guard import Confirmation, check_letter, check_resume
from jobpilot.agents.models import CopilotRun, CopilotStep
from jobpilot.agents.providers.base import (
    AgentTask,
    Generation,
    Out,
    Provider,
    ProviderError,
    Usage,
)
from jobpilot.agents.views import find_skills_with, job_text, job_view, match_view, terms_by_skill
from jobpilot.core.db import unit_of_work, utcnow
from jobpilot.core.errors import Conflict, InvalidInput, NotFound, UpstreamUnavailable
from jobpilot.core.queue import defer_in_transaction
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import LLMSettings
from jobpilot.jobs import service as jobs
from jobpilot.jobs.models import Job
from jobpilot.matching import service as matching
from jobpilot.orgs import service as orgs
from jobpilot.profiles import service as profiles
from jobpilot.profiles.resume import DerivedFacts, ParsedResume, ProfileSkill
from jobpilot.taxonomy import service as taxonomy
from jobpilot.worker import app

log = structlog.get_logger(__name__)

StepName = Literal["analyse", "match", "tailor", "letter", "review", "ready"]
STEPS: tuple[StepName, ...] = ("analyse", "match", "tailor", "letter", "review", "ready")
AUTOMATIC: tuple[StepName, ...] = ("analyse", "match", "tailor", "letter")
STEP_TASK = "copilot.run_step"
COPILOT_QUEUE = "copilot"
PROVIDER_KEY = "agents:provider"
Document = Literal["resume", "letter"]


def make_provider(settings: LLMSettings) -> Provider:
    """The model provider the settings choose (the SDKs load only when chosen)."""
    if settings.provider == "openai":
        from jobpilot.agents.providers.openai import OpenAIProvider

        return OpenAIProvider(settings)
    if settings.provider == "anthropic":
        from jobpilot.agents.providers.anthropic import AnthropicProvider

        return AnthropicProvider(settings)
    from jobpilot.agents.providers.offline import OfflineProvider

    return OfflineProvider()


def provider_of(runtime: Runtime) -> Provider:
    """The process's provider, built once (its circuit breaker lives in it)."""
    provider = runtime.extras.get(PROVIDER_KEY)
    if provider is None:
        provider = make_provider(runtime.settings.llm)
        runtime.extras[PROVIDER_KEY] = provider
    chosen: Provider = provider
    return chosen


@dataclass(frozen=True, slots=True)
class RunOptions:
    tailor: TailorOptions
    letter: LetterOptions


# -- inputs ------------------------------------------------------------------------------


async def visible_job(session: AsyncSession, user_id: uuid.UUID, job_id: uuid.UUID) -> Job:
    """A job of the shared catalogue or of one of the user's organisations (404 otherwise)."""
    job = (await jobs.jobs_by_ids(session, [job_id])).get(job_id)
    if job is None:
        raise NotFound("job not found")
    if job.org_id is not None:
        org_ids = {org.id for org, _ in await orgs.orgs_of_user(session, user_id)}
        if job.org_id not in org_ids:
            raise NotFound("job not found")
    return job


async def _job_view(runtime: Runtime, session: AsyncSession, job: Job) -> JobView:
    index = await taxonomy.get_index(runtime, session)
    find = find_skills_with(index, runtime.settings.profiles.taxonomy)
    detail = await jobs.get_job(session, job.id)
    return job_view(
        job, terms=terms_by_skill(find(job_text(job))), source_count=len(detail.postings)
    )


async def _resume_of(
    session: AsyncSession, run: CopilotRun
) -> tuple[ParsedResume, list[ProfileSkill]]:
    """The resume a run tailors: the master with the candidate's hand edits, or the chosen
    resume's version as parsed."""
    profile = await profiles.get_or_create_profile(session, run.user_id)
    if profile.master_resume_id == run.resume_id:
        return profiles.effective_resume(profile), profiles.profile_facts(profile).skills
    _, versions = await profiles.get_resume(session, run.user_id, run.resume_id)
    version = next((v for v in versions if v.version == run.resume_version), None)
    if version is None:
        raise NotFound("the run's resume version no longer exists")
    parsed = ParsedResume.model_validate(version.parsed)
    return parsed, DerivedFacts.model_validate(version.derived or {}).skills


def resume_text(resume: ParsedResume) -> str:
    """Every word of a parsed resume, for finding the words it uses per skill."""
    parts = [resume.headline or "", resume.summary or "", ", ".join(resume.skills)]
    for entry in resume.experience:
        parts.extend([entry.title or "", entry.description or "", *entry.bullets])
    for project in resume.projects:
        parts.extend([project.name, project.description or "", *project.bullets])
    parts.extend(section.text for section in resume.sections)
    return "\n".join(part for part in parts if part)


async def _inputs(
    runtime: Runtime, session: AsyncSession, run: CopilotRun, steps: dict[str, CopilotStep]
) -> AgentInputs:
    job = await visible_job(session, run.user_id, run.job_id)
    resume, skills = await _resume_of(session, run)
    match_output = steps["match"].output or {}
    tailored_output = steps["tailor"].output or {}
    return AgentInputs(
        job=await _job_view(runtime, session, job),
        resume=resume,
        skills=skills,
        match=MatchView.model_validate(match_output["match"]) if "match" in match_output else None,
        tailor=TailorOptions.model_validate(steps["tailor"].options),
        letter=LetterOptions.model_validate(steps["letter"].options),
        tailored=(
            TailoredResume.model_validate(tailored_output["resume"])
            if "resume" in tailored_output
            else None
        ),
        now=utcnow(),
    )


# -- brief -------------------------------------------------------------------------------


async def _generate(provider: Provider, task: AgentTask[Out]) -> Generation[Out]:
    try:
        return await provider.generate(task)
    except ProviderError as exc:
        raise UpstreamUnavailable(f"the {provider.name} provider failed: {exc}") from exc


async def brief(
    runtime: Runtime, session: AsyncSession, *, user_id: uuid.UUID, job_id: uuid.UUID
) -> Generation[JobBrief]:
    """The job analysed into a brief by the configured provider."""
    job = await visible_job(session, user_id, job_id)
    inputs = AgentInputs(
        job=await _job_view(runtime, session, job), resume=ParsedResume(), now=utcnow()
    )
    return await _generate(provider_of(runtime), AgentTask("brief", JobBrief, inputs))


# -- runs --------------------------------------------------------------------------------


async def start_run(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    resume_id: uuid.UUID | None,
    options: RunOptions,
) -> CopilotRun:
    """Create a run with its steps and queue the first, in the caller's transaction."""
    await visible_job(session, user_id, job_id)
    if resume_id is None:
        profile = await profiles.get_or_create_profile(session, user_id)
        if profile.master_resume_id is None:
            raise InvalidInput("upload a resume first: the copilot tailors your master resume")
        resume_id = profile.master_resume_id
    resume, _ = await profiles.get_resume(session, user_id, resume_id)
    provider = provider_of(runtime)
    run = CopilotRun(
        user_id=user_id,
        job_id=job_id,
        resume_id=resume.id,
        resume_version=resume.current_version,
        status="running",
        options={
            "tailor": options.tailor.model_dump(),
            "letter": options.letter.model_dump(),
        },
        provider=provider.name,
        model=provider.model,
        confirmations=[],
    )
    await repository.add_run(session, run)
    step_options: dict[str, dict[str, Any]] = {
        "tailor": options.tailor.model_dump(),
        "letter": options.letter.model_dump(),
    }
    steps = [
        CopilotStep(
            run_id=run.id,
            name=name,
            position=position,
            status="pending",
            options=step_options.get(name, {}),
            generation=0,
            attempts=0,
            executions=0,
            calls=0,
            input_tokens=0,
            output_tokens=0,
            cost_usd=0.0,
        )
        for position, name in enumerate(STEPS)
    ]
    await repository.add_steps(session, steps)
    await _queue(session, run, steps[0])
    return run


async def _queue(session: AsyncSession, run: CopilotRun, step: CopilotStep) -> None:
    step.status = "queued"
    step.queued_at = utcnow()
    step.error = None
    step.queued_job_id = await defer_in_transaction(
        session,
        app,
        STEP_TASK,
        queue=COPILOT_QUEUE,
        queueing_lock=f"copilot:{run.id}:{step.name}:{step.generation}",
        run_id=str(run.id),
        step=step.name,
        generation=step.generation,
    )


@dataclass(frozen=True, slots=True)
class RunView:
    run: CopilotRun
    steps: list[CopilotStep]

    def step(self, name: str) -> CopilotStep:
        return next(step for step in self.steps if step.name == name)

    @property
    def usage(self) -> Usage:
        total = Usage()
        for step in self.steps:
            total += Usage(step.calls, step.input_tokens, step.output_tokens, step.cost_usd)
        return total

    def claims(self, document: Document) -> ClaimsReport | None:
        output = self.step("tailor" if document == "resume" else "letter").output or {}
        return ClaimsReport.model_validate(output["claims"]) if "claims" in output else None


async def get_run(session: AsyncSession, *, user_id: uuid.UUID, run_id: uuid.UUID) -> RunView:
    """A run of this user with its steps in order (404 for anyone else's)."""
    run = await repository.get_run(session, run_id)
    if run is None or run.user_id != user_id:
        raise NotFound("run not found")
    return RunView(run, await repository.steps_of(session, run_id))


async def list_runs(session: AsyncSession, *, user_id: uuid.UUID) -> list[CopilotRun]:
    return await repository.runs_of(session, user_id)


# -- executing a step --------------------------------------------------------------------


class StepRetry(Exception):
    """A transient provider failure: the task is retried with backoff."""


async def run_step(
    runtime: Runtime,
    run_id: uuid.UUID,
    name: str,
    generation: int,
    *,
    final_attempt: bool = False,
) -> None:
    """Execute one queued step of a run (the body of the ``copilot.run_step`` task)."""
    async with unit_of_work(runtime.sessionmaker) as session:
        claimed = await repository.lock_step(session, run_id, name)
        run = await repository.get_run(session, run_id)
        if (
            claimed is None
            or run is None
            or run.status != "running"
            or claimed.generation != generation
            or claimed.status == "succeeded"
        ):
            return
        claimed.status = "running"
        claimed.attempts += 1
        claimed.started_at = utcnow()
    started = time.perf_counter()
    try:
        output, usage = await _execute(runtime, run_id, name)
    except ProviderError as exc:
        usage = exc.usage
        if exc.transient and not final_attempt:
            await _record_failure(runtime, run_id, name, generation, str(exc), usage, final=False)
            raise StepRetry(str(exc)) from exc
        await _record_failure(runtime, run_id, name, generation, str(exc), usage, final=True)
        return
    except (NotFound, InvalidInput, ValidationError) as exc:
        await _record_failure(runtime, run_id, name, generation, str(exc), Usage(), final=True)
        return
    elapsed_ms = (time.perf_counter() - started) * 1000
    async with unit_of_work(runtime.sessionmaker) as session:
        step = await repository.lock_step(session, run_id, name)
        run = await repository.get_run(session, run_id, for_update=True)
        if step is None or run is None or step.generation != generation:
            return
        if step.status == "succeeded" or run.status != "running":
            return
        following = await repository.lock_step(session, run_id, STEPS[STEPS.index(name) + 1])
        assert following is not None
        step.output = output
        step.status = "succeeded"
        step.executions += 1
        step.finished_at = utcnow()
        step.duration_ms = round(elapsed_ms, 1)
        _add_usage(step, usage)
        if following.name in AUTOMATIC:
            await _queue(session, run, following)
        else:
            following.status = "waiting"
            run.status = "review"
    log.info("copilot_step_done", run_id=str(run_id), step=name, ms=round(elapsed_ms, 1))


def _add_usage(step: CopilotStep, usage: Usage) -> None:
    step.calls += usage.calls
    step.input_tokens += usage.input_tokens
    step.output_tokens += usage.output_tokens
    step.cost_usd += usage.cost_usd


async def _record_failure(
    runtime: Runtime,
    run_id: uuid.UUID,
    name: str,
    generation: int,
    message: str,
    usage: Usage,
    *,
    final: bool,
) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        step = await repository.lock_step(session, run_id, name)
        run = await repository.get_run(session, run_id, for_update=True)
        if step is None or run is None or step.generation != generation:
            return
        if step.status == "succeeded":
            return
        step.error = message[:2000]
        _add_usage(step, usage)
        if final:
            step.status = "failed"
            step.finished_at = utcnow()
            run.status = "failed"
            run.error = f"{name}: {message}"[:2000]
            run.finished_at = utcnow()
        else:
            step.status = "retrying"
    log.warning("copilot_step_failed", run_id=str(run_id), step=name, final=final)


async def _execute(runtime: Runtime, run_id: uuid.UUID, name: str) -> tuple[dict[str, Any], Usage]:
    """Compute a step's output from the run's current state (reads only)."""
    async with runtime.sessionmaker() as session:
        run = await repository.get_run(session, run_id)
        if run is None:
            raise NotFound("run not found")
        steps = {s.name: s for s in await repository.steps_of(session, run_id)}
        inputs = await _inputs(runtime, session, run, steps)
        provider = provider_of(runtime)
        if name == "analyse":
            made = await provider.generate(AgentTask("brief", JobBrief, inputs))
            return {"brief": made.value.model_dump(mode="json")}, made.usage
        if name == "match":
            return {"match": (await _match(runtime, session, run, inputs)).model_dump()}, Usage()
        if name == "tailor":
            tailored = await provider.generate(AgentTask("tailor", TailoredResume, inputs))
            claims = await _resume_claims(runtime, session, run, tailored.value, inputs.resume)
            return {
                "resume": tailored.value.model_dump(mode="json"),
                "claims": claims.model_dump(mode="json"),
            }, tailored.usage
        if name == "letter":
            letter = await provider.generate(AgentTask("letter", CoverLetter, inputs))
            letter_claims = await _letter_claims(
                runtime, session, run, letter.value, inputs.resume, inputs.job
            )
            return {
                "letter": letter.value.model_dump(mode="json"),
                "claims": letter_claims.model_dump(mode="json"),
            }, letter.usage
    raise InvalidInput(f"step {name} does not run by itself")


async def _match(
    runtime: Runtime, session: AsyncSession, run: CopilotRun, inputs: AgentInputs
) -> MatchView:
    _, explanation, _ = await matching.explain_match(
        runtime, session, user_id=run.user_id, job_id=run.job_id
    )
    index = await taxonomy.get_index(runtime, session)
    find = find_skills_with(index, runtime.settings.profiles.taxonomy)
    return match_view(
        explanation,
        candidate_terms=terms_by_skill(find(resume_text(inputs.resume))),
        job_terms={skill.concept_id: skill.terms for skill in inputs.job.skills},
        years={skill.concept_id: skill.years for skill in inputs.skills},
    )


def _confirmations(run: CopilotRun) -> list[Confirmation]:
    return [Confirmation(c["kind"], c["value"], c["evidence"]) for c in run.confirmations or []]


async def _resume_claims(
    runtime: Runtime,
    session: AsyncSession,
    run: CopilotRun,
    document: TailoredResume,
    master: ParsedResume,
) -> ClaimsReport:
    index = await taxonomy.get_index(runtime, session)
    return check_resume(
        document,
        master,
        find_skills=find_skills_with(index, runtime.settings.profiles.taxonomy),
        confirmed=_confirmations(run),
        as_of=utcnow().date(),
    )


async def _letter_claims(
    runtime: Runtime,
    session: AsyncSession,
    run: CopilotRun,
    document: CoverLetter,
    master: ParsedResume,
    job: JobView,
) -> ClaimsReport:
    index = await taxonomy.get_index(runtime, session)
    return check_letter(
        document,
        master,
        find_skills=find_skills_with(index, runtime.settings.profiles.taxonomy),
        company=job.company,
        role=job.title,
        confirmed=_confirmations(run),
        as_of=utcnow().date(),
    )


# -- review, re-runs and exports ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewInput:
    approve: bool
    resume: TailoredResume | None
    letter: CoverLetter | None
    confirmations: Sequence[Confirmation]
    note: str | None


async def review(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    run_id: uuid.UUID,
    given: ReviewInput,
) -> RunView:
    """Record the candidate's edits, confirmations and approval of a run awaiting review.

    Edits replace the documents and are checked again; approval needs every claim of both
    documents traced or confirmed (422 listing the others) and makes the run ready to apply.
    """
    view = await get_run(session, user_id=user_id, run_id=run_id)
    run = view.run
    if run.status not in ("review", "ready"):
        raise Conflict(f"the run is {run.status}; it can be reviewed once the letter is written")
    await repository.lock_run(session, run.id)
    run.confirmations = [
        *(run.confirmations or []),
        *({"kind": c.kind, "value": c.value, "evidence": c.evidence} for c in given.confirmations),
    ]
    resume_step, letter_step = view.step("tailor"), view.step("letter")
    steps = {s.name: s for s in view.steps}
    inputs = await _inputs(runtime, session, run, steps)
    tailored = given.resume or TailoredResume.model_validate((resume_step.output or {})["resume"])
    letter = given.letter or CoverLetter.model_validate((letter_step.output or {})["letter"])
    resume_claims = await _resume_claims(runtime, session, run, tailored, inputs.resume)
    letter_claims = await _letter_claims(runtime, session, run, letter, inputs.resume, inputs.job)
    resume_step.output = {
        "resume": tailored.model_dump(mode="json"),
        "claims": resume_claims.model_dump(mode="json"),
        "edited": bool(given.resume) or bool((resume_step.output or {}).get("edited")),
    }
    letter_step.output = {
        "letter": letter.model_dump(mode="json"),
        "claims": letter_claims.model_dump(mode="json"),
        "edited": bool(given.letter) or bool((letter_step.output or {}).get("edited")),
    }
    review_step = view.step("review")
    review_step.output = {
        "approved": False,
        "note": given.note,
        "edited_resume": given.resume is not None,
        "edited_letter": given.letter is not None,
        "confirmations": len(given.confirmations),
        "at": utcnow().isoformat(),
    }
    if given.note is not None:
        run.review_note = given.note
    if given.approve:
        blocking = [*resume_claims.blocking, *letter_claims.blocking]
        if blocking:
            await session.flush()
            raise InvalidInput(
                "untraceable claims: remove them or confirm them with evidence",
                extra={"claims": [c.model_dump(mode="json") for c in blocking]},
            )
        now = utcnow()
        review_step.output["approved"] = True
        review_step.status = "succeeded"
        review_step.finished_at = now
        ready = view.step("ready")
        ready.status = "succeeded"
        ready.finished_at = now
        run.status = "ready"
        run.approved_at = now
        run.finished_at = now
    await session.flush()
    return await get_run(session, user_id=user_id, run_id=run_id)


async def rerun_step(
    runtime: Runtime,
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    run_id: uuid.UUID,
    name: str,
    tailor: TailorOptions | None = None,
    letter: LetterOptions | None = None,
) -> RunView:
    """Run one automatic step again (with changed options), and every step after it."""
    if name not in AUTOMATIC:
        raise InvalidInput(f"only {', '.join(AUTOMATIC)} can be re-run")
    view = await get_run(session, user_id=user_id, run_id=run_id)
    run = view.run
    await repository.lock_run(session, run.id)
    position = STEPS.index(name)
    for earlier in view.steps[:position]:
        if earlier.status != "succeeded":
            raise Conflict(f"step {earlier.name} has not finished yet")
    if tailor is not None:
        view.step("tailor").options = tailor.model_dump()
    if letter is not None:
        view.step("letter").options = letter.model_dump()
    run.options = {"tailor": view.step("tailor").options, "letter": view.step("letter").options}
    for step in view.steps[position:]:
        step.generation += 1
        step.status = "pending"
        step.output = None
        step.error = None
        step.started_at = step.finished_at = None
        step.duration_ms = None
    run.status = "running"
    run.approved_at = run.finished_at = None
    run.error = None
    await _queue(session, run, view.step(name))
    await session.flush()
    return await get_run(session, user_id=user_id, run_id=run_id)


@dataclass(frozen=True, slots=True)
class Artifact:
    content: bytes
    media_type: str
    filename: str


async def artifact(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    run_id: uuid.UUID,
    document: Document,
    fmt: ExportFormat,
) -> Artifact:
    """The tailored resume or the letter as a file, refused (422 listing the claims) while
    any claim is neither traced nor confirmed."""
    view = await get_run(session, user_id=user_id, run_id=run_id)
    step = view.step("tailor" if document == "resume" else "letter")
    output = step.output or {}
    if step.status != "succeeded" or document not in output:
        raise Conflict(f"the {document} is not written yet (step {step.name} is {step.status})")
    claims = ClaimsReport.model_validate(output["claims"])
    if claims.blocking:
        raise InvalidInput(
            "export refused: these claims are not in your resume; remove or confirm them",
            extra={"claims": [c.model_dump(mode="json") for c in claims.blocking]},
        )
    if document == "resume":
        content = render_resume(TailoredResume.model_validate(output["resume"]), fmt)
    else:
        content = render_letter(
            CoverLetter.model_validate(output["letter"]), fmt, date=view.run.created_at.date()
        )
    return Artifact(content, MEDIA_TYPES[fmt], f"{document}-{run_id}.{fmt}")

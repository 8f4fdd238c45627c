"""REST: the job catalogue, recruiters' postings, file imports, feeds and source health."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile, status

from jobpilot.auth.dependencies import AdminPrincipal, requires
from jobpilot.auth.service import Principal
from jobpilot.core.deps import RuntimeDep, SessionDep
from jobpilot.core.errors import Forbidden, InvalidInput, NotFound, PayloadTooLarge
from jobpilot.core.pagination import Page, PageDep, encode_cursor
from jobpilot.jobs import health, imports, service
from jobpilot.jobs.models import Feed, FeedRun, Job, JobImport
from jobpilot.jobs.schemas import (
    FeedIn,
    FeedOut,
    FeedPatch,
    FeedRunQueued,
    ImportOut,
    JobDetailOut,
    JobFilters,
    JobIn,
    JobSkillOut,
    JobSort,
    JobSummary,
    LocationOut,
    PostingOut,
    RunOut,
    SalaryOut,
    SourceHealthOut,
)
from jobpilot.jobs.signals import EmploymentType, Seniority
from jobpilot.jobs.tasks import defer_feed_run, defer_import
from jobpilot.orgs import service as orgs
from jobpilot.orgs.models import OrgRole
from jobpilot.sources.base import RawPosting

router = APIRouter(prefix="/api/v1", tags=["jobs"])
Reader = Annotated[Principal, Depends(requires("jobs:read"))]
Writer = Annotated[Principal, Depends(requires("jobs:write"))]


def job_summary(job: Job, reference_currency: str) -> dict[str, Any]:
    has_salary = job.salary_min is not None or job.salary_max is not None
    return {
        "id": job.id,
        "title": job.title,
        "company": job.company_name,
        "company_domain": job.company_domain,
        "status": job.status,
        "occupation_id": job.occupation_id,
        "occupation": job.occupation_label,
        "seniority": job.seniority,
        "employment_type": job.employment_type,
        "workplace": job.workplace,
        "locations": [LocationOut(**place) for place in job.locations],
        "salary": SalaryOut(
            minimum=job.salary_min,
            maximum=job.salary_max,
            currency=job.salary_currency,
            interval=job.salary_interval,
            annual_min_reference=job.salary_annual_min_ref,
            annual_max_reference=job.salary_annual_max_ref,
            reference_currency=reference_currency,
            text=job.salary_text,
        )
        if has_salary
        else None,
        "skills": [
            JobSkillOut(id=s["id"], label=s["label"], required=s.get("required"))
            for s in job.skills
        ],
        "posted_at": job.posted_at,
        "valid_through": job.valid_through,
        "apply_url": job.apply_url,
        "org_id": job.org_id,
        "repost_count": job.repost_count,
    }


def run_out(run: FeedRun) -> RunOut:
    return RunOut.model_validate(run, from_attributes=True)


def feed_out(feed: Feed) -> FeedOut:
    warning = None
    if feed.source == "linkedin":
        from jobpilot.sources.linkedin import TERMS_WARNING

        warning = TERMS_WARNING
    return FeedOut(
        id=feed.id,
        name=feed.name,
        source=feed.source,
        config=feed.config,
        every_seconds=feed.interval_seconds,
        cron=feed.cron,
        paused=feed.paused,
        org_id=feed.org_id,
        next_run_at=feed.next_run_at,
        last_run_at=feed.last_run_at,
        last_success_at=feed.last_success_at,
        created_at=feed.created_at,
        warning=warning,
    )


# -- catalogue ---------------------------------------------------------------------------


@router.get("/jobs", response_model=Page[JobSummary])
async def list_jobs(
    principal: Reader,
    runtime: RuntimeDep,
    session: SessionDep,
    page: PageDep,
    q: Annotated[str | None, Query(max_length=300, description="Full-text query")] = None,
    skills: Annotated[list[str] | None, Query(description="Skill ids or names (all)")] = None,
    location: Annotated[str | None, Query(max_length=100)] = None,
    remote: bool | None = None,
    salary_min: Annotated[float | None, Query(ge=0, description="Yearly minimum")] = None,
    currency: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$")] = None,
    seniority: Seniority | None = None,
    employment_type: EmploymentType | None = None,
    posted_since: Annotated[date | None, Query(description="YYYY-MM-DD")] = None,
    company: Annotated[str | None, Query(max_length=200)] = None,
    status_filter: Annotated[str, Query(alias="status", pattern="^(open|closed|all)$")] = "open",
    sort: JobSort = "posted",
) -> Page[JobSummary]:
    """Search the catalogue (signed-in users; `jobs:read`). Filters combine with AND; results
    come newest first, by relevance (with `q`) or by salary; follow `next_cursor`."""
    filters = JobFilters.model_validate(
        {
            "q": q,
            "skills": skills or [],
            "location": location,
            "remote": remote,
            "salary_min": salary_min,
            "currency": currency,
            "seniority": seniority,
            "employment_type": employment_type,
            "posted_since": posted_since,
            "company": company,
            "status": status_filter,
            "sort": sort,
        }
    )
    jobs, next_cursor = await service.search_jobs(
        runtime, session, filters, limit=page.limit, cursor=page.cursor
    )
    reference = runtime.settings.ingest.reference_currency
    return Page[JobSummary](
        items=[JobSummary(**job_summary(job, reference)) for job in jobs],
        next_cursor=encode_cursor(next_cursor) if next_cursor else None,
    )


@router.get("/jobs/{job_id}", response_model=JobDetailOut)
async def get_job(
    job_id: uuid.UUID, principal: Reader, runtime: RuntimeDep, session: SessionDep
) -> JobDetailOut:
    """One job with its parsed fields and every source posting behind it."""
    detail = await service.get_job(session, job_id)
    return job_detail(detail, runtime.settings.ingest.reference_currency)


def job_detail(detail: service.JobDetail, reference_currency: str) -> JobDetailOut:
    job = detail.job
    return JobDetailOut(
        **job_summary(job, reference_currency),
        description=job.description,
        experience_min_years=job.experience_min_years,
        experience_max_years=job.experience_max_years,
        education=job.education,
        visa_sponsorship=job.visa_sponsorship,
        benefits=job.benefits,
        language=job.language,
        url=job.url,
        first_seen_at=job.first_seen_at,
        last_seen_at=job.last_seen_at,
        closed_at=job.closed_at,
        sources=[PostingOut.model_validate(p, from_attributes=True) for p in detail.postings],
    )


@router.post("/jobs", response_model=JobDetailOut, status_code=status.HTTP_201_CREATED)
async def create_job(
    body: JobIn, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> JobDetailOut:
    """Post a job for your organisation (recruiters and org admins). Sending the same
    `reference` again updates that job."""
    await orgs.require_role(
        session, org_id=body.org_id, user=principal.user, at_least=OrgRole.recruiter
    )
    raw = RawPosting(
        source="org",
        source_key=str(body.org_id),
        external_id=body.reference or str(uuid.uuid4()),
        title=body.title,
        description=body.description,
        description_is_html=body.description_is_html,
        company=body.company,
        company_url=str(body.company_url) if body.company_url else None,
        apply_url=str(body.apply_url) if body.apply_url else None,
        locations=body.locations,
        workplace=body.workplace,
        employment_type=body.employment_type,
        salary_text=body.salary,
        valid_through=body.valid_through,
        payload=body.model_dump(mode="json"),
    )
    job = await service.create_org_job(runtime, session, raw, org_id=body.org_id)
    detail = await service.get_job(session, job.id)
    return job_detail(detail, runtime.settings.ingest.reference_currency)


# -- imports -----------------------------------------------------------------------------


def import_out(item: JobImport, run: FeedRun | None) -> ImportOut:
    progress = 1.0 if item.status == "succeeded" else item.bytes_read / max(item.size_bytes, 1)
    return ImportOut(
        id=item.id,
        filename=item.filename,
        format=item.format,
        status=item.status,
        size_bytes=item.size_bytes,
        bytes_read=item.bytes_read,
        progress=round(min(progress, 1.0), 4),
        created_at=item.created_at,
        error=item.error,
        run=run_out(run) if run else None,
    )


@router.post("/jobs/import", response_model=ImportOut, status_code=status.HTTP_202_ACCEPTED)
async def import_jobs(
    principal: Writer,
    runtime: RuntimeDep,
    session: SessionDep,
    file: Annotated[UploadFile, File(description="CSV, JSON, JSON Lines, JobSpy or JSON-LD")],
    format: Annotated[str | None, Form(description="csv|json|jsonl|jobspy|jsonld")] = None,
    encoding: Annotated[str | None, Form(max_length=40)] = None,
    org_id: Annotated[uuid.UUID | None, Form()] = None,
) -> ImportOut:
    """Upload a file of postings; it is imported in the background. Poll the returned import
    for progress. Without `org_id` the postings join the shared catalogue (administrators);
    with it they belong to that organisation (its recruiters)."""
    if org_id is None:
        if not principal.user.is_admin:
            raise InvalidInput("give org_id: only administrators import into the shared catalogue")
    else:
        await orgs.require_role(
            session, org_id=org_id, user=principal.user, at_least=OrgRole.recruiter
        )
    limit = runtime.settings.ingest.max_upload_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise PayloadTooLarge(f"files may be at most {limit} bytes")
    item = await imports.create_import(
        session,
        user_id=principal.user.id,
        org_id=org_id,
        filename=file.filename or "upload",
        content=content,
        fmt=format,
        encoding=encoding,
    )
    await defer_import(session, item.id)
    return import_out(item, None)


@router.get("/jobs/imports/{import_id}", response_model=ImportOut)
async def get_import(import_id: uuid.UUID, principal: Reader, session: SessionDep) -> ImportOut:
    """An import's status and progress (the uploader and administrators)."""
    item, run = await imports.get_import(session, import_id)
    if item.user_id != principal.user.id and not principal.user.is_admin:
        raise NotFound("import not found")
    return import_out(item, run)


# -- feeds -------------------------------------------------------------------------------


async def managed_org_ids(session: SessionDep, principal: Principal) -> list[uuid.UUID] | None:
    """None for administrators (every feed); else the orgs where the caller is a recruiter."""
    if principal.user.is_admin:
        return None
    return [
        org.id
        for org, role in await orgs.orgs_of_user(session, principal.user.id)
        if role in (OrgRole.recruiter, OrgRole.org_admin)
    ]


@router.get("/feeds", response_model=list[FeedOut])
async def list_feeds(principal: Writer, session: SessionDep) -> list[FeedOut]:
    """Feeds you manage: all of them for administrators, your organisations' otherwise."""
    org_ids = await managed_org_ids(session, principal)
    return [feed_out(f) for f in await service.list_feeds(session, org_ids=org_ids)]


@router.post("/feeds", response_model=FeedOut, status_code=status.HTTP_201_CREATED)
async def add_feed(
    body: FeedIn, principal: Writer, runtime: RuntimeDep, session: SessionDep
) -> FeedOut:
    """Add a scheduled feed (`every` like 6h, or a `cron` expression). Its first run is due at
    once. Administrators add feeds to the shared catalogue; recruiters for their organisation."""
    if not principal.user.is_admin:
        if body.source == "file":
            raise Forbidden("file feeds read the server's disk: administrators only")
        if body.config.get("base_url"):
            raise Forbidden("only administrators point feeds at other hosts (base_url)")
    if body.org_id is None:
        service.forbid_global(None, principal.user.is_admin)
    else:
        await orgs.require_role(
            session, org_id=body.org_id, user=principal.user, at_least=OrgRole.recruiter
        )
    feed = await service.add_feed(
        session,
        runtime,
        service.FeedSpec(
            source=body.source,
            config=body.config,
            name=body.name,
            every=body.every,
            cron=body.cron,
            paused=body.paused,
            org_id=body.org_id,
        ),
        created_by=principal.user.id,
    )
    return feed_out(feed)


async def _managed_feed(session: SessionDep, principal: Principal, feed_id: uuid.UUID) -> Feed:
    feed = await service.get_feed(session, feed_id)
    service.ensure_may_manage(await managed_org_ids(session, principal), feed)
    return feed


@router.get("/feeds/{feed_id}", response_model=FeedOut)
async def get_feed(feed_id: uuid.UUID, principal: Writer, session: SessionDep) -> FeedOut:
    return feed_out(await _managed_feed(session, principal, feed_id))


@router.patch("/feeds/{feed_id}", response_model=FeedOut)
async def update_feed(
    feed_id: uuid.UUID, body: FeedPatch, principal: Writer, session: SessionDep
) -> FeedOut:
    """Pause or resume a feed."""
    feed = await _managed_feed(session, principal, feed_id)
    if body.paused is not None:
        feed = await service.set_paused(session, feed, body.paused)
    return feed_out(feed)


@router.delete("/feeds/{feed_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_feed(feed_id: uuid.UUID, principal: Writer, session: SessionDep) -> None:
    """Remove a feed. Its jobs stay; they close when no other source lists them."""
    await service.remove_feed(session, await _managed_feed(session, principal, feed_id))


@router.post("/feeds/{feed_id}/run", response_model=FeedRunQueued, status_code=202)
async def run_feed_now(feed_id: uuid.UUID, principal: Writer, session: SessionDep) -> FeedRunQueued:
    """Queue a run now (at most one run per feed waits in the queue)."""
    feed = await _managed_feed(session, principal, feed_id)
    queued = await defer_feed_run(session, feed.id, trigger="manual")
    return FeedRunQueued(feed_id=feed.id, queued=queued)


@router.get("/feeds/{feed_id}/runs", response_model=list[RunOut])
async def list_runs(
    feed_id: uuid.UUID,
    principal: Writer,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[RunOut]:
    """A feed's latest runs with their counts and errors."""
    feed = await _managed_feed(session, principal, feed_id)
    return [run_out(r) for r in await service.feed_runs(session, feed.id, limit=limit)]


@router.get("/sources/health", response_model=list[SourceHealthOut])
async def sources_health(
    principal: AdminPrincipal,
    runtime: RuntimeDep,
    session: SessionDep,
    hours: Annotated[int, Query(ge=1, le=24 * 90)] = 24 * 7,
) -> list[SourceHealthOut]:
    """Per source: last success, error rate and items per run over `hours`, and circuit state
    (administrators)."""
    return await health.source_health(runtime, session, hours=hours)

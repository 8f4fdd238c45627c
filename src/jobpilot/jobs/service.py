"""Jobs: the catalogue, its feeds and runs, file imports and recruiters' own postings.

Feed runs and imports own their transactions (they are the edge of background work and
commit after every batch, so a long run shows progress and a crash loses at most a batch);
everything else flushes and leaves the commit to the caller.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import structlog
from croniter import croniter
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.db import unit_of_work, utcnow
from jobpilot.core.errors import Forbidden, InvalidInput, NotFound, validation_problems
from jobpilot.core.http_errors import CircuitOpenError, HttpError
from jobpilot.core.http_validators import FeedValidatorStore
from jobpilot.core.queue import defer_in_transaction
from jobpilot.core.runtime import Runtime
from jobpilot.core.settings import IngestSettings
from jobpilot.jobs import locations, metrics, repository, salary, signals
from jobpilot.jobs.companies import normalise_company
from jobpilot.jobs.ingest import IngestCounts, Ingestor
from jobpilot.jobs.models import Feed, FeedRun, Job, JobPosting
from jobpilot.jobs.normalise import PostingNormaliser
from jobpilot.jobs.schemas import JobFilters
from jobpilot.sources import SOURCE_MODULES, UnknownSourceError, get_source
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    RawPosting,
    Source,
    SourceBlocked,
    SourceError,
)
from jobpilot.taxonomy import service as taxonomy
from jobpilot.worker import app

log = structlog.get_logger(__name__)

_EVERY = re.compile(r"(\d+)\s*([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MIN_INTERVAL_SECONDS = 60
# The matching domain's task that checks new jobs against candidates' alert thresholds; named,
# not imported, so that jobs do not depend on matching.
NEW_JOBS_TASK = "matching.detect_new_matches"


# -- building blocks ---------------------------------------------------------------------


async def normaliser_for(runtime: Runtime, session: AsyncSession) -> PostingNormaliser:
    index = await taxonomy.get_index(runtime, session)
    return PostingNormaliser(index, runtime.settings.ingest)


async def new_ingestor(
    runtime: Runtime,
    session: AsyncSession,
    *,
    feed_id: uuid.UUID | None = None,
    org_id: uuid.UUID | None = None,
) -> Ingestor:
    ingestor = Ingestor(
        session,
        await normaliser_for(runtime, session),
        runtime.embedder,
        runtime.settings.ingest,
        feed_id=feed_id,
        org_id=org_id,
    )
    if runtime.settings.matching.alerts:

        async def announce(job_ids: list[uuid.UUID]) -> None:
            await defer_in_transaction(
                session, app, NEW_JOBS_TASK, job_ids=[str(job_id) for job_id in job_ids]
            )

        ingestor.on_new_jobs = announce
    return ingestor


def parse_every(text: str) -> int:
    """``"6h"``, ``"90m"``, ``"1d12h"`` → seconds."""
    cleaned = text.strip().lower().replace(" ", "")
    parts = _EVERY.findall(cleaned)
    if not parts or "".join(f"{n}{u}" for n, u in parts) != cleaned:
        raise InvalidInput(f"'{text}' is not an interval like 30m, 6h or 1d")
    seconds = sum(int(n) * _UNIT_SECONDS[u] for n, u in parts)
    if seconds < MIN_INTERVAL_SECONDS:
        raise InvalidInput(f"feeds run at most once a minute ('{text}' is shorter)")
    if seconds > MAX_INTERVAL_SECONDS:
        raise InvalidInput(f"'{text}' is longer than a year")
    return seconds


MAX_INTERVAL_SECONDS = 366 * 86400


def check_cron(expression: str) -> None:
    """Refuse expressions that are invalid, never fire, have seconds, or fire more than once
    a minute."""
    if len(expression.split()) != 5 or not croniter.is_valid(expression):
        raise InvalidInput(f"'{expression}' is not a five-field cron expression")
    try:
        schedule = croniter(expression, utcnow())
        first: datetime = schedule.get_next(datetime)
        second: datetime = schedule.get_next(datetime)
    except (ValueError, KeyError) as exc:  # croniter's CroniterBadDateError is a ValueError
        raise InvalidInput(f"'{expression}' never fires") from exc
    if (second - first).total_seconds() < MIN_INTERVAL_SECONDS:
        raise InvalidInput("feeds run at most once a minute")


def next_run(feed: Feed, after: datetime) -> datetime:
    if feed.cron:
        value: datetime = croniter(feed.cron, after).get_next(datetime)
        return value
    return after + timedelta(seconds=feed.interval_seconds or 6 * 3600)


def source_for(kind: str) -> Source:
    try:
        return get_source(kind)
    except UnknownSourceError as exc:
        raise InvalidInput(str(exc)) from exc


def validate_config(source: Source, config: dict[str, Any]) -> FeedConfig:
    try:
        return source.config_model.model_validate(config)
    except ValidationError as exc:
        problems = validation_problems(exc, whole="config")
        raise InvalidInput(f"invalid {source.kind} feed configuration: {problems}") from exc


# -- feeds -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedSpec:
    source: str
    config: dict[str, Any]
    name: str | None = None
    every: str | None = None
    cron: str | None = None
    paused: bool = False
    org_id: uuid.UUID | None = None


async def add_feed(
    session: AsyncSession,
    runtime: Runtime,
    spec: FeedSpec,
    *,
    created_by: uuid.UUID | None,
    now: datetime | None = None,
) -> Feed:
    """Store a feed; its first run is due at once (unless paused)."""
    source = source_for(spec.source)
    if spec.source == "linkedin" and not runtime.settings.ingest.linkedin.enabled:
        raise InvalidInput(
            "the LinkedIn source is off; set JOBPILOT_INGEST__LINKEDIN__ENABLED=true to use it"
        )
    config = validate_config(source, spec.config)
    if spec.every and spec.cron:
        raise InvalidInput("give either every or cron, not both")
    interval = None
    cron = None
    if spec.cron:
        check_cron(spec.cron)
        cron = spec.cron
    else:
        interval = parse_every(spec.every or runtime.settings.ingest.default_every)
    now = now or utcnow()
    feed = Feed(
        name=spec.name or _default_name(spec.source, config),
        source=spec.source,
        config=config.model_dump(mode="json", exclude_none=True),
        interval_seconds=interval,
        cron=cron,
        paused=spec.paused,
        org_id=spec.org_id,
        created_by=created_by,
        next_run_at=now,
        state={},
    )
    return await repository.add_feed(session, feed)


def _default_name(kind: str, config: FeedConfig) -> str:
    for key in ("board", "site", "company", "account", "url", "keywords", "path"):
        value = getattr(config, key, None)
        if value:
            return f"{kind}:{value}"[:200]
    return kind


async def get_feed(session: AsyncSession, feed_id: uuid.UUID) -> Feed:
    feed = await repository.get_feed(session, feed_id)
    if feed is None:
        raise NotFound("feed not found")
    return feed


async def list_feeds(
    session: AsyncSession, *, org_ids: list[uuid.UUID] | None = None
) -> list[Feed]:
    return list(await repository.list_feeds(session, org_ids=org_ids))


async def set_paused(session: AsyncSession, feed: Feed, paused: bool) -> Feed:
    feed.paused = paused
    if not paused and (feed.next_run_at is None or feed.next_run_at < utcnow()):
        feed.next_run_at = utcnow()
    await session.flush()
    return feed


async def remove_feed(session: AsyncSession, feed: Feed) -> None:
    await repository.delete_feed(session, feed, now=utcnow())


async def feed_runs(session: AsyncSession, feed_id: uuid.UUID, *, limit: int = 20) -> list[FeedRun]:
    return list(await repository.runs_of(session, feed_id, limit=limit))


async def claim_due_feeds(session: AsyncSession, *, now: datetime, limit: int = 100) -> list[Feed]:
    """Feeds whose run is due, with their next run moved on (so each is claimed once)."""
    feeds = list(await repository.due_feeds(session, now=now, limit=limit))
    for feed in feeds:
        try:
            feed.next_run_at = next_run(feed, now)
        except ValueError:
            # A schedule that cannot fire again (stored before validation): pause the feed
            # rather than fail every other feed's scheduling.
            log.warning("feed_schedule_invalid", feed_id=str(feed.id))
            feed.paused = True
    await session.flush()
    return feeds


# -- runs --------------------------------------------------------------------------------

# Where a feed's ETag / Last-Modified per requested URL are kept in ``Feed.state``.
VALIDATORS_STATE_KEY = "http_validators"


async def run_feed(
    runtime: Runtime, feed_id: uuid.UUID, *, trigger: str = "schedule"
) -> FeedRun | None:
    """Fetch a feed and ingest what it lists; returns the finished run (None: no such feed)."""
    now = utcnow()
    async with unit_of_work(runtime.sessionmaker) as session:
        feed = await repository.get_feed(session, feed_id)
        if feed is None:
            return None
        run = await repository.add_run(
            session,
            FeedRun(
                feed_id=feed.id,
                source=feed.source,
                trigger=trigger,
                status="running",
                started_at=now,
                errors=[],
            ),
        )
        feed.last_run_at = now
        kind, config_data, state = feed.source, dict(feed.config), dict(feed.state or {})
        org_id = feed.org_id
        since = feed.last_success_at
        run_id = run.id

    source = source_for(kind)
    validators = FeedValidatorStore(state.get(VALIDATORS_STATE_KEY))
    ctx = FetchContext(
        http=runtime.http.with_validators(validators),
        settings=runtime.settings,
        since=since,
        state=state,
    )
    status, blocked_reason, problem = "succeeded", None, None
    counts = IngestCounts()
    async with runtime.sessionmaker() as session:
        try:
            config = validate_config(source, config_data)
            ingestor = await new_ingestor(runtime, session, feed_id=feed_id, org_id=org_id)
            ingestor.after_batch = session.commit
            counts = ingestor.counts
            try:
                await ingestor.add_all(source.fetch(config, ctx))
            finally:
                await ingestor.flush()
                await session.commit()
        except SourceBlocked as exc:
            blocked_reason = exc.reason
            status = "partial" if counts.fetched else "blocked"
        except CircuitOpenError as exc:
            status, problem = "failed", f"circuit open: {exc}"
        except (SourceError, HttpError, InvalidInput) as exc:
            status, problem = "failed", str(exc)
        except Exception as exc:
            await session.rollback()
            log.exception("feed_run_crashed", feed_id=str(feed_id), source=kind)
            status, problem = "failed", f"internal error ({type(exc).__name__})"

    if status == "succeeded" and ctx.incomplete:
        # Kept like a blocked run's postings; the ones it did not reach are not closed.
        status = "partial"
    for error in ctx.errors:
        counts.record_error(error)
    if problem:
        counts.errors.insert(0, ItemError("run", problem))

    finished = utcnow()
    async with unit_of_work(runtime.sessionmaker) as session:
        if status == "succeeded":
            if ctx.not_modified:
                await repository.touch_feed_postings(session, feed_id=feed_id, now=finished)
            else:
                # Pages a source skipped as unchanged since its last run still list their jobs.
                still_listed = [str(i) for i in ctx.new_state.get("unchanged_ids", [])]
                await repository.touch_feed_postings(
                    session, feed_id=feed_id, now=finished, external_ids=still_listed
                )
                await repository.mark_missing_postings_gone(
                    session, feed_id=feed_id, seen_before=now, now=finished
                )
        counts.closed += await close_stale_jobs(session, runtime, now=finished, feed_id=feed_id)
        finished_run = await repository.get_run(session, run_id)
        feed = await repository.get_feed(session, feed_id)
        assert finished_run is not None
        finish_run(finished_run, counts, status, blocked_reason, finished)
        finished_run.circuit_state = runtime.http.circuit_state(kind)
        if feed is not None:
            # Only a complete run moves the incremental cursor: a partial one left pages unread.
            # Its validators likewise: a later 304 must not hide postings this run missed.
            if status == "succeeded":
                feed.last_success_at = now
                ctx.new_state[VALIDATORS_STATE_KEY] = validators.export()
            if ctx.new_state:
                feed.state = {**state, **ctx.new_state}
        metrics.record_run(finished_run)
    log.info(
        "feed_run_finished",
        feed_id=str(feed_id),
        source=kind,
        status=status,
        **{k: v for k, v in counts.as_dict().items() if k != "errors"},
    )
    if counts.new or counts.merged or counts.updated or counts.closed:
        await catalogue_changed(runtime)
    return finished_run


def finish_run(
    run: FeedRun, counts: IngestCounts, status: str, blocked: str | None, finished: datetime
) -> None:
    """Copy a run's outcome onto its row."""
    run.status = status
    run.finished_at = finished
    run.blocked_reason = blocked
    run.fetched = counts.fetched
    run.new = counts.new
    run.merged = counts.merged
    run.reposts = counts.reposts
    run.updated = counts.updated
    run.unchanged = counts.unchanged
    run.closed = counts.closed
    run.failed = counts.failed
    run.errors = counts.as_dict()["errors"]


async def close_stale_jobs(
    session: AsyncSession, runtime: Runtime, *, now: datetime, feed_id: uuid.UUID | None = None
) -> int:
    """Close jobs gone from every source for the grace period, and jobs past their deadline.

    After a feed's run (``feed_id``) only that feed's jobs are checked for going away; the
    hourly ``ingest.close_stale`` task sweeps the whole catalogue."""
    grace = timedelta(hours=runtime.settings.ingest.close_after_hours)
    closed = await repository.close_jobs_without_postings(
        session, gone_before=now - grace, feed_id=feed_id
    )
    closed += await repository.close_expired_jobs(session, now=now)
    if closed:
        await catalogue_changed(runtime)
    return closed


CATALOGUE_VERSION_KEY = "jobs:catalogue-version"


async def catalogue_changed(runtime: Runtime) -> None:
    """Note that jobs were added, changed or closed, so cached rankings are rebuilt."""
    await runtime.cache.set(CATALOGUE_VERSION_KEY, uuid.uuid4().hex, ttl_seconds=30 * 86400)


async def catalogue_version(runtime: Runtime) -> str:
    """A token that changes whenever the catalogue does (shared through the cache)."""
    return str(await runtime.cache.get(CATALOGUE_VERSION_KEY) or "0")


async def ingest_postings(
    runtime: Runtime,
    postings: Iterable[RawPosting] | AsyncIterator[RawPosting],
    *,
    org_id: uuid.UUID | None = None,
    on_batch: Callable[[IngestCounts], None] | None = None,
    trigger: str = "cli",
    source: str = "file",
) -> tuple[FeedRun, IngestCounts]:
    """Ingest postings outside any feed (file imports, manual entry), committing per batch,
    and record the run."""
    started = utcnow()
    async with runtime.sessionmaker() as session:
        ingestor = await new_ingestor(runtime, session, org_id=org_id)

        async def commit() -> None:
            await session.commit()
            if on_batch is not None:
                on_batch(ingestor.counts)

        ingestor.after_batch = commit
        await ingestor.add_all(postings)
        await ingestor.flush()
        await session.commit()
        counts = ingestor.counts
    async with unit_of_work(runtime.sessionmaker) as session:
        run = FeedRun(
            feed_id=None, source=source, trigger=trigger, status="succeeded", started_at=started
        )
        finish_run(run, counts, "succeeded", None, utcnow())
        await repository.add_run(session, run)
    if counts.new or counts.merged or counts.updated:
        await catalogue_changed(runtime)
    return run, counts


# -- catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobDetail:
    job: Job
    postings: list[JobPosting]


async def get_job(session: AsyncSession, job_id: uuid.UUID) -> JobDetail:
    job = await repository.get_job(session, job_id)
    if job is None:
        raise NotFound("job not found")
    return JobDetail(job, list(await repository.postings_of(session, job_id)))


async def create_org_job(
    runtime: Runtime,
    session: AsyncSession,
    raw: RawPosting,
    *,
    org_id: uuid.UUID,
) -> Job:
    """A recruiter's own posting for their organisation, parsed like any other."""
    ingestor = await new_ingestor(runtime, session, org_id=org_id)
    await ingestor.add(raw)
    await ingestor.flush()
    if ingestor.counts.failed:
        raise InvalidInput(ingestor.counts.errors[0].message)
    job = await repository.get_job(session, next(iter(ingestor.job_ids)))
    assert job is not None
    await catalogue_changed(runtime)
    return job


def known_sources() -> list[str]:
    return list(SOURCE_MODULES)


def ensure_may_manage(org_ids: list[uuid.UUID] | None, feed: Feed) -> None:
    """``org_ids`` None means a global admin."""
    if org_ids is None:
        return
    if feed.org_id is None or feed.org_id not in org_ids:
        raise NotFound("feed not found")


def forbid_global(org_id: uuid.UUID | None, is_admin: bool) -> None:
    if org_id is None and not is_admin:
        raise Forbidden("only administrators manage feeds for the whole catalogue")


async def search_jobs(
    runtime: Runtime,
    session: AsyncSession,
    filters: JobFilters,
    *,
    limit: int,
    cursor: list[Any] | None,
) -> tuple[list[Job], list[Any] | None]:
    """A page of the catalogue and the cursor of the next page (None on the last one)."""
    ingest = runtime.settings.ingest
    skill_ids: list[str] = []
    if filters.skills:
        index = await taxonomy.get_index(runtime, session)
        for wanted in filters.skills:
            concept_id = index.resolve_skill(wanted)
            if concept_id is None:
                raise InvalidInput(f"unknown skill '{wanted}'")
            skill_ids.append(concept_id)
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    if filters.location:
        countries, cities = _resolve_location(filters.location)
    min_annual_ref = None
    if filters.salary_min is not None:
        currency = (filters.currency or ingest.reference_currency).upper()
        converted = salary.convert(
            filters.salary_min, currency, ingest.reference_currency, ingest.currency_rates
        )
        if converted is None:
            raise InvalidInput(f"no exchange rate for currency '{currency}'")
        min_annual_ref = converted
    text = filters.q.strip() if filters.q and filters.q.strip() else None
    query = repository.JobQuery(
        text=text,
        skill_ids=tuple(skill_ids),
        countries=countries,
        cities=cities,
        remote=filters.remote,
        min_annual_ref=min_annual_ref,
        seniority=filters.seniority,
        employment_type=filters.employment_type,
        posted_since=(
            datetime.combine(filters.posted_since, time.min, tzinfo=UTC)
            if filters.posted_since
            else None
        ),
        company_key=signals.normalise_company(filters.company)[1] if filters.company else None,
        status=None if filters.status == "all" else filters.status,
        org_id=filters.org_id,
        sort=filters.sort if filters.sort != "relevance" or text else "posted",
    )
    after = _decode_after(cursor, query.sort) if cursor else None
    rows = await repository.search_jobs(session, query, limit=limit + 1, after=after)
    jobs = [job for job, _ in rows[:limit]]
    next_cursor = rows[limit - 1][1] if len(rows) > limit else None
    return jobs, next_cursor


def _decode_after(cursor: list[Any], sort: str) -> list[Any]:
    if len(cursor) != 2:
        raise InvalidInput("cursor is not valid")
    try:
        key: Any = cursor[0]
        key = datetime.fromisoformat(str(key)) if sort == "posted" else float(key)
        return [key, uuid.UUID(str(cursor[1]))]
    except (TypeError, ValueError) as exc:
        raise InvalidInput("cursor is not valid") from exc


def _resolve_location(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    cleaned = text.strip()
    if len(cleaned) == 2 and cleaned.isalpha():
        return (cleaned.upper(),), ()
    parsed = locations.parse_locations(cleaned)
    cities = tuple(sorted({p.city.lower() for p in parsed.places if p.city}))
    if cities:
        return (), cities
    countries = tuple(sorted({p.country for p in parsed.places if p.country}))
    if countries:
        return countries, ()
    return (), (cleaned.lower(),)


async def catalogue_is_empty(session: AsyncSession) -> bool:
    return await repository.count_jobs(session) == 0


async def jobs_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Job]:
    """The jobs with these ids (any status), by id."""
    return {job.id: job for job in await repository.jobs_by_ids(session, ids)}


def company_key(name: str) -> str:
    """The match key of a company name, as jobs store it (``"ACME, Inc."`` → ``acme``)."""
    return normalise_company(name)[1]


def annual_in_reference(
    amount: float, currency: str, interval: str, settings: IngestSettings
) -> float | None:
    """An amount per ``interval`` in ``currency`` as a yearly amount in the reference currency
    (None without an exchange rate)."""
    yearly, _ = salary.annualise(amount, amount, interval)
    if yearly is None:
        return None
    return salary.convert(
        yearly, currency.upper(), settings.reference_currency, settings.currency_rates
    )

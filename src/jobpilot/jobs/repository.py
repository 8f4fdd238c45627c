"""All SQL of the jobs domain: postings, canonical jobs, feeds, runs and imports."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    Uuid,
    and_,
    cast,
    column,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import TableValuedAlias

from jobpilot.core.bulk import copy_rows, update_rows

if TYPE_CHECKING:
    from jobpilot.jobs.ingest import IngestCounts
from jobpilot.jobs.models import Feed, FeedRun, Job, JobImport, JobPosting

PostingKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class KnownPosting:
    id: uuid.UUID
    job_id: uuid.UUID
    content_hash: str
    status: str


@dataclass(slots=True)
class CandidateJob:
    """An existing job a new posting might be another listing of."""

    id: uuid.UUID
    company_key: str
    title_key: str
    status: str
    countries: list[str]
    cities: list[str]
    workplace: str | None
    apply_url: str | None
    closed_at: datetime | None
    vector: np.ndarray | None
    boards: set[tuple[str, str]]
    # Boards whose posting of this job has gone (a new id there is the job posted again).
    gone_boards: set[tuple[str, str]] = field(default_factory=set)
    posted_at: datetime | None = None


def _key_table(names: Sequence[str], columns: Sequence[list[str]]) -> TableValuedAlias:
    """A batch's keys as a table (one text column per name), to join on an index.

    A row-value ``IN`` list of a batch's few hundred keys becomes one OR filter tried on every
    candidate row: 199 ms against 23 ms for 500 (company, title) keys among 18k open jobs,
    measured before the planner's statistics had caught up with a first import.
    """
    arrays = [cast(values, ARRAY(String)) for values in columns]
    return func.unnest(*arrays).table_valued(*names).render_derived(name="keys")


async def known_postings(
    session: AsyncSession, keys: Sequence[PostingKey], *, org_id: uuid.UUID | None
) -> dict[PostingKey, KnownPosting]:
    """Postings with these keys whose job belongs to ``org_id`` (None: the shared catalogue)."""
    if not keys:
        return {}
    wanted = _key_table(
        ("source", "source_key", "external_id"),
        [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]],
    )
    rows = await session.execute(
        select(
            JobPosting.source,
            JobPosting.source_key,
            JobPosting.external_id,
            JobPosting.id,
            JobPosting.job_id,
            JobPosting.content_hash,
            JobPosting.status,
        )
        .join(
            wanted,
            and_(
                JobPosting.source == wanted.c.source,
                JobPosting.source_key == wanted.c.source_key,
                JobPosting.external_id == wanted.c.external_id,
            ),
        )
        .join(Job, Job.id == JobPosting.job_id)
        .where(Job.org_id == org_id if org_id is not None else Job.org_id.is_(None))
    )
    return {(r[0], r[1], r[2]): KnownPosting(r[3], r[4], r[5], r[6]) for r in rows}


# Advisory locks of new-job keys: (this class, a 32-bit hash of the key). The two-number form
# keeps them apart from the single-number locks used elsewhere.
_JOB_KEY_LOCK_CLASS = 0x4A4B  # "JK"


def job_key_lock(company_key: str, title_key: str) -> int:
    """The advisory lock number of a (company, title) key (stable across processes)."""
    digest = hashlib.blake2b(f"{company_key}\x1f{title_key}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


async def lock_job_keys(session: AsyncSession, pairs: Iterable[tuple[str, str]]) -> None:
    """Wait for, then hold until the transaction ends, the lock of each (company, title) key.

    Two writers that could create the same canonical job take the same lock, so the second
    finds the first's job instead of creating another. Locks are taken in ascending order,
    so two writers of overlapping keys cannot deadlock on them.
    """
    numbers = sorted({job_key_lock(company, title) for company, title in pairs})
    if numbers:
        # unnest yields the numbers in array order, and each row locks before the next.
        await session.execute(
            select(func.pg_advisory_xact_lock(_JOB_KEY_LOCK_CLASS, column("n"))).select_from(
                func.unnest(cast(numbers, ARRAY(Integer))).alias("n")
            )
        )


async def candidate_jobs(
    session: AsyncSession, pairs: Iterable[tuple[str, str]], *, closed_since: datetime
) -> list[CandidateJob]:
    """Open jobs (and jobs closed after ``closed_since``) with these (company, title) keys."""
    pairs = list(set(pairs))
    if not pairs:
        return []
    # Per candidate only (a correlated subquery on the posting index), never the whole table.
    boards = (
        select(
            func.array_agg(
                func.concat(
                    JobPosting.source, "\x1f", JobPosting.source_key, "\x1f", JobPosting.status
                )
            )
        )
        .where(JobPosting.job_id == Job.id)
        .correlate(Job)
        .scalar_subquery()
    )
    keys = _key_table(("company", "title"), [[c for c, _ in pairs], [t for _, t in pairs]])
    rows = await session.execute(
        select(
            Job.id,
            Job.company_key,
            Job.title_key,
            Job.status,
            Job.countries,
            Job.cities,
            Job.workplace,
            Job.apply_url,
            Job.closed_at,
            Job.embedding,
            boards,
            Job.posted_at,
        )
        .join(keys, and_(Job.company_key == keys.c.company, Job.title_key == keys.c.title))
        .where(
            Job.org_id.is_(None),
            or_(Job.status == "open", Job.closed_at >= closed_since),
        )
    )
    return [
        CandidateJob(
            id=r[0],
            company_key=r[1],
            title_key=r[2],
            status=r[3],
            countries=list(r[4] or []),
            cities=list(r[5] or []),
            workplace=r[6],
            apply_url=r[7],
            closed_at=r[8],
            vector=np.asarray(r[9], dtype=np.float32) if r[9] is not None else None,
            boards={(b[0], b[1]) for b in listings},
            gone_boards={(b[0], b[1]) for b in listings if b[2] == "gone"},
            posted_at=r[11],
        )
        for r in rows
        for listings in ([value.split("\x1f", 2) for value in r[10] or []],)
    ]


async def insert_jobs(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await copy_rows(session, Job, rows)


async def insert_postings(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await copy_rows(session, JobPosting, rows)


async def touch_postings(
    session: AsyncSession, ids: Sequence[uuid.UUID], *, now: datetime, feed_id: uuid.UUID | None
) -> None:
    """Mark postings seen again (and active, if they had gone)."""
    if not ids:
        return
    values: dict[str, Any] = {"last_seen_at": now, "status": "active", "gone_at": None}
    if feed_id is not None:
        values["feed_id"] = feed_id
    await session.execute(update(JobPosting).where(JobPosting.id.in_(ids)).values(**values))


# A job's last_seen_at moves at most once per this period (its postings keep the exact time).
# Rewriting a job row adds an entry to every index of the table, the HNSW graph included, so
# touching every job of every feed run would cost more than the run's own work.
JOB_SEEN_PRECISION = timedelta(days=1)


async def touch_jobs(session: AsyncSession, ids: Iterable[uuid.UUID], *, now: datetime) -> None:
    """Jobs seen again: open again, unless their deadline has passed."""
    ids = list(set(ids))
    if ids:
        await session.execute(
            update(Job)
            .where(Job.id.in_(ids), Job.last_seen_at < now - JOB_SEEN_PRECISION)
            .values(last_seen_at=now)
        )
        await session.execute(
            update(Job)
            .where(
                Job.id.in_(ids),
                Job.status == "closed",
                or_(Job.valid_through.is_(None), Job.valid_through >= now),
            )
            .values(status="open", closed_at=None)
        )


async def job_apply_urls(
    session: AsyncSession, job_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str | None]:
    if not job_ids:
        return {}
    rows = await session.execute(select(Job.id, Job.apply_url).where(Job.id.in_(set(job_ids))))
    return {row.id: row.apply_url for row in rows}


async def update_postings(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Set each row's columns on the posting with its ``id`` (rows share their keys)."""
    await update_rows(session, JobPosting, rows)


async def update_jobs(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Set each row's columns on the job with its ``id`` (rows share their keys)."""
    await update_rows(session, Job, rows)


async def record_reposts(
    session: AsyncSession, counts: Mapping[uuid.UUID, int], *, at: datetime
) -> None:
    """Count re-posts of jobs (job id → how many) and reopen those that had closed."""
    if not counts:
        return
    ids = list(counts)
    reposted = (
        select(
            func.unnest(cast(ids, ARRAY(Uuid))).label("id"),
            func.unnest(cast([counts[i] for i in ids], ARRAY(Integer))).label("n"),
        )
    ).subquery()
    await session.execute(
        update(Job)
        .where(Job.id == reposted.c.id)
        .values(
            repost_count=Job.repost_count + reposted.c.n,
            last_reposted_at=at,
            status="open",
            closed_at=None,
        )
    )


async def touch_feed_postings(
    session: AsyncSession,
    *,
    feed_id: uuid.UUID,
    now: datetime,
    external_ids: Sequence[str] | None = None,
) -> None:
    """A feed's active postings (all, or those with ``external_ids``) were seen now: its
    listing answered "not modified", or it skipped pages that had not changed."""
    if external_ids is not None and not external_ids:
        return
    statement = update(JobPosting).where(
        JobPosting.feed_id == feed_id, JobPosting.status == "active"
    )
    if external_ids is not None:
        statement = statement.where(JobPosting.external_id.in_(list(external_ids)))
    await session.execute(statement.values(last_seen_at=now))


async def mark_missing_postings_gone(
    session: AsyncSession, *, feed_id: uuid.UUID, seen_before: datetime, now: datetime
) -> int:
    """Postings of a feed not seen in its run (which started at ``seen_before``) are gone."""
    result = await session.execute(
        update(JobPosting)
        .where(
            JobPosting.feed_id == feed_id,
            JobPosting.status == "active",
            JobPosting.last_seen_at < seen_before,
        )
        .values(status="gone", gone_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def close_jobs_without_postings(
    session: AsyncSession, *, gone_before: datetime, feed_id: uuid.UUID | None = None
) -> int:
    """Close open jobs whose every posting has been gone since before ``gone_before``.

    With ``feed_id``, only jobs that have a gone posting of that feed are looked at (after a
    feed's run); without, every open job (the periodic sweep)."""
    active = select(JobPosting.id).where(
        JobPosting.job_id == Job.id,
        or_(JobPosting.status == "active", JobPosting.gone_at > gone_before),
    )
    candidates: ColumnElement[bool]
    if feed_id is None:
        candidates = select(JobPosting.id).where(JobPosting.job_id == Job.id).exists()
    else:
        candidates = Job.id.in_(
            select(JobPosting.job_id).where(
                JobPosting.feed_id == feed_id, JobPosting.status == "gone"
            )
        )
    result = await session.execute(
        update(Job)
        .where(Job.status == "open", candidates, ~active.exists())
        .values(status="closed", closed_at=func.now())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def close_expired_jobs(session: AsyncSession, *, now: datetime) -> int:
    """Close open jobs whose application deadline has passed."""
    result = await session.execute(
        update(Job)
        .where(Job.status == "open", Job.valid_through.is_not(None), Job.valid_through < now)
        .values(status="closed", closed_at=now)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


# -- reading jobs ------------------------------------------------------------------------


async def get_job(session: AsyncSession, job_id: uuid.UUID) -> Job | None:
    return await session.get(Job, job_id)


async def postings_of(session: AsyncSession, job_id: uuid.UUID) -> Sequence[JobPosting]:
    rows = await session.scalars(
        select(JobPosting).where(JobPosting.job_id == job_id).order_by(JobPosting.first_seen_at)
    )
    return rows.all()


@dataclass(frozen=True, slots=True)
class JobQuery:
    """Catalogue filters with names already resolved (skill ids, country codes, company key)."""

    text: str | None = None
    skill_ids: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    remote: bool | None = None
    min_annual_ref: float | None = None
    seniority: str | None = None
    employment_type: str | None = None
    posted_since: datetime | None = None
    company_key: str | None = None
    status: str | None = "open"
    org_id: uuid.UUID | None = None
    sort: str = "posted"


async def search_jobs(
    session: AsyncSession, query: JobQuery, *, limit: int, after: list[Any] | None
) -> list[tuple[Job, list[Any]]]:
    """One page of jobs matching ``query``, each with the cursor values that follow it."""
    conditions: list[Any] = []
    ts_query = func.websearch_to_tsquery("english", query.text) if query.text else None
    if ts_query is not None:
        conditions.append(Job.search.op("@@")(ts_query))
    if query.skill_ids:
        conditions.append(Job.skill_ids.contains(list(query.skill_ids)))
    if query.countries or query.cities:
        places = []
        if query.cities:
            places.append(Job.cities.overlap(list(query.cities)))
        if query.countries:
            places.append(Job.countries.overlap(list(query.countries)))
        conditions.append(or_(*places))
    if query.remote is True:
        conditions.append(Job.workplace == "remote")
    elif query.remote is False:
        conditions.append(or_(Job.workplace.is_(None), Job.workplace != "remote"))
    if query.min_annual_ref is not None:
        conditions.append(
            func.coalesce(Job.salary_annual_max_ref, Job.salary_annual_min_ref)
            >= query.min_annual_ref
        )
    if query.seniority:
        conditions.append(Job.seniority == query.seniority)
    if query.employment_type:
        conditions.append(Job.employment_type == query.employment_type)
    posted = func.coalesce(Job.posted_at, Job.first_seen_at)
    if query.posted_since is not None:
        conditions.append(posted >= query.posted_since)
    if query.company_key:
        conditions.append(Job.company_key == query.company_key)
    if query.status:
        conditions.append(Job.status == query.status)
    if query.org_id is not None:
        conditions.append(Job.org_id == query.org_id)

    if query.sort == "relevance" and ts_query is not None:
        key: Any = func.ts_rank(Job.search, ts_query)
    elif query.sort == "salary":
        key = func.coalesce(Job.salary_annual_max_ref, Job.salary_annual_min_ref, -1.0)
    else:
        key = posted
    statement = select(Job, key.label("sort_key")).where(*conditions)
    if after is not None:
        statement = statement.where(tuple_(key, Job.id) < tuple_(after[0], after[1]))
    statement = statement.order_by(key.desc(), Job.id.desc()).limit(limit)
    rows = (await session.execute(statement)).all()
    return [(job, [sort_key, str(job.id)]) for job, sort_key in rows]


async def count_jobs(session: AsyncSession, *, status: str | None = None) -> int:
    query = select(func.count()).select_from(Job)
    if status is not None:
        query = query.where(Job.status == status)
    return int((await session.execute(query)).scalar_one())


# -- feeds and runs ----------------------------------------------------------------------


async def add_feed(session: AsyncSession, feed: Feed) -> Feed:
    session.add(feed)
    await session.flush()
    return feed


async def get_feed(session: AsyncSession, feed_id: uuid.UUID) -> Feed | None:
    return await session.get(Feed, feed_id)


async def list_feeds(
    session: AsyncSession, *, org_ids: Sequence[uuid.UUID] | None
) -> Sequence[Feed]:
    query = select(Feed).order_by(Feed.created_at)
    if org_ids is not None:
        query = query.where(Feed.org_id.in_(org_ids))
    return (await session.scalars(query)).all()


async def due_feeds(session: AsyncSession, *, now: datetime, limit: int) -> Sequence[Feed]:
    query = (
        select(Feed)
        .where(Feed.paused.is_(False), Feed.next_run_at <= now)
        .order_by(Feed.next_run_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.scalars(query)).all()


async def delete_feed(session: AsyncSession, feed: Feed, *, now: datetime) -> None:
    """Remove a feed; its postings are gone from now, so their jobs close after the grace
    period unless another source lists them."""
    await session.execute(
        update(JobPosting)
        .where(JobPosting.feed_id == feed.id, JobPosting.status == "active")
        .values(status="gone", gone_at=now)
    )
    await session.delete(feed)
    await session.flush()


async def add_run(session: AsyncSession, run: FeedRun) -> FeedRun:
    session.add(run)
    await session.flush()
    return run


async def get_run(session: AsyncSession, run_id: uuid.UUID) -> FeedRun | None:
    return await session.get(FeedRun, run_id)


async def runs_of(session: AsyncSession, feed_id: uuid.UUID, *, limit: int) -> Sequence[FeedRun]:
    query = (
        select(FeedRun)
        .where(FeedRun.feed_id == feed_id)
        .order_by(FeedRun.started_at.desc())
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def source_run_stats(session: AsyncSession, *, since: datetime) -> Sequence[Any]:
    """Per source, over runs started since ``since``: runs, failed runs, items, last success."""
    failed = or_(FeedRun.status == "failed", FeedRun.status == "blocked")
    query = (
        select(
            FeedRun.source,
            func.count().label("runs"),
            func.count().filter(failed).label("failed_runs"),
            func.avg(FeedRun.fetched).label("items_per_run"),
            func.max(FeedRun.finished_at)
            .filter(FeedRun.status.in_(["succeeded", "partial"]))
            .label("last_success_at"),
            func.max(FeedRun.started_at).label("last_run_at"),
        )
        .where(FeedRun.started_at >= since, FeedRun.feed_id.is_not(None))
        .group_by(FeedRun.source)
    )
    return (await session.execute(query)).all()


async def latest_run_by_source(session: AsyncSession) -> dict[str, FeedRun]:
    ranked = (
        select(
            FeedRun.id,
            func.row_number()
            .over(partition_by=FeedRun.source, order_by=FeedRun.started_at.desc())
            .label("n"),
        )
        .where(FeedRun.feed_id.is_not(None))
        .subquery()
    )
    rows = await session.scalars(
        select(FeedRun).join(ranked, and_(ranked.c.id == FeedRun.id, ranked.c.n == 1))
    )
    return {run.source: run for run in rows}


# -- imports -----------------------------------------------------------------------------


async def add_import(session: AsyncSession, item: JobImport) -> JobImport:
    session.add(item)
    await session.flush()
    return item


async def get_import(session: AsyncSession, import_id: uuid.UUID) -> JobImport | None:
    return await session.get(JobImport, import_id)


async def import_content(session: AsyncSession, import_id: uuid.UUID) -> bytes | None:
    return (
        await session.execute(select(JobImport.content).where(JobImport.id == import_id))
    ).scalar_one_or_none()


async def record_import_progress(
    session: AsyncSession,
    import_id: uuid.UUID,
    run_id: uuid.UUID,
    *,
    bytes_read: int,
    counts: IngestCounts,
) -> None:
    await session.execute(
        update(JobImport).where(JobImport.id == import_id).values(bytes_read=bytes_read)
    )
    await session.execute(
        update(FeedRun)
        .where(FeedRun.id == run_id)
        .values(
            fetched=counts.fetched,
            new=counts.new,
            merged=counts.merged,
            reposts=counts.reposts,
            updated=counts.updated,
            unchanged=counts.unchanged,
            failed=counts.failed,
        )
    )


async def feed_counts_by_source(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Feed.source, func.count()).group_by(Feed.source))
    return {source: int(count) for source, count in rows}


async def jobs_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> list[Job]:
    if not ids:
        return []
    rows = await session.scalars(select(Job).where(Job.id.in_(list(ids))))
    return list(rows)

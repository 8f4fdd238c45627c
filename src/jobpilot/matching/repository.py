"""All SQL of the matching domain: stage-1 vector retrieval over open jobs."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from jobpilot.auth.models import User
from jobpilot.jobs.models import JOB_VECTOR_DIMENSION, Job
from jobpilot.matching.models import Experiment, ExperimentExposure, MatchAlert, MatchFeedback
from jobpilot.profiles.models import CandidateProfile

if TYPE_CHECKING:
    from jobpilot.matching.retrieval import RetrievalFilters

# HNSW visits at most this many candidates in pgvector 0.6 (its hard upper bound).
MAX_EF_SEARCH = 1000


@dataclass(frozen=True, slots=True)
class VectorRow:
    """One open job as the in-process index keeps it: its vector and its filter columns."""

    id: uuid.UUID
    created_at: datetime
    countries: tuple[str, ...]
    workplace: str | None
    salary_top: float | None
    seniority: str | None
    employment_type: str | None
    company_key: str
    org_id: uuid.UUID | None
    posted: datetime


@dataclass(frozen=True, slots=True)
class VectorBatch:
    rows: list[VectorRow]
    vectors: npt.NDArray[np.float32]  # (len(rows), JOB_VECTOR_DIMENSION)


def _salary_top() -> ColumnElement[float]:
    return func.coalesce(Job.salary_annual_max_ref, Job.salary_annual_min_ref)


def _posted() -> ColumnElement[datetime]:
    return func.coalesce(Job.posted_at, Job.first_seen_at)


def filter_conditions(filters: RetrievalFilters) -> list[ColumnElement[bool]]:
    """The SQL form of ``filters`` (see ``RetrievalFilters`` for what each one keeps)."""
    conditions: list[ColumnElement[bool]] = [
        Job.status == "open",
        Job.embedding.is_not(None),
    ]
    if filters.visible_org_ids:
        conditions.append(
            or_(Job.org_id.is_(None), Job.org_id.in_(sorted(filters.visible_org_ids)))
        )
    else:
        conditions.append(Job.org_id.is_(None))
    if filters.remote_only:
        conditions.append(Job.workplace == "remote")
    if filters.countries:
        places: list[ColumnElement[bool]] = [
            Job.countries.overlap(sorted(filters.countries)),
            # "Contained in the empty array" means empty, and unlike cardinality() the GIN
            # index answers it, so both branches stay index scans.
            Job.countries.contained_by(literal([], Job.countries.type)),
        ]
        if filters.remote_ok:
            places.append(Job.workplace == "remote")
        conditions.append(or_(*places))
    if filters.min_salary is not None:
        top = _salary_top()
        conditions.append(or_(top.is_(None), top >= filters.min_salary))
    if filters.seniority:
        conditions.append(
            or_(Job.seniority.is_(None), Job.seniority.in_(sorted(filters.seniority)))
        )
    if filters.employment_types:
        conditions.append(
            or_(
                Job.employment_type.is_(None),
                Job.employment_type.in_(sorted(filters.employment_types)),
            )
        )
    if filters.exclude_company_keys:
        conditions.append(Job.company_key.not_in(sorted(filters.exclude_company_keys)))
    if filters.exclude_job_ids:
        conditions.append(Job.id.not_in(sorted(filters.exclude_job_ids)))
    if filters.posted_since is not None:
        conditions.append(_posted() >= filters.posted_since)
    return conditions


async def _plan_rows(session: AsyncSession, statement: Select[int]) -> float:
    connection = await session.connection()
    compiled = statement.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    result = await connection.exec_driver_sql(
        "EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params
    )
    plan = result.scalar_one()
    document = json.loads(plan) if isinstance(plan, str) else plan
    return float(document[0]["Plan"]["Plan Rows"])


async def estimate_selectivity(session: AsyncSession, filters: RetrievalFilters) -> float:
    """The planner's estimate of the share of all job rows that pass ``filters`` (0 to 1).

    The share is of *all* rows because that is what the HNSW index walks through.
    """
    passing = await _plan_rows(session, select(literal(1)).where(*filter_conditions(filters)))
    total = await _plan_rows(session, select(literal(1)).select_from(Job))
    return min(1.0, passing / total) if total > 0 else 0.0


def _distance(query: npt.NDArray[np.float32]) -> ColumnElement[float]:
    # <#> is the negated inner product; vectors are unit length, so it ranks like cosine.
    distance: ColumnElement[float] = Job.embedding.max_inner_product(query)
    return distance


async def hnsw_search(
    session: AsyncSession,
    query: npt.NDArray[np.float32],
    filters: RetrievalFilters,
    k: int,
    *,
    ef_search: int,
) -> list[tuple[uuid.UUID, float]]:
    """Approximate top ``k`` through the HNSW index: the best of the ``ef_search`` nearest
    rows that pass the filters (pgvector 0.6 filters after the index scan)."""
    await session.execute(
        select(func.set_config("hnsw.ef_search", str(min(ef_search, MAX_EF_SEARCH)), True))
    )
    distance = _distance(query)
    rows = await session.execute(
        select(Job.id, distance).where(*filter_conditions(filters)).order_by(distance).limit(k)
    )
    return [(row[0], -float(row[1])) for row in rows]


async def exact_search(
    session: AsyncSession, query: npt.NDArray[np.float32], filters: RetrievalFilters, k: int
) -> list[tuple[uuid.UUID, float]]:
    """Exact top ``k``: the filters select rows (through their own indexes or a scan) and the
    distance is computed for those rows only."""
    distance = _distance(query)
    # An index can only serve ``ORDER BY column <op> constant``; adding zero turns the sort
    # key into an expression, so the planner cannot pick the HNSW index (which would
    # post-filter and under-return) and sorts the filtered rows instead.
    rows = await session.execute(
        select(Job.id, distance)
        .where(*filter_conditions(filters))
        .order_by(distance + 0.0, Job.id)
        .limit(k)
    )
    return [(row[0], -float(row[1])) for row in rows]


async def ids_still_matching(
    session: AsyncSession, ids: list[uuid.UUID], filters: RetrievalFilters
) -> set[uuid.UUID]:
    """Those of ``ids`` that pass ``filters`` in the database now."""
    if not ids:
        return set()
    rows = await session.scalars(select(Job.id).where(Job.id.in_(ids), *filter_conditions(filters)))
    return set(rows)


async def job_vector_batches(
    session: AsyncSession,
    *,
    created_after: datetime | None = None,
    batch_size: int = 20_000,
) -> AsyncIterator[VectorBatch]:
    """Open jobs with an embedding (created after ``created_after``, if given), in batches,
    oldest first, with their vectors and filter columns."""
    conditions: list[ColumnElement[bool]] = [Job.status == "open", Job.embedding.is_not(None)]
    if created_after is not None:
        conditions.append(Job.created_at > created_after)
    # The binary send form (2-byte dimension, 2 unused bytes, big-endian float4s) is parsed
    # by numpy in one call per batch instead of one Python float per component.
    statement = (
        select(
            Job.id,
            Job.created_at,
            Job.countries,
            Job.workplace,
            _salary_top(),
            Job.seniority,
            Job.employment_type,
            Job.company_key,
            Job.org_id,
            _posted(),
            func.vector_send(Job.embedding),
        )
        .where(and_(*conditions))
        .order_by(Job.created_at, Job.id)
        .execution_options(yield_per=batch_size)
    )
    result = await session.stream(statement)
    async for partition in result.partitions(batch_size):
        rows = [
            VectorRow(
                id=r[0],
                created_at=r[1],
                countries=tuple(r[2] or ()),
                workplace=r[3],
                salary_top=r[4],
                seniority=r[5],
                employment_type=r[6],
                company_key=r[7],
                org_id=r[8],
                posted=r[9],
            )
            for r in partition
        ]
        raw = np.frombuffer(b"".join(r[10] for r in partition), dtype=">f4")
        vectors = raw.reshape(len(rows), JOB_VECTOR_DIMENSION + 1)[:, 1:].astype(np.float32)
        yield VectorBatch(rows=rows, vectors=vectors)


async def jobs_closed_since(session: AsyncSession, since: datetime) -> list[uuid.UUID]:
    """Jobs no longer open whose ``closed_at`` is at or after ``since``."""
    rows = await session.scalars(select(Job.id).where(Job.closed_at >= since, Job.status != "open"))
    return list(rows)


# -- feedback ----------------------------------------------------------------------------

# A signal and the one that takes it back.
_UNDO = {"save": "unsave", "dismiss": "undismiss"}


async def add_feedback(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    job_id: uuid.UUID,
    action: str,
    experiment_id: uuid.UUID | None = None,
    variant: str | None = None,
) -> None:
    session.add(
        MatchFeedback(
            user_id=user_id,
            job_id=job_id,
            action=action,
            experiment_id=experiment_id,
            variant=variant,
        )
    )
    await session.flush()


async def job_ids_with_feedback(
    session: AsyncSession, user_id: uuid.UUID, action: str
) -> set[uuid.UUID]:
    """Jobs whose latest ``action`` signal from the user was not taken back since."""
    undo = _UNDO.get(action)
    actions = [action, undo] if undo else [action]
    latest = (
        select(
            MatchFeedback.job_id,
            MatchFeedback.action,
            func.row_number()
            .over(partition_by=MatchFeedback.job_id, order_by=MatchFeedback.id.desc())
            .label("recency"),
        )
        .where(MatchFeedback.user_id == user_id, MatchFeedback.action.in_(actions))
        .subquery()
    )
    rows = await session.execute(
        select(latest.c.job_id).where(latest.c.recency == 1, latest.c.action == action)
    )
    return {job_id for (job_id,) in rows}


# -- experiments -------------------------------------------------------------------------

# Any fixed bigint works: it names the advisory lock that serialises status changes.
_EXPERIMENT_STATUS_LOCK = 0x6A6F_6270_696C_6F74


async def add_experiment(session: AsyncSession, experiment: Experiment) -> bool:
    """Insert ``experiment``; False (nothing stored) when its name is already taken."""
    try:
        async with session.begin_nested():
            session.add(experiment)
            await session.flush()
    except IntegrityError as error:
        if "uq_experiments_name" not in str(error.orig):
            raise
        return False
    return True


async def get_experiment(session: AsyncSession, experiment_id: uuid.UUID) -> Experiment | None:
    return await session.scalar(
        select(Experiment)
        .where(Experiment.id == experiment_id)
        .execution_options(populate_existing=True)
    )


async def list_experiments(session: AsyncSession) -> list[Experiment]:
    """Every experiment, newest first."""
    rows = await session.scalars(
        select(Experiment).order_by(Experiment.created_at.desc(), Experiment.name)
    )
    return list(rows)


async def lock_experiment_statuses(session: AsyncSession) -> None:
    """Hold, until the transaction ends, the lock every experiment status change takes."""
    await session.execute(select(func.pg_advisory_xact_lock(_EXPERIMENT_STATUS_LOCK)))


async def running_experiment(session: AsyncSession) -> Experiment | None:
    return await session.scalar(
        select(Experiment)
        .where(Experiment.status == "running")
        .order_by(Experiment.started_at.desc())
        .limit(1)
    )


async def last_stopped_experiment(session: AsyncSession) -> Experiment | None:
    return await session.scalar(
        select(Experiment)
        .where(Experiment.status == "stopped")
        .order_by(Experiment.stopped_at.desc().nulls_last())
        .limit(1)
    )


async def upsert_exposure(
    session: AsyncSession,
    *,
    experiment_id: uuid.UUID,
    user_id: uuid.UUID,
    variant: str,
    at: datetime,
) -> None:
    """The user's first exposure to the experiment, or one more serving of it."""
    statement = insert(ExperimentExposure).values(
        experiment_id=experiment_id,
        user_id=user_id,
        variant=variant,
        first_at=at,
        last_at=at,
        served=1,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[ExperimentExposure.experiment_id, ExperimentExposure.user_id],
            set_={"served": ExperimentExposure.served + 1, "last_at": statement.excluded.last_at},
        )
    )


async def get_exposure(
    session: AsyncSession, experiment_id: uuid.UUID, user_id: uuid.UUID
) -> ExperimentExposure | None:
    return await session.scalar(
        select(ExperimentExposure)
        .where(
            ExperimentExposure.experiment_id == experiment_id,
            ExperimentExposure.user_id == user_id,
        )
        .execution_options(populate_existing=True)
    )


async def exposures_and_conversions(
    session: AsyncSession, experiment_id: uuid.UUID, outcome: str
) -> dict[str, tuple[int, int]]:
    """Per variant: users exposed, and those of them who sent ``outcome`` feedback tagged with
    the experiment at or after their first exposure."""
    converted = (
        select(MatchFeedback.id)
        .where(
            MatchFeedback.user_id == ExperimentExposure.user_id,
            MatchFeedback.experiment_id == ExperimentExposure.experiment_id,
            MatchFeedback.action == outcome,
            MatchFeedback.at >= ExperimentExposure.first_at,
        )
        .exists()
    )
    rows = await session.execute(
        select(
            ExperimentExposure.variant,
            func.count(),
            func.count().filter(converted),
        )
        .where(ExperimentExposure.experiment_id == experiment_id)
        .group_by(ExperimentExposure.variant)
    )
    return {variant: (int(exposed), int(conversions)) for variant, exposed, conversions in rows}


# -- candidates for a job


def _inner(left: InstrumentedAttribute[Any], right: object) -> ColumnElement[float]:
    # <#> is the negated inner product; NULL (a missing facet) counts as zero.
    product: ColumnElement[float] = func.coalesce(-left.max_inner_product(right), 0.0)
    return product


def _profile_similarity(
    query: npt.NDArray[np.float32], facet_weights: tuple[float, float, float]
) -> ColumnElement[float]:
    """Cosine of ``query`` (unit length) with the profile's facets mixed by ``facet_weights``.

    The mix m = Σ wᵢ·fᵢ is never stored, so its inner product with q and its norm are expanded:
    ⟨q, m⟩ = Σ wᵢ·⟨q, fᵢ⟩ and ‖m‖² = Σᵢ Σⱼ wᵢ·wⱼ·⟨fᵢ, fⱼ⟩, missing facets dropping out.
    """
    facets = (
        CandidateProfile.skills_embedding,
        CandidateProfile.experience_embedding,
        CandidateProfile.goals_embedding,
    )
    weighted = list(zip(facets, facet_weights, strict=True))
    towards_query = sum((weight * _inner(facet, query) for facet, weight in weighted), literal(0.0))
    squared_norm = sum(
        (
            left_weight * right_weight * _inner(left, right)
            for left, left_weight in weighted
            for right, right_weight in weighted
        ),
        literal(0.0),
    )
    similarity: ColumnElement[float] = towards_query / func.sqrt(func.nullif(squared_norm, 0.0))
    return similarity


async def candidates_near_job(
    session: AsyncSession,
    query: npt.NDArray[np.float32],
    *,
    facet_weights: tuple[float, float, float],
    limit: int,
    also_user_ids: Collection[uuid.UUID] = (),
    discoverable_only: bool = True,
) -> list[tuple[uuid.UUID, float]]:
    """The ``limit`` active candidates nearest ``query`` with their cosine similarity, best
    first, among those who chose to be discoverable (and ``also_user_ids``, for applicants;
    everyone with ``discoverable_only=False``, for the candidates' own alerts) and whose
    profile holds a resume's skills or experience.

    An exact scan: the mixed vector is an expression no index can serve, and the discoverable
    profiles are few next to the jobs.
    """
    similarity = _profile_similarity(query, facet_weights)
    reachable: ColumnElement[bool] = (
        CandidateProfile.discoverable.is_(True) if discoverable_only else true()
    )
    if also_user_ids:
        reachable = or_(reachable, CandidateProfile.user_id.in_(sorted(also_user_ids)))
    rows = await session.execute(
        select(CandidateProfile.user_id, similarity)
        .join(User, User.id == CandidateProfile.user_id)
        .where(
            reachable,
            User.is_active.is_(True),
            or_(
                CandidateProfile.skills_embedding.is_not(None),
                CandidateProfile.experience_embedding.is_not(None),
            ),
        )
        .order_by(similarity.desc().nulls_last(), CandidateProfile.user_id)
        .limit(limit)
    )
    return [(user_id, float(score or 0.0)) for user_id, score in rows]


async def profiles_by_user_ids(
    session: AsyncSession, user_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, CandidateProfile]:
    """The candidate profiles of these users, by user id."""
    if not user_ids:
        return {}
    rows = await session.scalars(
        select(CandidateProfile).where(CandidateProfile.user_id.in_(list(user_ids)))
    )
    return {profile.user_id: profile for profile in rows}


async def add_match_alerts(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Store new match alerts; one already stored for the same user and job stays as it was.
    Returns how many were new."""
    if not rows:
        return 0
    statement = (
        insert(MatchAlert)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=[MatchAlert.user_id, MatchAlert.job_id])
        .returning(MatchAlert.job_id)
    )
    return len((await session.execute(statement)).all())


async def match_alerts_of(session: AsyncSession, user_id: uuid.UUID) -> list[MatchAlert]:
    """The user's match alerts, newest first."""
    rows = await session.scalars(
        select(MatchAlert)
        .where(MatchAlert.user_id == user_id)
        .order_by(MatchAlert.created_at.desc(), MatchAlert.job_id)
    )
    return list(rows)

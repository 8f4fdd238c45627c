from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import cast

import numpy as np
import numpy.typing as npt
import pytest
from sqlalchemy import Table, delete, insert, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.jobs.models import Job
from jobpilot.matching.repository import VectorRow
from jobpilot.matching.retrieval import (
    HybridIndex,
    InProcessIndex,
    PgExactIndex,
    PgVectorIndex,
    RetrievalFilters,
    StorageType,
    VectorIndex,
    VectorTable,
    hnsw_depth,
)
from jobpilot.orgs.models import Organisation

DIM = 384
NOW = datetime(2026, 11, 20, tzinfo=UTC)
ORG_A = uuid.UUID(int=0xA)
ORG_B = uuid.UUID(int=0xB)
# Open jobs by country: each country is a filter keeping a known share of them.
COUNTRY_COUNTS = {"US": 2500, "FR": 500, "NL": 50, "LU": 5, "GB": 1945}
OPEN_JOBS = sum(COUNTRY_COUNTS.values())
CLOSED_JOBS = 300
SENIORITIES = ("junior", "mid", "senior", "lead", None)
EMPLOYMENT = ("full_time", "contract", None)

Vectors = npt.NDArray[np.float32]
JOBS = cast(Table, Job.__table__)
HNSW_INDEX = (
    "CREATE INDEX ix_jobs_embedding_hnsw ON jobs USING hnsw (embedding vector_ip_ops) "
    "WITH (m = 16, ef_construction = 64)"
)


@dataclass(frozen=True)
class SyntheticJob:
    id: uuid.UUID
    status: str
    countries: tuple[str, ...]
    workplace: str
    salary_min: float | None
    salary_max: float | None
    seniority: str | None
    employment_type: str | None
    company_key: str
    org_id: uuid.UUID | None
    posted_at: datetime | None
    first_seen_at: datetime


def unit(matrix: npt.NDArray[np.float64]) -> Vectors:
    normalised: Vectors = (matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)).astype(
        np.float32
    )
    return normalised


def clustered(rng: np.random.Generator, centres: Vectors, n: int) -> Vectors:
    picks = rng.integers(0, len(centres), n)
    return unit(centres[picks] + rng.normal(0, 0.7 / np.sqrt(DIM), (n, DIM)))


@cache
def catalogue() -> tuple[list[SyntheticJob], Vectors, Vectors]:
    """Jobs (open then closed), their vectors, and query vectors from the same clusters."""
    rng = np.random.default_rng(6)
    centres = unit(rng.normal(size=(40, DIM)))
    countries = [c for c, n in COUNTRY_COUNTS.items() for _ in range(n)]
    rng.shuffle(countries)
    jobs: list[SyntheticJob] = []
    for i in range(OPEN_JOBS + CLOSED_JOBS):
        is_open = i < OPEN_JOBS
        country = countries[i] if is_open else ("LU", "NL", "FR")[i % 3]
        salary = None if i % 4 == 0 else 30_000.0 + (i * 7919) % 120_000
        jobs.append(
            SyntheticJob(
                id=uuid.UUID(int=i + 1),
                status="open" if is_open else "closed",
                countries=() if i % 97 == 0 else (country,),
                workplace="remote" if country == "GB" and i % 5 == 0 else "on_site",
                salary_min=None if salary is None else salary * 0.8,
                salary_max=None if salary is None or i % 3 == 0 else salary,
                seniority=SENIORITIES[i % len(SENIORITIES)],
                employment_type=EMPLOYMENT[i % len(EMPLOYMENT)],
                company_key=f"co{i % 150}",
                org_id=ORG_A if i % 50 == 1 else ORG_B if i % 50 == 2 else None,
                posted_at=None if i % 6 == 0 else NOW - timedelta(days=i % 60),
                first_seen_at=NOW - timedelta(days=i % 45),
            )
        )
    return jobs, clustered(rng, centres, len(jobs)), clustered(rng, centres, 20)


def passes(job: SyntheticJob, filters: RetrievalFilters) -> bool:
    """The filter rules as the documentation states them, written independently."""
    if job.status != "open":
        return False
    if job.org_id is not None and job.org_id not in filters.visible_org_ids:
        return False
    if filters.remote_only and job.workplace != "remote":
        return False
    if filters.countries and not (
        not job.countries
        or set(job.countries) & filters.countries
        or (filters.remote_ok and job.workplace == "remote")
    ):
        return False
    top = job.salary_max if job.salary_max is not None else job.salary_min
    if filters.min_salary is not None and top is not None and top < filters.min_salary:
        return False
    if filters.seniority and job.seniority is not None and job.seniority not in filters.seniority:
        return False
    if (
        filters.employment_types
        and job.employment_type is not None
        and job.employment_type not in filters.employment_types
    ):
        return False
    if job.company_key in filters.exclude_company_keys or job.id in filters.exclude_job_ids:
        return False
    posted = job.posted_at or job.first_seen_at
    return filters.posted_since is None or posted >= filters.posted_since


def exact_top(query: Vectors, filters: RetrievalFilters, k: int) -> list[uuid.UUID]:
    jobs, vectors, _ = catalogue()
    keep = np.array([passes(job, filters) for job in jobs])
    scores = np.where(keep, vectors @ query, -np.inf)
    order = np.argsort(-scores, kind="stable")[: min(k, int(keep.sum()))]
    return [jobs[i].id for i in order]


async def store_catalogue(session: AsyncSession) -> None:
    jobs, vectors, _ = catalogue()
    # Start from an empty table inside the test's transaction, whatever others committed.
    await session.execute(delete(Job))
    await session.execute(
        insert(Organisation),
        [
            {"id": ORG_A, "name": "A", "slug": "retr-a"},
            {"id": ORG_B, "name": "B", "slug": "retr-b"},
        ],
    )
    rows = [
        {
            "id": job.id,
            "org_id": job.org_id,
            "status": job.status,
            "title": "Engineer",
            "title_key": "engineer",
            "company_name": job.company_key,
            "company_key": job.company_key,
            "seniority": job.seniority,
            "employment_type": job.employment_type,
            "workplace": job.workplace,
            "countries": list(job.countries),
            "salary_annual_min_ref": job.salary_min,
            "salary_annual_max_ref": job.salary_max,
            "posted_at": job.posted_at,
            "first_seen_at": job.first_seen_at,
            "last_seen_at": job.first_seen_at,
            "closed_at": None if job.status == "open" else NOW,
            "embedding": vector,
        }
        for job, vector in zip(jobs, vectors, strict=True)
    ]
    # Building the HNSW index once over the rows is several times faster than growing it by
    # one insert at a time; both happen inside the test's transaction and are rolled back.
    await session.execute(text("DROP INDEX ix_jobs_embedding_hnsw"))
    # The table, not the ORM entity: the ORM would insert row by row to fetch the computed
    # search column back.
    await session.execute(insert(JOBS), rows)
    await session.execute(text(HNSW_INDEX))
    # The planner's selectivity estimates need statistics of these rows.
    await session.execute(text("ANALYZE jobs"))


def recall(found: list[uuid.UUID], expected: list[uuid.UUID]) -> float:
    return len(set(found) & set(expected)) / len(expected) if expected else 1.0


INDEXES: dict[str, Callable[[], VectorIndex]] = {
    "pgvector": PgVectorIndex,
    "pg_exact": PgExactIndex,
    "in_process": InProcessIndex,
}
EXACT = {"pg_exact", "in_process"}


def by_country(*countries: str) -> RetrievalFilters:
    return RetrievalFilters(countries=frozenset(countries), remote_ok=False)


SELECTIVE_FILTERS = {
    # Unknown-location jobs (every 97th) pass a country filter, so the shares are slightly
    # above the nominal ones.
    "all": RetrievalFilters(),
    "50%": by_country("US"),
    "10%": by_country("FR"),
    "1%": by_country("NL"),
    "0.1%": by_country("LU"),
}


@pytest.mark.parametrize("name", sorted(INDEXES))
async def test_recall_against_exact_search_for_each_selectivity(
    session: AsyncSession, name: str
) -> None:
    await store_catalogue(session)
    index = INDEXES[name]()
    _, _, queries = catalogue()
    for label, filters in SELECTIVE_FILTERS.items():
        recalls = []
        for query in queries:
            hits = await index.search(session, query, filters, 10)
            expected = exact_top(query, filters, 10)
            recalls.append(recall([h.job_id for h in hits], expected))
            assert len(hits) == len(expected), label
            assert [h.similarity for h in hits] == sorted(
                (h.similarity for h in hits), reverse=True
            )
        mean = sum(recalls) / len(recalls)
        assert mean >= (1.0 if name in EXACT else 0.95), (label, mean)


async def test_pgvector_switches_strategy_with_selectivity(session: AsyncSession) -> None:
    await store_catalogue(session)
    index = PgVectorIndex()
    _, _, queries = catalogue()
    unfiltered = await index.retrieve(session, queries[0], RetrievalFilters(), 10)
    # About 2 % of jobs pass: 3 x 20 rows would need an HNSW depth far beyond 1000.
    selective = await index.retrieve(session, queries[0], by_country("NL"), 20)
    assert unfiltered.strategy == "hnsw"
    assert unfiltered.ef_search == 100
    assert selective.strategy == "exact"
    assert selective.ef_search is None


async def test_pgvector_falls_back_to_exact_when_hnsw_under_returns(
    session: AsyncSession,
) -> None:
    await store_catalogue(session)
    # An overfetch this low trusts HNSW with a filter it cannot satisfy within its depth.
    index = PgVectorIndex(overfetch=0.001)
    _, _, queries = catalogue()
    found = await index.retrieve(session, queries[1], by_country("LU"), 10)
    assert found.strategy == "hnsw_then_exact"
    assert [h.job_id for h in found.hits] == exact_top(queries[1], by_country("LU"), 10)


def other_filters() -> dict[str, RetrievalFilters]:
    jobs, _, _ = catalogue()
    return {
        "remote only": RetrievalFilters(remote_only=True),
        "countries or remote": RetrievalFilters(countries=frozenset({"NL"}), remote_ok=True),
        "salary floor": RetrievalFilters(min_salary=120_000),
        "seniority band": RetrievalFilters(seniority=frozenset({"senior", "lead"})),
        "employment": RetrievalFilters(employment_types=frozenset({"contract"})),
        "blocklists": RetrievalFilters(
            exclude_company_keys=frozenset(f"co{i}" for i in range(0, 150, 2)),
            exclude_job_ids=frozenset(job.id for job in jobs[:2000]),
        ),
        "organisation": RetrievalFilters(visible_org_ids=frozenset({ORG_A})),
        "recent": RetrievalFilters(posted_since=NOW - timedelta(days=10)),
        "combined": RetrievalFilters(
            countries=frozenset({"US", "GB"}),
            min_salary=60_000,
            seniority=frozenset({"mid"}),
            visible_org_ids=frozenset({ORG_B}),
        ),
    }


@pytest.mark.parametrize("name", sorted(INDEXES))
async def test_every_filter_is_respected(session: AsyncSession, name: str) -> None:
    await store_catalogue(session)
    index = INDEXES[name]()
    jobs, _, queries = catalogue()
    by_id = {job.id: job for job in jobs}
    for label, filters in other_filters().items():
        for query in queries[:5]:
            hits = await index.search(session, query, filters, 20)
            expected = exact_top(query, filters, 20)
            found = [h.job_id for h in hits]
            assert all(passes(by_id[job_id], filters) for job_id in found), label
            if name in EXACT:
                assert found == expected, label
            else:
                assert recall(found, expected) >= 0.9, label


@pytest.mark.parametrize("name", sorted(INDEXES))
async def test_closed_excluded_and_invisible_jobs_never_come_back(
    session: AsyncSession, name: str
) -> None:
    await store_catalogue(session)
    index = INDEXES[name]()
    jobs, vectors, _ = catalogue()
    closed = next(i for i, job in enumerate(jobs) if job.status == "closed")
    other_org = next(i for i, job in enumerate(jobs) if job.org_id == ORG_B)
    own_org = next(i for i, job in enumerate(jobs) if job.org_id == ORG_A)
    excluded = 10

    # Each query is the job's own vector: unfiltered, that job would be the best hit.
    hits = await index.search(session, vectors[closed], RetrievalFilters(), 5)
    assert jobs[closed].id not in {h.job_id for h in hits}
    visible = RetrievalFilters(visible_org_ids=frozenset({ORG_A}))
    hits = await index.search(session, vectors[other_org], visible, 5)
    assert jobs[other_org].id not in {h.job_id for h in hits}
    hits = await index.search(session, vectors[own_org], visible, 5)
    assert hits[0].job_id == jobs[own_org].id
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-5)
    blocked = RetrievalFilters(
        exclude_job_ids=frozenset({jobs[excluded].id}),
        exclude_company_keys=frozenset({jobs[excluded + 1].company_key}),
    )
    hits = await index.search(session, vectors[excluded], blocked, 5)
    assert jobs[excluded].id not in {h.job_id for h in hits}
    hits = await index.search(session, vectors[excluded + 1], blocked, 50)
    assert jobs[excluded + 1].company_key not in {by_id_key(h.job_id) for h in hits}


def by_id_key(job_id: uuid.UUID) -> str:
    jobs, _, _ = catalogue()
    return jobs[job_id.int - 1].company_key


@pytest.mark.parametrize("name", sorted(INDEXES))
async def test_unknown_salary_and_seniority_pass(session: AsyncSession, name: str) -> None:
    await store_catalogue(session)
    index = INDEXES[name]()
    jobs, _, queries = catalogue()
    by_id = {job.id: job for job in jobs}
    # No job pays this much and no job is an intern: only jobs that do not say remain.
    filters = RetrievalFilters(min_salary=10_000_000, seniority=frozenset({"intern"}))
    hits = await index.search(session, queries[2], filters, 30)
    assert len(hits) == 30
    for hit in hits:
        job = by_id[hit.job_id]
        assert job.salary_min is None
        assert job.salary_max is None
        assert job.seniority is None


async def test_in_process_index_refreshes_and_verifies(session: AsyncSession) -> None:
    await store_catalogue(session)
    jobs, vectors, _ = catalogue()
    moments = [datetime.now(UTC)]
    index = InProcessIndex(clock=lambda: moments[0], refresh_every=timedelta(seconds=30))
    first = await index.search(session, vectors[3], RetrievalFilters(), 1)
    assert first[0].job_id == jobs[3].id

    # Closed behind the index's back: verification drops it before any refresh.
    await session.execute(
        update(Job).where(Job.id == jobs[3].id).values(status="closed", closed_at=moments[0])
    )
    hits = await index.search(session, vectors[3], RetrievalFilters(), 1)
    assert hits[0].job_id != jobs[3].id
    assert index.table is not None
    assert jobs[3].id not in index.table

    # A new job appears after the next refresh.
    new_id = uuid.uuid4()
    query = vectors[3] * -1.0
    await session.execute(
        insert(Job),
        [
            {
                "id": new_id,
                "title": "New",
                "title_key": "new",
                "company_name": "fresh",
                "company_key": "fresh",
                "first_seen_at": NOW,
                "last_seen_at": NOW,
                "embedding": query,
            }
        ],
    )
    assert (await index.search(session, query, RetrievalFilters(), 1))[0].job_id != new_id
    moments[0] += timedelta(seconds=31)
    assert (await index.search(session, query, RetrievalFilters(), 1))[0].job_id == new_id


def test_hnsw_depth_grows_with_the_filter_and_gives_up_past_pgvectors_limit() -> None:
    assert hnsw_depth(20, 1.0, overfetch=3) == 100
    assert hnsw_depth(20, 0.5, overfetch=3) == 120
    assert hnsw_depth(20, 0.1, overfetch=3) == 600
    assert hnsw_depth(20, 0.01, overfetch=3) is None
    assert hnsw_depth(10, 0.0, overfetch=3) is None


def table_of(storage: StorageType) -> VectorTable:
    jobs, vectors, _ = catalogue()
    table = VectorTable(storage=storage)
    rows = [
        VectorRow(
            id=job.id,
            created_at=NOW,
            countries=job.countries,
            workplace=job.workplace,
            salary_top=job.salary_max if job.salary_max is not None else job.salary_min,
            seniority=job.seniority,
            employment_type=job.employment_type,
            company_key=job.company_key,
            org_id=job.org_id,
            posted=job.posted_at or job.first_seen_at,
        )
        for job in jobs
        if job.status == "open"
    ]
    table.upsert(rows, vectors[: len(rows)])
    return table


@pytest.mark.parametrize(("storage", "least_recall"), [("float16", 0.95), ("int8", 0.9)])
def test_compact_storage_keeps_the_ranking_close(storage: StorageType, least_recall: float) -> None:
    exact, compact = table_of("float32"), table_of(storage)
    _, _, queries = catalogue()
    recalls = [
        recall(
            [h.job_id for h in compact.top_k(q, RetrievalFilters(), 20)],
            [h.job_id for h in exact.top_k(q, RetrievalFilters(), 20)],
        )
        for q in queries
    ]
    assert sum(recalls) / len(recalls) >= least_recall
    assert compact.nbytes < exact.nbytes


def test_upsert_overwrites_a_known_job_and_revives_it() -> None:
    table = table_of("float32")
    jobs, vectors, _ = catalogue()
    j = next(i for i, job in enumerate(jobs) if job.countries == ("US",) and job.org_id is None)
    moved = VectorRow(
        id=jobs[j].id,
        created_at=NOW,
        countries=("LU",),
        workplace="on_site",
        salary_top=None,
        seniority=None,
        employment_type=None,
        company_key="moved",
        org_id=None,
        posted=NOW,
    )
    table.retire([jobs[j].id])
    assert jobs[j].id not in table
    table.upsert([moved], vectors[j : j + 1])
    assert jobs[j].id in table
    assert table.size == OPEN_JOBS
    assert table.top_k(vectors[j], by_country("LU"), 1)[0].job_id == jobs[j].id
    assert table.top_k(vectors[j], by_country("US"), 1)[0].job_id != jobs[j].id


async def test_hybrid_index_scans_in_process_until_the_filter_passes_too_many_rows(
    session: AsyncSession,
) -> None:
    await store_catalogue(session)
    _, _, queries = catalogue()
    # Room to scan the 1 % filter's rows, not the unfiltered catalogue's.
    index = HybridIndex(max_scan_rows=500)
    broad = await index.retrieve(session, queries[0], RetrievalFilters(), 10)
    narrow = await index.retrieve(session, queries[0], by_country("NL"), 10)
    assert broad.strategy == "hnsw"
    assert narrow.strategy == "in_process"
    assert [h.job_id for h in narrow.hits] == exact_top(queries[0], by_country("NL"), 10)

"""Stage-1 retrieval: latency and recall against exact search of each ``VectorIndex``, for a mix
of filters from unfiltered to 0.1 % selective. Prints JSON.

    uv run python bench/matching_retrieval.py --jobs 100000
    uv run python bench/matching_retrieval.py --jobs 1000000 --no-postgres

Synthetic jobs: clustered 384-d unit vectors (plus 5 % closed jobs) with filter columns whose
shares are known (country US 50 %, FR 10 %, NL 1 %, LU 0.1 %, GB the rest). They are copied
into a scratch embedded database, the HNSW index is built afterwards (timed), and every index
answers the same queries. The exact reference is a numpy scan over the generated arrays with
the filters written out independently of ``VectorTable``. ``--no-postgres`` measures only the
in-process table (float32 / float16 / int8), filled from memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import psutil
import psycopg
from pgvector.psycopg import register_vector_async
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _instance import bench_instance
from _machine import machine_info

from jobpilot.core.runtime import Runtime
from jobpilot.matching.repository import VectorRow
from jobpilot.matching.retrieval import (
    Hit,
    InProcessIndex,
    PgExactIndex,
    PgVectorIndex,
    RetrievalFilters,
    StorageType,
    VectorTable,
)

DIM = 384
NOW = datetime(2026, 11, 20, tzinfo=UTC)
COUNTRIES = ("US", "FR", "NL", "LU", "GB")
COUNTRY_SHARES = (0.5, 0.1, 0.01, 0.001, 0.389)
SENIORITIES = ("junior", "mid", "senior", "lead")
Vectors = npt.NDArray[np.float32]


@dataclass
class Catalogue:
    ids: list[uuid.UUID]
    vectors: Vectors
    open: npt.NDArray[np.bool_]
    country: npt.NDArray[np.int64]
    remote: npt.NDArray[np.bool_]
    salary: npt.NDArray[np.float64]  # NaN: unknown
    seniority: npt.NDArray[np.int64]  # -1: unknown
    company: npt.NDArray[np.int64]


def unit(matrix: npt.NDArray[np.float64]) -> Vectors:
    out: Vectors = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    return out


def clustered(rng: np.random.Generator, centres: Vectors, n: int) -> Vectors:
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        picks = rng.integers(0, len(centres), stop - start)
        noise = rng.normal(0, 0.7 / np.sqrt(DIM), (stop - start, DIM))
        out[start:stop] = unit(centres[picks] + noise)
    return out


def generate(n: int, queries: int, seed: int) -> tuple[Catalogue, Vectors]:
    rng = np.random.default_rng(seed)
    centres = unit(rng.normal(size=(max(50, n // 1000), DIM)))
    total = n + n // 20
    country = rng.choice(len(COUNTRIES), size=total, p=COUNTRY_SHARES)
    salary = rng.uniform(30_000, 150_000, total)
    salary[rng.random(total) < 0.25] = np.nan
    seniority = rng.integers(-1, len(SENIORITIES), total)
    catalogue = Catalogue(
        ids=[uuid.UUID(int=i + 1) for i in range(total)],
        vectors=clustered(rng, centres, total),
        open=np.arange(total) < n,
        country=country,
        remote=(country == COUNTRIES.index("GB")) & (rng.random(total) < 0.1),
        salary=salary,
        seniority=seniority,
        company=rng.integers(0, 2000, total),
    )
    return catalogue, clustered(rng, centres, queries)


def filter_mixes(catalogue: Catalogue) -> dict[str, RetrievalFilters]:
    def only(country: str) -> RetrievalFilters:
        return RetrievalFilters(countries=frozenset({country}), remote_ok=False)

    return {
        "none": RetrievalFilters(),
        "50%": only("US"),
        "10%": only("FR"),
        "1%": only("NL"),
        "0.1%": only("LU"),
        "typical": RetrievalFilters(
            countries=frozenset({"US"}),
            remote_ok=True,
            min_salary=60_000,
            seniority=frozenset({"mid", "senior"}),
            exclude_company_keys=frozenset(f"co{i}" for i in range(20)),
            exclude_job_ids=frozenset(catalogue.ids[:100]),
        ),
    }


def reference_mask(catalogue: Catalogue, filters: RetrievalFilters) -> npt.NDArray[np.bool_]:
    """The rows passing ``filters``, computed straight from the generated columns."""
    mask = catalogue.open.copy()
    if filters.countries:
        codes = [COUNTRIES.index(c) for c in filters.countries]
        place = np.isin(catalogue.country, codes)
        if filters.remote_ok:
            place |= catalogue.remote
        mask &= place
    if filters.min_salary is not None:
        mask &= np.isnan(catalogue.salary) | (catalogue.salary >= filters.min_salary)
    if filters.seniority:
        codes = [SENIORITIES.index(s) for s in filters.seniority]
        mask &= (catalogue.seniority == -1) | np.isin(catalogue.seniority, codes)
    if filters.exclude_company_keys:
        codes = [int(key[2:]) for key in filters.exclude_company_keys]
        mask &= ~np.isin(catalogue.company, codes)
    for job_id in filters.exclude_job_ids:
        mask[job_id.int - 1] = False
    return mask


def exact_ids(
    catalogue: Catalogue, mask: npt.NDArray[np.bool_], query: Vectors, k: int
) -> list[uuid.UUID]:
    rows = np.flatnonzero(mask)
    scores = catalogue.vectors[rows] @ query
    k = min(k, len(rows))
    best = np.argpartition(-scores, k - 1)[:k] if k < len(rows) else np.arange(len(rows))
    return [catalogue.ids[int(rows[i])] for i in best]


def vector_rows(catalogue: Catalogue, positions: npt.NDArray[np.int64]) -> list[VectorRow]:
    return [
        VectorRow(
            id=catalogue.ids[i],
            created_at=NOW,
            countries=(COUNTRIES[catalogue.country[i]],),
            workplace="remote" if catalogue.remote[i] else "on_site",
            salary_top=None if np.isnan(catalogue.salary[i]) else float(catalogue.salary[i]),
            seniority=None if catalogue.seniority[i] < 0 else SENIORITIES[catalogue.seniority[i]],
            employment_type=None,
            company_key=f"co{catalogue.company[i]}",
            org_id=None,
            posted=NOW,
        )
        for i in positions.tolist()
    ]


def in_memory_table(catalogue: Catalogue, storage: StorageType) -> tuple[VectorTable, float]:
    started = time.perf_counter()
    table = VectorTable(storage=storage)
    open_rows = np.flatnonzero(catalogue.open)
    for start in range(0, len(open_rows), 100_000):
        chunk = open_rows[start : start + 100_000]
        table.upsert(vector_rows(catalogue, chunk), catalogue.vectors[chunk])
    return table, time.perf_counter() - started


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.asarray(samples) * 1000
    return {f"p{p}": round(float(np.percentile(ms, p)), 2) for p in (50, 95, 99)}


def recall(found: list[Hit], expected: list[uuid.UUID]) -> float:
    return len({h.job_id for h in found} & set(expected)) / len(expected) if expected else 1.0


Search = Callable[[Vectors, RetrievalFilters, int], Awaitable[list[Hit]]]


async def measure(
    search: Search,
    catalogue: Catalogue,
    queries: Vectors,
    mixes: dict[str, RetrievalFilters],
    references: dict[tuple[str, int, int], list[uuid.UUID]],
) -> dict[str, object]:
    result: dict[str, object] = {}
    for label, filters in mixes.items():
        row: dict[str, object] = {}
        for k in (20, 100):
            seconds: list[float] = []
            recalls: list[float] = []
            for q, query in enumerate(queries):
                started = time.perf_counter()
                hits = await search(query, filters, k)
                seconds.append(time.perf_counter() - started)
                recalls.append(recall(hits, references[(label, k, q)]))
            row[f"k{k}"] = {
                **percentiles(seconds),
                "recall": round(sum(recalls) / len(recalls), 4),
            }
        result[label] = row
    return result


def table_search(table: VectorTable) -> Search:
    async def search(query: Vectors, filters: RetrievalFilters, k: int) -> list[Hit]:
        return table.top_k(query, filters, k)

    return search


async def copy_into_postgres(runtime: Runtime, catalogue: Catalogue) -> dict[str, float]:
    """Copy the catalogue in (binary COPY), then build the HNSW index and gather statistics."""
    timings: dict[str, float] = {}
    async with await psycopg.AsyncConnection.connect(runtime.libpq_url, autocommit=True) as conn:
        await register_vector_async(conn)
        await conn.execute("DROP INDEX IF EXISTS ix_jobs_embedding_hnsw")
        started = time.perf_counter()
        columns = (
            "id, status, title, title_key, company_name, company_key, countries, workplace, "
            "salary_annual_max_ref, seniority, locations, cities, benefits, skills, skill_ids, "
            "description, repost_count, first_seen_at, last_seen_at, created_at, embedding"
        )
        types = [
            "uuid", "varchar", "text", "varchar", "text", "varchar", "varchar[]", "varchar",
            "float8", "varchar", "jsonb", "text[]", "text[]", "jsonb", "varchar[]", "text",
            "int4", "timestamptz", "timestamptz", "timestamptz", "vector",
        ]  # fmt: skip
        statement = f"COPY jobs ({columns}) FROM STDIN (FORMAT BINARY)"
        async with conn.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(types)
            for i, job_id in enumerate(catalogue.ids):
                salary = catalogue.salary[i]
                seniority = catalogue.seniority[i]
                await copy.write_row(
                    (
                        job_id,
                        "open" if catalogue.open[i] else "closed",
                        "Engineer",
                        "engineer",
                        f"co{catalogue.company[i]}",
                        f"co{catalogue.company[i]}",
                        [COUNTRIES[catalogue.country[i]]],
                        "remote" if catalogue.remote[i] else "on_site",
                        None if np.isnan(salary) else float(salary),
                        None if seniority < 0 else SENIORITIES[seniority],
                        Jsonb([]),
                        [],
                        [],
                        Jsonb([]),
                        [],
                        "",
                        0,
                        NOW - timedelta(days=i % 60),
                        NOW,
                        NOW,
                        catalogue.vectors[i],
                    )
                )
        timings["copy_s"] = round(time.perf_counter() - started, 2)
        # The whole graph must fit in maintenance memory, or the build slows by an order.
        await conn.execute("SET maintenance_work_mem = '6GB'")
        await conn.execute("SET max_parallel_maintenance_workers = 1")
        started = time.perf_counter()
        await conn.execute(
            "CREATE INDEX ix_jobs_embedding_hnsw ON jobs USING hnsw (embedding vector_ip_ops) "
            "WITH (m = 16, ef_construction = 64)"
        )
        timings["hnsw_build_s"] = round(time.perf_counter() - started, 2)
        await conn.execute("VACUUM ANALYZE jobs")
    return timings


def session_search(
    runtime: Runtime, index: PgVectorIndex | PgExactIndex | InProcessIndex
) -> Search:
    async def search(query: Vectors, filters: RetrievalFilters, k: int) -> list[Hit]:
        async with runtime.sessionmaker() as session, session.begin():
            return await index.search(session, query, filters, k)

    return search


async def strategies(
    runtime: Runtime, queries: Vectors, mixes: dict[str, RetrievalFilters]
) -> dict[str, dict[str, int]]:
    """How often the adaptive pgvector index answered with each strategy, per mix (k = 20)."""
    index = PgVectorIndex()
    counts: dict[str, dict[str, int]] = {}
    for label, filters in mixes.items():
        seen: dict[str, int] = {}
        for query in queries:
            async with runtime.sessionmaker() as session, session.begin():
                found = await index.retrieve(session, query, filters, 20)
            seen[found.strategy] = seen.get(found.strategy, 0) + 1
        counts[label] = seen
    return counts


async def run() -> dict[str, object]:
    catalogue, queries = generate(ARGS.jobs, ARGS.queries, ARGS.seed)
    mixes = filter_mixes(catalogue)
    references: dict[tuple[str, int, int], list[uuid.UUID]] = {}
    selectivity: dict[str, float] = {}
    for label, filters in mixes.items():
        mask = reference_mask(catalogue, filters)
        selectivity[label] = round(float(mask.sum()) / ARGS.jobs, 5)
        for k in (20, 100):
            for q, query in enumerate(queries):
                references[(label, k, q)] = exact_ids(catalogue, mask, query, k)
    result: dict[str, object] = {"selectivity": selectivity}
    process = psutil.Process()

    tables: dict[str, object] = {}
    storages: list[StorageType] = ARGS.storages.split(",")
    for storage in storages:
        before = process.memory_info().rss
        table, seconds = in_memory_table(catalogue, storage)
        tables[storage] = {
            "fill_s": round(seconds, 2),
            "table_mb": round(table.nbytes / 2**20, 1),
            "rss_growth_mb": round((process.memory_info().rss - before) / 2**20, 1),
            "results": await measure(table_search(table), catalogue, queries, mixes, references),
        }
        del table
    result["in_memory_table"] = tables
    if ARGS.no_postgres:
        return result

    async with bench_instance() as (runtime, _):
        result["postgres_load"] = await copy_into_postgres(runtime, catalogue)
        in_process = InProcessIndex()
        before = process.memory_info().rss
        started = time.perf_counter()
        async with runtime.sessionmaker() as session, session.begin():
            table = await in_process.load(session)
        result["in_process_load"] = {
            "load_s": round(time.perf_counter() - started, 2),
            "rows": table.live_rows,
            "table_mb": round(table.nbytes / 2**20, 1),
            "rss_growth_mb": round((process.memory_info().rss - before) / 2**20, 1),
        }
        result["pgvector_strategies_k20"] = await strategies(runtime, queries, mixes)
        result["pgvector_adaptive"] = await measure(
            session_search(runtime, PgVectorIndex()), catalogue, queries, mixes, references
        )
        result["in_process_verified"] = await measure(
            session_search(runtime, in_process), catalogue, queries, mixes, references
        )
        exact_queries = queries[: ARGS.exact_queries]
        result["pg_exact"] = {
            "queries": len(exact_queries),
            **await measure(
                session_search(runtime, PgExactIndex()),
                catalogue,
                exact_queries,
                mixes,
                references,
            ),
        }
    return result


def main() -> None:
    started = time.perf_counter()
    result = asyncio.run(run())
    print(
        json.dumps(
            {
                "jobs": ARGS.jobs,
                "queries": ARGS.queries,
                **result,
                "total_s": round(time.perf_counter() - started, 1),
                "machine": machine_info(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="open jobs to generate")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--exact-queries", type=int, default=50, help="queries for the (slow) PostgreSQL scan"
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--storages", default="float32,float16,int8", help="in-memory table variants to measure"
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="only the in-process table, from memory"
    )
    ARGS = parser.parse_args()
    main()

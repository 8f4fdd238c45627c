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
from datetime import timedelta
from pathlib import Path

import numpy as np
import psutil
import psycopg
from pgvector.psycopg import register_vector_async
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _instance import bench_instance
from _machine import machine_info
from _synthetic_jobs import (
    COUNTRIES,
    NOW,
    SENIORITIES,
    Catalogue,
    Vectors,
    exact_ids,
    filter_mixes,
    generate,
    in_memory_table,
    percentiles,
    recall,
    reference_mask,
)

from jobpilot.core.runtime import Runtime
from jobpilot.matching.retrieval import (
    Hit,
    InProcessIndex,
    PgExactIndex,
    PgVectorIndex,
    RetrievalFilters,
    StorageType,
    VectorTable,
)

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

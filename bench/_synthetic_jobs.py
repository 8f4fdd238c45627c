"""Synthetic open jobs for the matching benchmarks: clustered unit vectors and filter columns
whose shares are known, the filter mixes measured over them, and exact references.

384-d vectors around max(50, n/1000) random centres (noise of norm about 0.7, so jobs of one
centre have a cosine near 0.67 with each other and near 0 with the rest), plus 5 % closed jobs.
Open jobs are listed in one of five countries (US 50 %, FR 10 %, NL 1 %, LU 0.1 %, GB the rest);
10 % of the GB jobs are remote.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from jobpilot.matching.repository import VectorRow
from jobpilot.matching.retrieval import Hit, RetrievalFilters, StorageType, VectorTable

DIM = 384
NOW = datetime(2026, 11, 20, tzinfo=UTC)
COUNTRIES = ("US", "FR", "NL", "LU", "GB")
COUNTRY_SHARES = (0.5, 0.1, 0.01, 0.001, 0.389)
SENIORITIES = ("junior", "mid", "senior", "lead")
Vectors = npt.NDArray[np.float32]
Positions = npt.NDArray[np.int64]


@dataclass
class Catalogue:
    ids: list[uuid.UUID]
    vectors: Vectors
    centres: Vectors
    cluster: Positions  # the centre each job's vector was drawn around
    open: npt.NDArray[np.bool_]
    country: Positions
    remote: npt.NDArray[np.bool_]
    salary: npt.NDArray[
        np.float64
    ]  # top of the annual range in the reference currency; NaN: unknown
    seniority: Positions  # -1: unknown
    company: Positions


def unit(matrix: npt.NDArray[np.float64]) -> Vectors:
    out: Vectors = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    return out


def clustered(rng: np.random.Generator, centres: Vectors, n: int) -> tuple[Vectors, Positions]:
    """``n`` unit vectors drawn around random centres, and the centre of each."""
    out = np.empty((n, DIM), dtype=np.float32)
    picked = np.empty(n, dtype=np.int64)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        picks = rng.integers(0, len(centres), stop - start)
        noise = rng.normal(0, 0.7 / np.sqrt(DIM), (stop - start, DIM))
        out[start:stop] = unit(centres[picks] + noise)
        picked[start:stop] = picks
    return out, picked


def generate(
    n: int, queries: int, seed: int, *, companies: int = 2000
) -> tuple[Catalogue, Vectors]:
    """``n`` open jobs and ``n / 20`` closed ones, and query vectors from the same clusters."""
    rng = np.random.default_rng(seed)
    centres = unit(rng.normal(size=(max(50, n // 1000), DIM)))
    total = n + n // 20
    country = rng.choice(len(COUNTRIES), size=total, p=COUNTRY_SHARES)
    salary = rng.uniform(30_000, 150_000, total)
    salary[rng.random(total) < 0.25] = np.nan
    seniority = rng.integers(-1, len(SENIORITIES), total)
    vectors, cluster = clustered(rng, centres, total)
    catalogue = Catalogue(
        ids=[uuid.UUID(int=i + 1) for i in range(total)],
        vectors=vectors,
        centres=centres,
        cluster=cluster,
        open=np.arange(total) < n,
        country=country,
        remote=(country == COUNTRIES.index("GB")) & (rng.random(total) < 0.1),
        salary=salary,
        seniority=seniority,
        company=rng.integers(0, companies, total),
    )
    return catalogue, clustered(rng, centres, queries)[0]


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
    """The rows passing ``filters``, computed straight from the generated columns (countries,
    remote, salary, seniority, companies and job ids; the other filters are not applied)."""
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


def vector_rows(catalogue: Catalogue, positions: Positions) -> list[VectorRow]:
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
    """p50, p95 and p99 of durations in seconds, in milliseconds."""
    ms = np.asarray(samples) * 1000
    return {f"p{p}": round(float(np.percentile(ms, p)), 2) for p in (50, 95, 99)}


def recall(found: list[Hit], expected: list[uuid.UUID]) -> float:
    return len({h.job_id for h in found} & set(expected)) / len(expected) if expected else 1.0

"""Stage 1 of matching: the open jobs most similar to a query vector that pass hard filters.

Two implementations of one ``VectorIndex`` interface:

- ``PgVectorIndex`` asks PostgreSQL: pgvector's HNSW index with a depth chosen from ``k`` and
  the filter's estimated selectivity, falling back to an exact filtered scan when the filter is
  too selective for HNSW (pgvector 0.6 filters *after* the index scan) or when HNSW
  under-returns.
- ``InProcessIndex`` keeps the vectors and filter columns of open jobs in numpy, loaded from
  PostgreSQL once and refreshed incrementally, and scans exactly.

``PgExactIndex`` is the exact filtered scan on its own (the reference, and the fallback);
``HybridIndex`` scans in process while the filtered rows are few enough and asks pgvector
otherwise.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.jobs.models import JOB_VECTOR_DIMENSION
from jobpilot.matching import repository
from jobpilot.matching.repository import MAX_EF_SEARCH, VectorRow

FloatVector = npt.NDArray[np.float32]
Mask = npt.NDArray[np.bool_]
StorageType = Literal["float32", "float16", "int8"]
Strategy = Literal["hnsw", "exact", "hnsw_then_exact", "in_process"]


@dataclass(frozen=True, slots=True)
class RetrievalFilters:
    """Hard filters of stage 1. Only open jobs with an embedding are ever considered.

    - ``countries``: the job lists one of these countries, or lists none (unknown location
      passes), or is remote and ``remote_ok``.
    - ``remote_only``: the job's workplace is ``remote``.
    - ``min_salary``: the top of the job's annual range in the reference currency (its
      minimum when it has no maximum) reaches this; jobs with no salary pass.
    - ``seniority`` / ``employment_types``: the job's value is one of these; unknown passes.
      An empty set means no constraint.
    - ``exclude_company_keys`` / ``exclude_job_ids``: blocklisted companies, and jobs the user
      applied to or dismissed.
    - ``visible_org_ids``: jobs of the shared catalogue (no organisation) and of these
      organisations; nothing else is ever returned.
    - ``posted_since``: posted (or, undated, first seen) at or after this moment.
    """

    countries: frozenset[str] = frozenset()
    remote_ok: bool = True
    remote_only: bool = False
    min_salary: float | None = None
    seniority: frozenset[str] = frozenset()
    employment_types: frozenset[str] = frozenset()
    exclude_company_keys: frozenset[str] = frozenset()
    exclude_job_ids: frozenset[uuid.UUID] = frozenset()
    visible_org_ids: frozenset[uuid.UUID] = frozenset()
    posted_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    job_id: uuid.UUID
    similarity: float  # inner product of unit vectors: cosine similarity, -1 to 1


@dataclass(frozen=True, slots=True)
class Retrieval:
    """Hits and how they were found (for logs and benchmarks)."""

    hits: list[Hit]
    strategy: Strategy
    selectivity: float | None = None
    ef_search: int | None = None


class VectorIndex(Protocol):
    async def search(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> list[Hit]:
        """The ``k`` open jobs most similar to ``query`` (a unit vector) that pass
        ``filters``, best first."""
        ...


def _hits(rows: Iterable[tuple[uuid.UUID, float]]) -> list[Hit]:
    return [Hit(job_id, similarity) for job_id, similarity in rows]


def hnsw_depth(k: int, selectivity: float, *, overfetch: float) -> int | None:
    """The ``hnsw.ef_search`` that should leave about ``overfetch * k`` rows after filtering
    (never below 2k or 100), or None when that is deeper than pgvector can search."""
    if selectivity <= 0:
        return None
    depth = max(2 * k, 100, math.ceil(overfetch * k / selectivity))
    return depth if depth <= MAX_EF_SEARCH else None


class PgExactIndex:
    """Exact filtered search in PostgreSQL: recall 1.0, cost grows with the rows that pass."""

    async def search(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> list[Hit]:
        if k <= 0:
            return []
        return _hits(await repository.exact_search(session, query, filters, k))


@dataclass(frozen=True, slots=True)
class PgVectorIndex:
    """pgvector HNSW where it can answer, exact filtered search where it cannot.

    ``overfetch`` is how many times ``k`` rows the HNSW scan should expect to survive the
    filters; a filter estimated to leave fewer within ``MAX_EF_SEARCH`` rows goes straight
    to exact search, and an HNSW answer with fewer than ``k`` rows is redone exactly.
    """

    overfetch: float = 3.0

    async def retrieve(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> Retrieval:
        """Like ``search``, with the strategy that answered."""
        if k <= 0:
            return Retrieval([], "exact")
        selectivity = await repository.estimate_selectivity(session, filters)
        depth = hnsw_depth(k, selectivity, overfetch=self.overfetch)
        if depth is None:
            rows = await repository.exact_search(session, query, filters, k)
            return Retrieval(_hits(rows), "exact", selectivity)
        rows = await repository.hnsw_search(session, query, filters, k, ef_search=depth)
        if len(rows) == k:
            return Retrieval(_hits(rows), "hnsw", selectivity, depth)
        rows = await repository.exact_search(session, query, filters, k)
        return Retrieval(_hits(rows), "hnsw_then_exact", selectivity, depth)

    async def search(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> list[Hit]:
        return (await self.retrieve(session, query, filters, k)).hits


class _Codes:
    """Small integer codes for the distinct values of a column (dictionary encoding)."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}

    def code(self, value: str) -> int:
        return self._codes.setdefault(value, len(self._codes))

    def known(self, values: Iterable[str]) -> list[int]:
        return [self._codes[v] for v in values if v in self._codes]


_UNKNOWN = -1
_SCAN_CHUNK = 32_768
# Below this share of passing rows, gathering them first beats scoring every row.
_GATHER_BELOW = 0.15


def _epoch_seconds(moment: datetime) -> float:
    return moment.timestamp()


class VectorTable:
    """Vectors and filter columns of open jobs in numpy arrays, filtered by boolean masks and
    scored exactly. Rows are appended or overwritten and retired, never moved, so positions
    stay valid between refreshes.

    ``storage`` trades memory for precision: float32 (exact), float16 (half the memory), or
    int8 with one scale per row (a quarter).
    """

    def __init__(
        self, *, storage: StorageType = "float32", dimension: int = JOB_VECTOR_DIMENSION
    ) -> None:
        self.storage: StorageType = storage
        self.dimension = dimension
        self.size = 0
        self._ids: list[uuid.UUID] = []
        self._position: dict[uuid.UUID, int] = {}
        self._capacity = 0
        self._vectors: npt.NDArray[np.float32 | np.float16 | np.int8] = np.zeros(
            (0, dimension), dtype=storage
        )
        self._scales = np.zeros(0, dtype=np.float32)
        self._alive = np.zeros(0, dtype=np.bool_)
        self._remote = np.zeros(0, dtype=np.bool_)
        self._no_country = np.zeros(0, dtype=np.bool_)
        self._salary_top = np.zeros(0, dtype=np.float32)
        self._seniority = np.zeros(0, dtype=np.int16)
        self._employment = np.zeros(0, dtype=np.int16)
        self._company = np.zeros(0, dtype=np.int32)
        self._org = np.zeros(0, dtype=np.int32)
        self._posted = np.zeros(0, dtype=np.float64)
        self._row_countries: list[frozenset[str]] = []
        self._country_rows: dict[str, list[int]] = {}
        self._country_arrays: dict[str, npt.NDArray[np.int64]] = {}
        self._seniority_codes = _Codes()
        self._employment_codes = _Codes()
        self._company_codes = _Codes()
        self._org_codes = _Codes()

    def __contains__(self, job_id: uuid.UUID) -> bool:
        position = self._position.get(job_id)
        return position is not None and bool(self._alive[position])

    @property
    def live_rows(self) -> int:
        return int(self._alive[: self.size].sum())

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (vectors and filter columns), excluding the id map."""
        arrays = (
            self._vectors,
            self._scales,
            self._alive,
            self._remote,
            self._no_country,
            self._salary_top,
            self._seniority,
            self._employment,
            self._company,
            self._org,
            self._posted,
        )
        postings = sum(len(rows) for rows in self._country_rows.values()) * 8
        return sum(a.nbytes for a in arrays) + postings

    def _grow(self, needed: int) -> None:
        if needed <= self._capacity:
            return
        capacity = max(needed, 2 * self._capacity, 1024)

        def grown(array: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
            bigger = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
            bigger[: self.size] = array[: self.size]
            return bigger

        self._vectors = grown(self._vectors)  # type: ignore[assignment]
        self._scales = grown(self._scales)  # type: ignore[assignment]
        self._alive = grown(self._alive)  # type: ignore[assignment]
        self._remote = grown(self._remote)  # type: ignore[assignment]
        self._no_country = grown(self._no_country)  # type: ignore[assignment]
        self._salary_top = grown(self._salary_top)  # type: ignore[assignment]
        self._seniority = grown(self._seniority)  # type: ignore[assignment]
        self._employment = grown(self._employment)  # type: ignore[assignment]
        self._company = grown(self._company)  # type: ignore[assignment]
        self._org = grown(self._org)  # type: ignore[assignment]
        self._posted = grown(self._posted)  # type: ignore[assignment]
        self._capacity = capacity

    def _store_vectors(self, positions: npt.NDArray[np.int64], vectors: FloatVector) -> None:
        if self.storage == "int8":
            peak = np.abs(vectors).max(axis=1)
            scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
            self._vectors[positions] = np.rint(vectors / scales[:, None]).astype(np.int8)
            self._scales[positions] = scales
        else:
            self._vectors[positions] = vectors.astype(self.storage)
            self._scales[positions] = 1.0

    def upsert(self, rows: Sequence[VectorRow], vectors: FloatVector) -> None:
        """Add these jobs, or overwrite the ones already present (and revive them)."""
        if not rows:
            return
        positions = np.empty(len(rows), dtype=np.int64)
        fresh = [row.id not in self._position for row in rows]
        self._grow(self.size + sum(fresh))
        for i, (row, is_new) in enumerate(zip(rows, fresh, strict=True)):
            if is_new:
                position = self.size
                self.size += 1
                self._ids.append(row.id)
                self._position[row.id] = position
            else:
                position = self._position[row.id]
            positions[i] = position
            self._write_columns(position, row)
        self._store_vectors(positions, np.asarray(vectors, dtype=np.float32))

    def _set_countries(self, position: int, countries: frozenset[str]) -> None:
        if position < len(self._row_countries):
            previous = self._row_countries[position]
            if previous == countries:
                return
            # Rare (an edited or re-read job whose countries changed): a linear removal.
            for country in previous:
                self._country_rows[country].remove(position)
                self._country_arrays.pop(country, None)
            self._row_countries[position] = countries
        else:
            self._row_countries.append(countries)
        for country in countries:
            self._country_rows.setdefault(country, []).append(position)
            self._country_arrays.pop(country, None)

    def _write_columns(self, position: int, row: VectorRow) -> None:
        self._alive[position] = True
        self._remote[position] = row.workplace == "remote"
        self._no_country[position] = not row.countries
        self._set_countries(position, frozenset(row.countries))
        self._salary_top[position] = np.nan if row.salary_top is None else row.salary_top
        self._seniority[position] = (
            _UNKNOWN if row.seniority is None else self._seniority_codes.code(row.seniority)
        )
        self._employment[position] = (
            _UNKNOWN
            if row.employment_type is None
            else self._employment_codes.code(row.employment_type)
        )
        self._company[position] = self._company_codes.code(row.company_key)
        self._org[position] = (
            _UNKNOWN if row.org_id is None else self._org_codes.code(str(row.org_id))
        )
        self._posted[position] = _epoch_seconds(row.posted)

    def retire(self, job_ids: Iterable[uuid.UUID]) -> None:
        """Stop returning these jobs (closed, or stale until the next reload)."""
        for job_id in job_ids:
            position = self._position.get(job_id)
            if position is not None:
                self._alive[position] = False

    def _country_array(self, country: str) -> npt.NDArray[np.int64]:
        array = self._country_arrays.get(country)
        if array is None:
            array = np.asarray(self._country_rows.get(country, []), dtype=np.int64)
            self._country_arrays[country] = array
        return array

    def passing(self, filters: RetrievalFilters) -> Mask:
        """Which rows pass ``filters`` (same rules as ``RetrievalFilters`` documents)."""
        n = self.size
        mask = self._alive[:n].copy()
        org = self._org[:n]
        visible = self._org_codes.known(str(o) for o in filters.visible_org_ids)
        mask &= (org == _UNKNOWN) | np.isin(org, visible)
        if filters.remote_only:
            mask &= self._remote[:n]
        if filters.countries:
            place = self._no_country[:n].copy()
            for country in filters.countries:
                place[self._country_array(country)] = True
            if filters.remote_ok:
                place |= self._remote[:n]
            mask &= place
        if filters.min_salary is not None:
            salary = self._salary_top[:n]
            mask &= np.isnan(salary) | (salary >= np.float32(filters.min_salary))
        if filters.seniority:
            seniority = self._seniority[:n]
            allowed = self._seniority_codes.known(filters.seniority)
            mask &= (seniority == _UNKNOWN) | np.isin(seniority, allowed)
        if filters.employment_types:
            employment = self._employment[:n]
            allowed = self._employment_codes.known(filters.employment_types)
            mask &= (employment == _UNKNOWN) | np.isin(employment, allowed)
        if filters.exclude_company_keys:
            excluded = self._company_codes.known(filters.exclude_company_keys)
            mask &= ~np.isin(self._company[:n], excluded)
        for job_id in filters.exclude_job_ids:
            position = self._position.get(job_id)
            if position is not None:
                mask[position] = False
        if filters.posted_since is not None:
            mask &= self._posted[:n] >= _epoch_seconds(filters.posted_since)
        return mask

    def _scores(self, query: FloatVector, rows: npt.NDArray[np.int64] | None) -> FloatVector:
        total = self.size if rows is None else len(rows)
        if self.storage == "float32":
            block = self._vectors[: self.size] if rows is None else self._vectors[rows]
            return np.asarray(block @ query, dtype=np.float32)
        # float16 and int8 have no BLAS kernel: widen a chunk at a time, then multiply.
        scores = np.empty(total, dtype=np.float32)
        for start in range(0, total, _SCAN_CHUNK):
            stop = min(start + _SCAN_CHUNK, total)
            picked = slice(start, stop) if rows is None else rows[start:stop]
            scores[start:stop] = self._vectors[picked].astype(np.float32) @ query
            if self.storage == "int8":
                scores[start:stop] *= self._scales[picked]
        return scores

    def top_k(self, query: FloatVector, filters: RetrievalFilters, k: int) -> list[Hit]:
        """The ``k`` rows passing ``filters`` with the highest inner product, best first."""
        if k <= 0 or self.size == 0:
            return []
        query = np.asarray(query, dtype=np.float32)
        mask = self.passing(filters)
        passing = int(mask.sum())
        if passing == 0:
            return []
        if passing < _GATHER_BELOW * self.size:
            candidates = np.flatnonzero(mask)
            scores = self._scores(query, candidates)
        else:
            candidates = np.arange(self.size)
            scores = self._scores(query, None)
            scores[~mask] = -np.inf
        count = min(k, passing)
        if count < len(scores):
            best = np.argpartition(-scores, count - 1)[:count]
        else:
            best = np.arange(len(scores))
        best = best[np.argsort(-scores[best], kind="stable")][:count]
        return [Hit(self._ids[int(candidates[i])], float(scores[i])) for i in best]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class InProcessIndex:
    """An exact in-process index over open jobs, fed from PostgreSQL.

    The first search loads every open job's vector and filter columns. Later searches
    refresh at most every ``refresh_every``: jobs created since the last load are added (a
    ``created_at`` watermark, re-reading an ``overlap`` to catch transactions that committed
    late) and jobs closed since are retired. Job has no ``updated_at``, so edits and
    re-openings of existing jobs are only seen by the full reload every ``reload_every``;
    until then ``verify`` re-checks the hits against the database, so a job that closed or
    stopped passing the filters is never returned (it is retired and the search repeated).
    """

    storage: StorageType = "float32"
    refresh_every: timedelta = timedelta(seconds=30)
    reload_every: timedelta = timedelta(hours=1)
    overlap: timedelta = timedelta(minutes=10)
    verify: bool = True
    clock: Callable[[], datetime] = _utcnow
    table: VectorTable | None = field(default=None, init=False)
    _loaded_at: datetime | None = field(default=None, init=False)
    _refreshed_at: datetime | None = field(default=None, init=False)
    _created_watermark: datetime | None = field(default=None, init=False)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)

    async def load(self, session: AsyncSession) -> VectorTable:
        """Read every open job into a new table and make it current."""
        started = self.clock()
        table = VectorTable(storage=self.storage)
        watermark = await self._read_into(table, session, created_after=None)
        self.table = table
        self._loaded_at = self._refreshed_at = started
        self._created_watermark = watermark
        return table

    async def refresh(self, session: AsyncSession) -> VectorTable:
        """Bring the table up to date: a full load when due, otherwise only what changed."""
        now = self.clock()
        if (
            self.table is None
            or self._loaded_at is None
            or self._refreshed_at is None
            or now - self._loaded_at >= self.reload_every
        ):
            return await self.load(session)
        since = self._created_watermark - self.overlap if self._created_watermark else None
        watermark = await self._read_into(self.table, session, created_after=since)
        if watermark is not None:
            self._created_watermark = max(watermark, self._created_watermark or watermark)
        self.table.retire(
            await repository.jobs_closed_since(session, self._refreshed_at - self.overlap)
        )
        self._refreshed_at = now
        return self.table

    async def _read_into(
        self, table: VectorTable, session: AsyncSession, *, created_after: datetime | None
    ) -> datetime | None:
        watermark: datetime | None = None
        async for batch in repository.job_vector_batches(session, created_after=created_after):
            table.upsert(batch.rows, batch.vectors)
            watermark = batch.rows[-1].created_at
        return watermark

    async def current(self, session: AsyncSession) -> VectorTable:
        """The table, refreshed first when a refresh is due."""
        async with self._lock:
            due = self._refreshed_at is None or self.clock() - self._refreshed_at >= (
                self.refresh_every
            )
            if self.table is None or due:
                return await self.refresh(session)
            return self.table

    async def retrieve(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> Retrieval:
        """Like ``search``, with the strategy that answered."""
        table = await self.current(session)
        for _ in range(3):
            hits = table.top_k(query, filters, k)
            if not self.verify or not hits:
                return Retrieval(hits, "in_process")
            ids = [hit.job_id for hit in hits]
            matching = await repository.ids_still_matching(session, ids, filters)
            if len(matching) == len(hits):
                return Retrieval(hits, "in_process")
            table.retire(job_id for job_id in ids if job_id not in matching)
        # Many rows went stale at once: the table is behind, so reload it before answering.
        table = await self.load(session)
        return Retrieval(table.top_k(query, filters, k), "in_process")

    async def search(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> list[Hit]:
        return (await self.retrieve(session, query, filters, k)).hits


@dataclass
class HybridIndex:
    """Exact in-process search when the rows passing the filters are few enough to scan
    within the latency budget, the adaptive pgvector index otherwise (broad filters over a
    catalogue too large to scan in time)."""

    in_process: InProcessIndex = field(default_factory=InProcessIndex)
    pgvector: PgVectorIndex = field(default_factory=PgVectorIndex)
    max_scan_rows: int = 300_000

    async def retrieve(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> Retrieval:
        """Like ``search``, with the strategy that answered."""
        table = await self.in_process.current(session)
        if int(table.passing(filters).sum()) <= self.max_scan_rows:
            return await self.in_process.retrieve(session, query, filters, k)
        return await self.pgvector.retrieve(session, query, filters, k)

    async def search(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> list[Hit]:
        return (await self.retrieve(session, query, filters, k)).hits

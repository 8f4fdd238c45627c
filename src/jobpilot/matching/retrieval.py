"""Stage 1 of matching: the open jobs most similar to a query vector that pass hard filters.

Two implementations of one ``VectorIndex`` interface:

- ``PgVectorIndex`` asks PostgreSQL: pgvector's HNSW index with a depth chosen from ``k`` and
  the filter's estimated selectivity, falling back to an exact filtered scan when the filter is
  too selective for HNSW (pgvector 0.6 filters *after* the index scan) or when HNSW
  under-returns.
- ``InProcessIndex`` keeps the vectors and filter columns of open jobs in numpy, loaded from
  PostgreSQL once and refreshed incrementally, and scans exactly, or, over a large table and
  a broad filter, the nearest lists of an inverted file (``IvfSettings``).

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

    def __len__(self) -> int:
        return len(self._codes)


_UNKNOWN = -1
_SCAN_CHUNK = 32_768
# Gathering a row (np.take) costs about three times scoring one in order, so below this share
# of passing rows, in the whole table or in the probed lists, they are gathered.
_GATHER_BELOW = 0.3
# Up to this many codes, one comparison each beats a lookup table (np.isin is slower still).
_FEW_CODES = 8
_ASSIGN_CHUNK = 8_192
# Past this many probed lists, finding their passing rows in one pass over the table is
# cheaper than one small search per list.
_FEW_LISTS = 64


def _epoch_seconds(moment: datetime) -> float:
    return moment.timestamp()


def _among(column: npt.NDArray[np.integer], codes: Sequence[int], distinct: int) -> Mask:
    """Which entries of ``column`` (a code below ``distinct``, or ``_UNKNOWN``) are one of
    ``codes``."""
    if len(codes) <= _FEW_CODES:
        found = np.zeros(len(column), dtype=np.bool_)
        for code in codes:
            found |= column == code
        return found
    # The table's last entry is the one _UNKNOWN (-1) picks.
    table = np.zeros(distinct + 1, dtype=np.bool_)
    table[list(codes)] = True
    return np.take(table, column)


@dataclass(frozen=True, slots=True)
class IvfSettings:
    """When and how a large ``VectorTable`` answers approximately, from an inverted file.

    The table's rows are clustered by spherical k-means (trained on ``sample_per_list`` rows
    per list, ``iterations`` rounds, seeded by ``seed``) into ``lists`` lists (√rows when
    None), and stored list by list. A search ranks the lists by their centroid's similarity to
    the query and scores the rows that pass the filters in the nearest lists, taking lists
    until those rows number as many as ``probes`` average lists hold, and at least
    ``overfetch * k``: a filter that keeps a tenth of the rows probes ten times as many lists.
    A filter passing at most ``exact_below`` rows is always searched exactly, and a table with
    no more live rows than that is never indexed.
    """

    exact_below: int = 10_000
    lists: int | None = None
    probes: float = 12.0
    overfetch: float = 3.0
    sample_per_list: int = 64
    iterations: int = 8
    seed: int = 0

    def __post_init__(self) -> None:
        if self.exact_below < 0 or self.iterations < 0:
            raise ValueError("exact_below and iterations must not be negative")
        if self.lists is not None and self.lists < 1:
            raise ValueError("lists must be at least 1")
        if not (self.probes > 0 and self.overfetch > 0) or self.sample_per_list < 1:
            raise ValueError("probes and overfetch must be positive, sample_per_list at least 1")


@dataclass(frozen=True, slots=True)
class IvfStats:
    """The shape of a table's inverted file (for logs and benchmarks)."""

    lists: int
    indexed_rows: int
    unlisted_rows: int  # added or rewritten since the build, always scanned exactly
    largest_list: int
    nbytes: int


@dataclass(slots=True)
class _InvertedFile:
    centroids: FloatVector  # (lists, dimension), unit rows
    starts: npt.NDArray[np.int64]  # list l holds the rows starts[l] to starts[l + 1] - 1
    indexed: int  # rows below this position were listed when the file was built
    listed: Mask  # (indexed,): False once a row's vector is rewritten
    moved: list[int] = field(default_factory=list)  # positions of the rewritten rows

    @property
    def nbytes(self) -> int:
        return self.centroids.nbytes + self.starts.nbytes + self.listed.nbytes

    def unlist(self, positions: npt.NDArray[np.int64]) -> None:
        for position in positions[positions < self.indexed].tolist():
            if self.listed[position]:
                self.listed[position] = False
                self.moved.append(position)


def _lists_to_probe(
    ivf: _InvertedFile,
    settings: IvfSettings,
    query: FloatVector,
    per_list: npt.NDArray[np.int64],
    k: int,
) -> npt.NDArray[np.int64]:
    """The lists nearest ``query`` that together hold the passing rows ``settings`` asks for
    (``per_list`` passing rows in each), in storage order."""
    nearest = np.argsort(-(ivf.centroids @ query))
    reached = np.cumsum(per_list[nearest])
    wanted = max(settings.overfetch * k, settings.probes * ivf.indexed / len(per_list))
    return np.sort(nearest[: int(np.searchsorted(reached, wanted)) + 1])


def _runs(starts: list[int], stops: list[int]) -> list[tuple[int, int]]:
    """The ranges ``starts[i]:stops[i]`` (in order), adjacent ones merged."""
    runs: list[tuple[int, int]] = []
    for start, stop in zip(starts, stops, strict=True):
        if runs and runs[-1][1] == start:
            runs[-1] = (runs[-1][0], stop)
        else:
            runs.append((start, stop))
    return runs


def _nearest(vectors: FloatVector, centroids: FloatVector) -> npt.NDArray[np.int64]:
    """The index of the most similar centroid for each vector."""
    nearest = np.empty(len(vectors), dtype=np.int64)
    for start in range(0, len(vectors), _ASSIGN_CHUNK):
        block = vectors[start : start + _ASSIGN_CHUNK]
        nearest[start : start + len(block)] = np.argmax(block @ centroids.T, axis=1)
    return nearest


def _spherical_kmeans(
    sample: FloatVector, lists: int, iterations: int, rng: np.random.Generator
) -> FloatVector:
    """``lists`` unit centroids of the sample's clusters by cosine similarity."""
    centroids = sample[rng.choice(len(sample), lists, replace=False)].copy()
    for _ in range(iterations):
        nearest = _nearest(sample, centroids)
        order = np.argsort(nearest, kind="stable")
        counts = np.bincount(nearest, minlength=lists)
        sums = np.zeros_like(centroids)
        filled = np.flatnonzero(counts)
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))[filled]
        sums[filled] = np.add.reduceat(sample[order], starts, axis=0)
        empty = counts == 0
        # An emptied list restarts from a random sample row rather than being lost.
        sums[empty] = sample[rng.choice(len(sample), int(empty.sum()))]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        centroids = (sums / norms).astype(np.float32)
    return centroids


class VectorTable:
    """Vectors and filter columns of open jobs in numpy arrays, filtered by boolean masks and
    scored exactly, or, once ``build_ivf`` has run on a large table, approximately for filters
    that pass many rows (see ``IvfSettings``). Rows are appended or overwritten and retired;
    only ``build_ivf`` moves them, so positions stay valid between refreshes.

    ``storage`` trades memory for precision: float32 (exact), float16 (half the memory), or
    int8 with one scale per row (a quarter).
    """

    def __init__(
        self,
        *,
        storage: StorageType = "float32",
        dimension: int = JOB_VECTOR_DIMENSION,
        ivf: IvfSettings | None = IvfSettings(),
    ) -> None:
        self.storage: StorageType = storage
        self.dimension = dimension
        self.ivf_settings = ivf
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
        self._ivf: _InvertedFile | None = None

    def __contains__(self, job_id: uuid.UUID) -> bool:
        position = self._position.get(job_id)
        return position is not None and bool(self._alive[position])

    @property
    def live_rows(self) -> int:
        return int(np.count_nonzero(self._alive[: self.size]))

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (vectors, filter columns and any inverted file), excluding
        the id map."""
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
        inverted = self._ivf.nbytes if self._ivf is not None else 0
        return sum(a.nbytes for a in arrays) + postings + inverted

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
        if self._ivf is not None:
            self._ivf.unlist(positions)

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
        mask &= _among(org, [_UNKNOWN, *visible], len(self._org_codes))
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
            allowed = self._seniority_codes.known(filters.seniority)
            mask &= _among(self._seniority[:n], [_UNKNOWN, *allowed], len(self._seniority_codes))
        if filters.employment_types:
            allowed = self._employment_codes.known(filters.employment_types)
            mask &= _among(self._employment[:n], [_UNKNOWN, *allowed], len(self._employment_codes))
        if filters.exclude_company_keys:
            excluded = self._company_codes.known(filters.exclude_company_keys)
            mask &= ~_among(self._company[:n], excluded, len(self._company_codes))
        for job_id in filters.exclude_job_ids:
            position = self._position.get(job_id)
            if position is not None:
                mask[position] = False
        if filters.posted_since is not None:
            mask &= self._posted[:n] >= _epoch_seconds(filters.posted_since)
        return mask

    def _scores(self, query: FloatVector, rows: npt.NDArray[np.int64] | slice) -> FloatVector:
        """Inner products of ``query`` with the vectors at ``rows`` (positions, or a range)."""
        if self.storage == "float32":
            return np.asarray(self._rows(rows) @ query, dtype=np.float32)
        if isinstance(rows, slice):
            first, last, _ = rows.indices(self.size)
            total = last - first
        else:
            first, total = 0, len(rows)
        # float16 and int8 have no BLAS kernel: widen a chunk at a time, then multiply.
        scores = np.empty(total, dtype=np.float32)
        for start in range(0, total, _SCAN_CHUNK):
            stop = min(start + _SCAN_CHUNK, total)
            picked = (
                slice(first + start, first + stop) if isinstance(rows, slice) else rows[start:stop]
            )
            scores[start:stop] = self._rows(picked).astype(np.float32) @ query
            if self.storage == "int8":
                scores[start:stop] *= self._scales[picked]
        return scores

    def _rows(
        self, rows: npt.NDArray[np.int64] | slice
    ) -> npt.NDArray[np.float32 | np.float16 | np.int8]:
        if isinstance(rows, slice):
            return self._vectors[rows]
        # np.take copies rows out faster than fancy indexing does.
        return np.take(self._vectors, rows, axis=0)

    def top_k(self, query: FloatVector, filters: RetrievalFilters, k: int) -> list[Hit]:
        """The ``k`` rows passing ``filters`` with the highest inner product, best first
        (approximately when an inverted file answers, see ``IvfSettings``)."""
        if k <= 0 or self.size == 0:
            return []
        query = np.asarray(query, dtype=np.float32)
        mask = self.passing(filters)
        passing = int(np.count_nonzero(mask))
        if passing == 0:
            return []
        rows: npt.NDArray[np.int64] | None
        if (
            self._ivf is not None
            and self.ivf_settings is not None
            and passing > self.ivf_settings.exact_below
        ):
            rows, scores = self._probe(self._ivf, self.ivf_settings, query, mask, k)
        elif passing < _GATHER_BELOW * self.size:
            rows = np.flatnonzero(mask)
            scores = self._scores(query, rows)
        else:
            rows = None
            scores = self._scores(query, slice(0, self.size))
            scores[~mask] = -np.inf
        count = min(k, passing, len(scores))
        if count < len(scores):
            best = np.argpartition(-scores, count - 1)[:count]
        else:
            best = np.arange(len(scores))
        best = best[np.argsort(-scores[best], kind="stable")][:count]
        positions = best if rows is None else rows[best]
        return [
            Hit(self._ids[position], float(scores[i]))
            for position, i in zip(positions.tolist(), best.tolist(), strict=True)
        ]

    def _probe(
        self,
        ivf: _InvertedFile,
        settings: IvfSettings,
        query: FloatVector,
        mask: Mask,
        k: int,
    ) -> tuple[npt.NDArray[np.int64], FloatVector]:
        """The passing rows of the lists nearest ``query`` and of the unlisted rows, with
        their scores."""
        listed = mask[: ivf.indexed] & ivf.listed
        per_list = np.add.reduceat(listed, ivf.starts[:-1], dtype=np.int64)
        chosen = _lists_to_probe(ivf, settings, query, per_list, k)
        starts = ivf.starts[chosen].tolist()
        stops = ivf.starts[chosen + 1].tolist()
        unlisted = np.concatenate(
            (np.arange(ivf.indexed, self.size), np.asarray(ivf.moved, dtype=np.int64))
        )
        unlisted = unlisted[mask[unlisted]]
        if int(per_list[chosen].sum()) < _GATHER_BELOW * (sum(stops) - sum(starts)):
            if len(chosen) <= _FEW_LISTS:
                found = [
                    start + np.flatnonzero(listed[start:stop])
                    for start, stop in zip(starts, stops, strict=True)
                ]
            else:
                picked = np.zeros(len(per_list), dtype=np.bool_)
                picked[chosen] = True
                found = [np.flatnonzero(listed & np.repeat(picked, np.diff(ivf.starts)))]
            rows = np.concatenate((*found, unlisted))
            return rows, self._scores(query, rows)
        row_parts = [unlisted]
        score_parts = [self._scores(query, unlisted)]
        for start, stop in _runs(starts, stops):
            keep = np.flatnonzero(listed[start:stop])
            row_parts.append(start + keep)
            score_parts.append(self._scores(query, slice(start, stop))[keep])
        return np.concatenate(row_parts), np.concatenate(score_parts)

    def build_ivf(self) -> bool:
        """(Re)build the inverted file over the current rows, reordering them list by list;
        False, and no inverted file, when the table is too small to need one."""
        settings = self.ivf_settings
        self._ivf = None
        if settings is None or self.live_rows <= settings.exact_below:
            return False
        rng = np.random.default_rng(settings.seed)
        alive = np.flatnonzero(self._alive[: self.size])
        lists = settings.lists or math.isqrt(len(alive))
        lists = max(1, min(lists, len(alive)))
        size = min(len(alive), lists * settings.sample_per_list)
        picked = np.sort(rng.choice(alive, size, replace=False))
        sample = self._float_rows(picked)
        centroids = _spherical_kmeans(sample, lists, settings.iterations, rng)
        nearest = np.concatenate(
            [
                _nearest(self._float_rows(block), centroids)
                for block in np.array_split(np.arange(self.size), -(-self.size // 65_536))
            ]
        )
        counts = np.bincount(nearest, minlength=lists)
        used = np.flatnonzero(counts)
        renumbered = np.full(lists, -1, dtype=np.int64)
        renumbered[used] = np.arange(len(used))
        nearest = renumbered[nearest]
        order = np.argsort(nearest, kind="stable")
        self._reorder(order)
        starts = np.zeros(len(used) + 1, dtype=np.int64)
        np.cumsum(counts[used], out=starts[1:])
        self._ivf = _InvertedFile(
            centroids=np.ascontiguousarray(centroids[used]),
            starts=starts,
            indexed=self.size,
            listed=np.ones(self.size, dtype=np.bool_),
        )
        return True

    def _float_rows(self, positions: npt.NDArray[np.int64]) -> FloatVector:
        """The vectors at ``positions`` in float32 (scaled back for int8 storage)."""
        vectors = self._vectors[positions].astype(np.float32)
        if self.storage == "int8":
            vectors *= self._scales[positions, None]
        return vectors

    def _reorder(self, order: npt.NDArray[np.int64]) -> None:
        """Move the row at ``order[i]`` to position i, for every row."""
        n = self.size
        self._vectors[:n] = self._vectors[order]
        self._scales[:n] = self._scales[order]
        self._alive[:n] = self._alive[order]
        self._remote[:n] = self._remote[order]
        self._no_country[:n] = self._no_country[order]
        self._salary_top[:n] = self._salary_top[order]
        self._seniority[:n] = self._seniority[order]
        self._employment[:n] = self._employment[order]
        self._company[:n] = self._company[order]
        self._org[:n] = self._org[order]
        self._posted[:n] = self._posted[order]
        self._ids = [self._ids[i] for i in order.tolist()]
        self._position = {job_id: i for i, job_id in enumerate(self._ids)}
        self._row_countries = [self._row_countries[i] for i in order.tolist()]
        new_position = np.empty(n, dtype=np.int64)
        new_position[order] = np.arange(n)
        self._country_rows = {
            country: np.sort(new_position[np.asarray(rows, dtype=np.int64)]).tolist()
            for country, rows in self._country_rows.items()
        }
        self._country_arrays = {}

    def ivf_stats(self) -> IvfStats | None:
        """The inverted file's shape, or None when the table has none."""
        ivf = self._ivf
        if ivf is None:
            return None
        return IvfStats(
            lists=len(ivf.centroids),
            indexed_rows=ivf.indexed,
            unlisted_rows=self.size - ivf.indexed + len(ivf.moved),
            largest_list=int(np.diff(ivf.starts).max()),
            nbytes=ivf.nbytes,
        )


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class InProcessIndex:
    """An in-process index over open jobs, fed from PostgreSQL: exact, except that each load
    builds the table's inverted file when it holds more than ``ivf.exact_below`` jobs.

    The first search loads every open job's vector and filter columns. Later searches
    refresh at most every ``refresh_every``: jobs created since the last load are added (a
    ``created_at`` watermark, re-reading an ``overlap`` to catch transactions that committed
    late) and jobs closed since are retired. Job has no ``updated_at``, so edits and
    re-openings of existing jobs are only seen by the full reload every ``reload_every``;
    until then ``verify`` re-checks the hits against the database, so a job that closed or
    stopped passing the filters is never returned (it is retired and the search repeated).
    """

    storage: StorageType = "float32"
    ivf: IvfSettings | None = IvfSettings()
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
        table = VectorTable(storage=self.storage, ivf=self.ivf)
        watermark = await self._read_into(table, session, created_after=None)
        table.build_ivf()
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
        if int(np.count_nonzero(table.passing(filters))) <= self.max_scan_rows:
            return await self.in_process.retrieve(session, query, filters, k)
        return await self.pgvector.retrieve(session, query, filters, k)

    async def search(
        self, session: AsyncSession, query: FloatVector, filters: RetrievalFilters, k: int
    ) -> list[Hit]:
        return (await self.retrieve(session, query, filters, k)).hits

"""The inverted file of ``VectorTable``: recall against exact search, exactness where it must
be exact, and rows added, rewritten or retired after the build."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import numpy as np
import numpy.typing as npt
import pytest

from jobpilot.matching.repository import VectorRow
from jobpilot.matching.retrieval import (
    IvfSettings,
    RetrievalFilters,
    StorageType,
    VectorTable,
)

DIM = 48
ROWS = 12_000
NOW = datetime(2026, 11, 20, tzinfo=UTC)
COUNTRIES = ("US", "FR", "NL", "GB")
SHARES = (0.5, 0.1, 0.02, 0.38)
# Small enough that the broad filters below are answered from the inverted file, and half the
# default probes, so that recall is measured below 1.
SETTINGS = IvfSettings(exact_below=1_000, probes=6)

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Synthetic:
    rows: list[VectorRow]
    vectors: Vectors
    queries: Vectors


def unit(matrix: npt.NDArray[np.float64]) -> Vectors:
    out: Vectors = (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)
    return out


@cache
def synthetic() -> Synthetic:
    """Vectors around 60 random centres, with a country and a company per row."""
    rng = np.random.default_rng(11)
    centres = unit(rng.normal(size=(60, DIM)))

    def around(n: int) -> Vectors:
        picks = rng.integers(0, len(centres), n)
        return unit(centres[picks] + rng.normal(0, 0.7 / np.sqrt(DIM), (n, DIM)))

    countries = rng.choice(len(COUNTRIES), size=ROWS, p=SHARES)
    rows = [
        VectorRow(
            id=uuid.UUID(int=i + 1),
            created_at=NOW,
            countries=(COUNTRIES[countries[i]],),
            workplace="on_site",
            salary_top=None,
            seniority=None,
            employment_type=None,
            company_key=f"co{i % 300}",
            org_id=None,
            posted=NOW,
        )
        for i in range(ROWS)
    ]
    return Synthetic(rows, around(ROWS), around(30))


def table_of(ivf: IvfSettings | None, storage: StorageType = "float32") -> VectorTable:
    data = synthetic()
    table = VectorTable(storage=storage, dimension=DIM, ivf=ivf)
    table.upsert(data.rows, data.vectors)
    table.build_ivf()
    return table


def only(*countries: str) -> RetrievalFilters:
    return RetrievalFilters(countries=frozenset(countries), remote_ok=False)


FILTERS = {
    "none": RetrievalFilters(),
    "half": only("US"),
    "a tenth": only("FR"),
    "2 %": only("NL"),
    "blocklists": RetrievalFilters(
        exclude_company_keys=frozenset(f"co{i}" for i in range(0, 300, 3)),
        exclude_job_ids=frozenset(uuid.UUID(int=i + 1) for i in range(0, ROWS, 7)),
    ),
}


def ids(table: VectorTable, query: Vectors, filters: RetrievalFilters, k: int) -> list[uuid.UUID]:
    return [hit.job_id for hit in table.top_k(query, filters, k)]


def mean_recall(approximate: VectorTable, exact: VectorTable, filters: RetrievalFilters) -> float:
    recalls = []
    for query in synthetic().queries:
        expected = set(ids(exact, query, filters, 100))
        recalls.append(len(set(ids(approximate, query, filters, 100)) & expected) / len(expected))
    return sum(recalls) / len(recalls)


@pytest.mark.parametrize("label", sorted(FILTERS))
def test_recall_at_100_against_exact_search_is_at_least_095(label: str) -> None:
    approximate, exact = table_of(SETTINGS), table_of(None)
    assert approximate.ivf_stats() is not None
    assert exact.ivf_stats() is None
    assert mean_recall(approximate, exact, FILTERS[label]) >= 0.95


def test_probing_too_few_lists_loses_recall() -> None:
    # The same inverted file asked to probe a single list: the recall test above measures a
    # real approximation, not an exact scan in disguise.
    approximate, exact = table_of(SETTINGS), table_of(None)
    approximate.ivf_settings = IvfSettings(exact_below=1_000, probes=0.01, overfetch=0.01)
    assert mean_recall(approximate, exact, FILTERS["none"]) < 0.9


def test_filters_passing_few_rows_are_searched_exactly() -> None:
    approximate, exact = table_of(SETTINGS), table_of(None)
    for query in synthetic().queries[:10]:
        # About 240 rows pass, below exact_below: same hits, same order, same scores.
        assert approximate.top_k(query, only("NL"), 50) == exact.top_k(query, only("NL"), 50)


@pytest.mark.parametrize("label", ["none", "a tenth"])
def test_probing_every_list_finds_the_exact_answer(label: str) -> None:
    approximate, exact = table_of(IvfSettings(exact_below=1_000, probes=1_000)), table_of(None)
    for query in synthetic().queries[:10]:
        found = approximate.top_k(query, FILTERS[label], 100)
        expected = exact.top_k(query, FILTERS[label], 100)
        assert [h.job_id for h in found] == [h.job_id for h in expected]
        assert [h.similarity for h in found] == pytest.approx([h.similarity for h in expected])


def test_every_hit_passes_the_filters() -> None:
    table = table_of(SETTINGS)
    data = synthetic()
    by_id = {row.id: row for row in data.rows}
    filters = FILTERS["blocklists"]
    for query in data.queries[:10]:
        hits = table.top_k(query, filters, 200)
        assert len(hits) == 200
        assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
        for hit in hits:
            assert hit.job_id not in filters.exclude_job_ids
            assert by_id[hit.job_id].company_key not in filters.exclude_company_keys


def test_a_table_with_few_rows_is_not_indexed() -> None:
    table = table_of(IvfSettings(exact_below=ROWS))
    assert table.ivf_stats() is None
    exact = table_of(None)
    query = synthetic().queries[0]
    assert table.top_k(query, RetrievalFilters(), 30) == exact.top_k(query, RetrievalFilters(), 30)


def test_the_build_lists_every_row_once_in_about_sqrt_n_lists() -> None:
    stats = table_of(SETTINGS).ivf_stats()
    assert stats is not None
    assert 0.8 * 109 <= stats.lists <= 109  # isqrt(12000), less any list left empty
    assert stats.indexed_rows == ROWS
    assert stats.unlisted_rows == 0


def test_rows_added_rewritten_or_retired_after_the_build() -> None:
    table = table_of(SETTINGS)
    data = synthetic()
    query = data.queries[3]
    target = unit(np.asarray([query], dtype=np.float64) * -1.0)

    added = VectorRow(
        id=uuid.uuid4(),
        created_at=NOW,
        countries=("US",),
        workplace="on_site",
        salary_top=None,
        seniority=None,
        employment_type=None,
        company_key="new",
        org_id=None,
        posted=NOW,
    )
    table.upsert([added], target)
    assert table.top_k(target[0], RetrievalFilters(), 1)[0].job_id == added.id

    # An existing row's vector rewritten to the query: found although its list is elsewhere.
    rewritten = data.rows[5]
    table.upsert([rewritten], np.asarray([query]))
    best = table.top_k(query, RetrievalFilters(), 1)[0]
    assert best.job_id == rewritten.id
    assert best.similarity == pytest.approx(1.0, abs=1e-5)
    stats = table.ivf_stats()
    assert stats is not None
    assert stats.unlisted_rows == 2

    table.retire([rewritten.id, added.id])
    assert rewritten.id not in table
    assert rewritten.id not in ids(table, query, RetrievalFilters(), 100)
    assert added.id not in ids(table, target[0], RetrievalFilters(), 100)


def test_the_build_keeps_ids_and_filter_columns_together() -> None:
    table = table_of(SETTINGS)
    data = synthetic()
    for row, vector in list(zip(data.rows, data.vectors, strict=True))[:300:37]:
        country = row.countries[0]
        hit = table.top_k(vector, only(country), 1)[0]
        assert hit.job_id == row.id
        assert hit.similarity == pytest.approx(1.0, abs=1e-5)
        other = next(c for c in COUNTRIES if c != country)
        assert table.top_k(vector, only(other), 1)[0].job_id != row.id


def test_int8_storage_is_indexed_too() -> None:
    approximate, exact = table_of(SETTINGS, "int8"), table_of(None)
    assert approximate.ivf_stats() is not None
    assert mean_recall(approximate, exact, FILTERS["half"]) >= 0.9


def test_many_allowed_codes_filter_like_a_few() -> None:
    # Filters with more than a handful of codes take np.isin instead of comparisons.
    data = synthetic()
    table = VectorTable(dimension=DIM, ivf=None)
    kinds = [f"kind{i}" for i in range(12)]
    table.upsert(
        [
            VectorRow(
                id=row.id,
                created_at=NOW,
                countries=row.countries,
                workplace=row.workplace,
                salary_top=None,
                seniority=None,
                employment_type=None if i % 13 == 12 else kinds[i % 13],
                company_key=row.company_key,
                org_id=None,
                posted=NOW,
            )
            for i, row in enumerate(data.rows)
        ],
        data.vectors,
    )
    for allowed in (kinds[:2], kinds[:10]):
        mask = table.passing(RetrievalFilters(employment_types=frozenset(allowed)))
        expected = [i % 13 == 12 or i % 13 < len(allowed) for i in range(ROWS)]
        assert mask.tolist() == expected


def test_settings_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="overfetch"):
        IvfSettings(overfetch=0)
    with pytest.raises(ValueError, match="probes"):
        IvfSettings(probes=-1)
    with pytest.raises(ValueError, match="lists"):
        IvfSettings(lists=0)
    with pytest.raises(ValueError, match="exact_below"):
        IvfSettings(exact_below=-1)

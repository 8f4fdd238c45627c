from __future__ import annotations

import uuid

import numpy as np
import pytest

from jobpilot.matching.diversity import (
    Collapsed,
    DismissedJob,
    RankedItem,
    Vector,
    cap_per_company,
    collapse_near_duplicates,
    sink_similar_to_dismissed,
)


def job_id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n)


def vec(*values: float) -> Vector:
    array = np.asarray(values, dtype=np.float32)
    return array / np.linalg.norm(array)


def item(
    n: int,
    company: str,
    title: str = "engineer",
    score: float | None = None,
    vector: Vector | None = None,
) -> RankedItem:
    """Item ``n``; by default scores fall as ``n`` grows, so the list is in rank order."""
    return RankedItem(job_id(n), company, title, 100.0 - n if score is None else score, vector)


def ids(items: list[RankedItem]) -> list[int]:
    return [i.job_id.int for i in items]


def test_cap_pushes_overflow_to_the_next_page_in_order():
    # Ranks 1-4 are all company A; with 2 per company on pages of 4,
    # page 1 takes A1 A2 then the next non-A items B5 C6; A3 A4 wait for page 2.
    ranked = [
        item(1, "a"),
        item(2, "a"),
        item(3, "a"),
        item(4, "a"),
        item(5, "b"),
        item(6, "c"),
        item(7, "d"),
        item(8, "e"),
    ]
    capped = cap_per_company(ranked, per_page=2, page_size=4)
    assert ids(capped) == [1, 2, 5, 6, 3, 4, 7, 8]


def test_cap_never_drops_and_every_page_respects_the_cap_when_possible():
    companies = ["a", "a", "a", "a", "a", "b", "b", "b", "c", "d", "e", "f"]
    ranked = [item(n, company) for n, company in enumerate(companies, start=1)]
    capped = cap_per_company(ranked, per_page=1, page_size=3)
    assert sorted(ids(capped)) == list(range(1, 13))
    pages = [capped[start : start + 3] for start in range(0, 12, 3)]
    # Page 1: a1 b6 c9; page 2: a2 b7 d10; page 3: a3 b8 e11; page 4 takes a4 f12, then a5
    # because only company a is left to complete it; within a page items keep rank order.
    assert [ids(page) for page in pages] == [[1, 6, 9], [2, 7, 10], [3, 8, 11], [4, 5, 12]]


def test_cap_fills_pages_with_a_single_company_rather_than_leaving_them_short():
    ranked = [item(n, "only") for n in range(1, 8)]
    assert ids(cap_per_company(ranked, per_page=3, page_size=5)) == list(range(1, 8))


def test_cap_leaves_an_already_diverse_list_alone():
    ranked = [item(n, f"company-{n}") for n in range(1, 11)]
    assert cap_per_company(ranked, per_page=1, page_size=4) == ranked


def test_cap_works_on_collapsed_results():
    collapsed = [Collapsed(item(n, company)) for n, company in enumerate("aaab", start=1)]
    capped = cap_per_company(collapsed, per_page=2, page_size=3)
    assert [c.item.job_id.int for c in capped] == [1, 2, 4, 3]


@pytest.mark.parametrize(("per_page", "page_size"), [(0, 10), (3, 0)])
def test_cap_refuses_empty_pages(per_page, page_size):
    with pytest.raises(ValueError, match="at least 1"):
        cap_per_company([item(1, "a")], per_page=per_page, page_size=page_size)


def test_same_company_and_title_fold_into_the_best_ranked():
    ranked = [
        item(1, "acme", "backend engineer"),
        item(2, "globex", "backend engineer"),
        item(3, "acme", "backend engineer"),
        item(4, "acme", "frontend engineer"),
        item(5, "acme", "backend engineer"),
    ]
    collapsed = collapse_near_duplicates(ranked)
    assert [(c.item.job_id.int, [d.int for d in c.duplicates]) for c in collapsed] == [
        (1, [3, 5]),
        (2, []),
        (4, []),
    ]


def test_close_vectors_fold_and_distant_ones_stay():
    base = vec(1.0, 0.0, 0.0)
    # cos(base, near) = 1 / sqrt(1 + 0.2²) = 0.9806 ≥ 0.95; cos(base, far) = 1 / sqrt(2) = 0.707.
    near = vec(1.0, 0.2, 0.0)
    far = vec(1.0, 1.0, 0.0)
    ranked = [
        item(1, "acme", "data engineer", vector=base),
        item(2, "initech", "data platform engineer", vector=near),
        item(3, "hooli", "analyst", vector=far),
        item(4, "umbrella", "no vector"),
    ]
    collapsed = collapse_near_duplicates(ranked, similarity=0.95)
    assert [(c.item.job_id.int, [d.int for d in c.duplicates]) for c in collapsed] == [
        (1, [2]),
        (3, []),
        (4, []),
    ]
    # With a stricter threshold than 0.9806 the near vector is kept on its own.
    assert len(collapse_near_duplicates(ranked, similarity=0.99)) == 4


def test_duplicates_fold_into_the_earliest_matching_kept_item():
    # Item 3 matches item 2 by key and item 1 by vector; item 1 ranks better, so it wins.
    # Items 1 and 2 are not similar to each other (cos = 0), so both are kept.
    ranked = [
        item(1, "acme", "ml engineer", vector=vec(1.0, 0.0)),
        item(2, "globex", "data scientist", vector=vec(0.0, 1.0)),
        item(3, "globex", "data scientist", vector=vec(1.0, 0.01)),
    ]
    collapsed = collapse_near_duplicates(ranked)
    assert [(c.item.job_id.int, [d.int for d in c.duplicates]) for c in collapsed] == [
        (1, [3]),
        (2, []),
    ]


def test_vectors_need_not_be_unit_length():
    ranked = [
        item(1, "a", "x", vector=np.asarray([3.0, 0.0], dtype=np.float32)),
        item(2, "b", "y", vector=np.asarray([10.0, 0.5], dtype=np.float32)),
        item(3, "c", "z", vector=np.zeros(2, dtype=np.float32)),
    ]
    # cos = 10 / sqrt(100.25) = 0.9988; the zero vector is similar to nothing.
    collapsed = collapse_near_duplicates(ranked)
    assert [c.item.job_id.int for c in collapsed] == [1, 3]
    assert collapsed[0].duplicates == (job_id(2),)


def test_collapse_of_an_empty_list():
    assert collapse_near_duplicates([]) == []


def test_many_items_collapse_like_the_definition():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(40, 16))
    vectors = [
        (centres[n % 40] + rng.normal(scale=0.05, size=16)).astype(np.float32) for n in range(500)
    ]
    ranked = [item(n, f"c{n}", f"t{n}", score=1.0, vector=vectors[n]) for n in range(500)]
    collapsed = collapse_near_duplicates(ranked, similarity=0.95)
    unit = [v / np.linalg.norm(v) for v in vectors]
    kept = [c.item.job_id.int for c in collapsed]
    for position, n in enumerate(kept):
        for earlier in kept[:position]:
            assert float(unit[n] @ unit[earlier]) < 0.95
    for c in collapsed:
        for duplicate in c.duplicates:
            assert float(unit[duplicate.int] @ unit[c.item.job_id.int]) >= 0.95
    assert sum(1 + len(c.duplicates) for c in collapsed) == 500


def test_similar_to_dismissed_sinks_below_the_rest():
    ranked = [
        item(1, "acme", "sales manager", score=90.0),
        item(2, "globex", "engineer", score=80.0, vector=vec(1.0, 0.1)),
        item(3, "initech", "engineer", score=70.0, vector=vec(0.0, 1.0)),
        item(4, "hooli", "engineer", score=60.0),
    ]
    dismissed = [
        DismissedJob("acme", "sales manager"),
        DismissedJob("umbrella", "engineer", vector=vec(1.0, 0.0)),
    ]
    # Item 1 matches by company and title: 90 * 0.5 = 45. Item 2 by vector
    # (cos = 1 / sqrt(1.01) = 0.995 ≥ 0.9): 80 * 0.5 = 40. Items 3 and 4 keep 70 and 60.
    sunk = sink_similar_to_dismissed(ranked, dismissed, penalty=0.5)
    assert ids(sunk) == [3, 4, 1, 2]
    assert [i.score for i in sunk] == [70.0, 60.0, 45.0, 40.0]


def test_penalty_applies_once_and_sort_is_stable():
    ranked = [
        item(1, "a", "x", score=50.0, vector=vec(1.0, 0.0)),
        item(2, "b", "y", score=50.0),
        item(3, "c", "z", score=100.0),
    ]
    dismissed = [
        DismissedJob("a", "x", vector=vec(1.0, 0.0)),
        DismissedJob("q", "r", vector=vec(1.0, 0.0)),
    ]
    sunk = sink_similar_to_dismissed(ranked, dismissed, penalty=0.8)
    # Item 1 resembles both dismissed jobs but is penalised once: 50 * 0.8 = 40.
    assert [(i.job_id.int, i.score) for i in sunk] == [(3, 100.0), (2, 50.0), (1, 40.0)]

    unchanged = [item(1, "a", score=10.0), item(2, "b", score=10.0), item(3, "c", score=10.0)]
    assert sink_similar_to_dismissed(unchanged, [DismissedJob("z", "z")]) == unchanged


def test_nothing_dismissed_changes_nothing():
    ranked = [item(1, "a"), item(2, "b")]
    assert sink_similar_to_dismissed(ranked, []) == ranked


@pytest.mark.parametrize(("similarity", "penalty"), [(0.0, 0.5), (1.5, 0.5), (0.9, -0.1), (0.9, 2)])
def test_sink_refuses_bad_settings(similarity, penalty):
    with pytest.raises(ValueError, match="must be in"):
        sink_similar_to_dismissed(
            [item(1, "a")], [DismissedJob("a", "x")], similarity=similarity, penalty=penalty
        )

"""When two postings are the same real position: pure rules, no I/O.

Postings are compared only within the same normalised company and title (seniority kept), so
the checks here are the ones that separate two openings with the same name: where they are
and what their text says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

import numpy as np


class Comparable(Protocol):
    countries: list[str]
    cities: list[str]
    workplace: str | None


def locations_overlap(a: Comparable, b: Comparable) -> bool:
    """True unless both sides name places and the places differ.

    Cities decide when both have them; otherwise countries. A posting without any location
    (common for remote roles and terse feeds) does not rule a match out.
    """
    if a.cities and b.cities:
        return not set(a.cities).isdisjoint(b.cities)
    if a.countries and b.countries:
        return not set(a.countries).isdisjoint(b.countries)
    return True


def text_similarity(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """Cosine similarity of two unit vectors (0 when either is missing)."""
    if a is None or b is None:
        return 0.0
    return float(np.dot(a, b))


class Candidate(Comparable, Protocol):
    vector: np.ndarray | None


C = TypeVar("C", bound=Candidate)


def best_duplicate(
    posting: Comparable, vector: np.ndarray | None, candidates: Sequence[C], threshold: float
) -> C | None:
    """The most similar candidate whose location overlaps and whose text similarity reaches
    ``threshold``, or None."""
    best: C | None = None
    best_score = threshold
    for candidate in candidates:
        if not locations_overlap(posting, candidate):
            continue
        score = text_similarity(vector, candidate.vector)
        if score >= best_score:
            best, best_score = candidate, score
    return best

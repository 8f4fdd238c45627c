"""Diversity over a ranked result list.

Near-duplicate postings are folded together, companies are capped per page and jobs like
dismissed ones sink. Every function takes items best first and keeps that order wherever it
does not have to change it. Vectors are job embeddings; similarity between them is cosine
similarity, computed in float32 like the embeddings themselves.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class RankedItem:
    """A scored job in a ranked list, with what diversity needs to compare it to others."""

    job_id: uuid.UUID
    company_key: str
    title_key: str
    score: float
    # Arrays have no usable ==, so the vector takes no part in equality or hashing.
    vector: Vector | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Collapsed:
    """A kept item and the ids of the lower-ranked near-duplicates folded into it."""

    item: RankedItem
    duplicates: tuple[uuid.UUID, ...] = ()

    @property
    def company_key(self) -> str:
        return self.item.company_key


@dataclass(frozen=True, slots=True)
class DismissedJob:
    """What is remembered of a job the user dismissed, to recognise similar ones."""

    company_key: str
    title_key: str
    vector: Vector | None = field(default=None, compare=False)


class HasCompany(Protocol):
    @property
    def company_key(self) -> str: ...


CompanyItem = TypeVar("CompanyItem", bound=HasCompany)


def _check_similarity(similarity: float) -> None:
    if not 0.0 < similarity <= 1.0:
        raise ValueError(f"similarity threshold must be in (0, 1], got {similarity}")


def _unit_rows(vectors: Sequence[Vector | None]) -> tuple[Vector, list[int]]:
    """The present vectors scaled to unit length, one per row, and which input each came from.

    A zero vector stays zero, so it is similar to nothing.
    """
    present = [index for index, vector in enumerate(vectors) if vector is not None]
    arrays = [vector for vector in vectors if vector is not None]
    rows = np.zeros((0, 0), dtype=np.float32)
    if arrays:
        rows = np.array(arrays, dtype=np.float32)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        norms[norms == 0.0] = 1.0
        rows = rows / norms
    return rows, present


def _similarity_matrix(left: Sequence[Vector | None], right: Sequence[Vector | None]) -> Vector:
    """Cosine similarity of every left vector to every right vector; 0 where one is missing."""
    # Without a vector on one side there is nothing to compare (and nothing to normalise).
    if all(vector is None for vector in right) or all(vector is None for vector in left):
        return np.zeros((len(left), len(right)), dtype=np.float32)
    left_rows, left_index = _unit_rows(left)
    right_rows, right_index = _unit_rows(right)
    product: Vector = left_rows @ right_rows.T
    if len(left_index) == len(left) and len(right_index) == len(right):
        return product
    matrix = np.zeros((len(left), len(right)), dtype=np.float32)
    matrix[np.ix_(left_index, right_index)] = product
    return matrix


def collapse_near_duplicates(
    items: Sequence[RankedItem], *, similarity: float = 0.95
) -> list[Collapsed]:
    """Fold each item that duplicates a better-ranked kept item into that item.

    An item duplicates a kept one when both have the same company and normalised title, or
    when their vectors' cosine similarity is at least ``similarity``. It folds into the
    best-ranked kept item it duplicates; items are only compared with kept items, never with
    items already folded away.
    """
    _check_similarity(similarity)
    vectors = [item.vector for item in items]
    # The threshold is positive, so rows of items without a vector are all False.
    close = _similarity_matrix(vectors, vectors) >= similarity
    # Near-duplicates are few: list, for each item, the better-ranked items close to it.
    later, earlier = np.divmod(np.flatnonzero(close), len(items))
    closer: dict[int, list[int]] = {}
    for row, column in zip(later.tolist(), earlier.tolist(), strict=True):
        if column < row:
            closer.setdefault(row, []).append(column)
    is_kept = [False] * len(items)
    folded: dict[int, list[uuid.UUID]] = {}
    kept_by_key: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        key = (item.company_key, item.title_key)
        target = kept_by_key.get(key)
        if index in closer:
            similar_kept = next((i for i in closer[index] if is_kept[i]), None)
            if similar_kept is not None and (target is None or similar_kept < target):
                target = similar_kept
        if target is not None:
            folded[target].append(item.job_id)
        else:
            is_kept[index] = True
            folded[index] = []
            kept_by_key[key] = index
    return [Collapsed(items[index], tuple(duplicates)) for index, duplicates in folded.items()]


def cap_per_company(
    items: Sequence[CompanyItem], *, per_page: int, page_size: int
) -> list[CompanyItem]:
    """Reorder so each page of ``page_size`` holds at most ``per_page`` items per company.

    Pages are filled in rank order with items whose company still has room on the page; the
    overflow waits, in order, for the next pages, so nothing is dropped. When only capped
    companies remain, the page is completed with the best of them anyway, so that every page
    but the last is full and slicing the result by ``page_size`` gives the pages. Within a
    page, items keep their rank order.
    """
    if per_page < 1 or page_size < 1:
        raise ValueError("per_page and page_size must be at least 1")
    pending = list(items)
    ordered: list[CompanyItem] = []
    while pending:
        page = _next_page(pending, per_page=per_page, page_size=page_size)
        ordered.extend(pending[position] for position in page)
        taken = set(page)
        pending = [item for position, item in enumerate(pending) if position not in taken]
    return ordered


def _next_page(pending: Sequence[HasCompany], *, per_page: int, page_size: int) -> list[int]:
    """Positions in ``pending`` that make up the next page, in rank order."""
    on_page: Counter[str] = Counter()
    page: list[int] = []
    for position, item in enumerate(pending):
        if len(page) == page_size:
            return page
        if on_page[item.company_key] < per_page:
            on_page[item.company_key] += 1
            page.append(position)
    chosen = set(page)
    overflow = (position for position in range(len(pending)) if position not in chosen)
    page.extend(islice(overflow, page_size - len(page)))
    return sorted(page)


def sink_similar_to_dismissed(
    items: Sequence[RankedItem],
    dismissed: Sequence[DismissedJob],
    *,
    similarity: float = 0.9,
    penalty: float = 0.5,
) -> list[RankedItem]:
    """Multiply by ``penalty`` the score of items like a dismissed job, then re-sort by score.

    An item is like a dismissed job when both have the same company and normalised title, or
    when their vectors' cosine similarity is at least ``similarity``. The penalty applies once
    however many dismissed jobs an item resembles. The sort is stable: equal scores keep their
    input order.
    """
    _check_similarity(similarity)
    if not 0.0 <= penalty <= 1.0:
        raise ValueError(f"penalty must be in [0, 1], got {penalty}")
    dismissed_keys = {(job.company_key, job.title_key) for job in dismissed}
    similarities = _similarity_matrix(
        [item.vector for item in items], [job.vector for job in dismissed]
    )
    close: npt.NDArray[np.bool_] = np.asarray((similarities >= similarity).any(axis=1))
    adjusted = [
        replace(item, score=item.score * penalty)
        if close[index] or (item.company_key, item.title_key) in dismissed_keys
        else item
        for index, item in enumerate(items)
    ]
    return sorted(adjusted, key=lambda item: -item.score)

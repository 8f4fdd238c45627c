"""Random draws for the demo corpus, built on ``Random.random()`` alone.

``random.sample`` and ``random.choices`` are several times slower per call than a float draw,
and the corpus makes a few hundred draws per posting; these keep generation fast while staying
deterministic for a seed.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

T = TypeVar("T")


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    """Running totals of ``weights``, for :func:`draw_weighted`."""
    return tuple(accumulate(weights))


def draw_weighted(rng: random.Random, options: Sequence[T], cum_weights: Sequence[float]) -> T:
    """One option, with probability proportional to its weight."""
    return options[bisect(cum_weights, rng.random() * cum_weights[-1])]


def draw_one(rng: random.Random, options: Sequence[T]) -> T:
    """One option, all equally likely."""
    return options[int(rng.random() * len(options))]


def draw_sample(rng: random.Random, options: Sequence[T], count: int) -> list[T]:
    """``count`` distinct options (fewer if there are not enough), in random order."""
    pool = list(options)
    size = len(pool)
    count = min(count, size)
    for i in range(count):
        j = i + int(rng.random() * (size - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:count]

"""The embedder interface used by every domain (taxonomy, jobs, profiles, matching)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]

KNOWN_EMBEDDERS = ("hashing", "minilm")


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, in batches."""

    @property
    def name(self) -> str:
        """Stable identifier, stored next to every vector it made (e.g. ``hashing-384-v1``)."""
        ...

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> Matrix:
        """One row per text, each of unit length (a zero row for a text with no features)."""
        ...


class UnknownEmbedder(ValueError):
    pass


def create_embedder(name: str) -> Embedder:
    if name == "hashing":
        from jobpilot.core.embedding.hashing import HashingEmbedder

        return HashingEmbedder()
    if name == "minilm":
        from jobpilot.core.embedding.sentence import MiniLMEmbedder

        return MiniLMEmbedder()
    raise UnknownEmbedder(f"unknown embedder {name!r}; choose one of {', '.join(KNOWN_EMBEDDERS)}")

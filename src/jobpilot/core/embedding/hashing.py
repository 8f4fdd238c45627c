"""The built-in offline embedder: signed feature hashing of words, word pairs and subwords.

What it is: each text becomes a bag of features — its normalised words, adjacent word pairs,
and the character 3- to 5-grams of each word (with boundary marks) — hashed with CRC-32 into
384 signed buckets, weighted, summed and scaled to unit length. No model file, no training:
deterministic across processes and machines, and fast (a few microseconds a word).

Why it helps for skill and title text: shared subwords make spelling variants and inflections
land close together ("visualisation"/"visualization", "developer"/"development",
"Postgres"/"PostgreSQL"), shared words and pairs make paraphrases with common vocabulary
close ("manage a team"/"team management"), and unrelated texts stay near orthogonal. It does
not know synonyms that share no letters ("physician"/"doctor"); the ``minilm`` embedder does.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence

import numpy as np

from jobpilot.core.embedding.base import Matrix

_WORD = re.compile(r"[a-z0-9]+(?:[+#]+)?")
# British and American spellings fold to one form before hashing.
_SPELLING = (
    (re.compile(r"isation"), "ization"),
    (re.compile(r"ise(s|d)?\b"), r"ize\1"),
    (re.compile(r"ising\b"), "izing"),
    (re.compile(r"our\b"), "or"),
    (re.compile(r"yse\b"), "yze"),
    (re.compile(r"tre\b"), "ter"),
    (re.compile(r"ogue\b"), "og"),
)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "of",
        "on",
        "or",
        "our",
        "the",
        "their",
        "this",
        "to",
        "we",
        "with",
        "you",
        "your",
    ]
)

WORD_WEIGHT = 1.0
PAIR_WEIGHT = 0.7
SUBWORD_WEIGHT = 1.0


def _fold(text: str) -> str:
    text = text.lower()
    for pattern, replacement in _SPELLING:
        text = pattern.sub(replacement, text)
    return text


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_fold(text)) if w not in _STOP]


class HashingEmbedder:
    name = "hashing-384-v1"
    dimension = 384

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension
        self.name = f"hashing-{dimension}-v1"
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _features(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """Bucket indices and signed weights of a word and its subwords (cached: words repeat)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        marked = f"<{word}>"
        grams = [marked[i : i + n] for n in (3, 4, 5) for i in range(len(marked) - n + 1)]
        features = [("w:" + word, WORD_WEIGHT)]
        if grams:
            # The subwords of a word together weigh about as much as the word itself.
            share = SUBWORD_WEIGHT / len(grams) ** 0.5
            features += [("g:" + gram, share) for gram in grams]
        indices = np.empty(len(features), dtype=np.int64)
        weights = np.empty(len(features), dtype=np.float32)
        for n, (feature, weight) in enumerate(features):
            code = zlib.crc32(feature.encode("utf-8"))
            indices[n] = code % self.dimension
            weights[n] = weight if code & 0x80000000 else -weight
        if len(self._cache) < 200_000:
            self._cache[word] = (indices, weights)
        return indices, weights

    def embed_one(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimension, dtype=np.float32)
        words = _words(text)
        if not words:
            return vector
        parts = [self._features(word) for word in words]
        pairs = [f"p:{a} {b}" for a, b in itertools.pairwise(words)]
        indices = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        if pairs:
            codes = np.array([zlib.crc32(p.encode("utf-8")) for p in pairs], dtype=np.int64)
            signs = np.where(codes & 0x80000000, PAIR_WEIGHT, -PAIR_WEIGHT).astype(np.float32)
            indices = np.concatenate([indices, codes % self.dimension])
            weights = np.concatenate([weights, signs])
        np.add.at(vector, indices, weights)
        norm = float(np.linalg.norm(vector))
        if norm > 0:
            vector /= norm
        return vector

    def embed(self, texts: Sequence[str]) -> Matrix:
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            matrix[row] = self.embed_one(text)
        return matrix

"""Signals for ranking a taxonomy's skills against a sentence, mentioned or only described.

- **Lexical**: TF-IDF cosine between the sentence and a document per skill in which a term of
  the preferred label weighs 3, a term of each alternative label 1 and a description term 0.5.
  Terms are Porter stems of the words after folding British spellings, plus adjacent pairs
  ("sales kpi", "data visual"), so inflections meet and a matching phrase beats scattered words.
- **Expansion**: skills of the built-in taxonomy named in the sentence add the words of their
  name and first aliases to the query. The built-in aliases know job-ad vocabulary ("SEN",
  "sales KPIs", "PAYE") that the imported taxonomies spell out differently.
- **Occupations**: the occupations whose titles resemble the sentence vote for the skills
  they list (essential or typical links count fully, optional ones half).
- **Prior**, **embedding** and **explicit mention** are computed by the index.

Measured effect of each signal: docs/taxonomy.md, "Ranking (implicit skills)".

Each signal is an array over the ranked skills; :func:`combined_score` mixes them linearly
with :class:`RankingWeights`.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from jobpilot.taxonomy.stemming import porter_stem
from jobpilot.taxonomy.text import unstemmed_words

LABEL_WEIGHT = 3.0
ALTERNATIVE_WEIGHT = 1.0
DESCRIPTION_WEIGHT = 0.5
ALTERNATIVES_INDEXED = 20  # a few ESCO skills have 50+ alternative labels; the first say enough
ALIASES_EXPANDED = 5
OCCUPATIONS_VOTING = 10
LINK_WEIGHTS = {"essential": 1.0, "typical": 1.0, "optional": 0.5}

# Imported taxonomies write British English, job ads both: fold the spellings of a word.
_SPELLINGS = (
    (re.compile(r"^(lic|def|off)enc"), r"\1ens"),
    (re.compile(r"^practis"), "practic"),
    (re.compile(r"isation(s?)$"), r"ization\1"),
    (re.compile(r"is(e|es|ed|ing|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
    (re.compile(r"(?<=\w{3})our$"), "or"),
    (re.compile(r"tre$"), "ter"),
    (re.compile(r"ogue$"), "og"),
    (re.compile(r"amme$"), "am"),
)


@dataclass(frozen=True, slots=True)
class RankingWeights:
    """How much each signal counts; the lexical score is the unit."""

    lexical: float = 1.0
    embedding: float = 0.3
    prior: float = 0.1
    explicit: float = 0.1
    occupations: float = 0.06
    # Weight of an expansion term relative to a word of the sentence, for a sure mention.
    expansion: float = 0.8


@functools.lru_cache(maxsize=200_000)
def ranking_stem(word: str) -> str:
    """The ranking form of a lower-case word: spelling folded, then Porter-stemmed."""
    for pattern, replacement in _SPELLINGS:
        word = pattern.sub(replacement, word)
    return porter_stem(word)


def ranking_terms(text: str) -> list[str]:
    """The stems of ``text``'s content words but numbers, then each adjacent pair of stems."""
    # Bare numbers ("5", "2023") say nothing about a skill but match version labels ("Php 5").
    stems = [ranking_stem(word) for word in unstemmed_words(text) if not word.isdigit()]
    return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]


def query_weights(terms: Iterable[str]) -> dict[str, float]:
    """Sublinear term frequencies of a query: 1 + ln(count)."""
    return {term: 1.0 + math.log(count) for term, count in Counter(terms).items()}


def skill_document(
    label: str, alternatives: Sequence[str], description: str | None
) -> dict[str, float]:
    """A skill's weighted terms: each distinct term once per label it occurs in, at the weight
    of that label's kind, and once more at the description's weight."""
    document: dict[str, float] = defaultdict(float)
    parts = [(label, LABEL_WEIGHT)]
    parts += [(text, ALTERNATIVE_WEIGHT) for text in alternatives[:ALTERNATIVES_INDEXED]]
    if description:
        parts.append((description, DESCRIPTION_WEIGHT))
    for text, weight in parts:
        for term in set(ranking_terms(text)):
            document[term] += weight
    return dict(document)


def mention_terms(label: str, aliases: Sequence[str]) -> frozenset[str]:
    """The terms a mentioned skill adds to a query: those of its name and first aliases."""
    return frozenset(
        term for text in (label, *aliases[:ALIASES_EXPANDED]) for term in ranking_terms(text)
    )


def expand_query(
    query: Mapping[str, float], mentions: Iterable[tuple[frozenset[str], float]], weight: float
) -> dict[str, float]:
    """``query`` plus the terms of mentioned skills, each at ``weight`` times the confidence of the
    surest mention that brings it."""
    added: dict[str, float] = {}
    for terms, confidence in mentions:
        for term in terms:
            added[term] = max(added.get(term, 0.0), weight * confidence)
    expanded = dict(query)
    for term, value in added.items():
        expanded[term] = expanded.get(term, 0.0) + value
    return expanded


def _dampened(frequency: float) -> float:
    """Sublinear above one occurrence, proportional below (a description-only term)."""
    return 1.0 + math.log(frequency) if frequency >= 1.0 else frequency


class WeightedTfidf:
    """TF-IDF cosine between a weighted query and weighted documents, as an inverted index of
    numpy arrays."""

    def __init__(self, documents: Sequence[Mapping[str, float]]) -> None:
        self.size = len(documents)
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(document.keys())
        self.idf = {t: math.log((1 + self.size) / (1 + df)) + 1.0 for t, df in frequency.items()}
        rows: dict[str, list[int]] = defaultdict(list)
        values: dict[str, list[float]] = defaultdict(list)
        for row, document in enumerate(documents):
            weights = {t: _dampened(f) * self.idf[t] for t, f in document.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                rows[term].append(row)
                values[term].append(weight / norm)
        self.postings = {
            term: (np.array(rows[term], dtype=np.int32), np.array(values[term], dtype=np.float32))
            for term in rows
        }

    def scores(self, query: Mapping[str, float]) -> np.ndarray:
        """The cosine of ``query`` (term → weight) with every document."""
        out = np.zeros(self.size, dtype=np.float32)
        weights = {t: w * self.idf[t] for t, w in query.items() if t in self.postings and w > 0}
        if not weights:
            return out
        norm = math.sqrt(sum(w * w for w in weights.values()))
        for term, weight in weights.items():
            rows, values = self.postings[term]
            # A term lists each document once, so plain fancy-index addition is exact.
            out[rows] += values * np.float32(weight / norm)
        return out


class OccupationVotes:
    """Occupation → skill links as arrays, to turn occupation scores into skill votes."""

    def __init__(
        self, links: Iterable[tuple[int, int, float]], occupations: int, skills: int
    ) -> None:
        """``links``: (occupation position, skill position, link weight)."""
        self.skills = skills
        per_occupation: list[list[tuple[int, float]]] = [[] for _ in range(occupations)]
        for occupation, skill, weight in links:
            per_occupation[occupation].append((skill, weight))
        self.links = [
            (
                np.array([s for s, _ in pairs], dtype=np.int32),
                np.array([w for _, w in pairs], dtype=np.float32),
            )
            for pairs in per_occupation
        ]

    def votes(self, occupation_scores: np.ndarray, top: int = OCCUPATIONS_VOTING) -> np.ndarray:
        """Each skill's votes from the ``top`` best-scoring occupations, each voting with its
        score relative to the best one; scaled so the most voted skill has 1."""
        out = np.zeros(self.skills, dtype=np.float32)
        count = min(top, int(np.count_nonzero(occupation_scores > 0)))
        if not count:
            return out
        best = np.argpartition(-occupation_scores, count - 1)[:count]
        highest = float(occupation_scores[best].max())
        for occupation in best:
            skills, weights = self.links[int(occupation)]
            out[skills] += weights * np.float32(occupation_scores[occupation] / highest)
        peak = float(out.max())
        return out / np.float32(peak) if peak > 0 else out


def combined_score(
    *,
    lexical: np.ndarray,
    similarity: np.ndarray,
    prior: np.ndarray,
    explicit: np.ndarray,
    votes: np.ndarray,
    weights: RankingWeights,
) -> np.ndarray:
    """The linear mix of the signals (arrays over the same skills)."""
    score: np.ndarray = (
        weights.lexical * lexical
        + weights.embedding * similarity
        + weights.prior * prior
        + weights.explicit * explicit
        + weights.occupations * votes
    )
    return score

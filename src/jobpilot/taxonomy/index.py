"""The in-memory taxonomy index: extraction, ranking and title normalisation over one snapshot.

Built once per process from the database (and rebuilt when an import changes the taxonomy).
Everything here is pure computation over arrays and dicts, so it serves thousands of texts a
second without touching the database.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import ahocorasick
import numpy as np

from jobpilot.core.embedding import Embedder
from jobpilot.taxonomy import cues
from jobpilot.taxonomy.ranking import (
    LINK_WEIGHTS,
    OccupationVotes,
    RankingWeights,
    WeightedTfidf,
    combined_score,
    expand_query,
    mention_terms,
    query_weights,
    ranking_terms,
    skill_document,
)
from jobpilot.taxonomy.text import SEPARATOR, Atoms, content_words, label_atoms

LABEL_CONFIDENCE = {"preferred": 0.95, "alternative": 0.9, "abbreviation": 0.85, "hidden": 0.75}
AMBIGUOUS_CONFIDENCE = 0.7
CONTEXT_WINDOW = 12  # atoms either side in which an ambiguous alias looks for its sense
SOURCES = ("builtin", "esco", "onet")
# Imported labels this short, or these common words, are not used for explicit matching.
_NOISE_LABELS = frozenset(
    {"lead", "manage", "support", "work", "plan", "order", "service", "sales", "care", "design"}
)
# A one-word alternative label of an imported concept matches explicitly only when its word is
# rare in that taxonomy's own descriptions: in at most this share of them, or this many. ESCO's
# ordinary words ("data", "board", "report") are each in a hundred descriptions or more, its
# product names and acronyms ("Git", "PLC") in a handful.
_RARE_WORD_SHARE = 0.001
_RARE_WORD_FLOOR = 3
# ESCO qualifies some names: "Python (computer programming)" is also named "Python".
_NAME_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass(slots=True)
class ConceptEntry:
    id: str
    kind: str
    source: str
    label: str
    category: str | None = None
    description: str | None = None
    context: frozenset[str] = frozenset()
    prior: float = 0.0
    alt_labels: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LabelEntry:
    atoms: tuple[str, ...]
    original: tuple[str, ...]
    concept: int
    label_type: str
    case_sensitive: bool
    ambiguous: bool


@dataclass(slots=True)
class SkillMention:
    concept: ConceptEntry
    spans: list[tuple[int, int]]
    confidence: float
    required: bool | None
    surface: list[str]


@dataclass(frozen=True, slots=True)
class Ranked:
    concept: ConceptEntry
    score: float


@dataclass(frozen=True, slots=True)
class TitleResult:
    title: str
    core_title: str
    seniority: str | None
    qualifiers: list[str]
    occupations: list[Ranked]


def _hyphen_glued(text: str, start: int, end: int) -> bool:
    """An acronym inside a hyphenated compound ("ICH-GCP", "ADR-certified") is not a mention."""
    before = text[start - 2 : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalnum()) or (
        len(after) == 2 and after[0] == "-" and after[1].isalnum()
    )


class _Automaton:
    """Every label of one source and kind in an Aho-Corasick automaton over atom strings.

    Labels are keyed as their atoms joined and framed by a separator, and a text is scanned as
    its atoms joined the same way, so matches can only start and end on atom boundaries. The
    scan is one pass in C; Python only looks at the few places where a label occurs. The
    requirement cue phrases are keys too, so the same pass finds them for :mod:`cues`.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], list[LabelEntry]] = defaultdict(list)
        self.scanner = ahocorasick.Automaton()

    def add(self, entry: LabelEntry) -> None:
        self._entries[entry.atoms].append(entry)

    def finish(self) -> None:
        # The requirement cue phrases ride along, so that one scan finds labels and cues.
        cue_keys = {_key(phrase_atoms) for phrase_atoms in cues.CUE_ATOMS}
        for label_atoms_, entries in self._entries.items():
            key = _key(label_atoms_)
            # Case-sensitive forms first: an exact-case acronym beats a loose spelling.
            ordered = sorted(entries, key=lambda e: not e.case_sensitive)
            self.scanner.add_word(key, (len(label_atoms_), ordered, key in cue_keys))
        for phrase_atoms in cues.CUE_ATOMS:
            key = _key(phrase_atoms)
            if key not in self.scanner:
                self.scanner.add_word(key, (len(phrase_atoms), [], True))
        self._entries.clear()
        self.scanner.make_automaton()

    def occurrences(
        self, joined: str
    ) -> tuple[list[tuple[int, int, list[LabelEntry]]], list[tuple[int, int]]]:
        """Where labels and cue phrases occur in ``joined`` (a text's joined atoms, see
        :class:`Atoms`): (first atom, minus the atom count, entries) of every label occurrence,
        leftmost and longest first, and (first, last atom) of every cue phrase's."""
        hits: list[tuple[int, int, list[LabelEntry]]] = []
        cue_atoms: list[tuple[int, int]] = []
        separators = 0  # in joined[:scanned]
        scanned = 0
        # Occurrences come in the order of their ends, so counting on from the last end finds
        # each one's atom index in one pass over the text.
        for end, (size, entries, cue) in self.scanner.iter(joined):
            separators += joined.count(SEPARATOR, scanned, end)
            scanned = end
            # ``end`` is the separator after the last atom, which is atom ``separators - 1``.
            if entries:
                hits.append((separators - size, -size, entries))
            if cue:
                cue_atoms.append((separators - size, separators - 1))
        # No two occurrences share their first atom and length, so the entries never compare.
        hits.sort()
        return hits, cue_atoms


def _key(atoms: tuple[str, ...]) -> str:
    """A label's or phrase's atoms joined and framed as a text's are."""
    return SEPARATOR + SEPARATOR.join(atoms) + SEPARATOR


class _LexicalIndex:
    """TF-IDF over content words, as an inverted index of numpy arrays."""

    def __init__(self, documents: Sequence[Counter[str]]) -> None:
        self.size = len(documents)
        frequency: Counter[str] = Counter()
        for doc in documents:
            frequency.update(doc.keys())
        self.idf = {t: math.log((1 + self.size) / (1 + df)) + 1.0 for t, df in frequency.items()}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for row, doc in enumerate(documents):
            weights = {t: (1 + math.log(tf)) * self.idf[t] for t, tf in doc.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                postings[term].append((row, weight / norm))
        self.postings = {
            t: (
                np.array([r for r, _ in p], dtype=np.int32),
                np.array([w for _, w in p], dtype=np.float32),
            )
            for t, p in postings.items()
        }

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        counts = Counter(t for t in terms if t in self.postings)
        if not counts:
            return out
        query = {t: (1 + math.log(c)) * self.idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in query.values())) or 1.0
        for term, weight in query.items():
            rows, values = self.postings[term]
            np.add.at(out, rows, values * (weight / norm))
        return out


class TaxonomyIndex:
    def __init__(
        self,
        concepts: Sequence[ConceptEntry],
        labels: Iterable[tuple[str, str, str, bool, bool]],
        embedder: Embedder,
        *,
        version: int = 0,
        embed_now: bool = True,
        occupation_skills: Iterable[tuple[str, str, str]] = (),
    ) -> None:
        """``labels``: (concept id, label, label type, case sensitive, ambiguous) rows;
        ``occupation_skills``: (occupation id, skill id, relation) links.

        With ``embed_now=False`` the vectors are left out: the caller attaches them with
        :meth:`attach_vectors` (e.g. from stored vectors) for ``skill_texts``/``title_texts``.
        """
        self.version = version
        self._skill_names: dict[str, str] | None = None
        # Transposed copies of vector matrices, for products with sparse queries.
        self._columns: dict[int, np.ndarray] = {}
        self.embedder = embedder
        self._positions: dict[str, dict[str, int]] = {}
        self.concepts = list(concepts)
        self.by_id = {c.id: i for i, c in enumerate(self.concepts)}
        self.automata: dict[tuple[str, str], _Automaton] = defaultdict(_Automaton)
        per_concept_labels: dict[int, list[str]] = defaultdict(list)
        for concept_id, text, label_type, case_sensitive, ambiguous in labels:
            row = self.by_id.get(concept_id)
            if row is None:
                continue
            concept = self.concepts[row]
            if label_type != "preferred":
                per_concept_labels[row].append(text)
            lowered = label_atoms(text)
            if not lowered or not self._usable(concept, text, lowered, label_type):
                continue
            entry = LabelEntry(
                lowered, label_atoms(text, lower=False), row, label_type, case_sensitive, ambiguous
            )
            self.automata[(concept.kind, concept.source)].add(entry)
        for automaton in self.automata.values():
            automaton.finish()
        for row, alts in per_concept_labels.items():
            self.concepts[row].alt_labels = alts

        self.skill_rows = np.array(
            [i for i, c in enumerate(self.concepts) if c.kind == "skill"], dtype=np.int32
        )
        skills = [self.concepts[i] for i in self.skill_rows]
        self.skill_lexical = WeightedTfidf(
            [skill_document(c.label, c.alt_labels, c.description) for c in skills]
        )
        self._mention_terms: dict[str, frozenset[str]] = {}
        self.skill_texts = [self._skill_text(c) for c in skills]
        self.skill_priors = np.array([c.prior for c in skills], dtype=np.float32)
        self._skill_sources = np.array([c.source for c in skills])

        # Titles are matched label by label: every alternative title is its own row.
        self.title_rows: list[int] = []
        title_texts: list[str] = []
        for i, c in enumerate(self.concepts):
            if c.kind != "occupation":
                continue
            for text in dict.fromkeys([c.label, *c.alt_labels]):
                self.title_rows.append(i)
                title_texts.append(text)
        self.title_row_array = np.array(self.title_rows, dtype=np.int32)
        # Exact titles per source: "chief executive officer" exists in several taxonomies.
        self.title_keys: dict[tuple[str, str], int] = {}
        for n, t in enumerate(title_texts):
            row = self.title_rows[n]
            self.title_keys.setdefault((self.concepts[row].source, normalise_title_key(t)), row)
        self.title_lexical = _LexicalIndex([Counter(content_words(t)) for t in title_texts])
        self.title_texts = title_texts
        self._title_sources = np.array([self.concepts[r].source for r in self.title_rows])
        # Occupation-level documents (all of an occupation's titles together): words spread
        # over several alternative titles still add up.
        self.occupation_rows = np.array(
            [i for i, c in enumerate(self.concepts) if c.kind == "occupation"], dtype=np.int32
        )
        self.occupation_position = {int(r): n for n, r in enumerate(self.occupation_rows)}
        self.occupation_lexical = _LexicalIndex(
            [
                Counter(
                    w
                    for t in dict.fromkeys([c.label, c.label, *c.alt_labels])
                    for w in content_words(t)
                )
                for c in (self.concepts[i] for i in self.occupation_rows)
            ]
        )
        self._occupation_sources = np.array([self.concepts[r].source for r in self.occupation_rows])
        occupation_ids = {self.concepts[r].id: n for r, n in self.occupation_position.items()}
        skill_ids = {c.id: n for n, c in enumerate(skills)}
        self.occupation_votes = OccupationVotes(
            (
                (occupation_ids[occupation], skill_ids[skill], LINK_WEIGHTS[relation])
                for occupation, skill, relation in occupation_skills
                if occupation in occupation_ids and skill in skill_ids and relation in LINK_WEIGHTS
            ),
            len(self.occupation_rows),
            len(skills),
        )
        if embed_now:
            self.attach_vectors(embedder.embed(self.skill_texts), embedder.embed(title_texts))

    def attach_vectors(self, skill_vectors: np.ndarray, title_vectors: np.ndarray) -> None:
        """Set the vectors of ``skill_texts`` and ``title_texts`` (row for row)."""
        self.skill_vectors = np.ascontiguousarray(skill_vectors, dtype=np.float32)
        self.title_vectors = np.ascontiguousarray(title_vectors, dtype=np.float32)
        # Per-source row subsets, with their own contiguous vector matrices.
        self.skill_subsets: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for src in SOURCES:
            rows = np.flatnonzero(self._skill_sources == src)
            self.skill_subsets[src] = (rows, np.ascontiguousarray(self.skill_vectors[rows]))
        self.skill_subsets["all"] = (np.arange(len(self.skill_texts)), self.skill_vectors)
        self.title_subsets: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for src in SOURCES:
            rows = np.flatnonzero(self._title_sources == src)
            self.title_subsets[src] = (rows, np.ascontiguousarray(self.title_vectors[rows]))
        self.title_subsets["all"] = (np.arange(len(self.title_texts)), self.title_vectors)

    def _usable(
        self, concept: ConceptEntry, text: str, atoms: tuple[str, ...], label_type: str
    ) -> bool:
        """Whether ``text`` (lower-case ``atoms``), a label of ``concept``, may name it in
        explicit extraction.

        Built-in labels always may: they are written for it. An imported label may not when it
        is very short or a noise word, or when it is another concept's name (it names that one).
        A one-word label other than the concept's name needs a word that is rare in the
        taxonomy's descriptions: one-word alternative labels are often ordinary words, broader
        terms or members of a group ("data" for statistics, "board" for scaffolding components),
        and a hidden label, kept for search, is never enough on its own.
        """
        if concept.source == "builtin":
            return True
        stripped = text.strip().lower()
        if len(stripped) <= 2 or stripped in _NOISE_LABELS:
            return False
        if label_type == "preferred":
            return True
        if self._names_another_concept(concept, atoms):
            return False
        if len(atoms) > 1:
            return True
        return label_type != "hidden" and self._rare_in_descriptions(concept.source, atoms[0])

    def _names_another_concept(self, concept: ConceptEntry, atoms: tuple[str, ...]) -> bool:
        owners = self._imported_names.get((concept.source, atoms))
        return owners is not None and any(owner != concept.id for owner in owners)

    @cached_property
    def _imported_names(self) -> dict[tuple[str, tuple[str, ...]], set[str]]:
        """The imported concepts each name (as atoms, per source) belongs to, with and without
        a trailing qualifier in parentheses."""
        names: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        for concept in self.concepts:
            if concept.source == "builtin":
                continue
            for name in {concept.label, _NAME_QUALIFIER.sub("", concept.label)}:
                names[(concept.source, label_atoms(name))].add(concept.id)
        return names

    def _rare_in_descriptions(self, source: str, word: str) -> bool:
        described, frequency = self._description_frequency.get(source, (0, Counter()))
        return frequency[word] <= max(_RARE_WORD_FLOOR, _RARE_WORD_SHARE * described)

    @cached_property
    def _description_frequency(self) -> dict[str, tuple[int, Counter[str]]]:
        """Per source: how many of its concepts have a description, and in how many of those
        each word (atom) occurs."""
        described: Counter[str] = Counter()
        words: dict[str, Counter[str]] = defaultdict(Counter)
        for concept in self.concepts:
            if concept.description:
                described[concept.source] += 1
                words[concept.source].update(set(Atoms(concept.description).lower))
        return {source: (count, words[source]) for source, count in described.items()}

    @staticmethod
    def _skill_text(concept: ConceptEntry) -> str:
        parts = [concept.label, concept.label, *concept.alt_labels[:8]]
        if concept.description:
            parts.append(concept.description[:300])
        return "; ".join(parts)

    def resolve_skill(self, name_or_id: str) -> str | None:
        """The id of the skill with this id, name or alias (built-in first), or None."""
        row = self.by_id.get(name_or_id)
        if row is not None and self.concepts[row].kind == "skill":
            return name_or_id
        if self._skill_names is None:
            names: dict[str, str] = {}
            for concept in sorted(self.concepts, key=lambda c: c.source != "builtin"):
                if concept.kind != "skill":
                    continue
                for label in (concept.label, *concept.alt_labels):
                    names.setdefault(label.casefold(), concept.id)
            self._skill_names = names
        return self._skill_names.get(name_or_id.strip().casefold())

    # -- extraction -----------------------------------------------------------------------

    def extract_skills(self, text: str, *, source: str = "builtin") -> list[SkillMention]:
        """Skills explicitly mentioned in ``text``, with spans, confidence and requirement."""
        sources = SOURCES if source == "all" else (source,)
        items = Atoms(text)
        if not len(items):
            return []
        requirements: cues.Requirements | None = None
        results: list[SkillMention] = []
        for src in sources:
            automaton = self.automata.get(("skill", src))
            if automaton is None:
                continue
            hits, cue_atoms = automaton.occurrences(items.joined)
            if requirements is None:
                requirements = cues.Requirements(items, cue_atoms)
            results.extend(self._extract(items, hits, requirements))
        if len(sources) > 1:
            # Each source's mentions come in the order of their first span already.
            results.sort(key=lambda m: m.spans[0][0])
        return results

    def _extract(
        self,
        items: Atoms,
        hits: list[tuple[int, int, list[LabelEntry]]],
        requirements: cues.Requirements,
    ) -> list[SkillMention]:
        text = items.text
        starts, ends = items.start, items.end
        count = len(items)
        found: list[tuple[int, int, LabelEntry]] = []
        covered = 0  # atoms before this index belong to an earlier match
        for position, negative_size, entries in hits:
            if position < covered:
                continue
            after = position - negative_size
            # "C" must not match the start of "C++" or "C#" written without a space.
            if after < count and text[starts[after]] in "+#" and starts[after] == ends[after - 1]:
                continue
            for entry in entries:
                if entry.case_sensitive and (
                    items.original(position, after) != entry.original
                    or _hyphen_glued(text, starts[position], ends[after - 1])
                ):
                    continue
                found.append((position, after - 1, entry))
                covered = after
                break
        mentions: dict[int, SkillMention] = {}
        for first, last, entry in cues.without_negated(items, found):
            if entry.ambiguous and not self._sense_confirmed(
                self.concepts[entry.concept], items, first, last, found
            ):
                continue
            start, end = starts[first], ends[last]
            confidence = (
                AMBIGUOUS_CONFIDENCE
                if entry.ambiguous
                else LABEL_CONFIDENCE.get(entry.label_type, 0.8)
            )
            mention = mentions.get(entry.concept)
            if mention is None:
                mentions[entry.concept] = SkillMention(
                    self.concepts[entry.concept],
                    [(start, end)],
                    confidence,
                    requirements.at(start, end),
                    [text[start:end]],
                )
                continue
            mention.spans.append((start, end))
            mention.surface.append(text[start:end])
            mention.confidence = 1 - (1 - mention.confidence) * (1 - confidence * 0.5)
            # A skill required once stays required, whatever its other mentions say.
            if mention.required is not True:
                requirement = requirements.at(start, end)
                if requirement is True or (requirement is False and mention.required is None):
                    mention.required = requirement
        return list(mentions.values())

    def _sense_confirmed(
        self,
        concept: ConceptEntry,
        items: Atoms,
        first: int,
        last: int,
        found: list[tuple[int, int, LabelEntry]],
    ) -> bool:
        low, high = max(0, first - CONTEXT_WINDOW), min(len(items), last + CONTEXT_WINDOW + 1)
        window = set(items.lower[low:high])
        if concept.context & window:
            return True
        for other_first, _, entry in found:
            if entry.ambiguous or abs(other_first - first) > CONTEXT_WINDOW:
                continue
            other = self.concepts[entry.concept]
            if other.category == concept.category and other.id != concept.id:
                return True
        return False

    # -- ranking --------------------------------------------------------------------------

    def rank_skills(
        self,
        text: str,
        *,
        source: str = "builtin",
        top: int = 10,
        weights: RankingWeights = RankingWeights(),
    ) -> list[Ranked]:
        """Skills that best describe ``text``, mentioned or not.

        The score mixes lexical similarity (with the built-in skills the text names expanding
        the query), embedding similarity, the skill's prior, the votes of the occupations the
        text resembles and a boost for an explicit mention (see :mod:`ranking`).
        """
        if not len(self.skill_rows):
            return []
        rows, vectors = self.skill_subsets[source]
        if not len(rows):
            return []
        named = self.extract_skills(text, source="builtin")
        query = expand_query(
            query_weights(ranking_terms(text)),
            ((self._terms_of(m.concept), m.confidence) for m in named),
            weights.expansion,
        )
        lexical = self.skill_lexical.scores(query)[rows]
        embedded = self.embedder.embed([text])[0]
        similarity = np.clip(self._project(vectors, embedded), 0.0, None)
        explicit = np.zeros(len(rows), dtype=np.float32)
        position = self._skill_position(source)
        for mention in named if source == "builtin" else self.extract_skills(text, source=source):
            n = position.get(mention.concept.id)
            if n is not None:
                explicit[n] = mention.confidence
        score = combined_score(
            lexical=lexical,
            similarity=similarity,
            prior=self.skill_priors[rows],
            explicit=explicit,
            votes=self._occupation_votes(text, source)[rows],
            weights=weights,
        )
        count = min(top, len(score))
        best = np.argpartition(-score, count - 1)[:count]
        best = best[np.argsort(-score[best])]
        return [
            Ranked(self.concepts[int(self.skill_rows[rows[i]])], round(float(score[i]), 4))
            for i in best
            if score[i] > 0
        ]

    def _terms_of(self, concept: ConceptEntry) -> frozenset[str]:
        cached = self._mention_terms.get(concept.id)
        if cached is None:
            cached = self._mention_terms[concept.id] = mention_terms(
                concept.label, concept.alt_labels
            )
        return cached

    def _occupation_votes(self, text: str, source: str) -> np.ndarray:
        """Votes over all skills from the occupations of ``source`` whose titles resemble
        ``text``."""
        scores = self.occupation_lexical.scores(content_words(text))
        if source != "all":
            scores = np.where(self._occupation_sources == source, scores, 0.0)
        return self.occupation_votes.votes(scores)

    def _skill_position(self, source: str) -> dict[str, int]:
        cached = self._positions.get(source)
        if cached is None:
            rows, _ = self.skill_subsets[source]
            cached = {self.concepts[int(self.skill_rows[r])].id: n for n, r in enumerate(rows)}
            self._positions[source] = cached
        return cached

    # -- titles ---------------------------------------------------------------------------

    def _score_titles(
        self, text: str, rows: np.ndarray, similarity: np.ndarray, top: int
    ) -> dict[int, float]:
        """Best score per occupation for ``text``: its best label (TF-IDF and ``similarity``,
        the embedding similarity to each title of ``rows``), plus a little for the words of all
        its titles together."""
        terms = content_words(text)
        lexical = self.title_lexical.scores(terms)[rows]
        # Only an exact title scores 1; the best near match stays just below it.
        per_label = 0.95 * (0.55 * lexical + 0.45 * np.clip(similarity, 0.0, None))
        occupation_scores = self.occupation_lexical.scores(terms)
        best: dict[int, float] = {}
        depth = min(top * 20, len(per_label))
        candidates = np.argpartition(-per_label, depth - 1)[:depth]
        for n in candidates[np.argsort(-per_label[candidates])]:
            row = int(self.title_row_array[rows[n]])
            value = float(per_label[n])
            if value > best.get(row, 0.0):
                best[row] = value
        for row, value in best.items():
            whole = float(occupation_scores[self.occupation_position[row]])
            best[row] = 0.75 * value + 0.2 * whole
        return best

    def _project(self, vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
        """``vectors @ query``. A hashing query of a short text has a few dozen non-zero
        dimensions, so the product over the matrix's columns for just those is cheaper than the
        dense one (same result)."""
        nonzero = np.flatnonzero(query)
        if len(nonzero) * 3 > len(query):
            product: np.ndarray = vectors @ query
            return product
        columns = self._columns.get(id(vectors))
        if columns is None:
            columns = self._columns[id(vectors)] = np.ascontiguousarray(vectors.T)
        sparse: np.ndarray = query[nonzero] @ columns[nonzero]
        return sparse

    def _title_similarities(
        self, texts: Sequence[str], vectors: np.ndarray
    ) -> Iterator[tuple[str, np.ndarray]]:
        """Each of ``texts`` with its embedding similarity to every row of ``vectors``.

        One matrix product per chunk of texts reads the title vectors once for the chunk,
        instead of once per text (about twenty times cheaper per title for a batch of
        postings); chunks keep the product's result near ``_SIMILARITY_BLOCK`` numbers.
        """
        chunk = max(1, _SIMILARITY_BLOCK // max(1, len(vectors)))
        for start in range(0, len(texts), chunk):
            part = list(texts[start : start + chunk])
            queries = self.embedder.embed(part)
            if len(part) < _FEW_TITLES:
                # Too few to gain from one product: the sparse one per text is cheaper.
                for text, query in zip(part, queries, strict=True):
                    yield text, self._project(vectors, query)
                continue
            products = vectors @ queries.T
            for n, text in enumerate(part):
                yield text, products[:, n]

    def _exact_title(self, source: str, *titles: str) -> int | None:
        """The occupation one of ``titles`` names exactly (in this order), in ``source``."""
        for key in (normalise_title_key(t) for t in titles):
            for src in SOURCES if source == "all" else (source,):
                row = self.title_keys.get((src, key))
                if row is not None:
                    return row
        return None

    def normalise_title(self, title: str, *, source: str = "builtin", top: int = 5) -> TitleResult:
        """Occupations ``title`` names, best first, with its seniority and qualifiers apart."""
        return self.normalise_titles([title], source=source, top=top)[0]

    def normalise_titles(
        self, titles: Sequence[str], *, source: str = "builtin", top: int = 5
    ) -> list[TitleResult]:
        """:meth:`normalise_title` for each of ``titles`` (one result per title, in order);
        the titles are scored together, which is much cheaper per title."""
        rows, vectors = self.title_subsets[source] if self.title_rows else (np.zeros(0), None)
        parts = [_TitleParts.of(title) for title in titles]
        if not len(rows) or vectors is None:
            return [p.result([]) for p in parts]
        for p in parts:
            # "Chief Executive Officer" is itself a title: look it up before seniority goes.
            p.exact = self._exact_title(source, p.unstripped, p.core)
        # An exact title scores 1 and every other match less: with top=1 it is the answer.
        scored = [p for p in parts if not (p.exact is not None and top == 1)]
        queries = dict.fromkeys(q for p in scored for q in p.queries())
        best_for = {
            text: self._score_titles(text, rows, similarity, top)
            for text, similarity in self._title_similarities(list(queries), vectors)
        }
        results = []
        for p in parts:
            if p.exact is not None and top == 1:
                results.append(p.result([Ranked(self.concepts[p.exact], 1.0)]))
                continue
            best = dict(best_for[p.core])
            if p.qualified is not None:
                # "Shift Lead - Barista", "SLT - Paediatrics": the qualifier often names the job.
                for row, value in best_for[p.qualified].items():
                    best[row] = max(best.get(row, 0.0), 0.9 * value)
            if p.exact is not None:
                best[p.exact] = 1.0
            ranked = sorted(best.items(), key=lambda kv: -kv[1])[:top]
            results.append(
                p.result([Ranked(self.concepts[row], round(min(v, 1.0), 4)) for row, v in ranked])
            )
        return results


# Title similarities computed at once (titles by queries), about 32 MB of float32.
_SIMILARITY_BLOCK = 8_000_000
_FEW_TITLES = 8


@dataclass(slots=True)
class _TitleParts:
    """A title taken apart for matching."""

    title: str
    core: str
    seniority: str | None
    qualifiers: list[str]
    unstripped: str
    # The core with the qualifiers that may name the job ("Shift Lead - Barista"), if any.
    qualified: str | None
    exact: int | None = None

    @classmethod
    def of(cls, title: str) -> _TitleParts:
        core, seniority, qualifiers = split_title(title)
        unstripped, _, _ = split_title(title, strip_seniority=False)
        # Gender notes ("m/w/d", "H/F") never name the job: no second pass for them.
        telling = [q for q in qualifiers if not _GENDER_NOTE.fullmatch(q)]
        qualified = " ".join([core, *telling]) if telling else None
        return cls(title, core, seniority, qualifiers, unstripped, qualified)

    def queries(self) -> list[str]:
        return [self.core] if self.qualified is None else [self.core, self.qualified]

    def result(self, occupations: list[Ranked]) -> TitleResult:
        return TitleResult(self.title, self.core, self.seniority, self.qualifiers, occupations)


# "Staff" is a level only before an engineering or technical noun ("Staff Engineer", "Staff
# Data Scientist"); a Staff Nurse, Staff Accountant or Staff Writer holds the ordinary grade.
_STAFF_LEVEL = (
    r"staff(?=(?:\s+[\w&/-]+)*?\s+"
    r"(?:engineer|developer|programmer|scientist|designer|architect|researcher|sre|swe)s?\b)"
)
SENIORITY = (
    ("intern", r"intern(ship)?|trainee|apprentice"),
    ("junior", r"junior|jr\.?|entry[- ]level|graduate|associate"),
    ("mid", r"mid[- ]level|intermediate|ii|2"),
    ("senior", r"senior|sr\.?|snr\.?|experienced|iii|3"),
    ("lead", rf"lead|{_STAFF_LEVEL}|team lead|iv|4"),
    ("principal", r"principal|distinguished|expert"),
    ("executive", r"chief|vp|vice president|svp|evp|head of|director of"),
)
_SENIORITY_RE = [
    (level, re.compile(rf"(?<![\w-])({pattern})(?![\w-])", re.I)) for level, pattern in SENIORITY
]
_QUALIFIER = re.compile(
    r"\(([^)]*)\)|\[([^\]]*)\]|\s[-\u2013|/]\s(.*)$|,\s*(.*)$|\b(m/w/d|m/f/d|f/m/d|w/m/d|h/f|f/h)\b",
    re.I,
)


_SHORT_CORE_LETTERS = 4
_GRADE = re.compile(r"i{1,3}|iv|[1-4]", re.I)
_GENDER_NOTE = re.compile(r"\s*[mwfdhx]\s*(/\s*[mwfdhx]\s*){1,3}", re.I)


def split_title(title: str, *, strip_seniority: bool = True) -> tuple[str, str | None, list[str]]:
    """``"Sr. Backend Engineer (Python) - Remote"`` → (``"Backend Engineer"``, ``"senior"``,
    ``["Python", "Remote"]``)."""
    qualifiers: list[str] = []

    def keep(match: re.Match[str]) -> str:
        value = next((g for g in match.groups() if g), "")
        if value.strip():
            qualifiers.append(value.strip())
        return " "

    unstripped = _tidy_core(_QUALIFIER.sub(keep, title))
    core = unstripped
    seniority: str | None = None
    for level, pattern in _SENIORITY_RE if strip_seniority else ():
        if pattern.search(core):
            if seniority is None or level == "executive":
                seniority = level
            core = pattern.sub(" ", core)
    core = _tidy_core(core)
    if not core or _only_a_modifier_left(core, unstripped):
        core = unstripped or title.strip()
    return core, seniority, qualifiers


def _tidy_core(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" -\u2013,/|")


def _only_a_modifier_left(core: str, unstripped: str) -> bool:
    """Whether stripping the seniority left one short word that the seniority word followed.

    In "Tech Lead", "Team Lead" or "Tax Senior" the seniority word is the job's noun and "Tech"
    alone names no job (and would match "OR Tech" exactly). In "Lead Chef", "Senior DBA" or
    "SRE II" the short word is the last of the title, grades aside: it is the job's noun. An
    abbreviation in a title not written all in capitals ("QA Lead", "SWE Intern") names the
    job's field, which finds the occupation better than the whole title does.
    """
    if " " in core or len(core) > _SHORT_CORE_LETTERS:
        return False
    if core.isupper() and not unstripped.isupper():
        return False
    words = [word for word in unstripped.split() if not _GRADE.fullmatch(word)]
    return not words or words[-1] != core


def normalise_title_key(title: str) -> str:
    return " ".join(content_words(title))

"""Matching quality on a judged set: NDCG@10, MRR and precision@10 of jobpilot's ranking against
embedding similarity alone, for each embedder. Prints JSON.

    uv run python bench/matching_quality.py --profiles 50 --jobs 200 --embedders hashing
    uv run --extra semantic python bench/matching_quality.py --embedders hashing,minilm

The seekers and jobs come from ``bench/_judged_set.py`` (seeded, spread over ten occupation
families). Every seeker's plain-text resume goes through the product's resume parser and fact
derivation with the built-in taxonomy, and every posting through the ingestion normaliser, so
the ranking sees what production would see; the grades come from the generated truth alone.
No database is needed: the jobs are transient ``Job`` objects and stage 1 is the in-process
``VectorTable``.

Rankers, each over all jobs for each seeker:

- ``embedding_only``: cosine of the seeker's facet mix (``query_vector``) with the job vectors.
- ``embedding_filtered``: the same order after stage 1's filters and the hard filters (an
  ablation: what the filters alone bring).
- ``jobpilot``: the feed without a database — stage 1 (top ``--depth``, 300 like the feed, by
  cosine among the jobs that pass the retrieval filters), the hard filters, the seven-factor
  score with default weights, then diversity (near-duplicates folded, at most 3 per company per
  page of 20) and explanations of the first page (without evidence sentences).

NDCG@10, MRR and precision@10 are means over seekers, with the paired difference of jobpilot
from each baseline and its 95 % interval. The relevance grades are defined in
``_judged_set.relevance``.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from _job_market import track_skill_ids
from _judged_set import (
    RELEVANT_GRADE,
    JudgedSet,
    Posting,
    Seeker,
    generate_judged_set,
    kinship,
    ndcg_at,
    precision_at,
    reciprocal_rank,
)
from _machine import machine_info
from tests.support.taxonomy_index import builtin_index

import jobpilot.models  # noqa: F401  (every mapper, for the transient Job and profile objects)
from jobpilot.core.embedding import Embedder, create_embedder
from jobpilot.core.settings import IngestSettings
from jobpilot.jobs.ingest import embedding_text
from jobpilot.jobs.locations import parse_locations
from jobpilot.jobs.models import Job
from jobpilot.jobs.normalise import PostingNormaliser
from jobpilot.jobs.service import annual_in_reference
from jobpilot.matching.candidates import CandidateIndex, index_candidate, passes_hard_filters
from jobpilot.matching.diversity import RankedItem, cap_per_company, collapse_near_duplicates
from jobpilot.matching.explain import explain
from jobpilot.matching.facts import CandidateFacts, CandidateSkill, JobFacts, Place, SkillGraph
from jobpilot.matching.repository import VectorRow
from jobpilot.matching.retrieval import RetrievalFilters, VectorTable
from jobpilot.matching.scoring import ScoredMatch, score_match
from jobpilot.matching.service import (
    PER_COMPANY,
    RETRIEVAL_DEPTH,
    MatchFilters,
    _retrieval_filters,
    job_facts,
    query_vector,
)
from jobpilot.profiles.models import CandidateProfile
from jobpilot.profiles.schemas import Preferences, SalaryFloor
from jobpilot.profiles.service import ReadResume, facet_texts, read_and_parse
from jobpilot.sources.base import RawPosting
from jobpilot.taxonomy import builtin
from jobpilot.taxonomy.index import TaxonomyIndex

NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)
PAGE_SIZE = 20
K = 10
RESUME_MAX_BYTES = 1_000_000
Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class PreparedSeeker:
    """A seeker as the product knows them: parsed resume, facts, facet texts, stage-1 filters."""

    seeker: Seeker
    read: ReadResume
    facts: CandidateFacts
    index: CandidateIndex
    facets: tuple[str, str, str]
    filters: RetrievalFilters


@dataclass(frozen=True, slots=True)
class PreparedJob:
    """A posting as the product knows it once ingested."""

    posting: Posting
    job: Job
    facts: JobFacts
    text: str


def preferences_of(seeker: Seeker) -> Preferences:
    """The preferences the seeker would have entered."""
    truth = seeker.truth
    floor = seeker.floor
    return Preferences(
        desired_titles=[seeker.desired_title],
        remote=truth.remote,
        willing_to_relocate=truth.willing_to_relocate,
        min_salary=SalaryFloor(amount=floor.low, currency=floor.currency, interval=floor.interval)
        if floor
        else None,
        company_blocklist=sorted(truth.company_blocklist),
        goals=seeker.goals,
    )


def seeker_facts(
    user_id: uuid.UUID, read: ReadResume, preferences: Preferences, settings: IngestSettings
) -> CandidateFacts:
    """What the scorer knows of a seeker: ``matching.service.candidate_facts`` without the
    stored profile (this seeker has no place wishes, industries or company sizes)."""
    resume, facts = read.parsed, read.facts
    floor = None
    if preferences.min_salary is not None:
        wanted = preferences.min_salary
        floor = annual_in_reference(wanted.amount, wanted.currency, wanted.interval, settings)
    return CandidateFacts(
        user_id=user_id,
        skills=tuple(
            CandidateSkill(
                id=skill.concept_id,
                label=skill.label,
                years=skill.years,
                evidence=tuple(e.text for e in skill.evidence),
            )
            for skill in facts.skills
        ),
        total_years=facts.total_years if facts.total_years or resume.experience else None,
        seniority=facts.seniority,
        current_title=facts.current_title,
        home=place_of(resume.contact.location),
        willing_to_relocate=preferences.willing_to_relocate,
        remote=preferences.remote,
        min_salary=floor,
        company_blocklist=tuple(preferences.company_blocklist),
        goals=preferences.goals,
    )


def place_of(text: str | None) -> Place | None:
    """The first place a location text names."""
    parsed = parse_locations(text) if text else None
    if parsed is None or not parsed.places:
        return None
    place = parsed.places[0]
    return Place(city=place.city, region=place.region, country=place.country)


def prepare_seeker(
    seeker: Seeker, number: int, index: TaxonomyIndex, settings: IngestSettings
) -> PreparedSeeker:
    """Parse the seeker's resume and derive what the feed needs, as a profile import would."""
    read = read_and_parse(
        seeker.resume.encode(),
        filename="resume.txt",
        content_type="text/plain",
        max_bytes=RESUME_MAX_BYTES,
        index=index,
        source="builtin",
        on=NOW.date(),
    )
    preferences = preferences_of(seeker)
    facts = seeker_facts(uuid.UUID(int=number + 1), read, preferences, settings)
    return PreparedSeeker(
        seeker=seeker,
        read=read,
        facts=facts,
        index=index_candidate(facts),
        facets=facet_texts(read.parsed, read.facts, preferences),
        filters=_retrieval_filters(facts, MatchFilters(), excluded=frozenset(), org_ids=()),
    )


def job_id_of(position: int) -> uuid.UUID:
    """The id of the job at ``position`` in the judged set (ids count from 1)."""
    return uuid.UUID(int=position + 1)


def position_of(job_id: uuid.UUID) -> int:
    """The position in the judged set of the job with this id."""
    return job_id.int - 1


def prepare_job(posting: Posting, number: int, normaliser: PostingNormaliser) -> PreparedJob:
    """Ingest the posting as a source would deliver it (normalised, not stored)."""
    raw = RawPosting(
        source="bench",
        external_id=posting.truth.key,
        title=posting.title,
        description=posting.description,
        company=posting.truth.company,
        locations=[posting.location],
        workplace=posting.workplace,
        posted_at=NOW - timedelta(days=posting.posted_days_ago),
    )
    normalised = normaliser.normalise(raw)
    job = Job(
        id=job_id_of(number),
        status="open",
        first_seen_at=NOW,
        last_seen_at=NOW,
        **normalised.job_columns(),
    )
    return PreparedJob(posting, job, job_facts(job), embedding_text(normalised))


def skill_graph() -> SkillGraph:
    """Related skills of the built-in taxonomy, both directions (as ``related_skills``)."""
    _, _, relations = builtin.to_rows(builtin.load_builtin())
    neighbours: dict[str, set[str]] = {}
    for source, target, kind in relations:
        if kind == "related":
            neighbours.setdefault(source, set()).add(target)
            neighbours.setdefault(target, set()).add(source)
    return SkillGraph({skill: frozenset(others) for skill, others in neighbours.items()})


def vector_row(job: Job) -> VectorRow:
    """The job as the in-process index keeps it (as ``repository.job_vector_batches`` reads)."""
    top = job.salary_annual_max_ref
    return VectorRow(
        id=job.id,
        created_at=NOW,
        countries=tuple(job.countries),
        workplace=job.workplace,
        salary_top=top if top is not None else job.salary_annual_min_ref,
        seniority=job.seniority,
        employment_type=job.employment_type,
        company_key=job.company_key,
        org_id=None,
        posted=job.posted_at or job.first_seen_at,
    )


def seeker_vectors(embedder: Embedder, seekers: Sequence[PreparedSeeker]) -> list[Vectors]:
    """Each seeker's query vector: their facet vectors mixed like the feed's."""
    texts = [text for s in seekers for text in s.facets if text]
    matrix = embedder.embed(texts)
    queries: list[Vectors] = []
    row = 0
    for number, seeker in enumerate(seekers):
        facets: list[Vectors | None] = []
        for text in seeker.facets:
            vector = matrix[row] if text else None
            row += 1 if text else 0
            facets.append(vector if vector is not None and np.any(vector) else None)
        profile = CandidateProfile(
            user_id=uuid.UUID(int=number + 1),
            skills_embedding=facets[0],
            experience_embedding=facets[1],
            goals_embedding=facets[2],
        )
        query = query_vector(profile)
        if query is None:
            raise ValueError(f"seeker {seeker.seeker.truth.key} has no profile text")
        queries.append(query)
    return queries


@dataclass(frozen=True, slots=True)
class Ranked:
    order: list[int]  # job positions, best first
    folded: int = 0
    explained: int = 0


def rank_jobpilot(
    seeker: PreparedSeeker,
    query: Vectors,
    table: VectorTable,
    jobs: Sequence[PreparedJob],
    vectors: Vectors,
    graph: SkillGraph,
    depth: int,
) -> Ranked:
    """The feed's order for the seeker, as ``matching.service`` ranks it (stage 1 keeps the
    ``depth`` nearest jobs that pass the retrieval filters)."""
    hits = table.top_k(query, seeker.filters, depth)
    scored: dict[uuid.UUID, ScoredMatch] = {}
    items: list[RankedItem] = []
    for hit in hits:
        job = jobs[position_of(hit.job_id)]
        allowed, _ = passes_hard_filters(seeker.index, job.facts)
        if not allowed:
            continue
        match = scored[job.job.id] = score_match(seeker.index, job.facts, graph=graph, now=NOW)
        items.append(
            RankedItem(
                job_id=job.job.id,
                company_key=job.job.company_key,
                title_key=job.job.title_key,
                score=match.score.total,
                vector=vectors[position_of(hit.job_id)],
            )
        )
    items.sort(key=lambda item: -item.score)
    collapsed = collapse_near_duplicates(items)
    capped = cap_per_company(collapsed, per_page=PER_COMPANY, page_size=PAGE_SIZE)
    explained = [explain(scored[c.item.job_id]) for c in capped[:PAGE_SIZE]]
    return Ranked(
        order=[position_of(c.item.job_id) for c in capped],
        folded=sum(len(c.duplicates) for c in capped),
        explained=len(explained),
    )


def rank_filtered(
    seeker: PreparedSeeker,
    query: Vectors,
    table: VectorTable,
    jobs: Sequence[PreparedJob],
    depth: int,
) -> Ranked:
    """Cosine order of the jobs that pass stage 1's filters and the hard filters."""
    hits = table.top_k(query, seeker.filters, depth)
    return Ranked(
        [
            position_of(hit.job_id)
            for hit in hits
            if passes_hard_filters(seeker.index, jobs[position_of(hit.job_id)].facts)[0]
        ]
    )


def rank_by_cosine(query: Vectors, vectors: Vectors) -> Ranked:
    """Every job by cosine with the query, best first."""
    return Ranked([int(i) for i in np.argsort(-(vectors @ query), kind="stable")])


@dataclass
class Scores:
    """Per-seeker metric values of one ranker (seekers without a gain or without a relevant job
    are left out of NDCG, respectively MRR and precision, for every ranker alike)."""

    ndcg: list[float] = field(default_factory=list)
    rr: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    top_kinship: Counter[str] = field(default_factory=Counter)

    def add(self, order: Sequence[int], grades: Sequence[int], kinships: Sequence[str]) -> None:
        ranked = [grades[position] for position in order]
        ndcg = ndcg_at(ranked, grades, K)
        if ndcg is not None:
            self.ndcg.append(ndcg)
        if any(grade >= RELEVANT_GRADE for grade in grades):
            self.rr.append(reciprocal_rank(ranked))
            self.precision.append(precision_at(ranked, K))
        self.top_kinship.update(kinships[position] for position in order[:K])

    def summary(self) -> dict[str, object]:
        shown = sum(self.top_kinship.values()) or 1
        return {
            f"ndcg@{K}": _mean(self.ndcg),
            "mrr": _mean(self.rr),
            f"p@{K}": _mean(self.precision),
            f"top{K}_family": {
                kin: round(self.top_kinship[kin] / shown, 3)
                for kin in ("same", "related", "unrelated")
            },
        }

    def minus(self, other: Scores) -> dict[str, dict[str, float]]:
        """Mean per-seeker difference from ``other`` with a 95 % interval (normal
        approximation over seekers)."""
        return {
            f"ndcg@{K}": paired_difference(self.ndcg, other.ndcg),
            "mrr": paired_difference(self.rr, other.rr),
            f"p@{K}": paired_difference(self.precision, other.precision),
        }


def _mean(values: Sequence[float]) -> float:
    return round(statistics.fmean(values), 4) if values else 0.0


def paired_difference(values: Sequence[float], others: Sequence[float]) -> dict[str, float]:
    """Mean of ``values[i] - others[i]`` and the half-width of its 95 % interval."""
    differences = [a - b for a, b in zip(values, others, strict=True)]
    if len(differences) < 2:
        return {"mean": _mean(differences), "ci95": 0.0}
    half = 1.96 * statistics.stdev(differences) / math.sqrt(len(differences))
    return {"mean": _mean(differences), "ci95": round(half, 4)}


def evaluate(
    embedder: Embedder,
    load_seconds: float,
    seekers: Sequence[PreparedSeeker],
    jobs: Sequence[PreparedJob],
    grades: Sequence[Sequence[int]],
    graph: SkillGraph,
    depth: int,
) -> dict[str, object]:
    """Every ranker's metrics for one embedder, with how long each part took."""
    started = time.perf_counter()
    vectors = embedder.embed([job.text for job in jobs])
    queries = seeker_vectors(embedder, seekers)
    embedded = time.perf_counter() - started
    table = VectorTable(dimension=embedder.dimension)
    table.upsert([vector_row(job.job) for job in jobs], vectors)
    rankers: dict[str, Callable[[PreparedSeeker, Vectors], Ranked]] = {
        "embedding_only": lambda s, q: rank_by_cosine(q, vectors),
        "embedding_filtered": lambda s, q: rank_filtered(s, q, table, jobs, depth),
        "jobpilot": lambda s, q: rank_jobpilot(s, q, table, jobs, vectors, graph, depth),
    }
    scores = {name: Scores() for name in rankers}
    folded = explained = passing = 0
    started = time.perf_counter()
    for number, (seeker, query) in enumerate(zip(seekers, queries, strict=True)):
        family = seeker.seeker.truth.family
        kinships = [kinship(family, job.posting.truth.family) for job in jobs]
        for name, rank in rankers.items():
            ranked = rank(seeker, query)
            scores[name].add(ranked.order, grades[number], kinships)
            folded += ranked.folded
            explained += ranked.explained
            if name == "embedding_filtered":
                passing += len(ranked.order)
    ranking = time.perf_counter() - started
    return {
        "embedder": embedder.name,
        "rankers": {name: score.summary() for name, score in scores.items()},
        "jobpilot_minus_embedding_only": scores["jobpilot"].minus(scores["embedding_only"]),
        "jobpilot_minus_embedding_filtered": scores["jobpilot"].minus(scores["embedding_filtered"]),
        "mean_jobs_passing_filters": round(passing / len(seekers), 1),
        "jobs_folded_as_duplicates": folded,
        "explanations": explained,
        "seconds": {
            "load": round(load_seconds, 2),
            "embed": round(embedded, 2),
            "rank": round(ranking, 2),
        },
    }


def pipeline_agreement(
    seekers: Sequence[PreparedSeeker], jobs: Sequence[PreparedJob]
) -> dict[str, float]:
    """How closely what the product read matches the generated truth (micro averages)."""
    found = wanted = extracted = 0
    for job in jobs:
        truth = job.posting.truth
        ids = {skill.id for skill in job.facts.skills}
        found += len(ids & truth.required)
        wanted += len(truth.required)
        extracted += len(ids - truth.required - truth.nice)
    seeker_found = seeker_wanted = seeker_extra = 0
    for seeker in seekers:
        ids = {skill.id for skill in seeker.facts.skills}
        seeker_found += len(ids & seeker.seeker.truth.skills)
        seeker_wanted += len(seeker.seeker.truth.skills)
        seeker_extra += len(ids - seeker.seeker.truth.skills)
    required_flag = Counter(
        skill.required
        for job in jobs
        for skill in job.facts.skills
        if skill.id in job.posting.truth.required
    )
    return {
        "job_required_skills_found": round(found / wanted, 3),
        "job_required_marked_required": round(required_flag[True] / max(1, found), 3),
        "job_skills_not_in_truth_per_job": round(extracted / len(jobs), 2),
        "job_salary_read": _share(salary_read(job) for job in jobs),
        "job_seniority_read": _share(
            job.facts.seniority == job.posting.truth.seniority
            for job in jobs
            if job.posting.truth.seniority != "mid"
        ),
        "seeker_skills_found": round(seeker_found / seeker_wanted, 3),
        "seeker_skills_not_in_truth_per_seeker": round(seeker_extra / len(seekers), 2),
        "seeker_seniority_read": _share(
            s.facts.seniority == s.seeker.truth.seniority for s in seekers
        ),
        "seeker_home_read": _share(
            s.facts.home is not None and s.facts.home.city == s.seeker.truth.home.city
            for s in seekers
        ),
    }


def salary_read(job: PreparedJob) -> bool:
    """Whether the normaliser read the posting's yearly top salary as generated."""
    truth, read = job.posting.truth.salary_high, job.facts.salary_max
    if truth is None or read is None:
        return truth is read
    return abs(truth - read) < 1.0


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return round(sum(values) / len(values), 3) if values else 0.0


def grade_counts(grades: Sequence[Sequence[int]]) -> dict[str, object]:
    """How many pairs got each grade, and how many relevant jobs each seeker has."""
    counts = Counter(grade for row in grades for grade in row)
    relevant = [sum(grade >= RELEVANT_GRADE for grade in row) for row in grades]
    return {
        "grades": {str(g): counts.get(g, 0) for g in range(4)},
        "seekers_without_relevant_job": sum(1 for n in relevant if n == 0),
        "relevant_jobs_per_seeker": {
            "mean": round(statistics.fmean(relevant), 2),
            "min": min(relevant),
            "max": max(relevant),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--profiles", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--embedders", default="hashing,minilm")
    parser.add_argument(
        "--depth",
        type=int,
        default=RETRIEVAL_DEPTH,
        help="jobs stage 1 hands to stage 2 (the feed's 300 keeps every job of a small set)",
    )
    args = parser.parse_args()
    began = time.perf_counter()

    started = time.perf_counter()
    index = builtin_index()
    missing = sorted(track_skill_ids() - set(index.by_id))
    if missing:
        raise SystemExit(f"skills missing from the built-in taxonomy: {', '.join(missing)}")
    graph = skill_graph()
    taxonomy_seconds = time.perf_counter() - started

    started = time.perf_counter()
    settings = IngestSettings()
    judged: JudgedSet = generate_judged_set(
        seekers=args.profiles,
        postings=args.jobs,
        seed=args.seed,
        rates=settings.currency_rates,
        today=NOW.date(),
    )
    grades = judged.grades()
    normaliser = PostingNormaliser(index, settings)
    jobs = [prepare_job(p, n, normaliser) for n, p in enumerate(judged.postings)]
    seekers = [prepare_seeker(s, n, index, settings) for n, s in enumerate(judged.seekers)]
    prepare_seconds = time.perf_counter() - started

    results = []
    for name in args.embedders.split(","):
        started = time.perf_counter()
        embedder = create_embedder(name.strip())
        load_seconds = time.perf_counter() - started
        results.append(evaluate(embedder, load_seconds, seekers, jobs, grades, graph, args.depth))

    report = {
        "bench": "matching_quality",
        "profiles": args.profiles,
        "jobs": args.jobs,
        "seed": args.seed,
        "stage1_depth": args.depth,
        "now": NOW.isoformat(),
        "set": grade_counts(grades),
        "pipeline_agreement": pipeline_agreement(seekers, jobs),
        "results": results,
        "seconds": {
            "taxonomy_index": round(taxonomy_seconds, 2),
            "generate_parse_normalise": round(prepare_seconds, 2),
            "total": round(time.perf_counter() - began, 2),
        },
        "machine": machine_info(),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

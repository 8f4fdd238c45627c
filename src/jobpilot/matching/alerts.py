"""New-match detection: when new canonical jobs arrive, tell the candidates they suit.

The ingestor queues :func:`detect_new_matches` with the ids of the jobs it created, in the
same transaction, so a job that is rolled back never alerts anyone and a committed one always
gets its check. For each job, the candidates nearest its embedding (every active candidate
with a resume, not only discoverable ones: the alert is for the candidate's own benefit) pass
the candidate's hard filters and are scored with the candidate's own weights; those scoring
at least their ``alert_threshold`` preference get a stored alert. The notifications domain
delivers them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.jobs.models import Job
from jobpilot.matching import repository
from jobpilot.matching.candidates import CandidateIndex, index_candidate, passes_hard_filters
from jobpilot.matching.explain import explain
from jobpilot.matching.facts import SkillGraph
from jobpilot.matching.scoring import DEFAULT_WEIGHTS, Weights, match_total, score_match
from jobpilot.matching.service import FACET_WEIGHTS, RETRIEVAL_DEPTH, candidate_facts, job_facts
from jobpilot.profiles import service as profiles
from jobpilot.taxonomy import service as taxonomy

log = structlog.get_logger(__name__)

DETECT_TASK = "matching.detect_new_matches"


@dataclass(frozen=True, slots=True)
class _Candidate:
    index: CandidateIndex
    weights: Weights
    threshold: float


async def detect_new_matches(
    runtime: Runtime,
    session: AsyncSession,
    job_ids: Sequence[uuid.UUID],
    *,
    now: datetime | None = None,
) -> int:
    """Store an alert for every candidate a new job scores at or above their threshold;
    returns how many alerts are new. Running it again for the same jobs adds nothing."""
    now = now or datetime.now(UTC)
    found = await jobs.jobs_by_ids(session, list(job_ids))
    open_jobs = [job for job in found.values() if job.status == "open"]
    if not open_jobs:
        return 0
    graph = SkillGraph(await taxonomy.related_skills(runtime, session))
    known: dict[uuid.UUID, _Candidate | None] = {}
    rows: list[dict[str, object]] = []
    for job in sorted(open_jobs, key=lambda j: str(j.id)):
        query = _unit(job)
        if query is None:
            continue
        hits = await repository.candidates_near_job(
            session,
            query,
            facet_weights=FACET_WEIGHTS,
            limit=RETRIEVAL_DEPTH,
            discoverable_only=False,
        )
        await _load_candidates(runtime, session, [u for u, _ in hits if u not in known], known)
        wanted = job_facts(job)
        for user_id, _ in hits:
            candidate = known.get(user_id)
            if candidate is None or not passes_hard_filters(candidate.index, wanted)[0]:
                continue
            total = match_total(
                candidate.index, wanted, graph=graph, now=now, weights=candidate.weights
            )
            if total < candidate.threshold:
                continue
            explanation = explain(
                score_match(
                    candidate.index, wanted, graph=graph, now=now, weights=candidate.weights
                )
            )
            rows.append(
                {
                    "user_id": user_id,
                    "job_id": job.id,
                    "score": round(explanation.total, 2),
                    "summary": explanation.summary,
                    "created_at": now,
                }
            )
    added = await repository.add_match_alerts(session, rows)
    log.info("match_alerts_detected", jobs=len(open_jobs), alerts=added)
    return added


def _unit(job: Job) -> np.ndarray | None:
    if job.embedding is None:
        return None
    vector = np.asarray(job.embedding, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


async def _load_candidates(
    runtime: Runtime,
    session: AsyncSession,
    user_ids: list[uuid.UUID],
    known: dict[uuid.UUID, _Candidate | None],
) -> None:
    """Fill ``known`` with the scorer's view, weights and threshold of these candidates."""
    found = await repository.profiles_by_user_ids(session, user_ids)
    for user_id in user_ids:
        profile = found.get(user_id)
        if profile is None:
            known[user_id] = None
            continue
        overrides = {**runtime.settings.matching.weights, **(profile.ranking_weights or {})}
        try:
            weights = Weights.from_mapping(overrides)
        except ValueError:
            # A bad deployment setting is reported where users see it (their feed); an alert
            # falls back to the defaults rather than failing every ingestion batch.
            weights = DEFAULT_WEIGHTS
        known[user_id] = _Candidate(
            index=index_candidate(candidate_facts(runtime, profile)),
            weights=weights,
            threshold=float(profiles.preferences_of(profile).alert_threshold),
        )

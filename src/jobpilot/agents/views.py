"""The copilot's views of a job and of a match, built from the other domains' objects."""

from __future__ import annotations

from collections.abc import Iterable

from jobpilot.agents.documents import (
    GapSkillView,
    JobSkillView,
    JobView,
    MatchedSkillView,
    MatchView,
)
from jobpilot.agents.guard import FoundSkill, SkillFinder
from jobpilot.jobs.models import Job
from jobpilot.matching.explain import Explanation
from jobpilot.taxonomy.index import TaxonomyIndex


def find_skills_with(index: TaxonomyIndex, source: str) -> SkillFinder:
    """A skill finder for the guard over the deployment's taxonomy."""

    def find(text: str) -> list[FoundSkill]:
        return [
            FoundSkill(mention.concept.id, mention.concept.label, surface, start, end)
            for mention in index.extract_skills(text, source=source)
            for (start, end), surface in zip(mention.spans, mention.surface, strict=True)
        ]

    return find


def terms_by_skill(found: Iterable[FoundSkill]) -> dict[str, list[str]]:
    """The distinct words a text uses for each skill, in order of first use."""
    terms: dict[str, list[str]] = {}
    for skill in found:
        seen = terms.setdefault(skill.concept_id, [])
        if skill.surface not in seen:
            seen.append(skill.surface)
    return terms


def job_text(job: Job) -> str:
    return f"{job.title}\n{job.description or ''}"


def job_view(job: Job, *, terms: dict[str, list[str]], source_count: int) -> JobView:
    """The job as the copilot sees it; ``terms`` are the posting's words per skill id."""
    return JobView(
        id=str(job.id),
        title=job.title,
        company=job.company_name,
        company_domain=job.company_domain,
        description=job.description or "",
        occupation=job.occupation_label,
        seniority=job.seniority,
        employment_type=job.employment_type,
        workplace=job.workplace,
        locations=[_place_label(place) for place in job.locations or [] if _place_label(place)],
        salary_text=job.salary_text,
        salary_min=job.salary_min,
        salary_max=job.salary_max,
        salary_currency=job.salary_currency,
        salary_interval=job.salary_interval,
        experience_min_years=job.experience_min_years,
        experience_max_years=job.experience_max_years,
        education=job.education,
        visa_sponsorship=job.visa_sponsorship,
        benefits=list(job.benefits or []),
        skills=[
            JobSkillView(
                concept_id=skill["id"],
                label=skill["label"],
                required=skill.get("required"),
                terms=terms.get(skill["id"], []),
            )
            for skill in job.skills or []
        ],
        language=job.language,
        apply_url=job.apply_url,
        posted_at=job.posted_at,
        valid_through=job.valid_through,
        first_seen_at=job.first_seen_at,
        repost_count=job.repost_count or 0,
        source_count=max(source_count, 1),
    )


def _place_label(place: dict[str, str | None]) -> str:
    parts = [place.get("city"), place.get("region"), place.get("country")]
    return ", ".join(part for part in parts if part)


def match_view(
    explanation: Explanation,
    *,
    candidate_terms: dict[str, list[str]],
    job_terms: dict[str, list[str]],
    years: dict[str, float | None],
) -> MatchView:
    """The match explanation as the copilot's input, with both texts' words per skill."""
    return MatchView(
        score=round(explanation.total, 1),
        summary=explanation.summary,
        matched=[
            MatchedSkillView(
                concept_id=matched.skill.id,
                label=matched.skill.label,
                required=matched.skill.required,
                candidate_evidence=list(matched.candidate_evidence),
                candidate_terms=_terms_for(candidate_terms, matched.candidate_skill.id),
                job_terms=_terms_for(job_terms, matched.skill.id),
                years=years.get(matched.candidate_skill.id),
            )
            for matched in explanation.matched_skills
        ],
        gaps=[
            GapSkillView(
                concept_id=missing.skill.id,
                label=missing.skill.label,
                required=missing.skill.required,
                related_you_have=[skill.label for skill in missing.related],
            )
            for missing in explanation.skill_gap
        ],
    )


def _terms_for(terms: dict[str, list[str]], concept_id: str) -> list[str]:
    return list(terms.get(concept_id, []))

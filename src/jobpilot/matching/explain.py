"""Explanations of a scored match: per-factor breakdown, matched skills, skill gap, summary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from jobpilot.matching.scoring import (
    FactorScore,
    MatchedSkill,
    MatchScore,
    MissingSkill,
    ScoredMatch,
    SkillMatch,
)

_TIER_ORDER = {True: 0, None: 1, False: 2}
MISSING_IN_SUMMARY = 3
HIGHLIGHTS = 3


@dataclass(frozen=True, slots=True)
class FactorBreakdown:
    """One factor as shown to the user: its score, its share of the total and why."""

    name: str
    score: float
    weight: float
    points: float
    known: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything the feed shows about one match."""

    job_id: uuid.UUID
    total: float
    factors: tuple[FactorBreakdown, ...]
    matched_skills: tuple[MatchedSkill, ...]
    skill_gap: tuple[MissingSkill, ...]
    summary: str


def explain(scored: ScoredMatch) -> Explanation:
    """The full explanation of a scored match."""
    gap = skill_gap(scored.skills)
    return Explanation(
        job_id=scored.job.id,
        total=scored.score.total,
        factors=factor_breakdown(scored.score),
        matched_skills=scored.skills.matched,
        skill_gap=gap,
        summary=summary_line(scored.score, gap),
    )


def factor_breakdown(score: MatchScore) -> tuple[FactorBreakdown, ...]:
    """Each factor with its normalised weight and the points (of 100) it contributed."""
    total_weight = sum(score.weights.of(f.name) for f in score.factors)
    breakdown = []
    for factor in score.factors:
        weight = score.weights.of(factor.name) / total_weight
        breakdown.append(
            FactorBreakdown(
                name=factor.name,
                score=factor.score,
                weight=weight,
                points=round(100 * weight * factor.score, 1),
                known=factor.known,
                reasons=factor.reasons,
            )
        )
    return tuple(breakdown)


def skill_gap(skills: SkillMatch) -> tuple[MissingSkill, ...]:
    """The job's skills the candidate lacks: required first, then those of unstated priority,
    then nice-to-have; within a tier in the posting's order."""
    return tuple(sorted(skills.missing, key=lambda m: _TIER_ORDER[m.skill.required]))


def match_label(total: float) -> str:
    """A word for the strength of a total score."""
    if total >= 75:
        return "Strong match"
    if total >= 55:
        return "Good match"
    if total >= 40:
        return "Partial match"
    return "Weak match"


def summary_line(score: MatchScore, gap: tuple[MissingSkill, ...]) -> str:
    """One plain-language sentence: the strength, the main reasons and the missing skills.

    The skills headline comes first when known, then the known factors that moved the total
    most away from neutral; missing required (and unstated) skills close the line.
    """
    known = [f for f in score.factors if f.known and f.reasons]
    chosen: list[FactorScore] = [f for f in known if f.name == "skills"]
    others = sorted(
        (f for f in known if f.name != "skills"),
        key=lambda f: -score.weights.of(f.name) * abs(f.score - 0.5),
    )
    chosen.extend(others[: HIGHLIGHTS - len(chosen)])
    order = {f.name: i for i, f in enumerate(score.factors)}
    chosen.sort(key=lambda f: order[f.name])
    highlights = "; ".join(f.reasons[0] for f in chosen) or "too little is known to compare"
    line = f"{match_label(score.total)}: {highlights}."
    missing = [m.skill.label for m in gap if m.skill.required is not False]
    if missing:
        shown = ", ".join(missing[:MISSING_IN_SUMMARY])
        extra = len(missing) - MISSING_IN_SUMMARY
        line += f" Missing: {shown}{f' and {extra} more' if extra > 0 else ''}."
    return line

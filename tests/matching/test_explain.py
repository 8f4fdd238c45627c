from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from jobpilot.matching.explain import explain, match_label, skill_gap, summary_line
from jobpilot.matching.facts import (
    Place,
    SkillGraph,
)
from jobpilot.matching.scoring import (
    FactorScore,
    MissingSkill,
    ScoredMatch,
    combine,
    score_match,
    skill_match,
)
from tests.matching.factories import make_candidate, make_job, own, wanted

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
BERLIN = Place("Berlin", "Berlin", "DE")
GRAPH = SkillGraph(
    {
        "kubernetes": frozenset({"docker", "podman"}),
        "docker": frozenset({"kubernetes"}),
        "podman": frozenset({"kubernetes"}),
    }
)


def scored_demo() -> ScoredMatch:
    candidate = make_candidate(
        skills=(own("python", 6), own("docker", 3)),
        total_years=5,
        seniority="senior",
        home=BERLIN,
        min_salary=80_000.0,
    )
    job = make_job(
        skills=(wanted("go", False), wanted("python", True), wanted("kubernetes", True)),
        seniority="senior",
        workplace="on_site",
        places=(BERLIN,),
        experience_min_years=3,
        experience_max_years=6,
        salary_min=90_000.0,
        salary_max=100_000.0,
        posted_at=NOW,
    )
    return score_match(candidate, job, graph=GRAPH, now=NOW)


def test_explanation_of_a_strong_match():
    explanation = explain(scored_demo())
    # skills (2 + 2 * 0.5) / 5 = 0.6; location, experience, salary, recency 1.0; culture 0.5;
    # growth 0.6 + 2 new skills * 0.05 = 0.7
    # 0.24 + 0.2 + 0.15 + 0.1 + 0.025 + 0.035 + 0.05 = 0.8
    assert explanation.total == 80.0
    assert explanation.job_id == uuid.UUID(int=2)
    assert explanation.summary == (
        "Strong match: you have 1 of 2 required skills; on-site in Berlin where you live; "
        "5 years of experience, 3-6 asked. Missing: Kubernetes."
    )


def test_explanation_breaks_the_total_down_by_factor():
    explanation = explain(scored_demo())
    points = {f.name: f.points for f in explanation.factors}
    assert points == {
        "skills": 24.0,
        "location": 20.0,
        "experience": 15.0,
        "salary": 10.0,
        "culture": 2.5,
        "growth": 3.5,
        "recency": 5.0,
    }
    assert sum(f.weight for f in explanation.factors) == pytest.approx(1.0)
    culture = next(f for f in explanation.factors if f.name == "culture")
    assert not culture.known
    assert culture.reasons == ("no company size, industry or values to compare",)


def test_explanation_shows_evidence_on_both_sides_of_matched_skills():
    (python,) = explain(scored_demo()).matched_skills
    assert python.skill.label == "Python"
    assert python.candidate_evidence == ("I used python daily.",)
    assert python.job_evidence == ("You know python.",)
    assert python.credit == 1.0


def test_skill_gap_orders_required_then_unstated_then_nice_to_have():
    candidate = make_candidate(skills=(own("docker", 2), own("podman", 5)))
    job = make_job(
        skills=(
            wanted("go", False),
            wanted("rust", True),
            wanted("sql", None),
            wanted("kubernetes", True),
            wanted("css", False),
        )
    )
    gap = skill_gap(skill_match(candidate, job, GRAPH))
    assert [m.skill.id for m in gap] == ["rust", "kubernetes", "sql", "go", "css"]
    kubernetes = gap[1]
    assert [s.label for s in kubernetes.related] == ["Podman", "Docker"]
    assert gap[0].related == ()


def test_explanation_gap_carries_related_skills():
    (kubernetes, go) = explain(scored_demo()).skill_gap
    assert kubernetes.skill.id == "kubernetes"
    assert [s.id for s in kubernetes.related] == ["docker"]
    assert go.skill.id == "go"
    assert go.related == ()


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (100.0, "Strong match"),
        (75.0, "Strong match"),
        (74.9, "Good match"),
        (55.0, "Good match"),
        (40.0, "Partial match"),
        (39.9, "Weak match"),
    ],
)
def test_match_label(total, label):
    assert match_label(total) == label


def missing(skill_id: str, required: bool | None) -> MissingSkill:
    return MissingSkill(wanted(skill_id, required), ())


def test_summary_lists_at_most_three_missing_skills_and_skips_nice_to_have():
    score = combine([FactorScore("skills", 0.2, ("you have 0 of 5 required skills",))])
    gap = (
        missing("a", True),
        missing("b", True),
        missing("c", True),
        missing("d", None),
        missing("e", None),
        missing("f", False),
    )
    assert summary_line(score, gap) == (
        "Weak match: you have 0 of 5 required skills. Missing: A, B, C and 2 more."
    )


def test_summary_picks_the_factors_furthest_from_neutral():
    score = combine(
        [
            FactorScore("location", 0.6, ("in Berlin",)),
            FactorScore("experience", 0.5, ("fits",)),
            FactorScore("salary", 0.0, ("salary far below your floor",)),
            FactorScore("culture", 1.0, ("a size you want",)),
            FactorScore("recency", 1.0, ("posted today",)),
        ]
    )
    # weight * |score - 0.5|: location 0.02, experience 0, salary 0.05, culture 0.025,
    # recency 0.025; ties keep factor order
    assert summary_line(score, ()).split(": ", 1)[1] == (
        "salary far below your floor; a size you want; posted today."
    )


def test_summary_when_nothing_is_known():
    score = combine(
        [
            FactorScore("skills", 0.5, ("the job lists no skills",), known=False),
            FactorScore("salary", 0.5, ("the job states no salary",), known=False),
        ]
    )
    assert summary_line(score, ()) == "Partial match: too little is known to compare."

"""``match_total`` ranks with the very total ``score_match`` gives, without building reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jobpilot.matching.candidates import index_candidate
from jobpilot.matching.facts import (
    CandidateFacts,
    CandidateSkill,
    JobFacts,
    JobSkill,
    Place,
    PlaceWish,
    SkillGraph,
)
from jobpilot.matching.scoring import FACTOR_NAMES, Weights, match_total, score_match
from tests.matching.factories import make_candidate, make_job, own, wanted

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
BERLIN = Place("Berlin", "Berlin", "DE")
GRAPH = SkillGraph(
    {
        "kubernetes": frozenset({"docker", "podman"}),
        "docker": frozenset({"kubernetes"}),
        "podman": frozenset({"kubernetes"}),
        "terraform": frozenset({"ansible"}),
        "ansible": frozenset({"terraform"}),
    }
)
SKILL_IDS = ("python", "sql", "go", "docker", "podman", "kubernetes", "terraform", "ansible")
PLACES = (
    BERLIN,
    Place("Potsdam", "Brandenburg", "DE"),
    Place("Munich", "Bavaria", "DE"),
    Place("Paris", "Île-de-France", "FR"),
    Place("Lyon", None, "FR"),
    Place(None, None, "DE"),
    Place("Nowhere", None, None),
)
LEVELS = (None, "intern", "junior", "mid", "senior", "lead", "principal", "executive", "guru")
SIZES = (None, "1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+", "huge")
INDUSTRIES = (None, "Software", "Fintech", "Healthcare")
GOALS = (
    None,
    "",
    "I want remote work and a learning budget",
    "equity, mentoring and a four-day week",
    "open source and sustainability",
)
BENEFITS = ("learning budget", "stock options", "parental leave", "gym", "flexible hours")
DESCRIPTIONS = ("", "We are a distributed team building open-source climate tools.")

amounts = st.one_of(st.none(), st.floats(10_000, 200_000))
years = st.one_of(st.none(), st.floats(0, 30).map(lambda y: round(y * 2) / 2))
small_years = st.one_of(st.none(), st.integers(0, 12))


@st.composite
def candidates(draw: st.DrawFn) -> CandidateFacts:
    skill_ids = draw(st.lists(st.sampled_from(SKILL_IDS), max_size=6))
    return make_candidate(
        skills=tuple(
            CandidateSkill(skill_id, skill_id.title(), draw(years)) for skill_id in skill_ids
        ),
        total_years=draw(years),
        seniority=draw(st.sampled_from(LEVELS)),
        home=draw(st.one_of(st.none(), st.sampled_from(PLACES))),
        places=tuple(
            PlaceWish(place, draw(st.one_of(st.none(), st.sampled_from((0, 30, 300, 900)))))
            for place in draw(st.lists(st.sampled_from(PLACES), max_size=2))
        ),
        willing_to_relocate=draw(st.booleans()),
        remote=draw(st.sampled_from(("remote", "hybrid", "on_site", "any"))),
        min_salary=draw(st.one_of(st.none(), st.just(0.0), st.floats(20_000, 150_000))),
        industries=tuple(draw(st.lists(st.sampled_from(("software", "fin", " ")), max_size=2))),
        company_sizes=tuple(draw(st.lists(st.sampled_from(SIZES[1:]), max_size=2))),
        goals=draw(st.sampled_from(GOALS)),
    )


@st.composite
def jobs(draw: st.DrawFn) -> JobFacts:
    skill_ids = draw(st.lists(st.sampled_from(SKILL_IDS), max_size=7))
    posted = draw(st.one_of(st.none(), st.integers(0, 90 * 24)))
    naive = draw(st.booleans())
    posted_at = None
    if posted is not None:
        posted_at = NOW - timedelta(hours=posted)
        posted_at = posted_at.replace(tzinfo=None) if naive else posted_at
    return make_job(
        seniority=draw(st.sampled_from(LEVELS)),
        workplace=draw(st.sampled_from((None, "remote", "hybrid", "on_site"))),
        places=tuple(draw(st.lists(st.sampled_from(PLACES), max_size=3))),
        remote_countries=tuple(draw(st.lists(st.sampled_from(("DE", "fr", "US")), max_size=2))),
        salary_min=draw(amounts),
        salary_max=draw(amounts),
        experience_min_years=draw(small_years),
        experience_max_years=draw(small_years),
        skills=tuple(
            JobSkill(skill_id, skill_id.title(), draw(st.sampled_from((True, None, False))))
            for skill_id in skill_ids
        ),
        benefits=tuple(draw(st.lists(st.sampled_from(BENEFITS), max_size=3))),
        description=draw(st.sampled_from(DESCRIPTIONS)),
        industry=draw(st.sampled_from(INDUSTRIES)),
        company_size=draw(st.sampled_from(SIZES)),
        posted_at=posted_at,
    )


weights = (
    st.fixed_dictionaries({name: st.floats(0, 1) for name in FACTOR_NAMES})
    .filter(lambda values: any(values.values()))
    .map(lambda values: Weights(**values))
)


@settings(max_examples=400, deadline=None)
@given(candidates(), jobs(), weights)
def test_match_total_equals_the_total_of_score_match(candidate, job, chosen):
    index = index_candidate(candidate)
    expected = score_match(index, job, graph=GRAPH, now=NOW, weights=chosen).score.total
    assert match_total(index, job, graph=GRAPH, now=NOW, weights=chosen) == expected
    assert match_total(candidate, job, graph=GRAPH, now=NOW, weights=chosen) == expected


def test_match_total_by_hand():
    candidate = make_candidate(
        skills=(own("python"), own("sql"), own("docker")),
        total_years=5,
        seniority="mid",
        home=BERLIN,
        min_salary=65_000,
        company_sizes=("51-200",),
    )
    job = make_job(
        skills=(wanted("python", True), wanted("sql", True), wanted("docker", False)),
        workplace="on_site",
        places=(BERLIN,),
        seniority="mid",
        experience_min_years=3,
        experience_max_years=6,
        salary_min=60_000,
        salary_max=70_000,
        company_size="51-200",
        posted_at=NOW,
    )
    # skills 1, location 1 (same city), experience 1, salary 0.6 + 0.4 * 5/10 = 0.8,
    # culture 1 (a wanted size), growth 0.6 (same level, no new skill), recency 1:
    # 100 * (0.4 + 0.2 + 0.15 + 0.1 * 0.8 + 0.05 + 0.05 * 0.6 + 0.05) = 96.
    assert match_total(candidate, job, graph=GRAPH, now=NOW) == 96.0
    assert score_match(candidate, job, graph=GRAPH, now=NOW).score.total == 96.0

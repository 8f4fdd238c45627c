from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from jobpilot.matching.candidates import index_candidate
from jobpilot.matching.facts import (
    Place,
    PlaceWish,
    SkillGraph,
)
from jobpilot.matching.scoring import (
    DEFAULT_WEIGHTS,
    FactorScore,
    Weights,
    combine,
    culture,
    experience,
    growth,
    location,
    recency,
    salary,
    score_match,
    skill_match,
    skill_weight,
    skills,
)
from tests.matching.factories import make_candidate, make_job, own, wanted

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
BERLIN = Place("Berlin", "Berlin", "DE")
POTSDAM = Place("Potsdam", "Brandenburg", "DE")
COTTBUS = Place("Cottbus", "Brandenburg", "DE")
MUNICH = Place("Munich", "Bavaria", "DE")
PARIS = Place("Paris", "Île-de-France", "FR")


GRAPH = SkillGraph(
    {
        "kubernetes": frozenset({"docker", "podman"}),
        "docker": frozenset({"kubernetes"}),
        "podman": frozenset({"kubernetes"}),
        "terraform": frozenset({"ansible"}),
    }
)


def test_skill_weights_follow_the_requirement():
    assert skill_weight(wanted("a", True)) == 2.0
    assert skill_weight(wanted("a", None)) == 1.5
    assert skill_weight(wanted("a", False)) == 1.0


def test_skills_credit_required_unspecified_nice_and_related():
    candidate = make_candidate(skills=(own("python"), own("sql"), own("docker")))
    job = make_job(
        skills=(
            wanted("python", True),
            wanted("kubernetes", True),
            wanted("sql", None),
            wanted("terraform", False),
        )
    )
    result = skill_match(candidate, job, GRAPH)
    # python 2 + kubernetes 2 * 0.5 (via docker) + sql 1.5 + terraform 0, out of 6.5
    assert result.factor.score == pytest.approx(4.5 / 6.5)
    assert result.factor.known
    assert result.factor.reasons == (
        "you have 1 of 2 required skills",
        "you have 1 of 1 listed skills",
        "you have 0 of 1 nice-to-have skills",
        "related experience for Kubernetes",
    )
    assert [m.skill.id for m in result.matched] == ["python", "sql"]
    assert result.matched[0].candidate_evidence == ("I used python daily.",)
    assert result.matched[0].job_evidence == ("You know python.",)
    assert [(m.skill.id, [r.id for r in m.related]) for m in result.missing] == [
        ("kubernetes", ["docker"]),
        ("terraform", []),
    ]
    assert [m.credit for m in result.missing] == [0.5, 0.0]


def test_skills_scale_credit_by_years_below_the_minimum():
    candidate = make_candidate(skills=(own("python", 2), own("sql", 3), own("go", 1)))
    job = make_job(
        experience_min_years=4,
        skills=(wanted("python", True), wanted("sql", True), wanted("go", False)),
    )
    result = skill_match(candidate, job, GRAPH)
    # python 2/4 -> 0.5, sql 3/4 -> 0.75, go 1/4 floored at 0.5
    assert result.factor.score == pytest.approx((2 * 0.5 + 2 * 0.75 + 1 * 0.5) / 5)
    assert [m.credit for m in result.matched] == [0.5, 0.75, 0.5]
    assert result.factor.reasons[-1] == (
        "fewer years than asked in Python (2 of 4), Sql (3 of 4), Go (1 of 4)"
    )


def test_skills_with_unknown_or_enough_years_earn_full_credit():
    candidate = make_candidate(skills=(own("python"), own("sql", 6)))
    job = make_job(experience_min_years=4, skills=(wanted("python"), wanted("sql")))
    assert skills(candidate, job, GRAPH).score == 1.0


def test_skills_without_job_skills_are_neutral_and_unknown():
    factor = skills(make_candidate(skills=(own("python"),)), make_job(), GRAPH)
    assert factor == FactorScore("skills", 0.5, ("the job lists no skills",), known=False)


def test_skills_count_a_repeated_job_skill_once():
    candidate = make_candidate(skills=(own("python"),))
    job = make_job(skills=(wanted("python", True), wanted("python", True), wanted("go", True)))
    assert skills(candidate, job, GRAPH).score == 0.5


def test_related_skills_are_listed_closest_first():
    candidate = make_candidate(skills=(own("docker", 2), own("podman", 5)))
    job = make_job(skills=(wanted("kubernetes", True),))
    result = skill_match(index_candidate(candidate), job, GRAPH)
    assert [s.id for s in result.missing[0].related] == ["podman", "docker"]
    assert result.factor.score == 0.5


def test_remote_job_suits_a_candidate_open_to_remote():
    for preference in ("remote", "any", "hybrid"):
        factor = location(make_candidate(remote=preference), make_job(workplace="remote"))
        assert factor == FactorScore("location", 1.0, ("fully remote",))


def test_remote_job_limited_to_another_country_scores_low():
    candidate = make_candidate(home=BERLIN, remote="remote")
    factor = location(candidate, make_job(workplace="remote", remote_countries=("us",)))
    assert factor == FactorScore("location", 0.2, ("remote only from US",))


def test_remote_job_limited_to_the_candidates_country_scores_full():
    candidate = make_candidate(home=BERLIN)
    factor = location(candidate, make_job(workplace="remote", remote_countries=("DE", "AT")))
    assert factor == FactorScore("location", 1.0, ("remote from DE, where you live",))


def test_remote_job_limited_by_country_with_unknown_home_is_neutral():
    factor = location(make_candidate(), make_job(workplace="remote", remote_countries=("US",)))
    assert factor.score == 0.5
    assert not factor.known
    assert factor.reasons == ("remote only from US; your country is not known",)


def test_remote_job_for_a_candidate_who_prefers_on_site():
    factor = location(make_candidate(remote="on_site"), make_job(workplace="remote"))
    assert factor.score == 0.3


@pytest.mark.parametrize(
    ("home", "relocate", "expected", "reason"),
    [
        (BERLIN, False, 1.0, "on-site in Berlin where you live"),
        (POTSDAM, False, 0.4, "on-site in Berlin, elsewhere in your country"),
        (
            MUNICH,
            True,
            0.6,
            "on-site in Berlin, elsewhere in your country; you are willing to relocate",
        ),
        (PARIS, False, 0.1, "on-site in Berlin, another country"),
        (PARIS, True, 0.4, "on-site in Berlin, another country; you are willing to relocate"),
    ],
)
def test_on_site_job_by_home(home, relocate, expected, reason):
    candidate = make_candidate(home=home, willing_to_relocate=relocate)
    factor = location(candidate, make_job(workplace="on_site", places=(BERLIN,)))
    assert factor == FactorScore("location", expected, (reason,))


def test_on_site_job_in_the_same_region():
    candidate = make_candidate(home=COTTBUS)
    factor = location(candidate, make_job(workplace="hybrid", places=(POTSDAM,)))
    assert factor == FactorScore(
        "location", 0.7, ("hybrid in Potsdam, in the same region as Cottbus",)
    )


def test_on_site_job_in_a_wished_city_or_country():
    in_hamburg = make_candidate(home=BERLIN, places=(PlaceWish(Place("Hamburg", None, "DE")),))
    factor = location(in_hamburg, make_job(workplace="on_site", places=(Place("hamburg"),)))
    assert factor == FactorScore("location", 1.0, ("on-site in hamburg, where you want to work",))
    anywhere_in_germany = make_candidate(home=PARIS, places=(PlaceWish(Place(country="de")),))
    factor = location(anywhere_in_germany, make_job(workplace="on_site", places=(MUNICH,)))
    assert factor == FactorScore(
        "location", 1.0, ("on-site in Munich, in de where you want to work",)
    )


def test_best_of_several_job_places_counts():
    candidate = make_candidate(home=BERLIN)
    job = make_job(workplace="on_site", places=(PARIS, MUNICH, BERLIN))
    assert location(candidate, job).score == 1.0


def test_remote_only_candidate_facing_on_site_or_hybrid_job():
    candidate = make_candidate(home=BERLIN, remote="remote")
    on_site = location(candidate, make_job(workplace="on_site", places=(BERLIN,)))
    assert on_site == FactorScore("location", 0.1, ("on-site, but you want remote work only",))
    assert location(candidate, make_job(workplace="hybrid", places=(BERLIN,))).score == 0.3
    assert location(candidate, make_job(workplace="hybrid", places=(PARIS,))).score == 0.1
    assert location(candidate, make_job(places=(BERLIN,))).score == 0.4


def test_hybrid_preference_lowers_an_on_site_job():
    candidate = make_candidate(home=BERLIN, remote="hybrid")
    assert location(candidate, make_job(workplace="on_site", places=(BERLIN,))).score == 0.8
    factor = location(candidate, make_job(workplace="on_site", places=(MUNICH,)))
    assert factor.score == pytest.approx(0.4 * 0.8)
    assert factor.reasons[-1] == "on-site while you prefer hybrid"
    assert location(candidate, make_job(workplace="hybrid", places=(BERLIN,))).score == 1.0


def test_unknown_locations_are_neutral():
    unknown_candidate = location(make_candidate(), make_job(workplace="on_site", places=(BERLIN,)))
    assert unknown_candidate == FactorScore(
        "location", 0.5, ("your location is not known",), known=False
    )
    unknown_job = location(make_candidate(home=BERLIN), make_job(workplace="on_site"))
    assert unknown_job == FactorScore("location", 0.5, ("the job states no location",), known=False)


@pytest.mark.parametrize(
    ("distance", "expected"),
    [(20.0, 1.0), (30.0, 1.0), (45.0, 0.75), (60.0, 0.5), (100.0, 0.4), (None, 0.7)],
)
def test_commute_distance_hook(distance: float | None, expected: float) -> None:
    asked: list[tuple[Place, Place]] = []

    def distance_km(origin: Place, destination: Place) -> float | None:
        asked.append((origin, destination))
        return distance

    candidate = make_candidate(places=(PlaceWish(Place("Berlin", "Brandenburg", "DE"), 30),))
    job = make_job(workplace="on_site", places=(POTSDAM,))
    factor = location(candidate, job, distance_km=distance_km)
    assert factor.score == pytest.approx(expected)
    assert asked == [(Place("Berlin", "Brandenburg", "DE"), POTSDAM)]


def test_commute_reason_names_the_distance():
    candidate = make_candidate(places=(PlaceWish(BERLIN, 30),))
    job = make_job(workplace="on_site", places=(POTSDAM,))
    factor = location(candidate, job, distance_km=lambda a, b: 45.0)
    assert factor.reasons == ("on-site in Potsdam, 45 km from Berlin, beyond your 30 km",)


def test_experience_within_range():
    factor = experience(
        make_candidate(total_years=5), make_job(experience_min_years=3, experience_max_years=6)
    )
    assert factor == FactorScore("experience", 1.0, ("5 years of experience, 3-6 asked",))


def test_experience_under_qualified_decays_exponentially():
    factor = experience(make_candidate(total_years=3), make_job(experience_min_years=5))
    assert factor.score == pytest.approx(math.exp(-1))
    assert factor.reasons == ("under-qualified by 2 years (5 asked, you have 3)",)
    half_year = experience(make_candidate(total_years=4.5), make_job(experience_min_years=5))
    assert half_year.score == pytest.approx(math.exp(-0.25))


def test_experience_over_qualified_decays_gently_to_a_floor():
    six_over = experience(make_candidate(total_years=12), make_job(experience_max_years=6))
    assert six_over.score == pytest.approx(0.7)
    assert six_over.reasons == ("over-qualified: 12 years where up to 6 are asked",)
    far_over = experience(make_candidate(total_years=20), make_job(experience_max_years=5))
    assert far_over.score == 0.6


@pytest.mark.parametrize(
    ("job_level", "own_level", "expected", "reason"),
    [
        ("senior", "senior", 1.0, "senior role, your level"),
        ("senior", "mid", 0.85, "senior role, one level above your mid level"),
        ("mid", "lead", 0.6, "mid role, 2 levels below your lead level"),
        ("principal", "junior", 0.3, "principal role, 4 levels above your junior level"),
    ],
)
def test_experience_seniority_steps(job_level, own_level, expected, reason):
    factor = experience(make_candidate(seniority=own_level), make_job(seniority=job_level))
    assert factor == FactorScore("experience", expected, (reason,))


def test_experience_years_and_seniority_multiply():
    candidate = make_candidate(total_years=3, seniority="mid")
    factor = experience(candidate, make_job(experience_min_years=5, seniority="senior"))
    assert factor.score == pytest.approx(math.exp(-1) * 0.85)
    assert len(factor.reasons) == 2


def test_experience_unknown_is_neutral():
    assert not experience(make_candidate(), make_job(experience_min_years=3)).known
    assert not experience(make_candidate(total_years=4), make_job()).known
    odd_level = experience(make_candidate(seniority="wizard"), make_job(seniority="senior"))
    assert odd_level.score == 0.5
    assert not odd_level.known


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (90_000.0, 110_000.0, 1.0),
        (80_000.0, 80_000.0, 1.0),
        (60_000.0, 100_000.0, 0.8),  # half the range above the floor: 0.6 + 0.4 * 0.5
        (60_000.0, 80_000.0, 0.6),
        (70_000.0, 75_000.0, 0.4875),  # 6.25 % short: 0.6 * (1 - 3 * 0.0625)
        (40_000.0, 50_000.0, 0.0),  # 37.5 % short
        (None, 85_000.0, 1.0),
        (70_000.0, None, 0.375),  # the minimum stands for the range: 12.5 % short
        (100_000.0, 60_000.0, 0.8),  # reversed bounds are read in order
    ],
)
def test_salary_against_the_floor(low, high, expected):
    factor = salary(make_candidate(min_salary=80_000.0), make_job(salary_min=low, salary_max=high))
    assert factor.score == pytest.approx(expected)
    assert factor.known


def test_salary_reasons():
    candidate = make_candidate(min_salary=80_000.0)
    assert salary(candidate, make_job(salary_min=90_000.0)).reasons == ("salary meets your floor",)
    partial = salary(candidate, make_job(salary_min=60_000.0, salary_max=100_000.0))
    assert partial.reasons == ("salary reaches your floor in 50% of its range",)
    short = salary(candidate, make_job(salary_min=60_000.0, salary_max=72_000.0))
    assert short.reasons == ("salary up to 72,000, 10% below your floor",)


def test_salary_unknown_on_either_side_is_neutral():
    no_salary = salary(make_candidate(min_salary=80_000.0), make_job())
    assert no_salary == FactorScore("salary", 0.5, ("the job states no salary",), known=False)
    no_floor = salary(make_candidate(), make_job(salary_min=50_000.0))
    assert no_floor == FactorScore("salary", 0.5, ("you set no salary floor",), known=False)


@pytest.mark.parametrize(("size", "expected"), [("51-200", 1.0), ("11-50", 0.6), ("5001+", 0.2)])
def test_culture_company_size(size, expected):
    candidate = make_candidate(company_sizes=("51-200", "201-1000"))
    assert culture(candidate, make_job(company_size=size)).score == expected


def test_culture_industry_matches_without_case_and_by_containment():
    candidate = make_candidate(industries=("Software",))
    assert culture(candidate, make_job(industry="software development")).score == 1.0
    other = culture(candidate, make_job(industry="Banking"))
    assert other == FactorScore("culture", 0.2, ("Banking, not an industry you chose",))


def test_culture_values_from_goals_against_benefits_and_description():
    candidate = make_candidate(goals="I want Mentoring and a learning budget for conferences.")
    assert [v.name for v in index_candidate(candidate).values] == [
        "learning budget",
        "mentoring",
    ]
    both = make_job(benefits=("learning budget",), description="Seniors mentor new hires.")
    assert culture(candidate, both).score == 1.0
    neither = culture(candidate, make_job(description="We ship fast."))
    assert neither.score == 0.0
    assert neither.reasons == ("no mention of learning budget, mentoring",)


def test_culture_does_not_read_equity_in_diversity_equity_and_inclusion():
    candidate = make_candidate(goals="A team that values diversity, equity and inclusion.")
    assert [v.name for v in index_candidate(candidate).values] == ["diversity"]


def test_culture_remote_friendly_counts_a_remote_or_hybrid_job():
    candidate = make_candidate(goals="a remote-friendly culture")
    assert culture(candidate, make_job(workplace="hybrid")).score == 1.0
    assert culture(candidate, make_job(workplace="on_site")).score == 0.0


def test_culture_is_the_mean_of_the_parts_it_can_compare():
    candidate = make_candidate(
        company_sizes=("51-200",), industries=("Software",), goals="mentoring and equity"
    )
    job = make_job(company_size="51-200", industry="Retail", benefits=("equity",))
    assert culture(candidate, job).score == pytest.approx((1.0 + 0.2 + 0.5) / 3)


def test_culture_with_nothing_to_compare_is_neutral():
    factor = culture(make_candidate(industries=("Software",)), make_job(company_size="11-50"))
    assert factor.score == 0.5
    assert not factor.known


@pytest.mark.parametrize(
    ("own_level", "job_level", "expected"),
    [
        ("mid", "senior", 1.0),
        ("senior", "senior", 0.6),
        ("lead", "senior", 0.2),
        ("junior", "senior", 0.8),
    ],
)
def test_growth_by_seniority_step(own_level, job_level, expected):
    factor = growth(make_candidate(seniority=own_level), make_job(seniority=job_level))
    assert factor.score == expected


def test_growth_rises_with_new_skills_up_to_a_cap():
    candidate = make_candidate(seniority="senior", skills=(own("python"),))
    three_new = make_job(
        seniority="senior", skills=tuple(wanted(s) for s in ("python", "a", "b", "c"))
    )
    factor = growth(candidate, three_new)
    assert factor.score == pytest.approx(0.75)
    assert factor.reasons == ("same level (senior)", "would add 3 new skills: A, B, C")
    six_new = make_job(seniority="senior", skills=tuple(wanted(s) for s in "abcdef"))
    assert growth(candidate, six_new).score == pytest.approx(0.8)
    step_up = make_job(seniority="lead", skills=(wanted("go"),))
    assert growth(candidate, step_up).score == 1.0


def test_growth_with_unknown_level_uses_new_skills_only():
    factor = growth(make_candidate(), make_job(skills=(wanted("a"), wanted("b"))))
    assert factor.score == pytest.approx(0.6)
    assert factor.known
    assert not growth(make_candidate(), make_job()).known


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(0), 1.0),
        (timedelta(days=14), 0.5),
        (timedelta(days=28), 0.25),
        (timedelta(days=100), 0.05),
        (timedelta(days=-2), 1.0),
    ],
)
def test_recency_halves_every_fourteen_days(age, expected):
    factor = recency(make_job(posted_at=NOW - age), now=NOW)
    assert factor.score == pytest.approx(expected)


def test_recency_reasons_and_half_life_setting():
    assert recency(make_job(posted_at=NOW), now=NOW).reasons == ("posted today",)
    week = recency(make_job(posted_at=NOW - timedelta(days=14)), now=NOW, half_life_days=7)
    assert week.score == pytest.approx(0.25)
    assert week.reasons == ("posted 14 days ago",)


def test_recency_treats_naive_times_as_utc():
    naive = make_job(posted_at=datetime(2025, 5, 18, 12, 0))
    assert recency(naive, now=NOW).score == pytest.approx(0.5)


def test_recency_unknown_posting_date_is_neutral():
    factor = recency(make_job(), now=NOW)
    assert factor == FactorScore("recency", 0.5, ("the posting date is not known",), known=False)


def test_default_weights_sum_to_one():
    assert sum(DEFAULT_WEIGHTS.as_dict().values()) == pytest.approx(1.0)
    assert DEFAULT_WEIGHTS.as_dict() == {
        "skills": 0.40,
        "location": 0.20,
        "experience": 0.15,
        "salary": 0.10,
        "culture": 0.05,
        "growth": 0.05,
        "recency": 0.05,
    }


def test_partial_override_keeps_other_defaults_then_normalises():
    weights = Weights.from_mapping({"skills": 0.6})
    assert sum(weights.as_dict().values()) == pytest.approx(1.0)
    # 0.6 + 0.6 of other defaults = 1.2 before normalising
    assert weights.skills == pytest.approx(0.5)
    assert weights.location == pytest.approx(0.2 / 1.2)
    assert weights.recency == pytest.approx(0.05 / 1.2)


def test_full_override_normalises():
    weights = Weights.from_mapping(
        {
            "skills": 2,
            "location": 2,
            "experience": 1,
            "salary": 0,
            "culture": 0,
            "growth": 0,
            "recency": 0,
        }
    )
    assert weights.as_dict() == pytest.approx(
        {
            "skills": 0.4,
            "location": 0.4,
            "experience": 0.2,
            "salary": 0.0,
            "culture": 0.0,
            "growth": 0.0,
            "recency": 0.0,
        }
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"charm": 0.3}, "unknown factor weights: charm"),
        ({"salary": -0.1}, "weight salary must be a non-negative number"),
        ({"salary": math.nan}, "weight salary must be a non-negative number"),
        (
            dict.fromkeys(
                ("skills", "location", "experience", "salary", "culture", "growth", "recency"), 0
            ),
            "at least one weight",
        ),
    ],
)
def test_invalid_weights_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        Weights.from_mapping(overrides)


def seven(scores: dict[str, float]) -> list[FactorScore]:
    return [FactorScore(name, score, (f"{name} reason",)) for name, score in scores.items()]


def test_combine_weighs_factors_into_a_total():
    factors = seven(
        {
            "skills": 0.5,
            "location": 1.0,
            "experience": 0.72,
            "salary": 0.0,
            "culture": 0.5,
            "growth": 0.2,
            "recency": 0.3,
        }
    )
    result = combine(factors)
    # 0.2 + 0.2 + 0.108 + 0 + 0.025 + 0.01 + 0.015
    assert result.total == 55.8
    assert result.reasons[:2] == ("skills reason", "location reason")
    assert result.factor("salary").score == 0.0


def test_combine_with_all_ones_and_custom_weights():
    ones = seven(
        dict.fromkeys(
            ("skills", "location", "experience", "salary", "culture", "growth", "recency"), 1.0
        )
    )
    assert combine(ones).total == 100.0
    only_salary = Weights.from_mapping(
        {
            "skills": 0,
            "location": 0,
            "experience": 0,
            "salary": 1,
            "culture": 0,
            "growth": 0,
            "recency": 0,
        }
    )
    mixed = seven({"skills": 1.0, "location": 1.0, "salary": 0.25})
    assert combine(mixed, only_salary).total == 25.0


def test_combine_weighs_a_subset_relative_to_its_own_weights():
    result = combine(seven({"skills": 0.5, "location": 1.0}))
    # (0.4 * 0.5 + 0.2 * 1.0) / 0.6
    assert result.total == 66.7


def test_combine_refuses_repeated_or_unknown_factors():
    with pytest.raises(ValueError, match="twice"):
        combine(seven({"skills": 0.5}) * 2)
    with pytest.raises(ValueError, match="unknown factor"):
        combine([FactorScore("charm", 1.0, ())])


def test_score_match_end_to_end():
    candidate = make_candidate(
        skills=(own("python", 6),),
        total_years=5,
        seniority="senior",
        home=BERLIN,
        min_salary=80_000.0,
    )
    job = make_job(
        skills=(wanted("python", True),),
        seniority="senior",
        workplace="on_site",
        places=(BERLIN,),
        experience_min_years=3,
        experience_max_years=6,
        salary_min=60_000.0,
        salary_max=100_000.0,
        posted_at=NOW - timedelta(days=14),
    )
    scored = score_match(index_candidate(candidate), job, graph=GRAPH, now=NOW)
    by_name = {f.name: f.score for f in scored.score.factors}
    assert by_name == pytest.approx(
        {
            "skills": 1.0,
            "location": 1.0,
            "experience": 1.0,
            "salary": 0.8,
            "culture": 0.5,
            "growth": 0.6,
            "recency": 0.5,
        }
    )
    # 0.4 + 0.2 + 0.15 + 0.08 + 0.025 + 0.03 + 0.025
    assert scored.score.total == 91.0
    assert scored.skills.matched[0].skill.id == "python"
    assert score_match(candidate, job, graph=GRAPH, now=NOW) == scored


def test_growth_counts_a_repeated_new_skill_once():
    candidate = make_candidate(seniority="senior")
    job = make_job(seniority="senior", skills=(wanted("go"), wanted("go", True)))
    factor = growth(candidate, job)
    assert factor.score == pytest.approx(0.65)
    assert factor.reasons[-1] == "would add 1 new skill: Go"


def test_commute_distance_defaults_to_the_city_centres() -> None:
    near = location(
        make_candidate(places=(PlaceWish(BERLIN, 40),)),
        make_job(workplace="on_site", places=(POTSDAM,)),
    )
    assert near.score == 1.0
    assert "km from Berlin" in near.reasons[0]
    far = location(
        make_candidate(places=(PlaceWish(BERLIN, 50),)),
        make_job(workplace="on_site", places=(Place("Munich", "Bavaria", "DE"),)),
    )
    # About 500 km: beyond twice the limit, so the job counts as elsewhere in the country.
    assert far.score == pytest.approx(
        location(
            make_candidate(places=(PlaceWish(BERLIN, 50),)),
            make_job(workplace="on_site", places=(Place("Munich", "Bavaria", "DE"),)),
            distance_km=lambda a, b: 504.0,
        ).score
    )
    assert far.score < 0.75

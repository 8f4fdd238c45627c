"""The judged set's relevance grades, ranking metrics and generator (bench/_judged_set.py)."""

from __future__ import annotations

import math
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from _job_market import TRACKS, Town, track_skill_ids
from _judged_set import (
    PostingTruth,
    SeekerTruth,
    dcg_at,
    generate_judged_set,
    is_blocked,
    kinship,
    location_fit,
    ndcg_at,
    precision_at,
    reciprocal_rank,
    relevance,
    required_coverage,
    salary_fit,
    seniority_steps,
    yearly_in_reference,
)

from jobpilot.taxonomy.builtin import load_builtin, skill_id

BERLIN = Town("Berlin", "DE", "Berlin, Germany")
MUNICH = Town("Munich", "DE", "Munich, Germany")
LONDON = Town("London", "GB", "London, United Kingdom")
PYTHON, SQL, DOCKER, POSTGRES = (
    skill_id(name) for name in ("Python", "SQL", "Docker", "PostgreSQL")
)
RATES = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CAD": 0.73}
TODAY = date(2026, 1, 15)


def make_seeker(**changes: object) -> SeekerTruth:
    seeker = SeekerTruth(
        key="c000",
        family="backend",
        seniority="senior",
        skills=frozenset({PYTHON, SQL, DOCKER, POSTGRES}),
        home=BERLIN,
        remote="any",
        willing_to_relocate=False,
        salary_floor=100_000.0,
        company_blocklist=frozenset(),
    )
    return replace(seeker, **changes)  # type: ignore[arg-type]


def make_posting(**changes: object) -> PostingTruth:
    posting = PostingTruth(
        key="j0000",
        family="backend",
        company="Lindenpay",
        seniority="senior",
        required=frozenset({PYTHON, SQL, DOCKER, POSTGRES}),
        nice=frozenset(),
        workplace="hybrid",
        town=BERLIN,
        remote_countries=frozenset(),
        salary_low=95_000.0,
        salary_high=110_000.0,
    )
    return replace(posting, **changes)  # type: ignore[arg-type]


def test_a_job_that_fits_in_every_respect_is_graded_3() -> None:
    assert relevance(make_seeker(), make_posting()) == 3


def test_a_blocked_company_is_graded_0_whatever_the_case() -> None:
    seeker = make_seeker(company_blocklist=frozenset({"LINDENPAY"}))

    assert is_blocked(seeker, make_posting())
    assert relevance(seeker, make_posting()) == 0


@pytest.mark.parametrize(
    ("seeker", "posting", "fit"),
    [
        (make_seeker(), make_posting(workplace="remote", town=None), "fit"),
        (
            make_seeker(),
            make_posting(workplace="remote", town=None, remote_countries=frozenset({"GB"})),
            "conflict",
        ),
        (
            make_seeker(),
            make_posting(workplace="remote", town=None, remote_countries=frozenset({"DE"})),
            "fit",
        ),
        (make_seeker(remote="on_site"), make_posting(workplace="remote", town=None), "stretch"),
        (make_seeker(remote="hybrid"), make_posting(workplace="on_site"), "fit"),
        (make_seeker(), make_posting(town=MUNICH), "stretch"),
        (make_seeker(willing_to_relocate=True), make_posting(town=MUNICH), "fit"),
        (make_seeker(), make_posting(town=LONDON), "conflict"),
        (make_seeker(willing_to_relocate=True), make_posting(town=LONDON), "stretch"),
        (make_seeker(remote="remote"), make_posting(), "stretch"),
        (make_seeker(remote="remote"), make_posting(workplace="on_site"), "conflict"),
        (make_seeker(remote="remote"), make_posting(town=MUNICH), "conflict"),
        (make_seeker(), make_posting(town=None), "stretch"),
    ],
    ids=[
        "remote-anywhere",
        "remote-closed-to-country",
        "remote-open-to-country",
        "remote-for-on-site-seeker",
        "on-site-same-city",
        "other-city-staying",
        "other-city-relocating",
        "other-country-staying",
        "other-country-relocating",
        "remote-only-hybrid-same-city",
        "remote-only-on-site-same-city",
        "remote-only-hybrid-other-city",
        "place-unknown",
    ],
)
def test_location_fit(seeker: SeekerTruth, posting: PostingTruth, fit: str) -> None:
    assert location_fit(seeker, posting) == fit


@pytest.mark.parametrize(
    ("floor", "low", "high", "fit"),
    [
        (100_000.0, 95_000.0, 110_000.0, "fit"),
        (100_000.0, 90_000.0, 100_000.0, "fit"),
        (100_000.0, 85_000.0, 95_000.0, "stretch"),
        (100_000.0, 70_000.0, 80_000.0, "stretch"),
        (100_000.0, 70_000.0, 79_999.0, "conflict"),
        (100_000.0, 85_000.0, None, "stretch"),
        (100_000.0, None, None, "fit"),
        (None, 10_000.0, 20_000.0, "fit"),
    ],
)
def test_salary_fit_compares_the_top_of_the_range_with_the_floor(
    floor: float | None, low: float | None, high: float | None, fit: str
) -> None:
    seeker = make_seeker(salary_floor=floor)

    assert salary_fit(seeker, make_posting(salary_low=low, salary_high=high)) == fit


def test_coverage_counts_required_skills_only() -> None:
    seeker = make_seeker(skills=frozenset({PYTHON, SQL, DOCKER}))

    assert required_coverage(seeker, make_posting()) == 0.75
    assert required_coverage(seeker, make_posting(nice=frozenset({POSTGRES}))) == 0.75
    assert required_coverage(seeker, make_posting(required=frozenset())) == 1.0


def test_one_soft_mismatch_gives_2_and_two_give_1() -> None:
    three_of_four = make_seeker(skills=frozenset({PYTHON, SQL, DOCKER}))
    underpaid = make_posting(salary_low=85_000.0, salary_high=95_000.0)

    assert relevance(three_of_four, make_posting()) == 2
    assert relevance(make_seeker(), make_posting(town=MUNICH)) == 2
    assert relevance(make_seeker(), underpaid) == 2
    assert relevance(make_seeker(), make_posting(seniority="junior")) == 2
    assert relevance(three_of_four, underpaid) == 1
    assert relevance(make_seeker(), replace(underpaid, town=MUNICH)) == 1


def test_a_hard_conflict_gives_0_even_when_the_skills_fit() -> None:
    assert relevance(make_seeker(), make_posting(town=LONDON)) == 0
    assert relevance(make_seeker(), make_posting(salary_high=70_000.0)) == 0


def test_half_the_required_skills_is_the_least_for_2_in_the_same_family() -> None:
    half = make_seeker(skills=frozenset({PYTHON, SQL}))
    quarter = make_seeker(skills=frozenset({PYTHON}))

    assert relevance(half, make_posting()) == 2
    assert relevance(quarter, make_posting()) == 1


def test_seniority_three_levels_apart_caps_the_grade_at_1() -> None:
    assert seniority_steps("junior", "lead") == 3
    assert relevance(make_seeker(seniority="junior"), make_posting(seniority="lead")) == 1
    assert relevance(make_seeker(seniority="mid"), make_posting(seniority="lead")) == 2


def test_a_related_family_reaches_2_only_without_any_mismatch() -> None:
    devops = make_posting(family="devops")

    assert kinship("backend", "devops") == kinship("devops", "backend") == "related"
    assert relevance(make_seeker(), devops) == 2
    assert relevance(make_seeker(), replace(devops, town=MUNICH)) == 1
    assert relevance(make_seeker(skills=frozenset({PYTHON, SQL, DOCKER})), devops) == 1


def test_an_unrelated_family_is_0_unless_half_the_skills_are_there() -> None:
    nursing = make_posting(family="nursing")

    assert kinship("backend", "nursing") == "unrelated"
    assert relevance(make_seeker(), nursing) == 1
    assert relevance(make_seeker(skills=frozenset({PYTHON})), nursing) == 0


def test_dcg_uses_exponential_gains_and_a_log2_discount() -> None:
    # 7/1 + 3/log2(3) + 0/2 + 1/log2(5)
    assert dcg_at([3, 2, 0, 1], 10) == pytest.approx(9.323466, abs=1e-6)
    assert dcg_at([3, 2, 0, 1], 1) == 7.0


def test_ndcg_divides_by_the_best_order_of_every_judged_job() -> None:
    assert ndcg_at([0, 3], [3, 0], k=10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at([3, 0], [3, 0], k=10) == 1.0
    # The ranking showed one job of the two relevant ones: ideal is 7 + 7/log2(3).
    assert ndcg_at([3], [3, 3, 0], k=10) == pytest.approx(7 / (7 + 7 / math.log2(3)))
    assert ndcg_at([0, 0], [0, 0], k=10) is None


def test_reciprocal_rank_and_precision_count_grades_of_2_and_more() -> None:
    assert reciprocal_rank([1, 0, 2, 3]) == pytest.approx(1 / 3)
    assert reciprocal_rank([1, 1]) == 0.0
    assert precision_at([3, 1, 2], k=10) == pytest.approx(0.2)
    assert precision_at([3, 1, 2, 2], k=2) == pytest.approx(0.5)


def test_yearly_amounts_use_2080_hours_and_12_months() -> None:
    assert yearly_in_reference(40, "USD", "hour", RATES) == 83_200
    assert yearly_in_reference(5_000, "EUR", "month", RATES) == pytest.approx(64_800)
    assert yearly_in_reference(50_000, "GBP", "year", RATES) == pytest.approx(63_500)


def test_every_track_skill_is_a_built_in_skill() -> None:
    built_in = {skill_id(skill.name) for skill in load_builtin().skills}

    assert track_skill_ids() <= built_in


def test_the_same_seed_gives_the_same_set_and_another_seed_another() -> None:
    def made(seed: int) -> object:
        return generate_judged_set(seekers=12, postings=30, seed=seed, rates=RATES, today=TODAY)

    assert made(3) == made(3)
    assert made(3) != made(4)


def test_seekers_and_postings_are_spread_over_the_tracks() -> None:
    judged = generate_judged_set(seekers=20, postings=40, seed=1, rates=RATES, today=TODAY)

    families = [track.family for track in TRACKS]
    assert [s.truth.family for s in judged.seekers] == families * 2
    assert [p.truth.family for p in judged.postings] == families * 4


def test_the_texts_name_what_the_truth_says() -> None:
    names = {skill_id(n): n for t in TRACKS for n in (*t.core, *t.extras)}
    judged = generate_judged_set(seekers=10, postings=20, seed=2, rates=RATES, today=TODAY)

    for posting in judged.postings:
        requirements = posting.description.split("Requirements:")[1].split("Nice to have:")[0]
        for skill in posting.truth.required:
            assert names[skill].lower() in requirements.lower()
        if posting.truth.salary_high is not None:
            assert "Salary:" in posting.description
    for seeker in judged.seekers:
        experience = seeker.resume.split("EXPERIENCE")[1].split("EDUCATION")[0].lower()
        skills_line = seeker.resume.rstrip().splitlines()[-1]
        for skill in seeker.truth.skills:
            assert names[skill].lower() in experience
            assert names[skill] in skills_line.split(", ")
        assert seeker.truth.home.label in seeker.resume


def test_stated_pay_converts_to_the_truths_yearly_amounts() -> None:
    judged = generate_judged_set(seekers=10, postings=30, seed=5, rates=RATES, today=TODAY)

    for posting in judged.postings:
        pay = posting.pay
        if pay is None:
            assert posting.truth.salary_high is None
            continue
        assert posting.truth.salary_high == yearly_in_reference(
            pay.high, pay.currency, pay.interval, RATES
        )
        assert pay.low <= pay.high


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_grades_stay_in_range_and_blocking_a_company_makes_it_0(seed: int) -> None:
    judged = generate_judged_set(seekers=10, postings=20, seed=seed, rates=RATES, today=TODAY)

    for seeker in judged.seekers:
        for posting in judged.postings:
            grade = relevance(seeker.truth, posting.truth)
            assert 0 <= grade <= 3
            blocking = replace(
                seeker.truth,
                company_blocklist=seeker.truth.company_blocklist | {posting.truth.company},
            )
            assert relevance(blocking, posting.truth) == 0

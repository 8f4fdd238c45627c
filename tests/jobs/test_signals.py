from __future__ import annotations

import pytest

from jobpilot.jobs import signals
from jobpilot.jobs.signals import (
    detect_education,
    detect_employment_type,
    detect_seniority,
    parse_experience_years,
    seniority_from_facts,
)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("FULL_TIME",), "full_time"),
        (("Full-time",), "full_time"),
        (("Vollzeit",), "full_time"),
        (("CDI",), "full_time"),
        (("Permanent",), "full_time"),
        (("PART_TIME",), "part_time"),
        (("Teilzeit",), "part_time"),
        (("Werkstudent",), "part_time"),
        (("Contractor",), "contract"),
        (("Freelance",), "contract"),
        (("B2B",), "contract"),
        (("1099",), "contract"),
        (("Contract-to-hire",), "contract"),
        (("TEMPORARY",), "temporary"),
        (("CDD",), "temporary"),
        (("befristet",), "temporary"),
        (("INTERN",), "internship"),
        (("Praktikum",), "internship"),
        (("Ausbildung",), "apprenticeship"),
        (("alternance",), "apprenticeship"),
        (("VOLUNTEER",), "volunteer"),
        (("PER_DIEM",), "per_diem"),
        (("FULL_TIME, PART_TIME",), "full_time"),
        (("", "Senior Engineer (Contract)"), "contract"),
        (("", "Software Engineering Intern"), "internship"),
        (("", "Part-time Barista"), "part_time"),
        (("", "Internship (full-time)"), "internship"),
        ((None, "Werkstudent (m/w/d) Data"), "part_time"),
        (("OTHER", "Full-time nurse"), "full_time"),
        (("", "Internal Tools Engineer"), None),
        (("", "International Sales Manager"), None),
        (("", ""), None),
        ((), None),
    ],
)
def test_detect_employment_type(values, expected):
    assert detect_employment_type(*values) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Internship", "intern"),
        ("Entry level", "junior"),
        ("Associate", "junior"),
        ("Mid-Senior level", "senior"),
        ("Director", "executive"),
        ("Executive", "executive"),
        ("Principal", "principal"),
        ("Staff", "lead"),
        ("Intermediate", "mid"),
        ("Berufseinsteiger", "junior"),
        ("Not Applicable", None),
        ("", None),
    ],
)
def test_detect_seniority(value, expected):
    assert detect_seniority(value) == expected


def test_seniority_from_facts_reads_level_keys_only():
    assert seniority_from_facts({"seniority": "Mid-Senior level"}) == "senior"
    assert seniority_from_facts({"Seniority level": "Entry level"}) == "junior"
    assert seniority_from_facts({"experience_level": "Director"}) == "executive"
    assert seniority_from_facts({"industry": "Director of things"}) is None
    assert seniority_from_facts({}) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5+ years", (5, None)),
        ("3-5 years of experience", (3, 5)),
        ("3 \u2013 5 years of experience", (3, 5)),
        ("Experience: 2-4 yrs", (2, 4)),
        ("at least 2 years", (2, None)),
        ("minimum of three years", (3, None)),
        ("You bring at least five years of experience in sales.", (5, None)),
        ("mindestens 3 Jahre Berufserfahrung", (3, None)),
        ("3 Jahre Erfahrung in der Pflege", (3, None)),
        ("5 years of relevant experience", (5, None)),
        ("two years of professional experience", (2, None)),
        ("7 ans d'exp\u00e9rience", (7, None)),
        ("au moins 4 ans", (4, None)),
        ("3 a\u00f1os de experiencia", (3, None)),
        ("2 jaar werkervaring", (2, None)),
        ("We have been around for 10+ years. You have 4+ years of Python.", (4, None)),
        ("Early-stage startup. 5+ years building APIs.", (5, None)),
    ],
)
def test_parse_experience_years(text, expected):
    assert parse_experience_years(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "401(k)",
        "founded 10 years ago",
        "2 years ago",
        "must be 18 years of age or older",
        "You must be over 18 years old.",
        "in the last 5 years we tripled",
        "over 20 years in business",
        "We were founded in 2009 and have 15 years of history.",
        "a 2 year fixed-term contract",
        "vesting over 4 years with a 1 year cliff",
        "5 years",
        "",
    ],
)
def test_experience_ignores_other_years(text):
    assert parse_experience_years(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bachelor's or Master's degree in Computer Science", "bachelor"),
        ("BSc in Computer Science", "bachelor"),
        ("BS/MS in Engineering", "bachelor"),
        ("University degree in a quantitative field", "bachelor"),
        ("MSc or PhD in Statistics", "master"),
        ("Master in Data Science", "master"),
        ("MBA preferred", "master"),
        ("PhD required", "doctorate"),
        ("Abitur und abgeschlossene Ausbildung als Kaufmann", "high_school"),
        ("abgeschlossene Ausbildung als Kauffrau", "vocational"),
        ("abgeschlossenes Studium der Informatik", "bachelor"),
        ("licence/master en informatique", "bachelor"),
        ("Bac+5 en \u00e9cole d'ing\u00e9nieur", "master"),
        ("High school diploma or GED", "high_school"),
        ("Associate degree in nursing", "associate"),
        ("No degree required", "none"),
        ("Scrum Master certification", None),
        ("A valid driving licence", None),
        ("Ms. Smith will call you", None),
        ("The bs of the matter", None),
        ("", None),
    ],
)
def test_detect_education(text, expected):
    assert detect_education(text) == expected


def test_signals_reexports_the_concept_modules():
    for name in (
        "detect_workplace",
        "detect_visa_sponsorship",
        "extract_benefits",
        "detect_language",
        "parse_date",
        "normalise_company",
        "company_domain",
        "JOB_BOARD_HOSTS",
    ):
        assert hasattr(signals, name)

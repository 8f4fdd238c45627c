from __future__ import annotations

import pytest

from jobpilot.taxonomy.index import TaxonomyIndex, split_title


@pytest.mark.parametrize(
    ("title", "core", "seniority", "qualifiers"),
    [
        (
            "Sr. Backend Engineer (Python) - Remote",
            "Backend Engineer",
            "senior",
            ["Python", "Remote"],
        ),
        ("Junior Data Analyst", "Data Analyst", "junior", []),
        ("Lead Software Engineer", "Software Engineer", "lead", []),
        ("Principal Product Designer", "Product Designer", "principal", []),
        ("Software Engineer II", "Software Engineer", "mid", []),
        ("Registered Nurse, ICU", "Registered Nurse", None, ["ICU"]),
        ("Warehouse Operative (m/f/d)", "Warehouse Operative", None, ["m/f/d"]),
        ("Marketing Intern", "Marketing", "intern", []),
    ],
)
def test_split_title(title, core, seniority, qualifiers):
    assert split_title(title) == (core, seniority, qualifiers)


@pytest.mark.parametrize(
    ("title", "core", "seniority"),
    [
        ("Tech Lead", "Tech Lead", "lead"),
        ("Team Lead", "Team Lead", "lead"),
        ("Lead", "Lead", "lead"),
        ("Tax Senior", "Tax Senior", "senior"),
        ("TECH LEAD", "TECH LEAD", "lead"),
        ("Lead Developer", "Developer", "lead"),
        ("Senior Nurse", "Nurse", "senior"),
        ("Lead Chef", "Chef", "lead"),
        ("Sr. DBA", "DBA", "senior"),
        ("SRE II", "SRE", "mid"),
        ("QA Lead", "QA", "lead"),
        ("Content Marketing Lead", "Content Marketing", "lead"),
    ],
)
def test_seniority_is_kept_in_the_core_when_only_a_short_modifier_would_remain(
    title: str, core: str, seniority: str
) -> None:
    assert split_title(title) == (core, seniority, [])


@pytest.mark.parametrize(
    ("title", "core", "seniority"),
    [
        ("Staff Engineer", "Engineer", "lead"),
        ("Staff Software Engineer", "Software Engineer", "lead"),
        ("Staff Data Scientist", "Data Scientist", "lead"),
        ("Staff Designer", "Designer", "lead"),
        ("Staff Machine Learning Engineer", "Machine Learning Engineer", "lead"),
        ("Staff Nurse", "Staff Nurse", None),
        ("Staff Accountant", "Staff Accountant", None),
        ("Staff Writer", "Staff Writer", None),
        ("Staff Pharmacist", "Staff Pharmacist", None),
        ("Waiting Staff", "Waiting Staff", None),
        ("A&E Staff Nurse", "A&E Staff Nurse", None),
    ],
)
def test_staff_is_a_level_only_before_technical_nouns(
    title: str, core: str, seniority: str | None
) -> None:
    assert split_title(title) == (core, seniority, [])


def test_tech_lead_no_longer_matches_a_technologist_exactly(builtin_index: TaxonomyIndex) -> None:
    result = builtin_index.normalise_title("Tech Lead \u2013 Payments (Java)")
    assert (result.core_title, result.seniority) == ("Tech Lead", "lead")
    assert all(occupation.score < 1.0 for occupation in result.occupations)


@pytest.mark.parametrize(
    ("title", "expected", "seniority"),
    [
        ("Staff Nurse", "Registered Nurse", None),
        ("Staff Accountant", "Accountant", None),
        ("Staff Software Engineer", "Software Engineer", "lead"),
        ("Lead Chef", "Chef", "lead"),
    ],
)
def test_staff_and_lead_titles_map_to_their_occupation(
    builtin_index: TaxonomyIndex, title: str, expected: str, seniority: str | None
) -> None:
    result = builtin_index.normalise_title(title)
    assert result.seniority == seniority
    assert result.occupations[0].concept.label == expected
    assert result.occupations[0].score == 1.0


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Sr. Software Engineer", "Software Engineer"),
        ("RN - ICU", "Registered Nurse"),
        ("Warehouse Operative", "Warehouse Operative"),
        ("Junior Accountant", "Accountant"),
        ("Chief Executive Officer", "Chief Executive Officer"),
        ("Senior Data Scientist (NLP)", "Data Scientist"),
    ],
)
def test_titles_map_to_builtin_occupations(builtin_index: TaxonomyIndex, title, expected):
    result = builtin_index.normalise_title(title)
    assert result.occupations, title
    assert result.occupations[0].concept.label == expected
    scores = [o.score for o in result.occupations]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)

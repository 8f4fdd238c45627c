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

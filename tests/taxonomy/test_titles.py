from __future__ import annotations

import pytest

from jobpilot.taxonomy.index import TaxonomyIndex, TitleResult, split_title


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


BATCH = [
    "Sr. Software Engineer",
    "Shift Lead - Barista",
    "RN - ICU",
    "Krankenpfleger (m/w/d)",
    "Chief Executive Officer",
    "Senior Data Scientist (NLP)",
    "Forklift Driver, Night Shift",
    "Payroll Specialist",
    "Senior Data Scientist (NLP)",
    "",
    "Lead",
    "Principal Product Designer",
]


@pytest.mark.parametrize("top", [1, 5])
def test_titles_scored_together_match_titles_scored_alone(
    builtin_index: TaxonomyIndex, top: int
) -> None:
    together = builtin_index.normalise_titles(BATCH, top=top)
    assert [r.title for r in together] == BATCH
    for title, result in zip(BATCH, together, strict=True):
        alone = builtin_index.normalise_title(title, top=top)
        assert (result.core_title, result.seniority, result.qualifiers) == (
            alone.core_title,
            alone.seniority,
            alone.qualifiers,
        )
        # One matrix product for the batch adds in another order than one text's product:
        # scores agree to the fourth decimal, the best occupation is the same.
        assert [o.concept.id for o in result.occupations][:1] == [
            o.concept.id for o in alone.occupations
        ][:1]
        for ours, theirs in zip(result.occupations, alone.occupations, strict=True):
            assert ours.score == pytest.approx(theirs.score, abs=1e-4)


def test_titles_scored_in_several_chunks_give_the_same_answers(
    builtin_index: TaxonomyIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = builtin_index.normalise_titles(BATCH * 3, top=3)
    rows = len(builtin_index.title_subsets["builtin"][0])
    # Room for ten texts per product: the 30 titles' queries go through several products.
    monkeypatch.setattr("jobpilot.taxonomy.index._SIMILARITY_BLOCK", rows * 10)
    chunked = builtin_index.normalise_titles(BATCH * 3, top=3)
    assert _answers(chunked) == _answers(whole)
    assert _answers(chunked[:12]) == _answers(chunked[12:24]) == _answers(chunked[24:])


def _answers(results: list[TitleResult]) -> list[tuple[str, list[str], list[float]]]:
    """Each result's core title, occupation ids and scores to three decimals (products of
    different shapes may round the fourth differently)."""
    return [
        (
            r.core_title,
            [o.concept.id for o in r.occupations],
            [round(o.score, 3) for o in r.occupations],
        )
        for r in results
    ]


def test_an_exact_title_in_a_batch_is_answered_without_scoring(
    builtin_index: TaxonomyIndex,
) -> None:
    [ceo, barista] = builtin_index.normalise_titles(["Chief Executive Officer", "Barista"], top=1)
    assert [(o.concept.label, o.score) for o in ceo.occupations] == [
        ("Chief Executive Officer", 1.0)
    ]
    assert [(o.concept.label, o.score) for o in barista.occupations] == [("Barista", 1.0)]
    assert builtin_index.normalise_titles([], top=1) == []

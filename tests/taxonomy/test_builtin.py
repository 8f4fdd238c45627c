from __future__ import annotations

from collections import Counter

import pytest

from jobpilot.taxonomy.builtin import (
    CATEGORIES,
    TaxonomyFileError,
    load_builtin,
    parse_occupations,
    parse_skills,
    skill_key,
    validate,
)


def test_shipped_taxonomy_is_large_consistent_and_covers_every_field():
    taxonomy = load_builtin()
    assert validate(taxonomy) == []
    assert len(taxonomy.skills) >= 3000
    assert len(taxonomy.occupations) >= 300
    per_category = Counter(s.category for s in taxonomy.skills)
    for category in CATEGORIES:
        assert per_category[category] >= 20, category
    assert sum(len(o.skills) for o in taxonomy.occupations) / len(taxonomy.occupations) >= 4
    non_tech = {o.family for o in taxonomy.occupations} - {
        "software",
        "data",
        "cloud_it",
        "security",
    }
    assert len(non_tech) >= 10


def test_tricky_names_are_distinct_concepts():
    names = {s.name for s in load_builtin().skills}
    for name in ("C", "C++", "C#", ".NET", "Node.js", "Go", "R programming", "JavaScript", "Java"):
        assert name in names, name
    keys = {skill_key(n) for n in ("C", "C++", "C#", ".NET", "Node.js")}
    assert len(keys) == 5


def test_parser_reads_aliases_flags_related_and_context():
    [skill] = parse_skills(
        "# category: software\n"
        "Go | ~Go; golang; =GO lang | Python | context: programming; backend\n",
        "t.txt",
    )
    assert skill.category == "software"
    assert [(a.text, a.case_sensitive, a.ambiguous) for a in skill.aliases] == [
        ("Go", True, True),
        ("golang", False, False),
        ("GO lang", True, False),
    ]
    assert skill.related == ["Python"]
    assert skill.context == ["programming", "backend"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Python | py\n", "before any '# category:'"),
        ("# category: astrology\nTarot | cards\n", "unknown category"),
        ("# category: software\nA | b | c | d | e\n", "expected"),
        ("# category: software\nA | b | c | nope: d\n", "must start with 'context:'"),
    ],
)
def test_parser_reports_bad_lines_with_their_place(text, message):
    with pytest.raises(TaxonomyFileError, match=message) as error:
        parse_skills(text, "bad.txt")
    assert "bad.txt:" in str(error.value)


def test_occupation_parser():
    [occupation] = parse_occupations(
        "# family: health\nRegistered Nurse | RN; Staff Nurse | Patient care; Triage\n", "o.txt"
    )
    assert occupation.family == "health"
    assert occupation.alternative_titles == ["RN", "Staff Nurse"]
    with pytest.raises(TaxonomyFileError, match=r"o\.txt:2"):
        parse_occupations("# family: x\nOnly a title\n", "o.txt")

"""Explicit skill extraction on the built-in taxonomy: surface forms, context, cues, negation."""

from __future__ import annotations

from jobpilot.taxonomy.index import LabelEntry, TaxonomyIndex, _Automaton
from jobpilot.taxonomy.text import Atoms, label_atoms


def labels(index: TaxonomyIndex, text: str) -> dict[str, bool | None]:
    return {m.concept.label: m.required for m in index.extract_skills(text)}


def test_aliases_and_abbreviations(builtin_index):
    found = labels(
        builtin_index, "We run k8s on AWS; JS and Postgres, reporting in MS Excel. CPA preferred."
    )
    assert {
        "Kubernetes",
        "Amazon Web Services",
        "JavaScript",
        "PostgreSQL",
        "Microsoft Excel",
    } <= set(found)
    assert any("Certified Public Accountant" in label for label in found)


def test_symbols_dots_slashes_and_parentheses(builtin_index):
    text = (
        "Stack: C++, C#, .NET and Node.js; AI/ML models; Python/Django (or Flask); "
        "Amazon Web Services (AWS)"
    )
    mentions = {m.concept.label: m for m in builtin_index.extract_skills(text)}
    for label in ("C++", "C#", ".NET", "Node.js", "Machine learning", "Python", "Django", "Flask"):
        assert label in mentions, label
    assert "C" not in mentions  # "C" is not matched inside "C++" or "C#"
    aws = mentions["Amazon Web Services"]
    assert len(aws.spans) == 2  # the long name and the abbreviation, merged into one skill
    for start, end in aws.spans:
        assert text[start:end] in {"Amazon Web Services", "AWS"}


def test_spans_point_at_the_text(builtin_index):
    text = "Experience with Kubernetes and Terraform."
    for mention in builtin_index.extract_skills(text):
        for start, end in mention.spans:
            assert text[start:end] in mention.surface


def test_go_and_r_only_as_languages(builtin_index):
    assert "Go" in labels(builtin_index, "Backend services in Go and Python, gRPC APIs")
    assert "Go" in labels(builtin_index, "golang developer")
    assert "Go" not in labels(builtin_index, "Ready to go the extra mile? Go ahead and apply.")
    assert "R programming" in labels(
        builtin_index, "Statistics in R and SQL, with ggplot2 dashboards"
    )
    assert "R programming" not in labels(
        builtin_index, "Our R&D team is in Munich. Apply by 1 June, R. Smith"
    )


def test_word_boundaries(builtin_index):
    found = labels(builtin_index, "JavaScript and TypeScript developer")
    assert "JavaScript" in found
    assert "Java" not in found
    assert "Java" in labels(builtin_index, "Java-based services")


def test_required_and_nice_to_have_from_sentences_and_headings(builtin_index):
    text = (
        "Requirements:\n- Python\n- Strong SQL\n"
        "Nice to have:\n- Kubernetes\n- Terraform\n"
        "About us: we like Docker.\n"
        "Experience with Redis is a plus. You must have Git skills."
    )
    found = labels(builtin_index, text)
    assert found["Python"] is True
    assert found["SQL"] is True
    assert found["Kubernetes"] is False
    assert found["Terraform"] is False
    assert found["Docker"] is None
    assert found["Redis"] is False
    assert found["Git"] is True


def test_inline_cues(builtin_index):
    found = labels(builtin_index, "Must have: Java. Preferred: Scala. Familiarity with Kafka.")
    assert found["Java"] is True
    assert found["Scala"] is False
    assert found["Apache Kafka"] is None


def test_negations(builtin_index):
    found = labels(
        builtin_index,
        "No Java required. Python experience is essential. Kotlin is not required. "
        "Work without Excel macros. Not only SQL but also Spark SQL.",
    )
    assert "Java" not in found
    assert "Kotlin" not in found
    assert "Microsoft Excel" not in found
    assert "Python" in found
    assert "SQL" in found  # "not only … but also" is not a negation


def test_non_tech_postings(builtin_index):
    found = labels(
        builtin_index,
        "Registered nurse needed for wound care and phlebotomy; forklift operation and HACCP "
        "for the warehouse team; bookkeeping in QuickBooks; fluent Spanish.",
    )
    for label in ("Phlebotomy", "Forklift operation", "Bookkeeping", "Spanish"):
        assert label in found, label


def test_empty_and_unmatched_texts(builtin_index):
    assert builtin_index.extract_skills("") == []
    assert builtin_index.extract_skills("   \n\n ") == []
    assert builtin_index.extract_skills("Lorem ipsum dolor sit amet") == []


def spans(index: TaxonomyIndex, text: str) -> dict[str, list[tuple[int, int]]]:
    return {m.concept.label: m.spans for m in index.extract_skills(text)}


def test_labels_at_the_start_and_end_of_a_text(builtin_index):
    assert spans(builtin_index, "Python") == {"Python": [(0, 6)]}
    assert spans(builtin_index, ".NET") == {".NET": [(0, 4)]}
    assert spans(builtin_index, "Languages: C++") == {"C++": [(11, 14)]}


def test_spans_where_lower_casing_changes_the_length(builtin_index):
    # "İ" lower-cases to two characters; spans still point at the text as written.
    text = "İstanbul office: Python and C#"
    assert spans(builtin_index, text) == {"Python": [(17, 23)], "C#": [(28, 30)]}


def test_spans_across_irregular_gaps(builtin_index):
    text = "machine   learning\n\nand\tKubernetes"
    assert spans(builtin_index, text) == {"Machine learning": [(0, 18)], "Kubernetes": [(24, 34)]}


def test_cue_phrases_count_only_as_written(builtin_index):
    assert labels(builtin_index, "Nice to have: Python") == {"Python": False}
    assert labels(builtin_index, "Nice  to have: Python") == {"Python": None}
    assert labels(builtin_index, "Python_preferred") == {"Python": None}


def test_occurrences_give_atom_positions_leftmost_and_longest_first():
    automaton = _Automaton()
    for row, text in enumerate(["C++", "C", ".NET", "machine learning", "learning"]):
        atoms = label_atoms(text)
        automaton.add(
            LabelEntry(atoms, label_atoms(text, lower=False), row, "preferred", False, False)
        )
    automaton.finish()
    # Atoms: c + + and machine learning in . net , a plus
    items = Atoms("C++ and machine  learning in .NET, a plus")
    hits, cue_atoms = automaton.occurrences(items.joined)
    assert [
        (first, -negative, [e.concept for e in entries]) for first, negative, entries in hits
    ] == [
        (0, 3, [0]),
        (0, 1, [1]),
        (4, 2, [3]),
        (5, 1, [4]),
        (7, 2, [2]),
    ]
    assert cue_atoms == [(10, 11)]  # "a plus"

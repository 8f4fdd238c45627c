"""Explicit skill extraction on the built-in taxonomy: surface forms, context, cues, negation."""

from __future__ import annotations

from jobpilot.taxonomy.index import TaxonomyIndex


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

"""Which labels of imported (ESCO, O*NET) concepts may name their concept in explicit extraction.

A one-word alternative label needs a word found in at most max(3, 0.1 % of the source's
descriptions) of them; a one-word hidden label never matches; a label that is another concept's
name (its qualifier in parentheses aside) belongs to that concept. Preferred and multi-word labels,
and every built-in label, match as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from jobpilot.core.embedding import create_embedder
from jobpilot.taxonomy.index import ConceptEntry, TaxonomyIndex

Label = tuple[str, str, str, bool, bool]


def esco_skill(concept_id: str, label: str, description: str | None = None) -> ConceptEntry:
    return ConceptEntry(concept_id, "skill", "esco", label, description=description)


def described(word: str, count: int, *, source: str = "esco") -> list[ConceptEntry]:
    """``count`` filler skills of ``source`` whose descriptions each contain ``word`` once."""
    return [
        ConceptEntry(
            f"{source}:filler-{word}-{n}",
            "skill",
            source,
            f"filler skill {n}",
            description=f"Work where {word} matters.",
        )
        for n in range(count)
    ]


def alternative(concept_id: str, label: str) -> Label:
    return (concept_id, label, "alternative", False, False)


def hidden(concept_id: str, label: str) -> Label:
    return (concept_id, label, "hidden", False, False)


def build(concepts: Sequence[ConceptEntry], extra_labels: Sequence[Label]) -> TaxonomyIndex:
    """An index of ``concepts`` (each with its preferred label) and ``extra_labels``; explicit
    extraction needs no vectors."""
    preferred = [(c.id, c.label, "preferred", False, False) for c in concepts]
    # The extra labels go in first: of two concepts with the same label, the first one added
    # would take the match if both were kept.
    return TaxonomyIndex(
        concepts, [*extra_labels, *preferred], create_embedder("hashing"), embed_now=False
    )


def found(index: TaxonomyIndex, text: str, source: str = "esco") -> dict[str, list[str]]:
    """The concepts named in ``text``, with the words that named them."""
    return {m.concept.id: m.surface for m in index.extract_skills(text, source=source)}


STATISTICS = esco_skill("esco:statistics", "statistics", "The study of collected figures.")


def test_one_word_alternative_label_of_a_common_word_does_not_match() -> None:
    # "data" is in 4 descriptions, more than max(3, 0.001 * 5): a common word.
    index = build([STATISTICS, *described("data", 4)], [alternative("esco:statistics", "data")])
    assert found(index, "Cleaned the data every week.") == {}


def test_one_word_alternative_label_of_a_rare_word_matches() -> None:
    # In 3 descriptions "data" is still rare (at most max(3, 0.001 * 4) = 3); "stats" is in none.
    index = build(
        [STATISTICS, *described("data", 3)],
        [alternative("esco:statistics", "data"), alternative("esco:statistics", "stats")],
    )
    assert found(index, "Cleaned the data and reported stats.") == {
        "esco:statistics": ["data", "stats"]
    }


def test_in_a_large_taxonomy_the_limit_is_a_share_of_its_descriptions() -> None:
    # 6,001 descriptions: a word may be in max(3, 0.001 * 6001) = 6.001 of them, so 6 and no
    # more. "stats" is in 6 of them, "data" in 7.
    concepts = [
        STATISTICS,
        *described("stats", 6),
        *described("data", 7),
        *described("other", 5987),
    ]
    index = build(
        concepts,
        [alternative("esco:statistics", "data"), alternative("esco:statistics", "stats")],
    )
    assert found(index, "Cleaned the data and reported stats.") == {"esco:statistics": ["stats"]}


def test_multi_word_and_preferred_labels_match_however_common_their_words() -> None:
    chemistry = esco_skill("esco:chemistry", "chemistry")
    index = build(
        [STATISTICS, chemistry, *described("statistical analysis and chemistry", 4)],
        [alternative("esco:statistics", "statistical analysis")],
    )
    assert found(index, "Statistical analysis of A-level chemistry results.") == {
        "esco:statistics": ["Statistical analysis"],
        "esco:chemistry": ["chemistry"],
    }


def test_hidden_labels_need_more_than_one_word() -> None:
    detail = esco_skill("esco:detail", "attend to detail")
    index = build(
        [detail],
        [hidden("esco:detail", "accuracy"), hidden("esco:detail", "attention to detail")],
    )
    # "accuracy" is in no description, but as a hidden label one word is never enough.
    assert found(index, "Keeps accuracy above 99%.") == {}
    assert found(index, "Strong attention to detail.") == {"esco:detail": ["attention to detail"]}


def test_a_label_that_is_another_concepts_name_names_only_that_concept() -> None:
    concepts = [
        esco_skill("esco:style-sheets", "style sheet languages"),
        esco_skill("esco:css", "CSS"),
        esco_skill("esco:design", "design principles"),
        esco_skill("esco:unity", "Unity (digital game creation systems)"),
        esco_skill("esco:python", "Python (computer programming)"),
    ]
    index = build(
        concepts,
        [
            alternative("esco:style-sheets", "CSS"),
            # The name of esco:unity once its qualifier is set aside.
            alternative("esco:design", "unity"),
            alternative("esco:unity", "Unity"),
            # esco:python's own name without its qualifier: still its label.
            alternative("esco:python", "Python"),
        ],
    )
    assert found(index, "Unity games, Python tools and responsive CSS.") == {
        "esco:unity": ["Unity"],
        "esco:python": ["Python"],
        "esco:css": ["CSS"],
    }


def test_names_are_compared_within_one_source() -> None:
    builtin_git = ConceptEntry("jp:skill:git", "skill", "builtin", "Git", category="tools")
    scm = esco_skill("esco:scm", "tools for software configuration management")
    index = build([builtin_git, scm], [alternative("esco:scm", "Git")])
    assert found(index, "Branching in Git.") == {"esco:scm": ["Git"]}
    assert found(index, "Branching in Git.", source="builtin") == {"jp:skill:git": ["Git"]}


def test_builtin_one_word_aliases_still_match() -> None:
    # "Excel" is in 4 built-in descriptions: a common word, if built-in labels were filtered.
    excel = ConceptEntry("jp:skill:excel", "skill", "builtin", "Microsoft Excel")
    index = build(
        [excel, *described("Excel", 4, source="builtin")],
        [("jp:skill:excel", "Excel", "alternative", False, False)],
    )
    assert found(index, "Pivot tables in Excel.", source="builtin") == {"jp:skill:excel": ["Excel"]}

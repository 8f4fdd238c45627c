from __future__ import annotations

import math

import numpy as np
import pytest

from jobpilot.core.embedding import create_embedder
from jobpilot.taxonomy.index import ConceptEntry, TaxonomyIndex
from jobpilot.taxonomy.ranking import (
    OccupationVotes,
    RankingWeights,
    WeightedTfidf,
    combined_score,
    expand_query,
    mention_terms,
    query_weights,
    ranking_stem,
    ranking_terms,
    skill_document,
)


def test_terms_are_stems_then_adjacent_pairs() -> None:
    assert ranking_terms("You will build dashboards to track sales KPIs") == [
        "build",
        "dashboard",
        "track",
        "sale",
        "kpi",
        "build dashboard",
        "dashboard track",
        "track sale",
        "sale kpi",
    ]


def test_numbers_are_not_terms() -> None:
    assert ranking_terms("Rotated 40 pallets in 2023") == ["rotat", "pallet", "rotat pallet"]


@pytest.mark.parametrize(
    "spellings",
    [
        ("visualise", "visualize", "visualisation", "visualization"),
        ("colour", "color"),
        ("centre", "center"),
        ("analyse", "analyze", "analysing"),
        ("programme", "program"),
        ("licence", "license"),
        ("practise", "practice"),
    ],
)
def test_british_and_american_spellings_meet(spellings: tuple[str, ...]) -> None:
    assert len({ranking_stem(word) for word in spellings}) == 1


def test_short_words_ending_in_our_keep_their_spelling() -> None:
    assert ranking_stem("hour") == "hour"
    assert ranking_stem("four") == "four"


def test_query_weights_are_sublinear() -> None:
    assert query_weights(["sale", "sale", "kpi"]) == {"sale": 1 + math.log(2), "kpi": 1.0}


def test_skill_document_weighs_label_alternatives_and_description() -> None:
    document = skill_document("manage payroll", ["run payroll"], "Manage the payroll of employees.")
    assert document == {
        "manag": 3.5,  # label 3 + description 0.5
        "payrol": 4.5,  # label 3 + alternative 1 + description 0.5
        "manag payrol": 3.5,
        "run": 1.0,
        "run payrol": 1.0,
        "employe": 0.5,
        "payrol employe": 0.5,
    }


def test_skill_document_reads_the_first_twenty_alternatives() -> None:
    alternatives = [f"alias{n:02d}" for n in range(25)]
    document = skill_document("payroll", alternatives, None)
    assert "alias19" in document
    assert "alias20" not in document


def test_mention_terms_cover_the_name_and_first_five_aliases() -> None:
    terms = mention_terms("UI design", ["Figma", "a", "b", "c", "d", "Sketch"])
    assert {"ui", "design", "ui design", "figma"} <= terms
    assert "sketch" not in terms


def test_expansion_adds_terms_at_weight_times_the_surest_confidence() -> None:
    expanded = expand_query(
        {"a": 1.0}, [(frozenset({"a", "b"}), 0.9), (frozenset({"b", "c"}), 0.5)], 0.8
    )
    assert expanded == pytest.approx({"a": 1.72, "b": 0.72, "c": 0.4})


def test_tfidf_cosine_by_hand() -> None:
    index = WeightedTfidf([{"x": 1.0}, {"x": 1.0, "y": 1.0}])
    idf_y = math.log(3 / 2) + 1  # x is in both documents: idf 1
    assert index.scores({"y": 1.0}) == pytest.approx([0.0, idf_y / math.sqrt(1 + idf_y**2)])
    # The second document is exactly the query; the first only shares x.
    assert index.scores({"x": 1.0, "y": 1.0}) == pytest.approx(
        [1 / math.sqrt(1 + idf_y**2), 1.0], rel=1e-6
    )
    assert index.scores({"unknown": 1.0}).tolist() == [0.0, 0.0]


def test_tfidf_dampens_weights_above_one_and_keeps_those_below() -> None:
    # Both terms are in both documents (idf 1): only the term weights differ.
    index = WeightedTfidf([{"x": 3.0, "y": 1.0}, {"x": 1.0, "y": 0.5}])
    first = (1 + math.log(3)) / math.hypot(1 + math.log(3), 1.0)
    second = 1.0 / math.hypot(1.0, 0.5)
    assert index.scores({"x": 1.0}) == pytest.approx([first, second], rel=1e-6)


def test_occupations_vote_with_their_relative_score() -> None:
    links = [(0, 0, 1.0), (0, 1, 0.5), (1, 1, 1.0), (2, 2, 1.0)]
    votes = OccupationVotes(links, occupations=3, skills=3)
    scores = np.array([0.8, 0.2, 0.0], dtype=np.float32)
    # Occupation 0 votes with 1, occupation 1 with 0.25; occupation 2 does not match.
    assert votes.votes(scores).tolist() == pytest.approx([1.0, 0.75, 0.0])
    assert votes.votes(scores, top=1).tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert votes.votes(np.zeros(3, dtype=np.float32)).tolist() == [0.0, 0.0, 0.0]


def test_combined_score_is_the_weighted_sum() -> None:
    def one(value: float) -> np.ndarray:
        return np.array([value], dtype=np.float32)

    weights = RankingWeights(lexical=1.0, embedding=0.5, prior=0.25, explicit=2.0, occupations=4.0)
    score = combined_score(
        lexical=one(0.4),
        similarity=one(0.2),
        prior=one(0.4),
        explicit=one(0.5),
        votes=one(0.25),
        weights=weights,
    )
    assert score.tolist() == pytest.approx([0.4 + 0.1 + 0.1 + 1.0 + 1.0])


def _small_index() -> TaxonomyIndex:
    concepts = [
        ConceptEntry("jp:skill:ui-design", "skill", "builtin", "UI design", category="design"),
        ConceptEntry(
            "esco:ui",
            "skill",
            "esco",
            "design user interface",
            description="Lay out the visual components of software.",
        ),
        ConceptEntry("esco:payroll", "skill", "esco", "manage payroll"),
        ConceptEntry("esco:wages", "skill", "esco", "calculate wages"),
        ConceptEntry("esco:clients", "skill", "esco", "liaise with clients"),
        ConceptEntry("esco:payroll-clerk", "occupation", "esco", "payroll clerk"),
    ]
    labels = [(c.id, c.label, "preferred", False, False) for c in concepts] + [
        ("jp:skill:ui-design", "Figma", "alternative", False, False),
        ("esco:ui", "UI design", "alternative", False, False),
        ("esco:payroll", "run payroll", "alternative", False, False),
    ]
    links = [("esco:payroll-clerk", "esco:wages", "essential")]
    return TaxonomyIndex(concepts, labels, create_embedder("hashing"), occupation_skills=links)


def test_builtin_mentions_expand_the_query_for_imported_skills() -> None:
    index = _small_index()
    text = "Create screens in Figma."
    ranked = index.rank_skills(text, source="esco")
    assert ranked[0].concept.id == "esco:ui"
    # Nothing in the text itself is a word of an ESCO label or description.
    lexical_only = RankingWeights(embedding=0.0, expansion=0.0)
    assert index.rank_skills(text, source="esco", weights=lexical_only) == []


ONLY_VOTES = RankingWeights(lexical=0.0, embedding=0.0, prior=0.0, explicit=0.0, occupations=1.0)


def test_occupations_named_in_the_text_vote_for_their_skills() -> None:
    index = _small_index()
    text = "Payroll clerk needed for a busy office."
    # The clerk lists "calculate wages" as essential: its only voter, with full weight.
    [vote] = index.rank_skills(text, source="esco", weights=ONLY_VOTES)
    assert (vote.concept.id, vote.score) == ("esco:wages", 1.0)
    ranked = index.rank_skills(text, source="esco", weights=RankingWeights(embedding=0.0))
    assert [r.concept.id for r in ranked] == ["esco:payroll", "esco:wages"]
    no_votes = RankingWeights(embedding=0.0, occupations=0.0)
    assert [r.concept.id for r in index.rank_skills(text, source="esco", weights=no_votes)] == [
        "esco:payroll"
    ]


def test_occupations_vote_only_within_the_ranked_source() -> None:
    index = _small_index()
    assert index.rank_skills("Payroll clerk", source="builtin", weights=ONLY_VOTES) == []

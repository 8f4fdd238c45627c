from __future__ import annotations

import pytest

from jobpilot.taxonomy.stemming import porter_stem


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        # Examples from Porter's paper, one or more per step.
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("cats", "cat"),
        ("feed", "feed"),
        ("agreed", "agre"),
        ("plastered", "plaster"),
        ("motoring", "motor"),
        ("sing", "sing"),
        ("conflated", "conflat"),
        ("hopping", "hop"),
        ("falling", "fall"),
        ("filing", "file"),
        ("happy", "happi"),
        ("sky", "sky"),
        ("relational", "relat"),
        ("conditional", "condit"),
        ("vietnamization", "vietnam"),
        ("decisiveness", "decis"),
        ("triplicate", "triplic"),
        ("hopeful", "hope"),
        ("goodness", "good"),
        ("revival", "reviv"),
        ("adjustment", "adjust"),
        ("replacement", "replac"),
        ("adoption", "adopt"),
        ("effective", "effect"),
        ("probate", "probat"),
        ("rate", "rate"),
        ("controll", "control"),
        ("generalizations", "gener"),
    ],
)
def test_porter_examples(word: str, stem: str) -> None:
    assert porter_stem(word) == stem


@pytest.mark.parametrize(
    "forms",
    [
        ("rotate", "rotation", "rotating", "rotated"),
        ("interface", "interfaces"),
        ("document", "documents", "documentation"),
        ("manage", "managing", "management", "managed"),
    ],
)
def test_forms_of_one_word_meet(forms: tuple[str, ...]) -> None:
    assert len({porter_stem(form) for form in forms}) == 1


@pytest.mark.parametrize("word", ["c++", "c#", "b2b", "s3", "it", "ui"])
def test_short_or_non_alphabetic_words_are_left_alone(word: str) -> None:
    assert porter_stem(word) == word

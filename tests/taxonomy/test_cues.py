"""Requirement cues (headings and sentences) and negation around a mention."""

from __future__ import annotations

import pytest

from jobpilot.taxonomy import cues
from jobpilot.taxonomy.text import Atoms


def cue_atoms(items: Atoms) -> list[tuple[int, int]]:
    """Where the atoms of cue phrases occur, found the slow way (a label scan finds them)."""
    found = []
    for phrase in cues.CUE_ATOMS:
        for first in range(len(items) - len(phrase) + 1):
            if tuple(items.lower[first : first + len(phrase)]) == phrase:
                found.append((first, first + len(phrase) - 1))
    return found


@pytest.fixture(params=["scanned cues", "searched cues"])
def requirements_of(request):
    """Both ways of finding cues: from scanned atoms, and with the patterns."""

    def build(text: str) -> cues.Requirements:
        items = Atoms(text)
        scanned = cue_atoms(items) if request.param == "scanned cues" else None
        return cues.Requirements(items, scanned)

    return build


def requirement(requirements: cues.Requirements, text: str, surface: str) -> bool | None:
    start = text.index(surface)
    return requirements.at(start, start + len(surface))


def test_headings_set_the_mode_of_the_lines_below(requirements_of):
    text = "Requirements:\n- Python\nNice to have:\n- Golang\nAbout us\n- Docker\n"
    found = requirements_of(text)
    assert requirement(found, text, "Python") is True
    assert requirement(found, text, "Golang") is False
    assert requirement(found, text, "Docker") is None


def test_the_cue_of_the_sentence_wins_over_the_heading(requirements_of):
    text = "Requirements:\nJava is a plus; Scala. Kotlin is preferred. Rust"
    found = requirements_of(text)
    assert requirement(found, text, "Java") is False
    assert requirement(found, text, "Scala") is True
    assert requirement(found, text, "Kotlin") is False
    assert requirement(found, text, "Rust") is True


def test_a_long_line_with_a_cue_is_no_heading(requirements_of):
    text = "Experience with the following tools is required for this role.\nJava"
    found = requirements_of(text)
    assert requirement(found, text, "tools") is True
    assert requirement(found, text, "Java") is None


def test_a_neutral_heading_ends_the_mode(requirements_of):
    text = "**Must have**\r\n- Go\u2028- Rust\n## Responsibilities\n- Terraform"
    found = requirements_of(text)
    assert requirement(found, text, "Go") is True
    assert requirement(found, text, "Rust") is True
    assert requirement(found, text, "Terraform") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python, preferred.", False),
        ("nice-to-have: Python", False),
        ("Python with preferred_vendor tools", None),  # "_" is a word character to \b
        ("bonuses paid; Python", None),
        ("Python bonuses", None),
        ("Nice  to have: Python", None),  # a cue is written with single spaces
        ("Nice to\nhave Python", None),
        ("Python is REQUIRED", True),
    ],
)
def test_cues_are_whole_words_written_as_listed(requirements_of, text, expected):
    assert requirement(requirements_of(text), text, "Python") is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python is requ\u0131red", True),  # dotless i
        ("Python is requ\u0130red", True),  # dotted capital I
        ("Python is a plu\u017f", False),  # long s
        ("\u212aubernetes and Python, a plus", False),  # Kelvin sign
    ],
)
def test_letters_that_match_cues_only_when_ignoring_case(requirements_of, text, expected):
    assert requirement(requirements_of(text), text, "Python") is expected


def test_a_mention_across_a_sentence_break_takes_both_sentences(requirements_of):
    text = "Use Node. JS is a plus"
    found = requirements_of(text)
    assert found.at(4, 12) is False  # "Node. JS": the sentence runs to the end of the line
    assert requirement(found, text, "Use") is None  # "Use Node" alone has no cue


def test_texts_without_lines_or_cues(requirements_of):
    assert requirements_of("").at(0, 1) is None
    text = "Python and SQL"
    assert requirement(requirements_of(text), text, "SQL") is None


def atoms_of(items: Atoms, surface: str) -> tuple[int, int]:
    words = surface.lower().split()
    for first in range(len(items)):
        if items.lower[first : first + len(words)] == words:
            return first, first + len(words) - 1
    raise AssertionError(surface)


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("No Java required", True),
        ("Work without Java", True),
        ("Java is not required.", True),
        ("Java's not a must", True),
        ("Java: not needed", False),  # only "is", "are" or "'s" may stand between
        ("Not only Java but Kotlin", False),
        ("No travel.\nJava", False),  # a new line starts a new clause
        ("No travel; Java", False),
        ("not one two three four five Java", False),  # more than five atoms back
        ("not one two three four Java", True),
    ],
)
def test_negation(text, negated):
    items = Atoms(text)
    first, last = atoms_of(items, "Java")
    assert cues.is_negated(items, first, last) is negated


def test_without_negated_keeps_the_others_in_order():
    items = Atoms("Python, no Java. SQL; Rust is not required. Go")
    mentions = [(*atoms_of(items, word), word) for word in ("Python", "Java", "SQL", "Rust", "Go")]
    kept = cues.without_negated(items, mentions)
    assert [word for _, _, word in kept] == ["Python", "SQL", "Go"]


def test_without_negated_in_a_text_with_no_negator():
    items = Atoms("Python and Java, knotted")  # "knotted" holds "not" but negates nothing
    mentions = [(0, 0, "Python"), (2, 2, "Java")]
    assert cues.without_negated(items, mentions) == mentions

"""Atoms: the word runs and symbols a text is matched on, with their offsets and gaps."""

from __future__ import annotations

import re

import pytest

from jobpilot.taxonomy.text import Atoms, label_atoms

# The rule the module documents, written the plain way: word runs, or single symbols other
# than hyphens and dashes; atoms lower-cased one by one.
_REFERENCE = re.compile("[^\\W_]+|[^\\w\\s\\-\u2010\u2011\u2012\u2013\u2014]")


def gaps(items: Atoms) -> list[str]:
    return [items.gap(index) for index in range(len(items) + 1)]


def test_symbols_are_atoms_of_their_own():
    items = Atoms("C++ and .NET")
    assert items.lower == ["c", "+", "+", "and", ".", "net"]
    assert items.start == [0, 1, 2, 4, 8, 9]
    assert items.end == [1, 2, 3, 7, 9, 12]
    assert gaps(items) == ["", "", "", " ", " ", "", ""]
    assert items.original(0, 3) == ("C", "+", "+")
    assert items.original(4, 6) == (".", "NET")
    assert items.lowered_text == "c++ and .net"


def test_hyphens_dashes_and_underscores_are_gaps():
    items = Atoms("front-end_dev \u2013 lead")
    assert items.lower == ["front", "end", "dev", "lead"]
    assert gaps(items) == ["", "-", "_", " \u2013 ", ""]
    assert [(s, e) for s, e in zip(items.start, items.end, strict=True)] == [
        (0, 5),
        (6, 9),
        (10, 13),
        (16, 20),
    ]


def test_a_text_that_is_one_label_starts_and_ends_with_it():
    items = Atoms("Node.js")
    assert items.lower == ["node", ".", "js"]
    assert items.start == [0, 4, 5]
    assert items.end == [4, 5, 7]
    assert gaps(items) == ["", "", "", ""]
    assert items.joined == "\x1fnode\x1f.\x1fjs\x1f"


def test_word_runs_go_on_through_non_ascii_letters():
    items = Atoms("Cafébar in Zürich, ŁÓDŹ")
    assert items.lower == ["cafébar", "in", "zürich", ",", "łódź"]
    assert items.start == [0, 8, 11, 17, 19]
    assert items.end == [7, 10, 17, 18, 23]


def test_dotted_capital_i_keeps_the_atoms_and_offsets_of_the_text():
    # "İ" lower-cases to two characters, so the lowered text no longer lines up with the text.
    items = Atoms("İstanbul: Python")
    assert items.lowered_text is None
    assert items.lower == ["i\u0307stanbul", ":", "python"]
    assert items.start == [0, 8, 10]
    assert items.end == [8, 9, 16]
    assert items.original(0, 3) == ("İstanbul", ":", "Python")


def test_empty_and_blank_texts():
    assert Atoms("").lower == []
    assert gaps(Atoms("")) == [""]
    blank = Atoms(" \n\t")
    assert (len(blank), blank.start, blank.end, gaps(blank)) == (0, [], [], [" \n\t"])
    long_blank = Atoms(" -_\n" * 300)
    assert (long_blank.lower, long_blank.joined) == ([], "\x1f\x1f")


TRICKY_TEXTS = [
    "C# / F#: .NET, ASP.NET & C++17 (AWS) \u2013 Node.js",
    "Ünïcödé wörds ΣΑΣ σας ǅungla naïve-café_x İİ \u0131\u0131 \u017fs \u212aelvin",
    "tabs\tand\u00a0no-break\u2028line\x1fseparator\x0bvertical",
    "emoji 🚀rocket, ﬁne ligature, ½ and ² and Ⅻ",
    "abc\u0301def combining, 漢字かな交じり文, 123abc456",
    "".join(map(chr, range(128))) + " every ASCII character, then x_y",
]


@pytest.mark.parametrize("text", TRICKY_TEXTS)
@pytest.mark.parametrize("repeat", [1, 40])  # short texts go to the regex engine, long to numpy
def test_atoms_follow_the_documented_rule(text, repeat):
    text = "\n".join([text] * repeat)
    items = Atoms(text)
    matches = list(_REFERENCE.finditer(text))
    assert items.original(0, len(items)) == tuple(m.group() for m in matches)
    assert items.start == [m.start() for m in matches]
    assert items.end == [m.end() for m in matches]
    ends = [0, *items.end]
    starts = [*items.start, len(text)]
    assert gaps(items) == [text[e:s] for e, s in zip(ends, starts, strict=True)]
    if items.lowered_text is not None:
        assert items.lower == [m.group() for m in _REFERENCE.finditer(text.lower())]
    assert items.joined == "\x1f" + "\x1f".join(items.lower) + "\x1f"


def test_label_atoms():
    assert label_atoms("C++") == ("c", "+", "+")
    assert label_atoms(".NET", lower=False) == (".", "NET")
    assert label_atoms("Front-End Development") == ("front", "end", "development")

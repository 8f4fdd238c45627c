"""Tokenising for matching: word runs and single symbols, with their character offsets.

"C++" is ``c + +``, "Node.js" is ``node . js``, ".NET" is ``. net`` and "AI/ML" is ``ai / ml``;
labels are split the same way, so a label matches wherever its atoms appear in order. Hyphens
and dashes are dropped on both sides, so "front-end" and "front end" are the same atoms.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import accumulate

import numpy as np

SEPARATOR = "\x1f"
"""Joins and frames the atoms of a text (and of labels) for scanning. A space character to the
tokeniser, so it is never inside an atom."""

# Word runs, or single symbols other than hyphens and dashes (those are not atoms at all). The
# first branch matches what the second would for a run that starts with an ASCII lower-case
# letter or digit, but the regex engine tests it much faster. In parentheses so that ``split``
# keeps the atoms (odd items) between the gaps (even items).
_ATOMS = re.compile("([a-z0-9]+[^\\W_]*|[^\\W_]+|[^\\w\\s\\-\u2010-\u2014])")
# The same atoms in lower-cased ASCII text, with plain character sets (``\s`` spelt out as the
# ASCII characters it matches), which the engine tests faster still.
_ASCII_ATOMS = re.compile(r"([a-z0-9]+|[^a-z0-9_\t\n\x0b\x0c\r\x1c-\x1f \-])")
_NOT_ATOMS = "_-\u2010\u2011\u2012\u2013\u2014"  # besides white space
# From this length on, classifying the characters with numpy beats the regex engine.
_VECTOR_FROM = 600
_GAP_KIND, _WORD_KIND, _SYMBOL_KIND = 0, 1, 2
CLAUSE_BREAKS = frozenset(".;:!?•·|")


class Atoms:
    """The atoms of a text: their offsets, lower-cased forms and the gaps between them.

    Atom ``i`` is ``text[start[i]:end[i]]``, ``lower[i]`` lower-cased; ``joined`` is the
    lower-cased atoms joined and framed by :data:`SEPARATOR`. ``lowered_text`` is
    ``text.lower()`` when that has the text's length, so that both share offsets, and None
    otherwise.
    """

    __slots__ = ("_lower", "end", "joined", "lowered_text", "start", "text")
    start: list[int]
    end: list[int]
    joined: str
    lowered_text: str | None

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        self._lower: list[str] | None = None
        if len(lowered) == len(text):
            # Then every character lowers to one character of the same kind (word, space or
            # symbol), so the lower-cased text has the same atoms at the same offsets.
            self.lowered_text = lowered
            if len(lowered) >= _VECTOR_FROM:
                self.start, self.end, self.joined = _classified_atoms(lowered)
                return
            parts = (_ASCII_ATOMS if lowered.isascii() else _ATOMS).split(lowered)
            self._lower = parts[1::2]
        else:
            # "İ" lowers to "i" and a combining dot, a symbol atom of its own: take the atoms
            # of the text, lower-cased one by one unless the lowered text pairs up with them.
            self.lowered_text = None
            parts = _ATOMS.split(text)
            written = parts[1::2]
            lowered_atoms = _ATOMS.split(lowered)[1::2]
            same_count = len(lowered_atoms) == len(written)
            self._lower = lowered_atoms if same_count else [atom.lower() for atom in written]
        bounds = list(accumulate(map(len, parts)))
        self.start = bounds[0:-1:2]
        self.end = bounds[1::2]
        self.joined = SEPARATOR + SEPARATOR.join(self._lower) + SEPARATOR

    def __len__(self) -> int:
        return len(self.start)

    @property
    def lower(self) -> list[str]:
        """The lower-cased atoms."""
        if self._lower is None:
            self._lower = self.joined[1:-1].split(SEPARATOR) if self.start else []
        return self._lower

    def gap(self, index: int) -> str:
        """The text between atoms ``index - 1`` and ``index`` (before the first, after the
        last)."""
        before = self.end[index - 1] if index > 0 else 0
        after = self.start[index] if index < len(self.start) else len(self.text)
        return self.text[before:after]

    def original(self, first: int, after: int) -> tuple[str, ...]:
        """Atoms ``first`` to ``after - 1`` as written in the text."""
        text = self.text
        return tuple(
            text[start:end]
            for start, end in zip(self.start[first:after], self.end[first:after], strict=True)
        )


def _kind(character: str) -> int:
    """A word character, a gap (white space, "_", a hyphen or dash) or a symbol, as the
    patterns class it."""
    if character.isalnum():
        return _WORD_KIND
    if character.isspace() or character in _NOT_ATOMS:
        return _GAP_KIND
    return _SYMBOL_KIND


@cache
def _kinds_below(size: int) -> np.ndarray:
    """The kind of every code point below ``size``, built once when first needed (a few tens of
    milliseconds for the whole Basic Multilingual Plane)."""
    return np.array([_kind(chr(code)) for code in range(size)], dtype=np.int8)


def _classified_atoms(lowered: str) -> tuple[list[int], list[int], str]:
    """Starts, ends and the joined atoms of a lower-cased text, from the kind of each character:
    the same atoms as the patterns find, in a few array operations instead of a match each."""
    if lowered.isascii():
        codes = np.frombuffer(lowered.encode("ascii"), dtype=np.uint8)
        kinds = _kinds_below(0x80)[codes]
        encoding = "ascii"
    else:
        codes = np.frombuffer(lowered.encode("utf-32-le", "surrogatepass"), dtype="<u4")
        kinds = _kinds_below(0x10000).take(codes, mode="clip")
        for position in np.flatnonzero(codes > 0xFFFF).tolist():
            kinds[position] = _kind(lowered[position])
        encoding = "utf-32-le"
    atom = kinds != _GAP_KIND
    word = kinds == _WORD_KIND
    inside = word[1:] & word[:-1]  # a word character right after another one
    first = atom.copy()
    first[1:] &= ~inside
    last = atom.copy()
    last[:-1] &= ~inside
    starts = np.flatnonzero(first)
    if not starts.size:
        return [], [], SEPARATOR * 2
    # Every atom character, with a separator before each atom's first one and one at the end.
    kept = np.flatnonzero(atom)
    joined = np.full(kept.size + starts.size + 1, ord(SEPARATOR), dtype=codes.dtype)
    joined[np.arange(kept.size) + np.cumsum(first[kept])] = codes[kept]
    ends = np.flatnonzero(last) + 1
    return starts.tolist(), ends.tolist(), joined.tobytes().decode(encoding, "surrogatepass")


def label_atoms(label: str, *, lower: bool = True) -> tuple[str, ...]:
    """The atoms of a taxonomy label, lower-cased or as written."""
    found = Atoms(label)
    return tuple(found.lower) if lower else found.original(0, len(found))


_WORD = re.compile(r"[a-z0-9]+(?:[+#]+)?")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "having",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "might",
        "more",
        "most",
        "must",
        "of",
        "on",
        "or",
        "our",
        "out",
        "over",
        "should",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "up",
        "use",
        "used",
        "using",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "yours",
    ]
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ities", "ity", "ies", "ers", "er", "ed", "es", "s")


def stem(word: str) -> str:
    """A deliberately light stemmer: enough for 'managing'/'management'/'manager' to meet."""
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in ("ment", *_SUFFIXES):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """Lower-cased, stemmed words without stop words: the terms of the lexical index."""
    return [stem(w) for w in unstemmed_words(text)]


def unstemmed_words(text: str) -> list[str]:
    """The words of :func:`content_words` before stemming."""
    # "IT" in capitals is information technology, not the pronoun: keep it as a term.
    text = _IT.sub(" infotech ", text)
    lowered = text.lower().replace("isation", "ization").replace("ise ", "ize ")
    return [w for w in _WORD.findall(lowered) if w not in _STOP]


_IT = re.compile(r"\bIT\b")

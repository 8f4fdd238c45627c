"""Tokenising for matching: word runs and single symbols, with their character offsets.

"C++" is ``c + +``, "Node.js" is ``node . js``, ".NET" is ``. net`` and "AI/ML" is ``ai / ml``;
labels are split the same way, so a label matches wherever its atoms appear in order. Hyphens
and dashes are dropped on both sides, so "front-end" and "front end" are the same atoms.
"""

from __future__ import annotations

import re

# Word runs, or single symbols other than hyphens and dashes (those are not atoms at all).
_ATOM = re.compile("[^\\W_]+|[^\\w\\s\\-\u2010\u2011\u2012\u2013\u2014]", re.UNICODE)
CLAUSE_BREAKS = frozenset(".;:!?•·|")


class _Offsets:
    """``start[i]`` / ``end[i]`` of atom ``i``, read from its match only when asked for."""

    __slots__ = ("_end", "_matches")

    def __init__(self, matches: list[re.Match[str]], end: bool) -> None:
        self._matches = matches
        self._end = end

    def __getitem__(self, index: int) -> int:
        match = self._matches[index]
        return match.end() if self._end else match.start()


class Atoms:
    """The atoms of a text: their text, lower-cased text and offsets, as parallel sequences.

    Three passes of the compiled pattern in C are much cheaper than building an object per
    atom in Python; offsets are only computed for the few atoms that are looked at.
    """

    __slots__ = ("end", "lower", "start", "text")

    def __init__(self, text: str) -> None:
        matches = list(_ATOM.finditer(text))
        self.text: list[str] = _ATOM.findall(text)
        lowered: list[str] = _ATOM.findall(text.lower())
        # Lower-casing can change lengths for a few characters (e.g. "İ"); then go one by one.
        self.lower = lowered if len(lowered) == len(self.text) else [t.lower() for t in self.text]
        self.start = _Offsets(matches, end=False)
        self.end = _Offsets(matches, end=True)

    def __len__(self) -> int:
        return len(self.text)


def atoms(text: str) -> Atoms:
    return Atoms(text)


def label_atoms(label: str, *, lower: bool = True) -> tuple[str, ...]:
    found = atoms(label)
    return tuple(found.lower if lower else found.text)


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
    # "IT" in capitals is information technology, not the pronoun: keep it as a term.
    text = _IT.sub(" infotech ", text)
    lowered = text.lower().replace("isation", "ization").replace("ise ", "ize ")
    return [stem(w) for w in _WORD.findall(lowered) if w not in _STOP]


_IT = re.compile(r"\bIT\b")

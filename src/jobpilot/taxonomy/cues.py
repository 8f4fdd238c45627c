"""Whether a mention is required, nice to have, or negated — from the words around it.

Two levels: a heading ("Nice to have:", "Requirements") sets the mode for the lines below it
until the next heading; a cue inside the mention's own line or sentence ("…is a plus",
"must have …") overrides the heading. Negation looks a few words back within the clause
("no Java required", "without C#") and a few forward ("Java is not required").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

from jobpilot.taxonomy.text import CLAUSE_BREAKS, SEPARATOR, Atoms, label_atoms

NICE_CUES = (
    "nice to have",
    "nice-to-have",
    "good to have",
    "a plus",
    "is a plus",
    "plus point",
    "bonus",
    "preferred",
    "preferable",
    "preferably",
    "desirable",
    "desired",
    "advantageous",
    "an advantage",
    "ideally",
    "would be great",
    "optional",
    "not required but",
)
REQUIRED_CUES = (
    "must have",
    "must-have",
    "must",
    "required",
    "requirement",
    "requirements",
    "mandatory",
    "essential",
    "you will need",
    "you need",
    "need to have",
    "necessary",
    "what you bring",
    "you bring",
    "you have",
    "we expect",
    "qualifications",
    "minimum",
)
NEUTRAL_HEADINGS = (
    "responsibilities",
    "what you will do",
    "what you'll do",
    "your role",
    "about us",
    "about the role",
    "benefits",
    "what we offer",
    "perks",
    "the team",
    "who we are",
)
NEGATORS = frozenset({"no", "not", "without", "never", "non", "nor"})
NEGATION_AFTER = ("not required", "not needed", "not necessary", "not a must", "not mandatory")
_Mention = TypeVar("_Mention", bound=tuple[int, int, object])  # (first atom, last atom, …)
# A negator as an atom of its own in Atoms.joined.
_JOINED_NEGATOR = re.compile(
    re.escape(SEPARATOR) + "(?:" + "|".join(map(re.escape, NEGATORS)) + ")" + re.escape(SEPARATOR)
)

_NICE = re.compile(r"\b(" + "|".join(re.escape(c) for c in NICE_CUES) + r")\b", re.I)
_REQUIRED = re.compile(r"\b(" + "|".join(re.escape(c) for c in REQUIRED_CUES) + r")\b", re.I)
_NEUTRAL = re.compile(r"\b(" + "|".join(re.escape(c) for c in NEUTRAL_HEADINGS) + r")\b", re.I)
_NEGATION_LEAD = re.compile(r"^\s*(is|are|'s)?\s*")
_HEADING_SENTENCE = re.compile(r"[.;]\s*\S")
# What a phrase is: a nice-to-have cue, a requirement cue, a neutral heading (bits of a flag).
_NICE_FLAG, _REQUIRED_FLAG, _NEUTRAL_FLAG = 1, 2, 4
# Letters that an ignore-case pattern matches to an ASCII letter but that do not lower-case to
# it (dotless i to "i", long s to "s"; a dotted capital I leaves no lowered text at all): texts
# with them are searched with the patterns instead.
_DOTLESS_I, _LONG_S = "\u0131", "\u017f"


def _phrase_flags() -> dict[str, int]:
    """Every cue phrase and heading, with what it is."""
    flags: dict[str, int] = {}
    for flag, phrases in (
        (_NICE_FLAG, NICE_CUES),
        (_REQUIRED_FLAG, REQUIRED_CUES),
        (_NEUTRAL_FLAG, NEUTRAL_HEADINGS),
    ):
        for phrase in phrases:
            # The whole-word test in _locate_cues relies on this.
            if not (phrase[0].isalpha() and phrase[-1].isalpha()):
                raise ValueError(f"cue phrase {phrase!r} must begin and end with a letter")
            flags[phrase] = flags.get(phrase, 0) | flag
    return flags


_PHRASE_FLAGS = _phrase_flags()
CUE_ATOMS = frozenset(label_atoms(phrase) for phrase in _PHRASE_FLAGS)
"""The atoms of every cue phrase and heading: a label scan finds them for :class:`Requirements`."""


class _Spans:
    """Where one kind of cue occurs: starts and ends, in the order of the starts."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]

    def any_within(self, start: int, end: int) -> bool:
        """Whether one of the spans lies inside ``start:end``."""
        at = bisect_left(self.starts, start)
        while at < len(self.starts) and self.starts[at] < end:
            if self.ends[at] <= end:
                return True
            at += 1
        return False


def _locate_cues(
    items: Atoms, cue_atoms: Sequence[tuple[int, int]] | None
) -> tuple[_Spans, _Spans, _Spans]:
    """The nice-to-have, requirement and neutral-heading phrases of the text, as whole words.

    A phrase never spans a line break, ". " or "; ", so a line or sentence holds a cue exactly
    when one of these spans lies inside it.
    """
    text, lowered = items.text, items.lowered_text
    if cue_atoms is None or lowered is None or _DOTLESS_I in text or _LONG_S in text:
        nice, required, neutral = (
            [match.span() for match in pattern.finditer(text)]
            for pattern in (_NICE, _REQUIRED, _NEUTRAL)
        )
        return _Spans(nice), _Spans(required), _Spans(neutral)
    nice, required, neutral = [], [], []
    size = len(lowered)
    starts, ends, phrase_flags = items.start, items.end, _PHRASE_FLAGS
    for first, last in cue_atoms:
        start, end = starts[first], ends[last]
        # The atoms match whatever the gaps between them; the phrase must be written as is.
        flags = phrase_flags.get(lowered[start:end], 0)
        # A phrase's first and last atoms are words, so a word character right beside them can
        # only be "_" (a gap between atoms, but a word character to the patterns' "\b").
        if not flags or (start and lowered[start - 1] == "_"):
            continue
        if end < size and lowered[end] == "_":
            continue
        if flags & _NICE_FLAG:
            nice.append((start, end))
        if flags & _REQUIRED_FLAG:
            required.append((start, end))
        if flags & _NEUTRAL_FLAG:
            neutral.append((start, end))
    return _Spans(nice), _Spans(required), _Spans(neutral)


def _sentence_breaks(text: str) -> list[int]:
    """Where ". " and "; " are in the text, in order."""
    breaks: list[int] = []
    for mark in (". ", "; "):
        at = text.find(mark)
        while at >= 0:
            breaks.append(at)
            at = text.find(mark, at + 2)
    breaks.sort()
    return breaks


def _is_heading(line: str) -> bool:
    stripped = line.strip().strip("*#_ ").strip()
    return (
        bool(stripped)
        and (stripped.endswith(":") or len(stripped.split(maxsplit=5)) <= 5)
        and not _HEADING_SENTENCE.search(stripped)
    )


def _line_modes(
    text: str, line_starts: list[int], nice: _Spans, required: _Spans, neutral: _Spans
) -> list[bool | None]:
    """The requirement mode of each line: set by the last heading with a cue above or on it."""
    flags_by_line: dict[int, int] = {}
    for flag, spans in ((_NICE_FLAG, nice), (_REQUIRED_FLAG, required), (_NEUTRAL_FLAG, neutral)):
        for line in {bisect_right(line_starts, start) - 1 for start in spans.starts}:
            flags_by_line[line] = flags_by_line.get(line, 0) | flag
    modes: list[bool | None] = []
    mode: bool | None = None
    # Only a line with a cue can change the mode, so only those are tested as headings.
    for line in sorted(flags_by_line):
        if not _is_heading(text[line_starts[line] : line_starts[line + 1]]):
            continue
        modes.extend([mode] * (line - len(modes)))
        flags = flags_by_line[line]
        if flags & _NICE_FLAG:
            mode = False
        elif flags & _REQUIRED_FLAG:
            mode = True
        else:
            mode = None
    modes.extend([mode] * (len(line_starts) - 1 - len(modes)))
    return modes


class Requirements:
    """Whether mentions in one text are required (True), nice to have (False) or neither.

    Lines, cues and heading modes are located once, at the first mention; the cue of each
    sentence is remembered.
    """

    __slots__ = (
        "_breaks",
        "_cue_atoms",
        "_cues",
        "_items",
        "_line_modes",
        "_line_starts",
        "_sentences",
    )

    def __init__(self, items: Atoms, cue_atoms: Sequence[tuple[int, int]] | None = None) -> None:
        """``cue_atoms``: (first, last atom) of every run of atoms that are those of a cue phrase
        (see :data:`CUE_ATOMS`); without them the cues are searched in the text."""
        self._items = items
        self._cue_atoms = cue_atoms
        self._line_starts: list[int] = []
        self._line_modes: list[bool | None] = []
        self._breaks: list[int] = []  # where ". " and "; " are
        self._cues: tuple[_Spans, _Spans] | None = None  # nice to have, required
        self._sentences: dict[tuple[int, int], bool | None] = {}

    def at(self, start: int, end: int) -> bool | None:
        """The requirement of a mention at ``start:end``: the cue of its sentence, else the mode
        of its line (from the headings above it)."""
        cues = self._cues or self._locate()
        line_starts = self._line_starts
        line = bisect_right(line_starts, start) - 1
        if not 0 <= line < len(line_starts) - 1:
            return None
        line_start, line_end = line_starts[line], line_starts[line + 1]
        # The mention's sentence, in its line: from the space after the last ". " or "; " that
        # ends before the mention to the first one that starts after it.
        breaks = self._breaks
        before = bisect_right(breaks, start - 2)
        after = bisect_left(breaks, end, before)
        sentence = (
            breaks[before - 1] + 1 if before and breaks[before - 1] >= line_start else line_start,
            breaks[after] if after < len(breaks) and breaks[after] < line_end else line_end,
        )
        if sentence in self._sentences:
            cue = self._sentences[sentence]
        else:
            cue = self._sentences[sentence] = _cue_within(cues, *sentence)
        return cue if cue is not None else self._line_modes[line]

    def _locate(self) -> tuple[_Spans, _Spans]:
        text = self._items.text
        self._line_starts = list(accumulate(map(len, text.splitlines(keepends=True)), initial=0))
        self._breaks = _sentence_breaks(text)
        nice, required, neutral = _locate_cues(self._items, self._cue_atoms)
        self._line_modes = _line_modes(text, self._line_starts, nice, required, neutral)
        self._cues = (nice, required)
        return self._cues


def _cue_within(cues: tuple[_Spans, _Spans], start: int, end: int) -> bool | None:
    """False for a nice-to-have cue inside ``start:end``, else True for a requirement cue."""
    nice, required = cues
    if nice.any_within(start, end):
        return False
    if required.any_within(start, end):
        return True
    return None


def is_negated(items: Atoms, first: int, last: int) -> bool:
    """A negator up to five atoms before the mention in the same clause, or a negating phrase
    right after it ("… is not required")."""
    lower = items.lower
    if not NEGATORS.isdisjoint(lower[max(0, first - 5) : first]):
        for index in range(first - 1, max(0, first - 5) - 1, -1):
            word = lower[index]
            if word in CLAUSE_BREAKS or "\n" in items.gap(index + 1):
                break
            if word in NEGATORS:
                # "not only X but also Y" is not a negation.
                return lower[index + 1] != "only"
    end = items.end[last]
    lowered = items.lowered_text
    tail = lowered[end : end + 30] if lowered is not None else items.text[end : end + 30].lower()
    if "not" not in tail:
        return False
    return _NEGATION_LEAD.sub("", tail).startswith(NEGATION_AFTER)


def without_negated(items: Atoms, mentions: Sequence[_Mention]) -> list[_Mention]:
    """The mentions, (first atom, last atom, …), that :func:`is_negated` does not drop."""
    lowered = items.lowered_text if items.lowered_text is not None else items.text.lower()
    # Most texts have no negator and no "not" at all, and then no mention is negated.
    if "not" not in lowered and not _JOINED_NEGATOR.search(items.joined):
        return list(mentions)
    return [mention for mention in mentions if not is_negated(items, mention[0], mention[1])]

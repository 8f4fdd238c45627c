"""Finding phrases in long texts quickly: cue words first, then the exact pattern around them.

A regular expression with many alternatives is tried at every position of a description,
which costs milliseconds per posting. Every phrase we look for contains a cue (a literal such
as "dental", "sponsor", "year"), so one Aho-Corasick pass finds the cues, and each rule's
pattern is then tried only in a small window around its cues. Cues are matched in lower case;
``exact_cues`` are matched as written ("MS", "BA": abbreviations that mean something only in
capitals).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import ahocorasick

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Rule(Generic[K]):
    """A phrase to find: ``pattern`` only matches text that contains one of the cues."""

    key: K
    pattern: re.Pattern[str]
    cues: tuple[str, ...] = ()
    exact_cues: tuple[str, ...] = ()


class PhraseFinder(Generic[K]):
    """Matches of several rules in a text, found through their cues.

    ``before`` and ``after`` bound how far a match may start before its cue and end after
    it; a rule whose phrases can reach further must say so with larger values.
    """

    def __init__(self, rules: Sequence[Rule[K]], *, before: int = 60, after: int = 80) -> None:
        self.rules = list(rules)
        self.before = before
        self.after = after
        lower: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        for index, rule in enumerate(self.rules):
            for cue in rule.cues:
                lower.setdefault(cue.lower(), []).append(index)
            for cue in rule.exact_cues:
                exact.setdefault(cue, []).append(index)
        self._lower = _automaton(lower)
        self._exact = _automaton(exact)

    def finditer(self, text: str, *, overlapping: bool = True) -> Iterator[tuple[K, re.Match[str]]]:
        """``(rule key, match)`` pairs in order of position.

        With ``overlapping=False`` a match inside an earlier or longer one is left out, as one
        regular expression with all the rules as alternatives would read the text.
        """
        if not text:
            return
        found: dict[tuple[int, int, int], re.Match[str]] = {}
        for index, start, end in self._windows(text):
            pattern = self.rules[index].pattern
            for match in pattern.finditer(text, start, end):
                # A window may cut a match short: read it again against the whole text.
                whole = pattern.match(text, match.start()) if match.end() == end else match
                if whole is not None:
                    found.setdefault((whole.start(), whole.end(), index), whole)
        covered = 0
        for (start, end, index), match in sorted(found.items(), key=_leftmost_longest):
            if not overlapping and start < covered:
                continue
            covered = max(covered, end)
            yield self.rules[index].key, match

    def _windows(self, text: str) -> list[tuple[int, int, int]]:
        """Merged ``(rule index, start, end)`` windows around each rule's cues."""
        lowered = text.lower()
        spans: dict[int, list[tuple[int, int]]] = {}
        if len(lowered) != len(text):
            # Lower-casing changed lengths ("İ"): offsets would not line up, read everything.
            return [(index, 0, len(text)) for index in range(len(self.rules))]
        for automaton, source in ((self._lower, lowered), (self._exact, text)):
            if automaton is None:
                continue
            for end, (indices, length) in automaton.iter(source):
                window = (
                    max(0, end + 1 - length - self.before),
                    min(len(text), end + 1 + self.after),
                )
                for index in indices:
                    spans.setdefault(index, []).append(window)
        windows = []
        for index, ranges in spans.items():
            ranges.sort()
            current_start, current_end = ranges[0]
            for start, end in ranges[1:]:
                if start <= current_end:
                    current_end = max(current_end, end)
                else:
                    windows.append((index, current_start, current_end))
                    current_start, current_end = start, end
            windows.append((index, current_start, current_end))
        return windows


def _leftmost_longest(item: tuple[tuple[int, int, int], re.Match[str]]) -> tuple[int, int, int]:
    (start, end, index), _ = item
    return start, -end, index


def _automaton(cues: dict[str, list[int]]) -> ahocorasick.Automaton | None:
    if not cues:
        return None
    automaton = ahocorasick.Automaton()
    for cue, indices in cues.items():
        automaton.add_word(cue, (tuple(indices), len(cue)))
    automaton.make_automaton()
    return automaton

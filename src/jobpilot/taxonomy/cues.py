"""Whether a mention is required, nice to have, or negated — from the words around it.

Two levels: a heading ("Nice to have:", "Requirements") sets the mode for the lines below it
until the next heading; a cue inside the mention's own line or sentence ("…is a plus",
"must have …") overrides the heading. Negation looks a few words back within the clause
("no Java required", "without C#") and a few forward ("Java is not required").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from jobpilot.taxonomy.text import CLAUSE_BREAKS, Atoms

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

_NICE = re.compile(r"\b(" + "|".join(re.escape(c) for c in NICE_CUES) + r")\b", re.I)
_REQUIRED = re.compile(r"\b(" + "|".join(re.escape(c) for c in REQUIRED_CUES) + r")\b", re.I)
_NEUTRAL = re.compile(r"\b(" + "|".join(re.escape(c) for c in NEUTRAL_HEADINGS) + r")\b", re.I)


@dataclass(frozen=True, slots=True)
class Line:
    start: int
    end: int
    requirement: bool | None  # the requirement mode that applies to this line


def _cue(text: str) -> bool | None:
    if _NICE.search(text):
        return False
    if _REQUIRED.search(text):
        return True
    return None


def _is_heading(line: str) -> bool:
    stripped = line.strip().strip("*#_ ").strip()
    return (
        bool(stripped)
        and (stripped.endswith(":") or len(stripped.split()) <= 5)
        and not re.search(r"[.;]\s*\S", stripped)
    )


def line_modes(text: str) -> list[Line]:
    """Each line with the requirement mode its heading (or its own cue) gives it."""
    lines: list[Line] = []
    mode: bool | None = None
    position = 0
    for raw in text.splitlines(keepends=True):
        start, end = position, position + len(raw)
        position = end
        if _is_heading(raw):
            heading_cue = _cue(raw)
            if heading_cue is not None:
                mode = heading_cue
            elif _NEUTRAL.search(raw):
                mode = None
        lines.append(Line(start, end, mode))
    return lines


def requirement_at(
    text: str,
    lines: Sequence[Line],
    start: int,
    end: int,
    cache: dict[tuple[int, int], bool | None] | None = None,
) -> bool | None:
    """The requirement of a mention at ``start:end``: its sentence's cue, else its line's mode.

    ``cache`` remembers the cue of each sentence already looked at in this text."""
    at = bisect.bisect_right(lines, start, key=lambda ln: ln.start) - 1
    if at < 0 or not lines[at].start <= start < lines[at].end:
        return None
    line = lines[at]
    line_text = text[line.start : line.end]
    # The sentence inside the line that holds the mention.
    left = max(
        line_text.rfind(". ", 0, start - line.start), line_text.rfind("; ", 0, start - line.start)
    )
    right_candidates = [
        i
        for i in (line_text.find(". ", end - line.start), line_text.find("; ", end - line.start))
        if i >= 0
    ]
    right = min(right_candidates) if right_candidates else len(line_text)
    key = (line.start + (left + 1 if left >= 0 else 0), line.start + right)
    if cache is not None and key in cache:
        cue = cache[key]
    else:
        cue = _cue(text[key[0] : key[1]])
        if cache is not None:
            cache[key] = cue
    return cue if cue is not None else line.requirement


def is_negated(items: Atoms, first: int, last: int, text: str) -> bool:
    """A negator up to five atoms before the mention in the same clause, or a negating phrase
    right after it ("… is not required")."""
    lower = items.lower
    index = first - 1
    steps = 0
    if NEGATORS.isdisjoint(lower[max(0, first - 5) : first]):
        steps = 5  # nothing to walk back over: skip straight to the look-ahead
    while index >= 0 and steps < 5:
        word = lower[index]
        if word in CLAUSE_BREAKS or "\n" in text[items.end[index] : items.start[index + 1]]:
            break
        if word in NEGATORS:
            # "not only X but also Y" is not a negation.
            return lower[index + 1] != "only"
        index -= 1
        steps += 1
    tail = text[items.end[last] : items.end[last] + 30].lower()
    if "not" not in tail:
        return False
    tail = re.sub(r"^\s*(is|are|'s)?\s*", "", tail)
    return tail.startswith(NEGATION_AFTER)

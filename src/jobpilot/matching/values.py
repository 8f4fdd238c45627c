"""Values and benefits a candidate may ask for, and how they are recognised in text.

The culture factor compares the values a candidate's goals name with those a job's benefits
(and, for some values, its description) offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobpilot.matching.facts import JobFacts


@dataclass(frozen=True, slots=True)
class ValueKeyword:
    """A value or benefit a candidate may ask for, the phrases that name it (lower case) and
    cues: substrings every such phrase contains, checked before the slower pattern.

    ``in_description`` is false for values the ingestion already extracts as benefits (from
    the whole posting); only the others are looked for in the description as well.
    """

    name: str
    pattern: re.Pattern[str]
    cues: tuple[str, ...]
    in_description: bool = False

    def found_in(self, lowered: str) -> bool:
        """Whether lower-cased text names this value."""
        return any(cue in lowered for cue in self.cues) and bool(self.pattern.search(lowered))


def _value(name: str, pattern: str, cues: str, *, in_description: bool = False) -> ValueKeyword:
    return ValueKeyword(
        name, re.compile(rf"\b(?:{pattern})"), tuple(cues.split("|")), in_description
    )


# Matched in the candidate's goals and in the job's benefits and description. "equity" before
# "and inclusion" is about diversity, not ownership.
VALUE_KEYWORDS: tuple[ValueKeyword, ...] = (
    _value(
        "remote-friendly",
        r"remote|work(?:ing)? from home|home office|wfh\b|distributed team",
        "remote|from home|home office|wfh|distributed team",
        in_description=True,
    ),
    _value(
        "learning budget",
        r"learning (?:budget|and development)|training budget|education budget|"
        r"conferences?\b|l&d\b|professional development",
        "learning|budget|conference|l&d|professional development",
    ),
    _value(
        "parental leave",
        r"parental leave|maternity|paternity|family[- ]friendly",
        "parental|maternity|paternity|family",
    ),
    _value(
        "four-day week",
        r"(?:4|four)[- ]days? (?:work(?:ing)? ?)?week|32[- ]hour",
        "day week|days week|day work|days work|32-hour|32 hour",
    ),
    _value(
        "equity",
        r"equity\b(?!,? (?:and|&) inclusion)|stock options?|esop\b|rsus?\b|employee ownership",
        "equity|stock option|esop|rsu|employee ownership",
    ),
    _value(
        "mentoring", r"mentor(?:s|ing|ship)?\b|coaching", "mentor|coaching", in_description=True
    ),
    _value(
        "diversity",
        r"diversity|inclusive|inclusion|dei\b|d&i\b",
        "diversity|inclusi|dei|d&i",
        in_description=True,
    ),
    _value(
        "flexible hours",
        r"flexible (?:hours|working|schedule)|flexitime|work[- ]life balance",
        "flexible|flexitime|life balance",
    ),
    _value("open source", r"open[- ]source", "open source|open-source", in_description=True),
    _value(
        "sustainability",
        r"sustainab\w*|climate|carbon",
        "sustainab|climate|carbon",
        in_description=True,
    ),
)


def values_named_in(text: str) -> tuple[ValueKeyword, ...]:
    """The values the text names (case ignored), in the order of ``VALUE_KEYWORDS``."""
    lowered = text.lower()
    return tuple(value for value in VALUE_KEYWORDS if value.found_in(lowered))


def offered_values(values: tuple[ValueKeyword, ...], job: JobFacts) -> list[str]:
    """The names of those ``values`` the job offers, in the order given.

    A value counts when the job's benefits name it, when the description names it and the
    value is one looked for there, or, for remote-friendly, when the job is remote or hybrid.
    """
    benefits = "\n".join(job.benefits).lower()
    description: str | None = None
    offered = []
    remote = job.workplace in ("remote", "hybrid")
    for value in values:
        if (remote and value.name == "remote-friendly") or value.found_in(benefits):
            offered.append(value.name)
        elif value.in_description:
            # Lower-cased once, and only when a value needs the description.
            description = job.description.lower() if description is None else description
            if value.found_in(description):
                offered.append(value.name)
    return offered

"""Years of experience from partial ISO dates: periods in whole months, merged, then summed.

Resume dates are often only a year ("2019") or a year and month ("2019-03"); a full date
("2019-03-15") is read to its month. Every period is a closed range of months, both ends
included, so "2019-01" to "2019-12" is twelve months, one year.

Rules for what a resume leaves open, chosen so that a total never claims more than the text
supports:

- a year-only start counts from January of that year, a year-only end through December
  ("2019" to "2020" is 24 months);
- an entry without a start has no period at all: its length is unknown;
- an entry without an end that is not marked current counts as a single month, its start month
  ("Research Assistant, 2019" adds one month, not a year);
- a current entry runs to this month; an end after this month is cut back to this month;
- an entry starting after this month has no period yet;
- an end before the start (a typo in the resume) counts as the start month alone.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A closed range of months, counted as ``year * 12 + month - 1``; both ends included."""

    start_month: int
    end_month: int

    def __post_init__(self) -> None:
        if self.end_month < self.start_month:
            raise ValueError(f"a period cannot end before it starts: {self}")

    @property
    def months(self) -> int:
        return self.end_month - self.start_month + 1


def month_index(value: str, *, as_end: bool) -> int:
    """The month a partial ISO date stands for, as ``year * 12 + month - 1``.

    A year alone is January of that year as a start and December as an end (``as_end``).
    Raises ``ValueError`` for anything that is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a partial ISO date: {value!r}")
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    if month_text is None:
        return year * 12 + (11 if as_end else 0)
    month = int(month_text)
    if not 1 <= month <= 12:
        raise ValueError(f"not a month: {value!r}")
    if day_text is not None and not 1 <= int(day_text) <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"not a day of that month: {value!r}")
    return year * 12 + month - 1


def today_month(today: date) -> int:
    """``today``'s month as a month index."""
    return today.year * 12 + today.month - 1


def period_of(start: str | None, end: str | None, current: bool, *, today: date) -> Period | None:
    """The months an entry covers, by the rules in this module's docstring; None when unknown."""
    if not start:
        return None
    first = month_index(start, as_end=False)
    now = today_month(today)
    if first > now:
        return None
    if end:
        last = month_index(end, as_end=True)
    elif current:
        last = now
    else:
        last = first
    return Period(first, max(first, min(last, now)))


def merge(periods: Iterable[Period]) -> list[Period]:
    """The same months as ``periods``, with overlapping and adjacent periods joined, in order."""
    merged: list[Period] = []
    for period in sorted(periods):
        if merged and period.start_month <= merged[-1].end_month + 1:
            last = merged[-1]
            merged[-1] = Period(last.start_month, max(last.end_month, period.end_month))
        else:
            merged.append(period)
    return merged


def total_months(periods: Iterable[Period]) -> int:
    """How many distinct months ``periods`` cover together (a month in two periods counts once)."""
    return sum(period.months for period in merge(periods))


def total_years(periods: Iterable[Period]) -> float:
    """The distinct months ``periods`` cover, in years rounded to one decimal."""
    return round(total_months(periods) / 12, 1)

"""Dates and date ranges as resumes write them, to partial ISO strings.

A date becomes ``"2019"`` when only the year is written and ``"2019-03"`` with a month; a day,
when given, is dropped. Accepted forms: month names and abbreviations in English, German,
French and Spanish ("Jan 2019", "Sept. 2015", "März 2020", "Mar '19"), numeric months
("03/2018", "3/2018", "03.2018", "2018-03", "2018-03-15", "15.03.2018"), seasons at their first
month (spring 03, summer 06, autumn/fall 09, winter 12), quarters at theirs ("Q3 2019" is
``"2019-07"``) and bare four-digit years from 1950 to 2099. Two-digit years after an apostrophe
("'19") are read as 2000-2049 or 1950-1999.

A range joins two dates with a dash of any kind, "to", "until", "through" (or "bis", "au",
"hasta"); its end may be a word for now ("Present", "Current", "Today", "Now", "ongoing",
"heute", "aujourd'hui", "actualidad"…), which gives ``current=True`` and no end. "since 2020"
(also "seit", "depuis", "desde", "ab") is a current range from 2020. A single date is a range
with a start and no end: nothing is invented for what the text leaves out. Words that only
introduce a date ("Graduated 2012", "Expected May 2025", "Issued Jun 2018") go with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DateRange:
    """A date or date range found in a text, with where it was found.

    ``start``/``end`` are partial ISO dates; ``current`` means the range runs to now (and then
    ``end`` is None); ``text`` is the matched text and ``span`` its offsets in the input.
    """

    start: str | None
    end: str | None
    current: bool
    text: str
    span: tuple[int, int]


def _fold(word: str) -> str:
    """A word lower-cased without accents, for looking names up."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_MONTH_NAMES = [
    "january jan januar janvier enero ene jänner",
    "february feb febr februar fevrier fevr febrero",
    "march mar märz maerz mrz mars marzo",
    "april apr avril avr abril abr",
    "may mai mayo",
    "june jun juni juin junio",
    "july jul juli juillet juil julio",
    "august aug aout août agosto ago",
    "september sep sept septembre septiembre setiembre",
    "october oct oktober okt octobre octubre",
    "november nov novembre noviembre",
    "december dec dezember dez decembre décembre diciembre dic",
]
_MONTHS: dict[str, int] = {
    _fold(name): number
    for number, names in enumerate(_MONTH_NAMES, start=1)
    for name in names.split()
}
_SEASONS: dict[str, int] = {
    _fold(name): month
    for month, names in [
        (3, "spring frühling frühjahr printemps primavera"),
        (6, "summer sommer été verano"),
        (9, "autumn fall herbst automne otoño"),
        (12, "winter hiver invierno"),
    ]
    for name in names.split()
}


def _alternation(words: dict[str, int], extra: list[str]) -> str:
    spellings = set(words) | set(extra)
    return "|".join(re.escape(word) for word in sorted(spellings, key=len, reverse=True))


# Accented spellings are listed beside the folded keys so the pattern matches either.
_MONTH_RE = _alternation(_MONTHS, ["märz", "août", "décembre", "février", "févr", "jänner"])
_SEASON_RE = _alternation(_SEASONS, ["frühling", "frühjahr", "été", "otoño"])
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_SHORT_YEAR = r"['\u2019\u2018`]\d\d"
_YEAR_ANY = rf"(?:{_YEAR}|{_SHORT_YEAR})"
_MM = r"(?:0?[1-9]|1[0-2])"
_DD = r"(?:0?[1-9]|[12]\d|3[01])"

# Each single-date form, tried in this order both to find dates and to read them back.
_SINGLE_FORMS: list[tuple[str, str]] = [
    ("iso_day", rf"(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"),
    ("iso_month", rf"(?P<y>{_YEAR})[-/.](?P<m>0[1-9]|1[0-2])(?![\d./]|-\d)"),
    ("dotted_day", rf"(?P<d>{_DD})\.(?P<m>{_MM})\.(?P<y>{_YEAR})(?!\d)"),
    ("slashed_day", rf"(?P<a>{_DD})/(?P<b>{_DD})/(?P<y>{_YEAR})(?!\d)"),
    ("numeric_month", rf"(?P<m>{_MM})\s?[/.\-]\s?(?P<y>{_YEAR})(?!\d)"),
    (
        "day_month_name",
        rf"(?P<d>{_DD})(?:st|nd|rd|th|er)?\.?\s+(?P<mn>{_MONTH_RE})\.?,?\s+(?P<y>{_YEAR_ANY})",
    ),
    (
        "month_name",
        rf"(?P<mn>{_MONTH_RE})\.?(?:\s*,\s*|[\s\-/]*)(?:{_DD}(?:st|nd|rd|th)?,?\s+)?"
        rf"(?P<y>{_YEAR_ANY})",
    ),
    ("season", rf"(?P<season>{_SEASON_RE})\s+(?:of\s+)?(?P<y>{_YEAR_ANY})"),
    ("quarter", rf"Q(?P<q>[1-4])\s*[/\-]?\s*(?P<y>{_YEAR_ANY})"),
    ("year", rf"(?P<y>{_YEAR})"),
]
_SINGLE_PATTERNS = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _SINGLE_FORMS]


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_DATE = "(?:" + "|".join(_unnamed(pattern) for _, pattern in _SINGLE_FORMS) + ")"
_PRESENT_WORDS = [
    "present",
    "current",
    "currently",
    "today",
    "now",
    "ongoing",
    "date",
    "the present",
    "heute",
    "aktuell",
    "jetzt",
    "dato",
    "aujourd'hui",
    "aujourd\u2019hui",
    "actuel",
    "présent",
    "maintenant",
    "actualidad",
    "presente",
    "hoy",
    "la fecha",
]
_PRESENT = "(?:" + "|".join(re.escape(w) for w in sorted(_PRESENT_WORDS, key=len, reverse=True))
_PRESENT += ")"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212~"
_SEPARATOR = rf"\s*(?:[{_DASHES}]+|\b(?:to|until|till|through|thru|bis|au|à|hasta|a)\b)\s*"
# Short words count only in lower case (or "Ab"), so "PyCon DE 2023" keeps its "DE".
_SINCE = r"since|ever\s+since|seit|depuis|desde|(?-i:ab|Ab)"
_FROM = r"from|von|(?-i:du|de)"
# Words that introduce a date and go with it when it is cut out of a line.
_LEAD = (
    r"graduated|graduation|graduating|expected|anticipated|class\s+of|completed|awarded|"
    r"issued|obtained|received|earned|abschluss|voraussichtlich"
)

_RANGE = re.compile(
    rf"(?<![\w/.\-])"
    rf"(?:(?:{_LEAD})\s*:?\s+)?"
    rf"(?:(?P<since>{_SINCE})\s+|(?:{_FROM})\s+)?"
    rf"(?P<start>{_DATE}|(?:{_MONTH_RE})\.?(?={_SEPARATOR}{_DATE}))"
    rf"(?:(?P<sep>{_SEPARATOR})(?P<end>{_DATE}|{_PRESENT}))?"
    rf"(?![\w\u2019'])",
    re.IGNORECASE,
)
_PRESENT_ONLY = re.compile(rf"{_PRESENT}$", re.IGNORECASE)
_MONTH_ONLY = re.compile(rf"(?P<mn>{_MONTH_RE})\.?$", re.IGNORECASE)
_EDGE_PUNCTUATION = " \t,;:|/\u2022\u00b7" + _DASHES
_OPENERS = "([{"
_CLOSERS = ")]}"


def _year(text: str) -> int:
    digits = text.strip("'\u2019\u2018`")
    if len(digits) == 2:
        short = int(digits)
        return 2000 + short if short < 50 else 1900 + short
    return int(digits)


def _iso(year: int, month: int | None) -> str:
    return f"{year:04d}" if month is None else f"{year:04d}-{month:02d}"


def _read_single(text: str) -> tuple[int | None, int | None] | None:
    """(year, month) of one written date; the year is None for a month name alone."""
    token = text.strip()
    for name, pattern in _SINGLE_PATTERNS:
        match = pattern.fullmatch(token)
        if match is None:
            continue
        year = _year(match["y"])
        if name == "slashed_day":
            first, second = int(match["a"]), int(match["b"])
            if first > 12 and second <= 12:
                return year, second
            if second > 12 and first <= 12:
                return year, first
            # 03/04/2019: day and month cannot be told apart, keep what is sure.
            return year, None
        if name in ("iso_day", "iso_month", "dotted_day", "numeric_month"):
            return year, int(match["m"])
        if name in ("day_month_name", "month_name"):
            return year, _MONTHS[_fold(match["mn"])]
        if name == "season":
            return year, _SEASONS[_fold(match["season"])]
        if name == "quarter":
            return year, (int(match["q"]) - 1) * 3 + 1
        return year, None
    month_only = _MONTH_ONLY.fullmatch(token)
    if month_only is not None:
        return None, _MONTHS[_fold(month_only["mn"])]
    return None


def parse_date(text: str) -> str | None:
    """The partial ISO date a text holds when the whole text is one date, else None."""
    read = _read_single(text)
    if read is None or read[0] is None:
        return None
    return _iso(read[0], read[1])


def _range_of(match: re.Match[str], offset: int = 0) -> DateRange | None:
    start_read = _read_single(match["start"])
    if start_read is None:
        return None
    start_year, start_month = start_read
    end: str | None = None
    current = False
    end_text = match["end"]
    if end_text is not None and _PRESENT_ONLY.fullmatch(end_text.strip()):
        current = True
    elif end_text is not None:
        end_read = _read_single(end_text)
        end_year = end_read[0] if end_read is not None else None
        if end_read is None or end_year is None:
            return None
        end_month = end_read[1]
        end = _iso(end_year, end_month)
        if start_year is None:
            # "Jan - Mar 2019": the start month takes the end's year (the year before if later).
            later = start_month is not None and end_month is not None and start_month > end_month
            start_year = end_year - 1 if later else end_year
    if start_year is None:
        return None
    if match["since"] is not None and end_text is None:
        current = True
    text = match.group(0)
    return DateRange(
        start=_iso(start_year, start_month),
        end=end,
        current=current,
        text=text,
        span=(match.start() + offset, match.end() + offset),
    )


def _strength(found: DateRange) -> int:
    """How much a found range says: a full range beats a lone date with a month, then a year."""
    if found.end is not None or found.current:
        return 3
    return 2 if found.start is not None and len(found.start) > 4 else 1


def parse_date_range(text: str) -> DateRange | None:
    """The date range a text holds when the whole text (brackets aside) is one, else None."""
    stripped = text.strip().strip(_EDGE_PUNCTUATION)
    if len(stripped) >= 2 and stripped[0] in _OPENERS and stripped[-1] in _CLOSERS:
        stripped = stripped[1:-1].strip()
    offset = text.find(stripped) if stripped else 0
    match = _RANGE.fullmatch(stripped)
    if match is None:
        return None
    return _range_of(match, offset)


def find_date_ranges(text: str) -> list[DateRange]:
    """Every date or date range in a text, left to right."""
    found = []
    for match in _RANGE.finditer(text):
        date_range = _range_of(match)
        if date_range is not None:
            found.append(date_range)
    return found


def find_date_range(line: str) -> tuple[DateRange, str] | None:
    """The date range a line states and the line without it, or None when it has no date.

    When a line holds several dates the most complete one wins (a range over a lone date),
    the last one among equals, since resumes put dates at the end of a line. The rest of the
    line loses the separators and brackets around the date; text on both sides is joined with
    " | " so that it still reads as separate parts.
    """
    candidates = find_date_ranges(line)
    if not candidates:
        return None
    best = max(enumerate(candidates), key=lambda pair: (_strength(pair[1]), pair[0]))[1]
    start, end = best.span
    left, right = line[:start].rstrip(), line[end:].lstrip()
    if left.endswith(tuple(_OPENERS)) and right.startswith(tuple(_CLOSERS)):
        left, right = left[:-1], right[1:]
    left = left.rstrip(_EDGE_PUNCTUATION)
    right = right.lstrip(_EDGE_PUNCTUATION + ".")
    rest = f"{left} | {right}" if left and right else left or right
    return best, rest.strip()

"""Posting dates as providers write them, to aware UTC datetimes.

Accepted: ISO 8601 dates and date-times with or without a zone (a missing zone is UTC),
RFC 2822 dates from RSS, epoch seconds or milliseconds (Lever's ``createdAt``), written dates
("Nov 3, 2026", "3. November 2026", "03.11.2026", "2026/11/03"), and relative ones ("today",
"3 days ago", "30+ days ago", "vor 2 Tagen", "il y a 3 jours", "hace 2 días", "há 5 dias",
"2 dagen geleden", "för 3 dagar sedan") counted back from ``now``. Slashed dates whose day and
month cannot be told apart ("03/04/2026") and years outside 1990-2100 give None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 12, 31, tzinfo=UTC)
_SECONDS_MAX = 4_200_000_000
_MILLIS_MAX = _SECONDS_MAX * 1000

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            "january jan januar janvier enero janeiro januari gennaio stycznia janv ene",
            "february feb februar février fevrier febrero fevereiro februari febbraio lutego "
            "févr fev",
            "march mar märz maerz mars marzo março maart mars marca mrz",
            "april apr avril abril aprile kwietnia avr abr",
            "may mai mayo maio mei maggio maja",
            "june jun juni juin junio junho giugno czerwca",
            "july jul juli juillet julio julho luglio lipca juil",
            "august aug août aout agosto augustus augusti sierpnia ago",
            "september sep sept septembre septiembre setembro settembre września set",
            "october oct oktober octobre octubre outubro ottobre października okt out ott",
            "november nov novembre noviembre novembro listopada",
            "december dec dezember décembre decembre diciembre dezembro dicembre grudnia dez "
            "déc dic",
        ],
        start=1,
    )
    for name in names.split()
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"^(?:\w+,?\s+)?(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MONTH})\.?,?\s+"
    r"(?:de\s+)?(\d{4})\b",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"^(?:\w+,?\s+)?({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE
)
_NUMERIC = re.compile(r"^(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})$")
_FRACTION = re.compile(r"(\.\d{6})\d+")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")

_UNITS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "month": 30.0,
    "year": 365.0,
}
# Unit words by stem, in the languages postings come in.
_UNIT_WORDS = [
    ("second", r"seconds?|secs?|sekunden?|secondes?|segundos?|seconden?|sekunder"),
    ("minute", r"minutes?|mins?|minuten?|minutos?|minuter|minutter"),
    ("hour", r"hours?|hrs?|h|stunden?|std\.?|heures?|horas?|uur|uren|timmar|timer|timme"),
    ("day", r"days?|d|tagen?|tag|jours?|días?|dias?|dagen?|dagar|dage|dager|giorni|dni"),
    ("week", r"weeks?|wks?|wochen?|semaines?|semanas?|weken|veckor|uger|uker|settimane"),
    ("month", r"months?|mos?|monaten?|monat|mois|meses|mes|maanden?|månader|måneder"),
    ("year", r"years?|yrs?|jahren?|jahr|ans?|años?|anos?|jaren?|jaar|år"),
]
_UNIT = "|".join(f"(?P<{name}>{words})" for name, words in _UNIT_WORDS)
_COUNT = r"(?P<count>\d{1,4}|an?|one|ein(?:em|er)?|un|une|uno|una|um|uma|een|en|ett)"
_RELATIVE = (
    # "vor 2 Tagen", "il y a 3 jours", "hace 2 días", "há 5 dias", "för 3 dagar sedan"
    re.compile(
        rf"\b(?:vor|il\s+y\s+a|hace|há|ha|för|for)\s+{_COUNT}\s*\+?\s*(?:{_UNIT})(?!\w)",
        re.IGNORECASE,
    ),
    # "3 days ago", "30+ days ago", "2 dagen geleden", "3 giorni fa"
    re.compile(
        rf"(?<!\w){_COUNT}\s*\+?\s*(?:{_UNIT})\s+(?:ago|geleden|sedan|siden|fa)\b",
        re.IGNORECASE,
    ),
)
_TODAY = re.compile(
    r"^(?:posted\s+)?(?:today|just\s+now|now|just\s+posted|heute|aujourd['\u2019]hui|hoy|"
    r"hoje|vandaag|idag|i\s+dag|oggi|dzisiaj|new)$",
    re.IGNORECASE,
)
_YESTERDAY = re.compile(
    r"^(?:posted\s+)?(?:yesterday|gestern|hier|ayer|ontem|gisteren|igår|i\s+går|ieri|wczoraj)$",
    re.IGNORECASE,
)


def parse_date(value: str | int | float | None, *, now: datetime | None = None) -> datetime | None:
    """An aware UTC datetime from a provider's date value, or None when it is not a date.

    ``now`` anchors relative dates ("3 days ago"); it defaults to the current time.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:100]
    if not text:
        return None
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    parsed = _iso(text) or _rfc2822(text) or _written(text)
    if parsed is None:
        parsed = _relative(text, now or datetime.now(UTC))
    return parsed if parsed is not None and _EARLIEST <= parsed <= _LATEST else None


def _from_epoch(number: float) -> datetime | None:
    if number != number or number <= 0 or number > _MILLIS_MAX:
        return None
    seconds = number / 1000 if number > _SECONDS_MAX else number
    moment = datetime.fromtimestamp(seconds, tz=UTC)
    return moment if _EARLIEST <= moment <= _LATEST else None


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _iso(text: str) -> datetime | None:
    if not text[:1].isdigit():
        return None
    candidate = _FRACTION.sub(r"\1", text.replace(" ", "T", 1) if len(text) > 10 else text)
    if candidate.endswith(("z", "Z")):
        candidate = candidate[:-1] + "+00:00"
    try:
        return _aware(datetime.fromisoformat(candidate))
    except ValueError:
        pass
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return _numeric(text)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _numeric(text: str) -> datetime | None:
    match = _NUMERIC.match(text)
    if match is None:
        return None
    first, separator, second, third = match.groups()
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:
        year, month, day = a, b, c
    elif len(third) == 4:
        year = c
        if separator == "." or a > 12:
            day, month = a, b
        elif b > 12:
            month, day = a, b
        else:
            return None
    else:
        return None
    return _make(year, month, day)


def _make(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return None


def _rfc2822(text: str) -> datetime | None:
    if not any(ch.isalpha() for ch in text) or ("," not in text and ":" not in text):
        return None
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def _written(text: str) -> datetime | None:
    match = _DAY_MONTH_YEAR.match(text)
    if match is not None:
        day, month, year = match.groups()
        return _make(int(year), _MONTHS[month.lower()], int(day))
    match = _MONTH_DAY_YEAR.match(text)
    if match is not None:
        month, day, year = match.groups()
        return _make(int(year), _MONTHS[month.lower()], int(day))
    return None


def _relative(text: str, now: datetime) -> datetime | None:
    now = _aware(now)
    if _TODAY.match(text):
        return now
    if _YESTERDAY.match(text):
        return now - timedelta(days=1)
    match = _RELATIVE[0].search(text) or _RELATIVE[1].search(text)
    if match is None:
        return None
    count_word = match.group("count").lower()
    count = int(count_word) if count_word.isdigit() else 1
    unit = next(name for name, _ in _UNIT_WORDS if match.group(name))
    try:
        return now - timedelta(days=count * _UNITS[unit])
    except OverflowError:
        return None

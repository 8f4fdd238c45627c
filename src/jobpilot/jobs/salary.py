"""Salaries found in posting text or given as provider fields, in one shape.

:func:`parse_salary` reads "$120k-$150k", "€50.000 - 60.000 p.a.", "50.000 - 60.000 €
brutto/Jahr", "£30/hour", "80-100K DKK", "from 4500 EUR/month", "₹12 LPA", "R$ 8.000,00 por
mês" and the like. It never invents one: an amount counts as pay only with evidence (a
currency, an interval such as "per hour", "p.a." or "pro Monat", a pay word just before it
such as "Salary:" or "Gehalt", or a salary field holding nothing else), and amounts that are
funding, budgets, stipends, years, percentages or 401(k)s are left alone.

Interval inference (when the text states none): with a known currency, an amount worth at
most about US$150 (every end of the range) is hourly, and one worth at least about
US$12,000 is yearly; anything in between (day rates, weekly or monthly pay) stays None.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from jobpilot.jobs.money import (
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    INTERVAL_WORDS,
    INTERVALS,
    UNIT_SIZE_USD,
    Interval,
    normalise_currency_code,
    normalise_interval,
    read_number,
    resolve_currency,
)

__all__ = [
    "INTERVALS",
    "Interval",
    "ParsedSalary",
    "annualise",
    "convert",
    "normalise_interval",
    "parse_salary",
    "salary_from_fields",
]


@dataclass(frozen=True, slots=True)
class ParsedSalary:
    """A salary: ``minimum`` ≤ ``maximum`` when both are known.

    "from 4500" has only a minimum, "up to 90,000" only a maximum and a single amount both.
    ``span`` is where the text said it (None for provider fields); ``interval_inferred`` is
    True when the interval came from the amount's size rather than from the text.
    """

    minimum: float | None
    maximum: float | None
    currency: str | None
    interval: Interval | None
    span: tuple[int, int] | None = None
    interval_inferred: bool = False


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SYMBOL_RE = _alternation([*CURRENCY_SYMBOLS, *CURRENCY_CODES])
_WORD_RE = _alternation(list(CURRENCY_WORDS))
# Letters may not touch a code or word ("EURO" ≠ "EUR", "Mr" ≠ "kr"); signs may touch anything.
_CURRENCY = rf"(?:(?<![^\W\d_])(?:{_SYMBOL_RE}|(?i:{_WORD_RE}))(?![^\W\d_])|[$€£¥￥₹₩₽₺₪₱₦₫₴฿])"

_GROUPED_SPACE = r"\d{1,3}(?:[ \u00a0\u202f\u2009'\u2019]\d{3})+(?:[.,]\d{1,2})?"
_GROUPED_INDIAN = r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?"
_GROUPED_COMMA = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?"
_GROUPED_DOT = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"
_NUMBER = (
    rf"(?:{_GROUPED_SPACE}|{_GROUPED_INDIAN}|{_GROUPED_COMMA}|{_GROUPED_DOT}|\d+(?:[.,]\d+)?)"
    r"(?![\d])(?![.,]\d)"
)
_MULTIPLIERS: dict[str, float] = {
    "k": 1e3,
    "thousand": 1e3,
    "tsd": 1e3,
    "tsd.": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "mio.": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "millionen": 1e6,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "lpa": 1e5,
    "l": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
    "cr.": 1e7,
}
_MULTIPLIER = rf"(?i:{_alternation(list(_MULTIPLIERS))})(?![^\W\d_])"
_GAP = r"[ \u00a0\u202f]?"
_RANGE = (
    r"(?:[ \u00a0\u202f]*[-\u2013\u2014\u2011\u2212~][ \u00a0\u202f]*"
    r"|[ \u00a0\u202f]+(?P<joiner>to|bis|à|a|até|ate|tot|til|till|and|und|et|y|e|och|og|do)"
    r"[ \u00a0\u202f]+)"
)
_AMOUNT = re.compile(
    rf"(?P<n1>{_NUMBER})(?:{_GAP}(?P<m1>{_MULTIPLIER}))?(?:{_GAP}(?P<c2>{_CURRENCY}))?"
    rf"(?:{_RANGE}(?:(?P<c3>{_CURRENCY}){_GAP})?(?P<n2>{_NUMBER})"
    rf"(?:{_GAP}(?P<m2>{_MULTIPLIER}))?(?:{_GAP}(?P<c4>{_CURRENCY}))?)?"
    r"(?P<plus>\+)?"
)
_PREFIX_CURRENCY = re.compile(rf"(?P<c1>{_CURRENCY})[ \u00a0\u202f]?\Z")
_CURRENCY_ANYWHERE = re.compile(_CURRENCY)
_DIGITS = re.compile(r"\d+")

_FILLER = (
    r"(?:\(?(?:gross|brutto|bruto|brut|bruts|brute|net|netto|neto|nets|base|basic|OTE|"
    r"pre-tax|before\s+tax|CTC|salary|salaire|Gehalt|fixed|fixe|fix)\)?[ \u00a0\u202f,]*)"
)
_INTERVAL_CHOICES = "|".join(f"(?P<{name}>{words})" for name, words in INTERVAL_WORDS.items())
_INTERVAL_AFTER = re.compile(
    rf"[ \u00a0\u202f,]*(?:{_CURRENCY}[ \u00a0\u202f]*)?{_FILLER}{{0,2}}"
    rf"(?:{_INTERVAL_CHOICES})(?![^\W\d_])",
    re.IGNORECASE | re.VERBOSE,
)
# Interval words said before the amount ("Annual salary: …", "Stundenlohn: …"); the nearest wins.
_INTERVAL_BEFORE = re.compile(
    r"""\b(?:
    (?P<hour>hourly|per\s+hour|stundenlohn|stundensatz|taux\s+horaire|tarifa\s+por\s+hora|
        uurloon|uurtarief|timlön|timeløn|timelønn|stawka\s+godzinowa)
    |(?P<day>day\s+rate|daily\s+rate|per\s+day|tagessatz|TJM|taux\s+journalier|dagtarief|
        dagpris|stawka\s+dzienna)
    |(?P<week>weekly|per\s+week|wochenlohn)
    |(?P<month>monthly|per\s+month|monatsgehalt|monatslohn|bruttomonatsgehalt|
        salaire\s+mensuel|salario\s+mensual|salário\s+mensal|maandsalaris|maandloon|
        månadslön|månedsløn|månedslønn|wynagrodzenie\s+miesięczne)
    |(?P<year>annual|annually|yearly|per\s+year|per\s+annum|jahresgehalt|bruttojahresgehalt|
        jahreszielgehalt|salaire\s+annuel|rémunération\s+annuelle|salario\s+anual|
        salário\s+anual|jaarsalaris|årslön|årsløn|årslønn|CTC|RAL)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that say pay follows ("Salary:", "Gehalt", "rémunération"), and endings of compounds
# ("Jahresgehalt", "Stundenlohn", "Månadslön"). Read word by word: a case-insensitive
# alternation tried at every position of the window costs several times more.
_PAY_WORD_LIST = (
    "salary salaries pay paid paying compensation comp wage wages rate base ote "
    "remuneration earn earnings income package range band vergütung verdienst bezahlung "
    "entgelt salaire rémunération paie salario sueldo remuneración salário remuneração "
    "salaris loon wynagrodzenie pensja stipendio retribuzione"
)
_PAY_WORD_SET = frozenset(_PAY_WORD_LIST.split())
_PAY_WORD_ENDINGS = ("gehalt", "lohn", "lön", "løn", "lønn")
_PAY_WORD_ENDING = re.compile(rf"(?:{'|'.join(_PAY_WORD_ENDINGS)})(?![^\W\d_])")
_WORDS = re.compile(r"[^\W\d_]+")
# Money that is not pay: said just before the amount ("raised $50M", "a budget of €1,000")…
_NOT_PAY_BEFORE = re.compile(
    r"\b(?:series\s+[a-f]|seed|raised|raising|raise|funding|funded|valuation|valued|revenue|"
    r"ARR|MRR|GMV|invest\w*|backed|budget|stipend|allowance|bonus(?:es)?|reimburs\w*|"
    r"grant|credit|voucher|referral|sign[- ]?on|signing|relocation|equity|worth|assets|AUM|"
    r"market\s+cap|spend|spent|saved|savings|fee|fees|price|priced|cost|costs|donat\w*|"
    r"prize|award|contribution|match|matching|deductible|premium|fine|turnover|umsatz|"
    r"finanzierung|chiffre\s+d['\u2019]affaires|levée|budgets?|zuschuss|budżet|dofinansowanie)\b"
    r"[^.\n;]{0,25}\Z",
    re.IGNORECASE,
)
# …or just after it ("$1,500 learning budget", "€500 per year for conferences").
_NOT_PAY_AFTER = re.compile(
    r"[^.\n;]{0,30}?\b(?:budget|stipend|allowance|(?<!\+\s)(?<!plus\s)(?<!and\s)bonus|reimburs\w*|grant|credit|voucher|"
    r"referral|sign[- ]?on|signing|relocation|funding|round|raised|revenue|ARR|valuation|"
    r"investment|in\s+funding|for\s+(?:learning|training|education|conferences?|equipment|"
    r"home\s+office|wellness|wellbeing|gym|fitness|books|courses)|learning|training|"
    r"education|conference|equipment|wellness|wellbeing|gym|fitness|customers|users|"
    r"employees|people|members|downloads|companies|businesses|transactions|requests|"
    r"zuschuss|weiterbildung|fortbildung|budżet|formation|formación|formação)\b",
    re.IGNORECASE,
)
_BETWEEN = re.compile(
    r"\b(?:between|zwischen|entre|tussen|mellan|mellem|mellom|między|tra|fra)\b[^\d]{0,12}\Z",
    re.IGNORECASE,
)
_AND_JOINERS = frozenset({"and", "und", "et", "y", "e", "och", "og"})
_FROM_BEFORE = re.compile(
    r"\b(?:from|starting\s+(?:at|from)|starts\s+at|min(?:imum)?\.?|at\s+least|ab|mindestens|"
    r"à\s+partir\s+de|dès|desde|a\s+partir\s+de|vanaf|fra|från|od|beginning\s+at)"
    r"[\s:]*\Z",
    re.IGNORECASE,
)
_UP_TO_BEFORE = re.compile(
    r"(?:\bup\s*to|\bmax(?:imum)?\.?|\bbis\s+zu|\bbis|\bjusqu['\u2019]à|\bhasta|\baté|\btot|"
    r"\bop\s+til|\bopp\s+til|\bupp\s+till|\bdo|\bnot\s+exceeding|\bcapped\s+at)[\s:]*\Z",
    re.IGNORECASE,
)
_RETIREMENT_PLAN = re.compile(r"\s?\(?[kb]\)?(?![^\W\d_])", re.IGNORECASE)
_PERCENT_OR_UNIT = re.compile(
    r"\s?(?:%|percent|prozent|pour\s?cent|por\s?ciento|years?|yrs?|jahre?n?|ans|años?|"
    r"anos|jaar|år|lat|months?|monate?n?|mois|meses|weeks?|wochen?|days?|tage?n?|jours?|"
    r"días|dias|hours?|hrs?|stunden|heures|horas|people|persons?|employees|members|"
    r"engineers|users|customers|countries|offices|locations|x|times|°)(?![^\W\d_])",
    re.IGNORECASE,
)
_TEXT_WORD = re.compile(r"[^\W\d_]{2,}")
_FIELD_WORDS = re.compile(
    rf"\b(?:{'|'.join(sorted(_PAY_WORD_SET))})\b|(?:{'|'.join(_PAY_WORD_ENDINGS)})\b|"
    r"\b(?:gross|brutto|net|netto|est\.?|estimated|approx\.?|"
    r"approximately|circa|ca\.?|about|around|plus|depending|on|experience|DOE|negotiable|"
    r"range|per|USD|EUR|GBP|from|to|up|bis|ab|min|max)\b",
    re.IGNORECASE,
)

# Rough worth in US dollars of plausible pay, per interval: (lowest, highest).
_PLAUSIBLE_USD: dict[Interval, tuple[float, float]] = {
    "hour": (2.0, 2_000.0),
    "day": (15.0, 10_000.0),
    "week": (60.0, 40_000.0),
    "month": (150.0, 200_000.0),
    "year": (1_500.0, 5_000_000.0),
}
# Without a currency, an interval alone only counts for amounts at least this large.
_PLAIN_MINIMUM: dict[Interval, float] = {
    "hour": 5.0,
    "day": 40.0,
    "week": 100.0,
    "month": 300.0,
    "year": 5_000.0,
}
_HOURLY_AT_MOST_USD = 150.0
_YEARLY_AT_LEAST_USD = 12_000.0
# Currencies in which a salary of millions is ordinary ("¥6M", "₩50M").
_LOW_VALUE_CURRENCIES = frozenset(c for c, size in UNIT_SIZE_USD.items() if size < 0.02)
_LOOKBACK = 60
# A number glued to these is part of something else (an id, a version, a phone number).
_GLUE = frozenset("_#+-/.,")
_GROUPING = re.compile(r"\d[ \u00a0\u202f\u2009'\u2019.,]\d")
_PLAN_NUMBERS = frozenset({"401", "403", "457"})


def parse_salary(text: str, *, default_currency: str | None = None) -> ParsedSalary | None:
    """The salary stated in ``text`` (a salary field or a whole description), or None.

    When several amounts qualify, the best evidenced one wins (currency, interval, pay word,
    range), the earliest among equals. ``default_currency`` fills in a missing currency and
    settles "$"/"kr"/"¥"; it is never evidence on its own that an amount is pay.
    """
    if not text:
        return None
    default = normalise_currency_code(default_currency)
    best: tuple[int, ParsedSalary] | None = None
    skip_to = 0
    for run in _DIGITS.finditer(text):
        position = run.start()
        if position < skip_to:
            continue
        match = _AMOUNT.match(text, position)
        if match is None:
            skip_to = run.end()
            continue
        skip_to = match.end()
        found = _candidate(text, match, default)
        if found is not None and (best is None or found[0] > best[0]):
            best = found
    return best[1] if best else None


def _candidate(
    text: str, match: re.Match[str], default: str | None
) -> tuple[int, ParsedSalary] | None:
    """The salary ``match`` states with its evidence score, or None if it is not pay."""
    group = match.group
    n1, m1, n2, m2 = group("n1"), group("m1"), group("n2"), group("m2")
    number_start = match.start()
    prefix = (
        _PREFIX_CURRENCY.search(text, max(0, number_start - 6), number_start)
        if number_start
        else None
    )
    if prefix is not None:
        start, c1 = prefix.start(), prefix.group("c1")
    else:
        start, c1 = number_start, None
        if number_start and (text[number_start - 1].isalpha() or text[number_start - 1] in _GLUE):
            return None
    if n1 in _PLAN_NUMBERS and (m1 or _RETIREMENT_PLAN.match(text, match.end("n1"))):
        return None

    low = _amount(n1, m1)
    high = _amount(n2, m2)
    if low is None:
        return None
    end = match.end()
    tokens = [c1, group("c2"), group("c3"), group("c4")]
    # Cheap rejections first: most numbers in a description are years, counts or durations.
    if not any(tokens) and (
        _PERCENT_OR_UNIT.match(text, end) or (not m1 and _looks_like_years(match))
    ):
        return None
    multipliers = [m.lower() for m in (m1, m2) if m]
    if high is not None:
        low = _shared_scale(n1, n2, m1, m2, low, high)
        if not _is_range(text, match, low, high, max(0, start - _LOOKBACK), start):
            # Not a range after all ("$50k and 3 weeks off"): the first amount stands alone.
            high = None
            end = match.end("c2") if group("c2") else match.end("m1") if m1 else match.end("n1")
            tokens = tokens[:2]
            multipliers = multipliers[:1] if m1 else []
    currency: str | None = None
    explicit_currency = False
    for token in tokens:
        if token:
            explicit_currency = True
            currency = resolve_currency(token, default=default, text=_near(text, start, end))
            if currency:
                break
    interval: Interval | None = None
    after = _INTERVAL_AFTER.match(text, end)
    if after is not None:
        interval = _as_interval(after.lastgroup)
        end = after.end()
        token_after = None if explicit_currency else _CURRENCY_ANYWHERE.search(after.group(0))
        if token_after is not None:
            explicit_currency = True
            currency = resolve_currency(
                token_after.group(0), default=default, text=_near(text, start, end)
            )
    if after is None and not any(tokens[1:]) and _PERCENT_OR_UNIT.match(text, end):
        return None
    if "lpa" in multipliers or "lakh" in multipliers or "lakhs" in multipliers:
        currency, explicit_currency = currency or "INR", True
        if "lpa" in multipliers:
            interval = "year"
    if "l" in multipliers and currency != "INR":
        return None

    before = text[_line_start(text, max(0, start - _LOOKBACK), start) : start]
    pay_word = _has_pay_word(before)
    grouped = _GROUPING.search(text, number_start, match.end()) is not None
    whole_field = _is_whole_field(text, start, end)
    if not (explicit_currency or interval or pay_word) and not (
        whole_field and (high or multipliers or grouped or low >= 10_000)
    ):
        return None
    if not explicit_currency and _looks_like_years(match):
        return None
    if _NOT_PAY_BEFORE.search(before, max(0, len(before) - 45)) or _NOT_PAY_AFTER.match(text, end):
        return None
    if interval is None and (explicit_currency or pay_word):
        interval = _interval_before(before)
    explicit_interval = interval is not None
    # A lone amount with nothing but a currency ("$5 coffee") is pay only at yearly size.
    if (
        explicit_currency
        and not (explicit_interval or pay_word or high or whole_field)
        and (currency is None or _infer_interval(low, low, currency) != "year")
    ):
        return None
    millions = any(_MULTIPLIERS[m] >= 1e6 for m in multipliers)
    if millions and not (
        explicit_interval or pay_word or whole_field or currency in _LOW_VALUE_CURRENCIES
    ):
        return None

    minimum: float | None = low
    maximum: float | None = high if high is not None else low
    if high is None:
        qualifier = text[max(0, start - 25) : start]
        if group("plus") or _FROM_BEFORE.search(qualifier):
            maximum = None
        elif _UP_TO_BEFORE.search(qualifier):
            minimum = None
    if currency is None:
        currency = default
    if not _plausible(minimum, maximum, currency, interval, explicit_currency):
        return None
    inferred = False
    if interval is None and explicit_currency and currency is not None:
        interval = _infer_interval(minimum, maximum, currency)
        inferred = interval is not None
    parsed = ParsedSalary(minimum, maximum, currency, interval, (start, end), inferred)
    score = 3 * explicit_currency + 3 * explicit_interval + 2 * pay_word + (high is not None)
    return score, parsed


def _near(text: str, start: int, end: int) -> str:
    """The text around an amount, where cues for a shared currency sign are looked for."""
    return text[max(0, start - 300) : end + 300]


def _has_pay_word(text: str) -> bool:
    lower = text.lower()
    return (
        not _PAY_WORD_SET.isdisjoint(_WORDS.findall(lower))
        or _PAY_WORD_ENDING.search(lower) is not None
    )


def _shared_scale(
    n1: str, n2: str, m1: str | None, m2: str | None, low: float, high: float
) -> float:
    """The first end of a range scaled like the second: "80-100K", "50-60.000 €"."""
    if m1:
        return low
    if m2:
        bare = read_number(n1)
        written_high = read_number(n2, decimal_separator_only=True)
        if bare is not None and written_high is not None and bare <= written_high:
            return round(bare * _MULTIPLIERS[m2.lower()], 2)
        return low
    if n1.isdigit() and low < 1000 <= high and low * 1000 <= high <= low * 3000:
        return low * 1000
    return low


def _is_range(
    text: str, match: re.Match[str], low: float, high: float, window: int, start: int
) -> bool:
    if _RETIREMENT_PLAN.match(text, match.end("n2")) and match.group("n2") in _PLAN_NUMBERS:
        return False
    if high < low or high > low * 10:
        return False
    joiner = match.group("joiner")
    return joiner not in _AND_JOINERS or _BETWEEN.search(text, window, start) is not None


def _interval_before(before: str) -> Interval | None:
    found = [m.lastgroup for m in _INTERVAL_BEFORE.finditer(before)]
    return _as_interval(found[-1]) if found else None


def _as_interval(name: str | None) -> Interval | None:
    for interval in INTERVALS:
        if interval == name:
            return interval
    return None


def _amount(number: str | None, multiplier: str | None) -> float | None:
    if number is None:
        return None
    value = read_number(number, decimal_separator_only=multiplier is not None)
    if value is None or value <= 0:
        return None
    if multiplier:
        value *= _MULTIPLIERS[multiplier.lower()]
    return round(value, 2)


def _line_start(text: str, floor: int, position: int) -> int:
    newline = text.rfind("\n", floor, position)
    return floor if newline < 0 else newline + 1


def _is_whole_field(text: str, start: int, end: int) -> bool:
    """True when nothing but pay words, punctuation and currency surrounds the amount."""
    if end - start < 1 or len(text) > 200:
        return False
    rest = text[:start] + " " + text[end:]
    rest = _FIELD_WORDS.sub(" ", rest)
    return _TEXT_WORD.search(rest) is None and not any(ch.isdigit() for ch in rest)


def _looks_like_years(match: re.Match[str]) -> bool:
    numbers = [match.group("n1")] + ([match.group("n2")] if match.group("n2") else [])
    if match.group("m1") or match.group("m2"):
        return False
    return all(n.isdigit() and len(n) == 4 and 1900 <= int(n) <= 2100 for n in numbers)


def _plausible(
    minimum: float | None,
    maximum: float | None,
    currency: str | None,
    interval: Interval | None,
    explicit_currency: bool,
) -> bool:
    amounts = [a for a in (minimum, maximum) if a is not None]
    if not amounts or max(amounts) >= 1e10:
        return False
    size = UNIT_SIZE_USD.get(currency or "")
    if interval is not None and size is not None:
        low, high = _PLAUSIBLE_USD[interval]
        return all(low <= a * size <= high for a in amounts)
    if interval is not None and not explicit_currency:
        return all(a >= _PLAIN_MINIMUM[interval] for a in amounts)
    return True


def _infer_interval(minimum: float | None, maximum: float | None, currency: str) -> Interval | None:
    size = UNIT_SIZE_USD.get(currency)
    if size is None:
        return None
    worth = [a * size for a in (minimum, maximum) if a is not None]
    if all(1 <= w <= _HOURLY_AT_MOST_USD for w in worth):
        return "hour"
    if all(w >= _YEARLY_AT_LEAST_USD for w in worth):
        return "year"
    return None


_WORKDAYS_PER_WEEK = 5.0


def annualise(
    minimum: float | None,
    maximum: float | None,
    interval: Interval | str | None,
    *,
    hours_per_week: float = 40.0,
    weeks_per_year: float = 52.0,
) -> tuple[float | None, float | None]:
    """``(minimum, maximum)`` per year; both None when the interval is unknown.

    With the defaults an hourly amount counts 2080 times a year, a daily one 260 (five days a
    week), a weekly one 52 and a monthly one 12.
    """
    factors = {
        "hour": hours_per_week * weeks_per_year,
        "day": _WORKDAYS_PER_WEEK * weeks_per_year,
        "week": weeks_per_year,
        "month": 12.0,
        "year": 1.0,
    }
    factor = factors.get(interval) if interval else None
    if factor is None:
        return None, None
    return (
        minimum * factor if minimum is not None else None,
        maximum * factor if maximum is not None else None,
    )


def convert(
    amount: float | None, currency: str | None, to_currency: str, rates: Mapping[str, float]
) -> float | None:
    """``amount`` in ``to_currency``; ``rates`` are units of one reference currency per unit.

    None when the amount or currency is unknown or either currency has no (positive) rate.
    """
    if amount is None or currency is None:
        return None
    source, target = currency.upper(), to_currency.upper()
    if source == target:
        return amount
    from_rate, to_rate = rates.get(source), rates.get(target)
    if not from_rate or not to_rate or from_rate <= 0 or to_rate <= 0:
        return None
    return amount * from_rate / to_rate


def salary_from_fields(
    minimum: float | int | str | None,
    maximum: float | int | str | None,
    currency: str | None,
    interval: str | None,
) -> ParsedSalary | None:
    """A salary from a provider's structured values, or None when no amount is usable.

    Amounts may be numbers or numeric strings; zeros, negatives and non-numbers are dropped;
    a minimum above the maximum is swapped. The interval accepts provider spellings
    ("per-year-salary", "YEAR", "yearly", "hourly", "monthly"); an unknown one stays None.
    """
    low = _field_amount(minimum)
    high = _field_amount(maximum)
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        low, high = high, low
    return ParsedSalary(low, high, normalise_currency_code(currency), normalise_interval(interval))


def _field_amount(value: float | int | str | None) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number: float | None = float(value)
    else:
        cleaned = value.strip().lstrip("$€£¥₹").strip()
        multiplier = 1.0
        if cleaned[-1:].lower() == "k":
            cleaned, multiplier = cleaned[:-1], 1e3
        number = read_number(cleaned, decimal_separator_only=multiplier != 1.0)
        number = number * multiplier if number is not None else None
    if number is None or number != number or number <= 0 or number == float("inf"):
        return None
    return number

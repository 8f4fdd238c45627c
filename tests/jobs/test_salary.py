from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobpilot.jobs.money import currency_for_country, read_number, resolve_currency
from jobpilot.jobs.salary import (
    ParsedSalary,
    annualise,
    convert,
    normalise_interval,
    parse_salary,
    salary_from_fields,
)

NNBSP = "\u202f"
NBSP = "\u00a0"


def parsed(text: str, **kwargs: str) -> tuple[object, ...] | None:
    found = parse_salary(text, **kwargs)
    if found is None:
        return None
    return (found.minimum, found.maximum, found.currency, found.interval)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120k\u2013$150k", (120_000, 150_000, "USD", "year")),
        ("$120K - $150K a year", (120_000, 150_000, "USD", "year")),
        ("USD 120,000 - 150,000 per year", (120_000, 150_000, "USD", "year")),
        ("\u20ac50.000 - 60.000 p.a.", (50_000, 60_000, "EUR", "year")),
        ("50.000\u201360.000 \u20ac brutto/Jahr", (50_000, 60_000, "EUR", "year")),
        ("\u00a330/hour", (30, 30, "GBP", "hour")),
        ("\u00a330 per hour", (30, 30, "GBP", "hour")),
        ("80-100K DKK", (80_000, 100_000, "DKK", None)),
        ("from 4500 EUR/month", (4500, None, "EUR", "month")),
        ("up to $90,000", (None, 90_000, "USD", "year")),
        ("CHF 110'000", (110_000, 110_000, "CHF", "year")),
        ("1 200 000 \u20b9", (1_200_000, 1_200_000, "INR", "year")),
        ("\u20b912 LPA", (1_200_000, 1_200_000, "INR", "year")),
        ("12-15 LPA", (1_200_000, 1_500_000, "INR", "year")),
        ("R$ 8.000,00 por m\u00eas", (8000, 8000, "BRL", "month")),
        ("\u00a56,000,000", (6_000_000, 6_000_000, "JPY", "year")),
        ("35 000 \u2013 40 000 z\u0142", (35_000, 40_000, "PLN", None)),
        ("Salary: $80k-$100k DOE", (80_000, 100_000, "USD", "year")),
        ("Pay: $25.50 an hour", (25.5, 25.5, "USD", "hour")),
        ("\u20ac12,50/Stunde", (12.5, 12.5, "EUR", "hour")),
        ("45-55\u20ac / h", (45, 55, "EUR", "hour")),
        ("50-60 k\u20ac bruts annuels", (50_000, 60_000, "EUR", "year")),
        ("entre 40 000 et 50 000 \u20ac par an", (40_000, 50_000, "EUR", "year")),
        ("de 3.000 a 4.000 \u20ac al mes", (3000, 4000, "EUR", "month")),
        ("Loon: \u20ac3.200 - \u20ac4.100 per maand", (3200, 4100, "EUR", "month")),
        ("Jahresgehalt ab 55.000 \u20ac", (55_000, None, "EUR", "year")),
        ("Stundenlohn: 15,50 \u20ac", (15.5, 15.5, "EUR", "hour")),
        ("Rate: 450 EUR per day", (450, 450, "EUR", "day")),
        ("\u00a3400-\u00a3500 per day", (400, 500, "GBP", "day")),
        ("$2,000 weekly", (2000, 2000, "USD", "week")),
        ("S$6,000 - S$8,000 monthly", (6000, 8000, "SGD", "month")),
        ("A$140k - A$160k + super", (140_000, 160_000, "AUD", "year")),
        ("US$ 90,000 - US$ 110,000", (90_000, 110_000, "USD", "year")),
        ("between $50k and $60k", (50_000, 60_000, "USD", "year")),
        ("$100k+", (100_000, None, "USD", "year")),
        ("Compensation: USD 95,000\u2013115,000 annually", (95_000, 115_000, "USD", "year")),
        (
            "The base salary range is $150,000 - $190,000. Plus equity.",
            (150_000, 190_000, "USD", "year"),
        ),
        ("\u20ac60k \u2013 \u20ac70k + bonus", (60_000, 70_000, "EUR", "year")),
        ("Salary 100.000-120.000 DKK yearly", (100_000, 120_000, "DKK", "year")),
        ("L\u00f8nn: 600 000 - 700 000 kr per \u00e5r", (600_000, 700_000, "NOK", "year")),
        ("L\u00f6n 40 000 - 45 000 kr/m\u00e5n", (40_000, 45_000, "SEK", "month")),
        ("CHF 9'500 pro Monat", (9500, 9500, "CHF", "month")),
        ("\u00a58M per year", (8_000_000, 8_000_000, "JPY", "year")),
        ("12,00,000 INR per annum", (1_200_000, 1_200_000, "INR", "year")),
        (f"45{NNBSP}000\u00a0\u20ac par an", (45_000, 45_000, "EUR", "year")),
        (f"40{NBSP}000 - 50{NBSP}000 EUR", (40_000, 50_000, "EUR", "year")),
        ("Pay is 18-22/hr", (18, 22, None, "hour")),
        ("Salary: 55,000 - 65,000", (55_000, 65_000, None, None)),
        ("120k-150k", (120_000, 150_000, None, None)),
        ("\u00a330", (30, 30, "GBP", "hour")),
        ("$45-$65", (45, 65, "USD", "hour")),
        ("\u20ac300-400", (300, 400, "EUR", None)),
        ("$50,000 and 401(k)", (50_000, 50_000, "USD", "year")),
        ("50-60.000 \u20ac brutto im Jahr", (50_000, 60_000, "EUR", "year")),
    ],
)
def test_parses_salary_formats(text, expected):
    assert parsed(text) == expected


def test_kr_needs_a_language_cue_or_default():
    assert parsed("kr 45 000 per m\u00e5ned") == (45_000, 45_000, None, "month")
    assert parsed("kr 45 000 per m\u00e5ned", default_currency="NOK") == (
        45_000,
        45_000,
        "NOK",
        "month",
    )
    assert parsed("Månadslön kr 45 000") is not None
    assert parsed("Månadslön kr 45 000")[2] == "SEK"  # type: ignore[index]


def test_default_currency_fills_in_and_settles_the_dollar():
    assert parsed("Salary: 55,000 - 65,000", default_currency="EUR") == (
        55_000,
        65_000,
        "EUR",
        None,
    )
    assert parsed("$90,000 - $110,000", default_currency="CAD") == (
        90_000,
        110_000,
        "CAD",
        "year",
    )
    assert parsed("$90,000 - $110,000", default_currency="EUR")[2] == "USD"  # type: ignore[index]


def test_default_currency_is_not_evidence_of_pay():
    assert parse_salary("team of 120", default_currency="EUR") is None
    assert parse_salary("2025", default_currency="USD") is None


@pytest.mark.parametrize(
    "text",
    [
        "401(k)",
        "401k",
        "5+ years",
        "3-5 years of experience",
        "2025",
        "2020-2025",
        "100% remote",
        "team of 120",
        "Series B $50M",
        "We raised $120M from top VCs",
        "Our ARR passed $20M in 2024.",
        "Call +1 415 555 1234",
        "Tel. 030 1234567",
        "01.02.2025",
        "12.05.2024",
        "May 5, 2024",
        "2026-11-03",
        "We offer a 401(k) with 4% match",
        "Founded in 2015, 250 employees",
        "We have 3 offices and 1,200 employees across 12 countries.",
        "$1,500 learning budget",
        "EUR 5,000 sign-on bonus",
        "Benefits: $2,000 annual learning budget and 25 days PTO",
        "$2 billion company",
        "$5 coffee",
        "1099 contractor",
        "ID 12345",
        "ISBN 978-3-16-148410-0",
        "COVID-19",
        "H1B",
        "Python 3.11",
        "Version 2.5.1 released",
        "Open 9-5, Mon-Fri",
        "Up to 50% travel",
        "save 20% on $1,000",
        "40 hours per week",
        "30 days of paid vacation",
        "",
    ],
)
def test_never_invents_a_salary(text):
    assert parse_salary(text) is None


def test_finds_the_salary_in_a_description():
    description = (
        "About us\n\nFounded in 2017, we have 2,000 customers and 120 employees.\n\n"
        "- 5+ years of experience with Python\n"
        "- A learning budget of \u20ac1,500 per year for conferences\n\n"
        "Compensation\n\nThe salary for this role is \u20ac70.000 \u2013 90.000 p.a. "
        "plus stock options. 30 days of vacation."
    )
    found = parse_salary(description)
    assert found is not None
    assert (found.minimum, found.maximum, found.currency, found.interval) == (
        70_000,
        90_000,
        "EUR",
        "year",
    )
    assert found.span is not None
    assert description[found.span[0] : found.span[1]].startswith("\u20ac70.000")


def test_span_and_inferred_flag():
    text = "Pay: $120k\u2013$150k"
    found = parse_salary(text)
    assert found is not None
    assert found.span == (5, len(text))
    assert found.interval_inferred is True
    explicit = parse_salary("$120k\u2013$150k per year")
    assert explicit is not None
    assert explicit.interval_inferred is False


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("50.000", 50_000),
        ("120,000", 120_000),
        ("12.50", 12.5),
        ("12,50", 12.5),
        ("1 200 000", 1_200_000),
        (f"45{NNBSP}000", 45_000),
        ("110'000", 110_000),
        ("110\u2019000", 110_000),
        ("8.000,00", 8000),
        ("120,000.50", 120_000.5),
        ("12,00,000", 1_200_000),
        ("1.234.567", 1_234_567),
        ("0.500", 0.5),
    ],
)
def test_read_number(written, value):
    assert read_number(written) == pytest.approx(value)


def test_read_number_with_a_multiplier_reads_decimals():
    assert read_number("1,5", decimal_separator_only=True) == 1.5
    assert read_number("1.500", decimal_separator_only=True) == 1.5


def test_resolve_currency_shared_signs():
    assert resolve_currency("$", default=None, text="") == "USD"
    assert resolve_currency("$", default="AUD", text="") == "AUD"
    assert resolve_currency("\u00a5", default=None, text="Shanghai office") == "CNY"
    assert resolve_currency("\u00a5", default=None, text="Tokyo office") == "JPY"
    assert resolve_currency("kr", default=None, text="") is None
    assert resolve_currency("kr", default="DKK", text="") == "DKK"
    assert resolve_currency("XYZ", default=None, text="") is None


@pytest.mark.parametrize(
    ("interval", "factor"),
    [("hour", 2080), ("day", 260), ("week", 52), ("month", 12), ("year", 1)],
)
def test_annualise(interval, factor):
    assert annualise(10.0, 20.0, interval) == (10.0 * factor, 20.0 * factor)


def test_annualise_with_other_hours_and_unknown_interval():
    assert annualise(20.0, None, "hour", hours_per_week=35, weeks_per_year=46) == (
        20.0 * 35 * 46,
        None,
    )
    assert annualise(1.0, 2.0, None) == (None, None)
    assert annualise(1.0, 2.0, "fortnight") == (None, None)


def test_convert_uses_units_of_reference_per_unit():
    rates = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27}
    assert convert(100.0, "EUR", "USD", rates) == pytest.approx(108.0)
    assert convert(127.0, "USD", "GBP", rates) == pytest.approx(100.0)
    assert convert(100.0, "eur", "gbp", rates) == pytest.approx(108.0 / 1.27)
    assert convert(100.0, "XYZ", "USD", rates) is None
    assert convert(100.0, "XYZ", "XYZ", rates) == 100.0
    assert convert(None, "EUR", "USD", rates) is None
    assert convert(100.0, None, "USD", rates) is None
    assert convert(100.0, "EUR", "USD", {"EUR": 0.0, "USD": 1.0}) is None


@pytest.mark.parametrize(
    ("value", "interval"),
    [
        ("per-year-salary", "year"),
        ("YEAR", "year"),
        ("yearly", "year"),
        ("annual", "year"),
        ("per-hour-wage", "hour"),
        ("hourly", "hour"),
        ("HOUR", "hour"),
        ("monthly", "month"),
        ("per month", "month"),
        ("WEEK", "week"),
        ("daily", "day"),
        ("fortnightly", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_interval(value, interval):
    assert normalise_interval(value) == interval


def test_salary_from_fields():
    assert salary_from_fields(120000, 150000, "usd", "per-year-salary") == ParsedSalary(
        120000.0, 150000.0, "USD", "year"
    )
    assert salary_from_fields(150000, 120000, "EUR", "YEAR") == ParsedSalary(
        120000.0, 150000.0, "EUR", "year"
    )
    assert salary_from_fields(0, 50, "GBP", "hourly") == ParsedSalary(None, 50.0, "GBP", "hour")
    assert salary_from_fields(-5, 0, "GBP", "hourly") is None
    assert salary_from_fields(None, None, "USD", "YEAR") is None
    assert salary_from_fields("85,000", "95k", "\u20ac", "monthly") == ParsedSalary(
        85000.0, 95000.0, "EUR", "month"
    )
    assert salary_from_fields("n/a", 40.0, None, "weird") == ParsedSalary(None, 40.0, None, None)
    assert salary_from_fields(float("nan"), float("inf"), "USD", None) is None


# Property-based tests: random salaries written in the styles postings use parse back.

_SCALE = {"USD": 1, "EUR": 1, "GBP": 1, "CHF": 1, "DKK": 7, "SEK": 10, "PLN": 4}
_RANGES = {
    "hour": (12, 150),
    "day": (120, 1200),
    "week": (600, 4000),
    "month": (1500, 15000),
    "year": (25_000, 400_000),
}
_ENGLISH = {
    "hour": ["per hour", "/hour", "an hour", "/hr", "hourly"],
    "day": ["per day", "/day", "a day", "daily"],
    "week": ["per week", "/week", "a week", "weekly"],
    "month": ["per month", "/month", "a month", "monthly", "/mo"],
    "year": ["per year", "a year", "/year", "p.a.", "annually", "per annum", "/yr"],
}
_GERMAN = {
    "hour": ["pro Stunde", "/Stunde", "/Std."],
    "day": ["pro Tag", "/Tag"],
    "week": ["pro Woche", "/Woche"],
    "month": ["pro Monat", "brutto/Monat", "im Monat", "monatlich"],
    "year": ["pro Jahr", "brutto/Jahr", "p.a.", "im Jahr", "j\u00e4hrlich"],
}
_FRENCH = {
    "hour": ["par heure", "/heure"],
    "day": ["par jour", "/jour"],
    "week": ["par semaine"],
    "month": ["par mois", "/mois", "bruts mensuels"],
    "year": ["par an", "/an", "bruts annuels"],
}
_SPANISH = {
    "hour": ["por hora", "la hora"],
    "day": ["por d\u00eda", "al d\u00eda"],
    "week": ["por semana"],
    "month": ["al mes", "por mes", "mensuales"],
    "year": ["al a\u00f1o", "por a\u00f1o", "anuales"],
}
_SYMBOLS = {"USD": "$", "EUR": "\u20ac", "GBP": "\u00a3"}


def _english(amount: int) -> str:
    return f"{amount:,}"


def _dotted(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _spaced(amount: int, space: str) -> str:
    return f"{amount:,}".replace(",", space)


@st.composite
def written_salaries(draw: st.DrawFn) -> tuple[str, int, int, str, str]:
    interval = draw(st.sampled_from(list(_RANGES)))
    low_bound, high_bound = _RANGES[interval]
    currency = draw(st.sampled_from(list(_SCALE)))
    scale = _SCALE[currency]
    low = draw(st.integers(low_bound, high_bound)) * scale
    high = low + draw(st.integers(0, low))
    if interval == "year":
        low, high = round(low, -3), round(high, -3)
    style = draw(st.sampled_from(["us", "code", "dot", "space", "swiss", "k", "plain", "es"]))
    dash = draw(st.sampled_from(["-", " - ", "\u2013", " \u2013 ", " to "]))
    if style == "us" and currency in _SYMBOLS:
        sign = _SYMBOLS[currency]
        words = draw(st.sampled_from(_ENGLISH[interval]))
        text = f"{sign}{_english(low)}{dash}{sign}{_english(high)} {words}"
    elif style == "k" and interval == "year" and currency in _SYMBOLS:
        sign = _SYMBOLS[currency]
        k = draw(st.sampled_from(["k", "K"]))
        text = f"{sign}{low // 1000}{k}{dash}{sign}{high // 1000}{k} per year"
    elif style == "dot":
        words = draw(st.sampled_from(_GERMAN[interval]))
        text = f"{_dotted(low)}{dash}{_dotted(high)} {currency} {words}"
    elif style == "space":
        space = draw(st.sampled_from([" ", NBSP, NNBSP]))
        words = draw(st.sampled_from(_FRENCH[interval]))
        joiner = draw(st.sampled_from([" \u00e0 ", " - ", "\u2013"]))
        text = f"{_spaced(low, space)}{joiner}{_spaced(high, space)} {currency} {words}"
    elif style == "swiss":
        words = draw(st.sampled_from(_GERMAN[interval]))
        text = f"{currency} {_spaced(low, chr(39))}{dash}{_spaced(high, chr(39))} {words}"
    elif style == "es":
        words = draw(st.sampled_from(_SPANISH[interval]))
        text = f"de {_dotted(low)} a {_dotted(high)} {currency} {words}"
    elif style == "plain":
        words = draw(st.sampled_from(_ENGLISH[interval]))
        text = f"{low}-{high} {currency} {words}"
    else:
        words = draw(st.sampled_from(_ENGLISH[interval]))
        text = f"{currency} {_english(low)}{dash}{_english(high)} {words}"
    return text, low, high, currency, interval


@settings(max_examples=300, deadline=None)
@given(written_salaries())
def test_written_salaries_parse_back(case):
    text, low, high, currency, interval = case
    found = parse_salary(text)
    assert found is not None, text
    assert (found.minimum, found.maximum, found.currency, found.interval) == (
        low,
        high,
        currency,
        interval,
    ), text


_FILLER_SENTENCES = [
    "We are a team of {n} people.",
    "You have {n}+ years of experience with Python.",
    "Founded in {year}, we serve {n} customers.",
    "This role is 100% remote.",
    "We offer a 401(k) with {p}% match.",
    "Offices in {n} countries.",
    "Apply by {d}.{m}.{year}.",
    "Started on {year}-{m:02d}-{d:02d}.",
    "Call us at +1 415 555 {phone}.",
    "We closed a Series B of ${n}M in {year}.",
    "Our platform handles {n},000 requests per second.",
    "Version {d}.{m}.{n} is out.",
    "{p}% of our staff work remotely, {n} days a month in the office.",
]


@st.composite
def non_money_text(draw: st.DrawFn) -> str:
    sentences = draw(st.lists(st.sampled_from(_FILLER_SENTENCES), min_size=1, max_size=6))
    return " ".join(
        sentence.format(
            n=draw(st.integers(1, 999)),
            year=draw(st.integers(1950, 2099)),
            p=draw(st.integers(1, 100)),
            d=draw(st.integers(1, 28)),
            m=draw(st.integers(1, 12)),
            phone=draw(st.integers(1000, 9999)),
        )
        for sentence in sentences
    )


@settings(max_examples=300, deadline=None)
@given(non_money_text())
def test_numbers_that_are_not_money_give_no_salary(text):
    assert parse_salary(text) is None, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(non_money_text(), written_salaries(), non_money_text())
def test_a_salary_among_other_numbers_is_found(before, case, after):
    text, low, high, currency, interval = case
    found = parse_salary(f"{before}\nSalary: {text}.\n{after}")
    assert found is not None
    assert (found.minimum, found.maximum, found.currency, found.interval) == (
        low,
        high,
        currency,
        interval,
    )


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_and_is_consistent(text):
    found = parse_salary(text)
    if found is None:
        return
    amounts = [a for a in (found.minimum, found.maximum) if a is not None]
    assert amounts
    assert all(a > 0 and math.isfinite(a) for a in amounts)
    if found.minimum is not None and found.maximum is not None:
        assert found.minimum <= found.maximum
    assert found.span is not None
    assert 0 <= found.span[0] < found.span[1] <= len(text)


_MONEY_TOKENS = [*"0123456789 .,'-\u2013kKmM$\u20ac\u00a3\u20b9/+%()", "per year", "EUR ", " p.a."]
_MONEYISH = st.lists(st.sampled_from(_MONEY_TOKENS), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_MONEYISH)
def test_parse_on_money_like_noise_is_consistent(text):
    found = parse_salary(text)
    if found is not None and found.minimum is not None and found.maximum is not None:
        assert found.minimum <= found.maximum


def test_currency_for_country_settles_shared_signs():
    assert currency_for_country("DK") == "DKK"
    assert currency_for_country("de") == "EUR"
    assert currency_for_country("XX") is None
    assert currency_for_country(None) is None
    found = parse_salary("kr 45 000 per m\u00e5ned", default_currency=currency_for_country("NO"))
    assert found is not None
    assert found.currency == "NOK"

"""Salaries for the demo corpus: a plausible offer for an occupation, seniority and country, and
the many ways boards write one down ("$120k-$150k", "€50.000 - 60.000 p.a.", "₹18 LPA" …)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from jobpilot.jobs.corpus_vocabulary import Country, LanguageText, Occupation

# Pay of each seniority relative to a mid-level hire.
LEVEL_PAY = {
    "intern": 0.38,
    "junior": 0.74,
    "mid": 1.0,
    "senior": 1.3,
    "staff": 1.6,
    "lead": 1.42,
    "principal": 1.85,
    "head": 2.0,
}
HOURS_PER_YEAR = 2080
DAYS_PER_YEAR = 220
# Share of offers quoted per month where that is the local habit.
_MONTHLY_HABIT = {
    "PL": 0.6,
    "BR": 0.6,
    "MX": 0.6,
    "SE": 0.35,
    "NO": 0.3,
    "DK": 0.35,
    "DE": 0.2,
    "AT": 0.3,
    "CH": 0.15,
    "FR": 0.2,
    "ES": 0.2,
    "IT": 0.25,
    "PT": 0.35,
    "JP": 0.2,
    "AE": 0.5,
}
_DAY_RATE_COUNTRIES = frozenset({"GB", "DE", "NL", "CH", "FR", "IE", "DK", "SE", "AT"})
# How often pay is quoted per hour, relative to the United States.
_HOURLY_HABIT = {
    "US": 1.0,
    "CA": 1.0,
    "AU": 0.9,
    "NZ": 0.9,
    "GB": 0.8,
    "IE": 0.6,
    "IN": 0.1,
    "BR": 0.1,
    "MX": 0.1,
    "JP": 0.2,
    "AE": 0.1,
    "SG": 0.2,
}
_SYMBOLS = {
    "USD": ("$",),
    "GBP": ("£",),
    "EUR": ("€",),
    "INR": ("₹",),
    "JPY": ("¥",),
    "CAD": ("CA$", "C$", "$"),
    "AUD": ("A$", "AU$", "$"),
    "NZD": ("NZ$",),
    "SGD": ("S$",),
    "BRL": ("R$",),
    "MXN": ("MX$", "$"),
}
_SUFFIX_SYMBOLS = {"SEK": "kr", "NOK": "kr", "DKK": "kr.", "PLN": "zł"}
_NUMBER_HABIT = {
    "DE": "dot",
    "AT": "dot",
    "NL": "dot",
    "ES": "dot",
    "IT": "dot",
    "DK": "dot",
    "BR": "dot",
    "PT": "dot",
    "FR": "space",
    "SE": "space",
    "NO": "space",
    "PL": "space",
    "CH": "swiss",
    "IN": "indian",
}
_ENGLISH_INTERVALS = {"year": "yr", "month": "mo", "hour": "hr", "day": "day"}


@dataclass(frozen=True, slots=True)
class SalaryOffer:
    """What the employer pays: one or both bounds, in a currency, per interval."""

    minimum: float | None
    maximum: float | None
    currency: str
    interval: str

    @property
    def shape(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return "exact" if self.minimum == self.maximum else "range"
        return "min" if self.minimum is not None else "max"


def _round_to_step(value: float, interval: str) -> float:
    if interval == "hour":
        step = 0.25 if value < 10 else 0.5 if value < 100 else 5.0 if value < 1000 else 50.0
    elif interval == "day" and value < 2000:
        step = 25.0
    else:
        digits = len(str(int(value)))
        step = float(10 ** max(digits - 2, 0))
    return max(step, round(value / step) * step)


def _interval(
    rng: random.Random, occupation: Occupation, country: Country, employment: str, level: str
) -> str:
    if level == "intern":
        return "hour" if country.code in ("US", "CA") and rng.random() < 0.5 else "month"
    roll = rng.random()
    if employment == "contract" and country.code in _DAY_RATE_COUNTRIES and occupation.is_tech:
        return "day" if roll < 0.6 else "year"
    hourly = occupation.hourly * _HOURLY_HABIT.get(country.code, 0.4)
    if level in ("staff", "lead", "principal", "head"):
        hourly *= 0.25
    if employment in ("part_time", "temporary", "contract"):
        hourly = min(1.0, hourly * 1.8 + 0.1)
    if roll < hourly:
        return "hour"
    if rng.random() < _MONTHLY_HABIT.get(country.code, 0.0):
        return "month"
    return "year"


def draw_offer(
    rng: random.Random, occupation: Occupation, level: str, country: Country, employment: str
) -> SalaryOffer:
    """A salary that is plausible for the occupation, seniority and country."""
    pay_index = country.pay_tech if occupation.is_tech else country.pay_general
    annual = occupation.salary_usd * LEVEL_PAY[level] * pay_index * country.fx
    annual *= 0.88 + 0.24 * rng.random()
    interval = _interval(rng, occupation, country, employment, level)
    if interval == "month":
        amount = annual / 12
    elif interval == "hour":
        amount = annual / HOURS_PER_YEAR
    elif interval == "day":
        amount = annual / DAYS_PER_YEAR * 1.4
    else:
        amount = annual
    low = _round_to_step(amount * (0.86 + 0.09 * rng.random()), interval)
    high = _round_to_step(low * (1.12 + 0.23 * rng.random()), interval)
    if high <= low:
        high = _round_to_step(low * 1.25, interval)
    roll = rng.random()
    if interval == "hour" and level in ("intern", "junior", "mid") and roll < 0.35:
        return SalaryOffer(low, low, country.currency, interval)
    if country.currency == "INR" and interval == "year" and roll < 0.25:
        return SalaryOffer(high, high, country.currency, interval)
    if roll < 0.08:
        return SalaryOffer(low, None, country.currency, interval)
    if roll < 0.15:
        return SalaryOffer(None, high, country.currency, interval)
    return SalaryOffer(low, high, country.currency, interval)


def salary_styles(offer: SalaryOffer, language: str) -> tuple[str, ...]:
    """The text styles that can express this offer."""
    shape = offer.shape
    if shape == "min":
        return ("from", "from", "structured")
    if shape == "max":
        return ("up_to", "up_to", "structured")
    if shape == "exact":
        if offer.currency == "INR" and offer.interval == "year":
            return ("lpa", "lpa", "exact", "structured")
        return ("exact", "exact", "structured")
    styles = ["code_full", "symbol_full", "symbol_full", "structured"]
    if offer.interval == "year":
        if offer.currency in _SYMBOLS and language == "en":
            styles += ["k_symbol", "k_symbol"]
        styles.append("k_code_suffix")
        if offer.currency == "CHF":
            styles += ["swiss", "swiss"]
        if offer.currency == "INR":
            styles += ["lpa", "lpa", "lpa"]
    if language == "en" and offer.currency in _SYMBOLS:
        styles.append("linkedin")
    return tuple(styles)


def number_habit(rng: random.Random, country: Country, language: str) -> str:
    """How this posting writes big numbers: "en" (50,000), "dot" (50.000), "space" (50 000),
    "swiss" (50'000), "indian" (5,00,000) or "plain" (50000)."""
    local = _NUMBER_HABIT.get(country.code, "en")
    if rng.random() < 0.08:
        return "plain"
    if language == "en" and local != "indian" and rng.random() < 0.55:
        return "en"
    return local


def format_number(value: float, habit: str) -> str:
    """A number as this habit writes it (two decimals only when it has cents)."""
    whole = int(value)
    cents = round((value - whole) * 100)
    if habit == "indian":
        digits = str(whole)
        if len(digits) > 3:
            head, tail = digits[:-3], digits[-3:]
            groups: list[str] = []
            while len(head) > 2:
                groups.insert(0, head[-2:])
                head = head[:-2]
            if head:
                groups.insert(0, head)
            digits = ",".join(groups) + "," + tail
        return digits if not cents else f"{digits}.{cents:02d}"
    if habit == "plain":
        grouped = str(whole)
    else:
        grouped = f"{whole:,}"
        separator = {"en": ",", "dot": ".", "space": " ", "swiss": "'"}[habit]
        if separator != ",":
            grouped = grouped.replace(",", separator)
    if not cents:
        return grouped
    decimal_mark = "." if habit in ("en", "plain", "swiss") else ","
    return f"{grouped}{decimal_mark}{cents:02d}"


@dataclass(frozen=True, slots=True)
class _Money:
    """How one salary writes its amounts: "$" before, " €" or " kr" after, and the number
    habit. Chosen once per salary, so a range never mixes "€50.000" with "60.000 €"."""

    prefix: str
    suffix: str
    habit: str

    def __call__(self, value: float) -> str:
        return f"{self.prefix}{format_number(value, self.habit)}{self.suffix}"


def _money_style(rng: random.Random, currency: str, habit: str, language: str) -> _Money:
    if currency in _SUFFIX_SYMBOLS:
        suffix = _SUFFIX_SYMBOLS[currency] if rng.random() < 0.5 else currency
        return _Money("", f" {suffix}", habit)
    symbols = _SYMBOLS.get(currency)
    if symbols is None:
        if rng.random() < 0.7:
            return _Money(f"{currency} ", "", habit)
        return _Money("", f" {currency}", habit)
    if currency == "EUR" and (language != "en" or habit in ("dot", "space")) and rng.random() < 0.7:
        return _Money("", " €", habit)
    return _Money(symbols[int(rng.random() * len(symbols))], "", habit)


def _k(value: float) -> str:
    return _short_number(value / 1000)


def _per(amount: str, per: str) -> str:
    """The amount followed by its interval: "$30/hour", "$30 per hour"."""
    return f"{amount}{per}" if per.startswith("/") else f"{amount} {per}"


def format_salary(
    rng: random.Random, offer: SalaryOffer, style: str, text: LanguageText, country: Country
) -> str:
    """The offer written in one style, in the posting's language."""
    language = text.language
    habit = number_habit(rng, country, language)
    per = text.pick_in(rng, "salary_words", offer.interval)
    to = text.pick_in(rng, "salary_words", "to")
    low, high, currency = offer.minimum, offer.maximum, offer.currency
    money = _money_style(rng, currency, habit, language)
    if style == "from" and low is not None:
        lead = text.pick_in(rng, "salary_words", "from")
        if language == "en" and rng.random() < 0.4:
            return f"{lead} {format_number(low, habit)} {currency}/{offer.interval}"
        return _per(f"{lead} {money(low)}", per)
    if style == "up_to" and high is not None:
        lead = text.pick_in(rng, "salary_words", "up_to")
        return _per(f"{lead} {money(high)}", per)
    if style == "lpa" and low is not None and low == high:
        return f"₹{_short_number(low / 100_000)} LPA"
    if style == "exact" and low is not None:
        return _per(money(low), per)
    assert low is not None, style
    assert high is not None, style
    if style == "k_symbol":
        symbol = _SYMBOLS[currency][0]
        k = "k" if rng.random() < 0.7 else "K"
        if rng.random() < 0.5:
            return f"{symbol}{_k(low)}{k}{to}{symbol}{_k(high)}{k}"
        return f"{symbol}{_k(low)}{k}{to}{_k(high)}{k}"
    if style == "k_code_suffix":
        k = "K" if rng.random() < 0.6 else "k"
        return f"{_k(low)}-{_k(high)}{k} {currency}"
    if style == "swiss":
        return f"CHF {format_number(low, 'swiss')}{to}{format_number(high, 'swiss')}"
    if style == "lpa":
        lakhs = f"{_short_number(low / 100_000)}-{_short_number(high / 100_000)}"
        return f"₹{lakhs} LPA" if rng.random() < 0.6 else f"INR {lakhs} Lakhs per annum"
    if style == "linkedin":
        symbol = _SYMBOLS[currency][0]
        unit = _ENGLISH_INTERVALS[offer.interval]
        return f"{symbol}{low:,.2f}/{unit} - {symbol}{high:,.2f}/{unit}"
    if style == "code_full":
        return _per(f"{currency} {format_number(low, habit)}{to}{format_number(high, habit)}", per)
    first = money(low)
    second = money(high)
    if rng.random() < 0.35 and first[0] in "$£€₹¥":
        second = format_number(high, habit)
    return _per(f"{first}{to}{second}", per)


def _short_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def salary_facts(offer: SalaryOffer) -> dict[str, str]:
    """Ground truth for a parser: the offer's bounds, currency and interval, as strings."""
    facts = {"demo_salary_currency": offer.currency, "demo_salary_interval": offer.interval}
    if offer.minimum is not None:
        facts["demo_salary_min"] = _short_number(offer.minimum)
    if offer.maximum is not None:
        facts["demo_salary_max"] = _short_number(offer.maximum)
    return facts

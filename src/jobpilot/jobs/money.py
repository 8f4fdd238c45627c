"""Currencies, written numbers and pay intervals, as salary texts use them around the world.

What a currency token means (``"€"`` → EUR, ``"kr"`` → one of SEK/NOK/DKK/ISK), how a written
number reads ("50.000" is fifty thousand, "12,50" twelve and a half, "1 200 000", "110'000",
"12,00,000" in Indian grouping) and a rough size of each currency's unit, used only to judge
whether an amount is plausible as pay and which interval it must be; and the words for
"per hour" … "per year" in the languages postings come in.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

Interval = Literal["hour", "day", "week", "month", "year"]
INTERVALS: tuple[Interval, ...] = get_args(Interval)

# A code for each written form. Symbols and codes are matched case-sensitively; the words in
# CURRENCY_WORDS in any case. "$", "¥" and "kr" are shared by several currencies and resolved
# by :func:`resolve_currency`.
DOLLAR = "$"
YEN = "¥"
KRONE = "kr"
CURRENCY_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "U$S": "USD",
    "$": DOLLAR,
    "C$": "CAD",
    "CA$": "CAD",
    "CAN$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "SG$": "SGD",
    "HK$": "HKD",
    "MX$": "MXN",
    "NT$": "TWD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "¥": YEN,
    "￥": YEN,
    "₹": "INR",
    "Rs.": "INR",
    "Rs": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
    "₦": "NGN",
    "₫": "VND",
    "₴": "UAH",
    "฿": "THB",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",
    "kr.": KRONE,
    "kr": KRONE,
    "Kr.": KRONE,
    "Kr": KRONE,
    "SFr.": "CHF",
    "Fr.": "CHF",
    "RMB": "CNY",
    "NTD": "TWD",
}
CURRENCY_CODES = frozenset(
    [
        "USD",
        "EUR",
        "GBP",
        "CHF",
        "CAD",
        "AUD",
        "NZD",
        "JPY",
        "CNY",
        "INR",
        "SEK",
        "NOK",
        "DKK",
        "ISK",
        "PLN",
        "CZK",
        "HUF",
        "RON",
        "BGN",
        "RSD",
        "BRL",
        "MXN",
        "ARS",
        "CLP",
        "COP",
        "PEN",
        "UYU",
        "SGD",
        "HKD",
        "TWD",
        "KRW",
        "THB",
        "MYR",
        "IDR",
        "PHP",
        "VND",
        "ZAR",
        "NGN",
        "KES",
        "EGP",
        "MAD",
        "AED",
        "SAR",
        "QAR",
        "KWD",
        "BHD",
        "OMR",
        "ILS",
        "TRY",
        "RUB",
        "UAH",
        "GEL",
        "KZT",
        "PKR",
        "BDT",
        "LKR",
        "NPR",
    ]
)
CURRENCY_WORDS: dict[str, str] = {
    "dollars": DOLLAR,
    "dollar": DOLLAR,
    "euros": "EUR",
    "euro": "EUR",
    "pounds sterling": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "swiss francs": "CHF",
    "francs": "CHF",
    "rupees": "INR",
    "yen": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "reais": "BRL",
    "złotych": "PLN",
    "zloty": "PLN",
    "zlotys": "PLN",
    "kronor": "SEK",
    "kroner": KRONE,
}
DOLLAR_CURRENCIES = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "TWD"})
KRONE_CURRENCIES = frozenset({"SEK", "NOK", "DKK", "ISK"})
YEN_CURRENCIES = frozenset({"JPY", "CNY"})

# Words that give away which "kr" a text means (pay words differ between the three languages).
_KRONE_HINTS = (
    ("SEK", re.compile(r"\b(?:månad\w*|mån|timme|lön\w*|årslön|kronor|SEK)\b", re.IGNORECASE)),
    ("NOK", re.compile(r"\b(?:\w*lønn\w*|NOK)\b", re.IGNORECASE)),
    ("DKK", re.compile(r"\b(?:\w*løn|lønnen|DKK)\b", re.IGNORECASE)),
)
_YUAN_HINT = re.compile(r"元|\b(?:RMB|CNY|yuan|China|Shanghai|Beijing|Shenzhen)\b")

# Roughly what one unit is worth in US dollars. Only orders of magnitude matter: these decide
# whether "¥6,000,000" can be a yearly salary, never what anything is converted to.
UNIT_SIZE_USD: dict[str, float] = {
    "USD": 1.0,
    "EUR": 1.1,
    "GBP": 1.25,
    "CHF": 1.1,
    "CAD": 0.73,
    "AUD": 0.65,
    "NZD": 0.6,
    "SGD": 0.74,
    "HKD": 0.13,
    "TWD": 0.031,
    "JPY": 0.007,
    "CNY": 0.14,
    "INR": 0.012,
    "SEK": 0.095,
    "NOK": 0.093,
    "DKK": 0.145,
    "ISK": 0.0072,
    "PLN": 0.25,
    "CZK": 0.043,
    "HUF": 0.0027,
    "RON": 0.22,
    "BGN": 0.55,
    "RSD": 0.0093,
    "BRL": 0.18,
    "MXN": 0.055,
    "CLP": 0.0011,
    "COP": 0.00025,
    "PEN": 0.27,
    "UYU": 0.025,
    "KRW": 0.00075,
    "THB": 0.028,
    "MYR": 0.21,
    "IDR": 0.000063,
    "PHP": 0.018,
    "VND": 0.00004,
    "ZAR": 0.055,
    "NGN": 0.00065,
    "KES": 0.0077,
    "EGP": 0.02,
    "MAD": 0.1,
    "AED": 0.27,
    "SAR": 0.27,
    "QAR": 0.27,
    "KWD": 3.2,
    "BHD": 2.65,
    "OMR": 2.6,
    "ILS": 0.27,
    "TRY": 0.03,
    "RUB": 0.011,
    "UAH": 0.024,
    "GEL": 0.37,
    "KZT": 0.002,
    "PKR": 0.0036,
    "BDT": 0.0085,
    "LKR": 0.0033,
    "NPR": 0.0075,
}


# The currency salaries are usually quoted in, per country (ISO 3166-1 alpha-2).
_EUROZONE = "AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK"
COUNTRY_CURRENCY: dict[str, str] = {
    **dict.fromkeys(_EUROZONE.split(), "EUR"),
    "US": "USD",
    "GB": "GBP",
    "CH": "CHF",
    "LI": "CHF",
    "CA": "CAD",
    "AU": "AUD",
    "NZ": "NZD",
    "SG": "SGD",
    "HK": "HKD",
    "TW": "TWD",
    "JP": "JPY",
    "CN": "CNY",
    "IN": "INR",
    "SE": "SEK",
    "NO": "NOK",
    "DK": "DKK",
    "IS": "ISK",
    "PL": "PLN",
    "CZ": "CZK",
    "HU": "HUF",
    "RO": "RON",
    "BG": "BGN",
    "RS": "RSD",
    "BR": "BRL",
    "MX": "MXN",
    "AR": "ARS",
    "CL": "CLP",
    "CO": "COP",
    "PE": "PEN",
    "UY": "UYU",
    "KR": "KRW",
    "TH": "THB",
    "MY": "MYR",
    "ID": "IDR",
    "PH": "PHP",
    "VN": "VND",
    "ZA": "ZAR",
    "NG": "NGN",
    "KE": "KES",
    "EG": "EGP",
    "MA": "MAD",
    "AE": "AED",
    "SA": "SAR",
    "QA": "QAR",
    "KW": "KWD",
    "BH": "BHD",
    "OM": "OMR",
    "IL": "ILS",
    "TR": "TRY",
    "UA": "UAH",
    "GE": "GEL",
    "KZ": "KZT",
    "PK": "PKR",
    "BD": "BDT",
    "LK": "LKR",
    "NP": "NPR",
}


def currency_for_country(country: str | None) -> str | None:
    """The currency salaries in ``country`` are usually quoted in, for ``default_currency``."""
    return COUNTRY_CURRENCY.get(country.upper()) if country else None


def resolve_currency(token: str, *, default: str | None, text: str) -> str | None:
    """The ISO 4217 code a currency token stands for, or None when it cannot be told.

    A shared sign ("$", "¥", "kr") takes ``default`` when that is one of its currencies, then
    cues in ``text``; "$" alone is USD and "¥" alone JPY.
    """
    code = CURRENCY_SYMBOLS.get(token) or CURRENCY_WORDS.get(token.lower())
    if code is None:
        return token if token in CURRENCY_CODES else None
    if code == DOLLAR:
        return default if default in DOLLAR_CURRENCIES else "USD"
    if code == YEN:
        if default in YEN_CURRENCIES:
            return default
        return "CNY" if _YUAN_HINT.search(text) else "JPY"
    if code == KRONE:
        if default in KRONE_CURRENCIES:
            return default
        for hinted, pattern in _KRONE_HINTS:
            if pattern.search(text):
                return hinted
        return None
    return code


_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'\u2019")


def read_number(written: str, *, decimal_separator_only: bool = False) -> float | None:
    """The value of a written number in English or European style, or None if malformed.

    Spaces, apostrophes and repeated separators group thousands. A single "." or "," followed
    by exactly three digits groups thousands too ("50.000", "120,000") unless
    ``decimal_separator_only`` (set when a multiplier follows: "1,5k", "1.500k").
    """
    digits = written.translate(_SPACES)
    if not digits:
        return None
    has_comma = "," in digits
    has_dot = "." in digits
    if has_comma and has_dot:
        if digits.rfind(",") > digits.rfind("."):
            digits = digits.replace(".", "").replace(",", ".")
        else:
            digits = digits.replace(",", "")
    elif has_comma or has_dot:
        separator = "," if has_comma else "."
        parts = digits.split(separator)
        if len(parts) > 2:
            digits = "".join(parts)
        elif decimal_separator_only or len(parts[1]) != 3 or parts[0] == "0":
            digits = f"{parts[0]}.{parts[1]}"
        else:
            digits = "".join(parts)
    try:
        return float(digits)
    except ValueError:
        return None


def normalise_currency_code(value: str | None) -> str | None:
    """An ISO 4217 code from a provider's currency field ("usd", "€", "US$"), else None."""
    if not value:
        return None
    token = value.strip()
    upper = token.upper()
    if upper in CURRENCY_CODES:
        return upper
    if len(upper) == 3 and upper.isalpha() and upper.isascii():
        # Any well-formed code a provider states is kept, known to us or not.
        return upper
    return resolve_currency(token, default=None, text="")


# Interval words said right after an amount ("/hr", "p.a.", "pro Monat", "por mês"), as
# verbose-mode patterns.
INTERVAL_WORDS: dict[Interval, str] = {
    "hour": r"""per\s+h(?:ou)?r|an\s+hour|a\s+hour|/\s?(?:hour|hr|h|std\.?|stunde|heure|hora|uur|
        time|tim|timme|godz\.?)|hourly|p\.?\s?h\.?|ph|hr|pro\s+stunde|die\s+stunde|
        in\s+der\s+stunde|stündlich|par\s+heure|de\s+l['\u2019]heure|l['\u2019]heure|por\s+hora|
        la\s+hora|a\s+la\s+hora|à\s+hora|per\s+uur|i\s+timen|per\s+time|pr\.?\s+time|
        i\s+timmen|per\s+timme|za\s+godzinę|na\s+godzinę|all['\u2019]ora|l['\u2019]ora""",
    "day": r"""per\s+day|a\s+day|/\s?(?:day|d|tag|jour|día|dia|dag|dzień)|daily|p\.?\s?d\.|
        pro\s+tag|am\s+tag|täglich|par\s+jour|la\s+journée|por\s+día|por\s+dia|al\s+día|
        ao\s+dia|per\s+dag|om\s+dagen|pr\.?\s+dag|al\s+giorno|dziennie""",
    "week": r"""per\s+week|a\s+week|/\s?(?:week|wk|woche|semaine|semana|uke|vecka|uge|
        tydzień)|weekly|p\.?\s?w\.?|pw|pro\s+woche|wöchentlich|par\s+semaine|por\s+semana|
        semanal|i\s+uken|per\s+uke|i\s+veckan|per\s+vecka|om\s+ugen|per\s+uge|tygodniowo|
        a\s+settimana""",
    "month": r"""per\s+(?:calendar\s+)?month|a\s+month|/\s?(?:month|mo|mth|mon|m|monat|mois|
        mes|mês|maand|md\.?|mnd\.?|måned|mån\.?|mies\.?|mese)|monthly|p\.?\s?m\.?|pm|pcm|
        pro\s+monat|im\s+monat|monatlich|mtl\.?|par\s+mois|mensuel(?:le)?s?|por\s+mes|
        al\s+mes|mensual(?:es)?|por\s+mês|ao\s+mês|mensais|mensal|per\s+maand|
        maandelijks|per\s+måned|pr\.?\s+måned|pr\.?\s+md\.?|i\s+måneden|om\s+måneden|
        månedlig|i\s+månaden|per\s+månad|månatligen|miesięcznie|na\s+miesiąc|al\s+mese|
        mensili|mensile""",
    "year": r"""per\s+(?:year|annum|anno|yr)|a\s+year|/\s?(?:year|yr|y|a|annum|jahr|an|
        année|año|ano|jaar|år|rok|anno)|yearly|annually|annual|p\.?\s?a\.?|pa|pro\s+jahr|
        im\s+jahr|jährlich|jährl\.?|par\s+an|par\s+année|à\s+l['\u2019]année|l['\u2019]an|
        annuel(?:le)?s?|por\s+año|al\s+año|anual(?:es)?|anuais|por\s+ano|ao\s+ano|
        per\s+jaar|jaarlijks|per\s+år|pr\.?\s+år|om\s+året|i\s+året|årlig(?:en)?|rocznie|
        na\s+rok|all['\u2019]anno|annui|annuo|annuale""",
}

_INTERVAL_ALIASES: dict[str, Interval] = {
    "hour": "hour",
    "hours": "hour",
    "hourly": "hour",
    "hr": "hour",
    "h": "hour",
    "perhourwage": "hour",
    "perhoursalary": "hour",
    "stunde": "hour",
    "day": "day",
    "days": "day",
    "daily": "day",
    "perdaywage": "day",
    "perdaysalary": "day",
    "tag": "day",
    "week": "week",
    "weeks": "week",
    "weekly": "week",
    "wk": "week",
    "perweekwage": "week",
    "perweeksalary": "week",
    "month": "month",
    "months": "month",
    "monthly": "month",
    "mo": "month",
    "mth": "month",
    "permonthsalary": "month",
    "permonthwage": "month",
    "monat": "month",
    "year": "year",
    "years": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "yr": "year",
    "pa": "year",
    "peryearsalary": "year",
    "peryearwage": "year",
    "jahr": "year",
}
_NOT_LETTERS = re.compile(r"[^a-z]+")


def normalise_interval(value: str | None) -> Interval | None:
    """An interval from a provider's value ("per-year-salary", "YEAR", "hourly"), else None."""
    if not value:
        return None
    key = _NOT_LETTERS.sub("", value.lower())
    if key in _INTERVAL_ALIASES:
        return _INTERVAL_ALIASES[key]
    if key.startswith("per"):
        return _INTERVAL_ALIASES.get(key[3:])
    return None

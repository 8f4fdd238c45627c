"""Reading schema.org ``JobPosting`` objects: out of web pages and into :class:`RawPosting`.

Career pages, manually entered URLs and schema.org JSON files all carry the format search
engines read. :func:`find_jobpostings` collects every ``JobPosting`` from a page's
``<script type="application/ld+json">`` blocks (top-level objects, arrays, ``@graph`` and
objects nested under other types), forgiving the usual hand-written mistakes; an unreadable
block becomes an :class:`ItemError` and the page's other blocks are still read.
:func:`jobposting_to_raw` maps one object onto a raw posting, keeping values as the page gave
them (locations as strings, salary only when structured).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from jobpilot.sources.base import (
    ItemError,
    JsonObject,
    RawPosting,
    SalaryHint,
    SalaryInterval,
    parse_iso_datetime,
)

# Deeper nesting than this is not a real page; it bounds the walk over hostile input.
_MAX_DEPTH = 32

# Script-comment forms first: "<![CDATA[" alone would leave their "//" or "/*" behind.
_WRAPPERS = (
    ("//<![CDATA[", "//]]>"),
    ("/*<![CDATA[*/", "/*]]>*/"),
    ("<!--", "-->"),
    ("<![CDATA[", "]]>"),
)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?\s*>")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(\s.*?)?&gt;")
_INTERVALS: dict[str, SalaryInterval] = {
    "HOUR": "hour",
    "HOURLY": "hour",
    "DAY": "day",
    "DAILY": "day",
    "WEEK": "week",
    "WEEKLY": "week",
    "MONTH": "month",
    "MONTHLY": "month",
    "YEAR": "year",
    "YEARLY": "year",
    "ANNUAL": "year",
    "ANNUALLY": "year",
}


class JobPostingError(ValueError):
    """A ``JobPosting`` object lacks what every posting needs (a title)."""


@dataclass(frozen=True, slots=True)
class FoundJobPostings:
    """The ``JobPosting`` objects of one page and the blocks that could not be read."""

    postings: list[JsonObject] = field(default_factory=list)
    errors: list[ItemError] = field(default_factory=list)


def find_jobpostings(page: str | LexborHTMLParser, *, page_url: str) -> FoundJobPostings:
    """Every ``JobPosting`` in the page's JSON-LD blocks, in document order."""
    tree = page if isinstance(page, LexborHTMLParser) else LexborHTMLParser(page)
    found = FoundJobPostings()
    for number, script in enumerate(tree.css("script[type]"), start=1):
        media_type = (script.attributes.get("type") or "").split(";")[0].strip().lower()
        if media_type != "application/ld+json":
            continue
        try:
            document = parse_jsonld_block(script.text(deep=True))
        except ValueError as exc:
            found.errors.append(
                ItemError(
                    where=f"{page_url} (JSON-LD block {number})", message=f"invalid JSON: {exc}"
                )
            )
            continue
        found.postings.extend(iter_jobpostings(document))
    return found


def parse_jsonld_block(raw: str) -> object:
    """The JSON value of one ``ld+json`` block, tolerating comment and CDATA wrappers and
    trailing commas. Raises ``ValueError`` when it is not JSON even then."""
    text = _unwrap(raw.strip())
    if not text:
        raise ValueError("empty block")
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return json.loads(_drop_trailing_commas(text), strict=False)


def iter_jobpostings(document: object, _depth: int = 0) -> Iterator[JsonObject]:
    """The ``JobPosting`` objects anywhere in a JSON-LD document (arrays, ``@graph``,
    ``mainEntity``, ``ItemList`` elements …); a posting's own children are not searched."""
    if _depth > _MAX_DEPTH:
        return
    if isinstance(document, list):
        for item in document:
            yield from iter_jobpostings(item, _depth + 1)
    elif isinstance(document, dict):
        if is_jobposting(document):
            yield document
            return
        for value in document.values():
            if isinstance(value, dict | list):
                yield from iter_jobpostings(value, _depth + 1)


def is_jobposting(obj: JsonObject) -> bool:
    """Whether the object's ``@type`` (a string or a list, prefixed or not) is JobPosting."""
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(
        isinstance(name, str) and re.split(r"[/:#]", name.strip())[-1] == "JobPosting"
        for name in names
    )


def jobposting_to_raw(
    obj: JsonObject, *, source: str, source_key: str, page_url: str | None
) -> RawPosting:
    """One schema.org ``JobPosting`` object as a raw posting.

    ``page_url`` is where the object was found (relative URLs resolve against it; it is the
    posting's URL when the object names none). The external id is the ``identifier`` value,
    else the posting's URL, else a hash of the page URL, title and company. Raises
    :class:`JobPostingError` when the object has no title.
    """
    title = _plain(obj.get("title")) or _plain(obj.get("name"))
    if not title:
        raise JobPostingError("JobPosting has no title")
    company, company_url = _organisation(obj.get("hiringOrganization"), page_url)
    own_url = _url(obj.get("url"), page_url)
    url = own_url or page_url
    location_types = _texts(obj.get("jobLocationType"))
    remote = any(value.upper() == "TELECOMMUTE" for value in location_types)
    applicant_places = _place_names(obj.get("applicantLocationRequirements"))
    locations = _locations(obj.get("jobLocation"))
    if not locations and remote:
        # A remote posting's applicant countries are the places it can be done from.
        locations = applicant_places
    description, is_html = _description(obj.get("description"))
    salary, salary_text = _salary(obj.get("baseSalary"))
    direct_apply = _boolean(obj.get("directApply"))
    external_id = (
        _identifier(obj.get("identifier"))
        or own_url
        or stable_id(page_url or "", title, company or "")
    )
    return RawPosting(
        source=source,
        source_key=source_key,
        external_id=external_id,
        title=title,
        description=description,
        description_is_html=is_html,
        company=company,
        company_url=company_url,
        url=url,
        apply_url=url if direct_apply else None,
        locations=locations,
        workplace="remote" if remote else None,
        employment_type=", ".join(_texts(obj.get("employmentType"))) or None,
        salary=salary,
        salary_text=salary_text,
        posted_at=parse_iso_datetime(obj.get("datePosted")),
        valid_through=parse_iso_datetime(obj.get("validThrough")),
        facts=_facts(obj, location_types, applicant_places, direct_apply),
        payload=obj,
    )


def looks_like_html(text: str) -> bool:
    """Whether the text contains HTML tags (a description given as markup)."""
    return bool(_TAG.search(text))


def stable_id(*parts: str) -> str:
    """A short hash of ``parts`` that stays the same between runs (an id for id-less items)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def _unwrap(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for opening, closing in _WRAPPERS:
            if text.startswith(opening):
                text = text[len(opening) :].lstrip()
                changed = True
            if text.endswith(closing):
                text = text[: -len(closing)].rstrip()
                changed = True
    return text


def _drop_trailing_commas(text: str) -> str:
    """``text`` without commas that directly precede ``}`` or ``]`` outside strings."""
    kept: list[str] = []
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "," and text[index + 1 :].lstrip()[:1] in ("}", "]"):
            continue
        kept.append(char)
    return "".join(kept)


def _plain(value: object) -> str | None:
    """A short text field (title, name) with HTML entities decoded."""
    text = _text(value)
    if text is None:
        return None
    return re.sub(r"\s+", " ", html.unescape(text)).strip() or None


def _text(value: object) -> str | None:
    """A text value out of a string, a number or a named object (``name``/``value``)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return _format_number(float(value))
    if isinstance(value, dict):
        for key in ("name", "@value", "value", "codeValue", "credentialCategory"):
            text = _text(value.get(key))
            if text:
                return text
        return None
    if isinstance(value, list):
        return ", ".join(_texts(value)) or None
    return None


def _texts(value: object) -> list[str]:
    """The text values of a field given as one value or a list, duplicates dropped."""
    items = value if isinstance(value, list) else [value]
    result: list[str] = []
    for item in items:
        text = _text(item)
        if text and text not in result:
            result.append(text)
    return result


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


def _url(value: object, base: str | None) -> str | None:
    text = _text(value[0] if isinstance(value, list) and value else value)
    if not text or text.startswith(("javascript:", "mailto:")):
        return None
    return urljoin(base, text) if base else text


def _identifier(value: object) -> str | None:
    if isinstance(value, list):
        for item in value:
            found = _identifier(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        for key in ("value", "@value", "@id"):
            found = _identifier(value.get(key))
            if found:
                return found
        return None
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value).strip() or None
    return None


def _organisation(value: object, base: str | None) -> tuple[str | None, str | None]:
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if isinstance(value, dict):
        return _plain(value.get("name")), _url(value.get("sameAs") or value.get("url"), base)
    return _plain(value), None


def _locations(value: object) -> list[str]:
    places = value if isinstance(value, list) else [value]
    result: list[str] = []
    for place in places:
        if isinstance(place, dict):
            text = _address(place.get("address")) or _plain(place.get("name"))
        else:
            text = _plain(place)
        if text and text not in result:
            result.append(text)
    return result


def _address(value: object) -> str | None:
    if isinstance(value, list):
        return "; ".join(text for item in value if (text := _address(item))) or None
    if not isinstance(value, dict):
        return _plain(value)
    parts: list[str] = []
    for key in ("addressLocality", "addressRegion", "addressCountry"):
        part = _plain(value.get(key))
        if part and part not in parts:
            parts.append(part)
    return ", ".join(parts) or _plain(value.get("name"))


def _place_names(value: object) -> list[str]:
    places = value if isinstance(value, list) else [value]
    result: list[str] = []
    for place in places:
        text = _plain(place)
        if text and text not in result:
            result.append(text)
    return result


def _description(value: object) -> tuple[str, bool]:
    text = value.strip() if isinstance(value, str) else _text(value) or ""
    if looks_like_html(text):
        return text, True
    if _ESCAPED_TAG.search(text):
        # Markup escaped once more than JSON needs (common in CMS exports).
        return html.unescape(text), True
    return text, False


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def _salary(value: object) -> tuple[SalaryHint | None, str | None]:
    """A salary hint from a MonetaryAmount, or the raw text when the page gave text."""
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if value is None or isinstance(value, bool):
        return None, None
    if not isinstance(value, dict):
        amount = _number(value)
        if amount is not None:
            return SalaryHint(amount, amount, None, None), None
        return None, _text(value)
    inner = value.get("value")
    quantity: dict[str, Any] = inner if isinstance(inner, dict) else {}
    currency = _text(value.get("currency")) or _text(quantity.get("currency"))
    unit = _text(quantity.get("unitText")) or _text(value.get("unitText"))
    interval = _INTERVALS.get(unit.upper().replace("PER_", "")) if unit else None
    minimum = _number(quantity.get("minValue", value.get("minValue")))
    maximum = _number(quantity.get("maxValue", value.get("maxValue")))
    single = _number(quantity.get("value") if quantity else inner)
    if minimum is None and maximum is None and single is not None:
        minimum = maximum = single
    if minimum is not None or maximum is not None:
        code = currency.upper() if currency and len(currency) == 3 else currency
        return SalaryHint(minimum, maximum, code, interval), None
    words = [
        _text(quantity.get("value") if quantity else inner),
        _text(quantity.get("minValue")),
        _text(quantity.get("maxValue")),
    ]
    amount_text = " - ".join(word for word in words if word)
    if not amount_text:
        return None, None
    per_unit = f" per {unit.lower()}" if unit else ""
    return None, f"{amount_text} {currency or ''}".strip() + per_unit


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() == "true"


def _experience(value: object) -> tuple[str | None, str | None]:
    """(months of experience, experience text) from a string or an
    OccupationalExperienceRequirements object."""
    items = value if isinstance(value, list) else [value]
    months: str | None = None
    texts: list[str] = []
    for item in items:
        if isinstance(item, dict):
            months = months or _text(item.get("monthsOfExperience"))
            text = _text(item.get("description"))
        else:
            text = _text(item)
        if text:
            texts.append(text)
    return months, "; ".join(texts) or None


def _facts(
    obj: JsonObject, location_types: list[str], applicant_places: list[str], direct_apply: bool
) -> dict[str, str]:
    months, experience = _experience(obj.get("experienceRequirements"))
    category = obj.get("occupationalCategory")
    category_code = _text(category.get("codeValue")) if isinstance(category, dict) else None
    pairs = {
        "experience_requirements": experience,
        "experience_months": months,
        "education_requirements": "; ".join(_texts(obj.get("educationRequirements"))),
        "skills": ", ".join(_texts(obj.get("skills"))),
        "industry": ", ".join(_texts(obj.get("industry"))),
        "occupational_category": _text(category),
        "occupational_category_code": category_code,
        "job_location_type": ", ".join(location_types),
        "applicant_location_requirements": "; ".join(applicant_places),
        "qualifications": _text(obj.get("qualifications")),
        "work_hours": _text(obj.get("workHours")),
        "direct_apply": "true" if direct_apply else None,
    }
    return {name: value for name, value in pairs.items() if value}

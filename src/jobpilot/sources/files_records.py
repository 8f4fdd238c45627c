"""One record of an import file — a CSV row or a JSON object — as a :class:`RawPosting`.

Two column vocabularies are read: ours (``docs/file-format.md``) and JobSpy's export columns.
Values stay raw: salary text, location strings and descriptions are handed on as written;
only structured fields are typed (numbers, ISO 8601 dates, a salary interval word). A value
that does not fit its type is kept as text in ``facts`` under ``<field>_raw`` and the record
still imports; a record without a title, or without both an id and a URL, is an error.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from jobpilot.sources.base import (
    JsonObject,
    RawPosting,
    SalaryHint,
    SalaryInterval,
    parse_iso_datetime,
)
from jobpilot.sources.files_json import json_kind

OUR_FIELDS = frozenset(
    {
        "id",
        "title",
        "company",
        "company_url",
        "description",
        "description_html",
        "url",
        "apply_url",
        "location",
        "locations",
        "workplace",
        "employment_type",
        "salary",
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_interval",
        "posted_at",
        "valid_through",
        "department",
        "source",
        "source_key",
        "facts",
    }
)

# JobSpy columns read into RawPosting fields; every other JobSpy column lands in facts.
JOBSPY_FIELDS = frozenset(
    {
        "id",
        "site",
        "job_url",
        "job_url_direct",
        "title",
        "company",
        "location",
        "date_posted",
        "job_type",
        "interval",
        "min_amount",
        "max_amount",
        "currency",
        "is_remote",
        "work_from_home_type",
        "description",
        "company_url_direct",
    }
)

# Columns that tell a JobSpy export from a file in our schema.
JOBSPY_MARKER_COLUMNS = frozenset({"site", "job_url"})

DEFAULT_SOURCE = "file"
JOBSPY_DEFAULT_SOURCE = "jobspy"
CSV_LIST_SEPARATOR = " | "

_INTERVALS: dict[str, SalaryInterval] = {
    "hour": "hour",
    "hourly": "hour",
    "per hour": "hour",
    "day": "day",
    "daily": "day",
    "per day": "day",
    "week": "week",
    "weekly": "week",
    "per week": "week",
    "month": "month",
    "monthly": "month",
    "per month": "month",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "per year": "year",
    "per annum": "year",
}
_TRUE_WORDS = frozenset({"true", "yes", "1", "y", "t"})


class RecordError(ValueError):
    """A record that cannot become a posting; the message says why."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """A record read from a file: its fields by normalised name, the original record, and
    where it was (``"line 12"``)."""

    fields: Mapping[str, object]
    payload: JsonObject
    where: str


@lru_cache(maxsize=4096)
def normalise_key(name: str) -> str:
    """A column or key name as matched against the schema: trimmed, lower case, runs of
    spaces and hyphens as one underscore (``" Salary-Min "`` → ``"salary_min"``)."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def normalise_keys(obj: Mapping[str, object]) -> dict[str, object]:
    """``obj`` with every key normalised (the first of two keys that collide wins)."""
    fields: dict[str, object] = {}
    for key, value in obj.items():
        name = normalise_key(key)
        if name not in fields:
            fields[name] = value
    return fields


def posting_from_ours(record: FileRecord, *, source_key: str) -> RawPosting:
    """A record in our documented schema as a raw posting."""
    fields = record.fields
    facts = _unknown_fields_as_facts(fields, OUR_FIELDS)
    facts.update(_explicit_facts(fields.get("facts"), facts))
    title = _required_title(fields)
    url = text_field(fields, "url")
    description_html = _long_text(fields, "description_html")
    description = description_html or _long_text(fields, "description") or ""
    minimum = _amount(fields, "salary_min", facts)
    maximum = _amount(fields, "salary_max", facts)
    currency = text_field(fields, "salary_currency")
    interval = _interval(fields, "salary_interval", facts)
    return RawPosting(
        source=text_field(fields, "source") or DEFAULT_SOURCE,
        source_key=text_field(fields, "source_key") or source_key,
        external_id=_external_id(text_field(fields, "id"), url),
        title=title,
        description=description,
        description_is_html=description_html is not None,
        company=text_field(fields, "company"),
        company_url=text_field(fields, "company_url"),
        url=url,
        apply_url=text_field(fields, "apply_url"),
        locations=_locations(fields),
        workplace=text_field(fields, "workplace"),
        employment_type=text_field(fields, "employment_type"),
        salary=_salary_hint(minimum, maximum, currency, interval, facts),
        salary_text=text_field(fields, "salary"),
        posted_at=_moment(fields, "posted_at", facts),
        valid_through=_moment(fields, "valid_through", facts),
        department=text_field(fields, "department"),
        facts=facts,
        payload=record.payload,
    )


def posting_from_jobspy(record: FileRecord, *, source_key: str) -> RawPosting:
    """A record of a JobSpy export (CSV or JSON records) as a raw posting."""
    fields = record.fields
    facts = _unknown_fields_as_facts(fields, JOBSPY_FIELDS)
    title = _required_title(fields)
    url = text_field(fields, "job_url")
    description = _long_text(fields, "description") or ""
    remote = _flag(fields.get("is_remote"))
    minimum = _amount(fields, "min_amount", facts)
    maximum = _amount(fields, "max_amount", facts)
    currency = text_field(fields, "currency")
    interval = _interval(fields, "interval", facts)
    return RawPosting(
        source=text_field(fields, "site") or JOBSPY_DEFAULT_SOURCE,
        source_key=source_key,
        external_id=_external_id(text_field(fields, "id"), url),
        title=title,
        description=description,
        description_is_html=description.lstrip().startswith("<"),
        company=text_field(fields, "company"),
        # JobSpy's company_url is the company's page on the job site; the employer's own
        # site (where its domain comes from) is company_url_direct.
        company_url=text_field(fields, "company_url_direct"),
        url=url,
        apply_url=text_field(fields, "job_url_direct"),
        locations=[place] if (place := text_field(fields, "location")) else [],
        workplace="remote" if remote else text_field(fields, "work_from_home_type"),
        employment_type=text_field(fields, "job_type"),
        salary=_salary_hint(minimum, maximum, currency, interval, facts),
        posted_at=_jobspy_moment(fields, "date_posted", facts),
        facts=facts,
        payload=record.payload,
    )


def text_field(fields: Mapping[str, object], name: str) -> str | None:
    """A short text field, trimmed; None when missing or blank."""
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    raise RecordError(f"{name} must be text, not {json_kind(value)}")


def fact_text(value: object) -> str | None:
    """Any value as the text of a fact: scalars as written, arrays and objects as JSON."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, list | dict) and not value:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def url_id(url: str) -> str:
    """The id of a record that has only a URL: a hash that stays the same between runs."""
    return "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


def _unknown_fields_as_facts(fields: Mapping[str, object], known: frozenset[str]) -> dict[str, str]:
    facts: dict[str, str] = {}
    if fields.keys() - known:
        for key, value in fields.items():
            if key not in known and (text := fact_text(value)) is not None:
                facts[key] = text
    return facts


def _number_text(value: float) -> str | None:
    if not math.isfinite(value):
        return None
    return str(int(value)) if value.is_integer() else repr(value)


def _long_text(fields: Mapping[str, object], name: str) -> str | None:
    value = fields.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, str):
        raise RecordError(f"{name} must be text, not {json_kind(value)}")
    return value if value.strip() else None


def _required_title(fields: Mapping[str, object]) -> str:
    title = text_field(fields, "title")
    if title is None:
        raise RecordError("missing title")
    return title


def _external_id(given: str | None, url: str | None) -> str:
    if given is not None:
        return given
    if url is not None:
        return url_id(url)
    raise RecordError("needs an id or a url")


def _explicit_facts(value: object, facts: dict[str, str]) -> dict[str, str]:
    """The ``facts`` field: an object, or in CSV the JSON text of one."""
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            facts["facts_raw"] = value.strip()
            return {}
        value = parsed
    if not isinstance(value, dict):
        raise RecordError(f"facts must be an object, not {json_kind(value)}")
    return {str(key): text for key, item in value.items() if (text := fact_text(item))}


def _locations(fields: Mapping[str, object]) -> list[str]:
    places: list[str] = []
    single = text_field(fields, "location")
    if single:
        places.append(single)
    listed = fields.get("locations")
    if isinstance(listed, str):
        items: list[object] = list(listed.split(CSV_LIST_SEPARATOR))
    elif isinstance(listed, list):
        items = listed
    elif listed is None:
        items = []
    else:
        raise RecordError(f"locations must be a list of strings, not {json_kind(listed)}")
    for item in items:
        if not isinstance(item, str):
            raise RecordError(f"locations must be a list of strings, found {json_kind(item)}")
        place = item.strip()
        if place and place not in places:
            places.append(place)
    return places


def _amount(fields: Mapping[str, object], name: str, facts: dict[str, str]) -> float | None:
    value = fields.get(name)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        if not value.strip():
            return None
        try:
            number = float(value)
        except ValueError:
            facts[f"{name}_raw"] = value.strip()
            return None
    else:
        raise RecordError(f"{name} must be a number, not {json_kind(value)}")
    return number if math.isfinite(number) else None


def _interval(
    fields: Mapping[str, object], name: str, facts: dict[str, str]
) -> SalaryInterval | None:
    text = text_field(fields, name)
    if text is None:
        return None
    interval = _INTERVALS.get(" ".join(text.lower().replace("_", " ").split()))
    if interval is None:
        facts[f"{name}_raw"] = text
    return interval


def _salary_hint(
    minimum: float | None,
    maximum: float | None,
    currency: str | None,
    interval: SalaryInterval | None,
    facts: dict[str, str],
) -> SalaryHint | None:
    if minimum is None and maximum is None:
        # A currency or period alone is no salary, but it may help read the salary text.
        if currency:
            facts["salary_currency"] = currency
        if interval:
            facts["salary_interval"] = interval
        return None
    return SalaryHint(minimum, maximum, currency, interval)


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return isinstance(value, int) and value == 1


def _moment(fields: Mapping[str, object], name: str, facts: dict[str, str]) -> datetime | None:
    value = fields.get(name)
    if value is None or value == "":
        return None
    raw = fact_text(value)
    moment = parse_iso_datetime(value) if isinstance(value, str) else None
    if moment is None and raw is not None:
        facts[f"{name}_raw"] = raw
    return moment


def _jobspy_moment(
    fields: Mapping[str, object], name: str, facts: dict[str, str]
) -> datetime | None:
    """JobSpy dates: ISO text, or the epoch milliseconds pandas writes by default to JSON."""
    value = fields.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            facts[f"{name}_raw"] = fact_text(value) or ""
            return None
    return _moment(fields, name, facts)

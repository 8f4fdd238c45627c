"""JSON Resume (schema v1, https://jsonresume.org/schema) checked and mapped to a ParsedResume.

The models follow the schema: every section optional, extra properties allowed, each known field
of the type the schema gives it (an array of objects, an array of strings, a string), dates in
its ISO 8601 forms ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and e-mail addresses that are
addresses. Two leniencies, because real exports carry them: ``null`` stands for a missing field,
and an empty date or e-mail (``"endDate": ""``) is read as not given. Dates must also be real
calendar dates (the schema's pattern alone would let ``2019-13`` through).

A location's parts become one line, "City, Region, Country" with the country named rather than
coded ("Austin, TX, United States"), the way resumes written as text give it.

``references`` are never read: they name and quote other people.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic.networks import validate_email
from pydantic_core import ErrorDetails, PydanticCustomError

from jobpilot.jobs.gazetteer import gazetteer, place_key
from jobpilot.profiles.document import ResumeRejected
from jobpilot.profiles.resume import (
    Certification,
    Contact,
    Education,
    Experience,
    Language,
    Link,
    LinkKind,
    ParsedResume,
    Project,
    Publication,
    Section,
    SectionKind,
)
from jobpilot.profiles.years import month_index

DATE_MESSAGE = "expected a date like 2019-03 or 2019-03-15"
EMAIL_MESSAGE = "not an email address"
MAX_REPORTED_ERRORS = 20

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _check_date(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        if _DATE.fullmatch(value) is None:
            raise ValueError(value)
        month_index(value, as_end=False)
    except ValueError:
        raise PydanticCustomError("jsonresume_date", DATE_MESSAGE) from None
    return value


def _check_email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        _, address = validate_email(value.strip())
    except PydanticCustomError:
        raise PydanticCustomError("jsonresume_email", EMAIL_MESSAGE) from None
    return address


IsoDate = Annotated[str | None, AfterValidator(_check_date)]
EmailAddress = Annotated[str | None, AfterValidator(_check_email)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


class JsonLocation(_Schema):
    address: str | None = None
    postal_code: str | None = Field(None, alias="postalCode")
    city: str | None = None
    country_code: str | None = Field(None, alias="countryCode")
    region: str | None = None


class JsonProfile(_Schema):
    network: str | None = None
    username: str | None = None
    url: str | None = None


class JsonBasics(_Schema):
    name: str | None = None
    label: str | None = None
    image: str | None = None
    email: EmailAddress = None
    phone: str | None = None
    url: str | None = None
    summary: str | None = None
    location: JsonLocation | None = None
    profiles: list[JsonProfile] | None = None


class JsonWork(_Schema):
    name: str | None = None
    location: str | None = None
    description: str | None = None
    position: str | None = None
    url: str | None = None
    start_date: IsoDate = Field(None, alias="startDate")
    end_date: IsoDate = Field(None, alias="endDate")
    summary: str | None = None
    highlights: list[str] | None = None


class JsonVolunteer(_Schema):
    organization: str | None = None
    position: str | None = None
    url: str | None = None
    start_date: IsoDate = Field(None, alias="startDate")
    end_date: IsoDate = Field(None, alias="endDate")
    summary: str | None = None
    highlights: list[str] | None = None


class JsonEducation(_Schema):
    institution: str | None = None
    url: str | None = None
    area: str | None = None
    study_type: str | None = Field(None, alias="studyType")
    start_date: IsoDate = Field(None, alias="startDate")
    end_date: IsoDate = Field(None, alias="endDate")
    score: str | None = None
    courses: list[str] | None = None


class JsonAward(_Schema):
    title: str | None = None
    date: IsoDate = None
    awarder: str | None = None
    summary: str | None = None


class JsonCertificate(_Schema):
    name: str | None = None
    date: IsoDate = None
    url: str | None = None
    issuer: str | None = None


class JsonPublication(_Schema):
    name: str | None = None
    publisher: str | None = None
    release_date: IsoDate = Field(None, alias="releaseDate")
    url: str | None = None
    summary: str | None = None


class JsonSkill(_Schema):
    name: str | None = None
    level: str | None = None
    keywords: list[str] | None = None


class JsonLanguage(_Schema):
    language: str | None = None
    fluency: str | None = None


class JsonInterest(_Schema):
    name: str | None = None
    keywords: list[str] | None = None


class JsonReference(_Schema):
    name: str | None = None
    reference: str | None = None


class JsonProject(_Schema):
    name: str | None = None
    description: str | None = None
    highlights: list[str] | None = None
    keywords: list[str] | None = None
    start_date: IsoDate = Field(None, alias="startDate")
    end_date: IsoDate = Field(None, alias="endDate")
    url: str | None = None
    roles: list[str] | None = None
    entity: str | None = None
    type: str | None = None


class JsonMeta(_Schema):
    canonical: str | None = None
    version: str | None = None
    last_modified: str | None = Field(None, alias="lastModified")


class JsonResume(_Schema):
    """A JSON Resume v1 document."""

    basics: JsonBasics | None = None
    work: list[JsonWork] | None = None
    volunteer: list[JsonVolunteer] | None = None
    education: list[JsonEducation] | None = None
    awards: list[JsonAward] | None = None
    certificates: list[JsonCertificate] | None = None
    publications: list[JsonPublication] | None = None
    skills: list[JsonSkill] | None = None
    languages: list[JsonLanguage] | None = None
    interests: list[JsonInterest] | None = None
    references: list[JsonReference] | None = None
    projects: list[JsonProject] | None = None
    meta: JsonMeta | None = None


def read_json_resume(text: str) -> ParsedResume:
    """A JSON Resume document as a :class:`ParsedResume`.

    Raises :class:`ResumeRejected` (422) for invalid JSON, a top level that is not an object,
    or a document that does not match the schema; ``errors`` name each failing field's path.
    """
    return to_parsed_resume(validate_json_resume(text))


def validate_json_resume(text: str) -> JsonResume:
    """``text`` checked against the JSON Resume schema; raises :class:`ResumeRejected` (422)."""
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        detail = f"line {error.lineno}, column {error.colno}: {error.msg}"
        raise ResumeRejected(f"invalid JSON at {detail}", errors=[detail]) from None
    except RecursionError:
        raise ResumeRejected("invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise ResumeRejected(
            "a JSON Resume must be a JSON object",
            errors=[f"(document): expected an object, found {_json_type(data)}"],
        )
    try:
        return JsonResume.model_validate(data)
    except ValidationError as error:
        messages = [_describe(detail) for detail in error.errors()]
        shown = messages[:MAX_REPORTED_ERRORS]
        if len(messages) > len(shown):
            shown.append(f"... and {len(messages) - len(shown)} more")
        raise ResumeRejected(
            "the file does not match the JSON Resume schema: " + "; ".join(shown[:3]),
            errors=shown,
        ) from None


def field_path(location: Iterable[int | str]) -> str:
    """``("work", 0, "startDate")`` as ``work[0].startDate``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "(document)"


_TYPE_MESSAGES = {
    "string_type": "expected a string",
    "list_type": "expected an array",
    "model_type": "expected an object",
    "dict_type": "expected an object",
}


def _describe(detail: ErrorDetails) -> str:
    message = _TYPE_MESSAGES.get(detail["type"], detail["msg"])
    return f"{field_path(detail['loc'])}: {message}"


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def to_parsed_resume(resume: JsonResume) -> ParsedResume:
    """The fields of a validated JSON Resume in the shape the text parser produces."""
    basics = resume.basics or JsonBasics()
    experience = [_experience(work) for work in resume.work or []]
    education = [_education(item) for item in resume.education or []]
    certifications = [
        Certification(name=_clean(c.name) or "", issuer=_clean(c.issuer), date=_month(c.date))
        for c in resume.certificates or []
        if _clean(c.name)
    ]
    publications = [
        Publication(
            title=_clean(p.name) or "",
            venue=_clean(p.publisher),
            date=_month(p.release_date),
            url=_clean(p.url),
        )
        for p in resume.publications or []
        if _clean(p.name)
    ]
    languages = [
        Language(language=_clean(item.language) or "", level=_clean(item.fluency))
        for item in resume.languages or []
        if _clean(item.language)
    ]
    projects = [_project(item) for item in resume.projects or [] if _clean(item.name)]
    return ParsedResume(
        contact=_contact(basics),
        headline=_clean(basics.label),
        summary=_clean(basics.summary),
        experience=experience,
        education=education,
        skills=_skill_names(resume.skills or []),
        certifications=certifications,
        languages=languages,
        projects=projects,
        publications=publications,
        sections=_sections(resume),
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = " ".join(value.split())
    return stripped or None


def _lines(values: Iterable[str] | None) -> list[str]:
    return [line for line in (_clean(v) for v in values or []) if line]


def _month(value: str | None) -> str | None:
    """A schema date cut to the precision the profile keeps: ``YYYY`` or ``YYYY-MM``."""
    return value[:7] if value else None


def _contact(basics: JsonBasics) -> Contact:
    links = [link for link in (_profile_link(p) for p in basics.profiles or []) if link]
    portfolio = _clean(basics.url)
    if portfolio:
        links.append(Link(kind="portfolio", url=portfolio))
    return Contact(
        name=_clean(basics.name),
        email=basics.email,
        phone=_clean(basics.phone),
        location=_location(basics.location),
        links=links,
    )


def _location(location: JsonLocation | None) -> str | None:
    """ "City, Region, Country": the country by its English name, empty parts dropped, and a
    part that names the same place as one before it (the region "Berlin" of the city Berlin,
    the country Singapore of the city Singapore) left out."""
    if location is None:
        return None
    parts: list[str] = []
    for part in (
        _clean(location.city),
        _clean(location.region),
        country_name(location.country_code),
    ):
        if part and all(place_key(part) != place_key(seen) for seen in parts):
            parts.append(part)
    return ", ".join(parts) or None


def country_name(code: str | None) -> str | None:
    """The English name of the country ``code`` stands for ("DE", "de", "DEU" → "Germany").

    A country written out instead of a code is named the same way ("Deutschland" → "Germany");
    anything the gazetteer does not know is kept as written.
    """
    written = _clean(code)
    if written is None:
        return None
    places = gazetteer()
    found = places.countries_by_code(written.upper()) or places.countries_by_key(place_key(written))
    return places.country_names[found[0]] if found else written


_PROFILE_HOSTS: dict[LinkKind, str] = {"linkedin": "linkedin.com", "github": "github.com"}


def _profile_link(profile: JsonProfile) -> Link | None:
    url = _clean(profile.url)
    network = (_clean(profile.network) or "").casefold()
    kind: LinkKind = "other"
    for candidate, host in _PROFILE_HOSTS.items():
        if candidate in network or (url and host in url.casefold()):
            kind = candidate
    username = _clean(profile.username)
    if url is None and username and kind == "github":
        url = f"https://github.com/{username}"
    elif url is None and username and kind == "linkedin":
        url = f"https://www.linkedin.com/in/{username}"
    return Link(kind=kind, url=url) if url else None


def _experience(work: JsonWork) -> Experience:
    start, end = _month(work.start_date), _month(work.end_date)
    return Experience(
        title=_clean(work.position),
        company=_clean(work.name),
        location=_clean(work.location),
        start=start,
        end=end,
        current=start is not None and end is None,
        bullets=_lines(work.highlights),
        description=_clean(work.summary),
    )


def _education(item: JsonEducation) -> Education:
    start, end = _month(item.start_date), _month(item.end_date)
    details = _lines(item.courses)
    score = _clean(item.score)
    if score:
        details.append(f"Score: {score}")
    return Education(
        degree=_clean(item.study_type),
        field=_clean(item.area),
        institution=_clean(item.institution),
        start=start,
        end=end,
        current=start is not None and end is None,
        details=details,
    )


def _project(item: JsonProject) -> Project:
    bullets = _lines(item.highlights)
    keywords = _lines(item.keywords)
    if keywords:
        bullets.append(", ".join(keywords))
    return Project(
        name=_clean(item.name) or "",
        description=_clean(item.description),
        url=_clean(item.url),
        bullets=bullets,
    )


def _skill_names(skills: Iterable[JsonSkill]) -> list[str]:
    names: dict[str, str] = {}
    for skill in skills:
        for name in [_clean(skill.name), *_lines(skill.keywords)]:
            if name:
                names.setdefault(name.casefold(), name)
    return list(names.values())


def _dates(start: str | None, end: str | None) -> str:
    if start and end:
        return f"{start} \u2013 {end}"
    if start:
        return f"{start} \u2013 present"
    return end or ""


def _joined(*parts: str | None, separator: str = ", ") -> str:
    return separator.join(part for part in (_clean(p) for p in parts) if part)


Block = list[str]


def _sections(resume: JsonResume) -> list[Section]:
    """One section per part present, its heading the schema's key, its text light Markdown:
    one block per entry, blocks separated by a blank line."""
    basics = resume.basics or JsonBasics()
    parts: list[tuple[SectionKind, str, list[Block]]] = [
        ("contact", "basics", [_contact_lines(basics)]),
        ("summary", "summary", [[_joined(basics.summary)]]),
        ("experience", "work", [_work_lines(w) for w in resume.work or []]),
        ("other", "volunteer", [_volunteer_lines(v) for v in resume.volunteer or []]),
        ("education", "education", [_education_lines(e) for e in resume.education or []]),
        ("other", "awards", [_award_lines(a) for a in resume.awards or []]),
        (
            "certifications",
            "certificates",
            [
                [_joined(c.name, c.issuer, _month(c.date), separator=" — ")]
                for c in resume.certificates or []
            ],
        ),
        (
            "publications",
            "publications",
            [_publication_lines(p) for p in resume.publications or []],
        ),
        ("skills", "skills", [[_skill_line(s) for s in resume.skills or []]]),
        (
            "languages",
            "languages",
            [
                [
                    _joined(item.language, item.fluency, separator=" — ")
                    for item in resume.languages or []
                ]
            ],
        ),
        ("projects", "projects", [_project_lines(p) for p in resume.projects or []]),
        (
            "other",
            "interests",
            [
                [
                    _joined(i.name, ", ".join(_lines(i.keywords)), separator=": ")
                    for i in resume.interests or []
                ]
            ],
        ),
    ]
    sections = []
    for kind, heading, blocks in parts:
        texts = ["\n".join(line for line in block if line) for block in blocks]
        text = "\n\n".join(block for block in texts if block)
        if text:
            sections.append(Section(kind=kind, heading=heading, text=text))
    return sections


def _contact_lines(basics: JsonBasics) -> Block:
    return [
        _joined(basics.name),
        _joined(basics.label),
        _joined(basics.email, basics.phone, _location(basics.location), separator=" | "),
        *(_joined(p.network, p.url or p.username, separator=": ") for p in basics.profiles or []),
        _joined(basics.url),
    ]


def _entry_lines(
    header: str, start: str | None, end: str | None, prose: str | None, bullets: list[str]
) -> Block:
    return [
        _joined(header, _dates(_month(start), _month(end)), separator=" | "),
        _joined(prose),
        *(f"- {bullet}" for bullet in bullets),
    ]


def _work_lines(work: JsonWork) -> Block:
    header = _joined(work.position, work.name, work.location, separator=" — ")
    return _entry_lines(
        header, work.start_date, work.end_date, work.summary, _lines(work.highlights)
    )


def _volunteer_lines(item: JsonVolunteer) -> Block:
    header = _joined(item.position, item.organization, separator=" — ")
    return _entry_lines(
        header, item.start_date, item.end_date, item.summary, _lines(item.highlights)
    )


def _education_lines(item: JsonEducation) -> Block:
    degree = _joined(item.study_type, item.area, separator=" in ")
    header = _joined(degree, item.institution, separator=" — ")
    return _entry_lines(header, item.start_date, item.end_date, item.score, _lines(item.courses))


def _award_lines(award: JsonAward) -> Block:
    return [
        _joined(award.title, award.awarder, _month(award.date), separator=" — "),
        _joined(award.summary),
    ]


def _publication_lines(item: JsonPublication) -> Block:
    return [
        _joined(item.name, item.publisher, _month(item.release_date), separator=" — "),
        _joined(item.summary),
    ]


def _skill_line(skill: JsonSkill) -> str:
    name, keywords = _clean(skill.name), ", ".join(_lines(skill.keywords))
    return f"{name}: {keywords}" if name and keywords else name or keywords


def _project_lines(item: JsonProject) -> Block:
    keywords = ", ".join(_lines(item.keywords))
    bullets = [*_lines(item.highlights), *([keywords] if keywords else [])]
    header = _joined(item.name, item.url, separator=" — ")
    return _entry_lines(header, item.start_date, item.end_date, item.description, bullets)

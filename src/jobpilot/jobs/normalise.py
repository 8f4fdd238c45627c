"""One schema for every posting: the raw fields a source gave, parsed and normalised.

:class:`PostingNormaliser` holds what is costly to build once (the taxonomy index, settings)
and turns a :class:`RawPosting` into a :class:`NormalisedPosting` with plain values ready for
the ``jobs`` and ``job_postings`` rows. It never invents: a salary, a location or a date that
the posting does not state stays empty.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jobpilot.core.settings import IngestSettings
from jobpilot.jobs import htmltext, locations, salary, signals
from jobpilot.jobs import money as money_lib
from jobpilot.sources.base import RawPosting
from jobpilot.taxonomy.index import TaxonomyIndex, TitleResult, normalise_title_key

# An occupation is recorded only when the title matches it at least this well.
OCCUPATION_MIN_SCORE = 0.5
# Longest description kept on a job (characters); the original stays in the payload.
DESCRIPTION_MAX_CHARS = 60_000
# Distinct titles remembered per normaliser (one normaliser lives for one run or import).
TITLE_CACHE_SIZE = 50_000


@dataclass(slots=True)
class NormalisedPosting:
    raw: RawPosting
    content_hash: str
    title: str
    title_key: str
    occupation_id: str | None
    occupation_label: str | None
    seniority: str | None
    company_name: str
    company_key: str
    company_domain: str | None
    employment_type: str | None
    workplace: str | None
    locations: list[dict[str, str | None]]
    countries: list[str]
    cities: list[str]
    salary_min: float | None
    salary_max: float | None
    salary_currency: str | None
    salary_interval: str | None
    salary_annual_min_ref: float | None
    salary_annual_max_ref: float | None
    salary_text: str | None
    experience_min_years: int | None
    experience_max_years: int | None
    education: str | None
    visa_sponsorship: bool | None
    benefits: list[str]
    skills: list[dict[str, Any]]
    skill_ids: list[str]
    language: str | None
    description: str
    url: str | None
    apply_url: str | None
    posted_at: datetime | None
    valid_through: datetime | None
    notes: list[str] = field(default_factory=list)

    def job_columns(self) -> dict[str, Any]:
        """The values of a ``jobs`` row taken from this posting."""
        return {name: getattr(self, name) for name in JOB_COLUMNS}

    def parsed(self) -> dict[str, Any]:
        """The parsed fields as JSON, kept on the posting row."""
        data = {name: getattr(self, name) for name in JOB_COLUMNS}
        for key in ("posted_at", "valid_through"):
            value = data[key]
            data[key] = value.isoformat() if value is not None else None
        if self.notes:
            data["notes"] = self.notes
        return data


JOB_COLUMNS = (
    "title",
    "title_key",
    "occupation_id",
    "occupation_label",
    "seniority",
    "company_name",
    "company_key",
    "company_domain",
    "employment_type",
    "workplace",
    "locations",
    "countries",
    "cities",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_interval",
    "salary_annual_min_ref",
    "salary_annual_max_ref",
    "salary_text",
    "experience_min_years",
    "experience_max_years",
    "education",
    "visa_sponsorship",
    "benefits",
    "skills",
    "skill_ids",
    "language",
    "description",
    "url",
    "apply_url",
    "posted_at",
    "valid_through",
)


def raw_fingerprint(raw: RawPosting) -> str:
    """A digest of everything a source said about a posting: equal digests, nothing changed."""
    salary_hint = raw.salary
    data = [
        raw.source,
        raw.source_key,
        raw.external_id,
        raw.title,
        raw.description,
        raw.description_is_html,
        raw.company,
        raw.company_url,
        raw.url,
        raw.apply_url,
        raw.locations,
        raw.workplace,
        raw.employment_type,
        [salary_hint.minimum, salary_hint.maximum, salary_hint.currency, salary_hint.interval]
        if salary_hint
        else None,
        raw.salary_text,
        raw.posted_at.isoformat() if raw.posted_at else None,
        raw.valid_through.isoformat() if raw.valid_through else None,
        raw.department,
        raw.facts,
        raw.payload,
    ]
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()


def _clean_title(title: str) -> str:
    return " ".join(title.split())[:500]


def is_employer_url(url: str | None) -> bool:
    """True for an apply URL on the employer's own site rather than a job board's."""
    return signals.company_domain(url) is not None


class PostingNormaliser:
    """Parses raw postings into the catalogue's schema (pure CPU work, no I/O)."""

    def __init__(
        self, index: TaxonomyIndex, settings: IngestSettings, *, taxonomy: str = "builtin"
    ) -> None:
        self.index = index
        self.settings = settings
        self.taxonomy = taxonomy
        # Titles repeat a great deal across postings ("Software Engineer", "Registered Nurse"),
        # and matching one against every occupation title is the costliest step of parsing.
        self._titles: dict[str, TitleResult] = {}

    def normalise(self, raw: RawPosting, *, fingerprint: str | None = None) -> NormalisedPosting:
        """Parse ``raw``; ``fingerprint`` is its :func:`raw_fingerprint` when already known."""
        notes: list[str] = []
        description = raw.description or ""
        if raw.description_is_html or htmltext.looks_like_html(description):
            description = htmltext.html_to_text(description)
        description = description[:DESCRIPTION_MAX_CHARS]
        title = _clean_title(raw.title)

        title_result = self._title(title)
        occupation = title_result.occupations[0] if title_result.occupations else None
        if occupation is not None and occupation.score < OCCUPATION_MIN_SCORE:
            occupation = None
        seniority = title_result.seniority or signals.seniority_from_facts(raw.facts)
        title_key = f"{seniority or '-'}|{normalise_title_key(title_result.core_title)}"[:300]

        company_domain = signals.company_domain(raw.company_url) or signals.company_domain(
            raw.apply_url
        )
        company_name, company_key = signals.normalise_company(
            raw.company or company_domain or "Unknown employer"
        )

        place_parse = locations.parse_locations(raw.locations)
        places = [
            {"city": p.city, "region": p.region, "country": p.country} for p in place_parse.places
        ]
        workplace = (
            signals.detect_workplace(raw.workplace or "", " ".join(raw.locations), title)
            or place_parse.workplace
        )

        home = next((p.country for p in place_parse.places if p.country), None)
        money = self._salary(raw, description, notes, money_lib.currency_for_country(home))
        experience = signals.parse_experience_years(description)
        mentions = self.index.extract_skills(f"{title}\n{description}", source=self.taxonomy)
        skills: list[dict[str, Any]] = [
            {
                "id": m.concept.id,
                "label": m.concept.label,
                "required": m.required,
                "confidence": round(m.confidence, 3),
            }
            for m in mentions
        ]
        apply_url = raw.apply_url or raw.url
        return NormalisedPosting(
            raw=raw,
            content_hash=fingerprint or raw_fingerprint(raw),
            title=title,
            title_key=title_key,
            occupation_id=occupation.concept.id if occupation else None,
            occupation_label=occupation.concept.label if occupation else None,
            seniority=seniority,
            company_name=company_name,
            company_key=company_key[:200],
            company_domain=company_domain,
            employment_type=signals.detect_employment_type(raw.employment_type or "", title),
            workplace=workplace,
            locations=places,
            countries=sorted({p.country for p in place_parse.places if p.country}),
            cities=sorted({p.city.lower() for p in place_parse.places if p.city}),
            salary_min=money.minimum if money else None,
            salary_max=money.maximum if money else None,
            salary_currency=money.currency if money else None,
            salary_interval=money.interval if money else None,
            salary_annual_min_ref=money.annual_min_ref if money else None,
            salary_annual_max_ref=money.annual_max_ref if money else None,
            salary_text=raw.salary_text,
            experience_min_years=experience[0] if experience else None,
            experience_max_years=experience[1] if experience else None,
            education=signals.detect_education(description),
            visa_sponsorship=signals.detect_visa_sponsorship(description),
            benefits=signals.extract_benefits(description),
            skills=skills,
            skill_ids=[s["id"] for s in skills],
            language=signals.detect_language(f"{title}\n{description[:2000]}"),
            description=description,
            url=raw.url,
            apply_url=apply_url,
            posted_at=raw.posted_at,
            valid_through=raw.valid_through,
            notes=notes,
        )

    def learn_titles(self, raws: Iterable[RawPosting]) -> None:
        """Normalise the titles of ``raws`` not seen before, all together: scoring titles in
        one batch is several times cheaper per title than one at a time in :meth:`normalise`."""
        unseen = list(
            dict.fromkeys(
                t for t in map(_clean_title, (r.title for r in raws)) if t not in self._titles
            )
        )
        if len(self._titles) + len(unseen) > TITLE_CACHE_SIZE:
            self._titles.clear()
        results = self.index.normalise_titles(unseen, source=self.taxonomy, top=1)
        self._titles.update(zip(unseen, results, strict=True))

    def _title(self, title: str) -> TitleResult:
        result = self._titles.get(title)
        if result is None:
            if len(self._titles) >= TITLE_CACHE_SIZE:
                self._titles.clear()
            result = self._titles[title] = self.index.normalise_title(
                title, source=self.taxonomy, top=1
            )
        return result

    def _salary(
        self, raw: RawPosting, description: str, notes: list[str], local_currency: str | None
    ) -> Money | None:
        parsed: salary.ParsedSalary | None = None
        if raw.salary is not None:
            parsed = salary.salary_from_fields(
                raw.salary.minimum, raw.salary.maximum, raw.salary.currency, raw.salary.interval
            )
        if parsed is None and raw.salary_text:
            parsed = salary.parse_salary(raw.salary_text, default_currency=local_currency)
        if parsed is None:
            parsed = salary.parse_salary(description[:20_000], default_currency=local_currency)
        if parsed is None:
            return None
        annual_min = annual_max = None
        if parsed.interval is not None and parsed.currency is not None:
            rates = self.settings.currency_rates
            reference = self.settings.reference_currency
            low, high = salary.annualise(parsed.minimum, parsed.maximum, parsed.interval)
            annual_min = salary.convert(low, parsed.currency, reference, rates) if low else None
            annual_max = salary.convert(high, parsed.currency, reference, rates) if high else None
            if parsed.currency not in rates:
                notes.append(f"no exchange rate for {parsed.currency}")
        return Money(
            parsed.minimum,
            parsed.maximum,
            parsed.currency,
            parsed.interval,
            _round(annual_min),
            _round(annual_max),
        )


@dataclass(frozen=True, slots=True)
class Money:
    minimum: float | None
    maximum: float | None
    currency: str | None
    interval: str | None
    annual_min_ref: float | None
    annual_max_ref: float | None


def _round(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None

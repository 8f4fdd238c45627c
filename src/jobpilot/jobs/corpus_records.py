"""Records of the demo corpus: a position as one job site writes it, in that site's habits
(its ids and URLs, location and date formats, employment-type labels, salary fields or text)."""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from jobpilot.jobs.corpus_draws import draw_one
from jobpilot.jobs.corpus_places import format_locations
from jobpilot.jobs.corpus_positions import POSTING_WINDOW_DAYS, Position
from jobpilot.jobs.corpus_salary import format_salary, salary_styles
from jobpilot.jobs.corpus_text import render_html, render_plain, vary_description
from jobpilot.jobs.corpus_vocabulary import EMPLOYMENT_KINDS, Vocabulary, ascii_fold

_EMPLOYMENT_LABELS = {
    "title": ("Full-time", "Part-time", "Contract", "Temporary", "Internship"),
    "upper": ("FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN"),
    "ashby": ("FullTime", "PartTime", "Contract", "Temporary", "Intern"),
    "lever": ("Full Time", "Part Time", "Contractor", "Temporary", "Intern"),
    "de": ("Vollzeit", "Teilzeit", "Freiberuflich", "Befristet", "Praktikum"),
    "fr": ("CDI", "Temps partiel", "Freelance", "CDD", "Stage"),
    "es": ("Jornada completa", "Media jornada", "Autónomo", "Temporal", "Prácticas"),
    "nl": ("Fulltime", "Parttime", "Freelance", "Tijdelijk", "Stage"),
}
_EMPLOYMENT_INDEX = {kind: i for i, kind in enumerate((*EMPLOYMENT_KINDS, "internship"))}
_WORKPLACE_LABELS = {
    "title": {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"},
    "lever": {"onsite": "onsite", "hybrid": "hybrid", "remote": "remote"},
    "ashby": {"onsite": "OnSite", "hybrid": "Hybrid", "remote": "Remote"},
    "file": {"onsite": "Onsite", "hybrid": "hybrid", "remote": "REMOTE"},
    "office": {"onsite": "In office", "hybrid": "Hybrid", "remote": "Remote"},
    "de": {"onsite": "Vor Ort", "hybrid": "Hybrid", "remote": "Homeoffice"},
    "fr": {"onsite": "Sur site", "hybrid": "Hybride", "remote": "Télétravail"},
    "es": {"onsite": "Presencial", "hybrid": "Híbrido", "remote": "Remoto"},
    "nl": {"onsite": "Op locatie", "hybrid": "Hybride", "remote": "Op afstand"},
}
_UTC_OFFSETS = {
    "US": "-05:00",
    "CA": "-05:00",
    "MX": "-06:00",
    "BR": "-03:00",
    "GB": "+00:00",
    "IE": "+00:00",
    "PT": "+00:00",
    "IN": "+05:30",
    "AE": "+04:00",
    "SG": "+08:00",
    "JP": "+09:00",
    "AU": "+10:00",
    "NZ": "+12:00",
}
_GENDER_NOTES = (" (m/w/d)", " (m/f/d)", " (w/m/d)", " (all genders)", " (H/F)", " (F/H)")
_FILE_KEYS = ("jobspy-export.csv", "partner-feed.jsonl", "jobs-2026-10.json")
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class _SourceHabits:
    """How a source tends to write its postings (shares are probabilities)."""

    html: float
    structured_salary: float
    employment: float
    employment_style: str
    workplace: float
    workplace_style: str
    department: float
    date_style: str
    own_apply_url: float
    board_apply_url: float


_HABITS = {
    "greenhouse": _SourceHabits(1.0, 0.3, 0.4, "title", 0.15, "title", 0.8, "offset", 0.25, 0.65),
    "lever": _SourceHabits(0.5, 0.7, 0.95, "lever", 0.8, "lever", 0.85, "z_ms", 0.2, 0.7),
    "ashby": _SourceHabits(0.85, 0.7, 0.95, "ashby", 0.95, "ashby", 0.9, "z_ms", 0.15, 0.75),
    "smartrecruiters": _SourceHabits(0.95, 0.4, 0.9, "title", 0.3, "title", 0.6, "z_ms", 0.2, 0.7),
    "workable": _SourceHabits(0.9, 0.3, 0.9, "title", 0.9, "title", 0.7, "date", 0.15, 0.75),
    "careers": _SourceHabits(0.9, 0.6, 0.85, "upper", 0.5, "office", 0.5, "offset", 0.85, 0.0),
    "linkedin": _SourceHabits(0.9, 0.1, 0.9, "title", 0.85, "title", 0.0, "date", 0.35, 0.0),
    "file": _SourceHabits(0.4, 0.3, 0.7, "title", 0.6, "file", 0.3, "z", 0.3, 0.0),
}
SOURCES = tuple(_HABITS)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, as URLs carry a title."""
    return _SLUG.sub("-", ascii_fold(text.lower())).strip("-")


def _json_number(value: float) -> int | float:
    return int(value) if value == int(value) else value


@dataclass(frozen=True, slots=True)
class _Identity:
    record_id: str
    source_key: str
    url: str
    board_apply_url: str | None


class RecordWriter:
    """Writes records of positions; numbers every record so that ids never repeat."""

    def __init__(
        self, rng: random.Random, vocabulary: Vocabulary, seed: int, reference_date: date
    ) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        # Different seeds give different ids, so two corpora can be imported side by side.
        self.id_offset = (seed % 89) * 10_000_000
        self.uuid_mask = random.Random(seed + 1).getrandbits(48)  # noqa: S311 - not security
        self.record_number = 0
        # Dates as text by how many days before the reference date they are (negative: after).
        self.day_strings = {
            days: (reference_date - timedelta(days=days)).isoformat()
            for days in range(-2 * POSTING_WINDOW_DAYS, POSTING_WINDOW_DAYS + 1)
        }

    def _identity(self, position: Position, source: str, kind: str) -> _Identity:
        rng = self.rng
        n = self.record_number
        employer = position.employer
        domain = employer.company.domain
        # Numeric ids are unique by construction: record n owns the block [8n, 8n + 8).
        numeric = self.id_offset + n * 8 + int(rng.random() * 8)
        if source == "greenhouse":
            record_id = str(4_000_000_000 + numeric)
            key = employer.hyphenated.replace("-", "")
            url = f"https://boards.greenhouse.io/{key}/jobs/{record_id}"
            return _Identity(record_id, key, url, f"{url}#app")
        if source in ("lever", "ashby"):
            # Random-looking, unique: the low 48 bits carry the record number.
            bits = (rng.getrandbits(80) << 48) | (n ^ self.uuid_mask)
            record_id = str(uuid.UUID(int=bits, version=4))
            key = employer.company.board
            if source == "lever":
                url = f"https://jobs.lever.co/{key}/{record_id}"
                return _Identity(record_id, key, url, f"{url}/apply")
            url = f"https://jobs.ashbyhq.com/{key}/{record_id}"
            return _Identity(record_id, key, url, f"{url}/application")
        if source == "smartrecruiters":
            record_id = str(744_000_000_000_000 + numeric)
            key = employer.camel
            url = f"https://jobs.smartrecruiters.com/{key}/{record_id}-{slugify(position.title)}"
            apply = f"https://jobs.smartrecruiters.com/oneclick-ui/company/{key}/job/{record_id}"
            return _Identity(record_id, key, url, apply)
        if source == "workable":
            # An odd multiplier is a bijection modulo 2**40: distinct numbers, distinct codes.
            record_id = f"{(n * 0x9E3779B1 + self.id_offset) % (1 << 40):010X}"
            key = employer.hyphenated
            url = f"https://apply.workable.com/{key}/j/{record_id}/"
            return _Identity(record_id, key, url, f"{url}apply/")
        if source == "careers":
            record_id = position.req if kind != "repost" else f"{position.req}-2"
            url = f"https://careers.{domain}/jobs/{record_id}"
            return _Identity(record_id, f"careers.{domain}", url, None)
        if source == "linkedin":
            record_id = str(3_900_000_000 + numeric)
            country = position.country.name.lower().replace(" ", "-")
            key = f"{position.occupation.key.replace('_', '-')}-{country}"
            slug = f"{slugify(position.title)}-at-{employer.hyphenated}"
            return _Identity(
                record_id, key, f"https://www.linkedin.com/jobs/view/{slug}-{record_id}", None
            )
        record_id = f"{(n * 0x9E3779B97F4A7C15 + self.id_offset) % (1 << 64):016x}"
        key = _FILE_KEYS[position.number % len(_FILE_KEYS)]
        return _Identity(record_id, key, f"https://www.indeed.com/viewjob?jk={record_id}", None)

    def _apply_url(self, position: Position, source: str, identity: _Identity) -> str | None:
        habits = _HABITS[source]
        roll = self.rng.random()
        if roll < habits.own_apply_url:
            if source == "careers":
                return f"{identity.url}/apply"
            domain = position.employer.company.domain
            return f"https://careers.{domain}/jobs/{position.req}/apply"
        if roll < habits.own_apply_url + habits.board_apply_url:
            return identity.board_apply_url
        return None

    def _vary_title(self, position: Position) -> str:
        title = position.title
        roll = self.rng.random()
        if roll < 0.25:
            for note in _GENDER_NOTES:
                if title.endswith(note):
                    return title[: -len(note)]
        if roll < 0.45 and title.startswith("Senior "):
            return "Sr. " + title[len("Senior ") :]
        if roll < 0.55 and position.place.kind == "city":
            return f"{title} - {position.place.cities[0].name}"
        return title

    def _dates(self, position: Position, source: str, kind: str) -> tuple[str, str | None]:
        rng = self.rng
        days_ago = position.posted_days_ago
        if kind == "duplicate":
            # Aggregators pick a posting up a few days after the employer publishes it.
            days_ago = max(1, days_ago - int(rng.random() * 6))
        elif kind == "repost":
            days_ago = 1 + int(rng.random() * (days_ago - 10))
        minutes = position.posted_minutes + (0 if kind == "primary" else int(rng.random() * 300))
        clock = f"{minutes // 60 % 24:02d}:{minutes % 60:02d}:{int(rng.random() * 60):02d}"
        day = self.day_strings[days_ago]
        style = _HABITS[source].date_style
        if style == "date":
            posted_at = day
        elif style == "offset":
            posted_at = f"{day}T{clock}{_UTC_OFFSETS.get(position.country.code, '+01:00')}"
        elif style == "z_ms":
            posted_at = f"{day}T{clock}.{int(rng.random() * 1000):03d}Z"
        else:
            posted_at = f"{day}T{clock}Z"
        if position.valid_days is None:
            return posted_at, None
        until = self.day_strings[days_ago - position.valid_days]
        return posted_at, (f"{until}T23:59:59Z" if source == "careers" else until)

    def _salary(
        self, position: Position, source: str, record: dict[str, object], facts: dict[str, str]
    ) -> None:
        offer = position.offer
        if offer is None:
            return
        if not position.salary_in_fields:
            facts["demo_salary_format"] = "description_only"
            return
        rng = self.rng
        styles = salary_styles(offer, position.language)
        if rng.random() < _HABITS[source].structured_salary:
            style = "structured"
        elif source == "linkedin" and "linkedin" in styles:
            style = "linkedin"
        else:
            style = draw_one(rng, [s for s in styles if s != "structured"])
        facts["demo_salary_format"] = style
        if style != "structured":
            text = self.vocabulary.texts[position.language]
            record["salary"] = format_salary(rng, offer, style, text, position.country)
            return
        if offer.minimum is not None:
            record["salary_min"] = _json_number(offer.minimum)
        if offer.maximum is not None:
            record["salary_max"] = _json_number(offer.maximum)
        record["salary_currency"] = offer.currency
        record["salary_interval"] = offer.interval

    def _labels(self, position: Position, source: str, record: dict[str, object]) -> None:
        rng = self.rng
        habits = _HABITS[source]
        language = position.language
        workplace_share = habits.workplace
        if source == "careers" and position.workplace != "remote":
            workplace_share = 0.0
        if rng.random() < workplace_share:
            style = habits.workplace_style
            if language != "en" and rng.random() < 0.6:
                style = language
            if source == "careers" and style == "office":
                # schema.org's jobLocationType, the only workplace JSON-LD states.
                record["workplace"] = "TELECOMMUTE"
            else:
                record["workplace"] = _WORKPLACE_LABELS[style][position.workplace]
        if rng.random() < habits.employment:
            style = habits.employment_style
            if language != "en" and rng.random() < 0.6:
                style = language
            elif source == "file" and rng.random() < 0.3:
                style = "upper"
            labels = _EMPLOYMENT_LABELS[style]
            record["employment_type"] = labels[_EMPLOYMENT_INDEX[position.employment]]

    def record(self, position: Position, source: str, kind: str) -> dict[str, object]:
        """The record ``source`` keeps of the position; ``kind`` is ``primary``, ``duplicate``
        (another site's copy) or ``repost`` (the first site again, with a new id)."""
        rng = self.rng
        identity = self._identity(position, source, kind)
        self.record_number += 1
        employer = position.employer
        company = employer.company
        language = position.language

        facts = dict(position.facts)
        facts["demo_variant"] = kind
        if kind == "repost":
            facts["demo_repost_of"] = position.primary_id
        company_name = company.name
        if source in ("linkedin", "file") and rng.random() < 0.5:
            company_name = employer.short_name
        record: dict[str, object] = {
            "id": identity.record_id,
            "source": source,
            "source_key": identity.source_key,
            "title": position.title if kind != "duplicate" else self._vary_title(position),
            "company": company_name,
        }
        roll = rng.random()
        if roll < 0.75:
            record["company_url"] = f"https://www.{company.domain}"
        elif roll < 0.9:
            record["company_url"] = f"https://{company.domain}"
        draft = position.draft
        if kind == "duplicate" or (kind == "repost" and rng.random() < 0.3):
            draft = vary_description(rng, draft, self.vocabulary.texts[language])
        if rng.random() < _HABITS[source].html:
            record["description_html"] = render_html(rng, draft)
        else:
            record["description"] = render_plain(rng, draft)
        record["url"] = identity.url
        apply_url = self._apply_url(position, source, identity)
        if apply_url is not None:
            record["apply_url"] = apply_url
        location, locations = format_locations(
            rng, position.place, source, language, position.workplace
        )
        if location is not None:
            record["location"] = location
        if locations is not None:
            record["locations"] = locations
        self._labels(position, source, record)
        self._salary(position, source, record, facts)
        record["posted_at"], valid_through = self._dates(position, source, kind)
        if valid_through is not None:
            record["valid_through"] = valid_through
        if rng.random() < _HABITS[source].department:
            record["department"] = position.department
        record["facts"] = facts
        if kind == "primary":
            position.primary_id = identity.record_id
        return record

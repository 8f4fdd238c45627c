"""Real positions of the demo corpus: who hires whom, where, at what seniority and pay, with
the description drafted once; job sites then write records of them (``corpus_records``)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from jobpilot.jobs.corpus_draws import cumulative, draw_one, draw_sample, draw_weighted
from jobpilot.jobs.corpus_places import (
    Place,
    country_phrase,
    draw_place,
    place_label,
    remote_scope,
)
from jobpilot.jobs.corpus_salary import (
    SalaryOffer,
    draw_offer,
    format_salary,
    salary_facts,
    salary_styles,
)
from jobpilot.jobs.corpus_text import (
    ALIAS_SHARE,
    DescriptionDraft,
    DescriptionInputs,
    draft_description,
)
from jobpilot.jobs.corpus_vocabulary import (
    EMPLOYMENT_KINDS,
    WORKPLACES,
    Company,
    Country,
    Occupation,
    RemoteRegion,
    Vocabulary,
    ascii_fold,
)

DUPLICATE_SHARE = 0.15
# Of positions; as positions are ~85 % of the records, about 2 % of records are reposts.
REPOST_SHARE = 0.025
SALARY_SHARE = 0.7
POSTING_WINDOW_DAYS = 60
_LEVEL_WEIGHTS = {
    "intern": 3.0,
    "junior": 14.0,
    "mid": 34.0,
    "senior": 27.0,
    "staff": 5.0,
    "lead": 8.0,
    "principal": 3.0,
    "head": 5.0,
}
# Years of experience a posting may ask for, by seniority: (at least, at most or None).
_YEARS: dict[str, tuple[tuple[int, int | None], ...]] = {
    "junior": ((0, 2), (1, None), (0, None), (1, 3)),
    "mid": ((2, None), (3, None), (2, 4), (3, 5)),
    "senior": ((5, None), (5, 8), (6, None), (4, None)),
    "staff": ((8, None), (7, None), (8, 12)),
    "lead": ((6, None), (5, None), (7, None)),
    "principal": ((10, None), (12, None)),
    "head": ((8, None), (10, None), (10, 15)),
}
_LEGAL_SUFFIX = re.compile(
    r",?\s+(GmbH|Ltd|AG|B\.V\.|SAS|AB|ApS|Pvt Ltd|Pty Ltd|K\.K\.|LLP|Co\.|Inc\.)$"
)
_COMPLEX_TITLE = re.compile("[(,\\-\u2013]")
_GENDER_NOTE_COUNTRIES = frozenset({"DE", "AT", "CH"})


@dataclass(frozen=True, slots=True)
class Employer:
    """A company with the names it goes by on the different sites."""

    company: Company
    short_name: str
    camel: str
    hyphenated: str


def employer_names(company: Company) -> Employer:
    """The company's name without its legal form, and as board slugs use it."""
    short = _LEGAL_SUFFIX.sub("", company.name)
    words = re.findall(r"[A-Za-z0-9]+", ascii_fold(short))
    return Employer(
        company=company,
        short_name=short,
        camel="".join(w[:1].upper() + w[1:] for w in words),
        hyphenated="-".join(w.lower() for w in words),
    )


@dataclass(slots=True)
class Position:
    """One real position, before any site writes it down."""

    key: str
    number: int
    occupation: Occupation
    employer: Employer
    country: Country
    level: str
    language: str
    workplace: str
    employment: str
    place: Place
    title: str
    department: str
    offer: SalaryOffer | None
    salary_in_fields: bool
    draft: DescriptionDraft
    posted_days_ago: int
    posted_minutes: int
    valid_days: int | None
    primary_source: str
    # The employer's own requisition number, in its careers-site URLs.
    req: str
    copies: tuple[str, ...]
    repost: bool
    facts: dict[str, str]
    primary_id: str = ""


@dataclass(frozen=True, slots=True)
class _OccupationTables:
    """Cumulative weights of the draws made for every position of an occupation."""

    employers: tuple[Employer, ...]
    employer_weights: tuple[float, ...]
    level_weights: tuple[float, ...]
    workplace_weights: tuple[float, ...]
    employment_weights: tuple[float, ...]


def _occupation_tables(occupation: Occupation, employers: list[Employer]) -> _OccupationTables:
    chosen = []
    weights = []
    default = occupation.industries.get("*", 0.0)
    for employer in employers:
        weight = occupation.industries.get(employer.company.industry, default)
        if weight > 0:
            chosen.append(employer)
            weights.append(weight)
    return _OccupationTables(
        employers=tuple(chosen),
        employer_weights=cumulative(weights),
        level_weights=cumulative([_LEVEL_WEIGHTS[level] for level in occupation.levels]),
        workplace_weights=cumulative(occupation.workplace),
        employment_weights=cumulative(occupation.employment),
    )


def _benefit_regions(country: Country) -> tuple[str, ...]:
    if country.region == "Europe" and country.code not in ("GB", "IE"):
        return ("EU",)
    return (country.code,)


class PositionFactory:
    """Draws new positions from the vocabulary, one after another, from a shared random
    stream."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary, seed: int) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        # Requisition numbers differ between seeds, as record ids do.
        self.req_offset = 100_000 + (seed % 89) * 10_000_000
        self.occupations = vocabulary.occupations
        self.occupation_weights = cumulative([o.weight for o in self.occupations])
        employers = [employer_names(c) for c in vocabulary.companies]
        self.tables = [_occupation_tables(o, employers) for o in self.occupations]
        self.countries = {c.code: c for c in vocabulary.countries}
        self.country_weights = cumulative([c.weight for c in vocabulary.countries])
        self.spoken_languages = frozenset(c.spoken for c in vocabulary.countries)
        self.regions_by_country: dict[str, tuple[RemoteRegion, ...]] = {
            c.code: tuple(r for r in vocabulary.remote_regions if c.code in r.countries)
            for c in vocabulary.countries
        }

    def _title(self, occupation: Occupation, level: str, language: str, place: Place) -> str:
        rng = self.rng
        text = self.vocabulary.texts[language]
        if language != "en":
            base = draw_one(rng, occupation.i18n[language])
            patterns = text.options_in("level_patterns", "lead" if level == "head" else level)
            return draw_one(rng, patterns).format(title=base) + text.pick(rng, "title_suffixes")
        if level == "head":
            title = draw_one(rng, occupation.head_titles + occupation.fixed_titles.get("head", ()))
        elif level in occupation.fixed_titles and rng.random() < 0.35:
            title = draw_one(rng, occupation.fixed_titles[level])
        else:
            base = draw_one(rng, occupation.titles)
            patterns = text.options_in("level_patterns", level)
            if _COMPLEX_TITLE.search(base):
                # "Software Engineer - Payments II" reads wrong: only prefixes for such titles.
                patterns = tuple(p for p in patterns if p.endswith("{title}")) or ("{title}",)
            title = draw_one(rng, patterns).format(title=base)
        if place.country.code in _GENDER_NOTE_COUNTRIES and rng.random() < 0.35:
            title += " (m/f/d)"
        if place.kind == "remote" and rng.random() < 0.15:
            suffix = text.pick(rng, "remote_title_suffixes")
            title += suffix.format(region=remote_scope(place, "en"))
        return title

    def _skills(
        self, names: tuple[str, ...], low: int, high: int, language: str
    ) -> tuple[str, ...]:
        rng = self.rng
        if language != "en":
            # A German posting asks for German in its own words, not in the skill list.
            names = tuple(n for n in names if n not in self.spoken_languages)
        draw = rng.random
        aliases = self.vocabulary.aliases
        chosen = draw_sample(rng, names, low + int(draw() * (high - low + 1)))
        for i, name in enumerate(chosen):
            forms = aliases.get(name)
            if forms is not None and draw() < ALIAS_SHARE:
                chosen[i] = forms[int(draw() * len(forms))]
        return tuple(chosen)

    def _language(self, occupation: Occupation, country: Country) -> str:
        boost = 1.0 if occupation.is_tech else 1.3
        for candidate, share in country.languages:
            if self.rng.random() < share * boost:
                return candidate
        return "en"

    def _primary_source(self, company: Company) -> str:
        roll = self.rng.random()
        if roll < 0.62:
            return company.ats
        if roll < 0.8:
            return "careers"
        return "linkedin" if roll < 0.93 else "file"

    def new_position(self, number: int) -> Position:
        """The next position, numbered ``number``."""
        rng = self.rng
        vocabulary = self.vocabulary
        index = draw_weighted(rng, range(len(self.occupations)), self.occupation_weights)
        occupation = self.occupations[index]
        tables = self.tables[index]
        employer = draw_weighted(rng, tables.employers, tables.employer_weights)
        company = employer.company
        # Hospitals, schools and warehouses hire where they are; offices also elsewhere.
        stays_home = 0.7 if occupation.is_tech else 0.93
        if occupation.workplace[0] == 1.0 or rng.random() < stays_home:
            country = self.countries[company.country]
        else:
            country = draw_weighted(rng, vocabulary.countries, self.country_weights)
        level = draw_weighted(rng, occupation.levels, tables.level_weights)
        language = self._language(occupation, country)
        workplace = draw_weighted(rng, WORKPLACES, tables.workplace_weights)
        regions = self.regions_by_country[country.code]
        place = draw_place(rng, country, workplace, 0.15 if occupation.is_tech else 0.08, regions)
        if level == "intern":
            employment = "internship"
        else:
            employment = draw_weighted(rng, EMPLOYMENT_KINDS, tables.employment_weights)
        title = self._title(occupation, level, language, place)
        department = draw_one(rng, occupation.departments)
        text = vocabulary.texts[language]

        offer = None
        salary_in_fields = False
        salary_sentence = None
        if rng.random() < SALARY_SHARE:
            offer = draw_offer(rng, occupation, level, country, employment)
            roll = rng.random()
            # 70 % in the posting's salary fields only, 20 % also in the text, 10 % text only.
            salary_in_fields = roll < 0.9
            if roll >= 0.7:
                styles = [s for s in salary_styles(offer, language) if s != "structured"]
                salary_sentence = format_salary(rng, offer, draw_one(rng, styles), text, country)

        years_options = _YEARS.get(level)
        years = None
        if years_options and rng.random() < 0.8:
            years = draw_one(rng, years_options)
        roll = rng.random()
        visa_yes = 0.16 if occupation.is_tech else 0.05
        visa = "yes" if roll < visa_yes else "no" if roll < visa_yes + 0.1 else None
        city = place.cities[0] if place.cities else company.hq
        inputs = DescriptionInputs(
            text=text,
            occupation=occupation,
            company=company,
            industry=vocabulary.industries[company.industry],
            title=title,
            department=department,
            place=place_label(place, language),
            city=city.name if language == "en" else city.local_name,
            region=remote_scope(place, language),
            country_name=country_phrase(country, language),
            benefit_regions=_benefit_regions(country),
            workplace=workplace,
            employment=employment,
            years=years,
            visa=visa,
            required=self._skills(occupation.required, 4, 7, language),
            nice=self._skills(occupation.nice, 2, 4, language),
            spoken=country.spoken if country.spoken != "English" else None,
            salary_text=salary_sentence,
            show_nice=rng.random() < 0.85,
        )
        draft = draft_description(rng, inputs, vocabulary.aliases)

        repost = rng.random() < REPOST_SHARE
        # A re-posted job was first posted long enough ago to be posted again.
        earliest = 20 if repost else 1
        posted_days_ago = earliest + int(rng.random() * (POSTING_WINDOW_DAYS - earliest + 1))
        primary = self._primary_source(company)
        copies: tuple[str, ...] = ()
        if rng.random() < DUPLICATE_SHARE:
            candidates = [s for s in (company.ats, "careers", "linkedin", "file") if s != primary]
            copies = tuple(draw_sample(rng, candidates, 1 if rng.random() < 0.7 else 2))

        facts = {
            "demo_position": f"P{number:07d}",
            "demo_company": company.domain,
            "demo_occupation": occupation.key,
            "demo_seniority": level,
            "demo_country": country.code,
            "demo_workplace": workplace,
            "demo_language": language,
            "demo_employment": employment,
        }
        if place.remote_region is not None:
            facts["demo_remote_scope"] = place.remote_region.name
        if visa is not None:
            facts["demo_visa"] = visa
        if years is not None and years[0] > 0:
            facts["demo_years_min"] = str(years[0])
        if offer is not None:
            facts.update(salary_facts(offer))
        return Position(
            key=facts["demo_position"],
            number=number,
            occupation=occupation,
            employer=employer,
            country=country,
            level=level,
            language=language,
            workplace=workplace,
            employment=employment,
            place=place,
            title=title,
            department=department,
            offer=offer,
            salary_in_fields=salary_in_fields,
            draft=draft,
            posted_days_ago=posted_days_ago,
            posted_minutes=6 * 60 + int(rng.random() * 14 * 60),
            valid_days=30 + int(rng.random() * 31) if rng.random() < 0.35 else None,
            primary_source=primary,
            req=f"R{self.req_offset + number}",
            copies=copies,
            repost=repost,
            facts=facts,
        )

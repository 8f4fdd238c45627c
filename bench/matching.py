"""Jobs for a candidate, end to end and in process on one core: latency of the top 20 with
explanations over N synthetic open jobs, against an exact brute-force baseline. Prints JSON.

    uv run python bench/matching.py --jobs 100000
    uv run python bench/matching.py --jobs 1000000

The production path, per candidate: stage 1 is ``VectorTable.top_k`` (with its inverted file
unless ``--no-ann``) for the candidate's ``RetrievalFilters`` as the feed derives them, k =
``RETRIEVAL_DEPTH``; then the hits' ``JobFacts``, ``passes_hard_filters``, ``match_total`` for
each, the feed's diversity (sink jobs like dismissed ones, collapse near-duplicates, cap per
company) and, for the first page, ``score_match`` and ``explain``. The baseline is the same
stage 2 after a numpy scan of every job vector, with the filters applied as a mask computed
over the generated columns, independently of ``VectorTable``. A third pass scores every hit
with ``score_match`` (the feed's code before ``match_total``) and checks the pages agree.

Jobs come from ``_synthetic_jobs.generate`` (clustered vectors, countries, salaries, seniority)
with N/20 companies, extended with cities, a workplace mix, salaries posted in several
currencies and intervals (annualised and converted with ingestion's functions), employment
types, 5-15 skills of a 2,000-id vocabulary drawn mostly from their cluster's skill profile,
experience ranges, benefits, industries, company sizes, 2 % reposts of the previous job and
posting dates over 60 days. ``JobFacts`` are built from these arrays, all up front (the
lookup a facts cache would give) unless ``--no-hold-facts``. Candidates are drawn around the
same clusters, with skills from their cluster's profile, a home city, wishes, a salary floor,
blocklists and a few dismissed and applied jobs. Objects alive after setup are frozen out of
garbage collection (the cost of one full collection is reported); collections during the runs
are counted.
"""
# ruff: noqa: E402 (the thread pools must be sized before numpy is imported)

from __future__ import annotations

import os

ONE_CORE = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
for _variable in ONE_CORE:
    os.environ[_variable] = "1"

import argparse
import dataclasses
import functools
import gc
import json
import math
import resource
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine_info
from _synthetic_jobs import (
    COUNTRIES,
    COUNTRY_SHARES,
    NOW,
    SENIORITIES,
    Catalogue,
    Positions,
    Vectors,
    clustered,
    filter_mixes,
    generate,
    percentiles,
    unit,
)

from jobpilot.core.settings import IngestSettings
from jobpilot.jobs import salary
from jobpilot.matching.candidates import index_candidate, normalised_text, passes_hard_filters
from jobpilot.matching.diversity import (
    DismissedJob,
    RankedItem,
    cap_per_company,
    collapse_near_duplicates,
    sink_similar_to_dismissed,
)
from jobpilot.matching.explain import explain
from jobpilot.matching.facts import (
    CandidateFacts,
    CandidateSkill,
    JobFacts,
    JobSkill,
    Place,
    PlaceWish,
    SkillGraph,
    Workplace,
)
from jobpilot.matching.repository import VectorRow
from jobpilot.matching.retrieval import Hit, IvfSettings, RetrievalFilters, VectorTable
from jobpilot.matching.scoring import ScoredMatch, match_total, score_match

# The feed's own constants and its mapping from a candidate to stage-1 filters.
from jobpilot.matching.service import (
    PER_COMPANY,
    RETRIEVAL_DEPTH,
    MatchFilters,
    _retrieval_filters,
)

PAGE = 20
Mask = npt.NDArray[np.bool_]

CITIES: dict[str, tuple[Place, ...]] = {
    country: tuple(Place(city, region, country) for region, city in places)
    for country, places in {
        "US": (
            ("NY", "New York"),
            ("CA", "San Francisco"),
            ("CA", "Oakland"),
            ("CA", "San Jose"),
            ("TX", "Austin"),
            ("WA", "Seattle"),
            ("IL", "Chicago"),
            ("MA", "Boston"),
            ("MA", "Cambridge"),
        ),
        "FR": (
            ("Île-de-France", "Paris"),
            ("Île-de-France", "Versailles"),
            ("Auvergne-Rhône-Alpes", "Lyon"),
            ("Occitanie", "Toulouse"),
            ("Nouvelle-Aquitaine", "Bordeaux"),
        ),
        "NL": (
            ("North Holland", "Amsterdam"),
            ("North Holland", "Haarlem"),
            ("South Holland", "Rotterdam"),
            ("Utrecht", "Utrecht"),
        ),
        "LU": ((None, "Luxembourg"), (None, "Esch-sur-Alzette")),
        "GB": (
            ("England", "London"),
            ("England", "Cambridge"),
            ("England", "Manchester"),
            ("England", "Bristol"),
            ("Scotland", "Edinburgh"),
        ),
    }.items()
}
CURRENCY = {"US": "USD", "FR": "EUR", "NL": "EUR", "LU": "EUR", "GB": "GBP"}
INTERVALS = ("year", "month", "hour")
INTERVAL_SHARES = (0.8, 0.12, 0.08)
ROUNDING = {"year": 500.0, "month": 50.0, "hour": 0.5}
WORKPLACES: tuple[Workplace | None, ...] = ("remote", "hybrid", "on_site", None)
EMPLOYMENT = ("full_time", "contract", "part_time", "internship")
EMPLOYMENT_SHARES = (0.75, 0.1, 0.05, 0.02, 0.08)  # the last: not stated
TITLE_LEVEL = {-1: "", 0: "Junior ", 1: "", 2: "Senior ", 3: "Lead "}
EXPERIENCE = {0: (0, 2), 1: (2, 5), 2: (5, 10), 3: (8, 15)}
ROLES = tuple(
    f"{area} {kind}"
    for area in (
        "Backend",
        "Frontend",
        "Data",
        "Platform",
        "Mobile",
        "Security",
        "Machine Learning",
        "Cloud",
        "Embedded",
        "Game",
        "QA",
        "Site Reliability",
        "Analytics",
        "Payments",
        "Search",
        "Infrastructure",
        "Full-Stack",
        "Growth",
        "Identity",
        "Compiler",
    )
    for kind in ("Engineer", "Developer", "Architect", "Specialist", "Manager")
)
BENEFITS = (
    "learning budget",
    "parental leave",
    "stock options",
    "flexible hours",
    "four-day week",
    "mentoring programme",
    "health insurance",
    "gym membership",
    "home office allowance",
    "pension plan",
)
DESCRIPTIONS = (
    "We build open-source tools used by thousands of teams.",
    "Our product helps companies cut their carbon emissions.",
    "A diverse and inclusive team shipping every day.",
    "Fast-growing scale-up with a strong engineering culture.",
    "We work from home most of the week as a distributed team.",
    "Mentoring and coaching are part of every role here.",
)
GOALS = (
    "remote work",
    "a learning budget",
    "parental leave",
    "a four-day week",
    "equity",
    "mentoring",
    "flexible hours",
    "open source",
    "sustainability",
)
INDUSTRIES = (
    "Software",
    "Fintech",
    "Healthcare",
    "E-commerce",
    "Energy",
    "Education",
    "Media",
    "Logistics",
    "Gaming",
    "Public sector",
    "Telecommunications",
    "Automotive",
)
COMPANY_SIZES = ("1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+")
VOCABULARY = 2000
PROFILE_SKILLS = 30
REQUIRED_FLAGS: tuple[bool | None, ...] = (True, None, False)


def skill_id(code: int) -> str:
    return f"skill:{code:04d}"


@functools.cache
def job_skill(code: int, flag: int) -> JobSkill:
    return JobSkill(skill_id(code), f"Skill {code:04d}", REQUIRED_FLAGS[flag])


@functools.cache
def job_title(level: int, role: int) -> tuple[str, str]:
    title = f"{TITLE_LEVEL[level]}{ROLES[role]}"
    return title, normalised_text(title)


@functools.cache
def benefits_of(mask: int) -> tuple[str, ...]:
    return tuple(name for bit, name in enumerate(BENEFITS) if mask >> bit & 1)


@dataclass
class JobColumns:
    """The synthetic catalogue and, per row, everything else the scorer knows of the job."""

    catalogue: Catalogue
    profiles: npt.NDArray[np.int64]  # (clusters, PROFILE_SKILLS) skill codes
    anywhere: Mask  # remote with no country restriction
    city: npt.NDArray[np.int16]
    workplace: npt.NDArray[np.int8]  # index into WORKPLACES
    employment: npt.NDArray[np.int8]  # index into EMPLOYMENT, -1: not stated
    salary_min: npt.NDArray[np.float64]  # NaN: unknown
    salary_max: npt.NDArray[np.float64]
    experience_min: npt.NDArray[np.int8]  # -1: unknown
    experience_max: npt.NDArray[np.int8]
    role: npt.NDArray[np.int16]
    skill_start: Positions  # row i's skills are skill_code[skill_start[i]:skill_start[i+1]]
    skill_code: npt.NDArray[np.int16]
    skill_flag: npt.NDArray[np.int8]  # index into REQUIRED_FLAGS
    benefits: npt.NDArray[np.int16]  # bit mask over BENEFITS
    description: npt.NDArray[np.int8]  # index into DESCRIPTIONS, -1: none
    visa: npt.NDArray[np.int8]  # -1 unknown, 0 no, 1 yes
    posted_days: npt.NDArray[np.float32]
    industry: npt.NDArray[np.int8]  # per company
    company_size: npt.NDArray[np.int8]  # per company
    held: list[JobFacts] | None = None  # every row's facts, once hold_facts has run

    @property
    def nbytes(self) -> int:
        c = self.catalogue
        arrays: Sequence[npt.NDArray[np.generic]] = (
            c.vectors,
            c.cluster,
            c.open,
            c.country,
            c.remote,
            c.salary,
            c.seniority,
            c.company,
            self.anywhere,
            self.city,
            self.workplace,
            self.employment,
            self.salary_min,
            self.salary_max,
            self.experience_min,
            self.experience_max,
            self.role,
            self.skill_start,
            self.skill_code,
            self.skill_flag,
            self.benefits,
            self.description,
            self.visa,
            self.posted_days,
        )
        return sum(a.nbytes for a in arrays)

    def country_of(self, row: int) -> str:
        return COUNTRIES[int(self.catalogue.country[row])]

    def hold_facts(self) -> None:
        """Build every row's facts once, so that ``facts`` only looks them up."""
        self.held = None
        total = len(self.catalogue.ids)
        held: list[JobFacts] = []
        for start in range(0, total, 100_000):
            held.extend(self.facts(range(start, min(total, start + 100_000))))
        self.held = held

    def facts(self, rows: Sequence[int]) -> list[JobFacts]:
        """The jobs at ``rows`` as the scorer sees them."""
        if self.held is not None:
            held = self.held
            return [held[row] for row in rows]
        c = self.catalogue
        picked = np.asarray(rows, dtype=np.int64)
        company = c.company[picked]
        first = self.skill_start[picked].tolist()
        last = self.skill_start[picked + 1].tolist()
        columns = zip(
            rows,
            [COUNTRIES[i] for i in c.country[picked].tolist()],
            self.workplace[picked].tolist(),
            self.anywhere[picked].tolist(),
            self.city[picked].tolist(),
            self.salary_min[picked].tolist(),
            self.salary_max[picked].tolist(),
            c.seniority[picked].tolist(),
            self.employment[picked].tolist(),
            self.experience_min[picked].tolist(),
            self.experience_max[picked].tolist(),
            self.role[picked].tolist(),
            first,
            last,
            self.benefits[picked].tolist(),
            self.description[picked].tolist(),
            self.visa[picked].tolist(),
            company.tolist(),
            self.industry[company].tolist(),
            self.company_size[company].tolist(),
            self.posted_days[picked].tolist(),
            strict=True,
        )
        out = []
        for (
            row,
            country,
            workplace_code,
            anywhere,
            city,
            low,
            high,
            seniority,
            employment,
            least,
            most,
            role,
            start,
            stop,
            benefits,
            description,
            visa,
            company_code,
            industry,
            size,
            days,
        ) in columns:
            workplace = WORKPLACES[workplace_code]
            remote = workplace == "remote"
            out.append(
                JobFacts(
                    id=c.ids[row],
                    title=job_title(seniority, role)[0],
                    company=f"Co{company_code}",
                    company_key=f"co{company_code}",
                    seniority=SENIORITIES[seniority] if seniority >= 0 else None,
                    employment_type=EMPLOYMENT[employment] if employment >= 0 else None,
                    workplace=workplace,
                    places=() if remote else (CITIES[country][city],),
                    remote_countries=(country,) if remote and not anywhere else (),
                    salary_min=None if math.isnan(low) else low,
                    salary_max=None if math.isnan(high) else high,
                    experience_min_years=least if least >= 0 else None,
                    experience_max_years=most if most >= 0 else None,
                    skills=self._skills(start, stop),
                    benefits=benefits_of(benefits),
                    description=DESCRIPTIONS[description] if description >= 0 else "",
                    industry=INDUSTRIES[industry],
                    company_size=COMPANY_SIZES[size],
                    visa_sponsorship=None if visa < 0 else visa == 1,
                    posted_at=NOW - timedelta(days=days),
                )
            )
        return out

    def _skills(self, start: int, stop: int) -> tuple[JobSkill, ...]:
        return tuple(
            map(
                job_skill,
                self.skill_code[start:stop].tolist(),
                self.skill_flag[start:stop].tolist(),
            )
        )

    def title_key(self, row: int) -> str:
        return job_title(int(self.catalogue.seniority[row]), int(self.role[row]))[1]

    def vector_row(self, row: int) -> VectorRow:
        c = self.catalogue
        high, low = self.salary_max[row], self.salary_min[row]
        top = high if not np.isnan(high) else low
        seniority = int(c.seniority[row])
        employment = int(self.employment[row])
        return VectorRow(
            id=c.ids[row],
            created_at=NOW,
            countries=() if self.anywhere[row] else (self.country_of(row),),
            workplace=WORKPLACES[self.workplace[row]],
            salary_top=None if np.isnan(top) else float(top),
            seniority=SENIORITIES[seniority] if seniority >= 0 else None,
            employment_type=EMPLOYMENT[employment] if employment >= 0 else None,
            company_key=f"co{int(c.company[row])}",
            org_id=None,
            posted=NOW - timedelta(days=float(self.posted_days[row])),
        )


def _amounts(
    rng: np.random.Generator, country: Positions, annual_ref: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Salary ranges posted in the country's currency per year, month or hour (rounded as
    postings are), brought to annual amounts in the reference currency with ingestion's own
    annualising and exchange rates; 10 % state only a minimum, 10 % only a maximum."""
    settings = IngestSettings()
    interval = rng.choice(len(INTERVALS), size=len(country), p=INTERVAL_SHARES)
    share_low = rng.uniform(0.7, 0.95, len(country))
    low = np.full(len(country), np.nan)
    high = np.full(len(country), np.nan)
    for c, code in enumerate(COUNTRIES):
        for i, name in enumerate(INTERVALS):
            rows = np.flatnonzero((country == c) & (interval == i) & ~np.isnan(annual_ref))
            per_year, _ = salary.annualise(1.0, None, name)
            factor = salary.convert(
                per_year, CURRENCY[code], settings.reference_currency, settings.currency_rates
            )
            assert factor is not None
            step = ROUNDING[name]
            posted_high = np.round(annual_ref[rows] / factor / step) * step
            posted_low = np.round(posted_high * share_low[rows] / step) * step
            high[rows] = posted_high * factor
            low[rows] = posted_low * factor
    only_low = rng.random(len(country)) < 0.1
    only_high = ~only_low & (rng.random(len(country)) < 0.1)
    high[only_low] = np.nan
    low[only_high] = np.nan
    return low, high


def extend(catalogue: Catalogue, seed: int) -> JobColumns:
    """Everything the scorer needs per job, drawn to fit the catalogue's columns (which it
    adjusts for reposts, remote jobs and converted salaries)."""
    rng = np.random.default_rng(seed + 1)
    c = catalogue
    total = len(c.ids)
    # A repost copies the previous posting with a nearly identical vector.
    reposts = np.flatnonzero(rng.random(total) < 0.02)
    reposts = reposts[(reposts > 0) & c.open[reposts] & c.open[reposts - 1]]
    for column in (c.cluster, c.country, c.seniority, c.company):
        column[reposts] = column[reposts - 1]
    jitter = rng.normal(0, 0.05 / np.sqrt(c.vectors.shape[1]), (len(reposts), c.vectors.shape[1]))
    c.vectors[reposts] = unit(c.vectors[reposts - 1] + jitter)
    c.remote |= rng.random(total) < 0.12
    c.remote[reposts] = c.remote[reposts - 1]
    workplace = rng.choice(3, size=total, p=(0.3, 0.6, 0.1)).astype(np.int8) + 1
    workplace[c.remote] = 0
    low, high = _amounts(rng, c.country, c.salary)
    c.salary = np.where(np.isnan(high), low, high)
    seniority = c.seniority
    least = np.full(total, -1, dtype=np.int8)
    most = np.full(total, -1, dtype=np.int8)
    stated = rng.random(total) < 0.7
    for level, (lo, hi) in EXPERIENCE.items():
        rows = stated & (seniority == level)
        least[rows] = lo
        most[rows & (rng.random(total) < 0.5)] = hi
    clusters = len(c.centres)
    profiles = np.stack(
        [rng.choice(VOCABULARY, PROFILE_SKILLS, replace=False) for _ in range(clusters)]
    )
    counts = rng.integers(5, 16, total)
    start = np.zeros(total + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    owner = np.repeat(np.arange(total), counts)
    from_profile = rng.random(len(owner)) < 0.8
    codes = np.where(
        from_profile,
        profiles[c.cluster[owner], rng.integers(0, PROFILE_SKILLS, len(owner))],
        rng.integers(0, VOCABULARY, len(owner)),
    ).astype(np.int16)
    companies = int(c.company.max()) + 1
    role_of_cluster = rng.integers(0, len(ROLES), (clusters, 3))
    role = role_of_cluster[c.cluster, rng.integers(0, 3, total)].astype(np.int16)
    role[reposts] = role[reposts - 1]
    cities = np.array([len(CITIES[code]) for code in COUNTRIES])
    employment = rng.choice(len(EMPLOYMENT_SHARES), size=total, p=EMPLOYMENT_SHARES)
    employment[employment == len(EMPLOYMENT)] = -1
    return JobColumns(
        catalogue=c,
        profiles=profiles,
        anywhere=c.remote & (rng.random(total) < 0.04),
        city=(rng.integers(0, 1 << 14, total) % cities[c.country]).astype(np.int16),
        workplace=workplace,
        employment=employment.astype(np.int8),
        salary_min=low,
        salary_max=high,
        experience_min=least,
        experience_max=most,
        role=role,
        skill_start=start,
        skill_code=codes,
        skill_flag=rng.choice(3, size=len(owner), p=(0.5, 0.3, 0.2)).astype(np.int8),
        benefits=(rng.random((total, len(BENEFITS))) < 0.2)
        .astype(np.int16)
        .dot(1 << np.arange(len(BENEFITS), dtype=np.int16))
        .astype(np.int16),
        description=rng.integers(-3, len(DESCRIPTIONS), total).clip(-1).astype(np.int8),
        visa=rng.integers(-1, 2, total).astype(np.int8),
        posted_days=rng.uniform(0, 60, total).astype(np.float32),
        industry=rng.integers(0, len(INDUSTRIES), companies).astype(np.int8),
        company_size=rng.integers(0, len(COMPANY_SIZES), companies).astype(np.int8),
    )


def skill_graph(profiles: npt.NDArray[np.int64], seed: int) -> SkillGraph:
    """Three related skills per skill of each profile, within the profile, both directions."""
    rng = np.random.default_rng(seed + 2)
    related: dict[str, set[str]] = {}
    for profile in profiles.tolist():
        for code in profile:
            for other in rng.choice(profile, 3, replace=False).tolist():
                if other != code:
                    related.setdefault(skill_id(code), set()).add(skill_id(other))
                    related.setdefault(skill_id(other), set()).add(skill_id(code))
    return SkillGraph({key: frozenset(values) for key, values in related.items()})


@dataclass(frozen=True)
class Seeker:
    """A synthetic candidate: facts, query vector and the jobs already dismissed or applied to."""

    facts: CandidateFacts
    query: Vectors
    dismissed: tuple[int, ...]
    applied: tuple[int, ...]


def _choice(rng: np.random.Generator, options: Sequence[str], most: int) -> tuple[str, ...]:
    count = int(rng.integers(1, most + 1))
    return tuple(str(o) for o in rng.choice(list(options), min(count, len(options)), replace=False))


def seekers(jobs: JobColumns, count: int, seed: int) -> list[Seeker]:
    rng = np.random.default_rng(seed + 3)
    c = jobs.catalogue
    queries, clusters = clustered(rng, c.centres, count)
    open_rows = np.flatnonzero(c.open)
    by_cluster = open_rows[np.argsort(c.cluster[open_rows], kind="stable")]
    bounds = np.searchsorted(c.cluster[by_cluster], np.arange(len(c.centres) + 1))
    companies = int(c.company.max()) + 1
    people: list[Seeker] = []
    for query, cluster in zip(queries, clusters.tolist(), strict=True):
        country = COUNTRIES[rng.choice(len(COUNTRIES), p=COUNTRY_SHARES)]
        home = CITIES[country][rng.integers(len(CITIES[country]))]
        wishes = tuple(
            PlaceWish(
                CITIES[country][rng.integers(len(CITIES[country]))],
                (None, 30, 50, 100)[rng.integers(4)],
            )
            for _ in range(rng.choice(3, p=(0.5, 0.35, 0.15)))
        )
        total_years = None if rng.random() < 0.05 else round(float(rng.uniform(0, 20)) * 2) / 2
        level = None
        if total_years is not None and rng.random() < 0.9:
            level = ("junior", "mid", "senior", "lead")[
                int(np.searchsorted([2, 5, 10], total_years, side="right"))
            ]
        profile = jobs.profiles[cluster]
        codes = {
            int(profile[rng.integers(PROFILE_SKILLS)])
            if rng.random() < 0.75
            else int(rng.integers(VOCABULARY))
            for _ in range(rng.integers(8, 21))
        }
        skills = tuple(
            CandidateSkill(
                skill_id(code),
                f"Skill {code:04d}",
                None if rng.random() < 0.2 else round(float(rng.uniform(0.5, 10)), 1),
                ("used it at work",),
            )
            for code in sorted(codes)
        )
        goals = None
        if rng.random() < 0.6:
            goals = "I am looking for " + ", ".join(_choice(rng, GOALS, 3)) + "."
        facts = CandidateFacts(
            user_id=uuid.UUID(int=(1 << 64) + len(people)),
            skills=skills,
            total_years=total_years,
            seniority=level,
            current_title="Engineer",
            home=home,
            places=wishes,
            willing_to_relocate=rng.random() < 0.15,
            remote=("any", "hybrid", "on_site", "remote")[rng.choice(4, p=(0.4, 0.25, 0.2, 0.15))],
            min_salary=None if rng.random() < 0.3 else float(rng.uniform(40_000, 130_000)),
            employment_types=(
                (),
                ("full_time",),
                ("full_time", "contract"),
            )[rng.choice(3, p=(0.6, 0.3, 0.1))],
            industries=() if rng.random() < 0.5 else _choice(rng, INDUSTRIES, 2),
            company_sizes=() if rng.random() < 0.6 else _choice(rng, COMPANY_SIZES, 2),
            company_blocklist=()
            if rng.random() < 0.8
            else tuple(f"Co{rng.integers(companies)}" for _ in range(rng.integers(1, 4))),
            title_blocklist=() if rng.random() < 0.9 else ("Lead",),
            goals=goals,
        )
        near = by_cluster[bounds[cluster] : bounds[cluster + 1]]
        seen = rng.choice(near, min(len(near), 8), replace=False).tolist()
        dismissed = tuple(seen[: rng.integers(0, 6)])
        applied = tuple(seen[5 : 5 + rng.integers(0, 4)])
        people.append(Seeker(facts, query, dismissed, applied))
    return people


def retrieval_filters(jobs: JobColumns, seeker: Seeker) -> RetrievalFilters:
    """The stage-1 filters the feed derives for this candidate."""
    ids = jobs.catalogue.ids
    excluded = frozenset(ids[row] for row in (*seeker.dismissed, *seeker.applied))
    return _retrieval_filters(seeker.facts, MatchFilters(), excluded=excluded, org_ids=())


def brute_force_mask(jobs: JobColumns, filters: RetrievalFilters) -> Mask:
    """The rows passing ``filters``, computed over the generated columns as documented by
    ``RetrievalFilters`` (no organisation jobs and no date filter here)."""
    c = jobs.catalogue
    mask = c.open.copy()
    if filters.remote_only:
        mask &= c.remote
    if filters.countries:
        codes = [COUNTRIES.index(code) for code in filters.countries if code in COUNTRIES]
        place = jobs.anywhere | np.isin(c.country, codes)
        if filters.remote_ok:
            place |= c.remote
        mask &= place
    if filters.min_salary is not None:
        mask &= np.isnan(c.salary) | (c.salary >= filters.min_salary)
    if filters.seniority:
        codes = [SENIORITIES.index(level) for level in filters.seniority]
        mask &= (c.seniority < 0) | np.isin(c.seniority, codes)
    if filters.employment_types:
        codes = [EMPLOYMENT.index(kind) for kind in filters.employment_types]
        mask &= (jobs.employment < 0) | np.isin(jobs.employment, codes)
    if filters.exclude_company_keys:
        codes = [int(key[2:]) for key in filters.exclude_company_keys if key.startswith("co")]
        mask &= ~np.isin(c.company, codes)
    for job_id in filters.exclude_job_ids:
        mask[job_id.int - 1] = False
    return mask


def brute_force_top(
    jobs: JobColumns, query: Vectors, filters: RetrievalFilters, k: int
) -> list[Hit]:
    """The exact ``k`` best passing rows: every vector scanned, no index."""
    c = jobs.catalogue
    mask = brute_force_mask(jobs, filters)
    scores = c.vectors @ query
    scores[~mask] = -np.inf
    count = min(k, int(np.count_nonzero(mask)))
    if count == 0:
        return []
    best = np.argpartition(-scores, count - 1)[:count]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [Hit(c.ids[int(row)], float(scores[row])) for row in best]


STAGES = ("prepare", "retrieval", "facts", "hard_filters", "scoring", "diversity", "explain")
Retrieve = Callable[[Vectors, RetrievalFilters, int], list[Hit]]


@dataclass
class Ranked:
    """What a benchmark keeps of one ranking: ids (not the explanations, whose objects would
    pile up for the garbage collector to walk) and timings."""

    hits: list[uuid.UUID]
    passed: int
    page: list[uuid.UUID]
    seconds: dict[str, float]
    cpu_seconds: float  # this process's CPU time, which other processes cannot inflate


def rank(
    jobs: JobColumns,
    graph: SkillGraph,
    seeker: Seeker,
    retrieve: Retrieve,
    *,
    explain_all: bool = False,
) -> Ranked:
    """One candidate's first page, timed stage by stage, as the feed computes it.

    Every job that passes the hard filters is ranked by ``match_total`` and the page's jobs
    are scored again in full to be explained, as the feed does for its page; ``explain_all``
    scores every job in full with ``score_match`` and explains the page from those instead.
    """
    vectors = jobs.catalogue.vectors
    clock = time.perf_counter
    cpu = time.process_time()
    marks = [clock()]
    filters = retrieval_filters(jobs, seeker)
    candidate = index_candidate(seeker.facts)
    dismissed = [
        DismissedJob(f"co{int(jobs.catalogue.company[row])}", jobs.title_key(row), vectors[row])
        for row in seeker.dismissed
    ]
    marks.append(clock())
    hits = retrieve(seeker.query, filters, RETRIEVAL_DEPTH)
    marks.append(clock())
    rows = [hit.job_id.int - 1 for hit in hits]
    facts = jobs.facts(rows)
    marks.append(clock())
    allowed = [
        (row, job)
        for row, job in zip(rows, facts, strict=True)
        if passes_hard_filters(candidate, job)[0]
    ]
    marks.append(clock())
    scored: dict[uuid.UUID, ScoredMatch] = {}
    if explain_all:
        scored = {job.id: score_match(candidate, job, graph=graph, now=NOW) for _, job in allowed}
        totals = {job_id: match.score.total for job_id, match in scored.items()}
    else:
        totals = {job.id: match_total(candidate, job, graph=graph, now=NOW) for _, job in allowed}
    marks.append(clock())
    items = [
        RankedItem(job.id, job.company_key, jobs.title_key(row), totals[job.id], vectors[row])
        for row, job in allowed
    ]
    items.sort(key=lambda item: -item.score)
    items = sink_similar_to_dismissed(items, dismissed)
    collapsed = collapse_near_duplicates(items)
    capped = cap_per_company(collapsed, per_page=PER_COMPANY, page_size=PAGE)
    marks.append(clock())
    by_id = {job.id: job for _, job in allowed}
    page = [
        explain(
            scored.get(entry.item.job_id)
            or score_match(candidate, by_id[entry.item.job_id], graph=graph, now=NOW)
        )
        for entry in capped[:PAGE]
    ]
    marks.append(clock())
    cpu = time.process_time() - cpu
    seconds = {stage: marks[i + 1] - marks[i] for i, stage in enumerate(STAGES)}
    return Ranked(
        [hit.job_id for hit in hits], len(allowed), [e.job_id for e in page], seconds, cpu
    )


class CollectorClock:
    """Collections of the garbage collector while in use, and the time they took."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]
        self.seconds = [0.0, 0.0, 0.0]
        self.longest = 0.0
        self._started = 0.0

    def __enter__(self) -> CollectorClock:
        gc.callbacks.append(self._observe)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._observe)

    def _observe(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        elapsed = time.perf_counter() - self._started
        self.counts[info["generation"]] += 1
        self.seconds[info["generation"]] += elapsed
        self.longest = max(self.longest, elapsed)

    def summary(self) -> dict[str, object]:
        return {
            "collections_by_generation": self.counts,
            "ms_by_generation": [round(s * 1000, 1) for s in self.seconds],
            "longest_ms": round(self.longest * 1000, 1),
        }


def latency(runs: Sequence[Ranked]) -> dict[str, object]:
    return {
        "total": percentiles([sum(run.seconds.values()) for run in runs]),
        "total_cpu": percentiles([run.cpu_seconds for run in runs]),
        "stages": {stage: percentiles([run.seconds[stage] for run in runs]) for stage in STAGES},
    }


def overlap(found: Sequence[uuid.UUID], expected: Sequence[uuid.UUID]) -> float:
    return len(set(found) & set(expected)) / len(expected) if expected else 1.0


def end_to_end(
    jobs: JobColumns, graph: SkillGraph, people: Sequence[Seeker], table: VectorTable
) -> dict[str, object]:
    """Every candidate through the production path, then through the brute-force baseline."""
    exact: Retrieve = functools.partial(brute_force_top, jobs)
    with CollectorClock() as clock:
        production = [rank(jobs, graph, seeker, table.top_k) for seeker in people]
    fast: dict[str, object] = {**latency(production), "gc": clock.summary()}
    with CollectorClock() as clock:
        baseline = [rank(jobs, graph, seeker, exact) for seeker in people]
    slow: dict[str, object] = {**latency(baseline), "gc": clock.summary()}
    with CollectorClock() as clock:
        explained = [rank(jobs, graph, seeker, table.top_k, explain_all=True) for seeker in people]
    ratio = {
        p: round(slow["total"][p] / fast["total"][p], 2)  # type: ignore[index]
        for p in ("p50", "p95", "p99")
    }
    recalls = [
        overlap(mine.hits, reference.hits)
        for mine, reference in zip(production, baseline, strict=True)
    ]
    pages = [
        overlap(mine.page, reference.page)
        for mine, reference in zip(production, baseline, strict=True)
    ]
    same_pages = [mine.page == full.page for mine, full in zip(production, explained, strict=True)]
    return {
        "production": fast,
        "brute_force": slow,
        "production_score_match_all": {
            **latency(explained),
            "gc": clock.summary(),
            "same_pages_as_production": all(same_pages),
        },
        "ratio_brute_force_over_production": ratio,
        "stage1_recall_at_300": {
            "mean": round(float(np.mean(recalls)), 4),
            "min": round(min(recalls), 4),
        },
        "page_agreement_top20": {
            "mean": round(float(np.mean(pages)), 4),
            "min": round(min(pages), 4),
        },
        "mean_hits": round(float(np.mean([len(run.hits) for run in production])), 1),
        "mean_after_hard_filters": round(float(np.mean([run.passed for run in production])), 1),
    }


def ann_recall(
    jobs: JobColumns, table: VectorTable, queries: Sequence[Vectors]
) -> dict[str, object]:
    """Stage 1 alone at k = RETRIEVAL_DEPTH on the filter mixes of matching_retrieval.py:
    the table's latency and recall against the brute-force scan."""
    result: dict[str, object] = {}
    exact: Retrieve = functools.partial(brute_force_top, jobs)
    for label, filters in filter_mixes(jobs.catalogue).items():
        seconds: list[float] = []
        baseline: list[float] = []
        recalls: list[float] = []
        for query in queries:
            started = time.perf_counter()
            hits = table.top_k(query, filters, RETRIEVAL_DEPTH)
            seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            reference = exact(query, filters, RETRIEVAL_DEPTH)
            baseline.append(time.perf_counter() - started)
            recalls.append(overlap([h.job_id for h in hits], [h.job_id for h in reference]))
        passing = int(np.count_nonzero(brute_force_mask(jobs, filters)))
        result[label] = {
            "selectivity": round(passing / int(np.count_nonzero(jobs.catalogue.open)), 4),
            "table_ms": percentiles(seconds),
            "brute_force_ms": percentiles(baseline),
            "recall_at_300": round(float(np.mean(recalls)), 4),
            "min_recall": round(min(recalls), 4),
        }
    return result


def facts_footprint(jobs: JobColumns, sample: int) -> dict[str, float]:
    """What holding every job's ``JobFacts`` would cost, measured on a sample."""
    rows = np.flatnonzero(jobs.catalogue.open)[:sample].tolist()
    jobs.facts(rows[:1000])  # fills the shared caches (skills, titles, benefits) first
    started = time.perf_counter()
    held = jobs.facts(rows)
    seconds = time.perf_counter() - started
    del held
    tracemalloc.start()
    held = jobs.facts(rows)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_job = size / len(held)
    return {
        "build_us_per_job": round(seconds / len(held) * 1e6, 2),
        "bytes_per_job": round(per_job),
        "all_jobs_mb": round(per_job * int(np.count_nonzero(jobs.catalogue.open)) / 2**20),
    }


def fill_table(jobs: JobColumns, ivf: IvfSettings | None) -> VectorTable:
    table = VectorTable(ivf=ivf)
    open_rows = np.flatnonzero(jobs.catalogue.open)
    for start in range(0, len(open_rows), 100_000):
        chunk = open_rows[start : start + 100_000]
        table.upsert(
            [jobs.vector_row(row) for row in chunk.tolist()], jobs.catalogue.vectors[chunk]
        )
    return table


def megabytes(count: float) -> float:
    return round(count / 2**20, 1)


def run() -> dict[str, object]:
    process = psutil.Process()
    rss = process.memory_info().rss
    started = time.perf_counter()
    catalogue, _ = generate(ARGS.jobs, 0, ARGS.seed, companies=max(1, ARGS.jobs // 20))
    jobs = extend(catalogue, ARGS.seed)
    graph = skill_graph(jobs.profiles, ARGS.seed)
    everyone = seekers(jobs, ARGS.queries + 10, ARGS.seed)
    warm_up, people = everyone[:10], everyone[10:]
    memory: dict[str, object] = {
        "generate_s": round(time.perf_counter() - started, 1),
        "catalogue_arrays_mb": megabytes(jobs.nbytes),
        "catalogue_rss_growth_mb": megabytes(process.memory_info().rss - rss),
    }
    settings = IvfSettings(exact_below=ARGS.exact_below, probes=ARGS.probes) if ARGS.ann else None
    rss = process.memory_info().rss
    started = time.perf_counter()
    table = fill_table(jobs, settings)
    index: dict[str, object] = {
        "fill_s": round(time.perf_counter() - started, 1),
        "table_mb": megabytes(table.nbytes),
        "fill_rss_growth_mb": megabytes(process.memory_info().rss - rss),
    }
    if ARGS.ann:
        rss = process.memory_info().rss
        started = time.perf_counter()
        table.build_ivf()
        index["ivf_build_s"] = round(time.perf_counter() - started, 1)
        stats = table.ivf_stats()
        index["ivf"] = dataclasses.asdict(stats) if stats is not None else None
        index["ivf_rss_growth_mb"] = megabytes(process.memory_info().rss - rss)
    memory["facts"] = facts_footprint(jobs, 20_000)
    if ARGS.hold_facts:
        rss = process.memory_info().rss
        started = time.perf_counter()
        jobs.hold_facts()
        memory["held_facts"] = {
            "build_s": round(time.perf_counter() - started, 1),
            "rss_growth_mb": megabytes(process.memory_info().rss - rss),
        }
    for seeker in warm_up:
        rank(jobs, graph, seeker, table.top_k)
    # A full collection walks every object the process holds (the table's job ids among
    # them): measured once, then those objects are frozen out of later collections, as a
    # server holding the table should do after loading it.
    started = time.perf_counter()
    gc.collect()
    memory["full_gc_ms"] = round((time.perf_counter() - started) * 1000, 1)
    gc.freeze()
    memory["gc_frozen_objects"] = gc.get_freeze_count()
    result: dict[str, object] = {"memory": memory, "index": index}
    result["end_to_end"] = end_to_end(jobs, graph, people, table)
    if ARGS.mixes:
        result["stage1_filter_mixes"] = ann_recall(jobs, table, [s.query for s in people])
    # ru_maxrss is in kilobytes on Linux.
    memory["peak_rss_mb"] = megabytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    return result


def main() -> None:
    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    result = run()
    print(
        json.dumps(
            {
                "jobs": ARGS.jobs,
                "queries": ARGS.queries,
                "seed": ARGS.seed,
                "k": RETRIEVAL_DEPTH,
                "page": PAGE,
                "threads": {name: os.environ[name] for name in ONE_CORE},
                **result,
                "total_s": round(time.perf_counter() - started, 1),
                "machine": {
                    **machine_info(),
                    "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
                    # Other processes share the cores: compare total with total_cpu.
                    "load_average_before": load_before,
                    "load_average_after": [round(x, 2) for x in os.getloadavg()],
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000, help="open jobs to generate")
    parser.add_argument("--queries", type=int, default=200, help="candidates to rank for")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--ann",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build the table's inverted-file index (off: exact scans only)",
    )
    parser.add_argument("--exact-below", type=int, default=IvfSettings().exact_below)
    parser.add_argument("--probes", type=float, default=IvfSettings().probes)
    parser.add_argument(
        "--hold-facts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build every job's JobFacts up front (off: build the hits' facts per query)",
    )
    parser.add_argument(
        "--mixes",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure stage 1 alone on matching_retrieval.py's filter mixes",
    )
    ARGS = parser.parse_args()
    main()

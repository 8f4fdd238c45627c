"""The judged set behind ``bench/matching_quality.py``: synthetic job seekers and postings, the
true attributes each was generated from, the graded relevance of every pair, and the ranking
metrics.

Everything here is pure and seeded: one seed gives the same people, texts and grades. The texts
(a plain-text resume per seeker, a posting per job) are what the product parses and embeds; the
grades come from the generated truth alone, never from what the product extracted or scored.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from _job_market import (
    BENEFITS,
    COMMON_NOUNS,
    COUNTRIES,
    DUTY_ONE,
    DUTY_PAIR,
    EM_DASH,
    EN_DASH,
    FIRST_NAMES,
    GOALS,
    LAST_NAMES,
    LEVEL_ASKS_YEARS,
    LEVEL_PAY,
    LEVEL_PREFIX,
    LEVEL_WEIGHTS,
    LEVEL_YEARS,
    LEVELS,
    NICE,
    REQUIRED,
    ROLE,
    TOWNS,
    TRACK_BY_FAMILY,
    TRACKS,
    UNIVERSITIES,
    Country,
    Town,
    Track,
)

from jobpilot.matching.facts import SENIORITY_LEVELS, RemotePreference, Workplace
from jobpilot.taxonomy.builtin import skill_id

Fit = Literal["fit", "stretch", "conflict"]
Kinship = Literal["same", "related", "unrelated"]
PayInterval = Literal["hour", "month", "year"]

# Career moves that are plausible without starting over; every other pair is unrelated.
RELATED_FAMILIES: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"backend", "frontend"}),
        frozenset({"backend", "devops"}),
        frozenset({"backend", "data"}),
        frozenset({"frontend", "design"}),
    }
)
# Share of a posting's required skills a seeker must have: "covers" and "partly covers".
STRONG_COVERAGE = 0.8
PARTIAL_COVERAGE = 0.5
# A salary whose top is below this share of the seeker's floor is far below it.
FAR_BELOW_FLOOR = 0.8
# Grades from this one up count as relevant for MRR and precision.
RELEVANT_GRADE = 2
# How a stated amount becomes a yearly one: 40 hours a week, 52 weeks, 12 months.
PER_YEAR: Mapping[str, float] = {"hour": 2080.0, "month": 12.0, "year": 1.0}


@dataclass(frozen=True, slots=True)
class SeekerTruth:
    """What a generated job seeker really is and wants (what the grades are computed from)."""

    key: str
    family: str
    seniority: str
    skills: frozenset[str]  # skill concept ids
    home: Town
    remote: RemotePreference
    willing_to_relocate: bool
    salary_floor: float | None  # yearly, reference currency
    company_blocklist: frozenset[str]


@dataclass(frozen=True, slots=True)
class PostingTruth:
    """What a generated job really asks for and offers."""

    key: str
    family: str
    company: str
    seniority: str
    required: frozenset[str]  # skill concept ids
    nice: frozenset[str]
    workplace: Workplace
    town: Town | None  # None for a remote job
    remote_countries: frozenset[str]  # where a remote job may be done from; empty: anywhere
    salary_low: float | None  # yearly, reference currency
    salary_high: float | None


def kinship(family: str, other: str) -> Kinship:
    """Whether two occupation families are the same, adjacent (``RELATED_FAMILIES``) or not."""
    if family == other:
        return "same"
    return "related" if frozenset({family, other}) in RELATED_FAMILIES else "unrelated"


def required_coverage(seeker: SeekerTruth, posting: PostingTruth) -> float:
    """The share of the posting's required skills the seeker has (1 when none is required)."""
    if not posting.required:
        return 1.0
    return len(posting.required & seeker.skills) / len(posting.required)


def seniority_steps(level: str, other: str) -> int:
    """How many seniority levels apart two levels are."""
    return abs(SENIORITY_LEVELS.index(level) - SENIORITY_LEVELS.index(other))


def location_fit(seeker: SeekerTruth, posting: PostingTruth) -> Fit:
    """Whether the seeker can work where the job is done.

    A remote job closed to the seeker's country is a conflict, and a stretch for someone who
    wants on-site work. For an on-site or hybrid job: a remote-only seeker conflicts with it,
    unless it is hybrid in their own city (a stretch). Otherwise the seeker's city fits; another
    city of their country fits when they would relocate and is a stretch when not; another
    country is a stretch when they would relocate and a conflict when not.
    """
    home = seeker.home
    if posting.workplace == "remote":
        if posting.remote_countries and home.country not in posting.remote_countries:
            return "conflict"
        return "stretch" if seeker.remote == "on_site" else "fit"
    town = posting.town
    if town is None:
        return "stretch"
    same_city = (town.city, town.country) == (home.city, home.country)
    if seeker.remote == "remote":
        return "stretch" if same_city and posting.workplace == "hybrid" else "conflict"
    if same_city:
        return "fit"
    if town.country == home.country:
        return "fit" if seeker.willing_to_relocate else "stretch"
    return "stretch" if seeker.willing_to_relocate else "conflict"


def salary_fit(seeker: SeekerTruth, posting: PostingTruth) -> Fit:
    """Whether the job's top salary reaches the seeker's floor (fit), falls short by less than
    a fifth (stretch) or by more (conflict). Without a floor or a salary: fit."""
    floor = seeker.salary_floor
    top = posting.salary_high if posting.salary_high is not None else posting.salary_low
    if floor is None or top is None or top >= floor:
        return "fit"
    return "stretch" if top >= FAR_BELOW_FLOOR * floor else "conflict"


def is_blocked(seeker: SeekerTruth, posting: PostingTruth) -> bool:
    """Whether the seeker has blocked the posting's company (names compared case-blind)."""
    return posting.company.casefold() in {name.casefold() for name in seeker.company_blocklist}


def relevance(seeker: SeekerTruth, posting: PostingTruth) -> int:
    """How good the posting is for the seeker, from 0 to 3, from the generated truth.

    - 0: a hard conflict — a blocked company, a place the seeker cannot work from
      (:func:`location_fit`), a salary far below the floor (:func:`salary_fit`) — or an
      unrelated occupation family with less than half the required skills.
    - 3: same family, at least 80 % of the required skills, seniority at most one level apart,
      place and salary fit.
    - 2: same family, at least half the required skills, and exactly one soft mismatch among:
      under 80 % of the required skills, seniority two or more levels apart, place a stretch,
      salary a stretch; or a related family (:data:`RELATED_FAMILIES`) with no mismatch at all.
    - 1: any other job of the same or a related family, or of another family when the seeker
      has at least half its required skills.

    Seniority three or more levels apart caps the grade at 1.
    """
    if is_blocked(seeker, posting):
        return 0
    place = location_fit(seeker, posting)
    pay = salary_fit(seeker, posting)
    if "conflict" in (place, pay):
        return 0
    kin = kinship(seeker.family, posting.family)
    coverage = required_coverage(seeker, posting)
    steps = seniority_steps(seeker.seniority, posting.seniority)
    mismatches = (
        (place == "stretch") + (pay == "stretch") + (coverage < STRONG_COVERAGE) + (steps >= 2)
    )
    if kin == "same" and coverage >= PARTIAL_COVERAGE:
        grade = 3 if mismatches == 0 else 2 if mismatches == 1 else 1
    elif kin == "related" and coverage >= STRONG_COVERAGE and mismatches == 0:
        grade = 2
    elif kin != "unrelated" or coverage >= PARTIAL_COVERAGE:
        grade = 1
    else:
        grade = 0
    return min(grade, 1) if steps >= 3 else grade


def dcg_at(grades: Sequence[int], k: int) -> float:
    """Discounted cumulative gain of the first ``k`` grades: sum of (2^g - 1) / log2(rank + 1)."""
    return sum((2.0**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades[:k], 1))


def ndcg_at(ranked: Sequence[int], judged: Sequence[int], k: int = 10) -> float | None:
    """DCG@k of the ranking over the best possible DCG@k of all judged grades (None when no
    judged job has a gain)."""
    ideal = dcg_at(sorted(judged, reverse=True), k)
    if ideal == 0:
        return None
    return dcg_at(ranked, k) / ideal


def reciprocal_rank(ranked: Sequence[int], relevant: int = RELEVANT_GRADE) -> float:
    """1 / the rank of the first job graded at least ``relevant``; 0 when none is ranked."""
    for rank, grade in enumerate(ranked, 1):
        if grade >= relevant:
            return 1.0 / rank
    return 0.0


def precision_at(ranked: Sequence[int], k: int = 10, relevant: int = RELEVANT_GRADE) -> float:
    """The share of the first ``k`` places (a shorter ranking leaves places empty) holding a
    job graded at least ``relevant``."""
    return sum(grade >= relevant for grade in ranked[:k]) / k


@dataclass(frozen=True, slots=True)
class Pay:
    """An amount as written (``low == high`` for a single figure) and its yearly value in the
    reference currency."""

    low: float
    high: float
    currency: str
    interval: PayInterval
    yearly_low: float
    yearly_high: float


@dataclass(frozen=True, slots=True)
class Seeker:
    """A generated job seeker: the truth, and what they give the product (resume, preferences)."""

    truth: SeekerTruth
    name: str
    resume: str
    desired_title: str
    goals: str
    floor: Pay | None


@dataclass(frozen=True, slots=True)
class Posting:
    """A generated job: the truth, and the posting as a source would deliver it."""

    truth: PostingTruth
    title: str
    description: str
    location: str
    workplace: str
    pay: Pay | None
    posted_days_ago: float


@dataclass(frozen=True, slots=True)
class JudgedSet:
    seekers: tuple[Seeker, ...]
    postings: tuple[Posting, ...]

    def grades(self) -> list[list[int]]:
        """:func:`relevance` of every posting for every seeker (rows are seekers)."""
        return [[relevance(s.truth, p.truth) for p in self.postings] for s in self.seekers]


MAX_DRAWS = 50
CURRENT_JOB_MENTION = 0.7
EARLIER_JOB_MENTION = 0.45


def generate_judged_set(
    *, seekers: int, postings: int, seed: int, rates: Mapping[str, float], today: date
) -> JudgedSet:
    """``seekers`` job seekers and ``postings`` jobs spread evenly over the tracks.

    ``rates`` are units of the reference currency per unit of each currency (the deployment's
    exchange rates); ``today`` ends the seekers' current jobs.
    """
    rng = random.Random(seed)
    made: list[Posting] = []
    taken: set[tuple[str, str]] = set()
    for number in range(postings):
        made.append(_posting(rng, number, TRACKS[number % len(TRACKS)], rates, taken))
    people = [
        _seeker(rng, number, TRACKS[number % len(TRACKS)], rates, today)
        for number in range(seekers)
    ]
    return JudgedSet(tuple(people), tuple(made))


def yearly_in_reference(
    amount: float, currency: str, interval: PayInterval, rates: Mapping[str, float]
) -> float:
    """An amount per ``interval`` in ``currency`` as a yearly amount in the reference currency."""
    return amount * PER_YEAR[interval] * rates[currency]


def _weighted_sample(rng: random.Random, names: Sequence[str], k: int) -> list[str]:
    """``k`` distinct names, earlier ones more likely (weights n, n - 1, …, 1)."""
    pool = list(names)
    weights = [float(len(pool) - i) for i in range(len(pool))]
    chosen: list[str] = []
    for _ in range(min(k, len(pool))):
        (index,) = rng.choices(range(len(pool)), weights=weights)
        chosen.append(pool.pop(index))
        weights.pop(index)
    return chosen


def _level(rng: random.Random) -> str:
    return rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]


def _titled(level: str, title: str) -> str:
    return f"{LEVEL_PREFIX[level]}{title}"


def _inline(name: str) -> str:
    """A skill name as written inside a sentence: ordinary words in lower case."""
    if name in COMMON_NOUNS:
        return name.lower()
    first = name.split()[0]
    if " " in name and len(first) > 1 and name[1:] == name[1:].lower():
        return name[0].lower() + name[1:]
    return name


def _money(country: Country, amount: float) -> str:
    return f"{country.symbol}{amount:,.0f}"


def _stated_pay(
    rng: random.Random,
    yearly_usd: float,
    country_code: str,
    track: Track,
    rates: Mapping[str, float],
    *,
    spread: float,
) -> Pay:
    """A yearly USD amount restated in the country's currency and a usual interval, rounded
    as people write it; ``spread`` > 0 gives a range around it."""
    country = COUNTRIES[country_code]
    currency = country.currency
    interval: PayInterval = "year"
    if country_code == "US" and track.hourly_in_us and rng.random() < 0.5:
        interval = "hour"
    elif country_code in ("DE", "NL") and rng.random() < 0.25:
        interval = "month"
    local = yearly_usd / rates[currency] / PER_YEAR[interval]
    step = {"hour": 1.0, "month": 100.0, "year": 1000.0}[interval]
    low = round(local * (1 - spread) / step) * step
    high = round(local * (1 + spread) / step) * step
    return Pay(
        low,
        high,
        currency,
        interval,
        yearly_in_reference(low, currency, interval, rates),
        yearly_in_reference(high, currency, interval, rates),
    )


def _pay_text(pay: Pay, country: Country) -> str:
    low, high = _money(country, pay.low), _money(country, pay.high)
    return f"Salary: {low} {EN_DASH} {high} per {pay.interval}."


def _posting(
    rng: random.Random,
    number: int,
    track: Track,
    rates: Mapping[str, float],
    taken: set[tuple[str, str]],
) -> Posting:
    # The same company and title twice would be folded together by the feed's diversity step;
    # avoid it while there are other combinations left.
    for _ in range(MAX_DRAWS):
        level = _level(rng)
        company, country_code = rng.choice(track.companies)
        title = _titled(level, rng.choice(track.titles))
        if (company, title) not in taken:
            break
    taken.add((company, title))
    country = COUNTRIES[country_code]
    required = _weighted_sample(rng, track.core, rng.randint(3, 5))
    nice = _weighted_sample(rng, track.extras, rng.randint(1, 3))
    leftover = [name for name in track.core if name not in required]
    if leftover and rng.random() < 0.3:
        nice.append(rng.choice(leftover))
    workplace = _workplace(rng, track)
    town: Town | None = None
    remote_countries: frozenset[str] = frozenset()
    if workplace == "remote":
        if rng.random() < 0.5:
            remote_countries = frozenset({country_code})
            location = f"Remote ({country.name})"
        else:
            location = "Remote"
    else:
        town = _town(rng, country_code)
        location = town.label
    pay: Pay | None = None
    if rng.random() < 0.7:
        centre = track.pay * country.pay_factor * LEVEL_PAY[level] * rng.uniform(0.88, 1.12)
        pay = _stated_pay(rng, centre, country_code, track, rates, spread=0.08)
    project = rng.choice(track.projects)
    lines = [
        f"{company} is a {track.industry} company with teams across {country.name}.",
        "",
        "Your role:",
        rng.choice(ROLE).format(a=_inline(required[0]), b=_inline(required[1]), project=project),
        f"- Help the team plan and run {rng.choice(track.projects)}",
        "",
        "Requirements:",
        f"- {LEVEL_ASKS_YEARS[level]}+ years of professional experience",
        *(rng.choice(REQUIRED).format(a=_inline(name)) for name in required),
        "",
        "Nice to have:",
        *(rng.choice(NICE).format(a=_inline(name)) for name in nice),
        "",
        "What we offer:",
        _listing(rng.sample(BENEFITS, rng.randint(1, 3))).capitalize() + ".",
    ]
    if pay is not None:
        lines.append(_pay_text(pay, country))
    truth = PostingTruth(
        key=f"j{number:04d}",
        family=track.family,
        company=company,
        seniority=level,
        required=frozenset(skill_id(name) for name in required),
        nice=frozenset(skill_id(name) for name in nice),
        workplace=workplace,
        town=town,
        remote_countries=remote_countries,
        salary_low=pay.yearly_low if pay else None,
        salary_high=pay.yearly_high if pay else None,
    )
    return Posting(
        truth=truth,
        title=title,
        description="\n".join(lines) + "\n",
        location=location,
        workplace={"remote": "remote", "hybrid": "hybrid", "on_site": "on-site"}[workplace],
        pay=pay,
        posted_days_ago=rng.uniform(0, 40),
    )


def _workplace(rng: random.Random, track: Track) -> Workplace:
    if track.office_work:
        return rng.choices(("remote", "hybrid", "on_site"), weights=(3, 4, 3))[0]
    return rng.choices(("hybrid", "on_site"), weights=(1, 6))[0]


def _town(rng: random.Random, country: str) -> Town:
    towns = [(town, weight) for town, weight in TOWNS if town.country == country]
    return rng.choices([t for t, _ in towns], weights=[w for _, w in towns])[0]


def _listing(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _seeker(
    rng: random.Random, number: int, track: Track, rates: Mapping[str, float], today: date
) -> Seeker:
    level = _level(rng)
    years = rng.uniform(*LEVEL_YEARS[level])
    home = rng.choices([t for t, _ in TOWNS], weights=[w for _, w in TOWNS])[0]
    remote: RemotePreference
    if track.office_work:
        remote = rng.choices(("any", "remote", "hybrid", "on_site"), weights=(50, 20, 15, 15))[0]
    else:
        remote = rng.choices(("any", "hybrid", "on_site"), weights=(60, 10, 30))[0]
    floor: Pay | None = None
    if rng.random() < 0.75:
        wanted = (
            track.pay
            * COUNTRIES[home.country].pay_factor
            * LEVEL_PAY[level]
            * rng.uniform(0.82, 1.08)
        )
        floor = _stated_pay(rng, wanted, home.country, track, rates, spread=0.0)
    blocklist = frozenset({rng.choice(track.companies)[0]}) if rng.random() < 0.2 else frozenset()
    names = _weighted_sample(rng, track.core, rng.randint(5, 8))
    names += _weighted_sample(rng, track.extras, rng.randint(1, 3))
    neighbours = sorted(f for f in TRACK_BY_FAMILY if kinship(track.family, f) == "related")
    if neighbours and rng.random() < 0.25:
        other = TRACK_BY_FAMILY[rng.choice(neighbours)]
        names += [n for n in _weighted_sample(rng, other.core, 2) if n not in names]
    name = f"{FIRST_NAMES[number % 20]} {LAST_NAMES[(number // 20 + number) % 20]}"
    title = _titled(level, rng.choice(track.titles))
    truth = SeekerTruth(
        key=f"c{number:03d}",
        family=track.family,
        seniority=level,
        skills=frozenset(skill_id(n) for n in names),
        home=home,
        remote=remote,
        willing_to_relocate=rng.random() < 0.25,
        salary_floor=floor.yearly_low if floor else None,
        company_blocklist=blocklist,
    )
    values = rng.sample(BENEFITS[:6], 2)
    return Seeker(
        truth=truth,
        name=name,
        resume=_resume(rng, name, title, level, years, home, track, names, today),
        desired_title=track.titles[0],
        goals=rng.choice(GOALS).format(a=values[0], b=values[1]),
        floor=floor,
    )


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(index: int) -> str:
    """A month counted from year 0 ("Mar 2022")."""
    return f"{_MONTHS[index % 12]} {index // 12}"


def _resume(
    rng: random.Random,
    name: str,
    title: str,
    level: str,
    years: float,
    home: Town,
    track: Track,
    skills: Sequence[str],
    today: date,
) -> str:
    """A plain-text resume: contact, summary, jobs with bullets naming every skill, education
    and a skills line."""
    spans: list[int] = []
    left = max(6, round(years * 12))
    while left > 0:
        span = left if len(spans) == 2 else min(left, rng.randint(18, 54))
        spans.append(span)
        left -= span
    # People use most of their skills in more than one job: each skill shows up in the current
    # job with probability 0.7 and in each earlier one with 0.45, and at least once.
    mentions: list[list[str]] = [[] for _ in spans]
    for skill in skills:
        chances = [CURRENT_JOB_MENTION] + [EARLIER_JOB_MENTION] * (len(spans) - 1)
        entries = [entry for entry, chance in enumerate(chances) if rng.random() < chance]
        for entry in entries or [rng.randrange(len(spans))]:
            mentions[entry].append(skill)
    employers = [c for c, _ in track.companies]
    rng.shuffle(employers)
    end = today.year * 12 + today.month - 1
    lines = [
        name,
        title,
        f"{name.lower().replace(' ', '.')}@example.com | {home.label}",
        "",
        "SUMMARY",
        f"{track.noun.capitalize()} with {max(1, round(years))} years of experience in "
        f"{track.industry}.",
        "",
        "EXPERIENCE",
    ]
    level_index = LEVELS.index(level)
    for entry, months in enumerate(spans):
        start = end - months + 1
        dates = "Present" if entry == 0 else _month(end)
        job_title = _titled(LEVELS[max(0, level_index - entry)], rng.choice(track.titles))
        lines += ["", f"{job_title} {EM_DASH} {employers[entry]}"]
        lines.append(f"{home.label} | {_month(start)} {EN_DASH} {dates}")
        rng.shuffle(mentions[entry])
        lines += [f"- {duty}" for duty in _duties(rng, mentions[entry], track)]
        end = start - 1
    first_year = (end + 1) // 12
    lines += [
        "",
        "EDUCATION",
        "",
        f"{track.degree} {EM_DASH} {rng.choice(UNIVERSITIES)}",
        f"{home.label} | {first_year - 3} {EN_DASH} {first_year}",
        "",
        "SKILLS",
        ", ".join(skills),
    ]
    return "\n".join(lines) + "\n"


def _duties(rng: random.Random, skills: Sequence[str], track: Track) -> list[str]:
    duties = []
    for start in range(0, len(skills), 2):
        pair = [_inline(name) for name in skills[start : start + 2]]
        project = rng.choice(track.projects)
        if len(pair) == 2:
            duties.append(rng.choice(DUTY_PAIR).format(a=pair[0], b=pair[1], project=project))
        else:
            duties.append(rng.choice(DUTY_ONE).format(a=pair[0], project=project))
    if not duties:
        duties.append(f"Supported the team on {rng.choice(track.projects)}")
    return duties

"""The authored vocabulary of the demo corpus: occupations, employers, places and the sentence
templates of each language, read from ``jobs/data/corpus``."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

LEVELS = ("intern", "junior", "mid", "senior", "staff", "lead", "principal", "head")
EMPLOYMENT_KINDS = ("full_time", "part_time", "contract", "temporary")
WORKPLACES = ("onsite", "hybrid", "remote")
LANGUAGES = ("en", "de", "fr", "es", "nl")
# Which board each employer runs its hiring on; weights differ for tech and other industries.
ATS_NAMES = ("greenhouse", "lever", "ashby", "smartrecruiters", "workable")
_TECH_INDUSTRIES = frozenset({"software", "fintech", "ecommerce", "media", "telecom"})
_ATS_WEIGHTS_TECH = (0.36, 0.24, 0.22, 0.08, 0.10)
_ATS_WEIGHTS_OTHER = (0.16, 0.12, 0.04, 0.38, 0.30)
_DEFAULT_EMPLOYMENT = {"full_time": 0.86, "part_time": 0.05, "contract": 0.07, "temporary": 0.02}
# A placeholder naming skills by canonical name: "{Python|Go}".
_NAMED_SKILLS = re.compile(r"\{([^{}]+)\}")
_SIMPLE_PLACEHOLDERS = frozenset(
    {"skill", "skill2", "company", "city", "title", "department", "place", "region", "days"}
)


_COMMON_LISTS = (
    "intro",
    "intro_extra",
    "role",
    "requirement",
    "requirement_pair",
    "nice",
    "nice_pair",
    "years",
    "years_range",
    "no_experience",
    "visa_yes",
    "visa_no",
    "salary_line",
    "salary_note",
    "closing",
    "extras",
    "apply",
    "title_suffixes",
    "remote_title_suffixes",
)
# Keys each language's text file must have: English uses the occupations' own
# responsibilities and education, other languages generic ones.
_LISTS_NEEDED = {
    True: (*_COMMON_LISTS, "soft_skills", "soft", "language_req", "education_suffix"),
    False: (*_COMMON_LISTS, "responsibility", "education", "language_line"),
}
_GROUPS_NEEDED = (
    "headings",
    "employment",
    "workplace",
    "benefits",
    "level_patterns",
    "salary_words",
)


class CorpusDataError(ValueError):
    """A corpus data file is malformed."""


@dataclass(frozen=True, slots=True)
class City:
    name: str
    region: str
    region_code: str
    local_name: str


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    short: str
    local_name: str
    spoken: str
    currency: str
    fx: float
    pay_tech: float
    pay_general: float
    weight: float
    style: str
    region: str
    tld: str
    languages: tuple[tuple[str, float], ...]
    cities: tuple[City, ...]


@dataclass(frozen=True, slots=True)
class RemoteRegion:
    name: str
    countries: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Industry:
    key: str
    nouns: dict[str, tuple[str, ...]]
    missions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Company:
    name: str
    domain: str
    industry: str
    country: str
    ats: str
    board: str
    founded: int
    size: int
    hq: City


@dataclass(frozen=True, slots=True)
class Occupation:
    key: str
    family: str
    weight: float
    titles: tuple[str, ...]
    fixed_titles: dict[str, tuple[str, ...]]
    head_titles: tuple[str, ...]
    levels: tuple[str, ...]
    i18n: dict[str, tuple[str, ...]]
    departments: tuple[str, ...]
    industries: dict[str, float]
    salary_usd: float
    hourly: float
    workplace: tuple[float, float, float]
    employment: tuple[float, float, float, float]
    field: str
    education: tuple[str, ...]
    required: tuple[str, ...]
    nice: tuple[str, ...]
    responsibilities: tuple[str, ...]

    @property
    def is_tech(self) -> bool:
        return self.family == "tech"


@dataclass(frozen=True, slots=True)
class LanguageText:
    """The sentence templates of one language (see ``text_en.json`` for the keys)."""

    language: str
    lists: dict[str, tuple[str, ...]]
    groups: dict[str, dict[str, tuple[str, ...]]]

    def pick(self, rng: random.Random, key: str) -> str:
        options = self.lists.get(key, ())
        return options[int(rng.random() * len(options))] if options else ""

    def pick_in(self, rng: random.Random, group: str, key: str) -> str:
        options = self.groups.get(group, {}).get(key, ())
        return options[int(rng.random() * len(options))] if options else ""

    def options(self, key: str) -> tuple[str, ...]:
        return self.lists.get(key, ())

    def options_in(self, group: str, key: str) -> tuple[str, ...]:
        return self.groups.get(group, {}).get(key, ())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything the corpus is written from; ``aliases`` maps a canonical skill name to
    other names postings use for it."""

    occupations: tuple[Occupation, ...]
    companies: tuple[Company, ...]
    countries: tuple[Country, ...]
    remote_regions: tuple[RemoteRegion, ...]
    industries: dict[str, Industry]
    texts: dict[str, LanguageText]
    aliases: dict[str, tuple[str, ...]]


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CorpusDataError(f"{where}: expected a list of strings")
    return tuple(value)


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise CorpusDataError(f"{where}: expected a string")
    return value


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CorpusDataError(f"{where}: expected a number")
    return float(value)


def _mapping(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise CorpusDataError(f"{where}: expected an object")
    return {str(k): v for k, v in value.items()}


def _read_json(root: Path, name: str) -> dict[str, object]:
    return _mapping(json.loads((root / name).read_text(encoding="utf-8")), name)


def _occupation(raw: dict[str, object]) -> Occupation:
    key = _string(raw["key"], "occupation key")
    where = f"occupations.json {key}"
    fixed: dict[str, list[str]] = {}
    for pair in _list(raw.get("fixed_titles", []), where):
        title, level = _strings(pair, f"{where} fixed_titles")
        if level not in LEVELS:
            raise CorpusDataError(f"{where}: unknown level {level!r}")
        fixed.setdefault(level, []).append(title)
    levels = _strings(raw["levels"], f"{where} levels")
    if any(level not in LEVELS for level in levels):
        raise CorpusDataError(f"{where}: unknown level in {levels}")
    workplace = tuple(_number(w, where) for w in _list(raw["workplace"], where))
    if len(workplace) != 3:
        raise CorpusDataError(f"{where}: workplace needs three weights")
    employment_raw = _mapping(raw.get("employment", _DEFAULT_EMPLOYMENT), where)
    employment = tuple(_number(employment_raw.get(k, 0.0), where) for k in EMPLOYMENT_KINDS)
    return Occupation(
        key=key,
        family=_string(raw["family"], where),
        weight=_number(raw["weight"], where),
        titles=_strings(raw["titles"], where),
        fixed_titles={level: tuple(titles) for level, titles in fixed.items()},
        head_titles=_strings(raw["head_titles"], where),
        levels=levels,
        i18n={
            lang: _strings(titles, where) for lang, titles in _mapping(raw["i18n"], where).items()
        },
        departments=_strings(raw["departments"], where),
        industries={k: _number(v, where) for k, v in _mapping(raw["industries"], where).items()},
        salary_usd=_number(raw["salary_usd"], where),
        hourly=_number(raw["hourly"], where),
        workplace=(workplace[0], workplace[1], workplace[2]),
        employment=(employment[0], employment[1], employment[2], employment[3]),
        field=_string(raw["field"], where),
        education=_strings(raw["education"], where),
        required=_strings(raw["required"], where),
        nice=_strings(raw["nice"], where),
        responsibilities=_strings(raw["responsibilities"], where),
    )


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise CorpusDataError(f"{where}: expected a list")
    return value


def _country(raw: dict[str, object]) -> Country:
    code = _string(raw["code"], "country code")
    where = f"countries.json {code}"
    cities = []
    for entry in _list(raw["cities"], where):
        parts = _strings(entry, where)
        local = parts[3] if len(parts) > 3 else parts[0]
        cities.append(City(parts[0], parts[1], parts[2], local))
    languages = _mapping(raw["languages"], where)
    return Country(
        code=code,
        name=_string(raw["name"], where),
        short=_string(raw["short"], where),
        local_name=_string(raw["local"], where),
        spoken=_string(raw["spoken"], where),
        currency=_string(raw["currency"], where),
        fx=_number(raw["fx"], where),
        pay_tech=_number(raw["pay_tech"], where),
        pay_general=_number(raw["pay_general"], where),
        weight=_number(raw["weight"], where),
        style=_string(raw["style"], where),
        region=_string(raw["region"], where),
        tld=_string(raw["tld"], where),
        languages=tuple((lang, _number(p, where)) for lang, p in languages.items()),
        cities=tuple(cities),
    )


def _language_text(language: str, raw: dict[str, object]) -> LanguageText:
    lists: dict[str, tuple[str, ...]] = {}
    groups: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, value in raw.items():
        if key.startswith("_"):
            continue
        where = f"text_{language}.json {key}"
        if isinstance(value, list):
            lists[key] = _strings(value, where)
        else:
            groups[key] = {k: _strings(v, where) for k, v in _mapping(value, where).items()}
    missing = [k for k in _LISTS_NEEDED[language == "en"] if k not in lists]
    missing += [k for k in _GROUPS_NEEDED if k not in groups]
    if missing:
        raise CorpusDataError(f"text_{language}.json: missing {', '.join(missing)}")
    return LanguageText(language, lists, groups)


def _board_token(name: str) -> str:
    words = re.sub(r"[^a-z0-9 ]+", "", ascii_fold(name).lower()).split()
    legal = {"gmbh", "ltd", "ag", "bv", "sas", "ab", "aps", "pvt", "pty", "kk", "llp", "co", "inc"}
    kept = [w for w in words if w not in legal] or words
    return "".join(kept[:2])


_ASCII_FOLD = str.maketrans(
    {
        **dict(zip("äöüéèêëàâáíóúñçåøłśćńżźãõôîïā", "aoueeeeaaaiouncaolscnzzaooiia", strict=True)),
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
    }
)


def ascii_fold(text: str) -> str:
    """The text with accented Latin letters replaced by plain ones ("Köln" -> "Koln")."""
    return text.translate(_ASCII_FOLD)


def _companies(
    root: Path, countries: dict[str, Country], industries: dict[str, Industry]
) -> tuple[Company, ...]:
    # Fixed seed: every corpus, whatever its seed, has the same employers with the same boards.
    rng = random.Random(20261101)  # noqa: S311 - demo data, not security
    companies = []
    lines = (root / "companies.txt").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 4:
            raise CorpusDataError(
                f"companies.txt:{number}: expected 'name | domain | industry | country'"
            )
        name, domain, industry, code = fields
        if industry not in industries or code not in countries:
            raise CorpusDataError(f"companies.txt:{number}: unknown industry or country")
        weights = _ATS_WEIGHTS_TECH if industry in _TECH_INDUSTRIES else _ATS_WEIGHTS_OTHER
        ats = rng.choices(ATS_NAMES, weights)[0]
        country = countries[code]
        companies.append(
            Company(
                name=name,
                domain=domain,
                industry=industry,
                country=code,
                ats=ats,
                board=_board_token(name),
                founded=rng.randint(1890, 2021) if rng.random() < 0.5 else rng.randint(2005, 2022),
                size=rng.choice((35, 80, 140, 250, 400, 650, 1200, 2500, 6000, 15000)),
                hq=rng.choice(country.cities),
            )
        )
    return tuple(companies)


def data_root() -> Path:
    """Where the corpus data files live."""
    return Path(str(resources.files("jobpilot.jobs") / "data" / "corpus"))


@cache
def load_vocabulary(root: Path | None = None) -> Vocabulary:
    """Read and check every corpus data file (the package's own unless ``root`` is given;
    once per process)."""
    root = root or data_root()
    occupations = tuple(
        _occupation(_mapping(o, "occupations.json"))
        for o in _list(_read_json(root, "occupations.json")["occupations"], "occupations.json")
    )
    countries_raw = _read_json(root, "countries.json")
    countries = tuple(
        _country(_mapping(c, "countries.json"))
        for c in _list(countries_raw["countries"], "countries.json")
    )
    remote_regions = tuple(
        RemoteRegion(
            _string(r["name"], "remote region"),
            _strings(r["countries"], "remote region"),
            _strings(r["labels"], "remote region"),
        )
        for r in (
            _mapping(x, "countries.json")
            for x in _list(countries_raw["remote_regions"], "countries.json")
        )
    )
    industries = {}
    for key, raw in _mapping(_read_json(root, "industries.json")["industries"], "").items():
        entry = _mapping(raw, f"industries.json {key}")
        nouns = {lang: _strings(entry[lang], key) for lang in LANGUAGES}
        industries[key] = Industry(key, nouns, _strings(entry["mission"], key))
    by_code = {c.code: c for c in countries}
    texts = {
        lang: _language_text(lang, _read_json(root, f"text_{lang}.json")) for lang in LANGUAGES
    }
    aliases = {
        name: _strings(forms, "skill_aliases.json")
        for name, forms in _mapping(
            _read_json(root, "skill_aliases.json")["aliases"], "skill_aliases.json"
        ).items()
    }
    return Vocabulary(
        occupations=occupations,
        companies=_companies(root, by_code, industries),
        countries=countries,
        remote_regions=remote_regions,
        industries=industries,
        texts=texts,
        aliases=aliases,
    )


def named_skills(template: str) -> tuple[str, ...]:
    """Skill names a template names in ``{A|B}`` placeholders (not ``{skill}`` and the like)."""
    names: list[str] = []
    for body in _NAMED_SKILLS.findall(template):
        if body in _SIMPLE_PLACEHOLDERS:
            continue
        names.extend(part.strip() for part in body.split("|"))
    return tuple(names)


def referenced_skill_names(vocabulary: Vocabulary) -> set[str]:
    """Every skill name the corpus writes into postings (its aliases excluded)."""
    names: set[str] = set(vocabulary.aliases)
    for occupation in vocabulary.occupations:
        names.update(occupation.required)
        names.update(occupation.nice)
        for line in occupation.responsibilities:
            names.update(named_skills(line))
    names.update(c.spoken for c in vocabulary.countries)
    names.update(vocabulary.texts["en"].options("soft_skills"))
    return names

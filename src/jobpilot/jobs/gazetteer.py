"""The place names :mod:`jobpilot.jobs.locations` knows: countries, regions and cities.

Three tab-separated files under ``data/gazetteer/`` (written for jobpilot):

- ``countries.tsv``: ISO 3166-1 alpha-2 code, English name, other names separated by ``|``
  (native names, abbreviations such as "UK" and "U.S.", alpha-3 codes);
- ``regions.tsv``: country, the label reported for the region (a postal code in the US,
  Canada and Australia, else an English name), other names and codes;
- ``cities.tsv``: country, region label (may be empty), name, population in thousands
  (only compared between cities of the same name), other names ("Munich|München").

Names are matched on :func:`place_key` (case, accents and punctuation ignored). Aliases of two
or three capital letters are codes: they are matched on the written letters, so that "IN" is
India or Indiana but "in" is a preposition.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Region:
    label: str
    country: str


@dataclass(frozen=True, slots=True)
class City:
    name: str
    region: str | None
    country: str
    population: int


# Letters that do not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "ß": "ss", "þ": "th", "œ": "oe", "\u0131": "i"}
)
_NON_WORD = re.compile(r"[\W_]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_CODE = re.compile(r"^[A-Z]{2,3}$")


def place_key(name: str) -> str:
    """The form names are compared in: "Île-de-France" → "ile de france", "St. Louis" →
    "saint louis", "U.S.A." → "usa"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", plain.replace(".", "").replace("&", " and ")).split()
    if words and words[0] in _ABBREVIATIONS:
        words[0] = _ABBREVIATIONS[words[0]]
    return " ".join(words)


class Gazetteer:
    """Lookups by name key or by code; every list is ordered most likely first."""

    def __init__(
        self,
        countries: list[list[str]],
        regions: list[list[str]],
        cities: list[list[str]],
    ) -> None:
        self.country_names: dict[str, str] = {}
        self._country_keys: dict[str, list[str]] = {}
        self._country_codes: dict[str, list[str]] = {}
        self._region_keys: dict[str, list[Region]] = {}
        self._region_codes: dict[str, list[Region]] = {}
        self._city_keys: dict[str, list[City]] = {}
        for code, name, *aliases in countries:
            self.country_names[code] = name
            self._country_codes.setdefault(code, []).append(code)
            for alias in (name, *_split(aliases)):
                self._index(alias, code, self._country_keys, self._country_codes)
        for country, label, *aliases in regions:
            region = Region(label, country)
            for alias in (label, *_split(aliases)):
                self._index(alias, region, self._region_keys, self._region_codes)
        for country, region_label, name, population, *aliases in cities:
            city = City(name, region_label or None, country, int(population or 0))
            for alias in (name, *_split(aliases)):
                key = place_key(alias)
                if key and city not in self._city_keys.get(key, []):
                    self._city_keys.setdefault(key, []).append(city)
        for found in self._city_keys.values():
            found.sort(key=lambda c: -c.population)

    @staticmethod
    def _index(
        alias: str, value: _T, by_key: dict[str, list[_T]], by_code: dict[str, list[_T]]
    ) -> None:
        target = by_code if _CODE.match(alias) else by_key
        key = alias if target is by_code else place_key(alias)
        if key and value not in target.get(key, []):
            target.setdefault(key, []).append(value)

    def is_country_code(self, code: str) -> bool:
        return code in self._country_codes

    def countries_by_code(self, code: str) -> list[str]:
        return self._country_codes.get(code, [])

    def countries_by_key(self, key: str) -> list[str]:
        return self._country_keys.get(key, [])

    def regions_by_code(self, code: str) -> list[Region]:
        return self._region_codes.get(code, [])

    def regions_by_key(self, key: str) -> list[Region]:
        return self._region_keys.get(key, [])

    def cities_by_key(self, key: str) -> list[City]:
        return self._city_keys.get(key, [])

    @property
    def country_codes(self) -> frozenset[str]:
        return frozenset(self.country_names)


def _split(aliases: list[str]) -> list[str]:
    return [a.strip() for field in aliases for a in field.split("|") if a.strip()]


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("jobpilot.jobs") / "data" / "gazetteer" / name).read_text("utf-8")
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


@functools.cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded on first use."""
    return Gazetteer(_rows("countries.tsv"), _rows("regions.tsv"), _rows("cities.tsv"))

"""Where demo postings are, and how each job board writes it ("San Francisco, CA",
"Berlin or Munich", "Remote (EU)", "London, UK (Hybrid)" …)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from jobpilot.jobs.corpus_draws import cumulative, draw_sample, draw_weighted
from jobpilot.jobs.corpus_vocabulary import City, Country, RemoteRegion

# Countries whose boards write "City, ST" with a region code.
_REGION_CODE_COUNTRIES = frozenset({"US", "CA", "AU"})
_NEEDS_THE = frozenset({"US", "GB", "NL", "AE"})
_REGIONS_NEEDING_THE = frozenset({"EU", "Americas"})
# How often each source writes a city as: short, full, bare city, with country code.
_CITY_STYLES = ("short", "full", "city", "code")
_SOURCE_CITY_WEIGHTS = {
    source: cumulative(weights)
    for source, weights in (
        ("greenhouse", (0.55, 0.1, 0.25, 0.1)),
        ("lever", (0.4, 0.15, 0.45, 0.0)),
        ("ashby", (0.3, 0.1, 0.6, 0.0)),
        ("smartrecruiters", (0.3, 0.5, 0.0, 0.2)),
        ("workable", (0.3, 0.6, 0.1, 0.0)),
        ("careers", (0.5, 0.2, 0.0, 0.3)),
        ("linkedin", (0.0, 1.0, 0.0, 0.0)),
        ("file", (0.5, 0.3, 0.2, 0.0)),
    )
}
_REMOTE_COUNTRY_LABELS = (
    "Remote - {cc}",
    "Remote ({cc})",
    "{name} (Remote)",
    "Remote, {name}",
    "Remote - {name}",
    "{cc}-Remote",
    "Anywhere in {the_name}",
)
_LOCAL_REMOTE = {"de": "Homeoffice", "fr": "Télétravail", "es": "Remoto", "nl": "Thuiswerken"}


@dataclass(frozen=True, slots=True)
class Place:
    """Where a position is: one city, several cities of a country, or remote (in one country
    or across a region)."""

    kind: str
    country: Country
    cities: tuple[City, ...]
    remote_region: RemoteRegion | None = None


def draw_place(
    rng: random.Random,
    country: Country,
    workplace: str,
    multi_city: float,
    regions: tuple[RemoteRegion, ...],
) -> Place:
    """A place in ``country`` that fits the workplace (remote postings name no city)."""
    if workplace == "remote":
        if regions and rng.random() < 0.3:
            return Place("remote", country, (), regions[int(rng.random() * len(regions))])
        return Place("remote", country, ())
    cities = country.cities
    if len(cities) > 1 and rng.random() < multi_city:
        count = 2 if len(cities) == 2 or rng.random() < 0.7 else 3
        return Place("multi", country, tuple(draw_sample(rng, cities, count)))
    return Place("city", country, (cities[int(rng.random() * len(cities))],))


def country_phrase(country: Country, language: str) -> str:
    """The country's name as a sentence uses it ("the United States", "Deutschland")."""
    if language != "en":
        return country.local_name
    return f"the {country.name}" if country.code in _NEEDS_THE else country.name


def remote_scope(place: Place, language: str) -> str:
    """Where a remote position may be done from, for a sentence."""
    if place.remote_region is not None:
        name = place.remote_region.name
        return f"the {name}" if language == "en" and name in _REGIONS_NEEDING_THE else name
    return country_phrase(place.country, language)


def place_label(place: Place, language: str) -> str:
    """The place for a sentence: a city, "Berlin or Munich", or the remote scope."""
    if place.kind == "remote":
        return remote_scope(place, language)
    names = [c.name if language == "en" else c.local_name for c in place.cities]
    if len(names) == 1:
        return names[0]
    joiner = {"en": " or ", "de": " oder ", "fr": " ou ", "es": " o ", "nl": " of "}[language]
    return ", ".join(names[:-1]) + joiner + names[-1]


def _city_text(city: City, country: Country, style: str, language: str) -> str:
    if country.style == "city_state":
        return city.name if style != "full" else f"{city.name}, {country.name}"
    region = city.region_code if country.code in _REGION_CODE_COUNTRIES else city.region
    if style == "city":
        return city.name
    if style == "local":
        return f"{city.local_name}, {country.local_name}"
    if style == "code":
        if country.style == "region":
            return f"{city.name}, {city.region_code}, {country.code}"
        return f"{city.name}, {country.code}"
    if style == "full":
        return f"{city.name}, {region}, {country.name}"
    if country.style == "region":
        return f"{city.name}, {region}"
    return f"{city.name}, {country.short}"


def _remote_text(rng: random.Random, place: Place, language: str) -> str:
    if place.remote_region is not None:
        labels = place.remote_region.labels
        return labels[int(rng.random() * len(labels))]
    if rng.random() < 0.06:
        return "Remote"
    country = place.country
    if language != "en" and rng.random() < 0.6:
        return f"{_LOCAL_REMOTE[language]}, {country.local_name}"
    label = _REMOTE_COUNTRY_LABELS[int(rng.random() * len(_REMOTE_COUNTRY_LABELS))]
    the_name = f"the {country.short}" if country.code in _NEEDS_THE else country.name
    return label.format(cc=country.short, name=country.name, the_name=the_name)


def format_locations(
    rng: random.Random, place: Place, source: str, language: str, workplace: str
) -> tuple[str | None, list[str] | None]:
    """The posting's ``location`` string or ``locations`` list as this source writes them."""
    if place.kind == "remote":
        return _remote_text(rng, place, language), None
    if language != "en" and rng.random() < 0.5:
        style = "local"
    else:
        style = draw_weighted(rng, _CITY_STYLES, _SOURCE_CITY_WEIGHTS[source])
    country = place.country
    if place.kind == "multi":
        if rng.random() < 0.5:
            return None, [_city_text(c, country, style, language) for c in place.cities]
        names = [c.name if language == "en" else c.local_name for c in place.cities]
        joined = (
            place_label(place, language)
            if rng.random() < 0.6
            else (" / " if rng.random() < 0.5 else "; ").join(names)
        )
        if rng.random() < 0.4:
            joined += f", {country.name if language == 'en' else country.local_name}"
        return joined, None
    text = _city_text(place.cities[0], country, style, language)
    if workplace == "hybrid" and source in ("greenhouse", "lever", "careers", "file"):
        roll = rng.random()
        if roll < 0.3:
            text += " (Hybrid)"
        elif roll < 0.4:
            text = f"Hybrid - {text}"
    if rng.random() < 0.08:
        return None, [text]
    return text, None

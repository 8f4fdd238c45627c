"""Places, workplace hints and remote scope from the location strings postings carry.

``parse_locations("London, UK (Hybrid)")`` gives London in GB and a hybrid hint;
``"Remote - US"`` a remote hint scoped to the US; ``"Berlin or Munich"`` two places;
``"US-CA-San Jose"`` (Workday style) San Jose, CA, US. Countries are ISO 3166-1 alpha-2 codes;
regions are postal codes for the US, Canada and Australia ("CA", "ON", "NSW") and English
names elsewhere ("Bavaria", "Île-de-France"), or the text as written when not in the
gazetteer.

Reading a location: the string is cut into alternatives (";", "|", "/", " or "…), each
alternative into parts (",", " - ", parentheses). The last parts are tried as country and
region, the rest as cities; the reading that explains the most parts with the gazetteer wins
("San Francisco, CA" is California because San Francisco is not in Canada). A city name
shared by several places is settled by the region or country beside it, else the most
populous ("Cambridge" is the English one, "Portland" the one in Oregon).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from jobpilot.jobs.gazetteer import City, Region, gazetteer, place_key
from jobpilot.jobs.workplace import Workplace, strongest_workplace, workplace_hints


@dataclass(frozen=True, slots=True)
class Place:
    """A place a job is in; any part may be unknown, ``country`` is ISO 3166-1 alpha-2."""

    city: str | None
    region: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class RemoteScope:
    """Where remote work is open to: anywhere, or some countries and areas ("EU", "EMEA")."""

    anywhere: bool
    countries: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LocationParse:
    """What the location strings of a posting say.

    ``workplaces`` are the hints in the order found; ``remote_scope`` is None unless a remote
    hint came with a scope; ``unresolved`` keeps the parts that could not be read.
    """

    places: tuple[Place, ...] = ()
    workplaces: tuple[Workplace, ...] = ()
    remote_scope: RemoteScope | None = None
    unresolved: tuple[str, ...] = ()

    @property
    def workplace(self) -> Workplace | None:
        """The strongest hint: hybrid, then remote, then on-site."""
        return strongest_workplace(self.workplaces)

    @property
    def countries(self) -> tuple[str, ...]:
        """The distinct countries of the places, in order."""
        return tuple(dict.fromkeys(p.country for p in self.places if p.country))


_T = TypeVar("_T")

_AREAS = {
    "eu": "EU",
    "european union": "EU",
    "eea": "EEA",
    "europe": "Europe",
    "europa": "Europe",
    "emea": "EMEA",
    "apac": "APAC",
    "asia pacific": "APAC",
    "asia": "Asia",
    "latam": "LATAM",
    "latin america": "LATAM",
    "south america": "South America",
    "north america": "North America",
    "americas": "Americas",
    "the americas": "Americas",
    "africa": "Africa",
    "middle east": "Middle East",
    "mena": "MENA",
    "oceania": "Oceania",
    "nordics": "Nordics",
    "nordic countries": "Nordics",
    "scandinavia": "Nordics",
    "dach": "DACH",
    "benelux": "Benelux",
    "cee": "CEE",
    "eastern europe": "Eastern Europe",
    "western europe": "Western Europe",
    "central europe": "Central Europe",
}
_ANYWHERE = re.compile(
    r"(?<!\w)(?:anywhere|worldwide|world\s*wide|global(?:ly)?|international(?:ly)?|"
    r"everywhere|any\s+location|weltweit|partout|en\s+cualquier\s+lugar)(?!\w)",
    re.IGNORECASE,
)
_SEGMENTS = re.compile(
    r"\s*(?:[;|\n\u2022\u00b7/]|\s(?:or|oder|ou|o|eller|bzw\.?)\s)\s*", re.IGNORECASE
)
_BRACKETED = re.compile(r"\([^()]*\)")
_PARTS = re.compile(
    r"\s*(?:[,:()\[\]]|\s[-\u2013\u2014]+\s|^[-\u2013\u2014]+\s|\s[-\u2013\u2014]+$)\s*"
)
_AND_SPLIT = re.compile(r"\s+(?:and|und|et|y|e|og|och|&|\+)\s+|\s*[&+]\s*", re.IGNORECASE)
_WORKDAY = re.compile(r"^([A-Z]{2,3})-(?:([A-Z0-9]{1,3})-)?([^\W\d_].*)$")
_LEADING = re.compile(
    r"^(?:based\s+in|located\s+in|anywhere\s+in|within|in|at|near|from|across|throughout|"
    r"only|in\s+the|the|greater|metro(?:politan)?|région\s+de|region|city\s+of|area\s+of)"
    r"\s+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"\s+(?:only|area|metro(?:politan)?\s+area|metro|metroplex|region|office|offices|hq|"
    r"headquarters|campus|based|city\s+area|and\s+surroundings|surroundings|umgebung|"
    r"und\s+umgebung|e\.?\s*v\.?)$",
    re.IGNORECASE,
)
_JUNK = re.compile(
    r"^(?:(?:multiple|various|several|many|all|other|different)\s+(?:locations?|offices?|"
    r"cities|sites|countries)|n/?a|tbd|tbc|none|null|unknown|undisclosed|not\s+specified|"
    r"flexible|flexibel|hq|headquarters|head\s+office|main\s+office|office|offices|location|"
    r"locations|nationwide|home|field|field[- ]based|travel|various|multiple|"
    r"see\s+description|to\s+be\s+determined|standort|standorte|bureau|oficina|"
    r"[-\u2013\u2014.*?!#_]+|\d+)$",
    re.IGNORECASE,
)
_TIMEZONE = re.compile(
    r"\b(?:UTC|GMT)\b|time\s*zones?|^(?:CET|CEST|EET|EST|EDT|PST|PDT|CST|CDT|MST|MDT|BST|"
    r"AEST|AEDT|JST|SGT|ET|PT|CT|MT)\b(?!\s*,)",
)
_POSTCODE = re.compile(
    r"\b(?:\d{4,6}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b"
)
_NAME_LIKE = re.compile(r"^[^\W\d_][^\W\d_\s.'\u2019-]*(?:[\s.'\u2019-]+[^\W\d_]+){0,4}\.?$")
_EDGE_PUNCTUATION = " \t-\u2013\u2014,.;:/()[]*\u2022"
# Codes match when written in capitals ("IN" is India or Indiana, "in" a preposition), and these
# also in lower case.
_LOWER_CASE_CODES = frozenset(["uk", "usa", "uae", "nl", "ch", "nyc", "nz", "sg", "hk"])


@dataclass(slots=True)
class _Reading:
    text: str
    countries: list[str] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    cities: list[City] = field(default_factory=list)
    area: str | None = None

    def __bool__(self) -> bool:
        return bool(self.countries or self.regions or self.cities or self.area)


@dataclass(slots=True)
class _Segment:
    places: list[Place]
    unresolved: list[str]
    workplaces: list[Workplace]
    areas: list[str]
    anywhere: bool


def parse_locations(texts: str | Sequence[str] | None) -> LocationParse:
    """Places, workplace hints and remote scope from one or several location strings.

    Never raises; empty or unreadable input gives an empty result (unreadable parts are
    listed in ``unresolved``).
    """
    if not texts:
        return LocationParse()
    items = [texts] if isinstance(texts, str) else [t for t in texts if isinstance(t, str)]
    places: list[Place] = []
    unresolved: list[str] = []
    workplaces: list[Workplace] = []
    scope_countries: list[str] = []
    scope_areas: list[str] = []
    anywhere = False
    for item in items:
        for segment in _read_item(item[:500]):
            places.extend(segment.places)
            unresolved.extend(segment.unresolved)
            workplaces.extend(segment.workplaces)
            if "remote" in segment.workplaces:
                countries = [p.country for p in segment.places if p.country]
                scope_countries.extend(countries)
                scope_areas.extend(segment.areas)
                if segment.anywhere and not countries and not segment.areas:
                    anywhere = True
    scope: RemoteScope | None = None
    if anywhere:
        scope = RemoteScope(anywhere=True)
    elif scope_countries or scope_areas:
        scope = RemoteScope(False, _unique(scope_countries), _unique(scope_areas))
    return LocationParse(
        places=_unique(places),
        workplaces=_unique(workplaces),
        remote_scope=scope,
        unresolved=_unique(unresolved),
    )


def _unique(values: list[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(values))


def _read_item(text: str) -> list[_Segment]:
    segments: list[_Segment] = []
    if _JUNK.match(text.strip()):
        return segments
    # Alternatives inside brackets stay together: "Remote (US or Canada)".
    text = _BRACKETED.sub(lambda m: _SEGMENTS.sub(", ", m.group(0)), text)
    for raw in _SEGMENTS.split(text):
        segment = _read_segment(raw)
        if segment.unresolved and _AND_SPLIT.search(raw):
            pieces = [_read_segment(piece) for piece in _AND_SPLIT.split(raw)]
            if all(not piece.unresolved for piece in pieces):
                segments.extend(pieces)
                continue
        segments.append(segment)
    return segments


def _read_segment(raw: str) -> _Segment:
    segment = _Segment([], [], [], [], False)
    text = raw.strip(_EDGE_PUNCTUATION)
    if not text:
        return segment
    workday = _WORKDAY.match(text)
    if workday is not None and gazetteer().is_country_code(workday.group(1)):
        country, region, rest = workday.groups()
        text = ", ".join(p for p in (rest, region, country) if p)
    if _ANYWHERE.search(text):
        segment.anywhere = True
        text = _ANYWHERE.sub(" ", text)
    cleaned = []
    for start, end, workplace in workplace_hints(text):
        segment.workplaces.append(workplace)
        cleaned.append((start, end))
    for start, end in reversed(cleaned):
        text = f"{text[:start]} , {text[end:]}"
    if segment.anywhere and "remote" not in segment.workplaces:
        segment.workplaces.append("remote")
    parts = [_clean_part(p) for p in _PARTS.split(text)]
    parts = [p for p in parts if p]
    if parts:
        _resolve_parts(parts, segment)
    return segment


def _clean_part(part: str) -> str:
    part = _POSTCODE.sub(" ", part)
    part = " ".join(part.split()).strip(_EDGE_PUNCTUATION)
    if not part or _JUNK.match(part) or _TIMEZONE.search(part):
        return ""
    return part


def _variants(part: str) -> list[str]:
    """The part as written, then without words around a name ("in", "Greater", "Area")."""
    variants = [part]
    stripped = part
    for _ in range(2):
        stripped = _LEADING.sub("", stripped)
        stripped = _TRAILING.sub("", stripped).strip(_EDGE_PUNCTUATION)
    if stripped and stripped != part:
        variants.append(stripped)
    return variants


def _read_words(part: str) -> list[_Reading]:
    """A part's reading; an unknown part ending in a region or country is read as two
    ("Sydney NSW", "Berlin Germany")."""
    reading = _read(part)
    words = part.split()
    if reading or len(words) < 2:
        return [reading]
    for size in (1, 2):
        if len(words) <= size:
            break
        head, tail = " ".join(words[:-size]), _read(" ".join(words[-size:]))
        if tail.countries or tail.regions:
            return [_read(head), tail]
    return [reading]


def _read(part: str) -> _Reading:
    reading = _Reading(part)
    for variant in _variants(part):
        reading = _read_name(variant)
        if reading:
            return reading
    return reading


def _read_name(name: str) -> _Reading:
    places = gazetteer()
    reading = _Reading(name)
    is_code = 2 <= len(name) <= 3 and name.isascii() and name.isalpha()
    if is_code and (name.isupper() or name.lower() in _LOWER_CASE_CODES):
        code = name.upper()
        reading.countries = list(places.countries_by_code(code))
        reading.regions = list(places.regions_by_code(code))
    key = place_key(name)
    area = _AREAS.get(key)
    if area is not None:
        return _Reading(name, area=area)
    reading.countries = reading.countries or places.countries_by_key(key)
    reading.regions = reading.regions + places.regions_by_key(key)
    reading.cities = places.cities_by_key(key)
    return reading


@dataclass(slots=True)
class _Outcome:
    places: list[Place]
    unresolved: list[str]
    score: float


def _resolve_parts(parts: list[str], segment: _Segment) -> None:
    readings = []
    for part in parts:
        for reading in _read_words(part):
            if reading.area is not None:
                segment.areas.append(reading.area)
            else:
                readings.append(reading)
    # A country ends a place unless another country or region follows it:
    # "Berlin, Germany, Paris, France" is two places, "Georgia, US" one.
    start = 0
    for index, reading in enumerate(readings):
        following = readings[index + 1] if index + 1 < len(readings) else None
        ends_place = following is None or (
            bool(reading.countries)
            and not reading.cities
            and not (following.countries or following.regions)
        )
        if ends_place:
            outcome = _best_outcome(readings[start : index + 1])
            segment.places.extend(outcome.places)
            segment.unresolved.extend(outcome.unresolved)
            start = index + 1


def _best_outcome(readings: list[_Reading]) -> _Outcome:
    """The reading of one place's parts that the gazetteer explains best.

    The last parts are tried as country, region and country, or region; what remains as
    cities. Ties go to the reading that takes more parts as country or region.
    """
    last = readings[-1]
    tails: list[tuple[int, str | None, Region | None]] = []
    if len(readings) >= 2:
        for country in last.countries:
            for region in readings[-2].regions:
                if region.country == country:
                    tails.append((2, country, region))
    tails.extend((1, country, None) for country in last.countries)
    tails.extend((1, region.country, region) for region in last.regions)
    tails.append((0, None, None))
    best: _Outcome | None = None
    for used, tail_country, tail_region in tails:
        outcome = _resolve_cities(readings[: len(readings) - used], tail_country, tail_region)
        outcome.score += 2.0 * used
        if best is None or outcome.score > best.score:
            best = outcome
    assert best is not None
    return best


def _resolve_cities(
    readings: list[_Reading], country: str | None, region: Region | None
) -> _Outcome:
    """Places for the parts before a country/region tail (which may be absent)."""
    region_label = region.label if region else None
    tail = [Place(None, region_label, country)] if country else []
    if not readings:
        return _Outcome(tail, [], 0.0)
    matches = [_matching_cities(r.cities, country, region) for r in readings]
    # A tail that a city lies in confirms the reading ("Seattle, Washington" is the state).
    confirmed = 1.0 if country and any(matches) else 0.0
    if all(matches):
        places = [_city_place(found[0], region_label) for found in matches]
        return _Outcome(places, [], 3.0 * len(places) + confirmed)
    known = [i for i, found in enumerate(matches) if found]
    if known:
        index = known[-1]
        score = 3.0 + confirmed
        places = [_city_place(matches[index][0], region_label)]
        unresolved = []
        for i, reading in enumerate(readings):
            if i == index:
                continue
            own = _own_place(reading, country)
            if own is not None:
                places.append(own)
                score += 0.5 if own.country == places[0].country else -0.5
            elif reading:
                # A known place of somewhere else contradicts this reading.
                score -= 1.0
            elif i > index and region_label is None and places[0].region is None:
                # Unknown words between a city and its country: the region as written.
                places[0] = Place(places[0].city, reading.text, places[0].country)
                score += 0.5
            elif i > index:
                unresolved.append(reading.text)
                score -= 1.0
        return _Outcome(places, unresolved, score)
    own_places = [_own_place(r, country) for r in readings]
    if all(own_places):
        places = [p for p in own_places if p is not None]
        if country and all(p.country != country for p in places):
            places.extend(tail)
        return _Outcome(places, [], 2.0 * len(readings))
    name = _variants(readings[-1].text)[-1]
    if tail and _NAME_LIKE.match(name):
        # A city the gazetteer does not know there ("Springfield, IL", "Paris, Texas").
        return _Outcome([Place(name, region_label, country)], [], 1.0)
    unresolved = [r.text for r in readings if not r]
    places = [p for p in own_places if p is not None] + tail
    return _Outcome(places, unresolved, 2.0 * (len(readings) - len(unresolved)) - len(unresolved))


def _matching_cities(cities: list[City], country: str | None, region: Region | None) -> list[City]:
    return [
        city
        for city in cities
        if (country is None or city.country == country)
        and (region is None or city.region is None or city.region == region.label)
    ]


def _city_place(city: City, region: str | None) -> Place:
    return Place(city.name, city.region or region, city.country)


def _own_place(reading: _Reading, country: str | None) -> Place | None:
    """The place a part names by itself as a country or region, preferring ``country``'s."""
    for region in reading.regions:
        if region.country == country:
            return Place(None, region.label, region.country)
    if reading.countries:
        return Place(None, None, reading.countries[0])
    if reading.regions:
        return Place(None, reading.regions[0].label, reading.regions[0].country)
    return None

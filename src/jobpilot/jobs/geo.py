"""Where the gazetteer's cities lie, and how far apart two of them are.

``data/gazetteer/coordinates.tsv`` has one row per row of ``cities.tsv``, in the same order and
with the same country, region label and name, followed by the latitude and longitude of the
city centre in decimal degrees (two decimals, about a kilometre; south and west are negative).

Distances are great-circle distances between city centres on a sphere of the Earth's mean
radius: a straight line over the surface, not a road distance and not a travel time.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib import resources

from jobpilot.jobs.gazetteer import gazetteer, place_key

# The IUGG mean Earth radius; the spherical model is within about 0.5 % of the ellipsoid.
EARTH_RADIUS_KM = 6371.0088

LatLon = tuple[float, float]


@dataclass(frozen=True, slots=True)
class LocatedCity:
    """A gazetteer city with the coordinates of its centre."""

    country: str
    region: str | None
    name: str
    point: LatLon


def haversine_km(a: LatLon, b: LatLon) -> float:
    """The great-circle distance in kilometres between two (latitude, longitude) points given
    in decimal degrees."""
    lat_a, lon_a = math.radians(a[0]), math.radians(a[1])
    lat_b, lon_b = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat_b - lat_a) / 2) ** 2
        + math.cos(lat_a) * math.cos(lat_b) * math.sin((lon_b - lon_a) / 2) ** 2
    )
    # Rounding can push h a hair above 1 for nearly antipodal points, outside asin's domain.
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


@functools.cache
def located_cities() -> tuple[LocatedCity, ...]:
    """Every city of the packaged coordinates file, in file order."""
    path = resources.files("jobpilot.jobs") / "data" / "gazetteer" / "coordinates.tsv"
    cities = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        country, region, name, latitude, longitude = (cell.strip() for cell in line.split("\t"))
        cities.append(
            LocatedCity(country, region or None, name, (float(latitude), float(longitude)))
        )
    return tuple(cities)


@functools.cache
def _namesakes() -> dict[tuple[str, str], tuple[LocatedCity, ...]]:
    found: dict[tuple[str, str], list[LocatedCity]] = {}
    for city in located_cities():
        found.setdefault((city.country, place_key(city.name)), []).append(city)
    return {key: tuple(cities) for key, cities in found.items()}


@functools.cache
def coordinates() -> dict[tuple[str, str], LatLon]:
    """City centres by (country code, :func:`place_key` of the name), for the names only one
    city of the country bears; :func:`lookup` tells namesakes apart by their region."""
    return {key: cities[0].point for key, cities in _namesakes().items() if len(cities) == 1}


@functools.cache
def _region_keys(country: str) -> frozenset[str]:
    return frozenset(
        place_key(city.region)
        for city in located_cities()
        if city.country == country and city.region
    )


def _requested_regions(country: str, region: str | None) -> frozenset[str]:
    """The keys of the region labels ``region`` may stand for in ``country``: the label itself or
    any name or code the gazetteer knows for it ("California" and "CA" both give "ca")."""
    if not region or not region.strip():
        return frozenset()
    written = region.strip()
    places = gazetteer()
    known = [*places.regions_by_code(written), *places.regions_by_key(place_key(written))]
    keys = {place_key(found.label) for found in known if found.country == country}
    if place_key(written) in _region_keys(country):
        keys.add(place_key(written))
    return frozenset(keys)


# The scorer asks for the same few places for every job it ranks; normalising names costs ~15 µs.
@functools.lru_cache(maxsize=8192)
def lookup(country: str | None, region: str | None, city: str | None) -> LatLon | None:
    """The centre of the gazetteer city ``city`` of ``country`` (an ISO 3166-1 alpha-2 code), or
    None when it is unknown or cannot be told apart from a namesake.

    ``region`` settles between cities of the same name. When it is missing or not a region the
    gazetteer knows, the name alone decides, if only one city of the country bears it; a known
    region that differs from that city's means another place of the same name, so None.
    """
    if not country or not city:
        return None
    country = country.strip().upper()
    namesakes = _namesakes().get((country, place_key(city)), ())
    regions = _requested_regions(country, region)
    in_region = [c for c in namesakes if c.region is not None and place_key(c.region) in regions]
    if len(in_region) == 1:
        return in_region[0].point
    if len(namesakes) != 1:
        return None
    only = namesakes[0]
    if regions and only.region is not None and place_key(only.region) not in regions:
        return None
    return only.point


def city_distance_km(
    origin_country: str | None,
    origin_region: str | None,
    origin_city: str | None,
    dest_country: str | None,
    dest_region: str | None,
    dest_city: str | None,
) -> float | None:
    """The great-circle distance in kilometres between the centres of two gazetteer cities, or
    None when either cannot be located (see :func:`lookup`)."""
    origin = lookup(origin_country, origin_region, origin_city)
    destination = lookup(dest_country, dest_region, dest_city)
    if origin is None or destination is None:
        return None
    return haversine_km(origin, destination)

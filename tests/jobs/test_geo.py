import math
import re
import statistics
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobpilot.jobs.gazetteer import place_key
from jobpilot.jobs.geo import (
    EARTH_RADIUS_KM,
    city_distance_km,
    coordinates,
    haversine_km,
    located_cities,
    lookup,
)

# A sign error puts a city in the wrong hemisphere, thousands of km from its country's others.
FAR_FROM_COUNTRY_KM = 3500.0

# Cities truly further than FAR_FROM_COUNTRY_KM from the median point of their country's cities.
FAR_FLUNG = {
    ("US", "Honolulu"): "Hawaii, in the middle of the Pacific",
    ("US", "Anchorage"): "Alaska",
    ("US", "Juneau"): "Alaska",
}

# Published great-circle distances between city centres (km).
KNOWN_DISTANCES = [
    (("DE", None, "Berlin"), ("DE", None, "Munich"), 504.0),
    (("GB", None, "London"), ("FR", None, "Paris"), 344.0),
    (("US", None, "New York"), ("US", None, "Los Angeles"), 3936.0),
    (("AU", None, "Sydney"), ("AU", None, "Melbourne"), 714.0),
    (("US", None, "San Francisco"), ("US", None, "San Jose"), 68.0),
    (("GB", None, "London"), ("US", None, "New York"), 5570.0),
    (("JP", None, "Tokyo"), ("JP", None, "Osaka"), 397.0),
    (("ES", None, "Madrid"), ("ES", None, "Barcelona"), 505.0),
    (("FR", None, "Paris"), ("DE", None, "Berlin"), 878.0),
    (("AU", None, "Sydney"), ("AU", None, "Perth"), 3290.0),
    (("RU", None, "Moscow"), ("RU", None, "Saint Petersburg"), 634.0),
    (("IT", None, "Rome"), ("IT", None, "Milan"), 477.0),
    (("CA", None, "Toronto"), ("CA", None, "Montreal"), 504.0),
    (("BR", None, "São Paulo"), ("BR", None, "Rio de Janeiro"), 357.0),
    (("CN", None, "Beijing"), ("CN", None, "Shanghai"), 1067.0),
    (("IN", None, "Mumbai"), ("IN", None, "New Delhi"), 1148.0),
    (("ZA", None, "Cape Town"), ("ZA", None, "Johannesburg"), 1265.0),
    (("AR", None, "Buenos Aires"), ("CL", None, "Santiago"), 1140.0),
    (("SG", None, "Singapore"), ("MY", None, "Kuala Lumpur"), 316.0),
    (("US", None, "Seattle"), ("US", "OR", "Portland"), 234.0),
    (("US", None, "Honolulu"), ("US", None, "Los Angeles"), 4117.0),
    (("US", None, "Anchorage"), ("US", None, "Seattle"), 2310.0),
    (("NZ", None, "Auckland"), ("NZ", None, "Wellington"), 494.0),
    (("GB", None, "London"), ("AU", None, "Sydney"), 16994.0),
    (("ES", None, "Madrid"), ("AR", None, "Buenos Aires"), 10040.0),
    (("JP", None, "Tokyo"), ("US", None, "San Francisco"), 8270.0),
    (("GB", None, "London"), ("ZA", None, "Johannesburg"), 9070.0),
    (("US", None, "New York"), ("BR", None, "São Paulo"), 7680.0),
]

latitudes = st.floats(min_value=-90, max_value=90)
longitudes = st.floats(min_value=-180, max_value=180)
points = st.tuples(latitudes, longitudes)


def _rows(name: str) -> list[list[str]]:
    text = (resources.files("jobpilot.jobs") / "data" / "gazetteer" / name).read_text("utf-8")
    return [
        [cell.strip() for cell in line.split("\t")]
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_every_gazetteer_city_has_one_coordinate_row_in_the_same_order() -> None:
    cities = [row[:3] for row in _rows("cities.tsv")]
    located = [row[:3] for row in _rows("coordinates.tsv")]

    assert len(cities) == 921
    assert located == cities


def test_coordinate_rows_hold_two_decimal_degrees_within_range() -> None:
    decimal = re.compile(r"^-?\d{1,3}\.\d\d$")
    for row in _rows("coordinates.tsv"):
        assert len(row) == 5, row
        assert decimal.match(row[3]), row
        assert decimal.match(row[4]), row
        assert -90 <= float(row[3]) <= 90, row
        assert -180 <= float(row[4]) <= 180, row


def test_no_city_is_repeated_within_its_region() -> None:
    keys = [(c.country, c.region, place_key(c.name)) for c in located_cities()]

    assert len(keys) == len(set(keys))


def test_located_cities_parse_the_file() -> None:
    first, *_, last = located_cities()

    assert (first.country, first.region, first.name, first.point) == (
        "US",
        "NY",
        "New York",
        (40.71, -74.01),
    )
    assert (last.country, last.region, last.name) == ("BR", "Santa Catarina", "Joinville")
    assert last.point == (-26.30, -48.85)
    san_juan = next(c for c in located_cities() if c.country == "PR")
    assert san_juan.region is None


def test_cities_lie_near_the_others_of_their_country() -> None:
    by_country: dict[str, list[tuple[str, tuple[float, float]]]] = {}
    for city in located_cities():
        by_country.setdefault(city.country, []).append((city.name, city.point))
    far = []
    for country, cities in by_country.items():
        if len(cities) < 3:
            continue
        median = (
            statistics.median(lat for _, (lat, _) in cities),
            statistics.median(lon for _, (_, lon) in cities),
        )
        far += [
            (country, name)
            for name, point in cities
            if haversine_km(median, point) > FAR_FROM_COUNTRY_KM
        ]

    assert sorted(far) == sorted(FAR_FLUNG)


def test_cities_lie_near_the_others_of_their_region() -> None:
    by_region: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for city in located_cities():
        if city.region:
            by_region.setdefault((city.country, city.region), []).append(city.point)
    for region, cities in by_region.items():
        if len(cities) < 3:
            continue
        median = (
            statistics.median(lat for lat, _ in cities),
            statistics.median(lon for _, lon in cities),
        )
        # Queensland (Brisbane to Townsville) is the widest region with three cities or more.
        assert max(haversine_km(median, point) for point in cities) < 1200, region


@pytest.mark.parametrize(("origin", "destination", "expected_km"), KNOWN_DISTANCES)
def test_known_distances_between_cities(
    origin: tuple[str, str | None, str],
    destination: tuple[str, str | None, str],
    expected_km: float,
) -> None:
    distance = city_distance_km(*origin, *destination)

    assert distance is not None
    assert distance == pytest.approx(expected_km, rel=0.02)


def test_haversine_of_hand_computed_arcs() -> None:
    quarter = math.pi / 2 * EARTH_RADIUS_KM

    assert haversine_km((0.0, 0.0), (0.0, 90.0)) == pytest.approx(quarter)
    assert haversine_km((0.0, 0.0), (90.0, 0.0)) == pytest.approx(quarter)
    assert haversine_km((90.0, 0.0), (90.0, 123.0)) == pytest.approx(0.0, abs=1e-9)
    assert haversine_km((0.0, 179.5), (0.0, -179.5)) == pytest.approx(
        math.pi / 180 * EARTH_RADIUS_KM
    )


def test_antipodes_are_half_the_circumference_apart() -> None:
    assert haversine_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20015.1, abs=0.1)
    assert haversine_km((48.86, 2.35), (-48.86, -177.65)) == pytest.approx(20015.1, abs=0.1)


@given(points)
def test_haversine_is_zero_from_a_point_to_itself(a: tuple[float, float]) -> None:
    assert haversine_km(a, a) == pytest.approx(0.0, abs=1e-6)


@given(points, points)
def test_haversine_is_symmetric_and_bounded(a: tuple[float, float], b: tuple[float, float]) -> None:
    distance = haversine_km(a, b)

    assert distance == pytest.approx(haversine_km(b, a), abs=1e-6)
    assert 0.0 <= distance <= math.pi * EARTH_RADIUS_KM + 1e-6


def test_coordinates_hold_names_unique_in_their_country() -> None:
    table = coordinates()

    assert table[("DE", "munich")] == (48.14, 11.58)
    assert table[("US", "saint louis")] == (38.63, -90.20)
    assert ("US", "portland") not in table
    assert ("US", "springfield") not in table
    assert table[("CA", "london")] == (42.98, -81.25)
    assert table[("GB", "london")] == (51.51, -0.13)


def test_lookup_tells_namesakes_apart_by_region() -> None:
    oregon = lookup("US", "OR", "Portland")
    maine = lookup("US", "ME", "Portland")

    assert oregon == (45.52, -122.68)
    assert maine == (43.66, -70.26)
    assert lookup("US", "Maine", "Portland") == maine
    assert lookup("US", "Oregon", "Portland") == oregon
    assert lookup("US", None, "Portland") is None
    assert lookup("US", "Texas", "Portland") is None
    assert lookup("US", "MO", "Springfield") == (37.21, -93.29)
    assert lookup("US", "IL", "Springfield") == (39.78, -89.65)
    assert lookup("US", "MA", "Springfield") == (42.10, -72.59)


def test_lookup_falls_back_on_a_name_unique_in_its_country() -> None:
    seattle = (47.61, -122.33)

    assert lookup("US", None, "Seattle") == seattle
    assert lookup("US", "WA", "Seattle") == seattle
    assert lookup("us", "Washington", "seattle") == seattle
    assert lookup("US", "Puget Sound", "Seattle") == seattle
    assert lookup("DE", "Bayern", "Munich") == (48.14, 11.58)
    assert lookup("US", "MO", "St Louis") == (38.63, -90.20)


def test_lookup_refuses_a_namesake_in_another_known_region() -> None:
    assert lookup("US", "OH", "Athens") is None
    assert lookup("US", "GA", "Athens") == (33.95, -83.36)


def test_cities_without_a_region_label_match_any_region() -> None:
    assert lookup("NZ", "Waikato", "Hamilton") == (-37.79, 175.28)
    assert lookup("NZ", None, "Hamilton") == (-37.79, 175.28)


def test_every_city_is_found_where_the_file_puts_it() -> None:
    for city in located_cities():
        assert lookup(city.country, city.region, city.name) == city.point, city


def test_lookup_needs_a_country_and_a_known_city() -> None:
    assert lookup(None, None, "Berlin") is None
    assert lookup("DE", None, None) is None
    assert lookup("DE", None, "Atlantis") is None
    assert lookup("FR", None, "Berlin") is None


def test_city_distance_is_none_when_either_end_is_unknown() -> None:
    assert city_distance_km("DE", None, "Berlin", "DE", None, "Atlantis") is None
    assert city_distance_km(None, None, None, "DE", None, "Berlin") is None
    assert city_distance_km("US", None, "Portland", "US", None, "Seattle") is None


def test_city_distance_tells_the_two_portlands_apart() -> None:
    distance = city_distance_km("US", "OR", "Portland", "US", "ME", "Portland")

    assert distance == pytest.approx(4082.0, rel=0.02)
    assert city_distance_km("US", "WA", "Seattle", "US", "WA", "Seattle") == 0.0

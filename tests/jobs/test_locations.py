from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobpilot.jobs.gazetteer import _rows, gazetteer, place_key
from jobpilot.jobs.locations import LocationParse, Place, RemoteScope, parse_locations


def places(text: str | list[str]) -> list[tuple[str | None, str | None, str | None]]:
    return [(p.city, p.region, p.country) for p in parse_locations(text).places]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berlin or Munich", [("Berlin", "Berlin", "DE"), ("Munich", "Bavaria", "DE")]),
        ("London, UK (Hybrid)", [("London", "England", "GB")]),
        ("San Francisco, CA", [("San Francisco", "CA", "US")]),
        ("New York, NY, United States", [("New York", "NY", "US")]),
        ("Toronto, ON, Canada", [("Toronto", "ON", "CA")]),
        ("Paris, \u00cele-de-France, France", [("Paris", "\u00cele-de-France", "FR")]),
        ("M\u00fcnchen, Bayern, Deutschland", [("Munich", "Bavaria", "DE")]),
        ("Berlin / Hamburg / Remote", [("Berlin", "Berlin", "DE"), ("Hamburg", "Hamburg", "DE")]),
        ("US-CA-San Jose", [("San Jose", "CA", "US")]),
        ("USA-NY-New York", [("New York", "NY", "US")]),
        ("Amsterdam, NL", [("Amsterdam", "North Holland", "NL")]),
        ("Remote; Lisbon, Portugal", [("Lisbon", "Lisbon District", "PT")]),
        ("Bengaluru, Karnataka, India", [("Bengaluru", "Karnataka", "IN")]),
        ("Bangalore", [("Bengaluru", "Karnataka", "IN")]),
        ("Hybrid - Dublin", [("Dublin", "County Dublin", "IE")]),
        ("On-site in Austin, TX", [("Austin", "TX", "US")]),
        ("Remote - US", [(None, None, "US")]),
        ("London, ON", [("London", "ON", "CA")]),
        ("Cambridge", [("Cambridge", "England", "GB")]),
        ("Cambridge, MA", [("Cambridge", "MA", "US")]),
        ("Portland", [("Portland", "OR", "US")]),
        ("Portland, ME", [("Portland", "ME", "US")]),
        ("Vancouver, CA", [("Vancouver", "BC", "CA")]),
        ("Atlanta, Georgia", [("Atlanta", "GA", "US")]),
        ("Georgia, US", [(None, "GA", "US")]),
        ("Georgia", [(None, None, "GE")]),
        ("Seattle, Washington", [("Seattle", "WA", "US")]),
        ("Washington, D.C.", [("Washington", "DC", "US")]),
        ("Springfield, IL", [("Springfield", "IL", "US")]),
        ("Paris, Texas", [("Paris", "TX", "US")]),
        ("Wilmington, DE", [("Wilmington", "DE", "US")]),
        ("Munich, DE", [("Munich", "Bavaria", "DE")]),
        ("Indianapolis, IN", [("Indianapolis", "IN", "US")]),
        ("NYC", [("New York", "NY", "US")]),
        ("Greater London Area", [("London", "England", "GB")]),
        ("San Francisco Bay Area", [("San Francisco", "CA", "US")]),
        ("San Francisco, CA 94105", [("San Francisco", "CA", "US")]),
        ("10115 Berlin", [("Berlin", "Berlin", "DE")]),
        ("123 Main St, Springfield, IL 62701", [("Springfield", "IL", "US")]),
        ("Manhattan, New York, NY", [("New York", "NY", "US")]),
        ("Sydney NSW", [("Sydney", "NSW", "AU")]),
        ("Sydney, NSW 2000, Australia", [("Sydney", "NSW", "AU")]),
        ("Z\u00fcrich, Switzerland", [("Zurich", "Zurich", "CH")]),
        ("Krak\u00f3w, Polska", [("Krak\u00f3w", "Lesser Poland", "PL")]),
        ("S\u00e3o Paulo, SP, Brasil", [("S\u00e3o Paulo", "S\u00e3o Paulo", "BR")]),
        ("Singapore", [("Singapore", None, "SG")]),
        ("Mexico", [(None, None, "MX")]),
        ("England, United Kingdom", [(None, "England", "GB")]),
        ("Germany, Austria", [(None, None, "DE"), (None, None, "AT")]),
        (
            "Berlin, Germany, Paris, France",
            [("Berlin", "Berlin", "DE"), ("Paris", "\u00cele-de-France", "FR")],
        ),
        ("Berlin & Munich", [("Berlin", "Berlin", "DE"), ("Munich", "Bavaria", "DE")]),
        ("Bosnia and Herzegovina", [(None, None, "BA")]),
        ("NY", [(None, "NY", "US")]),
        ("Multiple locations", []),
        ("", []),
        ("   ", []),
        ("!!!", []),
        ("N/A", []),
    ],
)
def test_places(text, expected):
    assert places(text) == expected


def test_several_location_strings():
    assert places(["Berlin", "Remote - US", "Berlin, Germany"]) == [
        ("Berlin", "Berlin", "DE"),
        (None, None, "US"),
    ]


@pytest.mark.parametrize(
    ("text", "workplaces", "scope"),
    [
        ("Remote - US", ("remote",), RemoteScope(False, ("US",))),
        ("Remote-US", ("remote",), RemoteScope(False, ("US",))),
        ("US Remote", ("remote",), RemoteScope(False, ("US",))),
        ("Remote in Germany", ("remote",), RemoteScope(False, ("DE",))),
        ("Fully Remote (US only)", ("remote",), RemoteScope(False, ("US",))),
        ("Remote (EU)", ("remote",), RemoteScope(False, (), ("EU",))),
        ("Remote - EMEA", ("remote",), RemoteScope(False, (), ("EMEA",))),
        ("Remote (US or Canada)", ("remote",), RemoteScope(False, ("US", "CA"))),
        ("Anywhere", ("remote",), RemoteScope(True)),
        ("Worldwide", ("remote",), RemoteScope(True)),
        ("Remote; Lisbon, Portugal", ("remote",), None),
        ("London, UK (Hybrid)", ("hybrid",), None),
        ("Hybrid - Dublin", ("hybrid",), None),
        ("On-site in Austin, TX", ("on_site",), None),
        ("Not remote - Chicago, IL", ("on_site",), None),
        ("Berlin", (), None),
    ],
)
def test_workplace_hints_and_remote_scope(text, workplaces, scope):
    result = parse_locations(text)
    assert result.workplaces == workplaces
    assert result.remote_scope == scope


def test_workplace_prefers_remote_when_offered():
    assert parse_locations("Berlin / Hamburg / Remote").workplace == "remote"
    assert parse_locations("London, UK (Hybrid)").workplace == "hybrid"
    assert parse_locations("Berlin").workplace is None


def test_unreadable_parts_are_reported():
    result = parse_locations("asdf qwer")
    assert result.places == ()
    assert result.unresolved == ("asdf qwer",)


def test_countries_property():
    result = parse_locations(["Berlin", "Munich", "Paris"])
    assert result.countries == ("DE", "FR")


def test_result_is_hashable_and_frozen():
    result = parse_locations("Berlin")
    assert isinstance(result, LocationParse)
    assert hash(result) == hash(parse_locations("Berlin"))
    with pytest.raises(AttributeError):
        result.places = ()  # type: ignore[misc]


def test_place_key():
    assert place_key("\u00cele-de-France") == "ile de france"
    assert place_key("St. Louis") == "saint louis"
    assert place_key("U.S.A.") == "usa"
    assert place_key("K\u00f8benhavn") == "kobenhavn"
    assert place_key("\u0141\u00f3d\u017a") == "lodz"


# The gazetteer is data we wrote: check it is whole and consistent.

ISO_COUNTRIES = frozenset(gazetteer().country_codes)


def test_gazetteer_has_every_country():
    assert len(ISO_COUNTRIES) == 249
    assert all(len(code) == 2 and code.isupper() for code in ISO_COUNTRIES)
    for code in ("US", "GB", "DE", "IN", "BR", "JP", "ZA", "AU", "AQ", "VA"):
        assert code in ISO_COUNTRIES


def test_gazetteer_regions_and_cities_are_consistent():
    regions: dict[str, set[str]] = {}
    for country, label, *_ in _rows("regions.tsv"):
        assert country in ISO_COUNTRIES
        regions.setdefault(country, set()).add(label)
    assert len(regions["US"]) == 51
    assert len(regions["CA"]) == 13
    assert len(regions["AU"]) == 8
    cities = _rows("cities.tsv")
    assert len(cities) >= 400
    for country, region, name, population, *_ in cities:
        assert country in ISO_COUNTRIES, name
        assert not region or region in regions.get(country, set()), name
        assert population.isdigit(), name


@pytest.mark.parametrize(
    ("native", "code"),
    [
        ("Deutschland", "DE"),
        ("Espa\u00f1a", "ES"),
        ("Schweiz", "CH"),
        ("UK", "GB"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("Nederland", "NL"),
        ("\u00d6sterreich", "AT"),
        ("T\u00fcrkiye", "TR"),
        ("Polska", "PL"),
    ],
)
def test_country_names(native, code):
    assert places(native) == [(None, None, code)]


# Property-based tests.

_CITIES = list(_rows("cities.tsv"))
_US_CITIES = [row for row in _CITIES if row[0] == "US" and row[1]]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_countries_are_iso_codes(text):
    result = parse_locations(text)
    for place in result.places:
        assert place.country is None or place.country in ISO_COUNTRIES
    if result.remote_scope is not None:
        assert set(result.remote_scope.countries) <= ISO_COUNTRIES


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=5))
def test_lists_of_arbitrary_strings_never_raise(texts):
    result = parse_locations(texts)
    assert all(isinstance(place, Place) for place in result.places)


_NOISE = st.lists(
    st.sampled_from(
        [
            *("Remote", "Hybrid", ",", " / ", " - ", "(", ")", ";", " or ", "CA", "US", "in"),
            *("UK", "EU", "Berlin", "London", "New York", "Paris", "123", "Greater", "Area"),
            *("TBD", "\u00e9"),
        ]
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_NOISE)
def test_location_like_noise_gives_valid_places(text):
    for place in parse_locations(text).places:
        assert place.country is None or place.country in ISO_COUNTRIES
        assert place.city or place.region or place.country


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_CITIES), st.sampled_from(["{city}, {country}", "{city} ({country})"]))
def test_city_with_its_country_name_resolves_to_that_country(row, template):
    country, _, name, *_ = row
    country_name = gazetteer().country_names[country]
    found = parse_locations(template.format(city=name, country=country_name)).places
    assert found, (name, country_name)
    assert found[0].country == country
    assert found[0].city is not None


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_US_CITIES),
    st.sampled_from(["{city}, {region}", "{city}, {region}, USA", "US-{region}-{city}"]),
)
def test_us_city_with_state_code_resolves_to_that_state(row, template):
    _, region, name, *_ = row
    found = parse_locations(template.format(city=name, region=region)).places
    assert found[0] == Place(name, region, "US")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_CITIES), min_size=2, max_size=4, unique_by=lambda r: r[2]))
def test_alternatives_give_one_place_each(rows):
    found = parse_locations(" / ".join(f"{row[2]}, {row[0]}" for row in rows))
    assert [p.country for p in found.places] == [row[0] for row in rows]

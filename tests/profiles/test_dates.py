from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from jobpilot.profiles.dates import (
    DateRange,
    find_date_range,
    find_date_ranges,
    parse_date,
    parse_date_range,
)

EN_DASH = "\u2013"
EM_DASH = "\u2014"
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", "2019"),
        ("Jan 2019", "2019-01"),
        ("January 2019", "2019-01"),
        ("Sept. 2015", "2015-09"),
        ("Sep 2015", "2015-09"),
        ("Mar '19", "2019-03"),
        ("Jun \u201921", "2021-06"),
        ("Dec '98", "1998-12"),
        ("03/2018", "2018-03"),
        ("3/2018", "2018-03"),
        ("11.2020", "2020-11"),
        ("2018-03", "2018-03"),
        ("2018/03", "2018-03"),
        ("2018-03-15", "2018-03"),
        ("15.03.2018", "2018-03"),
        ("25/12/2018", "2018-12"),
        ("12/25/2018", "2018-12"),
        ("03/04/2018", "2018"),
        ("March 15, 2019", "2019-03"),
        ("15 March 2019", "2019-03"),
        ("Spring 2016", "2016-03"),
        ("Summer 2017", "2017-06"),
        ("Autumn 2018", "2018-09"),
        ("Fall 2018", "2018-09"),
        ("Winter 2019", "2019-12"),
        ("Q1 2019", "2019-01"),
        ("Q3 2019", "2019-07"),
        ("Q4 2020", "2020-10"),
        ("März 2020", "2020-03"),
        ("Dezember 2019", "2019-12"),
        ("Okt. 2018", "2018-10"),
        ("février 2017", "2017-02"),
        ("août 2016", "2016-08"),
        ("enero 2015", "2015-01"),
        ("Sommer 2014", "2014-06"),
    ],
)
def test_single_dates_become_partial_iso(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text", ["", "Present", "hello", "1234", "2150", "13/2018", "Jan", "Q5 2019", "19"]
)
def test_non_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        (f"Jan 2019 {EN_DASH} Present", "2019-01", None, True),
        ("January 2019 - Current", "2019-01", None, True),
        ("2019-2021", "2019", "2021", False),
        (f"2019 {EN_DASH} 2021", "2019", "2021", False),
        (f"2019 {EM_DASH} 2021", "2019", "2021", False),
        ("03/2018 - 11/2020", "2018-03", "2020-11", False),
        (f"3/2018{EN_DASH}11/2020", "2018-03", "2020-11", False),
        ("2018-03 to 2020-11", "2018-03", "2020-11", False),
        ("2018-03 until 2020-11", "2018-03", "2020-11", False),
        ("since 2020", "2020", None, True),
        ("Since March 2020", "2020-03", None, True),
        ("seit 2021", "2021", None, True),
        ("depuis mars 2019", "2019-03", None, True),
        ("Summer 2017", "2017-06", None, False),
        ("Q3 2019", "2019-07", None, False),
        ("2019", "2019", None, False),
        (f"Sept. 2015 {EM_DASH} Aug. 2017", "2015-09", "2017-08", False),
        (f"Mar '19 {EN_DASH} Jun '21", "2019-03", "2021-06", False),
        (f"2019 {EN_DASH}  now", "2019", None, True),
        ("2020 - Today", "2020", None, True),
        ("May 2021 - ongoing", "2021-05", None, True),
        ("Jan 2019 to date", "2019-01", None, True),
        (f"M\u00e4rz 2019 {EN_DASH} heute", "2019-03", None, True),
        (f"janvier 2018 {EN_DASH} aujourd'hui", "2018-01", None, True),
        ("ene 2019 - actualidad", "2019-01", None, True),
        ("von 2015 bis 2018", "2015", "2018", False),
        ("from 2015 to 2018", "2015", "2018", False),
        (f"Jan {EN_DASH} Mar 2019", "2019-01", "2019-03", False),
        (f"Nov {EN_DASH} Feb 2020", "2019-11", "2020-02", False),
        ("Fall 2015 - Spring 2016", "2015-09", "2016-03", False),
        ("2019-03-15 - 2020-01-02", "2019-03", "2020-01", False),
        ("(2019 - 2021)", "2019", "2021", False),
        ("Graduated 2012", "2012", None, False),
    ],
)
def test_ranges(text: str, start: str | None, end: str | None, current: bool) -> None:
    found = parse_date_range(text)
    assert found is not None
    assert (found.start, found.end, found.current) == (start, end, current)


def test_a_present_end_has_no_end_date() -> None:
    found = parse_date_range("Jan 2019 - Present")
    assert found == DateRange(
        start="2019-01", end=None, current=True, text="Jan 2019 - Present", span=(0, 18)
    )


@pytest.mark.parametrize("text", ["Senior Engineer", "Present", "- Present", "Q9 2020", ""])
def test_texts_that_are_not_ranges(text: str) -> None:
    assert parse_date_range(text) is None


@pytest.mark.parametrize(
    ("line", "rest", "start", "end", "current"),
    [
        (
            f"Senior Engineer, Acme Corp {EM_DASH} Jan 2019 {EN_DASH} Present",
            "Senior Engineer, Acme Corp",
            "2019-01",
            None,
            True,
        ),
        (
            f"Berlin, Germany | Jan 2019 {EN_DASH} Present",
            "Berlin, Germany",
            "2019-01",
            None,
            True,
        ),
        ("Jan 2019 - Dec 2020", "", "2019-01", "2020-12", False),
        ("Acme Corp (2015 - 2018), Berlin", "Acme Corp | Berlin", "2015", "2018", False),
        ("Data Analyst Intern | Summer 2017", "Data Analyst Intern", "2017-06", None, False),
        ("Engineer at Acme 2019", "Engineer at Acme", "2019", None, False),
        ("B.A. Mathematics, Graduated 2012", "B.A. Mathematics", "2012", None, False),
        ("PyCon DE 2023", "PyCon DE", "2023", None, False),
        ("Calgary, AB 2020", "Calgary, AB", "2020", None, False),
    ],
)
def test_find_date_range_cuts_the_date_out(
    line: str, rest: str, start: str, end: str | None, current: bool
) -> None:
    found = find_date_range(line)
    assert found is not None
    date_range, remainder = found
    assert remainder == rest
    assert (date_range.start, date_range.end, date_range.current) == (start, end, current)
    assert line[date_range.span[0] : date_range.span[1]] == date_range.text


def test_the_fullest_date_in_a_line_wins() -> None:
    found = find_date_range("Promoted 2020 | 2018 - 2022")
    assert found is not None
    assert (found[0].start, found[0].end) == ("2018", "2022")
    assert found[1] == "Promoted 2020"


@pytest.mark.parametrize(
    "line",
    [
        "no date here",
        "+49 30 1234567",
        "(555) 123-4567",
        "Reduced costs by 1500 dollars",
        "Python 3.11",
        "Windows 10",
    ],
)
def test_lines_without_dates(line: str) -> None:
    assert find_date_range(line) is None


def test_find_date_ranges_lists_them_in_order() -> None:
    found = find_date_ranges("2015 - 2017 and again Jan 2019 - Present")
    assert [(item.start, item.end, item.current) for item in found] == [
        ("2015", "2017", False),
        ("2019-01", None, True),
    ]


years = st.integers(min_value=1950, max_value=2099)
months = st.integers(min_value=1, max_value=12)
separators = st.sampled_from([" - ", "-", f" {EN_DASH} ", EN_DASH, f" {EM_DASH} ", " to "])


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, str]:
    year, month = draw(years), draw(months)
    style = draw(st.sampled_from(["name", "abbr", "slash", "iso", "dot", "year"]))
    if style == "year":
        return str(year), f"{year:04d}"
    expected = f"{year:04d}-{month:02d}"
    written = {
        "name": f"{MONTH_NAMES[month - 1]} {year}",
        "abbr": f"{MONTH_NAMES[month - 1][:3]} {year}",
        "slash": f"{month:02d}/{year}",
        "iso": f"{year}-{month:02d}",
        "dot": f"{month:02d}.{year}",
    }[style]
    return written, expected


@given(written_dates())
def test_any_written_date_reads_back(pair: tuple[str, str]) -> None:
    written, expected = pair
    assert parse_date(written) == expected


@given(written_dates(), written_dates(), separators)
def test_any_written_range_reads_back(
    first: tuple[str, str], second: tuple[str, str], separator: str
) -> None:
    # "2018-03-2020" cannot be read one way only; nobody joins ISO months with a bare hyphen.
    assume(not (separator == "-" and "-" in first[0] + second[0]))
    found = parse_date_range(f"{first[0]}{separator}{second[0]}")
    assert found is not None
    assert (found.start, found.end, found.current) == (first[1], second[1], False)


@given(
    written_dates(),
    st.sampled_from(["Present", "present", "Current", "Today", "Now", "ongoing"]),
    separators,
)
def test_any_range_to_now_is_current(first: tuple[str, str], word: str, separator: str) -> None:
    found = parse_date_range(f"{first[0]}{separator}{word}")
    assert found is not None
    assert (found.start, found.end, found.current) == (first[1], None, True)


@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz ,&", max_size=30),
    written_dates(),
    written_dates(),
)
def test_a_range_after_a_title_is_cut_out_whole(
    title: str, first: tuple[str, str], second: tuple[str, str]
) -> None:
    line = f"{title} | {first[0]} - {second[0]}"
    found = find_date_range(line)
    assert found is not None
    date_range, rest = found
    assert (date_range.start, date_range.end) == (first[1], second[1])
    assert rest == title.rstrip(" ,").strip()

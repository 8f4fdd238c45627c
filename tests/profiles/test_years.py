from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobpilot.profiles.years import (
    Period,
    merge,
    month_index,
    period_of,
    today_month,
    total_months,
    total_years,
)

TODAY = date(2026, 5, 20)


def months(start: str, end: str) -> Period:
    return Period(month_index(start, as_end=False), month_index(end, as_end=True))


@pytest.mark.parametrize(
    ("value", "as_end", "expected"),
    [
        ("2019", False, 2019 * 12),
        ("2019", True, 2019 * 12 + 11),
        ("2019-03", False, 2019 * 12 + 2),
        ("2019-03", True, 2019 * 12 + 2),
        ("2019-03-15", False, 2019 * 12 + 2),
        ("2019-12-31", True, 2019 * 12 + 11),
        ("2020-02-29", False, 2020 * 12 + 1),
        (" 2019-01 ", False, 2019 * 12),
    ],
)
def test_month_index(value: str, as_end: bool, expected: int) -> None:
    assert month_index(value, as_end=as_end) == expected


@pytest.mark.parametrize(
    "value",
    ["", "19", "2019-3", "2019/03", "2019-00", "2019-13", "2019-02-30", "2021-02-29", "Mar 2019"],
)
def test_month_index_refuses_what_is_not_a_partial_iso_date(value: str) -> None:
    with pytest.raises(ValueError, match=r"partial ISO date|not a month|not a day"):
        month_index(value, as_end=False)


def test_period_counts_both_end_months() -> None:
    assert Period(10, 10).months == 1
    assert months("2019-01", "2019-12").months == 12


def test_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="cannot end before"):
        Period(5, 4)


def test_a_full_calendar_year_is_one_year() -> None:
    period = period_of("2019-01", "2019-12", False, today=TODAY)
    assert period == months("2019-01", "2019-12")
    assert total_years([period]) == 1.0


def test_year_only_dates_span_whole_years() -> None:
    period = period_of("2019", "2020", False, today=TODAY)
    assert period is not None
    assert period.months == 24


def test_a_missing_start_has_no_period() -> None:
    assert period_of(None, "2020-01", False, today=TODAY) is None
    assert period_of(None, None, True, today=TODAY) is None
    assert period_of("", "2020-01", False, today=TODAY) is None


def test_a_current_entry_runs_to_this_month() -> None:
    assert period_of("2025-06", None, True, today=TODAY) == Period(2025 * 12 + 5, 2026 * 12 + 4)


def test_a_missing_end_that_is_not_current_is_one_month() -> None:
    assert period_of("2018-04", None, False, today=TODAY) == Period(2018 * 12 + 3, 2018 * 12 + 3)
    # A year alone counts from January: the one month is January.
    assert period_of("2018", None, False, today=TODAY) == Period(2018 * 12, 2018 * 12)


def test_an_end_after_this_month_is_cut_back() -> None:
    assert period_of("2026-01", "2027-12", False, today=TODAY) == Period(
        2026 * 12, today_month(TODAY)
    )


def test_an_entry_starting_after_this_month_has_no_period_yet() -> None:
    assert period_of("2026-09", None, True, today=TODAY) is None


def test_an_end_before_the_start_counts_the_start_month_only() -> None:
    assert period_of("2020-05", "2019-01", False, today=TODAY) == Period(
        2020 * 12 + 4, 2020 * 12 + 4
    )


def test_merge_joins_overlapping_periods() -> None:
    merged = merge([months("2018-01", "2020-12"), months("2020-01", "2021-12")])
    assert merged == [months("2018-01", "2021-12")]


def test_merge_joins_adjacent_periods() -> None:
    merged = merge([months("2019-07", "2019-12"), months("2019-01", "2019-06")])
    assert merged == [months("2019-01", "2019-12")]


def test_merge_keeps_gaps_and_swallows_nested_periods() -> None:
    merged = merge(
        [
            months("2015-01", "2016-12"),
            months("2019-01", "2022-12"),
            months("2020-03", "2020-08"),
            months("2017-02", "2017-03"),
        ]
    )
    assert merged == [
        months("2015-01", "2016-12"),
        months("2017-02", "2017-03"),
        months("2019-01", "2022-12"),
    ]


def test_total_years_counts_overlaps_once_and_skips_gaps() -> None:
    periods = [
        months("2010-01", "2012-12"),  # 36 months
        months("2012-01", "2013-06"),  # 12 of its 18 months overlap the first
        months("2016-01", "2016-12"),  # after a gap of 30 months
    ]
    assert total_months(periods) == 54
    assert total_years(periods) == 4.5


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 0.0), (1, 0.1), (6, 0.5), (11, 0.9), (12, 1.0), (18, 1.5), (121, 10.1)],
)
def test_total_years_rounds_to_one_decimal(count: int, expected: float) -> None:
    periods = [Period(24_000, 24_000 + count - 1)] if count else []
    assert total_years(periods) == expected


period_strategy = st.builds(
    lambda start, length: Period(start, start + length),
    st.integers(min_value=2000 * 12, max_value=2030 * 12),
    st.integers(min_value=0, max_value=120),
)
period_lists = st.lists(period_strategy, max_size=12)


def covered(periods: list[Period]) -> set[int]:
    return {m for p in periods for m in range(p.start_month, p.end_month + 1)}


@settings(max_examples=300)
@given(period_lists)
def test_merging_is_idempotent(periods: list[Period]) -> None:
    once = merge(periods)
    assert merge(once) == once


@settings(max_examples=300)
@given(period_lists)
def test_merged_periods_cover_the_same_months_apart_and_in_order(periods: list[Period]) -> None:
    merged = merge(periods)
    assert covered(merged) == covered(periods)
    assert total_months(periods) == len(covered(periods))
    for before, after in itertools.pairwise(merged):
        # Separated by at least one month not covered, or they would have been joined.
        assert after.start_month > before.end_month + 1


@settings(max_examples=300)
@given(period_lists)
def test_total_is_at_most_the_sum_of_the_parts(periods: list[Period]) -> None:
    assert total_months(periods) <= sum(p.months for p in periods)
    assert total_years(periods) <= round(sum(p.months for p in periods) / 12, 1)


@settings(max_examples=300)
@given(st.lists(period_strategy, min_size=1, max_size=12))
def test_total_is_at_least_the_longest_period(periods: list[Period]) -> None:
    longest = max(periods, key=lambda p: p.months)
    assert total_months(periods) >= longest.months
    assert total_years(periods) >= total_years([longest])


@settings(max_examples=300)
@given(period_lists.flatmap(lambda ps: st.tuples(st.just(ps), st.permutations(ps))))
def test_total_does_not_depend_on_order(pair: tuple[list[Period], list[Period]]) -> None:
    periods, shuffled = pair
    assert merge(shuffled) == merge(periods)
    assert total_years(shuffled) == total_years(periods)


partial_dates = st.builds(
    lambda year, month, precision: (
        f"{year}"
        if precision == 0
        else f"{year}-{month:02d}"
        if precision == 1
        else f"{year}-{month:02d}-01"
    ),
    st.integers(min_value=1990, max_value=2030),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=2),
)


@settings(max_examples=300)
@given(st.none() | partial_dates, st.none() | partial_dates, st.booleans())
def test_a_period_never_reaches_past_this_month(
    start: str | None, end: str | None, current: bool
) -> None:
    period = period_of(start, end, current, today=TODAY)
    if start is None:
        assert period is None
        return
    if period is not None:
        assert period.start_month == month_index(start, as_end=False)
        assert period.start_month <= period.end_month <= today_month(TODAY)

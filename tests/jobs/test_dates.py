from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobpilot.jobs.dates import parse_date

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-03", datetime(2026, 11, 3, tzinfo=UTC)),
        ("2026-11-03T10:00:00Z", datetime(2026, 11, 3, 10, tzinfo=UTC)),
        ("2026-11-03T10:00:00+01:00", datetime(2026, 11, 3, 9, tzinfo=UTC)),
        ("2026-11-03T10:00:00", datetime(2026, 11, 3, 10, tzinfo=UTC)),
        ("2026-11-03 10:00:00", datetime(2026, 11, 3, 10, tzinfo=UTC)),
        ("2026-11-03T10:00:00.123456789Z", datetime(2026, 11, 3, 10, 0, 0, 123456, tzinfo=UTC)),
        ("Tue, 03 Nov 2026 10:00:00 GMT", datetime(2026, 11, 3, 10, tzinfo=UTC)),
        ("Tue, 03 Nov 2026 10:00:00 +0100", datetime(2026, 11, 3, 9, tzinfo=UTC)),
        (1793700000, datetime(2026, 11, 3, 10, tzinfo=UTC)),
        (1793700000000, datetime(2026, 11, 3, 10, tzinfo=UTC)),
        ("1793700000000", datetime(2026, 11, 3, 10, tzinfo=UTC)),
        (1793700000.5, datetime(2026, 11, 3, 10, 0, 0, 500000, tzinfo=UTC)),
        ("Nov 3, 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("3 November 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("3. November 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("3 de noviembre de 2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("03.11.2026", datetime(2026, 11, 3, tzinfo=UTC)),
        ("2026/11/03", datetime(2026, 11, 3, tzinfo=UTC)),
        ("13/04/2026", datetime(2026, 4, 13, tzinfo=UTC)),
        ("04/13/2026", datetime(2026, 4, 13, tzinfo=UTC)),
    ],
)
def test_absolute_dates(value, expected):
    assert parse_date(value, now=NOW) == expected


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("today", 0),
        ("Just posted", 0),
        ("yesterday", 1),
        ("gestern", 1),
        ("3 days ago", 3),
        ("Posted 3 days ago", 3),
        ("30+ days ago", 30),
        ("2 weeks ago", 14),
        ("a month ago", 30),
        ("vor 2 Tagen", 2),
        ("vor einem Monat", 30),
        ("il y a 3 jours", 3),
        ("hace 2 d\u00edas", 2),
        ("h\u00e1 5 dias", 5),
        ("2 dagen geleden", 2),
        ("f\u00f6r 3 dagar sedan", 3),
    ],
)
def test_relative_dates(value, days):
    assert parse_date(value, now=NOW) == NOW - timedelta(days=days)


def test_relative_hours():
    assert parse_date("an hour ago", now=NOW) == NOW - timedelta(hours=1)


def test_now_may_have_another_zone():
    local = NOW.astimezone(timezone(timedelta(hours=2)))
    result = parse_date("yesterday", now=local)
    assert result == NOW - timedelta(days=1)
    assert result is not None
    assert result.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "garbage",
        "Monday",
        "2026",
        "03/04/2026",
        "99999-01-01",
        "1800-01-01",
        "NaN",
        True,
        -5,
        0,
        float("nan"),
        float("inf"),
    ],
)
def test_garbage_gives_none(value):
    assert parse_date(value, now=NOW) is None


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.none()))
def test_never_raises_and_is_always_aware_utc(value):
    result = parse_date(value, now=NOW)
    if result is not None:
        assert result.utcoffset() == timedelta(0)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2100, 1, 1)))
def test_iso_round_trip(moment):
    aware = moment.replace(tzinfo=UTC)
    assert parse_date(aware.isoformat()) == aware
    assert parse_date(int(aware.timestamp() * 1000)) == aware.replace(
        microsecond=aware.microsecond // 1000 * 1000
    )

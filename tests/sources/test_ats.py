from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobpilot.sources._ats import (
    MalformedItem,
    distinct_texts,
    id_field,
    timestamp_from_epoch_ms,
)
from jobpilot.sources.base import parse_iso_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-02T10:14:33-04:00", datetime(2024, 5, 2, 14, 14, 33, tzinfo=UTC)),
        ("2024-05-02T10:14:33Z", datetime(2024, 5, 2, 10, 14, 33, tzinfo=UTC)),
        ("2024-05-02T10:14:33+0200", datetime(2024, 5, 2, 8, 14, 33, tzinfo=UTC)),
        ("2024-05-02T10:14:33.123456789Z", datetime(2024, 5, 2, 10, 14, 33, 123456, tzinfo=UTC)),
        ("2024-05-02T10:14:33", datetime(2024, 5, 2, 10, 14, 33, tzinfo=UTC)),
        ("2024-05-02", datetime(2024, 5, 2, tzinfo=UTC)),
    ],
)
def test_timestamps_become_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_iso_datetime(text)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize("value", ["", "yesterday", "2024-13-45", None, 1714384800, ["2024"]])
def test_unreadable_timestamps_are_unknown(value: object) -> None:
    assert parse_iso_datetime(value) is None


def test_epoch_milliseconds() -> None:
    assert timestamp_from_epoch_ms(1714384800000) == datetime(2024, 4, 29, 10, 0, tzinfo=UTC)
    assert timestamp_from_epoch_ms(True) is None
    assert timestamp_from_epoch_ms("1714384800000") is None
    assert timestamp_from_epoch_ms(10**20) is None


def test_ids_may_be_numbers_or_strings_but_not_flags() -> None:
    assert id_field({"id": 4012345006}, "id") == "4012345006"
    assert id_field({"id": " abc "}, "id") == "abc"
    for bad in (True, None, 1.5, "  ", {"id": 1}):
        with pytest.raises(MalformedItem):
            id_field({"id": bad}, "id")


def test_distinct_texts_keeps_first_occurrences_in_order() -> None:
    assert distinct_texts(["Oslo", None, "Bergen", "", "Oslo"]) == ["Oslo", "Bergen"]

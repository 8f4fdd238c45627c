from __future__ import annotations

import pytest

from jobpilot.jobs.workplace import detect_workplace, strongest_workplace, workplace_hints


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (("remote",), "remote"),
        (("REMOTE",), "remote"),
        (("TELECOMMUTE",), "remote"),
        (("hybrid",), "hybrid"),
        (("onsite",), "on_site"),
        (("on-site",), "on_site"),
        (("On Site",), "on_site"),
        (("in_office",), "on_site"),
        ((True,), "remote"),
        ((False, "hybrid"), "hybrid"),
        ((None, "", "Remote - US"), "remote"),
        (("", "Fully remote within Germany"), "remote"),
        (("", "Home office possible"), "remote"),
        (("", "3 days in office, hybrid"), "hybrid"),
        (("", "Télétravail partiel"), "remote"),
        (("", "100% presencial en Madrid"), "on_site"),
        (("", "Not remote"), "on_site"),
        (("", "No remote work"), "on_site"),
        (("", "This role is non-remote"), "on_site"),
        (("", "Remote work is not possible"), "on_site"),
        (("", "kein Homeoffice"), "on_site"),
        (("", "Remote: no"), "on_site"),
        (("", "Berlin"), None),
        (("", "We value remote control cars"), "remote"),
        ((), None),
    ],
)
def test_detect_workplace(values, expected):
    assert detect_workplace(*values) == expected


def test_hints_are_found_in_order_with_their_spans():
    text = "Hybrid in Berlin, otherwise remote"
    assert workplace_hints(text) == [(0, 6, "hybrid"), (28, 34, "remote")]


def test_strongest_workplace():
    assert strongest_workplace(["on_site", "remote"]) == "remote"
    assert strongest_workplace(("remote", "hybrid")) == "hybrid"
    assert strongest_workplace([]) is None

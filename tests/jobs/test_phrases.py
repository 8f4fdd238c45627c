from __future__ import annotations

import re

from jobpilot.jobs.phrases import PhraseFinder, Rule


def finder(**kwargs: int) -> PhraseFinder[str]:
    return PhraseFinder(
        [
            Rule("dental", re.compile(r"\bdental(?:\s+insurance)?\b", re.I), ("dental",)),
            Rule(
                "pto", re.compile(r"\bPTO\b|\bpaid\s+time\s+off\b", re.I), ("time off",), ("PTO",)
            ),
            Rule("unlimited", re.compile(r"\bunlimited\s+PTO\b", re.I), ("unlimited",)),
            Rule("insurance", re.compile(r"\binsurance\b", re.I), ("insurance",)),
        ],
        **kwargs,
    )


def found(text: str, *, overlapping: bool = True, **kwargs: int) -> list[tuple[str, str]]:
    return [
        (key, m.group(0)) for key, m in finder(**kwargs).finditer(text, overlapping=overlapping)
    ]


def test_matches_come_in_text_order():
    text = "We offer paid time off and Dental Insurance."
    assert found(text) == [
        ("pto", "paid time off"),
        ("dental", "Dental Insurance"),
        ("insurance", "Insurance"),
    ]


def test_exact_cues_are_case_sensitive():
    assert found("Generous PTO") == [("pto", "PTO")]
    assert found("a pto in lower case") == []


def test_non_overlapping_prefers_the_longest_leftmost_match():
    text = "Unlimited PTO and dental insurance"
    assert found(text, overlapping=False) == [
        ("unlimited", "Unlimited PTO"),
        ("dental", "dental insurance"),
    ]
    assert ("pto", "PTO") in found(text)


def test_a_match_cut_by_its_window_is_read_whole():
    # The window ends right after "dental"; the whole text says "dental insurance".
    assert found("dental insurance", before=0, after=0) == [
        ("dental", "dental insurance"),
        ("insurance", "insurance"),
    ]


def test_text_whose_length_changes_in_lower_case_is_still_read():
    assert found("\u0130stanbul office, dental") == [("dental", "dental")]


def test_nothing_to_find():
    assert found("") == []
    assert found("no cues here") == []

from __future__ import annotations

import pytest

from jobpilot.jobs.benefits import BENEFITS, extract_benefits


def test_extracts_canonical_names_in_vocabulary_order():
    text = (
        "We offer medical, dental, and vision insurance, a 401(k) with match, stock options, "
        "an annual bonus, a remote work stipend, a learning budget, parental leave, 30 days "
        "paid vacation, gym membership, free lunch, relocation and visa support, childcare, "
        "a company car, flexible hours and a 4-day week."
    )
    assert extract_benefits(text) == [
        "health insurance",
        "dental insurance",
        "vision insurance",
        "retirement plan",
        "equity",
        "bonus",
        "remote work stipend",
        "learning budget",
        "parental leave",
        "paid time off (30 days)",
        "gym",
        "meals",
        "relocation",
        "visa support",
        "childcare",
        "company car",
        "flexible hours",
        "4-day week",
    ]


def test_german_benefits():
    text = (
        "28 Urlaubstage, betriebliche Altersvorsorge, "
        "Deutschlandticket, Urban Sports Club, Homeoffice-Pauschale und Gleitzeit."
    )
    assert extract_benefits(text) == [
        "retirement plan",
        "remote work stipend",
        "paid time off (28 days)",
        "gym",
        "commuter benefits",
        "flexible hours",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unlimited PTO", ["unlimited PTO"]),
        ("Generous PTO", ["paid time off"]),
        ("Experience with Go is a bonus.", []),
        ("We value diversity, equity and inclusion.", []),
        ("Diversity, Equity & Inclusion matter to us", []),
        ("Competitive salary + bonus", ["bonus"]),
        ("Meaningful equity", ["equity"]),
        ("Our vision is to change logistics", []),
        ("No visa sponsorship, but relocation support", ["relocation"]),
        ("pto in lower case is not the benefit", []),
        ("Enjoy 200 days of vacation", []),
        ("", []),
    ],
)
def test_benefit_edges(text, expected):
    assert extract_benefits(text) == expected


def test_each_benefit_is_listed_once():
    text = "Dental. Dental plan. dental coverage. 25 days PTO. 30 days of annual leave. PTO."
    assert extract_benefits(text) == ["dental insurance", "paid time off (30 days)"]


def test_vocabulary_names_are_unique():
    assert len(BENEFITS) == len(set(BENEFITS))

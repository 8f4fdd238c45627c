"""Finding schema.org JobPosting objects in pages and mapping them onto raw postings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobpilot.sources.base import SalaryHint, parse_iso_datetime
from jobpilot.sources.jsonld import (
    JobPostingError,
    find_jobpostings,
    iter_jobpostings,
    jobposting_to_raw,
    parse_jsonld_block,
    stable_id,
)
from tests.sources._pages import fixture_text

BASE = "https://careers.northwind.example"


def _only_posting(name: str, page_url: str) -> dict[str, object]:
    found = find_jobpostings(fixture_text("careers", name, base=BASE), page_url=page_url)
    assert found.errors == []
    assert len(found.postings) == 1
    return found.postings[0]


def test_graph_posting_maps_every_field():
    page_url = f"{BASE}/jobs/backend-engineer"
    obj = _only_posting("job-backend.html", page_url)

    raw = jobposting_to_raw(obj, source="careers", source_key="northwind", page_url=page_url)

    assert raw.source == "careers"
    assert raw.source_key == "northwind"
    assert raw.external_id == "NW-1042"
    assert raw.title == "Senior Backend Engineer"
    assert raw.description.startswith("<p>You will build")
    assert raw.description_is_html is True
    assert raw.company == "Northwind Traders"
    assert raw.company_url == "https://northwind.example"
    assert raw.url == page_url
    assert raw.apply_url == page_url  # directApply: the posting's own URL takes applications
    assert raw.locations == ["Berlin, BE, DE", "Munich, Germany"]
    assert raw.workplace is None
    assert raw.employment_type == "FULL_TIME, CONTRACTOR"
    assert raw.salary == SalaryHint(70000.0, 85000.0, "EUR", "year")
    assert raw.salary_text is None
    assert raw.posted_at == datetime(2026, 10, 1, 7, 30, tzinfo=UTC)
    assert raw.valid_through == datetime(2026, 12, 31, tzinfo=UTC)
    assert raw.facts == {
        "experience_months": "60",
        "education_requirements": "bachelor degree",
        "skills": "Python, PostgreSQL, Kubernetes",
        "industry": "Logistics",
        "occupational_category": "Software Developers",
        "occupational_category_code": "15-1252.00",
        "direct_apply": "true",
    }
    assert raw.payload is obj


def test_commented_block_with_trailing_commas_and_type_list_is_read():
    page_url = f"{BASE}/jobs/frontend-developer"
    obj = _only_posting("job-frontend.html", page_url)

    raw = jobposting_to_raw(obj, source="careers", source_key="northwind", page_url=page_url)

    assert raw.title == "Frontend Developer"
    assert raw.company == "Northwind Traders"
    assert raw.company_url is None
    assert raw.workplace == "remote"
    # A remote posting without jobLocation: the applicant countries are where it can be done.
    assert raw.locations == ["Germany", "Austria"]
    assert raw.facts["applicant_location_requirements"] == "Germany; Austria"
    assert raw.facts["job_location_type"] == "TELECOMMUTE"
    assert raw.salary == SalaryHint(45.5, 45.5, "EUR", "hour")
    assert raw.description_is_html is False
    assert raw.apply_url is None
    assert raw.posted_at == datetime(2026, 10, 5, tzinfo=UTC)


def test_broken_block_is_reported_and_the_good_one_still_read():
    page_url = f"{BASE}/jobs/data-analyst"
    found = find_jobpostings(fixture_text("careers", "job-data.html"), page_url=page_url)

    assert len(found.errors) == 1
    assert found.errors[0].where == f"{page_url} (JSON-LD block 1)"
    assert "invalid JSON" in found.errors[0].message
    assert len(found.postings) == 1  # the BreadcrumbList beside it is not a posting
    raw = jobposting_to_raw(
        found.postings[0], source="careers", source_key="northwind", page_url=page_url
    )
    assert raw.external_id == "DA-7"
    assert raw.company_url == f"{BASE}/"  # relative organisation URL resolved against the page
    assert raw.locations == ["Hamburg, Germany"]
    # The description was escaped HTML; it is handed on as markup.
    assert raw.description == "<p>Turn shipment data into decisions.</p>"
    assert raw.description_is_html is True
    # A salary given as text stays text: the normaliser parses it, never this reader.
    assert raw.salary is None
    assert raw.salary_text == "€50.000 - 60.000 p.a."
    assert raw.posted_at == datetime(2026, 10, 7, 8, 0, 0, 123456, tzinfo=UTC)


def test_postings_are_found_in_arrays_graphs_and_nested_entities():
    document = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "mainEntity": {
            "@type": "ItemList",
            "itemListElement": [
                {"@type": "ListItem", "item": {"@type": "schema:JobPosting", "title": "A"}},
                {
                    "@type": "ListItem",
                    "item": {"@type": "http://schema.org/JobPosting", "title": "B"},
                },
            ],
        },
        "@graph": [[{"@type": ["Thing", "JobPosting"], "title": "C"}]],
    }

    titles = [obj["title"] for obj in iter_jobpostings(document)]

    assert titles == ["A", "B", "C"]


def test_posting_children_are_not_searched_for_more_postings():
    document = {"@type": "JobPosting", "title": "Outer", "sub": {"@type": "JobPosting"}}
    assert [obj["title"] for obj in iter_jobpostings(document)] == ["Outer"]


@pytest.mark.parametrize(
    "block",
    [
        '<![CDATA[ {"@type": "JobPosting", "title": "X"} ]]>',
        '/*<![CDATA[*/ {"@type": "JobPosting", "title": "X",} /*]]>*/',
        '<!-- [{"@type": "JobPosting", "title": "X", "tags": ["a", "b",],},] -->',
        '{"@type": "JobPosting", "title": "X", "description": "line one\nline two"}',
    ],
)
def test_tolerated_block_forms(block: str):
    postings = list(iter_jobpostings(parse_jsonld_block(block)))
    assert [obj["title"] for obj in postings] == ["X"]


def test_commas_inside_strings_are_kept():
    value = parse_jsonld_block('{"title": "Lead, Sales ,}", "x": [1,],}')
    assert value == {"title": "Lead, Sales ,}", "x": [1]}


@pytest.mark.parametrize("block", ["", "   ", "{not json}", '{"a": 1'])
def test_unreadable_blocks_raise(block: str):
    with pytest.raises(ValueError):  # noqa: PT011 - json's own error type is a ValueError
        parse_jsonld_block(block)


def test_missing_title_is_an_error():
    with pytest.raises(JobPostingError, match="no title"):
        jobposting_to_raw(
            {"@type": "JobPosting", "description": "x"},
            source="careers",
            source_key="k",
            page_url=None,
        )


def test_id_falls_back_to_url_then_to_a_stable_hash():
    with_url = jobposting_to_raw(
        {"@type": "JobPosting", "title": "Cook", "url": "/jobs/cook"},
        source="file",
        source_key="k",
        page_url="https://x.example/list",
    )
    assert with_url.external_id == "https://x.example/jobs/cook"

    def hashed(title: str) -> str:
        obj = {"@type": "JobPosting", "title": title, "hiringOrganization": "Bistro"}
        return jobposting_to_raw(obj, source="file", source_key="k", page_url=None).external_id

    assert hashed("Cook") == hashed("Cook")
    assert hashed("Cook") != hashed("Chef")
    assert hashed("Cook") == stable_id("", "Cook", "Bistro")


@pytest.mark.parametrize(
    ("salary", "hint", "text"),
    [
        (
            {"@type": "MonetaryAmount", "currency": "USD", "value": 120000},
            SalaryHint(120000.0, 120000.0, "USD", None),
            None,
        ),
        (
            {"currency": "GBP", "minValue": "30", "maxValue": "35", "unitText": "HOUR"},
            SalaryHint(30.0, 35.0, "GBP", "hour"),
            None,
        ),
        (
            {"currency": "DKK", "value": {"minValue": 80000, "unitText": "MONTH"}},
            SalaryHint(80000.0, None, "DKK", "month"),
            None,
        ),
        (
            {"currency": "EUR", "value": {"value": "50.000 - 60.000", "unitText": "YEAR"}},
            None,
            "50.000 - 60.000 EUR per year",
        ),
        ([{"currency": "CHF", "value": 9000}], SalaryHint(9000.0, 9000.0, "CHF", None), None),
        (85000, SalaryHint(85000.0, 85000.0, None, None), None),
        ("Competitive", None, "Competitive"),
        ({"currency": "EUR"}, None, None),
    ],
)
def test_base_salary_forms(salary: object, hint: SalaryHint | None, text: str | None):
    raw = jobposting_to_raw(
        {"@type": "JobPosting", "title": "T", "baseSalary": salary},
        source="file",
        source_key="k",
        page_url=None,
    )
    assert raw.salary == hint
    assert raw.salary_text == text


def test_locations_from_strings_place_names_and_address_lists():
    raw = jobposting_to_raw(
        {
            "@type": "JobPosting",
            "title": "T",
            "jobLocation": [
                "Singapore",
                {"@type": "Place", "name": "Head office"},
                {"@type": "Place", "address": "12 Harbour Rd, Hong Kong"},
                {
                    "@type": "Place",
                    "address": {"addressLocality": "Singapore", "addressCountry": "Singapore"},
                },
                "Singapore",
            ],
        },
        source="file",
        source_key="k",
        page_url=None,
    )
    assert raw.locations == ["Singapore", "Head office", "12 Harbour Rd, Hong Kong"]


def test_entities_in_titles_and_names_are_decoded():
    raw = jobposting_to_raw(
        {
            "@type": "JobPosting",
            "title": "R&amp;D   Engineer",
            "hiringOrganization": {"name": "Smith &amp; Sons", "sameAs": ["https://smith.example"]},
            "identifier": [{"@type": "PropertyValue", "value": 77}],
        },
        source="file",
        source_key="k",
        page_url=None,
    )
    assert raw.title == "R&D Engineer"
    assert raw.company == "Smith & Sons"
    assert raw.company_url == "https://smith.example"
    assert raw.external_id == "77"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-10-01", datetime(2026, 10, 1, tzinfo=UTC)),
        ("2026-10-01T10:00:00", datetime(2026, 10, 1, 10, tzinfo=UTC)),
        ("2026-10-01T10:00:00-05:00", datetime(2026, 10, 1, 15, tzinfo=UTC)),
        ("2026-10-01T10:00:00+0200", datetime(2026, 10, 1, 8, tzinfo=UTC)),
        ("2026-10-01T10:00:00.123456789Z", datetime(2026, 10, 1, 10, 0, 0, 123456, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
        (20261001, None),
        (None, None),
    ],
)
def test_parse_iso_datetime(value: object, expected: datetime | None):
    assert parse_iso_datetime(value) == expected

"""Manual entry: a URL (with or without JSON-LD) or pasted text."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, SalaryHint, SourceError
from jobpilot.sources.jsonld import stable_id
from jobpilot.sources.manual import (
    ManualConfig,
    ManualSource,
    normalise_text,
    posting_from_text,
    read_text_fields,
)
from tests.sources._pages import (
    HTML,
    collect,
    collect_until_error,
    fetch_context,
    fixture_bytes,
    fixture_text,
    page,
    source_settings,
)
from tests.support.fixture_server import FixtureServer, Reply, fixture_server

KIND = "manual"


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    with fixture_server() as server:
        yield server


@pytest.fixture
async def ctx(tmp_path: Path) -> AsyncIterator[FetchContext]:
    async with fetch_context(source_settings(tmp_path)) as context:
        yield context


def test_registry_knows_the_source():
    assert isinstance(get_source("manual"), ManualSource)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"url": "https://x.example/job", "text": "Cook"},
        {"text": "   \n  "},
        {"url": "ftp://x.example/job"},
    ],
)
def test_exactly_one_of_url_or_text(fields: dict[str, str]):
    with pytest.raises(ValidationError):
        ManualConfig.model_validate(fields)


async def test_url_with_jsonld(site: FixtureServer, ctx: FetchContext):
    site.route("/jobs/pastry-chef", page(KIND, "posting-jsonld.html"))

    [posting] = await collect(
        ManualSource(), ManualConfig(url=f"{site.url}/jobs/pastry-chef#apply"), ctx
    )

    assert posting.source == "manual"
    assert posting.source_key == "127.0.0.1"
    assert posting.external_id == "BH-2026-14"
    assert posting.title == "Pastry Chef"
    assert posting.company == "Bakehouse Collective"
    assert posting.locations == ["Lyon, FR"]
    assert posting.salary == SalaryHint(2400.0, 2900.0, "EUR", "month")
    assert posting.url == f"{site.url}/jobs/pastry-chef"
    assert posting.description_is_html is True


async def test_overrides_win_over_what_the_page_says(site: FixtureServer, ctx: FetchContext):
    site.route("/jobs/pastry-chef", page(KIND, "posting-jsonld.html"))
    config = ManualConfig(
        url=f"{site.url}/jobs/pastry-chef",
        title="Head Pastry Chef",
        company="Bakehouse Collective SARL",
        location="Lyon, France",
    )

    [posting] = await collect(ManualSource(), config, ctx)

    assert (posting.title, posting.company, posting.locations) == (
        "Head Pastry Chef",
        "Bakehouse Collective SARL",
        ["Lyon, France"],
    )


async def test_url_without_jsonld_reads_the_page(site: FixtureServer, ctx: FetchContext):
    body = fixture_bytes(KIND, "posting-plain.html")  # windows-1252, declared in a meta tag
    site.route("/careers/driver", Reply(200, body, content_type="text/html"))
    site.route("/driver", Reply(302, "", headers={"location": "/careers/driver"}))
    url = f"{site.url}/driver"

    [posting] = await collect(ManualSource(), ManualConfig(url=url), ctx)

    assert posting.title == "Bus Driver (Night Routes)"  # og:title
    assert posting.url == f"{site.url}/careers/driver"  # where the redirect led
    assert posting.external_id == stable_id(url)
    assert posting.source_key == "127.0.0.1"
    assert posting.description_is_html is True
    assert posting.description.startswith("<main>")
    assert "Zürich depot" in posting.description
    assert "<li>Category D licence</li>" in posting.description
    for left_out in ("All jobs", "Privacy", "analytics", "Apply</button>"):
        assert left_out not in posting.description
    assert posting.facts == {"site_name": "Greenway Transit"}
    assert posting.company is None


async def test_title_falls_back_to_h1_then_title(site: FixtureServer, ctx: FetchContext):
    site.route(
        "/a",
        Reply(
            200, "<title>Page title</title><body><h1> Welder </h1><p>Steel.</p>", content_type=HTML
        ),
    )
    site.route("/b", Reply(200, "<title>Gardener – Parks</title><p>Hedges.</p>", content_type=HTML))  # noqa: RUF001

    [from_h1] = await collect(ManualSource(), ManualConfig(url=f"{site.url}/a"), ctx)
    [from_title] = await collect(ManualSource(), ManualConfig(url=f"{site.url}/b"), ctx)

    assert from_h1.title == "Welder"
    assert from_title.title == "Gardener – Parks"  # noqa: RUF001
    assert "Hedges." in from_title.description


async def test_page_without_any_title_is_an_error(site: FixtureServer, ctx: FetchContext):
    site.route("/empty", Reply(200, "<html><body></body></html>", content_type=HTML))

    _, error = await collect_until_error(ManualSource(), ManualConfig(url=f"{site.url}/empty"), ctx)

    assert isinstance(error, SourceError)
    assert "no job title" in str(error)


async def test_unreachable_url_is_an_error(site: FixtureServer, ctx: FetchContext):
    site.route("/gone", Reply(410, "", content_type=HTML))

    _, error = await collect_until_error(ManualSource(), ManualConfig(url=f"{site.url}/gone"), ctx)

    assert isinstance(error, SourceError)
    assert "410" in str(error)


async def test_pasted_text(ctx: FetchContext):
    text = fixture_text(KIND, "posting.txt")

    [posting] = await collect(ManualSource(), ManualConfig(text=text), ctx)

    assert posting.source == "manual"
    assert posting.source_key == "text"
    assert posting.title == "Community Nurse"
    assert posting.company == "Riverside Health Trust"
    assert posting.locations == ["Leeds, UK (Hybrid)"]
    assert posting.salary_text == "£32,000 - £38,000 per year"
    assert posting.salary is None
    assert posting.employment_type == "Permanent, full-time"
    assert posting.description_is_html is False
    assert posting.description.startswith("About the role")
    # Lines in the body that look like headers stay in the description.
    assert "Role: you will also mentor" in posting.description
    assert "Company: this line is part of the description" in posting.description
    assert posting.payload["text"] == text


def test_text_id_is_stable_across_whitespace_and_case():
    one = posting_from_text("Welder\nCompany: Forge Ltd\n\nWeld things.")
    two = posting_from_text("  WELDER \r\n company:   Forge Ltd\n\n\n weld   things. ")
    other = posting_from_text("Welder\nCompany: Forge Ltd\n\nWeld other things.")

    assert one.external_id == two.external_id
    assert one.external_id != other.external_id
    assert one.external_id == stable_id(
        normalise_text("Welder\nCompany: Forge Ltd\n\nWeld things.")
    )


def test_text_title_header_and_overrides():
    fields = read_text_fields("Location: Remote\nTitle: Bookkeeper\nPay: $25/hour\n\nNumbers.")
    assert fields.title == "Bookkeeper"
    assert fields.headers == {"location": "Remote", "salary": "$25/hour"}
    assert fields.description == "Numbers."


async def test_text_overrides(ctx: FetchContext):
    config = ManualConfig(text="cook wanted\nsome text", title="Line Cook", location="Porto")

    [posting] = await collect(ManualSource(), config, ctx)

    assert posting.title == "Line Cook"
    assert posting.locations == ["Porto"]


async def test_text_with_only_headers_needs_a_given_title(ctx: FetchContext):
    text = "Company: Acme\nLocation: Paris"
    _, error = await collect_until_error(ManualSource(), ManualConfig(text=text), ctx)
    [posting] = await collect(ManualSource(), ManualConfig(text=text, title="Courier"), ctx)

    assert isinstance(error, SourceError)
    assert "title" in str(error)
    assert (posting.title, posting.company) == ("Courier", "Acme")

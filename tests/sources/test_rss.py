"""RSS 2.0 and Atom job feeds, on a local server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, SourceError
from jobpilot.sources.rss import RssConfig, RssSource, TitleParts, parse_feed_datetime, split_title
from tests.sources._pages import (
    collect,
    collect_until_error,
    fetch_context,
    fixture_bytes,
    fixture_text,
    source_settings,
)
from tests.support.fixture_server import FixtureServer, Reply, Request, fixture_server

KIND = "rss"
RSS = "application/rss+xml"


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    with fixture_server() as server:
        yield server


@pytest.fixture
async def ctx(tmp_path: Path) -> AsyncIterator[FetchContext]:
    async with fetch_context(source_settings(tmp_path)) as context:
        yield context


def _feed(site: FixtureServer, name: str, path: str = "/feed.xml") -> RssConfig:
    site.route(path, Reply(200, fixture_text(KIND, name, base=site.url), content_type=RSS))
    return RssConfig(url=f"{site.url}{path}")


def test_registry_knows_the_source():
    assert isinstance(get_source("rss"), RssSource)


async def test_rss_items_with_job_extensions(site: FixtureServer, ctx: FetchContext):
    config = _feed(site, "jobs-rss.xml")

    postings = await collect(RssSource(), config, ctx)

    assert [p.external_id for p in postings] == [
        "harbour-4411",
        f"{site.url}/jobs/4412",  # no guid: the link identifies the item
        "harbour-4414",
    ]
    lead, support, crane = postings
    assert lead.source == "rss"
    assert lead.source_key == f"127.0.0.1:{site.url.rsplit(':', 1)[1]}/feed.xml"
    assert lead.title == "Warehouse Shift Lead"
    assert lead.url == f"{site.url}/jobs/4411"
    # content:encoded wins over the teaser in description.
    assert lead.description.startswith("<h2>About the role</h2>")
    assert lead.description_is_html is True
    assert lead.company == "Quayside Freight"
    assert lead.locations == ["Rotterdam, Netherlands"]
    assert lead.salary_text == "€3.200 – €3.800 per month"  # noqa: RUF001
    assert lead.salary is None
    assert lead.employment_type == "Full-time"
    assert lead.posted_at == datetime(2026, 10, 6, 12, 30, tzinfo=UTC)
    assert lead.facts == {"categories": "Logistics, Operations", "author": "Harbour Jobs Team"}
    assert lead.payload["company"] == "Quayside Freight"
    assert lead.payload["category"] == ["Logistics", "Operations"]
    assert lead.payload["feed_url"] == config.url

    # Twice-escaped entity in the title; relative link resolved against the feed.
    assert support.title == "Customer Support Agent (Dutch & English)"
    assert support.url == f"{site.url}/jobs/4412"
    assert support.locations == ["Remote - Netherlands"]
    assert support.description_is_html is False
    assert support.facts["author"] == "hr@quayside.example (Quayside HR)"

    # city + country elements; an unreadable date is left out rather than guessed.
    assert crane.locations == ["Antwerp, Belgium"]
    assert crane.posted_at is None

    [error] = ctx.errors
    assert error.where == "harbour-4413"
    assert error.message == "item has no title"
    assert ctx.not_modified is False


async def test_titles_are_split_only_when_the_feed_has_no_company_or_location(
    site: FixtureServer, ctx: FetchContext
):
    config = _feed(site, "titles-rss.xml")

    postings = await collect(RssSource(), config, ctx)

    assert [(p.title, p.company, p.locations) for p in postings] == [
        ("Senior Engineer", "Acme", ["Berlin"]),
        ("Senior Engineer", "Acme", ["Remote"]),
        ("Remote: Bookkeeper", "Ledgerly", []),
        ("Pflegefachkraft (m/w/d)", None, []),
    ]


async def test_feed_with_location_fields_keeps_titles_whole(site: FixtureServer, ctx: FetchContext):
    site.route(
        "/feed.xml",
        Reply(
            200,
            "<rss><channel><item><title>Senior Engineer at Acme (Berlin)</title>"
            "<guid>a</guid></item><item><title>Cook</title><guid>b</guid>"
            "<location>Paris</location></item></channel></rss>",
            content_type=RSS,
        ),
    )

    postings = await collect(RssSource(), RssConfig(url=f"{site.url}/feed.xml"), ctx)

    assert postings[0].title == "Senior Engineer at Acme (Berlin)"
    assert postings[0].company is None


async def test_configured_company_wins(site: FixtureServer, ctx: FetchContext):
    config = _feed(site, "titles-rss.xml")
    config = RssConfig(url=config.url, company="Acme Corporation")

    postings = await collect(RssSource(), config, ctx)

    assert {p.company for p in postings} == {"Acme Corporation"}
    assert postings[0].title == "Senior Engineer"


async def test_atom_entries(site: FixtureServer, ctx: FetchContext):
    config = _feed(site, "jobs-atom.xml", path="/careers.atom")

    postings = await collect(RssSource(), config, ctx)

    assert [p.external_id for p in postings] == [
        "tag:fjordlabs.example,2026:job-81",
        "tag:fjordlabs.example,2026:job-82",
        "tag:fjordlabs.example,2026:job-83",
    ]
    platform, office, designer = postings
    assert platform.title == "Platform Engineer & SRE"
    assert platform.url == f"{site.url}/careers/81"  # the alternate link, not the enclosure
    assert platform.description == "<p>Run our <b>Kubernetes</b> fleet.</p>"
    assert platform.description_is_html is True
    assert platform.posted_at == datetime(2026, 10, 2, 7, tzinfo=UTC)
    assert platform.locations == ["Oslo, Norway"]
    assert platform.facts["author"] == "Fjord Labs Recruiting"
    assert platform.facts["categories"] == "Engineering, infra"
    assert platform.facts["updated"] == "2026-10-08T11:00:00+02:00"

    assert office.url == f"{site.url}/careers/82"
    assert office.description == "Keep the Bergen office running."
    assert office.description_is_html is False
    assert office.posted_at == datetime(2026, 10, 7, 8, tzinfo=UTC)  # updated, no published

    assert designer.description_is_html is True
    assert designer.description == (
        "<div><p>Design for <em>fishers</em> and farmers.</p><ul><li>Figma</li></ul></div>"
    )
    assert ctx.errors == []


async def test_encoding_declared_in_the_xml_prolog_is_honoured(
    site: FixtureServer, ctx: FetchContext
):
    body = fixture_bytes(KIND, "cp1252-rss.xml").replace(b"{{BASE}}", site.url.encode())
    # The header claims UTF-8; the bytes and the prolog say windows-1252.
    site.route("/emplois.xml", Reply(200, body, content_type="text/xml; charset=utf-8"))

    [posting] = await collect(RssSource(), RssConfig(url=f"{site.url}/emplois.xml"), ctx)

    assert posting.title == "Chef de cuisine – Montréal"  # noqa: RUF001
    assert posting.company == "Café Lumière"
    assert posting.locations == ["Montréal, Québec"]
    assert "58\u00a0000\u00a0€" in posting.description
    assert posting.posted_at == datetime(2026, 10, 1, 14, tzinfo=UTC)


async def test_malformed_xml_is_a_source_error(site: FixtureServer, ctx: FetchContext):
    config = _feed(site, "malformed.xml")

    postings, error = await collect_until_error(RssSource(), config, ctx)

    assert postings == []
    assert isinstance(error, SourceError)
    assert "is not well-formed XML" in str(error)
    assert config.url in str(error)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html><body>Jobs</body></html>", "not an RSS or Atom feed (root element <html>)"),
        ("   ", "empty document"),
        ('<!DOCTYPE rss [<!ENTITY big "x">]><rss>&big;</rss>', "forbidden XML features"),
    ],
)
async def test_documents_that_are_not_feeds(
    site: FixtureServer, ctx: FetchContext, body: str, message: str
):
    site.route("/feed.xml", Reply(200, body, content_type="text/html"))

    _, error = await collect_until_error(RssSource(), RssConfig(url=f"{site.url}/feed.xml"), ctx)

    assert isinstance(error, SourceError)
    assert message in str(error)


async def test_unchanged_feed_answers_304(site: FixtureServer, ctx: FetchContext):
    body = fixture_text(KIND, "jobs-atom.xml", base=site.url)

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"atom-v1"':
            return Reply(304, b"", headers={"etag": '"atom-v1"'})
        return Reply(200, body, headers={"etag": '"atom-v1"'}, content_type=RSS)

    site.route("/careers.atom", conditional)
    config = RssConfig(url=f"{site.url}/careers.atom")

    first = await collect(RssSource(), config, ctx)
    second_ctx = FetchContext(http=ctx.http, settings=ctx.settings)
    second = await collect(RssSource(), config, second_ctx)

    assert len(first) == 3
    assert ctx.not_modified is False
    assert second == []
    assert second_ctx.not_modified is True
    assert site.requests[-1].headers.get("if-none-match") == '"atom-v1"'


async def test_feed_recovers_from_server_errors_and_redirects(
    site: FixtureServer, ctx: FetchContext
):
    body = fixture_text(KIND, "jobs-atom.xml", base=site.url)
    site.route("/old-feed", Reply(308, "", headers={"location": "/careers.atom"}))
    site.route("/careers.atom", Reply(500, "oops"), Reply(200, body, content_type=RSS))

    postings = await collect(RssSource(), RssConfig(url=f"{site.url}/old-feed"), ctx)

    assert len(postings) == 3
    assert site.hits("/careers.atom") == 2


async def test_missing_feed_is_a_source_error(site: FixtureServer, ctx: FetchContext):
    _, error = await collect_until_error(RssSource(), RssConfig(url=f"{site.url}/nope.xml"), ctx)

    assert isinstance(error, SourceError)
    assert "404" in str(error)


@pytest.mark.parametrize(
    ("title", "parts"),
    [
        ("Senior Engineer at Acme (Berlin)", TitleParts("Senior Engineer", "Acme", "Berlin")),
        ("Senior Engineer at Acme", TitleParts("Senior Engineer", "Acme")),
        (
            "Data Scientist @ Globex (Remote, EU)",
            TitleParts("Data Scientist", "Globex", "Remote, EU"),
        ),
        ("Acme: Senior Engineer - Remote", TitleParts("Senior Engineer", "Acme", "Remote")),
        ("Acme: Senior Engineer | London, UK", TitleParts("Senior Engineer", "Acme", "London, UK")),
        ("Acme: Senior Engineer (Berlin)", TitleParts("Senior Engineer", "Acme", "Berlin")),
        ("Acme: Senior Engineer", TitleParts("Senior Engineer", "Acme")),
        ("Head of Sales at Scale at Initech", TitleParts("Head of Sales at Scale", "Initech")),
        ("Koch (m/w/d) at Gasthaus Krone", TitleParts("Koch (m/w/d)", "Gasthaus Krone")),
        ("Acme: Koch (m/w/d)", TitleParts("Koch (m/w/d)", "Acme")),
        ("Urgent: Night Porter", TitleParts("Urgent: Night Porter")),
        ("Staff Nurse (all genders)", TitleParts("Staff Nurse (all genders)")),
        ("Plain title", TitleParts("Plain title")),
    ],
)
def test_split_title(title: str, parts: TitleParts):
    assert split_title(title) == parts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Tue, 06 Oct 2026 14:30:00 +0200", datetime(2026, 10, 6, 12, 30, tzinfo=UTC)),
        ("06 Oct 2026 14:30:00 GMT", datetime(2026, 10, 6, 14, 30, tzinfo=UTC)),
        ("2026-10-06T14:30:00Z", datetime(2026, 10, 6, 14, 30, tzinfo=UTC)),
        ("2026-10-06", datetime(2026, 10, 6, tzinfo=UTC)),
        ("soon", None),
        (None, None),
    ],
)
def test_parse_feed_datetime(value: str | None, expected: datetime | None):
    assert parse_feed_datetime(value) == expected

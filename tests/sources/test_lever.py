from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.base import (
    FetchContext,
    RawPosting,
    SalaryHint,
    Source,
    SourceBlocked,
    SourceError,
)
from jobpilot.sources.lever import LeverConfig, LeverSource, postings_url
from tests.support.fixture_server import FixtureServer, Reply, Request

if TYPE_CHECKING:
    from tests.sources.conftest import FetchContextFactory

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources" / "lever"
LISTING = "/v0/postings/fjordline"
PAGE_1 = f"{LISTING}?mode=json&skip=0&limit=3"
PAGE_2 = f"{LISTING}?mode=json&skip=3&limit=3"
ALL_IDS = [f"5f0d8c3e-2b7a-4c1d-9e55-0a1b2c3d4e0{n}" for n in range(1, 5)]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def page_json(number: int) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(fixture_bytes(f"postings-page-{number}.json"))
    return data


def config_for(server: FixtureServer, **options: Any) -> LeverConfig:
    return LeverConfig(site="fjordline", base_url=server.url, page_size=3, **options)


def serve_both_pages(server: FixtureServer) -> None:
    server.route(PAGE_1, Reply(body=fixture_bytes("postings-page-1.json")))
    server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))


async def collect(config: LeverConfig, ctx: FetchContext) -> list[RawPosting]:
    return [posting async for posting in LeverSource().fetch(config, ctx)]


async def collect_into(postings: list[RawPosting], config: LeverConfig, ctx: FetchContext) -> None:
    """Like :func:`collect`, keeping what was yielded when the source raises."""
    async for posting in LeverSource().fetch(config, ctx):
        postings.append(posting)


def test_is_registered_as_a_source() -> None:
    # Typed as the protocol so that mypy checks the class against it.
    implementation: Source = LeverSource()
    source = get_source("lever")
    assert source.kind == implementation.kind == "lever"
    assert isinstance(source, LeverSource)
    assert source.config_model is LeverConfig


def test_eu_sites_use_the_eu_host() -> None:
    assert postings_url(LeverConfig(site="acme")) == "https://api.lever.co/v0/postings/acme"
    assert (
        postings_url(LeverConfig(site="acme", region="eu"))
        == "https://api.eu.lever.co/v0/postings/acme"
    )
    assert (
        postings_url(LeverConfig(site="acme", region="eu", base_url="http://proxy.test/lever/"))
        == "http://proxy.test/lever/v0/postings/acme"
    )


def test_site_name_cannot_leave_the_postings_path() -> None:
    with pytest.raises(ValidationError):
        LeverConfig(site="acme/../../v1")


async def test_maps_postings_across_pages(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_both_pages(local_http_server)
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == ALL_IDS
    assert local_http_server.hits(PAGE_1) == 1
    assert local_http_server.hits(PAGE_2) == 1
    assert ctx.errors == []
    platform = postings[0]
    assert platform.source == "lever"
    assert platform.source_key == "fjordline"
    assert platform.title == "Senior Platform Engineer"
    assert platform.company == "fjordline"
    assert platform.url == f"https://jobs.lever.co/fjordline/{ALL_IDS[0]}"
    assert platform.apply_url == f"https://jobs.lever.co/fjordline/{ALL_IDS[0]}/apply"
    assert platform.locations == ["Oslo", "Bergen", "Remote - Norway"]
    assert platform.workplace == "hybrid"
    assert platform.employment_type == "Full-time"
    assert platform.department == "Technology"
    assert platform.facts == {"team": "Platform", "country": "NO"}
    assert platform.posted_at == datetime(2024, 4, 29, 10, 0, tzinfo=UTC)
    assert platform.salary == SalaryHint(
        minimum=850000.0, maximum=1050000.0, currency="NOK", interval="year"
    )
    assert platform.salary_text == "Base salary NOK 850 000 \u2013 1 050 000, plus pension 7%."
    assert platform.description_is_html
    description = platform.description
    assert description.startswith("<div>Fjordline moves freight")
    assert "<h3>What you&#x27;ll do</h3>\n<ul><li>Run and evolve" in description
    assert "<h3>What we look for</h3>" in description
    assert description.endswith("a learning budget of NOK 15 000 a year and a train pass.</div>")
    assert platform.payload == page_json(1)[0]

    terminal, sales, intern = postings[1:]
    assert terminal.locations == ["Tromsø"]
    assert terminal.employment_type == "Part-time"
    assert terminal.salary == SalaryHint(
        minimum=245.0, maximum=290.0, currency="NOK", interval="hour"
    )
    assert sales.locations == ["Remote - Europe"]
    assert sales.workplace == "remote"
    assert sales.salary is None
    assert sales.salary_text == "€70k\u2013€85k base + uncapped commission (OTE €140k)"
    assert intern.salary == SalaryHint(
        minimum=38000.0, maximum=38000.0, currency="NOK", interval="month"
    )
    assert not intern.description_is_html
    assert intern.description == (
        "Spend the summer building route-optimisation models with our data team."
    )


async def test_stops_when_the_server_repeats_a_page(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    # A server that ignores skip answers every page with the first one.
    local_http_server.route(LISTING, Reply(body=fixture_bytes("postings-page-1.json")))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == ALL_IDS[:3]
    assert local_http_server.hits(LISTING) == 2
    assert len(ctx.errors) == 1
    assert "repeated" in ctx.errors[0].message
    assert ctx.incomplete


async def test_stops_at_the_page_budget(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_both_pages(local_http_server)
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server, max_pages=1), ctx)

    assert [p.external_id for p in postings] == ALL_IDS[:3]
    assert local_http_server.hits(PAGE_2) == 0
    assert "max_pages" in ctx.errors[0].message
    assert ctx.incomplete


async def test_a_posting_listed_twice_is_yielded_once(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    second = [page_json(1)[2], *page_json(2)]
    local_http_server.route(PAGE_1, Reply(body=fixture_bytes("postings-page-1.json")))
    local_http_server.route(PAGE_2, Reply(body=json.dumps(second)))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert [p.external_id for p in postings] == ALL_IDS


async def test_waits_out_429_with_retry_after(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        PAGE_1,
        Reply(429, b"{}", headers={"Retry-After": "1"}),
        Reply(body=fixture_bytes("postings-page-1.json")),
    )
    local_http_server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(PAGE_1) == 2


async def test_recovers_from_server_errors(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(body=fixture_bytes("postings-page-1.json")))
    local_http_server.route(
        PAGE_2, Reply(500, b"oops"), Reply(body=fixture_bytes("postings-page-2.json"))
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(PAGE_2) == 2


async def test_retries_after_a_timeout(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        PAGE_1,
        Reply(body=fixture_bytes("postings-page-1.json"), delay=1.0),
        Reply(body=fixture_bytes("postings-page-1.json")),
    )
    local_http_server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))

    postings = await collect(
        config_for(local_http_server), make_fetch_context(read_timeout_seconds=0.2)
    )

    assert len(postings) == 4
    assert local_http_server.hits(PAGE_1) == 2


async def test_follows_a_redirect(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(302, headers={"Location": "/mirror/page-1.json"}))
    local_http_server.route(
        "/mirror/page-1.json", Reply(body=fixture_bytes("postings-page-1.json"))
    )
    local_http_server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits("/mirror/page-1.json") == 1


async def test_invalid_json_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(body=b'[{"id": "x", "text": "Chef"},'))

    with pytest.raises(SourceError, match="valid JSON"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_unexpected_shape_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(body=b'{"ok": false, "error": "Document not found"}'))

    with pytest.raises(SourceError, match="JSON array"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_skips_malformed_postings_and_keeps_the_rest(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    first = page_json(1)
    first[0]["text"] = "   "
    first[1]["id"] = None
    local_http_server.route(PAGE_1, Reply(body=json.dumps(first)))
    local_http_server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == [ALL_IDS[2], ALL_IDS[3]]
    assert [e.message for e in ctx.errors] == [
        "missing or invalid 'text' (string)",
        "missing or invalid 'id' (null)",
    ]
    assert f"(id {ALL_IDS[0]})" in ctx.errors[0].where


async def test_decodes_a_latin1_body(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    posting = {
        "id": "c0ffee00-0000-4000-8000-000000000001",
        "text": "Développeur·se backend",
        "categories": {"location": "Zürich", "commitment": "Vollzeit"},
        "descriptionPlain": "Wir suchen eine Persönlichkeit für unser Team in Zürich.",
        "createdAt": 1714384800000,
    }
    body = json.dumps([posting], ensure_ascii=False).encode("iso-8859-1")
    local_http_server.route(
        PAGE_1, Reply(body=body, content_type="application/json; charset=iso-8859-1")
    )

    [result] = await collect(config_for(local_http_server), make_fetch_context())

    assert result.title == "Développeur·se backend"
    assert result.locations == ["Zürich"]
    assert result.description == "Wir suchen eine Persönlichkeit für unser Team in Zürich."


async def test_oversized_response_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_both_pages(local_http_server)

    with pytest.raises(SourceError, match="max_response_bytes"):
        await collect(config_for(local_http_server), make_fetch_context(max_response_bytes=1024))


async def test_unchanged_first_page_is_not_modified(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == 'W/"p1"':
            return Reply(304, b"")
        return Reply(body=fixture_bytes("postings-page-1.json"), headers={"ETag": 'W/"p1"'})

    local_http_server.route(PAGE_1, conditional)
    local_http_server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))
    first = make_fetch_context()
    second = FetchContext(http=first.http, settings=first.settings)

    assert len(await collect(config_for(local_http_server), first)) == 4
    assert await collect(config_for(local_http_server), second) == []
    assert second.not_modified
    assert local_http_server.hits(PAGE_2) == 1


async def test_blocked_mid_pagination_keeps_the_first_page(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(body=fixture_bytes("postings-page-1.json")))
    local_http_server.route(PAGE_2, Reply(429, b"{}", headers={"Retry-After": "3600"}))
    postings: list[RawPosting] = []

    with pytest.raises(SourceBlocked) as blocked:
        await collect_into(postings, config_for(local_http_server), make_fetch_context())

    assert [p.external_id for p in postings] == ALL_IDS[:3]
    assert "429" in blocked.value.reason

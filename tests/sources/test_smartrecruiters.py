from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, RawPosting, Source, SourceBlocked, SourceError
from jobpilot.sources.smartrecruiters import SmartRecruitersConfig, SmartRecruitersSource
from tests.support.fixture_server import FixtureServer, Reply, Request

if TYPE_CHECKING:
    from tests.sources.conftest import FetchContextFactory

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources" / "smartrecruiters"
LISTING = "/v1/companies/HarborFoods/postings"
PAGE_1 = f"{LISTING}?offset=0&limit=3"
PAGE_2 = f"{LISTING}?offset=3&limit=3"
ALL_IDS = [f"74400001234567{n}" for n in range(1, 5)]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_bytes(name))
    return data


def config_for(server: FixtureServer, **options: Any) -> SmartRecruitersConfig:
    return SmartRecruitersConfig(company="HarborFoods", base_url=server.url, page_size=3, **options)


def serve_company(server: FixtureServer, *, details: bool = True) -> None:
    server.route(PAGE_1, Reply(body=fixture_bytes("postings-page-1.json")))
    server.route(PAGE_2, Reply(body=fixture_bytes("postings-page-2.json")))
    if details:
        for posting_id in ALL_IDS:
            server.route(
                f"{LISTING}/{posting_id}", Reply(body=fixture_bytes(f"posting-{posting_id}.json"))
            )


async def collect(config: SmartRecruitersConfig, ctx: FetchContext) -> list[RawPosting]:
    return [posting async for posting in SmartRecruitersSource().fetch(config, ctx)]


async def collect_into(
    postings: list[RawPosting], config: SmartRecruitersConfig, ctx: FetchContext
) -> None:
    """Like :func:`collect`, keeping what was yielded when the source raises."""
    async for posting in SmartRecruitersSource().fetch(config, ctx):
        postings.append(posting)


def test_is_registered_as_a_source() -> None:
    # Typed as the protocol so that mypy checks the class against it.
    implementation: Source = SmartRecruitersSource()
    source = get_source("smartrecruiters")
    assert source.kind == implementation.kind == "smartrecruiters"
    assert isinstance(source, SmartRecruitersSource)
    assert source.config_model is SmartRecruitersConfig


def test_page_size_is_capped_at_the_api_maximum() -> None:
    with pytest.raises(ValidationError):
        SmartRecruitersConfig(company="HarborFoods", page_size=500)


async def test_maps_postings_across_pages_with_their_job_ads(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == ALL_IDS
    assert ctx.errors == []
    assert local_http_server.hits(PAGE_1) == 1
    assert local_http_server.hits(PAGE_2) == 1
    quality = postings[0]
    assert quality.source == "smartrecruiters"
    assert quality.source_key == "HarborFoods"
    assert quality.title == "Food Safety & Quality Lead"
    assert quality.company == "Harbor Foods GmbH"
    assert quality.url == (
        "https://jobs.smartrecruiters.com/HarborFoods/744000012345671-food-safety-quality-lead"
    )
    assert quality.apply_url == f"{quality.url}?oga=true"
    assert quality.locations == ["Hamburg, HH, Germany"]
    assert quality.workplace == "onsite"
    assert quality.employment_type == "Full-time"
    assert quality.department == "Quality Assurance"
    assert quality.posted_at == datetime(2024, 4, 30, 9, 12, 45, 123000, tzinfo=UTC)
    assert quality.facts == {
        "Brand": "Harbor Kitchen",
        "seniority": "Mid-Senior Level",
        "industry": "Food Production",
        "function": "Quality Assurance",
        "ref_number": "REF2291K",
        "language": "de",
    }
    assert quality.salary is None
    assert quality.description_is_html
    assert quality.description.startswith(
        "<h2>Company Description</h2>\n<p>Harbor Foods makes ready meals"
    )
    assert "<h2>Qualifications</h2>\n<ul><li>Degree in food science" in quality.description
    assert quality.description.endswith("<p>Gehalt: 58.000 € \u2013 68.000 € brutto jährlich</p>")
    assert quality.payload == fixture_json("posting-744000012345671.json")

    developer, service, technician = postings[1:]
    assert developer.workplace == "hybrid"
    assert developer.facts["seniority"] == "Associate"
    assert "<h2>Additional Information</h2>" not in developer.description
    assert service.workplace == "remote"
    assert service.locations == ["Lisbon, Portugal"]
    assert service.description.startswith("<h2>Descrição da Função</h2>")
    # No fullLocation: the parts as given; no remote flag: workplace unknown.
    assert technician.locations == ["Bremen, HB, de"]
    assert technician.workplace is None


async def test_listing_only_when_details_are_off(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server, details=False)

    postings = await collect(
        config_for(local_http_server, fetch_details=False), make_fetch_context()
    )

    assert [p.external_id for p in postings] == ALL_IDS
    assert all(p.description == "" and p.url is None for p in postings)
    assert postings[0].payload == fixture_json("postings-page-1.json")["content"][0]
    assert all("/postings/7" not in r.path for r in local_http_server.requests)


async def test_a_posting_whose_details_are_gone_is_skipped(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    local_http_server.route(f"{LISTING}/{ALL_IDS[1]}", Reply(404, b'{"message": "not found"}'))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == [ALL_IDS[0], ALL_IDS[2], ALL_IDS[3]]
    assert len(ctx.errors) == 1
    assert ctx.errors[0].where.endswith(f"{LISTING}/{ALL_IDS[1]}")
    assert "404" in ctx.errors[0].message


async def test_stops_when_an_inflated_total_meets_an_empty_page(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    first = fixture_json("postings-page-1.json")
    first["totalFound"] = 40
    local_http_server.route(PAGE_1, Reply(body=json.dumps(first)))
    local_http_server.route(
        PAGE_2, Reply(body=b'{"offset": 3, "limit": 3, "totalFound": 40, "content": []}')
    )
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server, fetch_details=False), ctx)

    assert len(postings) == 3
    assert local_http_server.hits(LISTING) == 2
    assert ctx.errors == []


async def test_stops_when_the_server_ignores_the_offset(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    first = fixture_json("postings-page-1.json")
    first["totalFound"] = 400
    local_http_server.route(LISTING, Reply(body=json.dumps(first)))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server, fetch_details=False), ctx)

    assert len(postings) == 3
    assert local_http_server.hits(LISTING) == 2
    assert "repeated" in ctx.errors[0].message


async def test_waits_out_429_with_retry_after(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    local_http_server.route(
        PAGE_2,
        Reply(429, b"{}", headers={"Retry-After": "1"}),
        Reply(body=fixture_bytes("postings-page-2.json")),
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(PAGE_2) == 2


async def test_recovers_from_server_errors(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    local_http_server.route(
        f"{LISTING}/{ALL_IDS[0]}",
        Reply(500, b"{}"),
        Reply(503, b"{}"),
        Reply(body=fixture_bytes(f"posting-{ALL_IDS[0]}.json")),
    )
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert len(postings) == 4
    assert postings[0].url is not None
    assert ctx.errors == []


async def test_retries_after_a_timeout(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    local_http_server.route(
        PAGE_1,
        Reply(body=fixture_bytes("postings-page-1.json"), delay=1.0),
        Reply(body=fixture_bytes("postings-page-1.json")),
    )

    postings = await collect(
        config_for(local_http_server), make_fetch_context(read_timeout_seconds=0.2)
    )

    assert len(postings) == 4
    assert local_http_server.hits(PAGE_1) == 2


async def test_follows_a_redirect(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    moved = f"/v1/companies/HarborFoods1/postings/{ALL_IDS[2]}"
    local_http_server.route(f"{LISTING}/{ALL_IDS[2]}", Reply(301, headers={"Location": moved}))
    local_http_server.route(moved, Reply(body=fixture_bytes(f"posting-{ALL_IDS[2]}.json")))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert postings[2].url is not None
    assert local_http_server.hits(moved) == 1


async def test_invalid_json_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(body=b'{"offset": 0, "content": [}'))

    with pytest.raises(SourceError, match="valid JSON"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_unexpected_shape_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(PAGE_1, Reply(body=b'{"offset": 0, "totalFound": 2}'))

    with pytest.raises(SourceError, match="'content' array"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_skips_malformed_postings_and_keeps_the_rest(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    first = fixture_json("postings-page-1.json")
    first["content"][0]["name"] = ["Food Safety Lead"]
    first["content"][2] = None
    local_http_server.route(PAGE_1, Reply(body=json.dumps(first)))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == [ALL_IDS[1], ALL_IDS[3]]
    assert [e.message for e in ctx.errors] == [
        "missing or invalid 'name' (array)",
        "expected a JSON object, got null",
    ]
    # Malformed postings cost no detail request.
    assert local_http_server.hits(f"{LISTING}/{ALL_IDS[0]}") == 0


async def test_decodes_a_latin1_body(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    page = {
        "offset": 0,
        "limit": 3,
        "totalFound": 1,
        "content": [
            {
                "id": "744000099999991",
                "name": "Técnico de manutenção",
                "company": {"identifier": "HarborFoods", "name": "Harbor Foods Ibérica"},
                "location": {"city": "São Paulo", "country": "br", "remote": False},
            }
        ],
    }
    body = json.dumps(page, ensure_ascii=False).encode("iso-8859-1")
    local_http_server.route(
        PAGE_1, Reply(body=body, content_type="application/json;charset=iso-8859-1")
    )

    [posting] = await collect(
        config_for(local_http_server, fetch_details=False), make_fetch_context()
    )

    assert posting.title == "Técnico de manutenção"
    assert posting.company == "Harbor Foods Ibérica"
    assert posting.locations == ["São Paulo, br"]


async def test_oversized_detail_skips_that_posting(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    big = fixture_json(f"posting-{ALL_IDS[0]}.json")
    big["jobAd"]["sections"]["jobDescription"]["text"] = "<p>" + "Lorem ipsum. " * 400 + "</p>"
    local_http_server.route(f"{LISTING}/{ALL_IDS[0]}", Reply(body=json.dumps(big)))
    ctx = make_fetch_context(max_response_bytes=4096)

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == ALL_IDS[1:]
    assert "max_response_bytes" in ctx.errors[0].message


async def test_oversized_listing_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)

    with pytest.raises(SourceError, match="max_response_bytes"):
        await collect(config_for(local_http_server), make_fetch_context(max_response_bytes=1024))


async def test_unchanged_first_page_is_not_modified(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"sr-1"':
            return Reply(304, b"")
        return Reply(body=fixture_bytes("postings-page-1.json"), headers={"ETag": '"sr-1"'})

    local_http_server.route(PAGE_1, conditional)
    first = make_fetch_context()
    second = FetchContext(http=first.http, settings=first.settings)

    assert len(await collect(config_for(local_http_server), first)) == 4
    assert await collect(config_for(local_http_server), second) == []
    assert second.not_modified
    assert local_http_server.hits(f"{LISTING}/{ALL_IDS[0]}") == 1


async def test_blocked_mid_pagination_keeps_the_first_page(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    local_http_server.route(PAGE_2, Reply(429, b"{}", headers={"Retry-After": "3600"}))
    postings: list[RawPosting] = []

    with pytest.raises(SourceBlocked):
        await collect_into(postings, config_for(local_http_server), make_fetch_context())

    assert [p.external_id for p in postings] == ALL_IDS[:3]
    assert all(p.description for p in postings)


async def test_blocked_detail_stops_the_run(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    serve_company(local_http_server)
    local_http_server.route(f"{LISTING}/{ALL_IDS[1]}", Reply(999, b"denied"))
    postings: list[RawPosting] = []

    with pytest.raises(SourceBlocked, match="999"):
        await collect_into(postings, config_for(local_http_server), make_fetch_context())

    assert [p.external_id for p in postings] == ALL_IDS[:1]
    assert local_http_server.hits(f"{LISTING}/{ALL_IDS[2]}") == 0

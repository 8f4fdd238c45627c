from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, RawPosting, Source, SourceBlocked, SourceError
from jobpilot.sources.workable import WorkableConfig, WorkableSource
from tests.support.fixture_server import FixtureServer, Reply, Request

if TYPE_CHECKING:
    from tests.sources.conftest import FetchContextFactory

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources" / "workable"
ACCOUNT = "/api/v1/widget/accounts/tidewater-studio"
SHORTCODES = ["A1B2C3D4E5", "F6G7H8I9J0", "K1L2M3N4O5", "P6Q7R8S9T0"]


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def account_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_bytes("account.json"))
    return data


def config_for(server: FixtureServer, **options: Any) -> WorkableConfig:
    return WorkableConfig(account="tidewater-studio", base_url=server.url, **options)


async def collect(config: WorkableConfig, ctx: FetchContext) -> list[RawPosting]:
    return [posting async for posting in WorkableSource().fetch(config, ctx)]


def test_is_registered_as_a_source() -> None:
    # Typed as the protocol so that mypy checks the class against it.
    implementation: Source = WorkableSource()
    source = get_source("workable")
    assert source.kind == implementation.kind == "workable"
    assert isinstance(source, WorkableSource)
    assert source.config_model is WorkableConfig


def test_account_name_cannot_leave_the_account_path() -> None:
    with pytest.raises(ValidationError):
        WorkableConfig(account="tidewater?details=false#")


async def test_maps_an_account(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=fixture_bytes("account.json")))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == SHORTCODES
    assert ctx.errors == []
    assert local_http_server.requests[0].path == f"{ACCOUNT}?details=true"
    gameplay = postings[0]
    assert gameplay.source == "workable"
    assert gameplay.source_key == "tidewater-studio"
    assert gameplay.title == "Senior Gameplay Programmer (Unreal)"
    assert gameplay.company == "Tidewater Studio"
    assert gameplay.url == "https://apply.workable.com/j/A1B2C3D4E5"
    assert gameplay.apply_url == "https://apply.workable.com/j/A1B2C3D4E5/apply"
    # The hidden Madrid location is not shown on the careers page, so it is not imported.
    assert gameplay.locations == ["Lisbon, Lisbon, Portugal", "Montréal, Quebec, Canada"]
    assert gameplay.workplace is None
    assert gameplay.employment_type == "Full-time"
    assert gameplay.department == "Engineering"
    assert gameplay.posted_at == datetime(2024, 4, 29, tzinfo=UTC)
    assert gameplay.salary is None
    assert gameplay.facts == {
        "education": "Bachelor's Degree",
        "experience": "Mid-Senior level",
        "function": "Engineering",
        "industry": "Computer Games",
        "code": "GP-24-03",
    }
    assert gameplay.description_is_html
    assert gameplay.description.startswith("<p>Join the team shipping <strong>Saltmarsh")
    assert gameplay.payload == account_json()["jobs"][0]

    community, artist, tester = postings[1:]
    assert community.workplace == "remote"
    assert community.locations == ["Portugal"]
    assert community.employment_type == "Part-time"
    assert "code" not in community.facts
    # No locations listed: the job's own city, state and country.
    assert artist.locations == ["Montréal, Quebec, Canada"]
    assert tester.locations == ["Porto, Porto, Portugal"]
    assert tester.facts["experience"] == "Entry level"


async def test_company_option_overrides_the_account_name(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    account = account_json()
    del account["name"]
    local_http_server.route(ACCOUNT, Reply(body=json.dumps(account)))
    ctx = make_fetch_context()

    unnamed = await collect(config_for(local_http_server), ctx)
    named = await collect(config_for(local_http_server, company="Tidewater Games Lda"), ctx)

    assert {p.company for p in unnamed} == {"tidewater-studio"}
    assert {p.company for p in named} == {"Tidewater Games Lda"}


async def test_waits_out_429_with_retry_after(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        ACCOUNT,
        Reply(429, b"", headers={"Retry-After": "1"}),
        Reply(body=fixture_bytes("account.json")),
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(ACCOUNT) == 2


async def test_recovers_from_server_errors(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        ACCOUNT,
        Reply(500, b"{}"),
        Reply(500, b"{}"),
        Reply(503, b"{}"),
        Reply(body=fixture_bytes("account.json")),
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(ACCOUNT) == 4


async def test_retries_after_a_timeout(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        ACCOUNT,
        Reply(body=fixture_bytes("account.json"), delay=1.0),
        Reply(body=fixture_bytes("account.json")),
    )

    postings = await collect(
        config_for(local_http_server), make_fetch_context(read_timeout_seconds=0.2)
    )

    assert len(postings) == 4
    assert local_http_server.hits(ACCOUNT) == 2


async def test_follows_a_redirect(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    moved = "/api/v1/widget/accounts/tidewater"
    local_http_server.route(ACCOUNT, Reply(301, headers={"Location": f"{moved}?details=true"}))
    local_http_server.route(moved, Reply(body=fixture_bytes("account.json")))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(moved) == 1


async def test_too_many_redirects_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(302, headers={"Location": f"{ACCOUNT}?details=true"}))

    with pytest.raises(SourceError, match="tidewater-studio"):
        await collect(config_for(local_http_server), make_fetch_context(max_redirects=2))


async def test_invalid_json_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=b'{"name": "Tidewater", "jobs": [{"title": }]}'))

    with pytest.raises(SourceError, match="valid JSON"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_unexpected_shape_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=b'{"name": "Tidewater Studio", "jobs": null}'))

    with pytest.raises(SourceError, match="'jobs' array"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_skips_malformed_jobs_and_keeps_the_rest(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    account = account_json()
    account["jobs"][0]["shortcode"] = ""
    account["jobs"][3]["title"] = None
    local_http_server.route(ACCOUNT, Reply(body=json.dumps(account)))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == SHORTCODES[1:3]
    assert [e.message for e in ctx.errors] == [
        "empty 'shortcode'",
        "missing or invalid 'title' (null)",
    ]
    assert ctx.errors[1].where.endswith(f"item 3 (id {SHORTCODES[3]})")


async def test_decodes_a_latin1_body(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    account = {
        "name": "Société Générale de Jeux",
        "jobs": [
            {
                "title": "Directeur·rice artistique",
                "shortcode": "Z9Y8X7W6V5",
                "city": "Montréal",
                "state": "Québec",
                "country": "Canada",
                "description": "<p>Rôle basé à Montréal, télétravail partiel.</p>",
                "published_on": "2024-05-03",
            }
        ],
    }
    body = json.dumps(account, ensure_ascii=False).encode("iso-8859-1")
    local_http_server.route(
        ACCOUNT, Reply(body=body, content_type="application/json; charset=iso-8859-1")
    )

    [posting] = await collect(config_for(local_http_server), make_fetch_context())

    assert posting.company == "Société Générale de Jeux"
    assert posting.title == "Directeur·rice artistique"
    assert posting.locations == ["Montréal, Québec, Canada"]
    assert posting.description == "<p>Rôle basé à Montréal, télétravail partiel.</p>"


async def test_oversized_response_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=fixture_bytes("account.json")))

    with pytest.raises(SourceError, match="max_response_bytes"):
        await collect(config_for(local_http_server), make_fetch_context(max_response_bytes=1024))


async def test_unchanged_account_is_not_modified(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"wk-42"':
            return Reply(304, b"")
        return Reply(body=fixture_bytes("account.json"), headers={"ETag": '"wk-42"'})

    local_http_server.route(ACCOUNT, conditional)
    first = make_fetch_context()
    second = FetchContext(http=first.http, settings=first.settings)

    assert len(await collect(config_for(local_http_server), first)) == 4
    assert await collect(config_for(local_http_server), second) == []
    assert second.not_modified


async def test_blocked_account_raises_source_blocked(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(429, b"{}"))

    with pytest.raises(SourceBlocked, match="429"):
        await collect(config_for(local_http_server), make_fetch_context())

    assert local_http_server.hits(ACCOUNT) == 4

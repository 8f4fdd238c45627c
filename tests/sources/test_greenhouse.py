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
from jobpilot.sources.greenhouse import GreenhouseConfig, GreenhouseSource
from tests.support.fixture_server import FixtureServer, Reply, Request

if TYPE_CHECKING:
    from tests.sources.conftest import FetchContextFactory

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources" / "greenhouse"
LISTING = "/v1/boards/northwind/jobs"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def listing_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_bytes("jobs.json"))
    return data


def config_for(server: FixtureServer, **options: Any) -> GreenhouseConfig:
    return GreenhouseConfig(board="northwind", base_url=server.url, **options)


async def collect(config: GreenhouseConfig, ctx: FetchContext) -> list[RawPosting]:
    return [posting async for posting in GreenhouseSource().fetch(config, ctx)]


async def collect_into(
    postings: list[RawPosting], config: GreenhouseConfig, ctx: FetchContext
) -> None:
    """Like :func:`collect`, keeping what was yielded when the source raises."""
    async for posting in GreenhouseSource().fetch(config, ctx):
        postings.append(posting)


def test_is_registered_as_a_source() -> None:
    # Typed as the protocol so that mypy checks the class against it.
    implementation: Source = GreenhouseSource()
    source = get_source("greenhouse")
    assert source.kind == implementation.kind == "greenhouse"
    assert isinstance(source, GreenhouseSource)
    assert source.config_model is GreenhouseConfig


def test_board_token_cannot_leave_the_board_path() -> None:
    with pytest.raises(ValidationError):
        GreenhouseConfig(board="../../admin")


async def test_maps_a_board_listing(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(body=fixture_bytes("jobs.json")))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == [
        "4012345006",
        "4012345007",
        "4012345009",
        "4012345011",
    ]
    assert ctx.errors == []
    assert not ctx.not_modified
    backend = postings[0]
    assert backend.source == "greenhouse"
    assert backend.source_key == "northwind"
    assert backend.title == "Senior Backend Engineer (Python)"
    assert backend.company == "Northwind Robotics"
    assert backend.url == (
        "https://careers.northwind-robotics.example/jobs/4012345006?gh_jid=4012345006"
    )
    assert backend.apply_url == backend.url
    assert backend.description_is_html
    assert backend.description.startswith("<h3>About the role</h3>\n<p>Our fleet software")
    assert "routes &amp; talk" in backend.description
    assert "<li>6+ years building backend services in Python</li>" in backend.description
    assert backend.locations == ["Berlin, Germany or Remote (EU)"]
    assert backend.workplace == "Hybrid"
    assert backend.employment_type == "Full-time"
    assert backend.department == "Engineering"
    assert backend.posted_at == datetime(2024, 4, 18, 13, 0, tzinfo=UTC)
    assert backend.salary is None
    assert backend.salary_text is None
    assert backend.facts == {
        "Employment Type": "Full-time",
        "Workplace Type": "Hybrid",
        "Languages": "English, German",
        "offices": "Berlin; Remote - Europe",
        "requisition_id": "ENG-142",
        "internal_job_id": "3900112",
    }
    assert backend.payload == listing_json()["jobs"][0]

    supervisor, designer, scientist = postings[1:]
    assert supervisor.title == "Warehouse Operations Supervisor \u2013 Night Shift"
    assert supervisor.workplace == "On-site"
    assert supervisor.employment_type is None
    assert supervisor.facts["Remote"] == "no"
    assert designer.locations == ["New York, NY; San Francisco, CA"]
    assert designer.department == "Design"
    assert designer.facts["departments"] == "Design; Product"
    # No first_published: the last update is the only date the board gives.
    assert designer.posted_at == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert "We&#39;re looking" in designer.description
    assert scientist.locations == ["Remote - US"]
    assert scientist.workplace == "remote"


async def test_company_option_overrides_the_board_name(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    listing = listing_json()
    for job in listing["jobs"]:
        del job["company_name"]
    local_http_server.route(LISTING, Reply(body=json.dumps(listing)))
    ctx = make_fetch_context()

    unnamed = await collect(config_for(local_http_server), ctx)
    named = await collect(config_for(local_http_server, company="Northwind Robotics Inc."), ctx)

    assert {p.company for p in unnamed} == {"northwind"}
    assert {p.company for p in named} == {"Northwind Robotics Inc."}


async def test_reads_pay_ranges_from_each_job_when_asked(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(body=fixture_bytes("jobs.json")))
    for job_id in ("4012345006", "4012345007", "4012345011"):
        local_http_server.route(
            f"{LISTING}/{job_id}", Reply(body=fixture_bytes(f"job-{job_id}.json"))
        )
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server, fetch_pay_ranges=True), ctx)

    by_id = {p.external_id: p for p in postings}
    assert len(postings) == 4
    assert by_id["4012345006"].salary == SalaryHint(
        minimum=95000.0, maximum=120000.0, currency="EUR", interval=None
    )
    assert len(by_id["4012345006"].payload["pay_input_ranges"]) == 2
    assert by_id["4012345011"].salary == SalaryHint(
        minimum=185000.0, maximum=235000.0, currency="USD", interval=None
    )
    assert by_id["4012345007"].salary is None
    # The designer's job page is gone (404): imported without pay, and said so.
    assert by_id["4012345009"].salary is None
    assert len(ctx.errors) == 1
    assert ctx.errors[0].where.endswith(f"{LISTING}/4012345009")
    assert "without pay ranges" in ctx.errors[0].message
    assert "404" in ctx.errors[0].message
    detail_requests = [r.path for r in local_http_server.requests if "/jobs/" in r.path]
    assert f"{LISTING}/4012345006?pay_transparency=true" in detail_requests


async def test_waits_out_429_with_retry_after(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        LISTING,
        Reply(429, b'{"error": "slow down"}', headers={"Retry-After": "1"}),
        Reply(body=fixture_bytes("jobs.json")),
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(LISTING) == 2


async def test_recovers_from_server_errors(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        LISTING,
        Reply(503, b"unavailable"),
        Reply(502, b"bad gateway"),
        Reply(body=fixture_bytes("jobs.json")),
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(LISTING) == 3


async def test_retries_after_a_timeout(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        LISTING,
        Reply(body=fixture_bytes("jobs.json"), delay=1.0),
        Reply(body=fixture_bytes("jobs.json")),
    )
    ctx = make_fetch_context(read_timeout_seconds=0.2)

    postings = await collect(config_for(local_http_server), ctx)

    assert len(postings) == 4
    assert local_http_server.hits(LISTING) == 2


async def test_follows_a_redirect(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    moved = "/v1/boards/northwind-robotics/jobs"
    local_http_server.route(LISTING, Reply(301, headers={"Location": f"{moved}?content=true"}))
    local_http_server.route(moved, Reply(body=fixture_bytes("jobs.json")))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(moved) == 1


async def test_invalid_json_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(body=b'{"jobs": [{"id": 1, "title": '))

    with pytest.raises(SourceError, match="valid JSON") as raised:
        await collect(config_for(local_http_server), make_fetch_context())
    assert not isinstance(raised.value, SourceBlocked)


async def test_html_error_page_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    page = b"<html><body><h1>Maintenance</h1></body></html>"
    local_http_server.route(LISTING, Reply(body=page, content_type="text/html"))

    with pytest.raises(SourceError, match="valid JSON"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_unexpected_shape_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(body=b'{"jobs": {"id": 1}}'))

    with pytest.raises(SourceError, match="'jobs' array"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_unknown_board_names_the_cause(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(404, b'{"status": 404, "error": "Job not found"}'))

    with pytest.raises(SourceError, match="404"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_skips_malformed_jobs_and_keeps_the_rest(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    listing = listing_json()
    del listing["jobs"][0]["id"]
    listing["jobs"][2]["title"] = 42
    listing["jobs"].append("not a job")
    local_http_server.route(LISTING, Reply(body=json.dumps(listing)))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == ["4012345007", "4012345011"]
    assert len(ctx.errors) == 3
    assert "'id'" in ctx.errors[0].message
    assert ctx.errors[0].where.endswith("item 0")
    assert "'title'" in ctx.errors[1].message
    assert "(id 4012345009)" in ctx.errors[1].where
    assert "JSON object" in ctx.errors[2].message


async def test_decodes_a_latin1_body(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    job = {
        "id": 77,
        "title": "Ingénieur qualité, sécurité alimentaire",
        "location": {"name": "Besançon, France"},
        "absolute_url": "https://boards.greenhouse.io/northwind/jobs/77",
        "content": "&lt;p&gt;Über uns: Fabrication française.&lt;/p&gt;",
        "updated_at": "2024-05-01T08:00:00+02:00",
    }
    body = json.dumps({"jobs": [job], "meta": {"total": 1}}, ensure_ascii=False)
    local_http_server.route(
        LISTING,
        Reply(body=body.encode("iso-8859-1"), content_type="application/json; charset=iso-8859-1"),
    )

    [posting] = await collect(config_for(local_http_server), make_fetch_context())

    assert posting.title == "Ingénieur qualité, sécurité alimentaire"
    assert posting.locations == ["Besançon, France"]
    assert posting.description == "<p>Über uns: Fabrication française.</p>"


async def test_oversized_response_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(body=fixture_bytes("jobs.json")))

    with pytest.raises(SourceError, match="max_response_bytes"):
        await collect(config_for(local_http_server), make_fetch_context(max_response_bytes=1024))


async def test_unchanged_listing_is_not_modified(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    def conditional(request: Request) -> Reply:
        if request.headers.get("if-none-match") == '"board-v1"':
            return Reply(304, b"")
        return Reply(body=fixture_bytes("jobs.json"), headers={"ETag": '"board-v1"'})

    local_http_server.route(LISTING, conditional)
    first = make_fetch_context()
    second = FetchContext(http=first.http, settings=first.settings)

    assert len(await collect(config_for(local_http_server), first)) == 4
    assert await collect(config_for(local_http_server), second) == []
    assert second.not_modified
    assert not first.not_modified


async def test_blocked_pay_ranges_keep_every_listed_job(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(LISTING, Reply(body=fixture_bytes("jobs.json")))
    local_http_server.route(
        f"{LISTING}/4012345006", Reply(body=fixture_bytes("job-4012345006.json"))
    )
    local_http_server.route(
        f"{LISTING}/4012345007", Reply(429, b"{}", headers={"Retry-After": "3600"})
    )
    config = config_for(local_http_server, fetch_pay_ranges=True)
    postings: list[RawPosting] = []

    with pytest.raises(SourceBlocked) as blocked:
        await collect_into(postings, config, make_fetch_context())

    assert blocked.value.reason
    assert [p.external_id for p in postings] == [
        "4012345006",
        "4012345007",
        "4012345009",
        "4012345011",
    ]
    assert postings[0].salary is not None
    assert all(p.salary is None for p in postings[1:])
    # Once blocked, no further job pages are requested.
    assert local_http_server.hits(f"{LISTING}/4012345011") == 0

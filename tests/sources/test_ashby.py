from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.ashby import AshbyConfig, AshbySource
from jobpilot.sources.base import (
    FetchContext,
    RawPosting,
    SalaryHint,
    Source,
    SourceBlocked,
    SourceError,
)
from tests.support.fixture_server import FixtureServer, Reply, Request

if TYPE_CHECKING:
    from tests.sources.conftest import FetchContextFactory

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources" / "ashby"
BOARD = "/posting-api/job-board/lumenhealth"
JOB_ID = "7c1e2f3a-90b4-4d6e-8f21-3a4b5c6d7e8{}"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def board_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_bytes("job-board.json"))
    return data


def config_for(server: FixtureServer, **options: Any) -> AshbyConfig:
    return AshbyConfig(board="lumenhealth", base_url=server.url, **options)


async def collect(config: AshbyConfig, ctx: FetchContext) -> list[RawPosting]:
    return [posting async for posting in AshbySource().fetch(config, ctx)]


def test_is_registered_as_a_source() -> None:
    # Typed as the protocol so that mypy checks the class against it.
    implementation: Source = AshbySource()
    source = get_source("ashby")
    assert source.kind == implementation.kind == "ashby"
    assert isinstance(source, AshbySource)
    assert source.config_model is AshbyConfig


def test_board_name_cannot_leave_the_board_path() -> None:
    with pytest.raises(ValidationError):
        AshbyConfig(board="lumen health")


async def test_maps_a_job_board(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(BOARD, Reply(body=fixture_bytes("job-board.json")))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    # The unlisted (confidential) job is not imported.
    assert [p.external_id for p in postings] == [JOB_ID.format(n) for n in (1, 2, 3, 5)]
    assert ctx.errors == []
    assert local_http_server.requests[0].path == f"{BOARD}?includeCompensation=true"
    clinical = postings[0]
    assert clinical.source == "ashby"
    assert clinical.source_key == "lumenhealth"
    assert clinical.title == "Clinical Operations Manager"
    assert clinical.company == "lumenhealth"
    assert clinical.url == f"https://jobs.ashbyhq.com/lumenhealth/{JOB_ID.format(1)}"
    assert clinical.apply_url == f"{clinical.url}/application"
    assert clinical.locations == ["Boston, MA", "Providence, RI"]
    assert clinical.workplace == "Hybrid"
    assert clinical.employment_type == "FullTime"
    assert clinical.department == "Clinical"
    assert clinical.facts == {"team": "Care Delivery", "country": "United States"}
    assert clinical.posted_at == datetime(2024, 4, 22, 15, 3, 11, 512000, tzinfo=UTC)
    assert clinical.description_is_html
    assert clinical.description.startswith("<h2>About Lumen Health</h2>")
    assert clinical.salary == SalaryHint(
        minimum=115000.0, maximum=140000.0, currency="USD", interval="year"
    )
    assert clinical.salary_text == "$115K \u2013 $140K \u2022 Offers Bonus"
    assert clinical.payload == board_json()["jobs"][0]

    ios, assistant, analyst = postings[1:]
    assert ios.locations == ["Remote (US & Canada)", "Toronto, ON", "New York, NY"]
    assert ios.workplace == "Remote"
    # Equity comes first in the summary; only the salary component is pay.
    assert ios.salary == SalaryHint(
        minimum=165000.0, maximum=205000.0, currency="USD", interval="year"
    )
    assert assistant.salary == SalaryHint(
        minimum=24.0, maximum=29.0, currency="USD", interval="hour"
    )
    assert assistant.employment_type == "PartTime"
    assert assistant.workplace is None
    assert not assistant.description_is_html
    assert assistant.description.startswith("Room patients, take vitals")
    assert analyst.workplace == "Remote"
    assert analyst.salary is None
    assert analyst.salary_text is None
    assert analyst.posted_at == datetime(2024, 5, 2, 10, 30, tzinfo=UTC)


async def test_compensation_can_be_left_out(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    board = board_json()
    for job in board["jobs"]:
        job.pop("compensation")
    local_http_server.route(BOARD, Reply(body=json.dumps(board)))

    postings = await collect(
        config_for(local_http_server, include_compensation=False), make_fetch_context()
    )

    assert local_http_server.requests[0].path == f"{BOARD}?includeCompensation=false"
    assert all(p.salary is None and p.salary_text is None for p in postings)


async def test_waits_out_429_with_retry_after(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        BOARD,
        Reply(429, b"", headers={"Retry-After": "1"}),
        Reply(body=fixture_bytes("job-board.json")),
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(BOARD) == 2


async def test_recovers_from_server_errors(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        BOARD, Reply(504, b"gateway timeout"), Reply(body=fixture_bytes("job-board.json"))
    )

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(BOARD) == 2


async def test_gives_up_after_repeated_server_errors(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(BOARD, Reply(503, b"unavailable"))

    with pytest.raises(SourceError, match="503") as raised:
        await collect(config_for(local_http_server), make_fetch_context())

    assert not isinstance(raised.value, SourceBlocked)
    assert local_http_server.hits(BOARD) == 4


async def test_retries_after_a_timeout(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(
        BOARD,
        Reply(body=fixture_bytes("job-board.json"), delay=1.0),
        Reply(body=fixture_bytes("job-board.json")),
    )

    postings = await collect(
        config_for(local_http_server), make_fetch_context(read_timeout_seconds=0.2)
    )

    assert len(postings) == 4


async def test_follows_a_redirect(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    moved = "/posting-api/job-board/lumen-health"
    local_http_server.route(
        BOARD, Reply(308, headers={"Location": f"{moved}?includeCompensation=true"})
    )
    local_http_server.route(moved, Reply(body=fixture_bytes("job-board.json")))

    postings = await collect(config_for(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(moved) == 1


async def test_invalid_json_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(BOARD, Reply(body=b'{"apiVersion": "1", "jobs": [nope]}'))

    with pytest.raises(SourceError, match="valid JSON"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_unexpected_shape_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(BOARD, Reply(body=b'[{"id": "1", "title": "Nurse"}]'))

    with pytest.raises(SourceError, match="'jobs' array"):
        await collect(config_for(local_http_server), make_fetch_context())


async def test_skips_malformed_jobs_and_keeps_the_rest(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    board = board_json()
    board["jobs"][1]["id"] = {"value": "x"}
    del board["jobs"][2]["title"]
    local_http_server.route(BOARD, Reply(body=json.dumps(board)))
    ctx = make_fetch_context()

    postings = await collect(config_for(local_http_server), ctx)

    assert [p.external_id for p in postings] == [JOB_ID.format(1), JOB_ID.format(5)]
    assert [e.message for e in ctx.errors] == [
        "missing or invalid 'id' (object)",
        "missing or invalid 'title' (null)",
    ]
    assert ctx.errors[0].where.endswith("item 1")
    assert ctx.errors[1].where.endswith(f"item 2 (id {JOB_ID.format(3)})")


async def test_decodes_a_latin1_body(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    job = {
        "id": "a5b6c7d8-0000-4000-8000-00000000000e",
        "title": "Enfermero/a de práctica avanzada",
        "location": "A Coruña, España",
        "isListed": True,
        "descriptionPlain": "Atención primaria en Galicia; jornada de mañana.",
        "publishedAt": "2024-05-01T08:00:00.000+00:00",
    }
    body = json.dumps({"apiVersion": "1", "jobs": [job]}, ensure_ascii=False)
    local_http_server.route(
        BOARD,
        Reply(body=body.encode("iso-8859-1"), content_type="application/json; charset=ISO-8859-1"),
    )

    [posting] = await collect(config_for(local_http_server), make_fetch_context())

    assert posting.title == "Enfermero/a de práctica avanzada"
    assert posting.locations == ["A Coruña, España"]
    assert posting.description == "Atención primaria en Galicia; jornada de mañana."


async def test_oversized_response_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(BOARD, Reply(body=fixture_bytes("job-board.json")))

    with pytest.raises(SourceError, match="larger than the configured maximum"):
        await collect(config_for(local_http_server), make_fetch_context(max_response_bytes=2048))


async def test_unchanged_board_is_not_modified(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    modified = "Thu, 02 May 2024 10:30:00 GMT"

    def conditional(request: Request) -> Reply:
        if request.headers.get("if-modified-since") == modified:
            return Reply(304, b"")
        return Reply(body=fixture_bytes("job-board.json"), headers={"Last-Modified": modified})

    local_http_server.route(BOARD, conditional)
    first = make_fetch_context()
    second = FetchContext(http=first.http, settings=first.settings)

    assert len(await collect(config_for(local_http_server), first)) == 4
    assert await collect(config_for(local_http_server), second) == []
    assert second.not_modified


async def test_blocked_board_raises_source_blocked(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(BOARD, Reply(429, b"{}", headers={"Retry-After": "7200"}))

    with pytest.raises(SourceBlocked, match="Retry-After"):
        await collect(config_for(local_http_server), make_fetch_context())

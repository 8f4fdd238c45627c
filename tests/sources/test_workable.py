"""The Workable source against the fixture server: the careers API (paged by token, a detail
request per job) and the widget API (one unpaged document)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.base import (
    FetchContext,
    ItemError,
    RawPosting,
    Source,
    SourceBlocked,
    SourceError,
)
from jobpilot.sources.workable import WorkableConfig, WorkableSource
from tests.sources._pages import collect_until_error, fetch_context, source_settings
from tests.support.fixture_server import FixtureServer, Reply, Request, next_in_turn

if TYPE_CHECKING:
    from tests.sources.conftest import FetchContextFactory

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sources" / "workable"
ACCOUNT = "/api/v1/widget/accounts/tidewater-studio"
JOBS = "/api/v3/accounts/tidewater-studio/jobs"
DETAILS = "/api/v2/accounts/tidewater-studio/jobs"
PROFILE = "/api/v1/accounts/tidewater-studio"
SHORTCODES = ["A1B2C3D4E5", "F6G7H8I9J0", "K1L2M3N4O5", "P6Q7R8S9T0"]
ALL_SHORTCODES = [*SHORTCODES, "U1V2W3X4Y5"]
# The page tokens in the fixtures: page 1 points at page 2, page 2 at page 3.
TOKEN_2 = "WzE3MTQwODQ0MDAwMDAsMzQ4MTkwMl0"
TOKEN_3 = "WzE3MTQ5NTM2MDAwMDAsMzQ4MTkwNF0"
SEARCH = {"query": "", "location": [], "department": [], "worktype": [], "remote": []}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fixture_bytes(name))
    return data


def account_json() -> dict[str, Any]:
    return fixture_json("account.json")


def widget_config(server: FixtureServer, **options: Any) -> WorkableConfig:
    return WorkableConfig(account="tidewater-studio", base_url=server.url, api="widget", **options)


async def collect(config: WorkableConfig, ctx: FetchContext) -> list[RawPosting]:
    return [posting async for posting in WorkableSource().fetch(config, ctx)]


NOT_FOUND = Reply(404, b'{"error": "Not found"}')


@dataclass
class CareersApi:
    """Workable's careers API on the fixture server: listing pages chosen by the ``token`` in
    the POST body (``None`` for the first page), job details by shortcode, the account's
    profile. Each answers with its replies in turn, the last one repeating."""

    server: FixtureServer
    pages: dict[str | None, list[Reply]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.server.url

    def serve_fixtures(self) -> None:
        self.pages = {
            None: [Reply(body=fixture_bytes("jobs-page-1.json"))],
            TOKEN_2: [Reply(body=fixture_bytes("jobs-page-2.json"))],
            TOKEN_3: [Reply(body=fixture_bytes("jobs-page-3.json"))],
        }
        self.server.route(JOBS, self.listing_page)
        for code in ALL_SHORTCODES:
            self.server.route(f"{DETAILS}/{code}", Reply(body=fixture_bytes(f"job-{code}.json")))
        self.server.route(PROFILE, Reply(body=fixture_bytes("account-profile.json")))

    def listing_page(self, request: Request) -> Reply:
        if request.method != "POST":
            return NOT_FOUND
        token = request.json().get("token")
        replies = self.pages.get(token if isinstance(token, str) else None)
        return next_in_turn(replies) if replies else NOT_FOUND

    def config(self, **options: Any) -> WorkableConfig:
        return WorkableConfig(account="tidewater-studio", base_url=self.url, **options)

    def listing_bodies(self) -> list[Any]:
        return [request.json() for request in self.server.requests if request.method == "POST"]

    def detail_requests(self) -> list[str]:
        return [
            request.path.rsplit("/", 1)[-1]
            for request in self.server.requests
            if request.method == "GET" and request.path.startswith(DETAILS)
        ]


@pytest.fixture
def api(local_http_server: FixtureServer) -> CareersApi:
    careers = CareersApi(local_http_server)
    careers.serve_fixtures()
    return careers


@dataclass
class RecordingSleep:
    calls: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


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


def test_the_careers_api_is_the_default() -> None:
    config = WorkableConfig(account="tidewater-studio")

    assert (config.api, config.fetch_details, config.max_pages) == ("jobs", True, 100)
    with pytest.raises(ValidationError):
        WorkableConfig(account="tidewater-studio", api="spi")
    with pytest.raises(ValidationError):
        WorkableConfig(account="tidewater-studio", max_pages=0)


async def test_reads_every_page_and_each_jobs_details(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    ctx = make_fetch_context()

    postings = await collect(api.config(company="Tidewater Studio"), ctx)

    assert [p.external_id for p in postings] == ALL_SHORTCODES
    assert (ctx.errors, ctx.incomplete) == ([], False)
    assert api.listing_bodies() == [
        SEARCH,
        {**SEARCH, "token": TOKEN_2},
        {**SEARCH, "token": TOKEN_3},
    ]
    assert api.detail_requests() == ALL_SHORTCODES
    # The feed names the employer, so the account's profile is not asked for.
    assert all(request.path != PROFILE for request in api.server.requests)
    gameplay = postings[0]
    assert gameplay.source == "workable"
    assert gameplay.source_key == "tidewater-studio"
    assert gameplay.title == "Senior Gameplay Programmer (Unreal)"
    assert gameplay.company == "Tidewater Studio"
    assert gameplay.url == f"{api.url}/tidewater-studio/j/A1B2C3D4E5/"
    assert gameplay.apply_url == f"{api.url}/tidewater-studio/j/A1B2C3D4E5/apply/"
    # The hidden Madrid location is not shown on the careers page, so it is not imported.
    assert gameplay.locations == ["Lisbon, Lisbon, Portugal", "Montréal, Quebec, Canada"]
    assert gameplay.workplace == "hybrid"
    assert gameplay.employment_type == "Full-time"
    assert gameplay.department == "Engineering, Gameplay"
    assert gameplay.posted_at == datetime(2024, 4, 29, tzinfo=UTC)
    assert gameplay.facts == {"code": "GP-24-03", "language": "en"}
    assert gameplay.description_is_html
    assert gameplay.description == (
        "<p>Join the team shipping <strong>Saltmarsh</strong>, our co-op sailing game.</p>\n"
        "<h3>Requirements</h3>\n"
        "<ul><li>5+ years of C++ in shipped titles</li>"
        "<li>Unreal Engine 5 gameplay systems</li></ul>\n"
        "<h3>Benefits</h3>\n"
        "<ul><li>Relocation package</li><li>Three days a week in the studio</li></ul>"
    )
    listed = fixture_json("jobs-page-1.json")["results"][0]
    assert gameplay.payload == {**listed, **fixture_json("job-A1B2C3D4E5.json")}

    community, artist, tester, audio = postings[1:]
    assert community.workplace == "remote"
    assert community.locations == ["Portugal"]
    assert community.employment_type == "Part-time"
    assert community.posted_at == datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
    assert community.facts == {"language": "en"}
    assert community.description.startswith("<p>Grow our Discord")
    assert "<h3>" not in community.description
    # No locations listed: the job's main location.
    assert artist.locations == ["Montréal, Quebec, Canada"]
    assert (artist.workplace, artist.employment_type) == ("on_site", "Contract")
    assert artist.description.endswith(
        "<h3>Requirements</h3>\n<p>A portfolio of real-time environments.</p>"
    )
    assert tester.department is None
    assert tester.employment_type == "Temporary"
    assert tester.description.endswith("<h3>Benefits</h3>\n<p>Subsídio de refeição.</p>")
    assert audio.company == "Tidewater Studio"


async def test_without_a_company_option_the_accounts_profile_names_the_employer(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    ctx = make_fetch_context()

    postings = await collect(api.config(), ctx)

    assert {p.company for p in postings} == {"Tidewater Studio"}
    assert ctx.errors == []
    assert sum(1 for request in api.server.requests if request.path == PROFILE) == 1


async def test_an_unreadable_profile_leaves_the_account_name_as_the_employer(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    api.server.route(PROFILE, NOT_FOUND)
    ctx = make_fetch_context()

    postings = await collect(api.config(), ctx)

    assert {p.company for p in postings} == {"tidewater-studio"}
    assert len(postings) == 5
    assert [e.where for e in ctx.errors] == [f"{api.url}{PROFILE}"]
    assert ctx.errors[0].message.endswith("the employer is named 'tidewater-studio' instead")


async def test_waits_out_a_429_with_retry_after_in_the_middle_of_the_listing(
    api: CareersApi, tmp_path: Path
) -> None:
    api.pages[TOKEN_2].insert(0, Reply(429, b"{}", headers={"Retry-After": "2"}))
    sleep = RecordingSleep()

    async with fetch_context(source_settings(tmp_path), sleep=sleep) as ctx:
        postings = await collect(api.config(), ctx)

    assert [p.external_id for p in postings] == ALL_SHORTCODES
    assert sleep.calls == [2.0]
    assert api.listing_bodies() == [
        SEARCH,
        {**SEARCH, "token": TOKEN_2},
        {**SEARCH, "token": TOKEN_2},
        {**SEARCH, "token": TOKEN_3},
    ]


async def test_a_429_that_does_not_stop_keeps_the_pages_read_and_blocks(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    api.pages[TOKEN_2] = [Reply(429, b"{}")]

    postings, error = await collect_until_error(
        WorkableSource(), api.config(), make_fetch_context()
    )

    assert [p.external_id for p in postings] == SHORTCODES[:2]
    assert isinstance(error, SourceBlocked)
    assert "429" in error.reason
    assert api.listing_bodies().count({**SEARCH, "token": TOKEN_2}) == 4


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"total": 5, "results": [{"shortcode": ', "valid JSON"),
        (b'{"total": 5, "results": null, "nextPage": null}', "'results' array"),
        (b"[]", "'results' array"),
    ],
)
async def test_a_malformed_page_is_a_source_error_after_the_pages_before_it(
    api: CareersApi, make_fetch_context: FetchContextFactory, body: bytes, message: str
) -> None:
    api.pages[TOKEN_2] = [Reply(body=body)]

    postings, error = await collect_until_error(
        WorkableSource(), api.config(), make_fetch_context()
    )

    assert [p.external_id for p in postings] == SHORTCODES[:2]
    assert isinstance(error, SourceError)
    assert not isinstance(error, SourceBlocked)
    assert message in str(error)
    assert JOBS in str(error)


async def test_a_job_whose_details_are_gone_is_an_item_error_and_the_rest_are_kept(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    api.server.route(f"{DETAILS}/K1L2M3N4O5", NOT_FOUND)
    ctx = make_fetch_context()

    postings = await collect(api.config(), ctx)

    assert [p.external_id for p in postings] == [
        "A1B2C3D4E5",
        "F6G7H8I9J0",
        "P6Q7R8S9T0",
        "U1V2W3X4Y5",
    ]
    detail_url = f"{api.url}{DETAILS}/K1L2M3N4O5"
    assert ctx.errors == [
        ItemError(
            where=detail_url,
            message=f"workable: {detail_url} answered HTTP 404 "
            "(no such board, site or account (check the name))",
        )
    ]
    assert not ctx.incomplete


async def test_the_page_cap_stops_paging_and_marks_the_listing_incomplete(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    ctx = make_fetch_context()

    postings = await collect(api.config(max_pages=2), ctx)

    assert [p.external_id for p in postings] == SHORTCODES
    assert len(api.listing_bodies()) == 2
    assert ctx.incomplete
    assert [e.message for e in ctx.errors] == [
        "stopped after 2 pages (max_pages); the listing may be incomplete"
    ]


async def test_a_last_page_within_the_cap_is_complete(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    ctx = make_fetch_context()

    postings = await collect(api.config(max_pages=3), ctx)

    assert len(postings) == 5
    assert (ctx.errors, ctx.incomplete) == ([], False)


async def test_a_page_token_sent_twice_stops_paging(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    looping = fixture_json("jobs-page-2.json")
    looping["nextPage"] = TOKEN_2
    api.pages[TOKEN_2] = [Reply(body=json.dumps(looping))]
    ctx = make_fetch_context()

    postings = await collect(api.config(), ctx)

    assert [p.external_id for p in postings] == SHORTCODES
    assert len(api.listing_bodies()) == 2
    assert ctx.incomplete
    assert ctx.errors[0].message.startswith("the server sent a page token it had sent before")


async def test_detail_requests_are_bounded_by_max_details(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    ctx = make_fetch_context()

    postings = await collect(api.config(max_details=3), ctx)

    assert [p.external_id for p in postings] == ALL_SHORTCODES[:3]
    assert api.detail_requests() == ALL_SHORTCODES[:3]
    assert ctx.incomplete
    assert [e.message for e in ctx.errors] == [
        "2 job(s) not read: more descriptions to fetch than max_details (3)"
    ]


async def test_a_description_in_the_listing_needs_no_detail_request(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    page = fixture_json("jobs-page-3.json")
    page["results"][0]["description"] = "<p>Design the sound of the sea.</p>"
    api.pages[TOKEN_3] = [Reply(body=json.dumps(page))]

    postings = await collect(api.config(), make_fetch_context())

    assert postings[-1].description == "<p>Design the sound of the sea.</p>"
    assert api.detail_requests() == SHORTCODES


async def test_without_details_postings_come_from_the_listing_alone(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    postings = await collect(api.config(fetch_details=False), make_fetch_context())

    assert len(postings) == 5
    assert api.detail_requests() == []
    assert {(p.description, p.description_is_html) for p in postings} == {("", False)}
    assert postings[0].locations == ["Lisbon, Lisbon, Portugal", "Montréal, Quebec, Canada"]


async def test_unreadable_job_records_are_skipped_and_the_rest_kept(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    page = fixture_json("jobs-page-1.json")
    page["results"][0]["shortcode"] = None
    page["results"].append("not a job")
    api.pages[None] = [Reply(body=json.dumps(page))]
    ctx = make_fetch_context()

    postings = await collect(api.config(), ctx)

    assert [p.external_id for p in postings] == ALL_SHORTCODES[1:]
    assert [e.message for e in ctx.errors] == [
        "missing or invalid 'shortcode' (null)",
        "expected a JSON object, got string",
    ]
    assert ctx.errors[0].where == f"{api.url}{JOBS} item 0 (id 3481901)"
    assert "A1B2C3D4E5" not in api.detail_requests()


async def test_a_server_that_refuses_the_listing_is_a_source_error(
    api: CareersApi, make_fetch_context: FetchContextFactory
) -> None:
    api.pages[None] = [NOT_FOUND]

    with pytest.raises(SourceError, match="no such board, site or account"):
        await collect(api.config(), make_fetch_context())


# The widget API (``api="widget"``): one unpaged document with descriptions.


async def test_maps_an_account(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=fixture_bytes("account.json")))
    ctx = make_fetch_context()

    postings = await collect(widget_config(local_http_server), ctx)

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

    unnamed = await collect(widget_config(local_http_server), ctx)
    named = await collect(widget_config(local_http_server, company="Tidewater Games Lda"), ctx)

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

    postings = await collect(widget_config(local_http_server), make_fetch_context())

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

    postings = await collect(widget_config(local_http_server), make_fetch_context())

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
        widget_config(local_http_server), make_fetch_context(read_timeout_seconds=0.2)
    )

    assert len(postings) == 4
    assert local_http_server.hits(ACCOUNT) == 2


async def test_follows_a_redirect(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    moved = "/api/v1/widget/accounts/tidewater"
    local_http_server.route(ACCOUNT, Reply(301, headers={"Location": f"{moved}?details=true"}))
    local_http_server.route(moved, Reply(body=fixture_bytes("account.json")))

    postings = await collect(widget_config(local_http_server), make_fetch_context())

    assert len(postings) == 4
    assert local_http_server.hits(moved) == 1


async def test_too_many_redirects_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(302, headers={"Location": f"{ACCOUNT}?details=true"}))

    with pytest.raises(SourceError, match="tidewater-studio"):
        await collect(widget_config(local_http_server), make_fetch_context(max_redirects=2))


async def test_invalid_json_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=b'{"name": "Tidewater", "jobs": [{"title": }]}'))

    with pytest.raises(SourceError, match="valid JSON"):
        await collect(widget_config(local_http_server), make_fetch_context())


async def test_unexpected_shape_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=b'{"name": "Tidewater Studio", "jobs": null}'))

    with pytest.raises(SourceError, match="'jobs' array"):
        await collect(widget_config(local_http_server), make_fetch_context())


async def test_skips_malformed_jobs_and_keeps_the_rest(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    account = account_json()
    account["jobs"][0]["shortcode"] = ""
    account["jobs"][3]["title"] = None
    local_http_server.route(ACCOUNT, Reply(body=json.dumps(account)))
    ctx = make_fetch_context()

    postings = await collect(widget_config(local_http_server), ctx)

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

    [posting] = await collect(widget_config(local_http_server), make_fetch_context())

    assert posting.company == "Société Générale de Jeux"
    assert posting.title == "Directeur·rice artistique"
    assert posting.locations == ["Montréal, Québec, Canada"]
    assert posting.description == "<p>Rôle basé à Montréal, télétravail partiel.</p>"


async def test_oversized_response_is_a_source_error(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(body=fixture_bytes("account.json")))

    with pytest.raises(SourceError, match="max_response_bytes"):
        await collect(widget_config(local_http_server), make_fetch_context(max_response_bytes=1024))


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

    assert len(await collect(widget_config(local_http_server), first)) == 4
    assert await collect(widget_config(local_http_server), second) == []
    assert second.not_modified


async def test_blocked_account_raises_source_blocked(
    local_http_server: FixtureServer, make_fetch_context: FetchContextFactory
) -> None:
    local_http_server.route(ACCOUNT, Reply(429, b"{}"))

    with pytest.raises(SourceBlocked, match="429"):
        await collect(widget_config(local_http_server), make_fetch_context())

    assert local_http_server.hits(ACCOUNT) == 4

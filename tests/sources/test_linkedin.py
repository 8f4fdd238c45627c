"""LinkedIn's logged-out job search against a local imitation of its guest endpoints."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pydantic import ValidationError

from jobpilot.core.settings import LinkedInSettings
from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, SourceBlocked, SourceError
from jobpilot.sources.linkedin import (
    DETAIL_PATH,
    SEARCH_PATH,
    TERMS_WARNING,
    LinkedInConfig,
    LinkedInSource,
    polite_policy,
    read_job_details,
    read_search_page,
    search_params,
)
from tests.sources._pages import (
    HTML,
    collect,
    collect_until_error,
    fetch_context,
    fixture_text,
    source_settings,
)
from tests.support.fixture_server import FixtureServer, Reply, Request, fixture_server

KIND = "linkedin"
PAGE_SIZE = 3
JOB_IDS = [f"41000000{n:02d}" for n in range(1, 10)]


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    with fixture_server() as server:
        yield server


@pytest.fixture
async def ctx(tmp_path: Path) -> AsyncIterator[FetchContext]:
    settings = source_settings(tmp_path, linkedin={"page_size": PAGE_SIZE})
    async with fetch_context(settings) as context:
        yield context


class SearchScript:
    """Replies to the search endpoint by ``start`` offset; each offset's replies are used in
    turn (the last one repeats); unknown offsets get an empty body, as LinkedIn does."""

    def __init__(self, pages: dict[int, list[Reply]]) -> None:
        self.pages = pages
        self.starts: list[int] = []
        self.queries: list[dict[str, list[str]]] = []

    def __call__(self, request: Request) -> Reply:
        query = parse_qs(urlsplit(request.path).query)
        start = int(query["start"][0])
        self.starts.append(start)
        self.queries.append(query)
        replies = self.pages.get(start)
        if not replies:
            return Reply(200, "", content_type=HTML)
        return replies.pop(0) if len(replies) > 1 else replies[0]


def _card_page(site: FixtureServer, number: int) -> Reply:
    return Reply(
        200, fixture_text(KIND, f"search-page-{number}.html", base=site.url), content_type=HTML
    )


def _serve(site: FixtureServer, pages: dict[int, list[Reply]] | None = None) -> SearchScript:
    script = SearchScript(
        pages
        if pages is not None
        else {0: [_card_page(site, 1)], 3: [_card_page(site, 2)], 6: [_card_page(site, 3)]}
    )
    site.route(SEARCH_PATH, script)
    for job_id in JOB_IDS:
        name = "detail-full.html" if job_id == JOB_IDS[0] else "detail-plain.html"
        site.route(
            DETAIL_PATH.format(job_id=job_id),
            Reply(200, fixture_text(KIND, name, base=site.url), content_type=HTML),
        )
    return script


def _config(site: FixtureServer, **options: object) -> LinkedInConfig:
    return LinkedInConfig.model_validate(
        {"keywords": "data engineer", "base_url": site.url, **options}
    )


def test_registry_knows_the_source():
    assert isinstance(get_source("linkedin"), LinkedInSource)


def test_terms_warning_says_what_the_user_takes_on():
    assert "User Agreement" in TERMS_WARNING
    assert "automated access" in TERMS_WARNING
    assert "responsibility" in TERMS_WARNING


async def test_off_by_default(site: FixtureServer, tmp_path: Path):
    assert LinkedInSettings().enabled is False
    settings = source_settings(tmp_path, linkedin={"enabled": False})
    _serve(site)

    async with fetch_context(settings) as context:
        postings, error = await collect_until_error(LinkedInSource(), _config(site), context)

    assert postings == []
    assert isinstance(error, SourceError)
    assert not isinstance(error, SourceBlocked)
    assert "ingest.linkedin.enabled" in str(error)
    assert "JOBPILOT_INGEST__LINKEDIN__ENABLED" in str(error)
    assert site.requests == []


def test_config_validation():
    with pytest.raises(ValidationError):
        LinkedInConfig(keywords="   ")
    with pytest.raises(ValidationError):
        LinkedInConfig(keywords="nurse", max_results=1001)
    with pytest.raises(ValidationError):
        LinkedInConfig(keywords="nurse", geo_id="berlin")


def test_search_params():
    config = LinkedInConfig(
        keywords="data engineer",
        location="Europe",
        geo_id="91000000",
        remote=True,
        posted_within_hours=24,
    )
    assert search_params(config, 30) == {
        "keywords": "data engineer",
        "location": "Europe",
        "geoId": "91000000",
        "f_WT": "2",
        "f_TPR": "r86400",
        "start": 30,
    }
    assert search_params(LinkedInConfig(keywords="x", remote=False), 0)["f_WT"] == "1,3"
    assert search_params(LinkedInConfig(keywords="x"), 0) == {"keywords": "x", "start": 0}


def test_polite_policy_uses_the_linkedin_settings():
    policy = polite_policy(
        LinkedInSettings(delay_min_seconds=3, delay_max_seconds=7, rate_limit="10/minute")
    )
    assert policy.circuit == "linkedin"
    assert policy.rate_limit == "10/minute"
    assert policy.delay_seconds == (3, 7)
    assert policy.use_proxies is True
    assert policy.cookie_jar == "linkedin"
    assert 999 in policy.block_statuses


def test_result_cards_are_read():
    base = "https://www.linkedin.example"
    page = read_search_page(
        fixture_text(KIND, "search-page-1.html", base=base), page_url=f"{base}{SEARCH_PATH}"
    )

    assert page.broken == []
    assert [card.job_id for card in page.cards] == JOB_IDS[:3]
    card = page.cards[0]
    assert card.title == "Senior Data Engineer"
    assert card.company == "Fjord Labs"
    assert card.company_url == f"{base}/company/fjord-labs"  # tracking query dropped
    assert card.location == "Oslo, Oslo, Norway"
    assert card.posted == "2026-10-06"
    assert card.url == f"{base}/jobs/view/senior-data-engineer-at-fjord-labs-4100000001"
    assert card.salary == "NOK 900,000.00 - NOK 1,100,000.00"
    assert page.cards[1].salary is None


def test_cards_without_urn_use_the_link_and_broken_cards_are_reported():
    html = """
    <li><div class="base-card base-search-card">
      <a class="base-card__full-link" href="/jobs/view/cook-at-bistro-77?trk=x"></a>
      <h3 class="base-search-card__title">Cook</h3></div></li>
    <li><div class="base-card base-search-card">
      <h3 class="base-search-card__title">?</h3></div></li>
    <li><div class="base-card base-search-card">
      <a class="base-card__full-link" href="/jobs/view/88"></a></div></li>
    """
    page = read_search_page(html, page_url="https://li.example/search")

    assert [(card.job_id, card.title) for card in page.cards] == [("77", "Cook")]
    assert page.broken == ["a result card without a job id", "result card 88 has no title"]


def test_job_details_are_read():
    base = "https://www.linkedin.example"
    details = read_job_details(
        fixture_text(KIND, "detail-full.html", base=base), page_url=f"{base}/x"
    )

    assert details is not None
    assert details.description is not None
    assert details.description.startswith("<strong>About Fjord Labs</strong>")
    assert "<li>Own our Spark and Kafka pipelines</li>" in details.description
    assert details.criteria == {
        "Seniority level": "Mid-Senior level",
        "Employment type": "Full-time",
        "Job function": "Engineering and Information Technology",
        "Industries": "Software Development and Fisheries",
    }
    # The employer's own URL, unwrapped from LinkedIn's externalApply redirect.
    assert details.apply_url == "https://careers.fjordlabs.example/jobs/81?source=linkedin"
    assert details.salary == "NOK 900,000.00/yr - NOK 1,100,000.00/yr"


async def test_three_pages_with_details(site: FixtureServer, ctx: FetchContext):
    script = _serve(site)
    config = _config(site, location="Europe", posted_within_hours=48, remote=True)

    postings = await collect(LinkedInSource(), config, ctx)

    assert [p.external_id for p in postings] == JOB_IDS
    # Paged in steps of the page size; the empty page after the third ends the walk.
    assert script.starts == [0, 3, 6, 9]
    query = script.queries[0]
    assert query["keywords"] == ["data engineer"]
    assert query["location"] == ["Europe"]
    assert query["f_TPR"] == ["r172800"]
    assert query["f_WT"] == ["2"]
    first = postings[0]
    assert first.source == "linkedin"
    assert first.title == "Senior Data Engineer"
    assert first.company == "Fjord Labs"
    assert first.company_url == f"{site.url}/company/fjord-labs"
    assert first.locations == ["Oslo, Oslo, Norway"]
    assert first.posted_at == datetime(2026, 10, 6, tzinfo=UTC)
    assert first.url == f"{site.url}/jobs/view/senior-data-engineer-at-fjord-labs-4100000001"
    assert first.salary_text == "NOK 900,000.00 - NOK 1,100,000.00"
    assert first.description_is_html is True
    assert "We build data tools for fisheries." in first.description
    assert first.employment_type == "Full-time"
    assert first.facts == {
        "seniority": "Mid-Senior level",
        "job_function": "Engineering and Information Technology",
        "industries": "Software Development and Fisheries",
    }
    assert first.apply_url == "https://careers.fjordlabs.example/jobs/81?source=linkedin"
    assert first.payload["job_id"] == JOB_IDS[0]
    assert first.payload["details"]["criteria"]["Seniority level"] == "Mid-Senior level"
    second = postings[1]
    assert second.employment_type == "Contract"
    assert second.apply_url is None
    # The card had no salary; the plain detail page has none either.
    assert second.salary_text is None
    assert postings[3].salary_text == "€70K/yr - €90K/yr"
    assert postings[3].locations == ["European Union (Remote)"]
    assert ctx.errors == []


async def test_details_can_be_turned_off(site: FixtureServer, ctx: FetchContext):
    _serve(site)

    postings = await collect(LinkedInSource(), _config(site, fetch_details=False), ctx)

    assert len(postings) == 9
    assert postings[0].description == ""
    assert all("jobPosting" not in request.path for request in site.requests)


async def test_max_results_stops_paging(site: FixtureServer, ctx: FetchContext):
    script = _serve(site)

    postings = await collect(LinkedInSource(), _config(site, max_results=4), ctx)

    assert [p.external_id for p in postings] == JOB_IDS[:4]
    assert script.starts == [0, 3]
    assert site.hits(DETAIL_PATH.format(job_id=JOB_IDS[4])) == 0


async def test_settings_max_results_applies_when_the_feed_sets_none(
    site: FixtureServer, tmp_path: Path
):
    _serve(site)
    settings = source_settings(tmp_path, linkedin={"page_size": PAGE_SIZE, "max_results": 5})

    async with fetch_context(settings) as context:
        postings = await collect(LinkedInSource(), _config(site, fetch_details=False), context)

    assert len(postings) == 5


async def test_a_repeated_page_ends_paging(site: FixtureServer, ctx: FetchContext):
    script = _serve(site, {0: [_card_page(site, 1)], 3: [_card_page(site, 1)]})

    postings = await collect(LinkedInSource(), _config(site, fetch_details=False), ctx)

    assert [p.external_id for p in postings] == JOB_IDS[:3]
    assert script.starts == [0, 3]


async def test_an_empty_first_page_means_no_results(site: FixtureServer, ctx: FetchContext):
    script = _serve(site, {})

    assert await collect(LinkedInSource(), _config(site), ctx) == []
    assert script.starts == [0]


async def test_429_with_retry_after_recovers(site: FixtureServer, tmp_path: Path):
    waits: list[float] = []

    async def record_wait(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    script = _serve(
        site,
        {
            0: [_card_page(site, 1)],
            3: [Reply(429, "slow down", headers={"retry-after": "2"}), _card_page(site, 2)],
            6: [_card_page(site, 3)],
        },
    )
    settings = source_settings(tmp_path, linkedin={"page_size": PAGE_SIZE})

    async with fetch_context(settings, sleep=record_wait) as context:
        postings = await collect(LinkedInSource(), _config(site, fetch_details=False), context)

    assert [p.external_id for p in postings] == JOB_IDS
    assert script.starts == [0, 3, 3, 6, 9]
    assert 2.0 in waits  # the client waited as long as the server asked


@pytest.mark.parametrize("status", [999, 429])
async def test_block_status_on_page_3_keeps_pages_1_and_2(
    site: FixtureServer, ctx: FetchContext, status: int
):
    script = _serve(
        site,
        {
            0: [_card_page(site, 1)],
            3: [_card_page(site, 2)],
            6: [Reply(status, "", content_type=HTML)],
        },
    )

    postings, error = await collect_until_error(LinkedInSource(), _config(site), ctx)

    assert [p.external_id for p in postings] == JOB_IDS[:6]
    assert isinstance(error, SourceBlocked)
    assert str(status) in error.reason
    assert 9 not in script.starts


async def test_authwall_redirect_on_page_3_is_a_block(site: FixtureServer, ctx: FetchContext):
    _serve(
        site,
        {
            0: [_card_page(site, 1)],
            3: [_card_page(site, 2)],
            6: [
                Reply(302, "", headers={"location": "/authwall?trk=public_jobs&sessionRedirect=x"})
            ],
        },
    )
    site.route("/authwall", Reply(200, fixture_text(KIND, "authwall.html"), content_type=HTML))

    postings, error = await collect_until_error(LinkedInSource(), _config(site), ctx)

    assert len(postings) == 6
    assert isinstance(error, SourceBlocked)
    assert "/authwall" in error.reason


async def test_security_verification_page_is_a_block(site: FixtureServer, ctx: FetchContext):
    challenge = Reply(200, fixture_text(KIND, "challenge.html"), content_type=HTML)
    _serve(site, {0: [_card_page(site, 1)], 3: [challenge]})

    postings, error = await collect_until_error(
        LinkedInSource(), _config(site, fetch_details=False), ctx
    )

    assert len(postings) == 3
    assert isinstance(error, SourceBlocked)
    assert "challenge" in error.reason


async def test_a_later_page_without_cards_is_a_block(site: FixtureServer, ctx: FetchContext):
    odd = Reply(200, fixture_text(KIND, "unexpected.html"), content_type=HTML)
    _serve(site, {0: [_card_page(site, 1)], 3: [odd]})

    postings, error = await collect_until_error(
        LinkedInSource(), _config(site, fetch_details=False), ctx
    )

    assert len(postings) == 3
    assert isinstance(error, SourceBlocked)
    assert "start=3" in error.reason


async def test_a_missing_detail_page_keeps_the_card(site: FixtureServer, ctx: FetchContext):
    _serve(site)
    site.route(DETAIL_PATH.format(job_id=JOB_IDS[1]), Reply(404, "", content_type=HTML))

    postings = await collect(LinkedInSource(), _config(site), ctx)

    assert len(postings) == 9
    assert postings[1].title == "Data Engineer"
    assert postings[1].description == ""
    assert "details" not in postings[1].payload


async def test_a_blocked_detail_page_yields_its_card_then_stops(
    site: FixtureServer, ctx: FetchContext
):
    _serve(site)
    site.route(DETAIL_PATH.format(job_id=JOB_IDS[4]), Reply(999, "", content_type=HTML))

    postings, error = await collect_until_error(LinkedInSource(), _config(site), ctx)

    assert [p.external_id for p in postings] == JOB_IDS[:5]
    assert postings[4].description == ""
    assert isinstance(error, SourceBlocked)
    assert site.hits(DETAIL_PATH.format(job_id=JOB_IDS[5])) == 0


async def test_session_cookies_are_kept_between_requests(site: FixtureServer, ctx: FetchContext):
    _serve(
        site,
        {
            0: [
                Reply(
                    200,
                    fixture_text(KIND, "search-page-1.html", base=site.url),
                    content_type=HTML,
                    headers={"set-cookie": "JSESSIONID=ajax-42; Path=/"},
                )
            ]
        },
    )

    await collect(LinkedInSource(), _config(site), ctx)

    assert "cookie" not in site.requests[0].headers
    assert all("JSESSIONID=ajax-42" in r.headers.get("cookie", "") for r in site.requests[1:])
    assert (ctx.settings.data_dir / "cookies").exists()

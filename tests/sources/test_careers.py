"""Career pages with schema.org JSON-LD: single pages, listings and sitemaps, on a local server."""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, SourceError
from jobpilot.sources.careers import (
    MAX_MATCHED_URL_LENGTH,
    CareersConfig,
    CareersSource,
    UnsafePatternError,
    check_url_pattern,
    read_sitemap,
)
from tests.sources._pages import (
    HTML,
    collect,
    collect_until_error,
    fetch_context,
    fixture_text,
    page,
    requested,
    source_settings,
    xml,
)
from tests.support.fixture_server import FixtureServer, Reply, fixture_server

KIND = "careers"


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    with fixture_server() as server:
        yield server


@pytest.fixture
async def ctx(tmp_path: Path) -> AsyncIterator[FetchContext]:
    async with fetch_context(source_settings(tmp_path)) as context:
        yield context


def _serve_jobs(site: FixtureServer) -> None:
    base = site.url
    site.route(
        "/robots.txt",
        Reply(200, fixture_text(KIND, "robots.txt", base=base), content_type="text/plain"),
    )
    site.route("/jobs/backend-engineer", page(KIND, "job-backend.html", base=base))
    site.route("/jobs/frontend-developer", page(KIND, "job-frontend.html", base=base))
    site.route("/jobs/data-analyst", page(KIND, "job-data.html", base=base))
    site.route("/jobs/night-nurse", page(KIND, "job-nurse.html", base=base))
    site.route("/jobs/secret-role", page(KIND, "job-secret.html", base=base))


def test_registry_knows_the_source():
    assert isinstance(get_source("careers"), CareersSource)


def test_config_validation():
    with pytest.raises(ValidationError, match="absolute http"):
        CareersConfig(url="/careers")
    with pytest.raises(ValidationError, match="regular expression"):
        CareersConfig(url="https://x.example", url_pattern="(unclosed")
    with pytest.raises(ValidationError):
        CareersConfig.model_validate({"url": "https://x.example", "mode": "crawl"})


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        # The classic catastrophic pattern: (a+)+ can split a run of a's in 2^n ways.
        (r"(a+)+$", "nested quantifiers"),
        (r"/jobs/(a|ab)*x", "nested quantifiers"),
        (r"(?:/[a-z]?){10}", "nested quantifiers"),
        # No nesting, but three open-ended parts side by side are cubic in the link's length.
        (r".*.*.*x", "more than one open-ended quantifier"),
        (r"/careers/[a-z-]+/\d+", "more than one open-ended quantifier"),
        (r"(\w+)-\1", "backreferences"),
        (r"/jobs/(?!internal)", "lookahead or lookbehind"),
        ("/jobs/" + "x" * 195, "longer than 200 characters"),
        ("(unclosed", "not a valid regular expression"),
        ("a{99999999999}", "not a valid regular expression"),
    ],
)
def test_url_patterns_that_could_backtrack_for_long_are_refused(pattern: str, reason: str):
    with pytest.raises(UnsafePatternError, match=reason):
        check_url_pattern(pattern)
    with pytest.raises(ValidationError, match=reason):
        CareersConfig(url="https://x.example", mode="listing", url_pattern=pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        r"/jobs/(backend|frontend|night)",
        r"/(careers/benefits|jobs/)",
        r"/(jobs|careers)/\d+$",
        r"(?i)/JOBS/\d{4,6}",
        r"^https://careers\.example\.com/.*$",
    ],
)
def test_simple_url_patterns_are_accepted(pattern: str):
    assert check_url_pattern(pattern) == pattern
    assert CareersConfig(url="https://x.example", url_pattern=pattern).url_pattern == pattern


def test_a_feed_takes_a_glob_or_a_pattern_not_both():
    with pytest.raises(ValidationError, match="not both"):
        CareersConfig(url="https://x.example", url_glob="*/jobs/*", url_pattern="/jobs/")
    with pytest.raises(ValidationError):
        CareersConfig(url="https://x.example", url_glob="*" * 201)


def test_links_are_matched_by_glob_or_pattern_up_to_the_length_limit():
    glob = CareersConfig(url="https://x.example", url_glob="https://x.example/jobs/*")
    pattern = CareersConfig(url="https://x.example", url_pattern=r"/jobs/\d+$")
    at_limit = "https://x.example/jobs/" + "1" * (MAX_MATCHED_URL_LENGTH - 23)
    too_long = at_limit + "1"

    assert len(at_limit) == MAX_MATCHED_URL_LENGTH
    assert glob.matches_link_filter("https://x.example/jobs/backend?ref=list")
    assert not glob.matches_link_filter("https://x.example/about/jobs/backend")
    assert glob.matches_link_filter(at_limit)
    assert pattern.matches_link_filter(at_limit)
    assert not glob.matches_link_filter(too_long)
    assert not pattern.matches_link_filter(too_long)


async def test_single_page(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    config = CareersConfig(url=f"{site.url}/jobs/backend-engineer")

    postings = await collect(CareersSource(), config, ctx)

    assert [p.external_id for p in postings] == ["NW-1042"]
    posting = postings[0]
    assert posting.source == "careers"
    assert posting.source_key == "127.0.0.1"
    assert posting.title == "Senior Backend Engineer"
    assert posting.locations == ["Berlin, BE, DE", "Munich, Germany"]
    assert ctx.errors == []


async def test_single_page_without_jsonld_is_reported(site: FixtureServer, ctx: FetchContext):
    site.route("/careers/benefits", page(KIND, "benefits.html"))
    config = CareersConfig(url=f"{site.url}/careers/benefits")

    assert await collect(CareersSource(), config, ctx) == []
    assert len(ctx.errors) == 1
    assert "no schema.org JobPosting" in ctx.errors[0].message


async def test_malformed_html_still_yields_its_jsonld(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    config = CareersConfig(url=f"{site.url}/jobs/night-nurse")

    [posting] = await collect(CareersSource(), config, ctx)

    assert posting.external_id == "5521"
    assert posting.title == "Night Nurse (m/w/d)"
    assert posting.locations == ["Leipzig, Saxony, DE"]


async def test_entry_page_failure_is_a_source_error(site: FixtureServer, ctx: FetchContext):
    config = CareersConfig(url=f"{site.url}/careers/gone")

    postings, error = await collect_until_error(CareersSource(), config, ctx)

    assert postings == []
    assert isinstance(error, SourceError)
    assert "404" in str(error)


async def test_listing_follows_job_links_and_pagination(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    site.route("/careers", page(KIND, "listing-1.html", base=site.url))
    site.route("/careers?page=2", page(KIND, "listing-2.html", base=site.url))
    site.route("/careers/benefits", page(KIND, "benefits.html"))
    config = CareersConfig(url=f"{site.url}/careers", mode="listing")

    postings = await collect(CareersSource(), config, ctx)

    titles = [p.title for p in postings]
    assert titles == [
        "Senior Backend Engineer",
        "Frontend Developer",
        "Data Analyst",
        "Night Nurse (m/w/d)",
    ]
    # A job linked twice (with a fragment, and again on page 2) is fetched once.
    assert site.hits("/jobs/backend-engineer") == 1
    assert requested(site, "/careers") == 1
    assert requested(site, "/careers?page=2") == 1
    # Non-job and off-site links are not followed; robots.txt keeps us off the secret role.
    assert site.hits("/about") == 0
    assert site.hits("/jobs/secret-role") == 0
    where = {error.where: error.message for error in ctx.errors}
    assert where[f"{site.url}/jobs/secret-role"] == "disallowed by robots.txt"
    # The data analyst page also carries a broken JSON-LD block.
    assert f"{site.url}/jobs/data-analyst?src=listing (JSON-LD block 1)" in where
    assert len(ctx.errors) == 2


async def test_listing_url_pattern_and_page_budget(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    site.route("/careers", page(KIND, "listing-1.html", base=site.url))
    site.route("/careers?page=2", page(KIND, "listing-2.html", base=site.url))
    config = CareersConfig(
        url=f"{site.url}/careers",
        mode="listing",
        url_pattern=r"/jobs/(backend|frontend|night)",
        max_pages=3,
    )

    postings = await collect(CareersSource(), config, ctx)

    # Listing page + two job pages use the budget of three: page 2 is never reached.
    assert [p.title for p in postings] == ["Senior Backend Engineer", "Frontend Developer"]
    assert requested(site, "/careers?page=2") == 0
    assert site.hits("/jobs/data-analyst") == 0
    assert [error.message for error in ctx.errors] == [
        "stopped after 3 pages (max_pages); some job pages were not read"
    ]


async def test_listing_follows_links_matching_the_url_glob(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    site.route("/careers", page(KIND, "listing-1.html", base=site.url))
    site.route("/careers?page=2", Reply(200, "<p>No more openings.</p>", content_type=HTML))
    config = CareersConfig(
        url=f"{site.url}/careers", mode="listing", url_glob=f"{site.url}/jobs/*-*er"
    )

    postings = await collect(CareersSource(), config, ctx)

    assert [p.title for p in postings] == ["Senior Backend Engineer", "Frontend Developer"]
    assert site.hits("/jobs/data-analyst") == 0
    assert site.hits("/jobs/secret-role") == 0


async def test_pattern_matched_page_without_jsonld_is_reported(
    site: FixtureServer, ctx: FetchContext
):
    _serve_jobs(site)
    site.route("/careers", page(KIND, "listing-2.html", base=site.url))
    site.route("/careers/benefits", page(KIND, "benefits.html"))
    site.route(
        "/careers/all",
        Reply(
            200,
            '<a href="/careers/benefits">x</a><a href="/jobs/night-nurse">y</a>',
            content_type=HTML,
        ),
    )
    config = CareersConfig(
        url=f"{site.url}/careers/all", mode="listing", url_pattern=r"/(careers/benefits|jobs/)"
    )

    postings = await collect(CareersSource(), config, ctx)

    assert [p.external_id for p in postings] == ["5521"]
    assert [(e.where, e.message) for e in ctx.errors] == [
        (f"{site.url}/careers/benefits", "no schema.org JobPosting JSON-LD on this page")
    ]


async def test_listing_behind_a_redirect(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    site.route("/join-us", Reply(301, "", headers={"location": "/careers"}))
    site.route("/careers", page(KIND, "listing-2.html", base=site.url))
    config = CareersConfig(url=f"{site.url}/join-us", mode="listing")

    postings = await collect(CareersSource(), config, ctx)

    assert [p.external_id for p in postings] == ["5521", "NW-1042"]
    # The "previous page" link points at the page we were redirected to: not a job.
    assert site.hits("/careers") == 1


async def test_job_page_recovers_from_server_errors(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    site.route(
        "/jobs/backend-engineer",
        Reply(503, "busy"),
        Reply(502, "busy"),
        page(KIND, "job-backend.html", base=site.url),
    )
    site.route("/careers", page(KIND, "listing-2.html", base=site.url))
    config = CareersConfig(url=f"{site.url}/careers", mode="listing")

    postings = await collect(CareersSource(), config, ctx)

    assert [p.external_id for p in postings] == ["5521", "NW-1042"]
    assert site.hits("/jobs/backend-engineer") == 3
    assert ctx.errors == []


async def test_a_job_page_that_times_out_is_skipped(site: FixtureServer, tmp_path: Path):
    settings = source_settings(tmp_path, read_timeout_seconds=0.2, max_retries=1)
    _serve_jobs(site)
    site.route("/jobs/backend-engineer", Reply(200, "late", content_type="text/html", delay=1.0))
    site.route("/careers", page(KIND, "listing-2.html", base=site.url))
    config = CareersConfig(url=f"{site.url}/careers", mode="listing")

    async with fetch_context(settings) as context:
        postings = await collect(CareersSource(), config, context)

    assert [p.external_id for p in postings] == ["5521"]
    [error] = context.errors
    assert error.where == f"{site.url}/jobs/backend-engineer"


def _serve_sitemaps(site: FixtureServer) -> None:
    _serve_jobs(site)
    base = site.url
    site.route("/sitemaps/index.xml", xml(KIND, "sitemap-index.xml", base=base))
    site.route("/sitemaps/jobs.xml", xml(KIND, "sitemap-jobs.xml", base=base))
    site.route("/sitemaps/regions.xml", xml(KIND, "sitemap-regions.xml", base=base))
    site.route("/sitemaps/east.xml.gz", xml(KIND, "sitemap-east.xml", base=base, compress=True))
    site.route("/sitemaps/pages.xml", xml(KIND, "sitemap-pages.xml", base=base))
    site.route("/sitemaps/broken.xml", xml(KIND, "sitemap-broken.xml", base=base))


async def test_sitemap_discovery_nested_gzip_and_incremental_runs(
    site: FixtureServer, ctx: FetchContext
):
    _serve_sitemaps(site)
    config = CareersConfig(url=site.url, mode="sitemap")

    first = await collect(CareersSource(), config, ctx)

    assert [p.title for p in first] == [
        "Senior Backend Engineer",
        "Frontend Developer",
        "Night Nurse (m/w/d)",
        "Data Analyst",
    ]
    errors = {error.where: error.message for error in ctx.errors}
    assert errors[f"{site.url}/jobs/secret-role"] == "disallowed by robots.txt"
    assert errors[f"{site.url}/sitemaps/broken.xml"].startswith("unreadable sitemap")
    # Pages outside the job paths (home, about, blog) and other hosts are not fetched.
    assert site.hits("/about") == 0
    assert site.hits("/blog/moving-to-berlin") == 0
    assert ctx.new_state["unchanged_ids"] == []

    second_ctx = FetchContext(
        http=ctx.http,
        settings=ctx.settings,
        since=datetime(2026, 10, 10, tzinfo=UTC),
        state=ctx.new_state,
    )
    second = await collect(CareersSource(), config, second_ctx)

    # Modified since the last run (frontend) or without a lastmod (data analyst): fetched
    # again. Older pages read last time (backend, nurse) are carried over, not fetched.
    assert [p.title for p in second] == ["Frontend Developer", "Data Analyst"]
    assert sorted(second_ctx.new_state["unchanged_ids"]) == ["5521", "NW-1042"]
    assert site.hits("/jobs/backend-engineer") == 1
    assert site.hits("/jobs/night-nurse") == 1
    assert site.hits("/jobs/frontend-developer") == 2
    # A page that failed last time is tried again even though its lastmod is old.
    assert {error.where for error in second_ctx.errors} >= {f"{site.url}/jobs/secret-role"}
    assert second_ctx.new_state["pages"][f"{site.url}/jobs/backend-engineer"] == ["NW-1042"]


async def test_sitemap_falls_back_to_sitemap_xml(site: FixtureServer, ctx: FetchContext):
    _serve_jobs(site)
    site.route("/robots.txt", Reply(404, "", content_type="text/plain"))
    site.route("/sitemap.xml", xml(KIND, "sitemap-east.xml", base=site.url))
    config = CareersConfig(url=f"{site.url}/careers", mode="sitemap", url_pattern=r"/jobs/")

    postings = await collect(CareersSource(), config, ctx)

    assert [p.external_id for p in postings] == ["5521", "DA-7"]


async def test_sitemap_url_given_directly(site: FixtureServer, ctx: FetchContext):
    _serve_sitemaps(site)
    config = CareersConfig(url=f"{site.url}/sitemaps/east.xml.gz", mode="sitemap")

    postings = await collect(CareersSource(), config, ctx)

    assert [p.external_id for p in postings] == ["5521", "DA-7"]
    assert site.hits("/sitemaps/index.xml") == 0


async def test_no_readable_sitemap_is_a_source_error(site: FixtureServer, ctx: FetchContext):
    config = CareersConfig(url=site.url, mode="sitemap")

    postings, error = await collect_until_error(CareersSource(), config, ctx)

    assert postings == []
    assert isinstance(error, SourceError)
    assert "no readable sitemap" in str(error)


def test_read_sitemap_rejects_other_documents_and_gzip_bombs():
    with pytest.raises(ValueError, match="not a sitemap"):
        read_sitemap(b"<html><body>hi</body></html>", max_bytes=10_000)
    with pytest.raises(ValueError, match=r"forbidden|not well-formed"):
        read_sitemap(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><urlset>&a;</urlset>', max_bytes=10_000)
    bomb = gzip.compress(b"<urlset>" + b" " * 50_000 + b"</urlset>")
    with pytest.raises(ValueError, match="larger than"):
        read_sitemap(bomb, max_bytes=10_000)

"""Workable accounts, read through the public careers-page API (or its older widget API).

``api="jobs"`` (the default) reads what an account's careers page reads:

- ``POST {base}/api/v3/accounts/{account}/jobs`` with a search body (empty filters: every
  published job) answers one page, ``{"total": N, "results": [...], "nextPage": "<token>"}``;
  the next page is asked for by sending that token back as ``token`` in the body, and a page
  without ``nextPage`` is the last. ``max_pages`` bounds the walk.
- Listing results carry no description, so each job is also read from
  ``GET {base}/api/v2/accounts/{account}/jobs/{shortcode}`` (``description``,
  ``requirements`` and ``benefits`` as HTML), at most ``max_details`` per run.
- Nor do they name the employer: unless the feed sets ``company``, its name is read from the
  account's profile, ``GET {base}/api/v1/accounts/{account}``.

``api="widget"`` reads ``GET {base}/api/v1/widget/accounts/{account}?details=true`` instead:
every job with its description in one unpaged document, requested conditionally. Both APIs
identify a job by its shortcode, so a feed can switch between them without duplicates.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import Field

from jobpilot.sources._ats import (
    BoardToken,
    JsonDocument,
    MalformedItem,
    MaxPages,
    api_base,
    bool_field,
    detail_or_report,
    distinct_texts,
    expect_config,
    facts_from,
    id_field,
    item_where,
    json_object,
    list_field,
    object_field,
    object_items,
    request_json,
    require_object,
    submit_json,
    text_field,
    title_field,
)
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    JsonObject,
    RawPosting,
    SourceBlocked,
    SourceError,
    parse_iso_datetime,
)

KIND = "workable"
DEFAULT_BASE_URL = "https://apply.workable.com"

# The careers page's own search with no filter set: every published job.
_ALL_JOBS_QUERY: dict[str, object] = {
    "query": "",
    "location": [],
    "department": [],
    "worktype": [],
    "remote": [],
}
# The job ad's parts after its description, in the order the careers page shows them.
_AD_SECTIONS = (("requirements", "Requirements"), ("benefits", "Benefits"))
# The careers API's work types, written as the widget API writes them.
_WORK_TYPES = {
    "full": "Full-time",
    "part": "Part-time",
    "contract": "Contract",
    "temporary": "Temporary",
    "other": "Other",
}


class WorkableConfig(FeedConfig):
    """A Workable account: ``account`` is the name in ``apply.workable.com/{account}``."""

    account: BoardToken
    # The employer's name, when it should not be taken from the account's profile.
    company: str | None = None
    api: Literal["jobs", "widget"] = "jobs"
    # One extra request per job whose listing entry has no description (careers API only).
    fetch_details: bool = True
    max_pages: MaxPages = 100
    max_details: int = Field(1000, ge=1, le=10_000)


@dataclass(frozen=True, slots=True)
class JobsPage:
    """One page of the careers API: its job records and the token of the next page."""

    url: str
    records: list[Any]
    next_token: str | None


class WorkableSource:
    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = WorkableConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every published job of the account."""
        feed = expect_config(config, WorkableConfig, KIND)
        postings = _careers_jobs(feed, ctx) if feed.api == "jobs" else _widget_jobs(feed, ctx)
        async for posting in postings:
            yield posting


async def _careers_jobs(feed: WorkableConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
    base = api_base(feed.base_url, DEFAULT_BASE_URL)
    company = feed.company or await account_name(ctx, base, feed.account)
    details = _DetailBudget(feed.max_details)
    yielded: set[str] = set()
    async for page in jobs_pages(ctx, f"{base}/api/v3/accounts/{feed.account}/jobs", feed):
        for index, record in enumerate(page.records):
            where = item_where(page.url, index, record)
            posting = await _read_job(ctx, feed, base, company, record, where, details)
            if posting is not None and posting.external_id not in yielded:
                yielded.add(posting.external_id)
                yield posting
    if details.skipped:
        ctx.incomplete = True
        ctx.errors.append(
            ItemError(
                where=f"{base}/api/v2/accounts/{feed.account}/jobs",
                message=f"{details.skipped} job(s) not read: more descriptions to fetch "
                f"than max_details ({feed.max_details})",
            )
        )


async def account_name(ctx: FetchContext, base: str, account: str) -> str:
    """The employer's name from the account's public profile; the account name itself when
    the profile cannot be read (reported in ``ctx.errors``) or names nobody."""
    url = f"{base}/api/v1/accounts/{account}"
    try:
        document = await request_json(ctx, url, kind=KIND)
    except SourceBlocked:
        raise
    except SourceError as exc:
        ctx.errors.append(
            ItemError(where=url, message=f"{exc}; the employer is named {account!r} instead")
        )
        return account
    profile = json_object(document.body) if document is not None else None
    return text_field(profile, "name") or account


async def jobs_pages(ctx: FetchContext, url: str, feed: WorkableConfig) -> AsyncIterator[JobsPage]:
    """Every page of the careers API's listing, first to last.

    The walk ends on a page without a next token or without results. A token the server
    already gave, or ``feed.max_pages`` pages with more to come, end it early: the listing
    may then be incomplete, which ``ctx.incomplete`` and ``ctx.errors`` record.
    """
    token: str | None = None
    used_tokens: set[str] = set()
    for _page_number in range(feed.max_pages):
        body = _ALL_JOBS_QUERY if token is None else {**_ALL_JOBS_QUERY, "token": token}
        page = read_jobs_page(await submit_json(ctx, url, kind=KIND, body=body))
        yield page
        if page.next_token is None or not page.records:
            return
        if page.next_token in used_tokens:
            _stop_early(ctx, page.url, "the server sent a page token it had sent before")
            return
        used_tokens.add(page.next_token)
        token = page.next_token
    _stop_early(ctx, url, f"stopped after {feed.max_pages} pages (max_pages)")


def read_jobs_page(document: JsonDocument) -> JobsPage:
    """One page of the careers API, or :class:`SourceError` for any other shape."""
    body = json_object(document.body)
    results = body.get("results") if body is not None else None
    if body is None or not isinstance(results, list):
        raise SourceError(
            f"{KIND}: {document.url} did not answer with a page of jobs "
            "(expected an object with a 'results' array)"
        )
    return JobsPage(url=document.url, records=results, next_token=text_field(body, "nextPage"))


@dataclass(slots=True)
class _DetailBudget:
    """How many more job details a run may read, and how many jobs it left out for lack of it."""

    remaining: int
    skipped: int = 0

    def take(self) -> bool:
        if self.remaining > 0:
            self.remaining -= 1
            return True
        self.skipped += 1
        return False


async def _read_job(
    ctx: FetchContext,
    feed: WorkableConfig,
    base: str,
    company: str,
    record: object,
    where: str,
    details: _DetailBudget,
) -> RawPosting | None:
    """The posting of one listing record, with its details read when the listing lacks the
    description; ``None`` when it cannot be read (reported in ``ctx.errors``) or was left out
    by the detail budget. A blocked detail request raises."""
    try:
        listed = require_object(record)
        shortcode = id_field(listed, "shortcode")
        title_field(listed, "title")
    except MalformedItem as exc:
        ctx.errors.append(ItemError(where=where, message=str(exc)))
        return None
    detail: JsonObject | None = None
    if not text_field(listed, "description") and feed.fetch_details:
        if not details.take():
            return None
        detail_url = f"{base}/api/v2/accounts/{feed.account}/jobs/{shortcode}"
        detail = await detail_or_report(ctx, detail_url, kind=KIND, what="a job object")
        if detail is None:
            return None
    try:
        return posting_from_careers_job(
            listed, detail, account=feed.account, company=company, base_url=base
        )
    except MalformedItem as exc:
        ctx.errors.append(ItemError(where=where, message=str(exc)))
        return None


def posting_from_careers_job(
    listed: object,
    detail: JsonObject | None = None,
    *,
    account: str,
    company: str,
    base_url: str = DEFAULT_BASE_URL,
) -> RawPosting:
    """The posting a careers-API job describes, read from its detail where it has a field and
    from the listing record otherwise (raw values, nothing normalised)."""
    job = {**require_object(listed), **(detail or {})}
    shortcode = id_field(job, "shortcode")
    description = careers_description(job)
    page_url = f"{base_url}/{account}/j/{shortcode}/"
    work_type = text_field(job, "type")
    return RawPosting(
        source=KIND,
        source_key=account,
        external_id=shortcode,
        title=title_field(job, "title"),
        description=description,
        description_is_html=bool(description),
        company=company,
        url=page_url,
        apply_url=f"{page_url}apply/",
        locations=careers_locations(job),
        workplace=text_field(job, "workplace") or ("remote" if bool_field(job, "remote") else None),
        employment_type=_WORK_TYPES.get(work_type.lower(), work_type) if work_type else None,
        posted_at=parse_iso_datetime(job.get("published")),
        department=department_of(job),
        facts=facts_from(
            [("code", text_field(job, "code")), ("language", text_field(job, "language"))]
        ),
        payload=job,
    )


def careers_description(job: JsonObject) -> str:
    """The job ad as one HTML document: the description, then requirements and benefits each
    under its own heading."""
    parts: list[str] = []
    opening = text_field(job, "description")
    if opening:
        parts.append(opening)
    for key, heading in _AD_SECTIONS:
        section = text_field(job, key)
        if section:
            parts.append(f"<h3>{heading}</h3>")
            parts.append(section)
    return "\n".join(parts)


def careers_locations(job: JsonObject) -> list[str]:
    """One "city, region, country" string per visible location (the job's main location when
    it lists none)."""
    main = object_field(job, "location")
    return _visible_places(job) or distinct_texts([_place(main)] if main is not None else [])


def department_of(job: JsonObject) -> str | None:
    """The careers API's departments (a list) joined, or a plain string."""
    names = [value.strip() for value in list_field(job, "department") if isinstance(value, str)]
    return ", ".join(distinct_texts(names)) or text_field(job, "department")


async def _widget_jobs(feed: WorkableConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
    base = api_base(feed.base_url, DEFAULT_BASE_URL)
    url = f"{base}/api/v1/widget/accounts/{feed.account}"
    document = await request_json(ctx, url, kind=KIND, params={"details": "true"}, conditional=True)
    if document is None:
        ctx.not_modified = True
        return
    account, jobs = account_listing(document)
    company = feed.company or text_field(account, "name") or feed.account
    for index, record in enumerate(jobs):
        try:
            posting = posting_from_job(record, account=feed.account, company=company)
        except MalformedItem as exc:
            where = item_where(document.url, index, record)
            ctx.errors.append(ItemError(where=where, message=str(exc)))
            continue
        yield posting


def account_listing(document: JsonDocument) -> tuple[JsonObject, list[Any]]:
    """The account object and its job records, or :class:`SourceError` for another shape."""
    body = json_object(document.body)
    jobs = body.get("jobs") if body is not None else None
    if body is None or not isinstance(jobs, list):
        raise SourceError(
            f"{KIND}: {document.url} did not answer with an account's jobs "
            "(expected an object with a 'jobs' array)"
        )
    return body, jobs


def posting_from_job(record: object, *, account: str, company: str) -> RawPosting:
    """The posting a Workable widget job describes (raw values, nothing normalised)."""
    job = require_object(record)
    description = text_field(job, "description") or ""
    return RawPosting(
        source=KIND,
        source_key=account,
        external_id=id_field(job, "shortcode"),
        title=title_field(job, "title"),
        description=description,
        description_is_html=bool(description),
        company=company,
        url=text_field(job, "url") or text_field(job, "shortlink"),
        apply_url=text_field(job, "application_url"),
        locations=locations_of(job),
        workplace="remote" if bool_field(job, "telecommuting") else None,
        employment_type=text_field(job, "employment_type"),
        posted_at=parse_iso_datetime(job.get("published_on"))
        or parse_iso_datetime(job.get("created_at")),
        department=text_field(job, "department"),
        facts=facts_from(
            [
                ("education", text_field(job, "education")),
                ("experience", text_field(job, "experience")),
                ("function", text_field(job, "function")),
                ("industry", text_field(job, "industry")),
                ("code", text_field(job, "code")),
            ]
        ),
        payload=dict(job),
    )


def locations_of(job: JsonObject) -> list[str]:
    """One "city, region, country" string per visible location of a widget job (the job's own
    fields when it lists none)."""
    return _visible_places(job) or distinct_texts([_place(job, region_key="state")])


def _visible_places(job: JsonObject) -> list[str]:
    # Locations marked hidden are not shown on the careers page, so they are not imported.
    return distinct_texts(
        _place(place)
        for place in object_items(list_field(job, "locations"))
        if bool_field(place, "hidden") is not True
    )


def _stop_early(ctx: FetchContext, where: str, why: str) -> None:
    ctx.incomplete = True
    ctx.errors.append(ItemError(where=where, message=f"{why}; the listing may be incomplete"))


def _place(record: JsonObject, *, region_key: str = "region") -> str | None:
    parts = [text_field(record, key) for key in ("city", region_key, "country")]
    return ", ".join(part for part in parts if part) or None


SOURCE = WorkableSource

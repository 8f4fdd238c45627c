"""Workable accounts, read through the public careers widget API.

``GET {base}/api/v1/widget/accounts/{account}?details=true`` returns the account's name and
every published job, descriptions included, in one document (the API is not paged).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, ClassVar

from jobpilot.sources._ats import (
    BoardToken,
    JsonDocument,
    MalformedItem,
    api_base,
    bool_field,
    distinct_texts,
    expect_config,
    facts_from,
    id_field,
    item_where,
    json_object,
    list_field,
    object_items,
    request_json,
    require_object,
    text_field,
    title_field,
)
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    JsonObject,
    RawPosting,
    SourceError,
    parse_iso_datetime,
)

KIND = "workable"
DEFAULT_BASE_URL = "https://apply.workable.com"


class WorkableConfig(FeedConfig):
    """A Workable account: ``account`` is the name in ``apply.workable.com/{account}``."""

    account: BoardToken
    company: str | None = None


class WorkableSource:
    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = WorkableConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every published job of the account."""
        feed = expect_config(config, WorkableConfig, KIND)
        base = api_base(feed.base_url, DEFAULT_BASE_URL)
        url = f"{base}/api/v1/widget/accounts/{feed.account}"
        document = await request_json(
            ctx, url, kind=KIND, params={"details": "true"}, conditional=True
        )
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
    """One "city, region, country" string per visible location (the job's own fields when
    it lists none)."""
    listed = [
        _place(place)
        for place in object_items(list_field(job, "locations"))
        if bool_field(place, "hidden") is not True
    ]
    if any(listed):
        return distinct_texts(listed)
    return distinct_texts([_place(job, region_key="state")])


def _place(record: JsonObject, *, region_key: str = "region") -> str | None:
    parts = [text_field(record, key) for key in ("city", region_key, "country")]
    return ", ".join(part for part in parts if part) or None


SOURCE = WorkableSource

"""SmartRecruiters companies, read through the public Posting API.

``GET {base}/v1/companies/{company}/postings?offset=N&limit=M`` pages through the published
postings (``totalFound`` says how many there are). The listing holds no description or link,
so by default each posting is also read from ``GET {base}/v1/companies/{company}/postings/{id}``
for its job ad, public page and apply link.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import ClassVar

from pydantic import Field

from jobpilot.sources._ats import (
    BoardToken,
    JsonDocument,
    ListingPage,
    MalformedItem,
    MaxPages,
    OffsetPaging,
    api_base,
    bool_field,
    detail_or_report,
    distinct_texts,
    expect_config,
    facts_from,
    id_field,
    item_where,
    json_object,
    label_field,
    list_field,
    object_field,
    object_items,
    offset_pages,
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

KIND = "smartrecruiters"
DEFAULT_BASE_URL = "https://api.smartrecruiters.com"

# The job ad's sections, in the order a reader expects them.
_AD_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


class SmartRecruitersConfig(FeedConfig):
    """A SmartRecruiters company: ``company`` is its identifier, as in
    ``jobs.smartrecruiters.com/{company}``."""

    company: BoardToken
    # The employer's name when it should not be taken from the postings.
    company_name: str | None = None
    # One extra request per posting; without it postings have no description and no link.
    fetch_details: bool = True
    page_size: int = Field(100, ge=1, le=100)
    max_pages: MaxPages = 100


class SmartRecruitersSource:
    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = SmartRecruitersConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every published posting of the company, page by page, with its job ad."""
        feed = expect_config(config, SmartRecruitersConfig, KIND)
        base = api_base(feed.base_url, DEFAULT_BASE_URL)
        url = f"{base}/v1/companies/{feed.company}/postings"
        paging = OffsetPaging(
            offset_param="offset",
            limit_param="limit",
            page_size=feed.page_size,
            max_pages=feed.max_pages,
            id_key="id",
        )
        yielded: set[str] = set()
        async for page in offset_pages(
            ctx, url, kind=KIND, params={}, paging=paging, read_page=read_page
        ):
            for index, record in enumerate(page.records):
                where = item_where(page.url, index, record)
                posting = await _read_posting(ctx, feed, url, record, where, skip_ids=yielded)
                if posting is not None:
                    yielded.add(posting.external_id)
                    yield posting


async def _read_posting(
    ctx: FetchContext,
    feed: SmartRecruitersConfig,
    listing_url: str,
    record: object,
    where: str,
    *,
    skip_ids: set[str],
) -> RawPosting | None:
    """The posting of one listing record with its details; ``None`` when it is a repeat or
    unreadable (then reported in ``ctx.errors``). A blocked detail request raises."""
    try:
        summary = require_object(record)
        external_id = id_field(summary, "id")
        title_field(summary, "name")
    except MalformedItem as exc:
        ctx.errors.append(ItemError(where=where, message=str(exc)))
        return None
    if external_id in skip_ids:
        return None
    detail: JsonObject | None = None
    if feed.fetch_details:
        detail_url = f"{listing_url}/{external_id}"
        detail = await detail_or_report(ctx, detail_url, kind=KIND, what="a posting object")
        if detail is None:
            return None
    try:
        return posting_from_record(
            summary, detail, company=feed.company, company_name=feed.company_name
        )
    except MalformedItem as exc:
        ctx.errors.append(ItemError(where=where, message=str(exc)))
        return None


def read_page(document: JsonDocument) -> ListingPage:
    """One page of postings, or :class:`SourceError` for any other shape."""
    body = json_object(document.body)
    content = body.get("content") if body is not None else None
    if body is None or not isinstance(content, list):
        raise SourceError(
            f"{KIND}: {document.url} did not answer with a postings page "
            "(expected an object with a 'content' array)"
        )
    total = body.get("totalFound")
    return ListingPage(
        url=document.url,
        records=content,
        total=total if isinstance(total, int) and not isinstance(total, bool) else None,
    )


def posting_from_record(
    summary: object,
    detail: JsonObject | None = None,
    *,
    company: str,
    company_name: str | None = None,
) -> RawPosting:
    """The posting a listing record (and its detail, when read) describes; raw values only.

    Fields are read from the detail where it has them, else from the listing record; the
    payload is the detail as the API sent it (it repeats the listing's fields), or the
    listing record without one.
    """
    listed = require_object(summary)
    posting = {**listed, **(detail or {})}
    location = object_field(posting, "location")
    description = description_html(object_field(posting, "jobAd"))
    return RawPosting(
        source=KIND,
        source_key=company,
        external_id=id_field(posting, "id"),
        title=title_field(posting, "name"),
        description=description,
        description_is_html=bool(description),
        company=company_name or text_field(object_field(posting, "company"), "name") or company,
        url=text_field(posting, "postingUrl"),
        apply_url=text_field(posting, "applyUrl"),
        locations=distinct_texts([location_text(location)]),
        workplace=workplace_of(location),
        employment_type=label_field(posting, "typeOfEmployment"),
        posted_at=parse_iso_datetime(posting.get("releasedDate")),
        department=label_field(posting, "department"),
        facts={
            **_custom_fields(posting),
            **facts_from(
                [
                    ("seniority", label_field(posting, "experienceLevel")),
                    ("industry", label_field(posting, "industry")),
                    ("function", label_field(posting, "function")),
                    ("ref_number", text_field(posting, "refNumber")),
                    ("language", text_field(object_field(posting, "language"), "code")),
                ]
            ),
        },
        payload=dict(detail) if detail is not None else dict(listed),
    )


def description_html(job_ad: JsonObject | None) -> str:
    """The job ad's sections as one HTML document, each under its own heading."""
    sections = object_field(job_ad, "sections")
    parts: list[str] = []
    for key in _AD_SECTIONS:
        section = object_field(sections, key)
        text = text_field(section, "text")
        if not text:
            continue
        heading = text_field(section, "title")
        if heading:
            parts.append(f"<h2>{html.escape(heading)}</h2>")
        parts.append(text)
    return "\n".join(parts)


def location_text(location: JsonObject | None) -> str | None:
    """The posting's location as SmartRecruiters writes it in full, else its parts joined."""
    full = text_field(location, "fullLocation")
    if full:
        return full
    parts = [text_field(location, key) for key in ("city", "region", "country")]
    return ", ".join(part for part in parts if part) or None


def workplace_of(location: JsonObject | None) -> str | None:
    """``remote``/``hybrid``/``onsite`` from the location's flags, when they say so."""
    remote = bool_field(location, "remote")
    hybrid = bool_field(location, "hybrid")
    if remote:
        return "remote"
    if hybrid:
        return "hybrid"
    if remote is False and hybrid is False:
        return "onsite"
    return None


def _custom_fields(posting: JsonObject) -> dict[str, str]:
    return facts_from(
        (label, text_field(entry, "valueLabel"))
        for entry in object_items(list_field(posting, "customField"))
        if (label := text_field(entry, "fieldLabel"))
    )


SOURCE = SmartRecruitersSource

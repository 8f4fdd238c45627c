"""Lever job sites, read through the public Postings API.

``GET {base}/v0/postings/{site}?mode=json&skip=N&limit=M`` returns one page of published
postings as a JSON array; a page shorter than ``limit`` is the last one. Sites hosted in
Lever's EU region answer at ``api.eu.lever.co`` instead of ``api.lever.co``.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import ClassVar, Literal

from pydantic import Field

from jobpilot.sources._ats import (
    BoardToken,
    JsonDocument,
    ListingPage,
    MalformedItem,
    MaxPages,
    OffsetPaging,
    api_base,
    distinct_texts,
    expect_config,
    facts_from,
    id_field,
    item_where,
    list_field,
    number_field,
    object_field,
    object_items,
    offset_pages,
    require_object,
    text_field,
    timestamp_from_epoch_ms,
    title_field,
)
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    JsonObject,
    RawPosting,
    SalaryHint,
    SalaryInterval,
    SourceError,
)

KIND = "lever"
BASE_URLS: dict[str, str] = {"global": "https://api.lever.co", "eu": "https://api.eu.lever.co"}

# Lever's salaryRange.interval values with a fixed period ("one-time" has none).
_INTERVALS: dict[str, SalaryInterval] = {
    "per-year-salary": "year",
    "per-month-salary": "month",
    "per-week-salary": "week",
    "per-day-salary": "day",
    "per-hour-wage": "hour",
}


class LeverConfig(FeedConfig):
    """A Lever site: ``site`` is the name in ``jobs.lever.co/{site}``."""

    site: BoardToken
    company: str | None = None
    region: Literal["global", "eu"] = "global"
    page_size: int = Field(100, ge=1, le=1000)
    max_pages: MaxPages = 100


class LeverSource:
    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = LeverConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every published posting of the site, page by page."""
        feed = expect_config(config, LeverConfig, KIND)
        url = postings_url(feed)
        paging = OffsetPaging(
            offset_param="skip",
            limit_param="limit",
            page_size=feed.page_size,
            max_pages=feed.max_pages,
            id_key="id",
        )
        yielded: set[str] = set()
        pages = offset_pages(
            ctx, url, kind=KIND, params={"mode": "json"}, paging=paging, read_page=read_page
        )
        async for page in pages:
            for index, record in enumerate(page.records):
                try:
                    posting = posting_from_record(record, site=feed.site, company=feed.company)
                except MalformedItem as exc:
                    where = item_where(page.url, index, record)
                    ctx.errors.append(ItemError(where=where, message=str(exc)))
                    continue
                if posting.external_id not in yielded:
                    yielded.add(posting.external_id)
                    yield posting


def postings_url(feed: LeverConfig) -> str:
    """The postings endpoint of the feed's site, on its region's host unless overridden."""
    return f"{api_base(feed.base_url, BASE_URLS[feed.region])}/v0/postings/{feed.site}"


def read_page(document: JsonDocument) -> ListingPage:
    """One page of postings, or :class:`SourceError` when the body is not a JSON array."""
    if not isinstance(document.body, list):
        raise SourceError(
            f"{KIND}: {document.url} did not answer with a postings list (expected a JSON array)"
        )
    return ListingPage(url=document.url, records=document.body)


def posting_from_record(record: object, *, site: str, company: str | None = None) -> RawPosting:
    """The posting a Lever record describes (raw values, nothing normalised)."""
    posting = require_object(record)
    categories = object_field(posting, "categories")
    all_locations = [
        value.strip() for value in list_field(categories, "allLocations") if isinstance(value, str)
    ]
    description, is_html = description_of(posting)
    return RawPosting(
        source=KIND,
        source_key=site,
        external_id=id_field(posting, "id"),
        title=title_field(posting, "text"),
        description=description,
        description_is_html=is_html,
        company=company or site,
        url=text_field(posting, "hostedUrl"),
        apply_url=text_field(posting, "applyUrl"),
        locations=distinct_texts([*all_locations, text_field(categories, "location")]),
        workplace=text_field(posting, "workplaceType"),
        employment_type=text_field(categories, "commitment"),
        salary=salary_from_range(object_field(posting, "salaryRange")),
        salary_text=text_field(posting, "salaryDescriptionPlain")
        or text_field(posting, "salaryDescription"),
        posted_at=timestamp_from_epoch_ms(posting.get("createdAt")),
        department=text_field(categories, "department"),
        facts=facts_from(
            [
                ("team", text_field(categories, "team")),
                ("country", text_field(posting, "country")),
            ]
        ),
        payload=dict(posting),
    )


def description_of(posting: JsonObject) -> tuple[str, bool]:
    """The full description and whether it is HTML.

    Lever splits a posting into an opening, titled lists (requirements, benefits …) and a
    closing; they are put back together in that order.
    """
    parts: list[str] = []
    opening = text_field(posting, "description")
    if opening:
        parts.append(opening)
    for section in object_items(list_field(posting, "lists")):
        heading = text_field(section, "text")
        items = text_field(section, "content")
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        if items:
            parts.append(f"<ul>{items}</ul>")
    closing = text_field(posting, "additional")
    if closing:
        parts.append(closing)
    if parts:
        return "\n".join(parts), True
    plain = [text_field(posting, "descriptionPlain"), text_field(posting, "additionalPlain")]
    return "\n\n".join(part for part in plain if part), False


def salary_from_range(salary_range: JsonObject | None) -> SalaryHint | None:
    """Lever's structured salary range, when it states an amount."""
    low = number_field(salary_range, "min")
    high = number_field(salary_range, "max")
    if low is None and high is None:
        return None
    interval = text_field(salary_range, "interval")
    return SalaryHint(
        minimum=low,
        maximum=high,
        currency=text_field(salary_range, "currency"),
        interval=_INTERVALS.get(interval) if interval else None,
    )


SOURCE = LeverSource

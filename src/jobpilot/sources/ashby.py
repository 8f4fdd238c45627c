"""Ashby job boards, read through the public Job Postings API.

``GET {base}/posting-api/job-board/{board}?includeCompensation=true`` returns every job of
the board in one document, with structured compensation when the employer publishes it.
Jobs marked ``isListed: false`` are hidden from the board and are not imported.
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
    number_field,
    object_field,
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
    SalaryHint,
    SalaryInterval,
    SourceError,
    parse_iso_datetime,
)

KIND = "ashby"
DEFAULT_BASE_URL = "https://api.ashbyhq.com"

# Ashby writes compensation intervals as "1 YEAR", "1 HOUR" …
_INTERVALS: dict[str, SalaryInterval] = {
    "1 YEAR": "year",
    "1 MONTH": "month",
    "1 WEEK": "week",
    "1 DAY": "day",
    "1 HOUR": "hour",
}


class AshbyConfig(FeedConfig):
    """An Ashby board: ``board`` is the name in ``jobs.ashbyhq.com/{board}``."""

    board: BoardToken
    company: str | None = None
    include_compensation: bool = True


class AshbySource:
    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = AshbyConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every listed job of the board."""
        feed = expect_config(config, AshbyConfig, KIND)
        base = api_base(feed.base_url, DEFAULT_BASE_URL)
        url = f"{base}/posting-api/job-board/{feed.board}"
        params = {"includeCompensation": "true" if feed.include_compensation else "false"}
        document = await request_json(ctx, url, kind=KIND, params=params, conditional=True)
        if document is None:
            ctx.not_modified = True
            return
        for index, record in enumerate(listed_jobs(document)):
            if bool_field(json_object(record), "isListed") is False:
                continue
            try:
                posting = posting_from_job(record, board=feed.board, company=feed.company)
            except MalformedItem as exc:
                where = item_where(document.url, index, record)
                ctx.errors.append(ItemError(where=where, message=str(exc)))
                continue
            yield posting


def listed_jobs(document: JsonDocument) -> list[Any]:
    """The job records of a board, or :class:`SourceError` for any other shape."""
    body = json_object(document.body)
    jobs = body.get("jobs") if body is not None else None
    if not isinstance(jobs, list):
        raise SourceError(
            f"{KIND}: {document.url} did not answer with a job board "
            "(expected an object with a 'jobs' array)"
        )
    return jobs


def posting_from_job(record: object, *, board: str, company: str | None = None) -> RawPosting:
    """The posting an Ashby job record describes (raw values, nothing normalised)."""
    job = require_object(record)
    secondary = [
        text_field(item, "location") for item in object_items(list_field(job, "secondaryLocations"))
    ]
    description_html = text_field(job, "descriptionHtml")
    compensation = object_field(job, "compensation")
    return RawPosting(
        source=KIND,
        source_key=board,
        external_id=id_field(job, "id"),
        title=title_field(job, "title"),
        description=description_html or text_field(job, "descriptionPlain") or "",
        description_is_html=description_html is not None,
        company=company or board,
        url=text_field(job, "jobUrl"),
        apply_url=text_field(job, "applyUrl"),
        locations=distinct_texts([text_field(job, "location"), *secondary]),
        workplace=text_field(job, "workplaceType") or _remote_flag(job),
        employment_type=text_field(job, "employmentType"),
        salary=salary_from_compensation(compensation),
        salary_text=text_field(compensation, "compensationTierSummary")
        or text_field(compensation, "scrapeableCompensationSalarySummary"),
        posted_at=parse_iso_datetime(job.get("publishedAt")),
        department=text_field(job, "department"),
        facts=facts_from(
            [
                ("team", text_field(job, "team")),
                ("country", _address_part(job, "addressCountry")),
            ]
        ),
        payload=dict(job),
    )


def salary_from_compensation(compensation: JsonObject | None) -> SalaryHint | None:
    """The salary component of Ashby's compensation summary (equity and bonus are not pay)."""
    for component in object_items(list_field(compensation, "summaryComponents")):
        if text_field(component, "compensationType") != "Salary":
            continue
        low = number_field(component, "minValue")
        high = number_field(component, "maxValue")
        if low is None and high is None:
            continue
        interval = text_field(component, "interval")
        return SalaryHint(
            minimum=low,
            maximum=high,
            currency=text_field(component, "currencyCode"),
            interval=_INTERVALS.get(interval.upper()) if interval else None,
        )
    return None


def _remote_flag(job: JsonObject) -> str | None:
    return "Remote" if bool_field(job, "isRemote") is True else None


def _address_part(job: JsonObject, key: str) -> str | None:
    return text_field(object_field(object_field(job, "address"), "postalAddress"), key)


SOURCE = AshbySource

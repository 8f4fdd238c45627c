"""Greenhouse job boards, read through the public Job Board API.

``GET {base}/v1/boards/{board}/jobs?content=true`` lists every published job of a board with
its description. With ``fetch_pay_ranges`` each job is also read from
``GET {base}/v1/boards/{board}/jobs/{id}?pay_transparency=true``, the only place Greenhouse
gives its structured pay ranges.
"""

from __future__ import annotations

import html
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
    SourceBlocked,
    SourceError,
    parse_iso_datetime,
)

KIND = "greenhouse"
DEFAULT_BASE_URL = "https://boards-api.greenhouse.io"

# Custom job fields ("metadata") that boards commonly use for these two facts.
_EMPLOYMENT_TYPE_FIELDS = frozenset(
    {"employment type", "employment_type", "job type", "type of employment", "commitment"}
)
_WORKPLACE_FIELDS = frozenset(
    {"workplace type", "workplace", "location type", "remote type", "work type", "work model"}
)


class GreenhouseConfig(FeedConfig):
    """A Greenhouse board: ``board`` is the token in ``boards.greenhouse.io/{board}``."""

    board: BoardToken
    # The employer's name when it should not be taken from the board.
    company: str | None = None
    # One extra request per job; Greenhouse lists pay ranges only on the job itself.
    fetch_pay_ranges: bool = False


class GreenhouseSource:
    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = GreenhouseConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every job on the board, with its pay ranges when the feed asks for them.

        When the pay-range requests get blocked, the remaining jobs are still yielded (the
        listing already holds them) and :class:`SourceBlocked` is raised at the end.
        """
        feed = expect_config(config, GreenhouseConfig, KIND)
        base = api_base(feed.base_url, DEFAULT_BASE_URL)
        url = f"{base}/v1/boards/{feed.board}/jobs"
        document = await request_json(
            ctx, url, kind=KIND, params={"content": "true"}, conditional=True
        )
        if document is None:
            ctx.not_modified = True
            return
        blocked: SourceBlocked | None = None
        for index, record in enumerate(listed_jobs(document)):
            try:
                posting = posting_from_job(record, board=feed.board, company=feed.company)
            except MalformedItem as exc:
                where = item_where(document.url, index, record)
                ctx.errors.append(ItemError(where=where, message=str(exc)))
                continue
            if feed.fetch_pay_ranges and blocked is None:
                try:
                    await _add_pay_ranges(posting, ctx, f"{url}/{posting.external_id}")
                except SourceBlocked as exc:
                    blocked = exc
            yield posting
        if blocked is not None:
            raise blocked


def listed_jobs(document: JsonDocument) -> list[Any]:
    """The job records of a board listing, or :class:`SourceError` for any other shape."""
    body = json_object(document.body)
    jobs = body.get("jobs") if body is not None else None
    if not isinstance(jobs, list):
        raise SourceError(
            f"{KIND}: {document.url} did not answer with a board listing "
            "(expected an object with a 'jobs' array)"
        )
    return jobs


def posting_from_job(record: object, *, board: str, company: str | None = None) -> RawPosting:
    """The posting a Greenhouse job record describes (raw values, nothing normalised)."""
    job = require_object(record)
    external_id = id_field(job, "id")
    title = title_field(job, "title")
    metadata = _metadata_values(list_field(job, "metadata"))
    departments = distinct_texts(
        text_field(item, "name") for item in object_items(list_field(job, "departments"))
    )
    offices = distinct_texts(
        text_field(item, "name") for item in object_items(list_field(job, "offices"))
    )
    content = text_field(job, "content") or ""
    return RawPosting(
        source=KIND,
        source_key=board,
        external_id=external_id,
        title=title,
        description=unescape_content(content),
        description_is_html=bool(content),
        company=company or text_field(job, "company_name") or board,
        url=text_field(job, "absolute_url"),
        # The board page carries the application form.
        apply_url=text_field(job, "absolute_url"),
        locations=distinct_texts([text_field(object_field(job, "location"), "name")]),
        workplace=_metadata_pick(metadata, _WORKPLACE_FIELDS) or _remote_flag(job),
        employment_type=_metadata_pick(metadata, _EMPLOYMENT_TYPE_FIELDS),
        posted_at=parse_iso_datetime(job.get("first_published"))
        or parse_iso_datetime(job.get("updated_at")),
        department=departments[0] if departments else None,
        facts={
            **metadata,
            **facts_from(
                [
                    ("departments", "; ".join(departments) if len(departments) > 1 else None),
                    ("offices", "; ".join(offices) or None),
                    ("requisition_id", text_field(job, "requisition_id")),
                    ("internal_job_id", _id_text(job.get("internal_job_id"))),
                ]
            ),
        },
        payload=dict(job),
    )


def unescape_content(content: str) -> str:
    """The HTML of a job description; the listing sends it entity-escaped (``&lt;p&gt;``)."""
    if "&lt;" in content and "<" not in content:
        return html.unescape(content)
    return content


def salary_from_pay_ranges(ranges: list[Any]) -> SalaryHint | None:
    """The first pay range with an amount, in currency units (Greenhouse gives cents).

    Greenhouse does not say per what period a range is, so the interval stays unknown.
    """
    for pay_range in object_items(ranges):
        low = number_field(pay_range, "min_cents")
        high = number_field(pay_range, "max_cents")
        if low is None and high is None:
            continue
        return SalaryHint(
            minimum=low / 100 if low is not None else None,
            maximum=high / 100 if high is not None else None,
            currency=text_field(pay_range, "currency_type"),
            interval=None,
        )
    return None


async def _add_pay_ranges(posting: RawPosting, ctx: FetchContext, url: str) -> None:
    try:
        document = await request_json(ctx, url, kind=KIND, params={"pay_transparency": "true"})
    except SourceBlocked:
        raise
    except SourceError as exc:
        ctx.errors.append(
            ItemError(where=url, message=f"imported without pay ranges: {exc}"),
        )
        return
    detail = json_object(document.body) if document is not None else None
    ranges = list_field(detail, "pay_input_ranges")
    if not ranges:
        return
    posting.payload["pay_input_ranges"] = ranges
    posting.salary = salary_from_pay_ranges(ranges)


def _metadata_values(entries: list[Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for entry in object_items(entries):
        name = text_field(entry, "name")
        value = _metadata_text(entry.get("value"))
        if name and value:
            values[name] = value
    return values


def _metadata_text(value: object) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return ", ".join(str(item).strip() for item in value if isinstance(item, str)) or None
    return None


def _metadata_pick(metadata: dict[str, str], names: frozenset[str]) -> str | None:
    for name, value in metadata.items():
        if name.casefold() in names:
            return value
    return None


def _remote_flag(job: JsonObject) -> str | None:
    for entry in object_items(list_field(job, "metadata")):
        name = text_field(entry, "name")
        if name and name.casefold() == "remote" and bool_field(entry, "value") is True:
            return "remote"
    return None


def _id_text(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)


SOURCE = GreenhouseSource

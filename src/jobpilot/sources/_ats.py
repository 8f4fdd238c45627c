"""What the applicant-tracking-system sources share.

Greenhouse, Lever, Ashby, SmartRecruiters and Workable all publish a JSON API. Each source
fetches documents through :func:`request_json` (or :func:`submit_json` for an API that searches
by POST), which turn HTTP failures into source errors;
reads fields out of untyped JSON with the ``*_field`` readers (a record missing its id or
title raises :class:`MalformedItem`, an odd optional field is ignored); and walks
offset-paged listings with :func:`offset_pages`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from pydantic import Field

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    HttpError,
    HttpStatusError,
    MalformedResponseError,
    RequestPolicy,
    ResponseTooLargeError,
)
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    JsonObject,
    SourceBlocked,
    SourceError,
)

# Board tokens, site names and account names go into URL paths: letters, digits and a few
# separators only, so a feed can never point a request at another path on the host.
BoardToken = Annotated[
    str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
]
# Upper bound on pages per run for paged listings, so a misbehaving server cannot keep a run
# going forever.
MaxPages = Annotated[int, Field(ge=1, le=10_000)]

ConfigT = TypeVar("ConfigT", bound=FeedConfig)

_HTTP_STATUS_HINTS = {
    401: "the board is private or needs credentials",
    403: "access was refused",
    404: "no such board, site or account (check the name)",
    410: "the board no longer exists",
}


class MalformedItem(ValueError):
    """A record lacks what every posting needs (an id, a title) or is not a JSON object."""


@dataclass(frozen=True, slots=True)
class JsonDocument:
    """A JSON response body and the URL it finally came from (after redirects)."""

    url: str
    body: object


def expect_config(config: FeedConfig, model: type[ConfigT], kind: str) -> ConfigT:
    """``config`` as the source's own config model, or a :class:`SourceError` saying why not."""
    if isinstance(config, model):
        return config
    raise SourceError(f"{kind}: expected a {model.__name__}, got {type(config).__name__}")


def api_base(configured: str | None, default: str) -> str:
    """The API root for a feed: its configured base URL, else the provider's public host."""
    return (configured or default).rstrip("/")


async def detail_or_report(
    ctx: FetchContext, url: str, *, kind: str, what: str
) -> JsonObject | None:
    """The JSON object at ``url`` (one job's details), or ``None`` with the failure reported
    in ``ctx.errors`` so the other jobs are kept. A blocked source raises."""
    try:
        document = await request_json(ctx, url, kind=kind)
        detail = json_object(document.body) if document is not None else None
        if detail is None:
            raise SourceError(f"{kind}: {url} did not answer with {what}")
    except SourceBlocked:
        raise
    except SourceError as exc:
        ctx.errors.append(ItemError(where=url, message=str(exc)))
        return None
    return detail


async def request_json(
    ctx: FetchContext,
    url: str,
    *,
    kind: str,
    params: Mapping[str, str | int] | None = None,
    conditional: bool = False,
) -> JsonDocument | None:
    """The JSON document at ``url``, or ``None`` when the server answered 304 Not Modified.

    Refusals (blocks, an open circuit) raise :class:`SourceBlocked`; every other failure
    (an HTTP error status, an oversized or non-JSON body, a network error after the client's
    retries) raises :class:`SourceError` naming the URL.
    """
    policy = RequestPolicy(circuit=kind, conditional=conditional)
    try:
        response = await ctx.http.get(url, policy=policy, params=params)
        if response.not_modified or response.status == 304:
            return None
        return JsonDocument(url=response.url, body=response.json())
    except HttpError as exc:
        raise source_error_for(exc, kind=kind, url=url) from exc


async def submit_json(
    ctx: FetchContext, url: str, *, kind: str, body: Mapping[str, object]
) -> JsonDocument:
    """The JSON document a POST of ``body`` (as JSON) to ``url`` answers, with the same
    failures as :func:`request_json` (never conditional)."""
    try:
        response = await ctx.http.post_json(url, policy=RequestPolicy(circuit=kind), body=body)
        return JsonDocument(url=response.url, body=response.json())
    except HttpError as exc:
        raise source_error_for(exc, kind=kind, url=url) from exc


def source_error_for(exc: HttpError, *, kind: str, url: str) -> SourceError:
    """The source error an HTTP failure means: :class:`SourceBlocked` for refusals (a block,
    an open circuit), else a :class:`SourceError` naming the URL and what went wrong."""
    if isinstance(exc, BlockedError | CircuitOpenError):
        return SourceBlocked(f"{kind}: {exc}")
    if isinstance(exc, ResponseTooLargeError):
        return SourceError(
            f"{kind}: the response from {url} is larger than the configured maximum "
            f"(http.max_response_bytes): {exc}"
        )
    if isinstance(exc, MalformedResponseError):
        return SourceError(f"{kind}: {url} did not answer with valid JSON: {exc}")
    if isinstance(exc, HttpStatusError):
        hint = _HTTP_STATUS_HINTS.get(exc.status)
        suffix = f" ({hint})" if hint else ""
        return SourceError(f"{kind}: {url} answered HTTP {exc.status}{suffix}")
    return SourceError(f"{kind}: fetching {url} failed: {exc}")


def json_object(value: object) -> JsonObject | None:
    """``value`` when it is a JSON object, else ``None``."""
    if isinstance(value, dict) and all(isinstance(key, str) for key in value):
        return value
    return None


def require_object(value: object) -> JsonObject:
    """``value`` as a JSON object, or :class:`MalformedItem`."""
    record = json_object(value)
    if record is None:
        raise MalformedItem(f"expected a JSON object, got {_json_type(value)}")
    return record


def id_field(record: Mapping[str, Any], key: str) -> str:
    """The record's identifier (a non-empty string or an integer) as a string."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedItem(f"missing or invalid {key!r} ({_json_type(value)})")
    text = str(value).strip()
    if not text:
        raise MalformedItem(f"empty {key!r}")
    return text


def title_field(record: Mapping[str, Any], key: str) -> str:
    """The record's title: a string with some text in it."""
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise MalformedItem(f"missing or invalid {key!r} ({_json_type(value)})")
    return value.strip()


def text_field(record: Mapping[str, Any] | None, key: str) -> str | None:
    """A non-blank string field, stripped; ``None`` when absent, blank or not a string."""
    if record is None:
        return None
    value = record.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def object_field(record: Mapping[str, Any] | None, key: str) -> JsonObject | None:
    """A nested JSON object, or ``None``."""
    return json_object(record.get(key)) if record is not None else None


def list_field(record: Mapping[str, Any] | None, key: str) -> list[Any]:
    """A JSON array field, or an empty list when absent or not an array."""
    value = record.get(key) if record is not None else None
    return value if isinstance(value, list) else []


def number_field(record: Mapping[str, Any] | None, key: str) -> float | None:
    """A numeric field (booleans excluded), or ``None``."""
    value = record.get(key) if record is not None else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def bool_field(record: Mapping[str, Any] | None, key: str) -> bool | None:
    """A boolean field, or ``None`` when absent or not a boolean."""
    value = record.get(key) if record is not None else None
    return value if isinstance(value, bool) else None


def label_field(record: Mapping[str, Any] | None, key: str) -> str | None:
    """The ``label`` of a nested ``{"id": …, "label": …}`` object."""
    return text_field(object_field(record, key), "label")


def object_items(values: Iterable[object]) -> list[JsonObject]:
    """The JSON objects among ``values`` (anything else is dropped)."""
    return [record for value in values if (record := json_object(value)) is not None]


def distinct_texts(values: Iterable[str | None]) -> list[str]:
    """The non-empty strings of ``values``, first occurrence kept, order preserved."""
    seen: set[str] = set()
    result: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            result.append(value)
    return result


def timestamp_from_epoch_ms(value: object) -> datetime | None:
    """Milliseconds since the Unix epoch as an aware UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def facts_from(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """A facts mapping from ``(name, value)`` pairs, leaving out empty values."""
    return {name: value for name, value in pairs if value}


def item_where(url: str, index: int, record: object) -> str:
    """Where a listing record is, for a person reading the run's errors."""
    fields = json_object(record)
    for key in ("id", "shortcode", "uuid"):
        value = fields.get(key) if fields is not None else None
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
            return f"{url} item {index} (id {value})"
    return f"{url} item {index}"


@dataclass(frozen=True, slots=True)
class ListingPage:
    """One page of a paged listing: its records and, when the API says, the total count."""

    url: str
    records: list[Any]
    total: int | None = None


@dataclass(frozen=True, slots=True)
class OffsetPaging:
    """How a listing pages by offset and limit (Lever calls the offset ``skip``)."""

    offset_param: str
    limit_param: str
    page_size: int
    max_pages: int
    id_key: str


async def offset_pages(
    ctx: FetchContext,
    url: str,
    *,
    kind: str,
    params: Mapping[str, str | int],
    paging: OffsetPaging,
    read_page: Callable[[JsonDocument], ListingPage],
) -> AsyncIterator[ListingPage]:
    """Every page of an offset-paged listing, first to last.

    Only the first page is requested conditionally: a 304 there sets ``ctx.not_modified`` and
    ends the walk. The walk ends on an empty page, on a short page when the API gives no
    total, once the total is reached, when the server repeats ids it already sent (it ignored
    the offset), or after ``paging.max_pages`` pages; the last two are reported in
    ``ctx.errors`` because the listing may be incomplete.
    """
    seen_ids: set[str] = set()
    offset = 0
    for page_number in range(paging.max_pages):
        page_params = {**params, paging.offset_param: offset, paging.limit_param: paging.page_size}
        document = await request_json(
            ctx, url, kind=kind, params=page_params, conditional=page_number == 0
        )
        if document is None:
            ctx.not_modified = True
            return
        page = read_page(document)
        page_ids = _record_ids(page.records, paging.id_key)
        if page_ids and page_ids <= seen_ids:
            ctx.incomplete = True
            ctx.errors.append(
                ItemError(
                    where=document.url,
                    message=f"the server repeated earlier postings at offset {offset}; "
                    "stopped paging",
                )
            )
            return
        seen_ids |= page_ids
        yield page
        offset += len(page.records)
        if not page.records:
            return
        if page.total is not None:
            if offset >= page.total:
                return
        elif len(page.records) < paging.page_size:
            return
    ctx.incomplete = True
    ctx.errors.append(
        ItemError(
            where=url,
            message=f"stopped after {paging.max_pages} pages (max_pages); "
            "the listing may be incomplete",
        )
    )


def _record_ids(records: list[Any], id_key: str) -> set[str]:
    ids: set[str] = set()
    for record in records:
        fields = json_object(record)
        value = fields.get(id_key) if fields is not None else None
        if isinstance(value, str | int) and not isinstance(value, bool):
            ids.add(str(value))
    return ids


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__

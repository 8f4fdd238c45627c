"""Cursor pagination: opaque, URL-safe cursors over a (sort key, id) pair."""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

from jobpilot.core.deps import SettingsDep
from jobpilot.core.errors import InvalidInput

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    limit: int
    cursor: list[Any] | None


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput("cursor is not valid") from exc
    if not isinstance(values, list):
        raise InvalidInput("cursor is not valid")
    return values


def page_params(
    settings: SettingsDep,
    limit: Annotated[
        int | None, Query(ge=1, description="Page size (default and maximum are settings)")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=512, description="From next_cursor")] = None,
) -> PageParams:
    size = limit or settings.api.page_size_default
    if size > settings.api.page_size_max:
        raise InvalidInput(f"limit may be at most {settings.api.page_size_max}")
    return PageParams(limit=size, cursor=decode_cursor(cursor) if cursor else None)


PageDep = Annotated[PageParams, Depends(page_params)]

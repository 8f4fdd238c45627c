"""The interface every job source implements, and the raw posting it yields.

A source turns one feed configuration into a stream of :class:`RawPosting`. It does no
normalisation beyond reading its provider's fields: salary text, location strings and HTML
descriptions are handed on as the provider gave them, and ``jobs.normalise`` makes one schema
of them. A source that gets blocked part-way raises :class:`SourceBlocked` after yielding what
it has; the caller keeps those postings and records the reason.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Protocol

from pydantic import BaseModel, ConfigDict

from jobpilot.core.settings import Settings

if TYPE_CHECKING:
    from jobpilot.core.http import HttpClient

JsonObject = dict[str, Any]
SalaryInterval = Literal["hour", "day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class SalaryHint:
    """A salary the provider gave as structured fields (never guessed)."""

    minimum: float | None
    maximum: float | None
    currency: str | None
    interval: SalaryInterval | None


@dataclass(slots=True)
class RawPosting:
    """One posting as a source saw it. ``payload`` is the provider's original record."""

    source: str
    external_id: str
    title: str
    description: str = ""
    description_is_html: bool = False
    company: str | None = None
    company_url: str | None = None
    url: str | None = None
    apply_url: str | None = None
    locations: list[str] = field(default_factory=list)
    workplace: str | None = None
    employment_type: str | None = None
    salary: SalaryHint | None = None
    salary_text: str | None = None
    posted_at: datetime | None = None
    valid_through: datetime | None = None
    department: str | None = None
    # Extra provider facts with no column of their own (seniority, industry, function …).
    facts: dict[str, str] = field(default_factory=dict)
    payload: JsonObject = field(default_factory=dict)
    # Which board or site of the source this came from ("acme" for a Greenhouse board):
    # (source, source_key, external_id) identifies a posting.
    source_key: str = ""


@dataclass(frozen=True, slots=True)
class ItemError:
    """One posting that could not be read; the run goes on without it.

    ``where`` locates it for a person: "line 17" for files, a URL or an id for feeds.
    """

    where: str
    message: str


class SourceError(Exception):
    """A source could not produce postings (bad configuration, unusable response)."""


class SourceBlocked(SourceError):
    """The provider refused further requests; postings yielded before this are kept."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FeedConfig(BaseModel):
    """Per-feed options; each source subclasses this with its own fields."""

    model_config = ConfigDict(extra="forbid")

    base_url: str | None = None


@dataclass(slots=True)
class FetchContext:
    """What a source needs for one run."""

    http: HttpClient
    settings: Settings
    # Start of the previous successful run, for sources that can ask for changes only.
    since: datetime | None = None
    # State a source keeps between runs (cursors, seen ids); saved with the feed.
    state: Mapping[str, Any] = field(default_factory=dict)
    new_state: dict[str, Any] = field(default_factory=dict)
    # Set by a source when its listing answered 304 Not Modified: nothing it yielded is
    # missing, the feed's postings are all still there.
    not_modified: bool = False
    # Set by a source that stopped before the end of its listing (a page cap, a server that
    # repeats itself): postings it did not reach must not count as gone.
    incomplete: bool = False
    # Postings skipped as unreadable, reported in the run's summary.
    errors: list[ItemError] = field(default_factory=list)


class Source(Protocol):
    """A job source. One module per implementation under ``jobpilot.sources``."""

    kind: ClassVar[str]
    config_model: ClassVar[type[FeedConfig]]

    def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every posting the feed currently lists (following pagination)."""
        ...


def parse_iso_datetime(value: object) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (naive values are UTC)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    # Python 3.11 reads "Z" but not a fraction longer than microseconds or a "+0000" offset.
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)

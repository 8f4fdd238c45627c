"""A posting a person hands over: a URL or pasted text.

A URL is fetched (it is the user's explicit request, so robots.txt does not apply; the HTTP
layer still refuses private addresses). When the page carries schema.org ``JobPosting``
JSON-LD, that is read; otherwise the title comes from ``og:title``, the first ``<h1>`` or
``<title>``, and the description is the page's ``<article>``, ``<main>`` or ``<body>`` without
navigation, header, footer, scripts and forms.

Pasted text: the title is the first non-empty line that is not a ``Name: value`` header line
(or a ``Title:`` line); header lines such as ``Company: Acme``, ``Location: Berlin`` and
``Salary: €60k`` fill those fields (the first of each wins). The external id is a hash of the
text with whitespace collapsed and case folded, or of the URL.

Whatever the config gives as ``title``, ``company`` or ``location`` overrides what was read.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar, Self
from urllib.parse import urldefrag, urlsplit

from pydantic import Field, model_validator
from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    FetchedResponse,
    HttpError,
    RequestPolicy,
)
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    RawPosting,
    SourceBlocked,
    SourceError,
)
from jobpilot.sources.jsonld import (
    JobPostingError,
    find_jobpostings,
    jobposting_to_raw,
    stable_id,
)

KIND = "manual"
TEXT_SOURCE_KEY = "text"
_MAX_TEXT = 200_000
# Header names, lower-cased, and the field each fills.
_HEADER_FIELDS = {
    "title": "title",
    "job title": "title",
    "position": "title",
    "role": "title",
    "company": "company",
    "employer": "company",
    "organisation": "company",
    "organization": "company",
    "location": "location",
    "locations": "location",
    "salary": "salary",
    "compensation": "salary",
    "pay": "salary",
    "salary range": "salary",
    "employment type": "employment_type",
    "job type": "employment_type",
    "contract": "employment_type",
    "department": "department",
    "team": "department",
    "apply": "apply_url",
    "apply at": "apply_url",
    "url": "url",
    "link": "url",
}
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:\s*(\S.*?)\s*$")
_NOISE_TAGS = ["nav", "header", "footer", "script", "style", "noscript", "form", "aside"]


class ManualConfig(FeedConfig):
    """One posting: a URL to read or pasted text (exactly one), with optional overrides."""

    url: str | None = Field(None, max_length=4000)
    text: str | None = Field(None, max_length=_MAX_TEXT)
    title: str | None = Field(None, max_length=500)
    company: str | None = Field(None, max_length=300)
    location: str | None = Field(None, max_length=300)

    @model_validator(mode="after")
    def _url_or_text(self) -> Self:
        has_url = bool(self.url and self.url.strip())
        has_text = bool(self.text and self.text.strip())
        if has_url == has_text:
            raise ValueError("give exactly one of url or text")
        if has_url and urlsplit(self.url or "").scheme not in ("http", "https"):
            raise ValueError("url must be an absolute http(s) URL")
        return self


@dataclass(slots=True)
class TextFields:
    """What pasted text says about itself."""

    title: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    description: str = ""


class ManualSource:
    """A single posting from a URL or pasted text."""

    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = ManualConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield the posting(s) the URL or text describes."""
        if not isinstance(config, ManualConfig):
            raise SourceError(f"manual: expected a ManualConfig, got {type(config).__name__}")
        if config.text is not None and config.text.strip():
            postings = [posting_from_text(config.text, title=config.title)]
        else:
            postings = await _postings_from_url(config.url or "", ctx)
        for posting in postings:
            yield apply_overrides(posting, config)


def posting_from_text(text: str, *, title: str | None = None) -> RawPosting:
    """A posting read from pasted text (``title`` given by the user wins). Raises
    :class:`SourceError` when there is no title."""
    fields = read_text_fields(text)
    chosen_title = (title or "").strip() or fields.title
    if not chosen_title:
        raise SourceError("manual: the text has no line that could be the title")
    headers = fields.headers
    return RawPosting(
        source=KIND,
        source_key=TEXT_SOURCE_KEY,
        external_id=stable_id(normalise_text(text)),
        title=chosen_title,
        description=fields.description,
        company=headers.get("company"),
        locations=[headers["location"]] if "location" in headers else [],
        salary_text=headers.get("salary"),
        employment_type=headers.get("employment_type"),
        department=headers.get("department"),
        url=headers.get("url"),
        apply_url=headers.get("apply_url"),
        payload={"text": text, "headers": headers},
    )


def read_text_fields(text: str) -> TextFields:
    """The title, the header lines and the description of pasted text.

    Header lines are read only in the text's opening block (before the first line that is
    neither blank, a header nor the title), so a "Role: …" sentence in the body is not taken
    for a header. The description is the text without the title and header lines.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    headers: dict[str, str] = {}
    consumed: set[int] = set()
    title: str | None = None
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        header = _header(line)
        if header is not None:
            headers.setdefault(header[0], header[1])
            consumed.add(index)
        elif title is None and "title" not in headers:
            title = line.strip()
            consumed.add(index)
        else:
            break
    title = headers.pop("title", None) or title
    body = [line for index, line in enumerate(lines) if index not in consumed]
    return TextFields(title=title, headers=headers, description="\n".join(body).strip())


def normalise_text(text: str) -> str:
    """``text`` with runs of whitespace collapsed and case folded (for stable ids)."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def posting_from_html(page: LexborHTMLParser, *, url: str) -> RawPosting | None:
    """A posting read from a page without JSON-LD; ``None`` when it has no title."""
    title = (
        _meta(page, "og:title")
        or _text(page.css_first("h1"))
        or _text(page.css_first("head title, title"))
    )
    if not title:
        return None
    content = _main_content(page)
    if content is not None:
        description, is_html = (content.html or "").strip(), True
    else:
        description = _meta(page, "og:description") or _meta(page, "description") or ""
        is_html = False
    site_name = _meta(page, "og:site_name")
    return RawPosting(
        source=KIND,
        source_key=urlsplit(url).hostname or "",
        external_id=stable_id(url),
        title=title,
        description=description,
        description_is_html=is_html,
        url=url,
        facts={"site_name": site_name} if site_name else {},
        payload={"url": url, "title": title, "description": description},
    )


def apply_overrides(posting: RawPosting, config: ManualConfig) -> RawPosting:
    """``posting`` with the title, company and location the user gave."""
    if config.title and config.title.strip():
        posting.title = config.title.strip()
    if config.company and config.company.strip():
        posting.company = config.company.strip()
    if config.location and config.location.strip():
        posting.locations = [config.location.strip()]
    return posting


async def _postings_from_url(url: str, ctx: FetchContext) -> list[RawPosting]:
    url = urldefrag(url.strip()).url
    response = await _fetch(url, ctx)
    page = LexborHTMLParser(response.text())
    host = urlsplit(url).hostname or ""
    found = find_jobpostings(page, page_url=response.url)
    ctx.errors.extend(found.errors)
    postings: list[RawPosting] = []
    for obj in found.postings:
        try:
            postings.append(
                jobposting_to_raw(obj, source=KIND, source_key=host, page_url=response.url)
            )
        except JobPostingError as exc:
            ctx.errors.append(ItemError(where=response.url, message=str(exc)))
    if postings:
        return postings
    posting = posting_from_html(page, url=url)
    if posting is None:
        raise SourceError(f"manual: {url} has no job title (no JSON-LD, og:title, h1 or title)")
    posting.url = response.url
    return [posting]


async def _fetch(url: str, ctx: FetchContext) -> FetchedResponse:
    try:
        return await ctx.http.get(url, policy=RequestPolicy(circuit=KIND))
    except (BlockedError, CircuitOpenError) as exc:
        raise SourceBlocked(f"manual: {exc}") from exc
    except HttpError as exc:
        raise SourceError(f"manual: fetching {url} failed: {exc}") from exc


def _header(line: str) -> tuple[str, str] | None:
    match = _HEADER_LINE.match(line)
    if match is None:
        return None
    name = _HEADER_FIELDS.get(re.sub(r"\s+", " ", match.group(1)).strip().lower())
    return (name, match.group(2)) if name else None


def _main_content(page: LexborHTMLParser) -> LexborNode | None:
    for selector in ("article", "main", '[role="main"]', "body"):
        node = page.css_first(selector)
        if node is None:
            continue
        node.strip_tags(_NOISE_TAGS)
        if _text(node):
            return node
    return None


def _meta(page: LexborHTMLParser, name: str) -> str | None:
    node = page.css_first(f'meta[property="{name}"], meta[name="{name}"]')
    if node is None:
        return None
    return (node.attributes.get("content") or "").strip() or None


def _text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    return re.sub(r"\s+", " ", node.text(deep=True)).strip() or None


SOURCE = ManualSource

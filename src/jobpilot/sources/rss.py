"""Job feeds in RSS 2.0 (and RSS 1.0) or Atom.

Each ``<item>``/``<entry>`` becomes a posting: RSS ``title``, ``link``, ``guid``,
``content:encoded`` or ``description``, ``pubDate`` (or ``dc:date``), ``category``,
``author``/``dc:creator``; Atom ``id``, ``title``, ``link rel="alternate"``,
``published``/``updated``, ``content``/``summary``, ``author/name``, ``category``. Common job
extensions are read by element name in any namespace: ``company``, ``location`` (or
``city``/``state``/``country``), ``salary``, ``jobtype``/``job_type``/``employment_type``.

Titles that carry the company or location: when no item of the feed has a company or
location element, :func:`split_title` reads ``"Senior Engineer at Acme (Berlin)"`` and
``"Acme: Senior Engineer - Remote"`` (see it for the exact rule). A configured ``company``
always wins over what the feed or the title says.

The feed is requested conditionally: a 304 answer sets ``ctx.not_modified``. A feed that is not
well-formed XML fails the run with a :class:`SourceError`; an item without a title is skipped
with an :class:`ItemError`. The XML declaration's encoding is honoured (the bytes go to the
parser undecoded).
"""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from pydantic import field_validator

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    HttpError,
    RequestPolicy,
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
from jobpilot.sources.jsonld import looks_like_html, stable_id

KIND = "rss"
_ATOM = "{http://www.w3.org/2005/Atom}"
_COMPANY_TAGS = ("company", "companyname", "company_name", "hiringorganization", "employer")
_LOCATION_TAGS = ("location", "joblocation", "job_location")
_PLACE_PART_TAGS = ("city", "state", "region", "country")
_SALARY_TAGS = ("salary", "compensation")
_EMPLOYMENT_TAGS = ("jobtype", "job_type", "employmenttype", "employment_type")
# "(m/w/d)", "(f/m/x)", "(all genders)": gender notes in German-speaking job titles.
_GENDER_NOTE = re.compile(r"^\s*(?:[a-z*]{1,3}\s*/\s*)+[a-z*]{1,3}\s*$|gender", re.IGNORECASE)
# Prefixes before a colon that are not employers ("Remote: Senior Engineer").
_NOT_COMPANIES = frozenset(
    {"remote", "urgent", "hiring", "now hiring", "new", "job", "jobs", "featured", "wanted", "re"}
)


class RssConfig(FeedConfig):
    """An RSS or Atom feed URL, and the company that publishes it when the feed is one
    employer's (``base_url`` is unused)."""

    url: str
    company: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
            raise ValueError("url must be an absolute http(s) URL")
        return value


@dataclass(frozen=True, slots=True)
class TitleParts:
    title: str
    company: str | None = None
    location: str | None = None


@dataclass(frozen=True, slots=True)
class FeedItem:
    """The fields of one item or entry, as text."""

    title: str | None
    link: str | None
    guid: str | None
    description: str
    description_is_html: bool
    published: str | None
    updated: str | None
    categories: list[str]
    author: str | None
    company: str | None
    location: str | None
    salary: str | None
    employment_type: str | None
    payload: JsonObject


class RssSource:
    """Job postings from an RSS 2.0 or Atom feed."""

    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = RssConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield one posting per feed item."""
        if not isinstance(config, RssConfig):
            raise SourceError(f"rss: expected an RssConfig, got {type(config).__name__}")
        host = urlsplit(config.url).hostname or ""
        policy = RequestPolicy(circuit=f"{KIND}:{host}", conditional=True)
        try:
            response = await ctx.http.get(config.url, policy=policy)
        except (BlockedError, CircuitOpenError) as exc:
            raise SourceBlocked(f"rss: {exc}") from exc
        except HttpError as exc:
            raise SourceError(f"rss: fetching {config.url} failed: {exc}") from exc
        if response.not_modified or response.status == 304:
            ctx.not_modified = True
            return
        items = parse_feed(response.content, feed_url=response.url)
        split_titles = not any(item.company or item.location for item in items)
        source_key = _feed_key(config.url)
        for number, item in enumerate(items, start=1):
            try:
                posting = item_to_raw(
                    item,
                    source_key=source_key,
                    company=config.company,
                    split_titles=split_titles,
                )
            except ValueError as exc:
                where = item.guid or item.link or f"{config.url} item {number}"
                ctx.errors.append(ItemError(where=where, message=str(exc)))
                continue
            yield posting


def parse_feed(content: bytes, *, feed_url: str) -> list[FeedItem]:
    """The items of an RSS 2.0, RSS 1.0 or Atom document.

    Raises :class:`SourceError` when the document is empty, not well-formed or not a feed.
    """
    body = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not body:
        raise SourceError(f"rss: {feed_url} returned an empty document")
    try:
        root = SafeET.fromstring(body)
    except ParseError as exc:
        raise SourceError(f"rss: {feed_url} is not well-formed XML ({exc})") from exc
    except DefusedXmlException as exc:
        raise SourceError(f"rss: {feed_url} uses forbidden XML features ({exc})") from exc
    name = _local(root.tag).lower()
    if name == "feed":
        return [_atom_entry(entry, feed_url) for entry in root if _local(entry.tag) == "entry"]
    if name == "rss":
        channel = next((child for child in root if _local(child.tag) == "channel"), None)
        elements = list(channel) if channel is not None else []
    elif name == "rdf":
        elements = list(root)
    else:
        raise SourceError(f"rss: {feed_url} is not an RSS or Atom feed (root element <{name}>)")
    return [_rss_item(element, feed_url) for element in elements if _local(element.tag) == "item"]


def item_to_raw(
    item: FeedItem, *, source_key: str, company: str | None, split_titles: bool
) -> RawPosting:
    """A feed item as a raw posting. Raises ``ValueError`` when it has no title."""
    title = _clean_title(item.title)
    if not title:
        raise ValueError("item has no title")
    parts = split_title(title) if split_titles else TitleParts(title)
    facts = {"categories": ", ".join(item.categories), "author": item.author or ""}
    if item.updated:
        facts["updated"] = item.updated
    location = item.location or parts.location
    return RawPosting(
        source=KIND,
        source_key=source_key,
        external_id=item.guid or item.link or stable_id(title, item.published or ""),
        title=parts.title,
        description=item.description,
        description_is_html=item.description_is_html,
        company=company or item.company or parts.company,
        url=item.link,
        locations=[location] if location else [],
        employment_type=item.employment_type,
        salary_text=item.salary,
        posted_at=parse_feed_datetime(item.published or item.updated),
        facts={name: value for name, value in facts.items() if value},
        payload=item.payload,
    )


def split_title(title: str) -> TitleParts:
    """The job title, company and location a combined feed title carries.

    Two shapes are read; anything else is returned unchanged:

    - ``"{title} at {company}"`` or ``"{title} @ {company}"``, optionally followed by
      ``" ({location})"``; the last `` at `` separates title and company.
    - ``"{company}: {title}"``, optionally followed by ``" ({location})"`` or by
      ``" - {location}"`` (also an en or em dash, or ``|``); the text after the last separator
      is the location. Prefixes such as "Remote:" or "Urgent:" are not companies.

    A parenthesised gender note such as "(m/w/d)" stays in the title and is never a location.
    """
    text = title.strip()
    colon = re.match(r"^(?P<company>[^:]{1,80}?)\s*:\s+(?P<rest>\S.*)$", text)
    if colon and colon.group("company").strip().lower() not in _NOT_COMPANIES:
        rest, location = _trailing_location(colon.group("rest"), dashes=True)
        if rest:
            return TitleParts(rest, colon.group("company").strip(), location)
    for separator in (" @ ", " at "):
        head, found, tail = text.rpartition(separator)
        if found and head.strip() and tail.strip():
            company, location = _trailing_location(tail, dashes=False)
            if company and len(company) <= 80:
                return TitleParts(head.strip(), company, location)
    return TitleParts(text)


def parse_feed_datetime(value: str | None) -> datetime | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom, Dublin Core) date as an aware UTC datetime."""
    if not value or not value.strip():
        return None
    moment = parse_iso_datetime(value)
    if moment is not None:
        return moment
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _trailing_location(text: str, *, dashes: bool) -> tuple[str, str | None]:
    """``text`` split into what comes before a trailing location and the location."""
    text = text.strip()
    bracket = re.match(r"^(?P<head>.+?)\s*\((?P<place>[^()]+)\)$", text)
    if bracket:
        if _GENDER_NOTE.search(bracket.group("place")):
            return text, None
        return bracket.group("head").strip(), bracket.group("place").strip()
    if dashes:
        dash = re.match(r"^(?P<head>.+)\s+[-–—|]\s+(?P<place>[^-–—|]+)$", text)  # noqa: RUF001
        if dash:
            return dash.group("head").strip(), dash.group("place").strip()
    return text, None


def _rss_item(element: Element, feed_url: str) -> FeedItem:
    children = _children(element)
    link = _first(children, "link") or _href_link(element, feed_url)
    encoded = _first(children, "encoded")
    description = encoded or _first(children, "description") or ""
    return FeedItem(
        title=_first(children, "title"),
        link=urljoin(feed_url, link) if link else None,
        guid=_first(children, "guid"),
        description=description,
        description_is_html=looks_like_html(description),
        published=_first(children, "pubdate") or _first(children, "date"),
        updated=_first(children, "updated"),
        categories=children.get("category", []),
        author=_first(children, "author") or _first(children, "creator"),
        company=_first_of(children, _COMPANY_TAGS),
        location=_location(children),
        salary=_first_of(children, _SALARY_TAGS),
        employment_type=_first_of(children, _EMPLOYMENT_TAGS),
        payload=_payload(children, feed_url),
    )


def _atom_entry(element: Element, feed_url: str) -> FeedItem:
    children = _children(element)
    link = _href_link(element, feed_url)
    content = _atom_text(element, "content") or _atom_text(element, "summary")
    description, is_html = content if content else ("", False)
    author = element.find(f"{_ATOM}author/{_ATOM}name")
    categories = [
        term
        for category in element.findall(f"{_ATOM}category")
        if (term := (category.get("label") or category.get("term") or "").strip())
    ]
    payload = _payload(children, feed_url)
    if link:
        payload["link"] = link
    return FeedItem(
        title=_first(children, "title"),
        link=link,
        guid=_first(children, "id"),
        description=description,
        description_is_html=is_html,
        published=_first(children, "published") or _first(children, "issued"),
        updated=_first(children, "updated"),
        categories=categories,
        author=_element_text(author),
        company=_first_of(children, _COMPANY_TAGS),
        location=_location(children),
        salary=_first_of(children, _SALARY_TAGS),
        employment_type=_first_of(children, _EMPLOYMENT_TAGS),
        payload=payload,
    )


def _atom_text(element: Element, name: str) -> tuple[str, bool] | None:
    """An Atom text construct's value and whether it is HTML."""
    node = element.find(f"{_ATOM}{name}")
    if node is None:
        return None
    kind = (node.get("type") or "text").lower()
    if kind == "xhtml":
        for descendant in node.iter():
            # Plain tag names: an HTML reader knows nothing of the XHTML namespace prefix.
            descendant.tag = _local(descendant.tag)
        markup = "".join(tostring(child, encoding="unicode") for child in node)
        return markup.strip(), True
    text = (node.text or "").strip()
    if not text:
        return None
    return text, kind in ("html", "text/html") or looks_like_html(text)


def _children(element: Element) -> dict[str, list[str]]:
    """Each child element's text by lower-cased local name (namespaces dropped)."""
    fields: dict[str, list[str]] = {}
    for child in element:
        text = (child.text or "").strip()
        if text:
            fields.setdefault(_local(child.tag).lower(), []).append(text)
    return fields


def _href_link(element: Element, feed_url: str) -> str | None:
    """The ``href`` of the item's alternate (or first rel-less) ``<link>`` element."""
    for child in element:
        if _local(child.tag) != "link":
            continue
        href = (child.get("href") or "").strip()
        if href and (child.get("rel") or "alternate") == "alternate":
            return urljoin(feed_url, href)
    return None


def _location(children: dict[str, list[str]]) -> str | None:
    named = _first_of(children, _LOCATION_TAGS)
    if named:
        return named
    parts = [part for tag in _PLACE_PART_TAGS if (part := _first(children, tag))]
    return ", ".join(parts) or None


def _first(children: dict[str, list[str]], name: str) -> str | None:
    values = children.get(name)
    return values[0] if values else None


def _first_of(children: dict[str, list[str]], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = _first(children, name)
        if value:
            return value
    return None


def _payload(children: dict[str, list[str]], feed_url: str) -> JsonObject:
    payload: JsonObject = {
        name: values[0] if len(values) == 1 else values for name, values in children.items()
    }
    payload["feed_url"] = feed_url
    return payload


def _clean_title(value: str | None) -> str | None:
    if value is None:
        return None
    # Feed titles are often HTML-escaped twice ("R&amp;amp;D" in the XML).
    return re.sub(r"\s+", " ", html.unescape(value)).strip() or None


def _element_text(element: Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _feed_key(url: str) -> str:
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc}{parts.path}{query}"


SOURCE = RssSource

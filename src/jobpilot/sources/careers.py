"""Company career pages carrying schema.org ``JobPosting`` JSON-LD.

Three ways to find the pages, chosen per feed with ``mode``:

- ``page``: one URL; every JobPosting on it is read.
- ``listing``: a listing page whose same-host links lead to job pages. A link is followed when
  the absolute URL matches ``url_glob`` (shell-style: ``*/jobs/*``) or ``url_pattern`` (a
  regular expression searched in it, kept for older feeds and restricted so that it cannot
  backtrack for long, see :func:`check_url_pattern`), or, with neither, when its path looks
  like a job (``/job``, ``/jobs/``, ``/careers/``, ``/positions/``, ``/vacancies/`` …).
  ``rel="next"`` pagination of the listing is followed too.
- ``sitemap``: the site's sitemaps (``Sitemap:`` lines of robots.txt, else ``/sitemap.xml``;
  or ``url`` itself when it names a ``.xml``/``.xml.gz`` file), sitemap indexes included.
  URLs are filtered like listing links. A page whose ``<lastmod>`` is older than the previous
  run and that was read before is not fetched again: its posting ids are carried over in
  ``ctx.new_state["unchanged_ids"]``.

This is generic crawling, so robots.txt is respected: a disallowed page is skipped with an
:class:`ItemError`. ``max_pages`` bounds the pages fetched per run (listing and job pages).
"""

from __future__ import annotations

import fnmatch
import re
import zlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from pydantic import Field, field_validator, model_validator
from selectolax.lexbor import LexborHTMLParser

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    FetchedResponse,
    HttpError,
    RequestPolicy,
    RobotsDisallowedError,
)
from jobpilot.sources.base import (
    FeedConfig,
    FetchContext,
    ItemError,
    RawPosting,
    SourceBlocked,
    SourceError,
    parse_iso_datetime,
)
from jobpilot.sources.jsonld import (
    JobPostingError,
    find_jobpostings,
    jobposting_to_raw,
)

if TYPE_CHECKING:
    import sre_constants as regex_ops
    import sre_parse as regex_syntax
else:
    # The standard library's own regular-expression parser (``sre_parse`` is its deprecated
    # public name; the stubs describe both).
    from re import _constants as regex_ops
    from re import _parser as regex_syntax

KIND = "careers"
# A path segment that names a job or a careers area, in a few languages.
JOB_PATH = re.compile(
    r"/(?:jobs?|careers?|positions?|vacanc(?:y|ies)|openings?|opportunit(?:y|ies)"
    r"|stellen(?:angebote)?|karriere|emplois?|empleos?|vacatures?)(?:[/_.?-]|$)",
    re.IGNORECASE,
)
# Sitemap indexes may nest; real sites use one or two levels.
_MAX_SITEMAP_DEPTH = 4
_MAX_SITEMAP_FILES = 100
_GZIP_MAGIC = b"\x1f\x8b"
# Bounds that keep matching one link against a feed's pattern to milliseconds: a pattern is
# at most this long, a longer link is never followed, and a regular expression may try at
# most this many ways to match at one position (one open-ended quantifier; see
# check_url_pattern).
MAX_URL_PATTERN_LENGTH = 200
MAX_MATCHED_URL_LENGTH = 1024
# A `*` alone may stop after 0 to MAX_MATCHED_URL_LENGTH characters.
_MAX_MATCH_CHOICES = MAX_MATCHED_URL_LENGTH + 1
_REPEATS = (regex_ops.MAX_REPEAT, regex_ops.MIN_REPEAT, regex_ops.POSSESSIVE_REPEAT)


class CareersConfig(FeedConfig):
    """A career site: its URL and how to find job pages from it (``base_url`` is unused)."""

    url: str
    mode: Literal["page", "listing", "sitemap"] = "page"
    max_pages: int = Field(200, ge=1, le=10_000)
    url_glob: str | None = Field(None, min_length=1, max_length=MAX_URL_PATTERN_LENGTH)
    # Length and safety are checked by check_url_pattern, with messages of its own.
    url_pattern: str | None = Field(None, min_length=1)

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname:
            raise ValueError("url must be an absolute http(s) URL")
        return value

    @field_validator("url_pattern")
    @classmethod
    def _safe_pattern(cls, value: str | None) -> str | None:
        return check_url_pattern(value) if value is not None else None

    @model_validator(mode="after")
    def _one_link_filter(self) -> CareersConfig:
        if self.url_glob is not None and self.url_pattern is not None:
            raise ValueError("give url_glob or url_pattern, not both")
        return self

    def has_link_filter(self) -> bool:
        """Whether the feed says which links are jobs (else the path guess decides)."""
        return self.url_glob is not None or self.url_pattern is not None

    def matches_link_filter(self, url: str) -> bool:
        """Whether ``url`` matches the feed's ``url_glob`` or ``url_pattern``."""
        if len(url) > MAX_MATCHED_URL_LENGTH:
            return False
        if self.url_glob is not None:
            return fnmatch.fnmatchcase(url, self.url_glob)
        return self.url_pattern is not None and re.search(self.url_pattern, url) is not None


class UnsafePatternError(ValueError):
    """A ``url_pattern`` that could take very long to search (or is no regular expression)."""


def check_url_pattern(pattern: str) -> str:
    """``pattern`` unchanged when it is a regular expression that cannot backtrack for long.

    Searching a link costs up to the number of ways the pattern can match at one position,
    times the link's length. So a pattern may not use backreferences, conditionals or
    lookarounds, nor put a quantifier on a part that can itself match in several ways
    (``(a+)+``, ``(a|ab)*``, ``(?:a?){10}``: nested quantifiers); and the ways its parts can
    match, multiplied together, must stay within what one open-ended quantifier gives
    (``.*.*x`` and ``/(jobs|careers)/.*`` have too many).
    Raises :class:`UnsafePatternError` saying why.
    """
    if len(pattern) > MAX_URL_PATTERN_LENGTH:
        raise UnsafePatternError(f"url_pattern is longer than {MAX_URL_PATTERN_LENGTH} characters")
    try:
        re.compile(pattern)
        parsed = regex_syntax.parse(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        raise UnsafePatternError(f"url_pattern is not a valid regular expression: {exc}") from exc
    if _match_choices(parsed) > _MAX_MATCH_CHOICES:
        raise UnsafePatternError(
            "url_pattern has more than one open-ended quantifier (+, *, {n,}) or too many "
            "optional parts, so searching a link could take very long; use url_glob "
            "(e.g. */jobs/*) or a simpler expression"
        )
    return pattern


def _match_choices(pattern: regex_syntax.SubPattern) -> int:
    """How many ways a parsed regular expression can match at one position (capped)."""
    total = 1
    for op, argument in pattern.data:
        total = min(total * _item_choices(op, argument), _MAX_MATCH_CHOICES + 1)
    return total


def _item_choices(op: int, argument: object) -> int:
    if op in (regex_ops.GROUPREF, regex_ops.GROUPREF_EXISTS):
        raise UnsafePatternError("url_pattern may not use backreferences or conditional groups")
    if op in (regex_ops.ASSERT, regex_ops.ASSERT_NOT):
        raise UnsafePatternError("url_pattern may not use lookahead or lookbehind")
    if op == regex_ops.SUBPATTERN and isinstance(argument, tuple):
        return _match_choices(argument[-1])
    if op == regex_ops.ATOMIC_GROUP and isinstance(argument, regex_syntax.SubPattern):
        return _match_choices(argument)
    if op == regex_ops.BRANCH and isinstance(argument, tuple):
        return _branch_choices(argument[1])
    if op in _REPEATS and isinstance(argument, tuple):
        low, high, body = argument
        return _repeat_choices(low, high, _match_choices(body))
    return 1


def _branch_choices(branches: list[regex_syntax.SubPattern]) -> int:
    choices = [_match_choices(branch) for branch in branches]
    starts = [_first_literal(branch) for branch in branches]
    # Alternatives that begin with different characters ("jobs|careers") never both match
    # at one position, so only one of them is ever explored.
    if None not in starts and len(set(starts)) == len(starts):
        return max(choices)
    return min(sum(choices), _MAX_MATCH_CHOICES + 1)


def _first_literal(branch: regex_syntax.SubPattern) -> str | None:
    if not branch.data:
        return None
    op, argument = branch.data[0]
    if op == regex_ops.LITERAL and isinstance(argument, int):
        # Folded, since (?i) makes "J" and "j" the same character.
        return chr(argument).casefold()
    return None


def _repeat_choices(low: int, high: int, body_choices: int) -> int:
    # Even a fixed count of such a part ((?:a?){10}) makes the engine retry every
    # combination of its copies.
    if body_choices > 1:
        raise UnsafePatternError(
            "url_pattern repeats a part that can itself match in several ways (nested "
            "quantifiers such as (a+)+ or a repeated alternation such as (a|b)*); use a "
            "character class such as [ab]* or url_glob"
        )
    if low == high:
        return 1
    # An open-ended quantifier can stop at any length up to the longest link followed.
    longest = MAX_MATCHED_URL_LENGTH if high >= regex_syntax.MAXREPEAT else high
    return max(longest - low + 1, 1)


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True, slots=True)
class Sitemap:
    """One sitemap document: either an index of further sitemaps or a list of pages."""

    is_index: bool
    entries: list[SitemapEntry]


@dataclass(slots=True)
class _Crawl:
    """One run's bookkeeping: pages fetched, postings already yielded, ids per page."""

    config: CareersConfig
    ctx: FetchContext
    policy: RequestPolicy
    site_hosts: set[str]
    pages_fetched: int = 0
    postings_found: int = 0
    budget_reported: bool = False
    yielded: set[str] = field(default_factory=set)
    ids_by_page: dict[str, list[str]] = field(default_factory=dict)

    def has_budget(self) -> bool:
        if self.pages_fetched < self.config.max_pages:
            return True
        if not self.budget_reported:
            self.budget_reported = True
            self.ctx.incomplete = True
            self.ctx.errors.append(
                ItemError(
                    where=self.config.url,
                    message=f"stopped after {self.config.max_pages} pages (max_pages); "
                    "some job pages were not read",
                )
            )
        return False

    def is_job_url(self, url: str) -> bool:
        if not is_same_site(url, self.site_hosts):
            return False
        if self.config.has_link_filter():
            return self.config.matches_link_filter(url)
        return JOB_PATH.search(urlsplit(url).path) is not None


class CareersSource:
    """Job postings from a company's own career pages (schema.org JSON-LD)."""

    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = CareersConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield every JobPosting the configured page, listing or sitemap leads to."""
        if not isinstance(config, CareersConfig):
            raise SourceError(f"careers: expected a CareersConfig, got {type(config).__name__}")
        host = urlsplit(config.url).hostname or ""
        crawl = _Crawl(
            config=config,
            ctx=ctx,
            policy=RequestPolicy(circuit=f"{KIND}:{host}", respect_robots=True),
            site_hosts={_bare_host(host)},
        )
        if config.mode == "page":
            pages = self._single_page(crawl)
        elif config.mode == "listing":
            pages = self._listing(crawl)
        else:
            pages = self._sitemap(crawl)
        async for posting in pages:
            yield posting
        if config.mode == "sitemap":
            ctx.new_state["pages"] = crawl.ids_by_page
        if crawl.postings_found == 0 and crawl.pages_fetched > 0:
            ctx.errors.append(
                ItemError(
                    where=config.url,
                    message=f"no schema.org JobPosting found on the {crawl.pages_fetched} "
                    "page(s) read",
                )
            )

    async def _single_page(self, crawl: _Crawl) -> AsyncIterator[RawPosting]:
        response = await _fetch_entry(crawl, crawl.config.url)
        for posting in _postings_on(crawl, response, LexborHTMLParser(response.text())):
            yield posting

    async def _listing(self, crawl: _Crawl) -> AsyncIterator[RawPosting]:
        response = await _fetch_entry(crawl, crawl.config.url)
        # The listing may redirect to another host name (www, a careers subdomain).
        crawl.site_hosts.add(_bare_host(urlsplit(response.url).hostname or ""))
        visited = {_without_fragment(crawl.config.url)}
        queued: set[str] = set()
        while True:
            visited.add(_without_fragment(response.url))
            tree = LexborHTMLParser(response.text())
            for posting in _postings_on(crawl, response, tree):
                yield posting
            next_url = next_page_url(tree, response.url)
            for link in page_links(tree, response.url):
                if link in visited or link in queued or link == next_url:
                    continue
                if not crawl.is_job_url(link):
                    continue
                queued.add(link)
                if not crawl.has_budget():
                    return
                async for posting in self._job_page(crawl, link):
                    yield posting
            if (
                next_url is None
                or next_url in visited
                or not is_same_site(next_url, crawl.site_hosts)
            ):
                return
            if not crawl.has_budget():
                return
            visited.add(next_url)
            next_response = await _fetch_item_page(crawl, next_url)
            if next_response is None:
                return
            response = next_response

    async def _sitemap(self, crawl: _Crawl) -> AsyncIterator[RawPosting]:
        entries = await _sitemap_entries(crawl)
        since = crawl.ctx.since
        read_before = _pages_state(crawl.ctx.state.get("pages"))
        unchanged: list[str] = []
        seen: set[str] = set()
        for entry in entries:
            url = _without_fragment(entry.url)
            if url in seen or not crawl.is_job_url(url):
                continue
            seen.add(url)
            previous_ids = read_before.get(url)
            if (
                since is not None
                and entry.lastmod is not None
                and previous_ids is not None
                and entry.lastmod < since
            ):
                crawl.ids_by_page[url] = previous_ids
                unchanged.extend(previous_ids)
                continue
            if not crawl.has_budget():
                break
            async for posting in self._job_page(crawl, url):
                yield posting
        crawl.ctx.new_state["unchanged_ids"] = unchanged

    async def _job_page(self, crawl: _Crawl, url: str) -> AsyncIterator[RawPosting]:
        response = await _fetch_item_page(crawl, url)
        if response is None:
            return
        tree = LexborHTMLParser(response.text())
        postings = _postings_on(crawl, response, tree, page_key=url)
        # Without a filter the links were a guess, and a page without postings is expected.
        if not crawl.ids_by_page[url] and crawl.config.has_link_filter():
            crawl.ctx.errors.append(
                ItemError(where=url, message="no schema.org JobPosting JSON-LD on this page")
            )
        for posting in postings:
            yield posting


def is_same_site(url: str, site_hosts: set[str]) -> bool:
    """Whether ``url`` is on one of the site's hosts (``www.`` ignored)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and _bare_host(parts.hostname or "") in site_hosts


def page_links(tree: LexborHTMLParser, page_url: str) -> Iterator[str]:
    """The absolute http(s) URLs the page links to, fragments removed, in document order."""
    base_node = tree.css_first("base[href]")
    base = urljoin(page_url, base_node.attributes.get("href") or "") if base_node else page_url
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = _without_fragment(urljoin(base, href))
        if urlsplit(url).scheme in ("http", "https"):
            yield url


def next_page_url(tree: LexborHTMLParser, page_url: str) -> str | None:
    """The listing's next page from ``<link rel="next">`` or ``<a rel="next">``."""
    for node in tree.css('link[rel~="next" i][href], a[rel~="next" i][href]'):
        href = (node.attributes.get("href") or "").strip()
        if href:
            return _without_fragment(urljoin(page_url, href))
    return None


def read_sitemap(content: bytes, *, max_bytes: int) -> Sitemap:
    """A sitemap or sitemap index document (gzip-compressed or not).

    Raises ``ValueError`` when the document is not a readable sitemap.
    """
    if content.startswith(_GZIP_MAGIC):
        content = _gunzip(content, max_bytes=max_bytes)
    try:
        root = SafeET.fromstring(content.lstrip())
    except (ParseError, DefusedXmlException) as exc:
        raise ValueError(f"not well-formed XML: {exc}") from exc
    kind = _local_name(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap (root element <{kind}>)")
    entries: list[SitemapEntry] = []
    for child in root:
        if _local_name(child.tag) not in ("url", "sitemap"):
            continue
        loc = _child_text(child, "loc")
        if loc:
            entries.append(SitemapEntry(loc, parse_iso_datetime(_child_text(child, "lastmod"))))
    return Sitemap(is_index=kind == "sitemapindex", entries=entries)


async def _sitemap_entries(crawl: _Crawl) -> list[SitemapEntry]:
    queue = [(url, 0) for url in await _sitemap_roots(crawl)]
    done: set[str] = set()
    entries: list[SitemapEntry] = []
    read_any = False
    while queue and len(done) < _MAX_SITEMAP_FILES:
        url, depth = queue.pop(0)
        if url in done:
            continue
        done.add(url)
        response = await _fetch_item_page(crawl, url, counts=False)
        if response is None:
            continue
        try:
            sitemap = read_sitemap(
                response.content, max_bytes=crawl.ctx.settings.http.max_response_bytes
            )
        except ValueError as exc:
            crawl.ctx.errors.append(ItemError(where=url, message=f"unreadable sitemap: {exc}"))
            continue
        read_any = True
        if not sitemap.is_index:
            entries.extend(sitemap.entries)
        elif depth < _MAX_SITEMAP_DEPTH:
            queue.extend((entry.url, depth + 1) for entry in sitemap.entries)
    if not read_any:
        raise SourceError(f"careers: no readable sitemap for {crawl.config.url}")
    return entries


async def _sitemap_roots(crawl: _Crawl) -> list[str]:
    url = crawl.config.url
    if urlsplit(url).path.lower().endswith((".xml", ".xml.gz")):
        return [url]
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    try:
        listed = await crawl.ctx.http.sitemaps(origin, policy=crawl.policy)
    except (BlockedError, CircuitOpenError) as exc:
        raise SourceBlocked(f"careers: {exc}") from exc
    except HttpError:
        listed = []
    return listed or [f"{origin}/sitemap.xml"]


async def _fetch_entry(crawl: _Crawl, url: str) -> FetchedResponse:
    """The feed's own URL: any failure ends the run."""
    try:
        response = await crawl.ctx.http.get(url, policy=crawl.policy)
    except RobotsDisallowedError as exc:
        raise SourceError(f"careers: robots.txt disallows {url}") from exc
    except (BlockedError, CircuitOpenError) as exc:
        raise SourceBlocked(f"careers: {exc}") from exc
    except HttpError as exc:
        raise SourceError(f"careers: fetching {url} failed: {exc}") from exc
    crawl.pages_fetched += 1
    return response


async def _fetch_item_page(
    crawl: _Crawl, url: str, *, counts: bool = True
) -> FetchedResponse | None:
    """A page found while crawling, or ``None`` (recorded as an item error) when it fails."""
    try:
        response = await crawl.ctx.http.get(url, policy=crawl.policy)
    except RobotsDisallowedError:
        crawl.ctx.errors.append(ItemError(where=url, message="disallowed by robots.txt"))
        return None
    except (BlockedError, CircuitOpenError) as exc:
        raise SourceBlocked(f"careers: {exc}") from exc
    except HttpError as exc:
        crawl.ctx.errors.append(ItemError(where=url, message=str(exc)))
        return None
    if counts:
        crawl.pages_fetched += 1
    return response


def _postings_on(
    crawl: _Crawl,
    response: FetchedResponse,
    tree: LexborHTMLParser,
    *,
    page_key: str | None = None,
) -> list[RawPosting]:
    found = find_jobpostings(tree, page_url=response.url)
    crawl.ctx.errors.extend(found.errors)
    postings: list[RawPosting] = []
    ids: list[str] = []
    source_key = _bare_host(urlsplit(crawl.config.url).hostname or "")
    for obj in found.postings:
        try:
            posting = jobposting_to_raw(
                obj, source=KIND, source_key=source_key, page_url=response.url
            )
        except JobPostingError as exc:
            crawl.ctx.errors.append(ItemError(where=response.url, message=str(exc)))
            continue
        ids.append(posting.external_id)
        if posting.external_id in crawl.yielded:
            continue
        crawl.yielded.add(posting.external_id)
        postings.append(posting)
    crawl.postings_found += len(ids)
    if page_key is not None:
        crawl.ids_by_page[page_key] = ids
    return postings


def _pages_state(value: object) -> dict[str, list[str]]:
    """The previous run's page → posting ids map, ignoring anything malformed."""
    if not isinstance(value, dict):
        return {}
    return {
        url: [item for item in ids if isinstance(item, str)]
        for url, ids in value.items()
        if isinstance(url, str) and isinstance(ids, list)
    }


def _gunzip(content: bytes, *, max_bytes: int) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise ValueError(f"broken gzip data: {exc}") from exc
    if len(data) > max_bytes:
        # A small download that inflates past the response limit (a "zip bomb").
        raise ValueError(f"decompressed sitemap is larger than {max_bytes} bytes")
    return data


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local_name(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _bare_host(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def _without_fragment(url: str) -> str:
    return urldefrag(url).url


SOURCE = CareersSource

"""LinkedIn job search through the logged-out ("guest") pages. Off by default.

LinkedIn's user agreement forbids automated access, so this source runs only when the operator
sets ``ingest.linkedin.enabled`` and is written to stay small and polite: every request goes
through one circuit ("linkedin") with a per-domain rate budget, a random pause before each
request (3 to 7 s by default), the proxy rotation and a persisted cookie jar. Results come ten
cards a page from ``/jobs-guest/jobs/api/seeMoreJobPostings/search`` paged by ``start``; the
walk ends on an empty page, a page that only repeats earlier cards, or ``max_results`` (at most
1,000). With ``fetch_details`` each card's ``/jobs-guest/jobs/api/jobPosting/{id}`` page adds
the description, seniority, employment type, function, industries and direct apply URL.

A 429 the client could not wait out, a 999, a redirect to the login wall, a security
verification page or a results page without cards after the first one ends the run with
:class:`SourceBlocked`, raised after the postings already read have been yielded.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import structlog
from pydantic import Field, field_validator
from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobpilot.core.http import (
    BlockedError,
    CircuitOpenError,
    FetchedResponse,
    HttpError,
    HttpStatusError,
    RequestPolicy,
)
from jobpilot.core.settings import LinkedInSettings
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

log = structlog.get_logger(__name__)

KIND = "linkedin"
DEFAULT_BASE_URL = "https://www.linkedin.com"
SEARCH_PATH = "/jobs-guest/jobs/api/seeMoreJobPostings/search"
DETAIL_PATH = "/jobs-guest/jobs/api/jobPosting/{job_id}"
# LinkedIn's logged-out search stops answering past this many results.
MAX_RESULTS = 1000

TERMS_WARNING = (
    "LinkedIn's User Agreement does not allow scraping or other automated access to its site, "
    "and LinkedIn may block addresses or accounts that do it. jobpilot reads only the public, "
    "logged-out job search pages, slowly, but turning this source on is your decision and "
    "your responsibility: check that it is lawful where you are and acceptable to you, keep "
    "the number of searches and results small, and prefer the employers' own career pages or "
    "job boards when they publish the same jobs."
)

DISABLED_MESSAGE = (
    "linkedin: this source is off by default. To use it, read the terms warning "
    "(shown when a LinkedIn feed is added) and set ingest.linkedin.enabled = true "
    "(environment variable JOBPILOT_INGEST__LINKEDIN__ENABLED=true)."
)

# Where LinkedIn sends clients it wants to sign in or to verify.
_WALL_PATHS = ("/authwall", "/login", "/uas/login", "/checkpoint", "/signup")
_CHALLENGE_MARKERS = (
    "captcha",
    "security verification",
    "security check",
    "checkpoint/challenge",
    "unusual activity",
)
_JOB_ID_IN_URN = re.compile(r"urn:li:jobPosting:(\d+)")
_JOB_ID_IN_URL = re.compile(r"/jobs/view/(?:[^/?#]*?-)?(\d+)(?:[/?#]|$)")
_CRITERIA_FIELDS = {
    "seniority level": "seniority",
    "employment type": "employment_type",
    "job function": "job_function",
    "industries": "industries",
}


class LinkedInConfig(FeedConfig):
    """One LinkedIn job search. Unset options fall back to ``ingest.linkedin`` settings."""

    keywords: str = Field(min_length=1, max_length=500)
    location: str | None = Field(None, max_length=200)
    geo_id: str | None = Field(None, pattern=r"^\d{1,20}$")
    remote: bool | None = None
    posted_within_hours: int | None = Field(None, ge=1, le=24 * 365)
    max_results: int | None = Field(None, ge=1, le=MAX_RESULTS)
    fetch_details: bool | None = None

    @field_validator("keywords")
    @classmethod
    def _has_words(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("keywords must not be blank")
        return value.strip()


@dataclass(slots=True)
class ResultCard:
    """What one search result card shows."""

    job_id: str
    title: str | None
    company: str | None = None
    company_url: str | None = None
    location: str | None = None
    posted: str | None = None
    url: str | None = None
    salary: str | None = None


@dataclass(slots=True)
class JobDetails:
    """What the posting's guest detail page adds to its card."""

    description: str | None = None
    criteria: dict[str, str] = field(default_factory=dict)
    apply_url: str | None = None
    salary: str | None = None


@dataclass(frozen=True, slots=True)
class SearchPage:
    cards: list[ResultCard]
    # Cards present but unreadable (no title), reported as item errors.
    broken: list[str]


class LinkedInSource:
    """Job postings from LinkedIn's logged-out job search (off unless enabled)."""

    kind: ClassVar[str] = KIND
    config_model: ClassVar[type[FeedConfig]] = LinkedInConfig

    async def fetch(self, config: FeedConfig, ctx: FetchContext) -> AsyncIterator[RawPosting]:
        """Yield the search's postings, page by page, until the results (or the budget) end."""
        if not isinstance(config, LinkedInConfig):
            raise SourceError(f"linkedin: expected a LinkedInConfig, got {type(config).__name__}")
        settings = ctx.settings.ingest.linkedin
        if not settings.enabled:
            raise SourceError(DISABLED_MESSAGE)
        base = (config.base_url or DEFAULT_BASE_URL).rstrip("/")
        policy = polite_policy(settings)
        limit = min(config.max_results or settings.max_results, MAX_RESULTS)
        with_details = (
            settings.fetch_details if config.fetch_details is None else config.fetch_details
        )
        seen: set[str] = set()
        yielded = 0
        start = 0
        while yielded < limit:
            page = await _search_page(ctx, base, config, start, policy)
            if page is None:
                return
            ctx.errors.extend(
                ItemError(where=f"{base}{SEARCH_PATH} start={start}", message=message)
                for message in page.broken
            )
            fresh = [card for card in page.cards if card.job_id not in seen]
            if page.cards and not fresh:
                log.info("linkedin_results_repeated", start=start)
                return
            for card in fresh:
                if yielded >= limit:
                    return
                seen.add(card.job_id)
                posting = card_to_raw(card, base=base)
                blocked: SourceBlocked | None = None
                if with_details:
                    try:
                        details = await _job_details(ctx, base, card.job_id, policy)
                    except SourceBlocked as exc:
                        blocked, details = exc, None
                    if details is not None:
                        add_details(posting, details)
                yield posting
                yielded += 1
                if blocked is not None:
                    raise blocked
            start += settings.page_size


def polite_policy(settings: LinkedInSettings) -> RequestPolicy:
    """The request policy every LinkedIn request uses."""
    return RequestPolicy(
        circuit=KIND,
        rate_limit=settings.rate_limit,
        delay_seconds=(settings.delay_min_seconds, settings.delay_max_seconds),
        use_proxies=True,
        cookie_jar=KIND,
        block_statuses=frozenset({999}),
    )


def search_params(config: LinkedInConfig, start: int) -> dict[str, str | int]:
    """The query of one search results page."""
    params: dict[str, str | int] = {"keywords": config.keywords}
    if config.location:
        params["location"] = config.location
    if config.geo_id:
        params["geoId"] = config.geo_id
    if config.remote is not None:
        # LinkedIn's workplace filter: 1 on-site, 2 remote, 3 hybrid.
        params["f_WT"] = "2" if config.remote else "1,3"
    if config.posted_within_hours:
        params["f_TPR"] = f"r{config.posted_within_hours * 3600}"
    params["start"] = start
    return params


def read_search_page(html: str, *, page_url: str) -> SearchPage:
    """The result cards of one search page."""
    tree = LexborHTMLParser(html)
    nodes = tree.css('[data-entity-urn*="urn:li:jobPosting:"]') or tree.css(
        ".base-search-card, .job-search-card"
    )
    cards: list[ResultCard] = []
    broken: list[str] = []
    for node in nodes:
        card = _read_card(node, page_url)
        if card is None:
            broken.append("a result card without a job id")
        elif not card.title:
            broken.append(f"result card {card.job_id} has no title")
        else:
            cards.append(card)
    return SearchPage(cards=cards, broken=broken)


def read_job_details(html: str, *, page_url: str) -> JobDetails | None:
    """The detail page's description, criteria and apply link; ``None`` if it has none."""
    tree = LexborHTMLParser(html)
    markup = tree.css_first("div.show-more-less-html__markup") or tree.css_first(
        "div.description__text"
    )
    criteria: dict[str, str] = {}
    for item in tree.css("li.description__job-criteria-item"):
        name = _node_text(item.css_first(".description__job-criteria-subheader"))
        value = _node_text(item.css_first(".description__job-criteria-text"))
        if name and value:
            criteria[name] = value
    if markup is None and not criteria:
        return None
    description = (markup.inner_html or "").strip() if markup is not None else None
    return JobDetails(
        description=description or None,
        criteria=criteria,
        apply_url=_apply_url(tree, page_url),
        salary=_node_text(tree.css_first(".compensation__salary, .salary")),
    )


def card_to_raw(card: ResultCard, *, base: str) -> RawPosting:
    """A result card as a raw posting (the detail page may add to it)."""
    title = card.title or ""
    payload: JsonObject = {
        "job_id": card.job_id,
        "title": card.title,
        "company": card.company,
        "company_url": card.company_url,
        "location": card.location,
        "posted": card.posted,
        "url": card.url,
        "salary": card.salary,
    }
    return RawPosting(
        source=KIND,
        external_id=card.job_id,
        title=title,
        company=card.company,
        company_url=card.company_url,
        url=card.url or f"{base}/jobs/view/{card.job_id}",
        locations=[card.location] if card.location else [],
        salary_text=card.salary,
        posted_at=parse_iso_datetime(card.posted),
        payload={key: value for key, value in payload.items() if value is not None},
    )


def add_details(posting: RawPosting, details: JobDetails) -> None:
    """Fill ``posting`` with what its detail page says."""
    if details.description:
        posting.description = details.description
        posting.description_is_html = True
    if details.apply_url:
        posting.apply_url = details.apply_url
    if details.salary and not posting.salary_text:
        posting.salary_text = details.salary
    for label, value in details.criteria.items():
        name = _CRITERIA_FIELDS.get(label.strip().lower())
        if name == "employment_type":
            posting.employment_type = value
        elif name is not None:
            posting.facts[name] = value
    posting.payload["details"] = {
        "description": details.description,
        "criteria": details.criteria,
        "apply_url": details.apply_url,
        "salary": details.salary,
    }


def block_reason(response: FetchedResponse, html: str) -> str | None:
    """Why the response is a block page (login wall, challenge), or ``None``."""
    path = urlsplit(response.url).path.lower()
    if any(path.startswith(wall) for wall in _WALL_PATHS):
        return f"redirected to {path} (LinkedIn asks for a sign-in)"
    lowered = html.lower()
    for marker in _CHALLENGE_MARKERS:
        if marker in lowered:
            return f"LinkedIn answered with a challenge page ({marker!r})"
    return None


async def _search_page(
    ctx: FetchContext, base: str, config: LinkedInConfig, start: int, policy: RequestPolicy
) -> SearchPage | None:
    """One results page, or ``None`` when the results have ended."""
    url = f"{base}{SEARCH_PATH}"
    try:
        response = await ctx.http.get(url, policy=policy, params=search_params(config, start))
    except (BlockedError, CircuitOpenError) as exc:
        raise SourceBlocked(f"linkedin: {exc} (results so far are kept)") from exc
    except HttpStatusError as exc:
        if exc.status in (429, 999):
            raise SourceBlocked(f"linkedin: {url} answered {exc.status}") from exc
        if start > 0 and exc.status in (400, 404):
            # The guest search answers 400 once start passes the last result.
            return None
        raise SourceError(f"linkedin: {url} answered HTTP {exc.status}") from exc
    except HttpError as exc:
        raise SourceError(f"linkedin: fetching {url} failed: {exc}") from exc
    html = response.text()
    page = read_search_page(html, page_url=response.url)
    if page.cards or page.broken:
        return page
    reason = block_reason(response, html)
    if reason is not None:
        raise SourceBlocked(f"linkedin: {reason}")
    # Past the last result the guest search answers an empty body.
    if not html.strip():
        return None
    if start == 0:
        log.warning("linkedin_first_page_without_cards", url=response.url)
        return None
    raise SourceBlocked(
        f"linkedin: the results page at start={start} had no job cards (likely a block page)"
    )


async def _job_details(
    ctx: FetchContext, base: str, job_id: str, policy: RequestPolicy
) -> JobDetails | None:
    """The posting's details, or ``None`` when its page is gone or unreadable."""
    url = f"{base}{DETAIL_PATH.format(job_id=job_id)}"
    try:
        response = await ctx.http.get(url, policy=policy)
    except (BlockedError, CircuitOpenError) as exc:
        raise SourceBlocked(f"linkedin: {exc} (results so far are kept)") from exc
    except HttpStatusError as exc:
        if exc.status in (429, 999):
            raise SourceBlocked(f"linkedin: {url} answered {exc.status}") from exc
        log.warning("linkedin_details_unavailable", job_id=job_id, status=exc.status)
        return None
    except HttpError as exc:
        log.warning("linkedin_details_failed", job_id=job_id, error=str(exc))
        return None
    html = response.text()
    details = read_job_details(html, page_url=response.url)
    if details is None:
        reason = block_reason(response, html)
        if reason is not None:
            raise SourceBlocked(f"linkedin: {reason}")
        log.warning("linkedin_details_empty", job_id=job_id)
    return details


def _read_card(node: LexborNode, page_url: str) -> ResultCard | None:
    link = node.css_first("a.base-card__full-link") or (
        node if node.tag == "a" and node.attributes.get("href") else None
    )
    href = _link(link, page_url)
    job_id = _job_id(node, href)
    if job_id is None:
        return None
    subtitle = node.css_first("h4.base-search-card__subtitle")
    time_node = node.css_first("time")
    return ResultCard(
        job_id=job_id,
        title=_node_text(node.css_first("h3.base-search-card__title")),
        company=_node_text(subtitle),
        company_url=_link(subtitle.css_first("a[href]"), page_url) if subtitle else None,
        location=_node_text(node.css_first("span.job-search-card__location")),
        posted=(time_node.attributes.get("datetime") or None) if time_node else None,
        url=href,
        salary=_node_text(node.css_first("span.job-search-card__salary-info")),
    )


def _job_id(node: LexborNode, href: str | None) -> str | None:
    for attribute in ("data-entity-urn", "data-id"):
        value = node.attributes.get(attribute) or ""
        found = _JOB_ID_IN_URN.search(value)
        if found:
            return found.group(1)
        if value.isdigit():
            return value
    if href:
        found = _JOB_ID_IN_URL.search(href)
        if found:
            return found.group(1)
    return None


def _apply_url(tree: LexborHTMLParser, page_url: str) -> str | None:
    """The employer's apply link, which the guest page hides in a comment in
    ``code#applyUrl`` (wrapped in LinkedIn's ``externalApply`` redirect)."""
    code = tree.css_first("code#applyUrl")
    if code is None:
        return None
    raw = (code.inner_html or "").strip()
    raw = raw.removeprefix("<!--").removesuffix("-->").strip()
    if raw.startswith('"'):
        try:
            raw = str(json.loads(raw))
        except ValueError:
            raw = raw.strip('"')
    if not raw:
        return None
    url = urljoin(page_url, raw)
    parts = urlsplit(url)
    if "externalapply" in parts.path.lower():
        target = parse_qs(parts.query).get("url")
        if target and target[0].startswith(("http://", "https://")):
            return target[0]
    return url


def _link(node: LexborNode | None, page_url: str) -> str | None:
    """A link's absolute URL without its query (LinkedIn's tracking parameters)."""
    if node is None:
        return None
    href = (node.attributes.get("href") or "").strip()
    if not href:
        return None
    parts = urlsplit(urljoin(page_url, href))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _node_text(node: LexborNode | None) -> str | None:
    if node is None:
        return None
    return re.sub(r"\s+", " ", node.text(deep=True)).strip() or None


SOURCE = LinkedInSource

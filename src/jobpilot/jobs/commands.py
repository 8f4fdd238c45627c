"""``jobpilot ingest …``, ``jobpilot jobs …`` and ``jobpilot feeds …``.

Human output goes to the terminal (progress on stderr); ``--json`` prints one JSON document on
stdout for scripts.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from jobpilot.cli import fail, parse_uuid, print_json, run_with_runtime

ingest_app = typer.Typer(help="Import postings from files and pages.", no_args_is_help=True)
jobs_app = typer.Typer(help="The job catalogue.", no_args_is_help=True)
feeds_app = typer.Typer(help="Scheduled job feeds.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
out = Console()
err = Console(stderr=True)

# Feed options that map onto a source's configuration fields.
CONFIG_OPTIONS = (
    "board",
    "site",
    "company",
    "account",
    "url",
    "keywords",
    "location",
    "mode",
    "base_url",
    "path",
)


def _summary_rows(counts: dict[str, Any]) -> Table:
    table = Table(show_header=False, box=None)
    for key in ("fetched", "new", "merged", "reposts", "updated", "unchanged", "closed", "failed"):
        if key in counts:
            table.add_row(key, f"{counts[key]:,}")
    return table


def _print_errors(errors: list[dict[str, Any]], limit: int = 20) -> None:
    for error in errors[:limit]:
        err.print(f"[yellow]{error['where']}[/]: {error['message']}", highlight=False)
    if len(errors) > limit:
        err.print(f"… and {len(errors) - limit} more")


class _FileProgress:
    """A rich progress bar over the file's bytes, with postings counted and their rate."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self.progress = progress
        self.task = task
        self.items = 0
        self.started = time.monotonic()

    def bytes_read(self, value: int) -> None:
        self.progress.update(self.task, completed=value)

    def item(self) -> None:
        self.items += 1
        if self.items % 200 == 0:
            rate = self.items / max(time.monotonic() - self.started, 1e-6)
            self.progress.update(self.task, items=f"{self.items:,} postings · {rate:,.0f}/s")


@ingest_app.command("file")
def ingest_file(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    format: Annotated[
        str | None, typer.Option("--format", help="csv, json, jsonl, jobspy or jsonld")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help="Text encoding when not UTF-8, e.g. cp1252")
    ] = None,
    org: Annotated[str | None, typer.Option(help="Organisation id the jobs belong to")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Import a file of postings: parsed, de-duplicated, skills and vectors added."""
    from jobpilot.jobs import imports
    from jobpilot.jobs.service import ingest_postings
    from jobpilot.sources import files
    from jobpilot.sources.base import ItemError, RawPosting, SourceError

    with path.open("rb") as handle:
        head = handle.read(4096)
    try:
        fmt = imports.check_format(path.name, head, format)
    except Exception as exc:
        raise fail(str(exc), 2) from exc
    org_id = parse_uuid(org, "organisation id") if org else None
    size = path.stat().st_size
    with path.open("rb") as handle:
        try:
            # Whole-file problems (a CSV without a title column) surface at the first record.
            next(files.read_postings(handle, fmt, encoding=encoding), None)  # type: ignore[arg-type]
        except SourceError as exc:
            raise fail(str(exc), 2) from exc

    async def work(runtime: Any) -> dict[str, Any]:
        progress = Progress(
            TextColumn("[bold]import"),
            BarColumn(),
            DownloadColumn(),
            TextColumn("{task.fields[items]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=err,
            disable=as_json and not err.is_terminal,
        )
        errors: list[ItemError] = []
        with progress, path.open("rb") as stream:
            task = progress.add_task("import", total=size, items="starting")
            tracker = _FileProgress(progress, task)

            def postings() -> Iterator[RawPosting]:
                for entry in files.read_postings(
                    stream,
                    fmt,  # type: ignore[arg-type]
                    encoding=encoding,
                    on_progress=tracker.bytes_read,
                ):
                    if isinstance(entry, ItemError):
                        errors.append(entry)
                        continue
                    tracker.item()
                    yield entry

            started = time.monotonic()
            run, counts = await ingest_postings(runtime, postings(), org_id=org_id)
            progress.update(task, completed=size, items=f"{tracker.items:,} postings")
        for error in errors:
            counts.record_error(error)
        elapsed = time.monotonic() - started
        summary = counts.as_dict()
        summary.update(
            run_id=str(run.id),
            seconds=round(elapsed, 2),
            postings_per_second=round(counts.fetched / elapsed, 1) if elapsed else None,
        )
        return summary

    try:
        summary = run_with_runtime(work)
    except SourceError as exc:
        # The file as a whole cannot be read (a CSV without a title column, say).
        raise fail(str(exc), 2) from exc
    _report(summary, as_json)


def _report(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(summary)
    else:
        out.print(_summary_rows(summary))
        if summary.get("seconds") is not None:
            out.print(
                f"{summary['fetched']:,} postings in {summary['seconds']} s "
                f"({summary.get('postings_per_second') or 0:,} /s)"
            )
        _print_errors(summary.get("errors", []))
    if summary.get("failed"):
        raise typer.Exit(1)


@ingest_app.command("url")
def ingest_url(
    url: Annotated[str, typer.Argument(help="A job page (JSON-LD read when present)")],
    as_json: JsonFlag = False,
) -> None:
    """Import one job from its web page."""
    from jobpilot.jobs.service import ingest_postings
    from jobpilot.sources.base import FetchContext
    from jobpilot.sources.manual import SOURCE, ManualConfig

    async def work(runtime: Any) -> dict[str, Any]:
        source = SOURCE()
        ctx = FetchContext(http=runtime.http, settings=runtime.settings)
        postings = [p async for p in source.fetch(ManualConfig(url=url), ctx)]
        run, counts = await ingest_postings(runtime, postings, source="manual")
        for error in ctx.errors:
            counts.record_error(error)
        summary = counts.as_dict()
        summary["run_id"] = str(run.id)
        return summary

    try:
        summary = run_with_runtime(work)
    except typer.Exit:
        raise
    except Exception as exc:
        raise fail(f"could not import {url}: {exc}") from exc
    _report(summary, as_json)


# -- jobs --------------------------------------------------------------------------------


@jobs_app.command("list")
def jobs_list(
    q: Annotated[str | None, typer.Option("--q", "-q", help="Full-text query")] = None,
    skill: Annotated[list[str] | None, typer.Option(help="Skill name or id (repeatable)")] = None,
    location: Annotated[str | None, typer.Option(help="City, region or country")] = None,
    remote: Annotated[bool | None, typer.Option("--remote/--not-remote")] = None,
    salary_min: Annotated[float | None, typer.Option(help="Yearly minimum")] = None,
    currency: Annotated[str | None, typer.Option(help="Currency of --salary-min")] = None,
    seniority: Annotated[str | None, typer.Option()] = None,
    employment_type: Annotated[str | None, typer.Option()] = None,
    posted_since: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    company: Annotated[str | None, typer.Option()] = None,
    status: Annotated[str, typer.Option(help="open, closed or all")] = "open",
    sort: Annotated[str, typer.Option(help="posted, relevance or salary")] = "posted",
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    as_json: JsonFlag = False,
) -> None:
    """Search the catalogue."""
    from pydantic import ValidationError

    from jobpilot.core.errors import validation_problems
    from jobpilot.jobs.endpoints import job_summary
    from jobpilot.jobs.schemas import JobFilters
    from jobpilot.jobs.service import search_jobs

    try:
        filters = JobFilters.model_validate(
            {
                "q": q,
                "skills": skill or [],
                "location": location,
                "remote": remote,
                "salary_min": salary_min,
                "currency": currency,
                "seniority": seniority,
                "employment_type": employment_type,
                "posted_since": posted_since,
                "company": company,
                "status": status,
                "sort": sort,
            }
        )
    except ValidationError as exc:
        raise fail(validation_problems(exc, whole="filters"), 2) from exc

    async def work(runtime: Any) -> list[dict[str, Any]]:
        async with runtime.sessionmaker() as session:
            jobs, _ = await search_jobs(runtime, session, filters, limit=limit, cursor=None)
            reference = runtime.settings.ingest.reference_currency
            return [_plain(job_summary(job, reference)) for job in jobs]

    rows = run_with_runtime(work)
    if as_json:
        print_json(rows)
        return
    table = Table()
    for column in ("id", "title", "company", "location", "salary", "posted"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            row["id"][:8],
            row["title"],
            row["company"],
            _place(row),
            _salary(row),
            (row["posted_at"] or "")[:10],
        )
    out.print(table)


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    from pydantic import BaseModel

    def convert(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump(mode="json")
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    result: dict[str, Any] = json.loads(
        json.dumps({k: convert(v) for k, v in data.items()}, default=str)
    )
    return result


def _place(row: dict[str, Any]) -> str:
    places = [
        ", ".join(p for p in (x.get("city"), x.get("country")) if p) for x in row["locations"]
    ]
    text = "; ".join(p for p in places if p)
    if row.get("workplace") == "remote":
        text = f"Remote {text}".strip()
    return text


def _salary(row: dict[str, Any]) -> str:
    salary = row.get("salary")
    if not salary:
        return ""
    low, high = salary.get("minimum"), salary.get("maximum")
    amount = f"{low:,.0f}-{high:,.0f}" if low and high and low != high else f"{(low or high):,.0f}"
    return f"{amount} {salary.get('currency') or ''}/{salary.get('interval') or '?'}"


@jobs_app.command("show")
def jobs_show(job_id: Annotated[str, typer.Argument()], as_json: JsonFlag = False) -> None:
    """One job with its parsed fields and sources."""
    wanted = parse_uuid(job_id, "job id")

    from jobpilot.jobs import service
    from jobpilot.jobs.endpoints import job_detail

    async def work(runtime: Any) -> dict[str, Any]:
        async with runtime.sessionmaker() as session:
            detail = await service.get_job(session, wanted)
            reference = runtime.settings.ingest.reference_currency
            return job_detail(detail, reference).model_dump(mode="json")

    data = run_with_runtime(work)
    if as_json:
        print_json(data)
        return
    out.print(f"[bold]{data['title']}[/] — {data['company']} ({data['status']})", highlight=False)
    out.print(f"where: {_place(data) or '—'}   salary: {_salary(data) or '—'}", highlight=False)
    skills = ", ".join(f"{s['label']}{'*' if s['required'] else ''}" for s in data["skills"][:30])
    out.print(f"skills (* required): {skills or '—'}", highlight=False)
    out.print(f"apply: {data['apply_url'] or '—'}", highlight=False)
    for source in data["sources"]:
        out.print(f"  source {source['source']}:{source['source_key']} {source['url'] or ''}")


# -- feeds -------------------------------------------------------------------------------


@feeds_app.command("add")
def feeds_add(
    source: Annotated[str, typer.Argument(help="greenhouse, lever, ashby, careers, rss …")],
    board: Annotated[str | None, typer.Option(help="Board token (greenhouse, ashby)")] = None,
    site: Annotated[str | None, typer.Option(help="Site name (lever)")] = None,
    company: Annotated[str | None, typer.Option(help="Company id (smartrecruiters)")] = None,
    account: Annotated[str | None, typer.Option(help="Account (workable)")] = None,
    url: Annotated[str | None, typer.Option(help="Page, feed or sitemap URL")] = None,
    keywords: Annotated[str | None, typer.Option(help="Search keywords (linkedin)")] = None,
    location: Annotated[str | None, typer.Option(help="Search location (linkedin)")] = None,
    mode: Annotated[str | None, typer.Option(help="careers: page, listing or sitemap")] = None,
    base_url: Annotated[str | None, typer.Option(help="Another host for the API")] = None,
    path: Annotated[str | None, typer.Option(help="File path (file feeds)")] = None,
    config: Annotated[str | None, typer.Option(help="More configuration as JSON")] = None,
    name: Annotated[str | None, typer.Option()] = None,
    every: Annotated[str | None, typer.Option(help="Interval: 30m, 6h, 1d")] = None,
    cron: Annotated[str | None, typer.Option(help="Cron expression instead of --every")] = None,
    paused: Annotated[bool, typer.Option(help="Add without scheduling")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add a scheduled feed, e.g. `jobpilot feeds add greenhouse --board acme --every 6h`."""
    from jobpilot.jobs.service import FeedSpec, add_feed

    values = {
        "board": board,
        "site": site,
        "company": company,
        "account": account,
        "url": url,
        "keywords": keywords,
        "location": location,
        "mode": mode,
        "base_url": base_url,
        "path": path,
    }
    data: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    if config:
        try:
            extra = json.loads(config)
        except ValueError as exc:
            raise fail(f"--config is not JSON: {exc}", 2) from exc
        if not isinstance(extra, dict):
            raise fail("--config must be a JSON object", 2)
        data.update(extra)
    if source == "linkedin":
        from jobpilot.sources.linkedin import TERMS_WARNING

        err.print(f"[bold yellow]warning:[/] {TERMS_WARNING}", highlight=False)

    async def work(runtime: Any) -> dict[str, Any]:
        from jobpilot.core.db import unit_of_work
        from jobpilot.jobs.endpoints import feed_out

        async with unit_of_work(runtime.sessionmaker) as session:
            feed = await add_feed(
                session,
                runtime,
                FeedSpec(
                    source=source,
                    config=data,
                    name=name,
                    every=every,
                    cron=cron,
                    paused=paused,
                ),
                created_by=None,
            )
            return feed_out(feed).model_dump(mode="json")

    feed = run_with_runtime(work)
    if as_json:
        print_json(feed)
    else:
        out.print(f"added feed {feed['id']} ({feed['name']}), next run {feed['next_run_at']}")


@feeds_app.command("list")
def feeds_list(as_json: JsonFlag = False) -> None:
    """Every feed with its schedule and last run."""
    from jobpilot.jobs.endpoints import feed_out
    from jobpilot.jobs.service import list_feeds

    async def work(runtime: Any) -> list[dict[str, Any]]:
        async with runtime.sessionmaker() as session:
            return [feed_out(f).model_dump(mode="json") for f in await list_feeds(session)]

    feeds = run_with_runtime(work)
    if as_json:
        print_json(feeds)
        return
    table = Table()
    for column in ("id", "name", "source", "schedule", "paused", "last success", "next run"):
        table.add_column(column, overflow="fold")
    for f in feeds:
        schedule = f["cron"] or f"every {f['every_seconds'] // 60} min"
        table.add_row(
            f["id"],
            f["name"],
            f["source"],
            schedule,
            "yes" if f["paused"] else "",
            (f["last_success_at"] or "—")[:19],
            (f["next_run_at"] or "—")[:19],
        )
    out.print(table)


def _set_paused(feed_id: str, paused: bool, as_json: bool) -> None:
    wanted = parse_uuid(feed_id, "feed id")

    from jobpilot.jobs.endpoints import feed_out
    from jobpilot.jobs.service import get_feed, set_paused

    async def work(runtime: Any) -> dict[str, Any]:
        from jobpilot.core.db import unit_of_work

        async with unit_of_work(runtime.sessionmaker) as session:
            feed = await set_paused(session, await get_feed(session, wanted), paused)
            return feed_out(feed).model_dump(mode="json")

    feed = run_with_runtime(work)
    if as_json:
        print_json(feed)
    else:
        out.print(f"feed {feed['id']} {'paused' if paused else 'resumed'}")


@feeds_app.command("pause")
def feeds_pause(feed_id: str, as_json: JsonFlag = False) -> None:
    """Stop scheduling a feed."""
    _set_paused(feed_id, True, as_json)


@feeds_app.command("resume")
def feeds_resume(feed_id: str, as_json: JsonFlag = False) -> None:
    """Schedule a paused feed again (a run is due at once)."""
    _set_paused(feed_id, False, as_json)


@feeds_app.command("remove")
def feeds_remove(feed_id: str, as_json: JsonFlag = False) -> None:
    """Remove a feed (its jobs close when no other source lists them)."""
    wanted = parse_uuid(feed_id, "feed id")

    from jobpilot.jobs.service import get_feed, remove_feed

    async def work(runtime: Any) -> None:
        from jobpilot.core.db import unit_of_work

        async with unit_of_work(runtime.sessionmaker) as session:
            await remove_feed(session, await get_feed(session, wanted))

    run_with_runtime(work)
    if as_json:
        print_json({"removed": feed_id})
    else:
        out.print(f"removed feed {feed_id}")


@feeds_app.command("run-now")
def feeds_run_now(
    feed_id: str,
    queue: Annotated[bool, typer.Option(help="Queue it for a worker instead")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Run a feed now, here (or `--queue` it for a worker), and print the run's counts."""
    wanted = parse_uuid(feed_id, "feed id")

    from jobpilot.jobs.endpoints import run_out
    from jobpilot.jobs.service import get_feed, run_feed

    async def work(runtime: Any) -> dict[str, Any]:
        from jobpilot.core.db import unit_of_work

        async with unit_of_work(runtime.sessionmaker) as session:
            await get_feed(session, wanted)
            if queue:
                from jobpilot.jobs.tasks import defer_feed_run
                from jobpilot.worker import close_queue, open_queue

                pool = await open_queue(runtime.libpq_url)
                try:
                    queued = await defer_feed_run(session, wanted, trigger="manual")
                    await session.commit()
                finally:
                    await close_queue(pool)
                return {"feed_id": feed_id, "queued": queued}
        run = await run_feed(runtime, wanted, trigger="manual")
        assert run is not None
        return run_out(run).model_dump(mode="json")

    result = run_with_runtime(work)
    if as_json:
        print_json(result)
    elif "queued" in result:
        out.print("queued" if result["queued"] else "a run of this feed is already queued")
    else:
        out.print(f"run {result['id']}: {result['status']}")
        out.print(_summary_rows(result))
        if result["blocked_reason"]:
            err.print(f"[yellow]stopped early:[/] {result['blocked_reason']}")
        _print_errors(result["errors"])
    if result.get("status") == "failed":
        raise typer.Exit(1)


@feeds_app.command("runs")
def feeds_runs(
    feed_id: str,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: JsonFlag = False,
) -> None:
    """A feed's latest runs."""
    wanted = parse_uuid(feed_id, "feed id")

    from jobpilot.jobs.endpoints import run_out
    from jobpilot.jobs.service import feed_runs

    async def work(runtime: Any) -> list[dict[str, Any]]:
        async with runtime.sessionmaker() as session:
            runs = await feed_runs(session, wanted, limit=limit)
            return [run_out(r).model_dump(mode="json") for r in runs]

    runs = run_with_runtime(work)
    if as_json:
        print_json(runs)
        return
    table = Table()
    for column in ("started", "status", "fetched", "new", "updated", "unchanged", "failed"):
        table.add_column(column)
    for r in runs:
        table.add_row(
            r["started_at"][:19],
            r["status"],
            *(str(r[k]) for k in ("fetched", "new", "updated", "unchanged", "failed")),
        )
    out.print(table)

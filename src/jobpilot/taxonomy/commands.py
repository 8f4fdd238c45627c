"""``jobpilot taxonomy …``, ``jobpilot skills …`` and ``jobpilot titles …``.

The batch commands read JSON Lines ``{"id": …, "text": …}`` from stdin and write one JSON line
per input to stdout, as they go: memory stays flat however long the input is. A line that is
not valid input is reported on stderr with its number and skipped; the exit code is then 1.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from jobpilot.cli import fail, print_json, run_with_runtime

taxonomy_app = typer.Typer(
    help="Skills and occupations taxonomy: imports and statistics.", no_args_is_help=True
)
skills_app = typer.Typer(
    help="Skill extraction and ranking (JSON Lines in, JSON Lines out).", no_args_is_help=True
)
titles_app = typer.Typer(
    help="Job title normalisation (JSON Lines in, JSON Lines out).", no_args_is_help=True
)

TaxonomyOption = Annotated[
    str, typer.Option("--taxonomy", help="builtin, esco, onet or all", case_sensitive=False)
]
TopOption = Annotated[int, typer.Option("--top", min=1, max=100, help="Results per line")]
SOURCES = ("builtin", "esco", "onet", "all")
# The JSON Lines contract scripts rely on: skills carry id, label, score, source, spans and
# required; occupations carry id, label and score.
CLI_EXCLUDE: Any = {
    "skills": {"__all__": {"category"}},
    "occupations": {"__all__": {"source"}},
}


def _progress_import(label: str, parse: Callable[[Callable[[int], None]], Any]) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from jobpilot.core.errors import DomainError

    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.completed:,} rows"),
        TimeElapsedColumn(),
        transient=False,
        console=Console(stderr=True),  # stdout is for --json
    ) as progress:
        task = progress.add_task(label, total=None)
        try:
            return parse(lambda n: progress.advance(task, n))
        except DomainError as exc:
            raise fail(f"{exc.detail} (nothing was imported)") from exc


@taxonomy_app.command("import-esco")
def import_esco(
    classification: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="ESCO classification CSV zip")
    ],
    relations: Annotated[
        Path | None,
        typer.Option("--relations", exists=True, dir_okay=False, help="ESCO relations CSV zip"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import (or re-import) ESCO skills, occupations and relations. Idempotent."""
    from jobpilot.core.db import unit_of_work
    from jobpilot.taxonomy import service
    from jobpilot.taxonomy.importers.esco import parse_esco

    parsed = _progress_import(
        "reading ESCO", lambda tick: parse_esco(classification, relations, progress=tick)
    )
    digest = service.file_digest(*[p for p in (classification, relations) if p is not None])

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            return await service.import_parsed(session, parsed, digest)

    counts = run_with_runtime(work)
    _report("ESCO", counts, as_json)


@taxonomy_app.command("import-onet")
def import_onet(
    directory: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Folder of O*NET .txt files")
    ],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Import (or re-import) O*NET occupations, titles and technology skills. Idempotent."""
    from jobpilot.core.db import unit_of_work
    from jobpilot.taxonomy import service
    from jobpilot.taxonomy.importers.onet import parse_onet

    parsed = _progress_import("reading O*NET", lambda tick: parse_onet(directory, progress=tick))
    digest = service.file_digest(directory)

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            return await service.import_parsed(session, parsed, digest)

    counts = run_with_runtime(work)
    _report("O*NET", counts, as_json)


def _report(name: str, counts: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(counts)
        return
    typer.echo(
        f"{name}: {counts['concepts']:,} concepts ({counts['concepts_changed']:,} new or changed, "
        f"{counts['concepts_removed']:,} removed), {counts['labels']:,} labels, "
        f"{counts['relations']:,} relations, {counts['links_to_esco']:,} built-in links to ESCO",
        err=True,
    )
    from jobpilot.cli import ABOUT

    credits = [line.strip() for line in ABOUT.splitlines() if "ESCO" in line or "O*NET" in line]
    if credits:
        typer.echo("\n".join(credits), err=True)


@taxonomy_app.command("stats")
def stats(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Concepts, labels and relations per source."""
    from jobpilot.taxonomy import service

    async def work(runtime: Any) -> dict[str, Any]:
        async with runtime.sessionmaker() as session:
            await service.ensure_builtin(session)
            await session.commit()
            return await service.stats(session)

    data = run_with_runtime(work)
    if as_json:
        print_json(data)
        return
    for source, counts in sorted(data["sources"].items()):
        typer.echo(f"{source}: " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))


Items = list[tuple[str | int | None, str]]
# Lines answered together: titles are scored a chunk at a time, and memory stays flat.
STREAM_CHUNK = 256


def _stream(handle: Callable[[Any, Items], Sequence[Any]]) -> None:
    """Answer every JSON line on stdin, ``handle(index, [(id, text), ...])`` a chunk of lines
    at a time, printing one result per line in order."""
    from jobpilot.taxonomy import service

    async def work(runtime: Any) -> int:
        async with runtime.sessionmaker() as session:
            index = await service.get_index(runtime, session)
        return await asyncio.to_thread(_stream_lines, index, handle)

    errors = run_with_runtime(work)
    if errors:
        raise typer.Exit(1)


def _stream_lines(index: Any, handle: Callable[[Any, Items], Sequence[Any]]) -> int:
    errors = 0
    out = sys.stdout
    items: Items = []

    def answer() -> None:
        for result in handle(index, items):
            out.write(result.model_dump_json(exclude=CLI_EXCLUDE) + "\n")
        out.flush()
        items.clear()

    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a "text" string')
            item_id = item.get("id")
            if item_id is not None and not isinstance(item_id, str | int):
                raise ValueError('"id" must be a string or a number')
        except ValueError as exc:
            errors += 1
            print(f"line {number}: {exc}", file=sys.stderr)
            continue
        items.append((item_id, item["text"]))
        if len(items) >= STREAM_CHUNK:
            answer()
    answer()
    return errors


def _check_source(taxonomy: str) -> str:
    if taxonomy.lower() not in SOURCES:
        raise fail(f"--taxonomy must be one of {', '.join(SOURCES)}", 2)
    return taxonomy.lower()


@skills_app.command("extract")
def skills_extract(taxonomy: TaxonomyOption = "builtin") -> None:
    """Skills mentioned in each text, with ids, labels, scores, spans and requirement."""
    from jobpilot.taxonomy import batch

    source = _check_source(taxonomy)
    _stream(lambda index, items: [batch.extract(index, i, text, source) for i, text in items])


@skills_app.command("rank")
def skills_rank(top: TopOption = 10, taxonomy: TaxonomyOption = "builtin") -> None:
    """The skills that best describe each text, mentioned or not."""
    from jobpilot.taxonomy import batch

    source = _check_source(taxonomy)
    _stream(lambda index, items: [batch.rank(index, i, text, source, top) for i, text in items])


@titles_app.command("normalize")
def titles_normalize(top: TopOption = 5, taxonomy: TaxonomyOption = "builtin") -> None:
    """Each title's ranked occupations, seniority and qualifiers."""
    from jobpilot.taxonomy import batch

    source = _check_source(taxonomy)
    _stream(lambda index, items: batch.normalise(index, items, source, top))

"""``jobpilot resumes …`` and ``jobpilot profile …``.

``--json`` prints one JSON document on stdout for scripts; the human output is a short summary.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from jobpilot.cli import print_json, run_with_runtime, user_id_by_email
from jobpilot.profiles.resume import DerivedFacts, ParsedResume

resumes_app = typer.Typer(help="Import and parse resumes.", no_args_is_help=True)
profile_app = typer.Typer(help="Candidate profiles.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
out = Console()


def parsed_profile_json(resume: ParsedResume, facts: DerivedFacts) -> dict[str, Any]:
    """The parsed resume with its derived facts, in the shape ``resumes import --json`` prints."""
    data: dict[str, Any] = resume.model_dump(mode="json")
    derived = facts.model_dump(mode="json")
    data.update(
        {
            "total_years": derived["total_years"],
            "current_title": derived["current_title"],
            "current_company": derived["current_company"],
            "seniority": derived["seniority"],
            "occupations": derived["occupations"],
            "listed_skills": data.pop("skills"),
            "skills": derived["skills"],
        }
    )
    return data


@resumes_app.command("import")
def resumes_import(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    user: Annotated[
        str | None,
        typer.Option("--user", help="Store it as this user's master resume (email)."),
    ] = None,
    name: Annotated[str | None, typer.Option(help="A name for a new resume.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Parse a resume (PDF, DOCX, text, Markdown, JSON Resume). Without --user nothing is
    stored: the parsed profile is only printed."""
    content = path.read_bytes()
    content_type = mimetypes.guess_type(path.name)[0]

    from jobpilot.core.db import unit_of_work
    from jobpilot.profiles import service

    async def work(runtime: Any) -> dict[str, Any]:
        if user is None:
            async with runtime.sessionmaker() as session:
                read = await service.parse_resume_file(
                    runtime, session, content, filename=path.name, content_type=content_type
                )
            return parsed_profile_json(read.parsed, read.facts)
        async with unit_of_work(runtime.sessionmaker) as session:
            user_id = await user_id_by_email(session, user)
            imported = await service.import_resume(
                runtime,
                session,
                user_id=user_id,
                content=content,
                filename=path.name,
                content_type=content_type,
                name=name,
            )
            result = parsed_profile_json(imported.read.parsed, imported.read.facts)
            result["stored"] = {
                "resume_id": str(imported.resume.id),
                "version": imported.version.version,
                "master": imported.is_master,
            }
            return result

    data = run_with_runtime(work)
    if as_json:
        print_json(data)
        return
    _print_summary(data)


def _print_summary(data: dict[str, Any]) -> None:
    contact = data["contact"]
    out.print(f"[bold]{contact.get('name') or '(no name found)'}[/]", highlight=False)
    if data.get("headline"):
        out.print(data["headline"], highlight=False)
    out.print(
        f"{data['total_years']} years of experience; now: {data['current_title'] or '—'} "
        f"({data['seniority'] or 'seniority unknown'})",
        highlight=False,
    )
    for entry in data["experience"]:
        when = f"{entry['start'] or '?'} to {'now' if entry['current'] else entry['end'] or '?'}"
        out.print(
            f"  {entry['title'] or '?'} · {entry['company'] or '?'} · {when}", highlight=False
        )
    skills = ", ".join(
        f"{s['label']} ({s['years']}y)" if s["years"] else s["label"] for s in data["skills"][:25]
    )
    out.print(f"skills: {skills or '—'}", highlight=False)
    if "stored" in data:
        stored = data["stored"]
        out.print(f"stored as resume {stored['resume_id']} version {stored['version']}")


@profile_app.command("show")
def profile_show(
    user: Annotated[str, typer.Option("--user", help="The candidate's email.")],
    as_json: JsonFlag = False,
) -> None:
    """A candidate's profile: resume with hand edits, derived facts and preferences."""
    from jobpilot.profiles import service
    from jobpilot.profiles.endpoints import profile_out

    async def work(runtime: Any) -> dict[str, Any]:
        async with runtime.sessionmaker() as session:
            user_id = await user_id_by_email(session, user)
            profile = await service.get_profile(session, user_id)
            shown = profile_out(profile)
            return {
                "profile": shown.model_dump(mode="json"),
                "summary": parsed_profile_json(shown.resume, shown.facts),
            }

    data = run_with_runtime(work)
    if as_json:
        print_json(data["profile"])
        return
    _print_summary(data["summary"])

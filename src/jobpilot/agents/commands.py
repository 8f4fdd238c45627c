"""``jobpilot copilot …``: a job's brief, and a whole run written to a folder."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console

from jobpilot.cli import fail, parse_uuid, print_json, run_with_runtime, user_id_by_email

copilot_app = typer.Typer(
    help="Job briefs, tailored resumes and cover letters.", no_args_is_help=True
)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
out = Console()
err = Console(stderr=True)


@copilot_app.command("brief")
def copilot_brief(
    job: Annotated[str, typer.Option("--job", help="The job's id.")],
    user: Annotated[
        str | None, typer.Option("--user", help="Whose view (an organisation's own jobs).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Analyse a job: responsibilities, must-have and nice-to-have skills, seniority, salary,
    location, red flags and questions to ask the employer."""
    job_id = parse_uuid(job, "job id")
    from jobpilot.agents import service

    async def work(runtime: Any) -> dict[str, Any]:
        async with runtime.sessionmaker() as session:
            user_id = await user_id_by_email(session, user) if user else uuid.UUID(int=0)
            made = await service.brief(runtime, session, user_id=user_id, job_id=job_id)
            return {
                "job_id": str(job_id),
                "provider": made.provider,
                "model": made.model,
                "brief": made.value.model_dump(mode="json"),
            }

    result = run_with_runtime(work)
    if as_json:
        print_json(result)
        return
    brief = result["brief"]
    out.print(f"[bold]{brief['title']}[/] — {brief['company']}", highlight=False)
    out.print(brief["summary"], highlight=False)
    for label, key in (("Salary", "salary"), ("Location", "location"), ("Seniority", "seniority")):
        if brief.get(key):
            out.print(f"{label}: {brief[key]}", highlight=False)
    _bullets("Responsibilities", brief["responsibilities"])
    _bullets("Must have", [s["label"] for s in brief["must_have"]])
    _bullets("Nice to have", [s["label"] for s in brief["nice_to_have"]])
    _bullets("Red flags", [f"{f['message']} ({f['code']})" for f in brief["red_flags"]])
    _bullets("Questions to ask", brief["questions"])


def _bullets(title: str, items: list[str]) -> None:
    if items:
        out.print(f"\n[bold]{title}[/]")
        for item in items:
            out.print(f"  - {item}", highlight=False)


Intensity = Literal["light", "medium", "strong"]
Tone = Literal["formal", "warm", "direct"]
Length = Literal["short", "medium", "long"]


@copilot_app.command("run")
def copilot_run(
    user: Annotated[str, typer.Option("--user", help="The candidate's email.")],
    job: Annotated[str, typer.Option("--job", help="The job's id.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the files.")],
    intensity: Annotated[Intensity, typer.Option(help="How far to tailor.")] = "medium",
    tone: Annotated[Tone, typer.Option(help="The letter's tone.")] = "warm",
    length: Annotated[Length, typer.Option(help="The letter's length.")] = "medium",
    language: Annotated[str, typer.Option(help="The letter's language (ISO 639-1).")] = "en",
    resume: Annotated[
        str | None, typer.Option(help="The resume to tailor (default: the master).")
    ] = None,
    approve: Annotated[bool, typer.Option(help="Record approval when every claim is traced.")] = (
        False
    ),
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the run.")] = 600.0,
    as_json: JsonFlag = False,
) -> None:
    """Prepare an application: brief, match, tailored resume and letter, checked claim by
    claim; waits for the run (working its steps here if no worker does) and writes the
    resume and the letter as Markdown, DOCX and PDF, with the brief and the claims report."""
    job_id = parse_uuid(job, "job id")
    resume_id = parse_uuid(resume, "resume id") if resume else None
    if len(language) != 2 or not language.isalpha():
        raise fail("--language must be a two-letter code such as en or de")

    from jobpilot.agents import service
    from jobpilot.agents.documents import LetterOptions, TailorOptions
    from jobpilot.agents.endpoints import run_out
    from jobpilot.core.db import unit_of_work

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            user_id = await user_id_by_email(session, user)
            run = await service.start_run(
                runtime,
                session,
                user_id=user_id,
                job_id=job_id,
                resume_id=resume_id,
                options=service.RunOptions(
                    tailor=TailorOptions(intensity=intensity),
                    letter=LetterOptions(tone=tone, length=length, language=language.lower()),
                ),
            )
            run_id = run.id
        if not as_json:
            out.print(f"run {run_id}", style="dim")
        view = await _wait(runtime, user_id, run_id, deadline=time.monotonic() + timeout)
        if view.run.status == "review" and approve:
            async with unit_of_work(runtime.sessionmaker) as session:
                view = await service.review(
                    runtime,
                    session,
                    user_id=user_id,
                    run_id=run_id,
                    given=service.ReviewInput(
                        approve=True, resume=None, letter=None, confirmations=(), note=None
                    ),
                )
        result = run_out(view).model_dump(mode="json")
        if view.run.status in ("review", "ready") and not result["claims"]["blocking"]:
            files.update(await _files(runtime, user_id, run_id, view))
        return result

    files: dict[str, bytes] = {}
    result = run_with_runtime(work)
    if files:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (out_dir / name).write_bytes(content)
        result["files"] = [str(out_dir / name) for name in files]
    if as_json:
        print_json(result)
    else:
        _report(result)
    if result["status"] == "failed" or result["claims"]["blocking"]:
        raise typer.Exit(1)


async def _wait(runtime: Any, user_id: uuid.UUID, run_id: uuid.UUID, *, deadline: float) -> Any:
    """Work the copilot queue here until the run leaves ``running`` (a worker elsewhere may
    take steps too: executing a step twice writes it once)."""
    from jobpilot import worker
    from jobpilot.agents import service

    pool = await worker.open_queue(runtime.libpq_url, max_size=2)
    shown: dict[str, str] = {}
    try:
        while True:
            await worker.run_worker(
                queues=[service.COPILOT_QUEUE],
                concurrency=1,
                runtime=runtime,
                name="cli-copilot",
                install_signals=False,
                wait=False,
            )
            async with runtime.sessionmaker() as session:
                view = await service.get_run(session, user_id=user_id, run_id=run_id)
            for step in view.steps:
                if shown.get(step.name) != step.status:
                    shown[step.name] = step.status
                    timing = f" ({step.duration_ms:.0f} ms)" if step.duration_ms else ""
                    err.print(f"  {step.name:<8} {step.status}{timing}", highlight=False)
            if view.run.status != "running":
                return view
            if time.monotonic() > deadline:
                raise fail(f"the run {run_id} is still running; see it with the API")
            await asyncio.sleep(0.5)
    finally:
        await worker.close_queue(pool)


async def _files(
    runtime: Any, user_id: uuid.UUID, run_id: uuid.UUID, view: Any
) -> dict[str, bytes]:
    """The run's files by name: both documents in every format, the brief, the claims."""
    from jobpilot.agents import service

    files: dict[str, bytes] = {}
    async with runtime.sessionmaker() as session:
        for document in ("resume", "letter"):
            for fmt in ("md", "docx", "pdf"):
                made = await service.artifact(
                    session, user_id=user_id, run_id=run_id, document=document, fmt=fmt
                )
                files[f"{document}.{fmt}"] = made.content
    extras = {
        "brief.json": view.step("analyse").output,
        "claims.json": {
            "resume": (view.step("tailor").output or {}).get("claims"),
            "letter": (view.step("letter").output or {}).get("claims"),
        },
    }
    for name, content in extras.items():
        files[name] = (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode()
    return files


def _report(result: dict[str, Any]) -> None:
    out.print(f"status: [bold]{result['status']}[/]")
    if result["error"]:
        err.print(f"[red]{result['error']}[/]")
    blocking = result["claims"]["blocking"]
    if blocking:
        err.print("[red]export refused[/]: these claims are not in the resume:")
        for claim in blocking:
            err.print(f"  - {claim['kind']}: {claim['value']} ({claim['where']})", highlight=False)
    for path in result.get("files", []):
        out.print(f"wrote {path}", highlight=False)
    usage = result["usage"]
    if usage["calls"]:
        out.print(
            f"{usage['calls']} model calls, {usage['input_tokens']} + {usage['output_tokens']} "
            f"tokens, about ${usage['cost_usd']:.4f}"
        )

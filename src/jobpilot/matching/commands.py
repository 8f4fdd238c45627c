"""``jobpilot match …``: a candidate's ranked feed and one match explained, from the terminal."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import typer
from rich.console import Console

from jobpilot.cli import fail, print_json, run_with_runtime, user_id_by_email

match_app = typer.Typer(help="Ranked, explained matches.", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
out = Console()


@match_app.command("jobs")
def match_jobs(
    user: Annotated[str, typer.Option("--user", help="The candidate's email.")],
    top: Annotated[int, typer.Option("--top", min=1, max=50)] = 10,
    remote: Annotated[bool, typer.Option("--remote", help="Remote jobs only.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """The candidate's best open jobs, each with its score, summary and skill gap."""
    from jobpilot.matching import service
    from jobpilot.matching.endpoints import match_out

    async def work(runtime: Any) -> list[dict[str, Any]]:
        async with runtime.sessionmaker() as session:
            user_id = await user_id_by_email(session, user)
            result = await service.rank_jobs_for_candidate(
                runtime,
                session,
                user_id=user_id,
                filters=service.MatchFilters(remote_only=remote),
                limit=top,
            )
            return [
                match_out(job, explanation, entry.duplicates).model_dump(mode="json")
                for entry, job, explanation in result.entries
            ]

    matches = run_with_runtime(work)
    if as_json:
        print_json(matches)
        return
    if not matches:
        out.print("no matching open jobs")
    for rank, item in enumerate(matches, 1):
        job = item["job"]
        where = "; ".join(job["locations"]) or job["workplace"] or "—"
        out.print(
            f"{rank:>2}. [bold]{item['score']:5.1f}[/] {job['title']} — {job['company']} ({where})",
            highlight=False,
        )
        out.print(f"      {item['summary']}", highlight=False)
        out.print(f"      job {job['id']}", style="dim")


@match_app.command("explain")
def match_explain(
    user: Annotated[str, typer.Option("--user", help="The candidate's email.")],
    job: Annotated[str, typer.Option("--job", help="The job's id.")],
    as_json: JsonFlag = False,
) -> None:
    """One job scored for the candidate: every factor with its reasons, matched skills with
    evidence from both texts, and the skill gap."""
    try:
        job_id = uuid.UUID(job)
    except ValueError:
        raise fail(f"not a job id: {job}", 2) from None
    from jobpilot.matching import service
    from jobpilot.matching.endpoints import match_out

    async def work(runtime: Any) -> dict[str, Any]:
        async with runtime.sessionmaker() as session:
            user_id = await user_id_by_email(session, user)
            found, explanation, (passes, because) = await service.explain_match(
                runtime, session, user_id=user_id, job_id=job_id
            )
            data: dict[str, Any] = match_out(found, explanation).model_dump(mode="json")
            data["passes_filters"] = passes
            data["filtered_because"] = because
            return data

    data = run_with_runtime(work)
    if as_json:
        print_json(data)
        return
    out.print(
        f"[bold]{data['score']:.1f}[/] {data['job']['title']} — {data['job']['company']}",
        highlight=False,
    )
    out.print(data["summary"], highlight=False)
    if not data["passes_filters"]:
        out.print(f"[yellow]left out of your feed:[/] {data['filtered_because']}", highlight=False)
    for factor in data["factors"]:
        known = "" if factor["known"] else " (not known)"
        out.print(
            f"  {factor['name']:<10} {factor['score']:.2f} x {factor['weight']:.2f}"
            f" = {factor['points']:4.1f}{known}  {'; '.join(factor['reasons'])}",
            highlight=False,
        )
    for skill in data["matched_skills"]:
        evidence = skill["candidate_evidence"][0] if skill["candidate_evidence"] else ""
        out.print(f"  ✓ {skill['label']}: {evidence}", highlight=False)
    for skill in data["skill_gap"]:
        related = ", ".join(skill["related_you_have"])
        hint = f" (you have {related})" if related else ""
        out.print(f"  ✗ {skill['label']}{hint}", highlight=False)


@match_app.command("candidates")
def match_candidates(
    job: Annotated[str, typer.Option("--job", help="The job's id.")],
    top: Annotated[int, typer.Option("--top", min=1, max=50)] = 10,
    as_json: JsonFlag = False,
) -> None:
    """The best discoverable candidates for a job, each with score, chance to progress to
    interview, summary and skill gap; no contact details. Runs as the operator: any job."""
    try:
        job_id = uuid.UUID(job)
    except ValueError:
        raise fail(f"not a job id: {job}", 2) from None
    from jobpilot.matching import recruiting
    from jobpilot.matching.candidate_endpoints import candidate_match_out

    async def work(runtime: Any) -> list[dict[str, Any]]:
        async with runtime.sessionmaker() as session:
            page = await recruiting.rank_candidates_for_job(
                runtime, session, job_id=job_id, limit=top
            )
            return [candidate_match_out(m).model_dump(mode="json") for m in page.entries]

    candidates = run_with_runtime(work)
    if as_json:
        print_json(candidates)
        return
    if not candidates:
        out.print("no discoverable candidates for this job")
    for rank, item in enumerate(candidates, 1):
        title = item["current_title"] or item["headline"] or "—"
        where = ", ".join(p for p in (item["city"], item["country"]) if p) or "—"
        out.print(
            f"{rank:>2}. [bold]{item['score']:5.1f}[/] {title} ({where})"
            f"  p(interview) {item['progress_probability']:.2f}",
            highlight=False,
        )
        out.print(f"      {item['summary']}", highlight=False)
        out.print(f"      candidate {item['candidate_id']}", style="dim")

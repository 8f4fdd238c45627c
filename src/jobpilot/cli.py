"""The ``jobpilot`` command line. Every command that prints data accepts ``--json``."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from jobpilot import __version__
from jobpilot.core.errors import DomainError, validation_problems

T = TypeVar("T")

ABOUT = f"""jobpilot {__version__} — job-search copilot and talent-matching platform.
Licence: Apache-2.0.

Data credits (shown when you load these taxonomies):
  This service uses the ESCO classification of the European Commission.
  This product includes information from the O*NET 28.x Database by the U.S. Department of
  Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.
  O*NET® is a trademark of USDOL/ETA.
"""

app = typer.Typer(
    name="jobpilot",
    help="jobpilot: job-search copilot and talent-matching platform.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
users_app = typer.Typer(help="User accounts.", no_args_is_help=True)
orgs_app = typer.Typer(help="Organisations.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
config_app = typer.Typer(help="Configuration.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(orgs_app, name="orgs")
app.add_typer(keys_app, name="api-keys")
app.add_typer(config_app, name="config")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def parse_uuid(value: str, what: str) -> uuid.UUID:
    """``value`` as a UUID, or a usage error (exit 2) naming ``what`` was expected."""
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise fail(f"'{value}' is not a valid {what}", 2) from exc


async def user_id_by_email(session: Any, email: str) -> uuid.UUID:
    """The id of the account with this email, or a refusal (exit 1) when there is none."""
    from jobpilot.auth import service as auth

    user = await auth.find_user_by_email(session, email)
    if user is None:
        raise fail(f"no user with email {email}")
    found: uuid.UUID = user.id
    return found


def load_settings(*, prestart: bool = False) -> Any:
    """The settings from the environment; with ``prestart``, the embedded database starts in the
    background right away (it is needed anyway, and starting it overlaps with imports)."""
    from jobpilot.core.settings import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        problems = validation_problems(exc, whole="settings")
        raise fail(f"invalid settings: {problems}", 2) from exc
    if prestart and settings.embedded:
        from jobpilot.core.embedded import prestart_embedded_server

        prestart_embedded_server(settings.data_dir, settings.database.embedded_database)
    return settings


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def run_with_runtime(work: Callable[[Any], Awaitable[T]], *, migrate: bool | None = None) -> T:
    """Build settings and runtime, migrate the embedded database, run ``work(runtime)``."""
    settings = load_settings(prestart=True)

    from jobpilot.core import migrations
    from jobpilot.core.observability import configure_logging
    from jobpilot.core.runtime import build_runtime

    configure_logging(
        settings.model_copy(
            update={
                "observability": settings.observability.model_copy(update={"log_level": "WARNING"})
            }
        )
    )
    try:
        runtime = build_runtime(settings)
    except Exception as exc:
        raise fail(f"cannot reach the database: {exc}") from exc
    if settings.embedded if migrate is None else migrate:
        migrations.upgrade(runtime.libpq_url)

    async def main() -> T:
        try:
            return await work(runtime)
        finally:
            await runtime.close()

    try:
        return asyncio.run(main())
    except DomainError as exc:
        raise fail(exc.detail) from exc


def version_callback(value: bool) -> None:
    if value:
        out.print(f"jobpilot {__version__}")
        raise typer.Exit()


def about_callback(value: bool) -> None:
    if value:
        sys.stdout.write(ABOUT)
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
    about: Annotated[
        bool,
        typer.Option(
            "--about", callback=about_callback, is_eager=True, help="Licence and data credits."
        ),
    ] = False,
) -> None:
    """jobpilot command line."""


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Bind address (default JOBPILOT_SERVER__HOST).")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default JOBPILOT_SERVER__PORT).")] = None,
    no_worker: Annotated[
        bool, typer.Option("--no-worker", help="Do not run a worker in this process.")
    ] = False,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo data before serving.")
    ] = False,
) -> None:
    """Run the API (and, unless --no-worker, a background worker in the same process)."""
    settings = load_settings(prestart=True)

    import uvicorn

    from jobpilot.app import AppOptions, create_app
    from jobpilot.core import migrations
    from jobpilot.core.observability import configure_logging
    from jobpilot.core.runtime import build_runtime

    configure_logging(settings)
    try:
        runtime = build_runtime(settings)
    except Exception as exc:
        raise fail(f"cannot reach the database: {exc}") from exc
    if settings.embedded:
        migrations.upgrade(runtime.libpq_url)
    if demo:
        accounts = asyncio.run(_seed_demo(runtime))
        _print_demo(accounts, settings)
    application = create_app(
        settings,
        options=AppOptions(run_worker=not no_worker, migrate=False, configure_logs=False),
        runtime=runtime,
    )
    config = uvicorn.Config(
        application,
        host=host or settings.server.host,
        port=port or settings.server.port,
        log_config=None,
        access_log=False,
        lifespan="on",
    )
    uvicorn.Server(config).run()


async def _seed_demo(runtime: Any) -> list[dict[str, Any]]:
    from jobpilot.core.db import unit_of_work
    from jobpilot.demo import create_demo_data, load_demo_jobs, load_demo_profile
    from jobpilot.jobs.service import catalogue_is_empty

    async with unit_of_work(runtime.sessionmaker) as session:
        accounts = await create_demo_data(session, runtime.settings.auth)
        await load_demo_profile(runtime, session)
        empty = await catalogue_is_empty(session)
    if empty:
        # First start only: later starts keep whatever the catalogue has become.
        await load_demo_jobs(runtime)
    await runtime.cache.close()
    await runtime.engine.dispose()
    return accounts


def _print_demo(accounts: list[dict[str, Any]], settings: Any) -> None:
    base = f"http://{settings.server.host}:{settings.server.port}"
    table = Table(title="jobpilot demo accounts")
    for column in ("email", "password", "role", "organisation"):
        table.add_column(column)
    for a in accounts:
        table.add_row(a["email"], a["password"], a["role"], a["org"] or "")
    out.print(table)
    out.print(
        f"Log in: curl -s {base}/api/v1/auth/login -H 'content-type: application/json' "
        f'-d \'{{"email": "{accounts[0]["email"]}", "password": "{accounts[0]["password"]}"}}\'\n'
        f"API docs: {base}/docs",
        highlight=False,
    )


@app.command()
def worker(
    queues: Annotated[
        str | None, typer.Option(help="Comma-separated queues (default: all).")
    ] = None,
    concurrency: Annotated[int | None, typer.Option(min=1, help="Jobs run at once.")] = None,
) -> None:
    """Run a background worker until interrupted."""
    settings = load_settings(prestart=True)

    from jobpilot import worker as queue
    from jobpilot.core.observability import configure_logging
    from jobpilot.core.runtime import build_runtime

    configure_logging(settings)
    try:
        runtime = build_runtime(settings)
    except Exception as exc:
        raise fail(f"cannot reach the database: {exc}") from exc
    if settings.embedded:
        from jobpilot.core import migrations

        migrations.upgrade(runtime.libpq_url)
    chosen = (
        [q.strip() for q in queues.split(",") if q.strip()] if queues else settings.worker.queues
    )

    async def main() -> None:
        pool = await queue.open_queue(runtime.libpq_url)
        try:
            await queue.run_worker(
                queues=chosen,
                concurrency=concurrency or settings.worker.concurrency,
                runtime=runtime,
                name=f"worker-{os.getpid()}",
                install_signals=True,
            )
        finally:
            await queue.close_queue(pool)
            await runtime.close()

    asyncio.run(main())


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument()] = "head", as_json: JsonFlag = False
) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from jobpilot.core import migrations
    from jobpilot.core.db import resolve_database_url

    url = resolve_database_url(load_settings())
    migrations.upgrade(url, revision)
    _print_revisions(sorted(migrations.current_revisions(url)), as_json)


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")],
    as_json: JsonFlag = False,
) -> None:
    """Revert migrations down to REVISION."""
    from jobpilot.core import migrations
    from jobpilot.core.db import resolve_database_url

    url = resolve_database_url(load_settings())
    migrations.downgrade(url, revision)
    _print_revisions(sorted(migrations.current_revisions(url)), as_json)


def _print_revisions(current: list[str], as_json: bool) -> None:
    if as_json:
        print_json({"current": current})
    else:
        out.print(f"database at {', '.join(current) or 'base (empty)'}")


@db_app.command("current")
def db_current(as_json: JsonFlag = False) -> None:
    """Show the database's revision and the code's head revision."""
    from jobpilot.core import migrations
    from jobpilot.core.db import resolve_database_url

    current = sorted(migrations.current_revisions(resolve_database_url(load_settings())))
    heads = sorted(migrations.head_revisions())
    data = {"current": current, "head": heads, "up_to_date": current == heads}
    if as_json:
        print_json(data)
    else:
        out.print(
            f"current: {', '.join(current) or '(empty database)'}\nhead:    {', '.join(heads)}"
        )
        if current != heads:
            raise typer.Exit(1)


@db_app.command("check")
def db_check(as_json: JsonFlag = False) -> None:
    """Fail when the models and the migrated database disagree (run after upgrade)."""
    from jobpilot.core import migrations
    from jobpilot.core.db import resolve_database_url

    drift = migrations.model_drift(resolve_database_url(load_settings()))
    if as_json:
        print_json({"agree": not drift, "differences": [str(item) for item in drift]})
    if drift:
        for item in drift:
            err.print(str(item))
        raise fail("models and migrations disagree: write a migration")
    if not as_json:
        out.print("models and migrations agree")


@db_app.command("revision")
def db_revision(
    message: Annotated[str, typer.Option("-m", "--message")],
    autogenerate: Annotated[bool, typer.Option(help="Diff models against the database.")] = True,
) -> None:
    """Write a new migration file (contributors)."""
    from jobpilot.core import migrations
    from jobpilot.core.db import resolve_database_url

    url = resolve_database_url(load_settings())
    migrations.upgrade(url)
    migrations.revision(url, message, autogenerate=autogenerate)


@users_app.command("create")
def users_create(
    email: Annotated[str, typer.Argument()],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    role: Annotated[str, typer.Option(help="seeker or recruiter")] = "seeker",
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an administrator.")] = False,
    name: Annotated[str | None, typer.Option(help="Full name.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create a user account."""
    from pydantic import EmailStr, TypeAdapter

    from jobpilot.auth import service
    from jobpilot.auth.models import AccountRole
    from jobpilot.core.db import unit_of_work

    if role not in {r.value for r in AccountRole}:
        raise fail("--role must be seeker or recruiter", 2)
    try:
        TypeAdapter(EmailStr).validate_python(email)
    except ValidationError as exc:
        raise fail(f"not a valid email address: {email}", 2) from exc

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            user = await service.register(
                session,
                email=email,
                password=password,
                full_name=name,
                role=AccountRole(role),
                settings=runtime.settings.auth,
                is_admin=admin,
            )
            return {
                "id": str(user.id),
                "email": user.email,
                "role": user.role.value,
                "is_admin": user.is_admin,
            }

    user = run_with_runtime(work)
    if as_json:
        print_json(user)
    else:
        out.print(
            f"created {user['email']} ({user['role']}{', admin' if user['is_admin'] else ''})"
            f" id {user['id']}"
        )


@orgs_app.command("create")
def orgs_create(
    name: Annotated[str, typer.Argument()],
    owner: Annotated[str, typer.Option(help="Email of the first org admin (must exist).")],
    slug: Annotated[str | None, typer.Option(help="URL-safe identifier.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an organisation with OWNER as its org admin."""
    from jobpilot.audit.service import Actor
    from jobpilot.auth import service as auth_service
    from jobpilot.core.db import unit_of_work
    from jobpilot.orgs import service

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            user = await auth_service.find_user_by_email(session, owner)
            if user is None:
                raise fail(f"no user with email {owner}")
            org = await service.create_org(session, name=name, slug=slug, owner=user, actor=Actor())
            return {"id": str(org.id), "name": org.name, "slug": org.slug, "owner": user.email}

    org = run_with_runtime(work)
    if as_json:
        print_json(org)
    else:
        out.print(f"created organisation {org['name']} ({org['slug']}) id {org['id']}")


@keys_app.command("create")
def api_keys_create(
    user: Annotated[str, typer.Option(help="Email of the key's owner.")],
    name: Annotated[str, typer.Option(help="A label for the key.")],
    scope: Annotated[list[str], typer.Option(help="A scope such as jobs:read (repeatable).")],
    expires_days: Annotated[int | None, typer.Option(min=1, help="Expire after N days.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create an API key; its secret is printed once."""
    from jobpilot.auth import service
    from jobpilot.auth.scopes import ALL_SCOPES
    from jobpilot.auth.service import Principal
    from jobpilot.core.db import unit_of_work

    unknown = sorted(set(scope) - ALL_SCOPES)
    if unknown:
        raise fail(
            f"unknown scopes: {', '.join(unknown)} (known: {', '.join(sorted(ALL_SCOPES))})", 2
        )

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            owner = await service.find_user_by_email(session, user)
            if owner is None:
                raise fail(f"no user with email {user}")
            api_key, secret = await service.create_api_key(
                session,
                Principal(user=owner),
                name=name,
                scopes=scope,
                expires_in_days=expires_days,
                ip=None,
            )
            return {
                "id": str(api_key.id),
                "name": api_key.name,
                "scopes": api_key.scopes,
                "expires_at": api_key.expires_at.isoformat() if api_key.expires_at else None,
                "key": secret,
            }

    key = run_with_runtime(work)
    if as_json:
        print_json(key)
    else:
        out.print(
            f"API key {key['name']} ({', '.join(key['scopes'])}):\n{key['key']}\n"
            "It is shown only now."
        )


@config_app.command("show")
def config_show(as_json: JsonFlag = False) -> None:
    """Print the effective settings, secrets masked."""
    from jobpilot.core.settings import masked_settings

    data = masked_settings(load_settings())
    if as_json:
        print_json(data)
        return
    table = Table(title="jobpilot settings")
    table.add_column("setting")
    table.add_column("value")
    for key, value in _flatten(data):
        table.add_row(key, json.dumps(value) if not isinstance(value, str) else value)
    out.print(table)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, f"{name}."))
        else:
            rows.append((name, value))
    return rows


@app.command()
def demo(
    jobs: Annotated[bool, typer.Option(help="Also load the demo job catalogue")] = True,
    as_json: JsonFlag = False,
) -> None:
    """Create the demo accounts and load the demo job catalogue (both idempotent)."""
    from jobpilot.core.db import unit_of_work
    from jobpilot.demo import create_demo_data, demo_feed, load_demo_jobs, load_demo_profile

    async def work(runtime: Any) -> dict[str, Any]:
        async with unit_of_work(runtime.sessionmaker) as session:
            accounts = await create_demo_data(session, runtime.settings.auth)
            seeker = await load_demo_profile(runtime, session)
        catalogue = await load_demo_jobs(runtime) if jobs else None
        feed = await demo_feed(runtime) if jobs else None
        return {"accounts": accounts, "profile": seeker, "jobs": catalogue, "feed": feed}

    result = run_with_runtime(work)
    if as_json:
        print_json(result)
        return
    _print_demo(result["accounts"], load_settings())
    seeker = result["profile"]
    if seeker.get("email"):
        out.print(
            f"demo seeker profile: {seeker['current_title']}, {seeker['total_years']} years, "
            f"{seeker['skills']} skills with evidence. "
            f"Try: jobpilot profile show --user {seeker['email']}",
            highlight=False,
        )
    if result["jobs"] is not None:
        counts = result["jobs"]
        out.print(
            f"demo catalogue: {counts['fetched']:,} postings -> {counts['new']:,} new jobs, "
            f"{counts['merged']:,} merged duplicates, {counts['unchanged']:,} unchanged. "
            "Try: jobpilot jobs list -q python --location Berlin"
        )
    if result["feed"]:
        out.print("the demo seeker's best matches (jobpilot match jobs --user …):")
        for item in result["feed"]:
            out.print(
                f"  {item['score']:5.1f} {item['title']} — {item['company']}: {item['summary']}",
                highlight=False,
            )


def main() -> None:
    from jobpilot.agents.commands import copilot_app
    from jobpilot.jobs.commands import feeds_app, ingest_app, jobs_app
    from jobpilot.matching.commands import match_app
    from jobpilot.profiles.commands import profile_app, resumes_app
    from jobpilot.taxonomy.commands import skills_app, taxonomy_app, titles_app

    app.add_typer(ingest_app, name="ingest")
    app.add_typer(jobs_app, name="jobs")
    app.add_typer(feeds_app, name="feeds")
    app.add_typer(resumes_app, name="resumes")
    app.add_typer(profile_app, name="profile")
    app.add_typer(match_app, name="match")
    app.add_typer(copilot_app, name="copilot")

    app.add_typer(taxonomy_app, name="taxonomy")
    app.add_typer(skills_app, name="skills")
    app.add_typer(titles_app, name="titles")
    app()

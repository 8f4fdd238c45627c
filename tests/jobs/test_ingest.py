"""The ingestion pipeline against the real database: parsing, de-duplication across sources,
idempotent re-runs, updates, reposts and closing."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from jobpilot.core.db import utcnow
from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service
from jobpilot.jobs.models import Job, JobPosting
from jobpilot.sources.base import RawPosting
from tests.support.fixture_server import Reply, fixture_server

LEVER_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "lever"

DESCRIPTION = """
<h2>About the role</h2>
<p>Northwind Robotics builds warehouse robots. You will design and run our data platform.</p>
<h3>Requirements</h3>
<ul><li>5+ years of experience with Python and PostgreSQL</li>
<li>Experience with Kubernetes and AWS</li></ul>
<h3>Nice to have</h3>
<ul><li>Kafka is a plus</li></ul>
<p>Salary: €70.000 - 85.000 p.a. We offer visa sponsorship and 30 days paid time off.</p>
"""


MAY_1 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def posting(**changes: object) -> RawPosting:
    base = RawPosting(
        source="greenhouse",
        source_key="northwind",
        external_id="4001",
        title="Senior Data Engineer",
        description=DESCRIPTION,
        description_is_html=True,
        company="Northwind Robotics GmbH",
        url="https://boards.greenhouse.io/northwind/jobs/4001",
        apply_url="https://boards.greenhouse.io/northwind/jobs/4001#app",
        locations=["Berlin, Germany"],
        employment_type="Full-time",
        payload={"id": 4001},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def count(runtime: Runtime, model: type[Job] | type[JobPosting]) -> int:
    async with runtime.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def only_job(runtime: Runtime) -> Job:
    async with runtime.sessionmaker() as session:
        return (await session.scalars(select(Job))).one()


async def test_a_posting_becomes_a_parsed_job(catalogue: Runtime) -> None:
    _, counts = await service.ingest_postings(catalogue, [posting()])
    assert (counts.new, counts.failed) == (1, 0)
    job = await only_job(catalogue)
    assert job.title == "Senior Data Engineer"
    assert job.seniority == "senior"
    assert job.company_name == "Northwind Robotics"
    assert job.countries == ["DE"]
    assert job.cities == ["berlin"]
    assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_interval) == (
        70000,
        85000,
        "EUR",
        "year",
    )
    assert job.salary_annual_min_ref is not None
    assert job.salary_annual_min_ref > 70000  # converted to USD at the configured rate
    assert job.employment_type == "full_time"
    assert job.experience_min_years == 5
    assert job.visa_sponsorship is True
    labels = {s["label"]: s["required"] for s in job.skills}
    assert labels["Python"] is True
    assert labels["Apache Kafka"] is False
    assert "- 5+ years of experience with Python and PostgreSQL" in job.description
    assert job.embedding is not None
    assert len(job.embedding) == 384


async def test_the_same_job_on_three_sources_is_one_job(catalogue: Runtime) -> None:
    lever = posting(
        source="lever",
        source_key="northwind",
        external_id="a1b2-c3",
        title="Senior Data Engineer (Berlin)",
        url="https://jobs.lever.co/northwind/a1b2-c3",
        apply_url="https://jobs.lever.co/northwind/a1b2-c3/apply",
        locations=["Berlin"],
    )
    employer = posting(
        source="careers",
        source_key="northwind-robotics.example",
        external_id="https://careers.northwind-robotics.example/jobs/77",
        company="Northwind Robotics",
        url="https://careers.northwind-robotics.example/jobs/77",
        apply_url="https://careers.northwind-robotics.example/jobs/77/apply",
        description=DESCRIPTION + "<p>Join us!</p>",
    )
    _, counts = await service.ingest_postings(catalogue, [posting(), lever, employer])
    assert (counts.new, counts.merged) == (1, 2)
    assert await count(catalogue, Job) == 1
    assert await count(catalogue, JobPosting) == 3
    job = await only_job(catalogue)
    # The employer's own apply URL wins over the boards'.
    assert job.apply_url == "https://careers.northwind-robotics.example/jobs/77/apply"


async def test_same_title_elsewhere_or_another_role_stays_separate(catalogue: Runtime) -> None:
    other_city = posting(external_id="4002", locations=["New York, NY"])
    other_role = posting(
        external_id="4003",
        title="Senior Backend Engineer",
        description="<p>Build our APIs in Go. Kubernetes experience required.</p>",
    )
    _, counts = await service.ingest_postings(catalogue, [posting(), other_city, other_role])
    assert counts.new == 3
    assert await count(catalogue, Job) == 3


async def test_reingesting_changes_nothing(catalogue: Runtime) -> None:
    await service.ingest_postings(catalogue, [posting(), posting(external_id="4002")])
    before = await only_job_ids(catalogue)
    _, counts = await service.ingest_postings(catalogue, [posting(), posting(external_id="4002")])
    assert (counts.new, counts.updated, counts.unchanged, counts.merged) == (0, 0, 2, 0)
    assert await only_job_ids(catalogue) == before
    assert await count(catalogue, JobPosting) == 2


async def only_job_ids(runtime: Runtime) -> set[str]:
    async with runtime.sessionmaker() as session:
        return {str(i) for i in await session.scalars(select(Job.id))}


async def test_a_changed_posting_updates_its_job(catalogue: Runtime) -> None:
    await service.ingest_postings(catalogue, [posting()])
    changed = posting(description=DESCRIPTION.replace("€70.000 - 85.000", "€75.000 - 90.000"))
    _, counts = await service.ingest_postings(catalogue, [changed])
    assert (counts.updated, counts.new) == (1, 0)
    job = await only_job(catalogue)
    assert (job.salary_min, job.salary_max) == (75000, 90000)


async def test_a_repost_with_a_new_id_is_flagged(catalogue: Runtime) -> None:
    await service.ingest_postings(catalogue, [posting(posted_at=MAY_1)])
    _, counts = await service.ingest_postings(
        catalogue, [posting(external_id="5009", posted_at=MAY_1 + timedelta(days=21))]
    )
    assert (counts.reposts, counts.new) == (1, 0)
    job = await only_job(catalogue)
    assert job.repost_count == 1
    async with catalogue.sessionmaker() as session:
        flags = await session.scalars(
            select(JobPosting.is_repost).order_by(JobPosting.first_seen_at, JobPosting.id)
        )
        assert sorted(flags) == [False, True]


async def test_a_board_listing_a_job_twice_at_once_is_not_a_repost(catalogue: Runtime) -> None:
    _, counts = await service.ingest_postings(
        catalogue,
        [
            posting(posted_at=MAY_1),
            posting(external_id="4002", posted_at=MAY_1 + timedelta(days=1)),
        ],
    )
    assert (counts.new, counts.merged, counts.reposts) == (1, 1, 0)
    assert (await only_job(catalogue)).repost_count == 0


async def test_a_new_id_after_the_boards_listing_went_away_is_a_repost(
    catalogue: Runtime,
) -> None:
    await service.ingest_postings(catalogue, [posting(posted_at=MAY_1)])
    async with catalogue.sessionmaker() as session:
        await session.execute(update(JobPosting).values(status="gone", gone_at=func.now()))
        await session.commit()
    _, counts = await service.ingest_postings(
        catalogue, [posting(external_id="4002", posted_at=MAY_1 + timedelta(days=2))]
    )
    assert (counts.new, counts.merged, counts.reposts) == (0, 0, 1)
    assert (await only_job(catalogue)).repost_count == 1


async def add_file_feed(runtime: Runtime, path: Path) -> uuid.UUID:
    async with runtime.sessionmaker() as session:
        feed = await service.add_feed(
            session,
            runtime,
            service.FeedSpec(source="file", config={"path": str(path)}, every="1h"),
            created_by=None,
        )
        await session.commit()
    return feed.id


async def test_feed_runs_close_jobs_that_disappear(catalogue: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    place = {"company": "Acme Logistics", "location": "Leeds"}
    rows = [
        {"id": "1", "title": "Warehouse Associate", **place},
        {"id": "2", "title": "Forklift Driver", **place},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    feed_id = await add_file_feed(catalogue, path)

    first = await service.run_feed(catalogue, feed_id, trigger="manual")
    assert first is not None
    assert (first.status, first.new) == ("succeeded", 2)

    path.write_text(json.dumps(rows[0]) + "\n")
    second = await service.run_feed(catalogue, feed_id, trigger="manual")
    assert second is not None
    assert (second.status, second.unchanged, second.closed) == ("succeeded", 1, 1)
    async with catalogue.sessionmaker() as session:
        statuses = dict((await session.execute(select(Job.title, Job.status))).all())
    assert statuses == {"Warehouse Associate": "open", "Forklift Driver": "closed"}

    # Back again: the job reopens.
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    third = await service.run_feed(catalogue, feed_id, trigger="manual")
    assert third is not None
    async with catalogue.sessionmaker() as session:
        reopened = await session.scalar(select(Job.status).where(Job.title == "Forklift Driver"))
    assert reopened == "open"


async def test_bad_rows_are_reported_and_good_rows_kept(catalogue: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "1", "title": "Pharmacist", "company": "Green Cross", "location": "Lyon"}\n'
        "{not json\n"
        '{"id": "3", "company": "No Title Ltd"}\n'
    )
    async with catalogue.sessionmaker() as session:
        feed = await service.add_feed(
            session,
            catalogue,
            service.FeedSpec(source="file", config={"path": str(path)}),
            created_by=None,
        )
        await session.commit()
    run = await service.run_feed(catalogue, feed.id)
    assert run is not None
    assert run.new == 1
    assert run.failed == 2
    assert [e["where"] for e in run.errors] == ["line 2", "line 3"]


async def test_a_run_cut_short_by_its_page_cap_closes_nothing(catalogue: Runtime) -> None:
    lever = LEVER_FIXTURES
    listing = "/v0/postings/fjordline"
    with fixture_server() as server:
        server.route(
            f"{listing}?mode=json&skip=0&limit=3",
            Reply(body=(lever / "postings-page-1.json").read_bytes()),
        )
        server.route(
            f"{listing}?mode=json&skip=3&limit=3",
            Reply(body=(lever / "postings-page-2.json").read_bytes()),
        )
        config = {"site": "fjordline", "base_url": server.url, "page_size": 3}
        async with catalogue.sessionmaker() as session:
            feed = await service.add_feed(
                session,
                catalogue,
                service.FeedSpec(source="lever", config=config),
                created_by=None,
            )
            await session.commit()
        full = await service.run_feed(catalogue, feed.id)
        assert full is not None
        assert (full.status, full.fetched) == ("succeeded", 4)

        async with catalogue.sessionmaker() as session:
            stored = await service.get_feed(session, feed.id)
            stored.config = {**config, "max_pages": 1}
            await session.commit()
        capped = await service.run_feed(catalogue, feed.id)
    assert capped is not None
    assert (capped.status, capped.fetched, capped.closed) == ("partial", 3, 0)
    async with catalogue.sessionmaker() as session:
        statuses = set(await session.scalars(select(JobPosting.status)))
    assert statuses == {"active"}


async def test_a_boards_edit_does_not_override_the_employers_posting(catalogue: Runtime) -> None:
    employer = posting(
        source="careers",
        source_key="northwind-robotics.example",
        external_id="77",
        company="Northwind Robotics",
        url="https://careers.northwind-robotics.example/jobs/77",
        apply_url="https://careers.northwind-robotics.example/jobs/77/apply",
    )
    await service.ingest_postings(catalogue, [employer, posting()])
    edited = posting(description=DESCRIPTION.replace("€70.000 - 85.000", "€10.000 - 20.000"))
    _, counts = await service.ingest_postings(catalogue, [edited])
    assert counts.updated == 1
    job = await only_job(catalogue)
    assert (job.salary_min, job.salary_max) == (70000, 85000)

    own_edit = replace(
        employer, title="Senior Data Engineer", description=DESCRIPTION + "<p>New.</p>"
    )
    await service.ingest_postings(catalogue, [own_edit])
    job = await only_job(catalogue)
    assert job.description.endswith("New.")


async def test_a_posting_with_an_overlong_id_is_reported_not_fatal(catalogue: Runtime) -> None:
    _, counts = await service.ingest_postings(
        catalogue, [posting(external_id="x" * 400), posting(external_id="ok")]
    )
    assert (counts.new, counts.failed) == (1, 1)
    assert "too long" in counts.errors[0].message


async def test_a_posting_listed_again_in_the_next_batch_is_updated_not_doubled(
    catalogue: Runtime,
) -> None:
    """Batches are looked up while the previous one is being written; a key in two
    consecutive batches must see its first write."""
    catalogue.settings = catalogue.settings.model_copy(
        update={"ingest": catalogue.settings.ingest.model_copy(update={"batch_size": 2})}
    )
    edited = DESCRIPTION.replace("€70.000 - 85.000", "€75.000 - 90.000")
    stream = [
        posting(external_id="1", title="Forklift Driver"),
        posting(external_id="2", title="Warehouse Associate"),
        posting(external_id="1", title="Forklift Driver", description=edited),
        posting(external_id="3", title="Night Shift Picker"),
        posting(external_id="4", title="Inventory Clerk"),
    ]
    _, counts = await service.ingest_postings(catalogue, stream)
    assert (counts.fetched, counts.new, counts.updated) == (5, 4, 1)
    assert await count(catalogue, JobPosting) == 4
    async with catalogue.sessionmaker() as session:
        driver = (await session.scalars(select(Job).where(Job.title == "Forklift Driver"))).one()
    assert (driver.salary_min, driver.salary_max) == (75000, 90000)


async def test_reposts_of_several_jobs_in_one_batch_are_counted_per_job(
    catalogue: Runtime,
) -> None:
    later = MAY_1 + timedelta(days=30)
    await service.ingest_postings(
        catalogue,
        [
            posting(posted_at=MAY_1),
            posting(external_id="7001", title="Warehouse Associate", posted_at=MAY_1),
        ],
    )
    _, counts = await service.ingest_postings(
        catalogue,
        [
            posting(external_id="4101", posted_at=later),
            posting(external_id="4102", posted_at=later + timedelta(days=9)),
            posting(external_id="7101", title="Warehouse Associate", posted_at=later),
        ],
    )
    assert (counts.reposts, counts.new) == (3, 0)
    async with catalogue.sessionmaker() as session:
        reposts = dict((await session.execute(select(Job.title, Job.repost_count))).all())
    assert reposts == {"Senior Data Engineer": 2, "Warehouse Associate": 1}


async def test_a_feed_run_closes_only_its_own_jobs_and_the_sweep_the_rest(
    catalogue: Runtime, tmp_path: Path
) -> None:
    feeds = []
    for name, title in (("a", "Forklift Driver"), ("b", "Warehouse Associate")):
        path = tmp_path / f"{name}.jsonl"
        path.write_text(json.dumps({"id": name, "title": title, "company": f"Depot {name}"}) + "\n")
        feeds.append(await add_file_feed(catalogue, path))
        await service.run_feed(catalogue, feeds[-1], trigger="manual")
    # Feed b's posting went away earlier, but feed b has not run since.
    async with catalogue.sessionmaker() as session:
        await session.execute(
            update(JobPosting)
            .where(JobPosting.feed_id == feeds[1])
            .values(status="gone", gone_at=func.now())
        )
        await session.commit()

    run = await service.run_feed(catalogue, feeds[0], trigger="manual")
    assert run is not None
    assert run.closed == 0
    async with catalogue.sessionmaker() as session:
        assert set(await session.scalars(select(Job.status))) == {"open"}
        assert await service.close_stale_jobs(session, catalogue, now=utcnow()) == 1
        closed = await session.scalar(select(Job.title).where(Job.status == "closed"))
    assert closed == "Warehouse Associate"

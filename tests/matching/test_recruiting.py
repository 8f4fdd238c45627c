"""Candidates for a job: ranking, the pseudonymous view, who may ask, the progress estimate."""

from __future__ import annotations

import itertools
import math
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobpilot.core.runtime import Runtime
from jobpilot.jobs import service as jobs
from jobpilot.jobs.models import Job
from jobpilot.matching import recruiting, repository
from jobpilot.matching.recruiting import free_of_contact, progress_probability
from jobpilot.matching.service import FACET_WEIGHTS, query_vector
from jobpilot.orgs.models import Organisation, OrgRole
from jobpilot.profiles import service as profiles
from jobpilot.profiles.resume import Contact, Link
from jobpilot.sources.base import RawPosting
from tests.factories import SignedIn, add_member, make_org, make_user, sign_in
from tests.support.taxonomy_index import attach_index

ENGINEER = """# {name}

Senior Data Engineer

{email} | +49 30 1234 {code} | Berlin, Germany

## Experience

### Senior Data Engineer - Fernleaf GmbH
Berlin, Germany | Jan 2018 - Present

- Built batch pipelines in Python and SQL on PostgreSQL.
- Ran Apache Airflow for 200 daily jobs.

## Skills

Python, SQL, PostgreSQL, Apache Airflow, Docker
"""

NURSE = """# {name}

Registered Nurse

{email} | +49 30 1234 {code} | Berlin, Germany

## Experience

### Registered Nurse - Charite Care
Berlin, Germany | Jan 2016 - Present

- Provided patient care on a busy surgical ward.
- Trained new nurses in wound care.

## Skills

Nursing, Patient care, Wound care
"""

DATA_TITLE = "Senior Data Engineer"
DATA_DESCRIPTION = (
    "You will build data pipelines. Must have Python, SQL and Apache Airflow. "
    "Nice to have: Kubernetes."
)
DATA_JOB = {
    "title": DATA_TITLE,
    "company": "Kestrel Analytics",
    "description": DATA_DESCRIPTION,
    "locations": ["Berlin, Germany"],
}


@dataclass
class Candidate:
    who: SignedIn
    name: str
    email: str
    phone: str


@pytest.fixture
async def indexed(runtime: Runtime, engine: AsyncEngine) -> Runtime:
    await attach_index(runtime, engine)
    return runtime


async def candidate(
    client: httpx.AsyncClient,
    session: AsyncSession,
    template: str,
    *,
    name: str,
    discoverable: bool = True,
    blocklist: tuple[str, ...] = (),
    alert_threshold: int = 75,
) -> Candidate:
    me = await sign_in(client, await make_user(session))
    code = str(sum(map(ord, name)) % 9000 + 1000)
    email = f"{name.split()[0].lower()}@private.example"
    resume = template.format(name=name, email=email, code=code).encode()
    uploaded = await client.post(
        "/api/v1/me/resumes",
        headers=me.headers,
        files={"file": ("resume.md", resume, "text/markdown")},
    )
    assert uploaded.status_code == 201, uploaded.text
    preferences = {
        "locations": [{"name": "Berlin, Germany"}],
        "discoverable": discoverable,
        "company_blocklist": list(blocklist),
        "alert_threshold": alert_threshold,
    }
    saved = await client.put("/api/v1/me/preferences", headers=me.headers, json=preferences)
    assert saved.status_code == 200, saved.text
    return Candidate(me, name, email, f"+49 30 1234 {code}")


@dataclass
class Org:
    org: Organisation
    admin: SignedIn
    recruiter: SignedIn


async def org_with_recruiter(client: httpx.AsyncClient, session: AsyncSession) -> Org:
    owner = await make_user(session)
    org = await make_org(session, owner)
    recruiter = await make_user(session)
    await add_member(session, org, recruiter, OrgRole.recruiter)
    return Org(org, await sign_in(client, owner), await sign_in(client, recruiter))


async def post_job(client: httpx.AsyncClient, org: Org) -> str:
    response = await client.post(
        "/api/v1/jobs", headers=org.recruiter.headers, json={**DATA_JOB, "org_id": str(org.org.id)}
    )
    assert response.status_code == 201, response.text
    job_id: str = response.json()["id"]
    return job_id


async def candidates_of(
    client: httpx.AsyncClient, job_id: str, who: SignedIn, **params: str | int
) -> httpx.Response:
    return await client.get(f"/api/v1/jobs/{job_id}/candidates", headers=who.headers, params=params)


def ids(body: Any) -> list[str]:
    return [item["candidate_id"] for item in body["items"]]


async def test_a_recruiter_ranks_discoverable_candidates_without_contact_details(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    engineer = await candidate(client, session, ENGINEER, name="Jordan Fieldmark")
    nurse = await candidate(client, session, NURSE, name="Robin Oakhollow")
    hidden = await candidate(client, session, ENGINEER, name="Sasha Quillon", discoverable=False)
    blocking = await candidate(
        client, session, ENGINEER, name="Morgan Tidewell", blocklist=("Kestrel Analytics",)
    )
    org = await org_with_recruiter(client, session)
    job_id = await post_job(client, org)

    response = await candidates_of(client, job_id, org.recruiter)
    assert response.status_code == 200, response.text
    body = response.json()
    assert ids(body) == [str(engineer.who.user.id), str(nurse.who.user.id)]
    assert body["total"] == 2
    assert body["next_cursor"] is None
    scores = [item["score"] for item in body["items"]]
    assert scores[0] > scores[1]

    first = body["items"][0]
    assert first["current_title"] == "Senior Data Engineer"
    assert (first["city"], first["country"]) == ("Berlin", "DE")
    assert first["total_years"] is not None
    assert first["total_years"] > 5
    assert "Python" in [skill["label"] for skill in first["top_skills"]]
    assert {"Python", "SQL", "Apache Airflow"} <= {s["label"] for s in first["matched_skills"]}
    assert "Kubernetes" in [s["label"] for s in first["skill_gap"]]
    assert len(first["factors"]) == 7
    assert first["summary"]
    expected = 1 / (1 + math.exp(-(first["score"] - 60) / 8))
    assert first["progress_probability"] == pytest.approx(expected, abs=5e-4)

    text = response.text
    for person in (engineer, nurse, hidden, blocking):
        for secret in (person.name, person.email, person.phone, person.who.user.email):
            assert secret not in text
        assert person.name.split()[0] not in text
    assert "Test Person" not in text  # the accounts' full name
    assert str(hidden.who.user.id) not in text
    assert str(blocking.who.user.id) not in text

    # The org admin sees the same ranking; pages follow the cursor.
    as_admin = await candidates_of(client, job_id, org.admin, limit=1)
    assert as_admin.status_code == 200
    assert ids(as_admin.json()) == [str(engineer.who.user.id)]
    assert as_admin.json()["next_cursor"] == "1"
    second = await candidates_of(client, job_id, org.admin, limit=1, cursor="1")
    assert ids(second.json()) == [str(nurse.who.user.id)]
    assert second.json()["next_cursor"] is None


async def test_who_may_see_the_candidates_of_a_job(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await candidate(client, session, ENGINEER, name="Jordan Fieldmark")
    org_a = await org_with_recruiter(client, session)
    org_b = await org_with_recruiter(client, session)
    job_id = await post_job(client, org_a)

    assert (await client.get(f"/api/v1/jobs/{job_id}/candidates")).status_code == 401
    assert (await candidates_of(client, job_id, org_b.recruiter)).status_code == 404
    assert (await candidates_of(client, job_id, org_b.admin)).status_code == 404
    outsider = await sign_in(client, await make_user(session))
    assert (await candidates_of(client, job_id, outsider)).status_code == 404
    member = await make_user(session)
    await add_member(session, org_a.org, member, OrgRole.seeker)
    seeker_member = await sign_in(client, member)
    assert (await candidates_of(client, job_id, seeker_member)).status_code == 403
    missing = await candidates_of(client, str(uuid.uuid4()), org_a.recruiter)
    assert missing.status_code == 404
    bad_cursor = await candidates_of(client, job_id, org_a.recruiter, cursor="x")
    assert bad_cursor.status_code == 422
    too_many = await candidates_of(client, job_id, org_a.recruiter, limit=51)
    assert too_many.status_code == 422

    key = await client.post(
        "/api/v1/api-keys",
        headers=org_a.recruiter.headers,
        json={"name": "jobs", "scopes": ["jobs:read"]},
    )
    assert key.status_code == 201, key.text
    refused = await client.get(
        f"/api/v1/jobs/{job_id}/candidates", headers={"X-API-Key": key.json()["key"]}
    )
    assert refused.status_code == 403


async def test_a_shared_catalogue_job_is_for_administrators_only(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    engineer = await candidate(client, session, ENGINEER, name="Jordan Fieldmark")
    org = await org_with_recruiter(client, session)
    shared = RawPosting(
        source="lever",
        source_key="recruiting",
        external_id="shared-1",
        title=DATA_TITLE,
        company="Kestrel Analytics",
        description=DATA_DESCRIPTION,
        locations=["Berlin, Germany"],
    )
    await jobs.ingest_postings(indexed, [shared])
    job_id = await session.scalar(select(Job.id).where(Job.org_id.is_(None)).limit(1))
    assert job_id is not None

    assert (await candidates_of(client, str(job_id), org.recruiter)).status_code == 403
    assert (await candidates_of(client, str(job_id), org.admin)).status_code == 403
    admin = await sign_in(client, await make_user(session, is_admin=True))
    response = await candidates_of(client, str(job_id), admin)
    assert response.status_code == 200, response.text
    assert ids(response.json()) == [str(engineer.who.user.id)]


async def test_the_service_behind_the_cli_ranks_any_job_without_an_access_check(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    engineer = await candidate(client, session, ENGINEER, name="Jordan Fieldmark")
    nurse = await candidate(client, session, NURSE, name="Robin Oakhollow")
    org = await org_with_recruiter(client, session)
    job_id = uuid.UUID(await post_job(client, org))

    page = await recruiting.rank_candidates_for_job(indexed, session, job_id=job_id, limit=5)
    assert [m.user_id for m in page.entries] == [engineer.who.user.id, nurse.who.user.id]
    assert page.total_ranked == 2
    totals = [m.explanation.total for m in page.entries]
    assert totals == sorted(totals, reverse=True)
    for match in page.entries:
        assert match.progress_probability == round(progress_probability(match.explanation.total), 3)


async def test_stage_one_reaches_applicants_only_when_asked(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    visible = await candidate(client, session, ENGINEER, name="Jordan Fieldmark")
    hidden = await candidate(client, session, ENGINEER, name="Sasha Quillon", discoverable=False)
    org = await org_with_recruiter(client, session)
    job = (await jobs.jobs_by_ids(session, [uuid.UUID(await post_job(client, org))])).popitem()[1]
    query = np.asarray(job.embedding, dtype=np.float32)

    plain = await repository.candidates_near_job(
        session, query, facet_weights=FACET_WEIGHTS, limit=10
    )
    assert [user_id for user_id, _ in plain] == [visible.who.user.id]
    similarity = plain[0][1]
    assert -1.0 <= similarity <= 1.0

    with_applicant = await repository.candidates_near_job(
        session, query, facet_weights=FACET_WEIGHTS, limit=10, also_user_ids={hidden.who.user.id}
    )
    assert {user_id for user_id, _ in with_applicant} == {
        visible.who.user.id,
        hidden.who.user.id,
    }


async def test_the_sql_similarity_is_the_cosine_of_the_mixed_facets(
    indexed: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    me = await candidate(client, session, ENGINEER, name="Jordan Fieldmark")
    org = await org_with_recruiter(client, session)
    job = (await jobs.jobs_by_ids(session, [uuid.UUID(await post_job(client, org))])).popitem()[1]
    query = np.asarray(job.embedding, dtype=np.float32)
    query /= np.linalg.norm(query)
    [(_, similarity)] = await repository.candidates_near_job(
        session, query, facet_weights=FACET_WEIGHTS, limit=10
    )
    mixed = query_vector(await profiles.get_profile(session, me.who.user.id))
    assert mixed is not None
    assert similarity == pytest.approx(float(mixed @ query), abs=1e-5)


def test_the_progress_probability_follows_the_logistic_prior() -> None:
    assert progress_probability(60) == 0.5
    # exp(-2) = 0.1353352832: 1 / 1.1353352832 = 0.8807970780.
    assert progress_probability(76) == pytest.approx(0.8807970780, abs=1e-9)
    assert progress_probability(44) == pytest.approx(1 - 0.8807970780, abs=1e-9)
    values = [progress_probability(score / 2) for score in range(0, 201)]
    assert all(low < high for low, high in itertools.pairwise(values))
    assert 0 < values[0] < 0.001
    assert 0.99 < values[-1] < 1


def test_text_carrying_a_contact_detail_is_dropped() -> None:
    contact = Contact(
        name="Jordan Fieldmark",
        email="jordan@private.example",
        phone="+49 30 1234 5678",
        links=[Link(kind="github", url="https://github.com/jfieldmark")],
    )
    assert free_of_contact("Senior Data Engineer", contact) == "Senior Data Engineer"
    assert free_of_contact("Jordan Fieldmark, Data Engineer", contact) is None
    assert free_of_contact("Engineer · JORDAN@private.example", contact) is None
    assert free_of_contact("Engineer, +49 30 1234 5678", contact) is None
    assert free_of_contact("see https://github.com/jfieldmark", contact) is None
    assert free_of_contact(None, contact) is None
    assert free_of_contact("Data Engineer", Contact()) == "Data Engineer"

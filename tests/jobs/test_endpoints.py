"""REST: catalogue search and detail, recruiters' postings, uploads, feeds and source health."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.auth.models import AccountRole
from jobpilot.core.runtime import Runtime
from jobpilot.jobs import imports, service
from jobpilot.orgs.models import OrgRole
from jobpilot.sources.base import RawPosting
from tests.factories import SignedIn, add_member, make_org, make_user, sign_in

BASE = RawPosting(
    source="lever",
    source_key="acme",
    external_id="x",
    title="Engineer",
    company="Acme",
    payload={},
)


def job(external_id: str, **changes: object) -> RawPosting:
    return replace(BASE, external_id=external_id, **changes)  # type: ignore[arg-type]


CATALOGUE = [
    job(
        "py-berlin",
        title="Senior Python Developer",
        company="Kestrel Analytics",
        description="Must have Python and Django. Salary €80.000 - 95.000 p.a.",
        locations=["Berlin, Germany"],
        employment_type="Full-time",
        posted_at=datetime(2026, 11, 10, tzinfo=UTC),
    ),
    job(
        "nurse-leeds",
        title="Registered Nurse",
        company="Leeds Care Trust",
        description="Provide patient care on a busy ward. £32,000 - £38,000 per year.",
        locations=["Leeds, UK"],
        employment_type="Part-time",
        posted_at=datetime(2026, 11, 12, tzinfo=UTC),
    ),
    job(
        "go-remote",
        title="Backend Engineer",
        company="Orbit Labs",
        description="Write Go services on Kubernetes. $120k-$150k.",
        locations=["Remote - US"],
        workplace="remote",
        posted_at=datetime(2026, 10, 1, tzinfo=UTC),
    ),
]


@pytest.fixture
async def seeded(catalogue: Runtime) -> Runtime:
    await service.ingest_postings(catalogue, CATALOGUE)
    return catalogue


@pytest.fixture
async def seeker(client: httpx.AsyncClient, session: AsyncSession) -> SignedIn:
    return await sign_in(client, await make_user(session))


@pytest.fixture
async def admin(client: httpx.AsyncClient, session: AsyncSession) -> SignedIn:
    return await sign_in(client, await make_user(session, is_admin=True))


async def titles(client: httpx.AsyncClient, who: SignedIn, **params: str | int) -> list[str]:
    response = await client.get("/api/v1/jobs", params=params, headers=who.headers)
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_search_filters(seeded: Runtime, client: httpx.AsyncClient, seeker: SignedIn) -> None:
    assert await titles(client, seeker) == [
        "Registered Nurse",
        "Senior Python Developer",
        "Backend Engineer",
    ]
    assert await titles(client, seeker, q="python") == ["Senior Python Developer"]
    assert await titles(client, seeker, skills="Django") == ["Senior Python Developer"]
    assert await titles(client, seeker, location="Berlin") == ["Senior Python Developer"]
    assert await titles(client, seeker, location="GB") == ["Registered Nurse"]
    assert await titles(client, seeker, remote="true") == ["Backend Engineer"]
    assert await titles(client, seeker, salary_min=100000, currency="USD") == [
        "Senior Python Developer",
        "Backend Engineer",
    ]
    assert await titles(client, seeker, salary_min=130000, currency="EUR") == ["Backend Engineer"]
    assert await titles(client, seeker, seniority="senior") == ["Senior Python Developer"]
    assert await titles(client, seeker, employment_type="part_time") == ["Registered Nurse"]
    assert await titles(client, seeker, posted_since="2026-11-01") == [
        "Registered Nurse",
        "Senior Python Developer",
    ]
    assert await titles(client, seeker, company="Kestrel Analytics GmbH") == [
        "Senior Python Developer"
    ]
    assert await titles(client, seeker, sort="salary") == [
        "Backend Engineer",
        "Senior Python Developer",
        "Registered Nurse",
    ]


async def test_search_pages_with_a_cursor(
    seeded: Runtime, client: httpx.AsyncClient, seeker: SignedIn
) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params: dict[str, str | int] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        body = (await client.get("/api/v1/jobs", params=params, headers=seeker.headers)).json()
        seen += [item["title"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["Registered Nurse", "Senior Python Developer", "Backend Engineer"]


@pytest.mark.parametrize(
    "params",
    [
        {"currency": "EURO"},
        {"salary_min": -5},
        {"seniority": "wizard"},
        {"skills": "no such skill at all"},
        {"cursor": "%%%"},
        {"posted_since": "yesterday"},
        {"status": "deleted"},
    ],
)
async def test_bad_search_parameters_are_422(
    seeded: Runtime, client: httpx.AsyncClient, seeker: SignedIn, params: dict[str, str | int]
) -> None:
    response = await client.get("/api/v1/jobs", params=params, headers=seeker.headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_the_catalogue_needs_a_sign_in(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/v1/jobs")).status_code == 401
    assert (await client.get(f"/api/v1/jobs/{uuid.uuid4()}")).status_code == 401


async def test_job_detail_has_sources_and_parsed_fields(
    seeded: Runtime, client: httpx.AsyncClient, seeker: SignedIn
) -> None:
    listing = await client.get("/api/v1/jobs", params={"q": "nurse"}, headers=seeker.headers)
    job_id = listing.json()["items"][0]["id"]
    detail = (await client.get(f"/api/v1/jobs/{job_id}", headers=seeker.headers)).json()
    assert detail["salary"]["currency"] == "GBP"
    assert detail["salary"]["interval"] == "year"
    assert detail["locations"][0]["country"] == "GB"
    assert [s["source"] for s in detail["sources"]] == ["lever"]
    assert detail["sources"][0]["parsed"]["title"] == "Registered Nurse"
    missing = await client.get(f"/api/v1/jobs/{uuid.uuid4()}", headers=seeker.headers)
    assert missing.status_code == 404


async def test_recruiters_post_jobs_for_their_organisation(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, role=AccountRole.recruiter)
    org = await make_org(session, owner)
    seeker_user = await make_user(session)
    await add_member(session, org, seeker_user, OrgRole.seeker)
    outsider = await make_user(session, role=AccountRole.recruiter)
    body = {
        "org_id": str(org.id),
        "reference": "REQ-7",
        "title": "Staff Accountant",
        "description": "Prepare monthly close. Excel and SAP required.",
        "locations": ["Toronto, ON, Canada"],
        "salary": "CAD 70,000 - 80,000 per year",
    }
    owner_in = await sign_in(client, owner)
    created = await client.post("/api/v1/jobs", json=body, headers=owner_in.headers)
    assert created.status_code == 201, created.text
    assert created.json()["org_id"] == str(org.id)
    assert created.json()["salary"]["currency"] == "CAD"

    again = await client.post(
        "/api/v1/jobs", json={**body, "title": "Senior Staff Accountant"}, headers=owner_in.headers
    )
    assert again.status_code == 201
    assert again.json()["id"] == created.json()["id"]
    assert again.json()["title"] == "Senior Staff Accountant"

    as_seeker = await client.post(
        "/api/v1/jobs", json=body, headers=(await sign_in(client, seeker_user)).headers
    )
    assert as_seeker.status_code == 403
    as_outsider = await client.post(
        "/api/v1/jobs", json=body, headers=(await sign_in(client, outsider)).headers
    )
    assert as_outsider.status_code == 404
    invalid = await client.post(
        "/api/v1/jobs", json={**body, "title": "", "surprise": 1}, headers=owner_in.headers
    )
    assert invalid.status_code == 422
    naive = await client.post(
        "/api/v1/jobs",
        json={**body, "valid_through": "2027-01-01T00:00:00"},
        headers=owner_in.headers,
    )
    assert naive.status_code == 422


async def test_upload_is_imported_in_the_background(
    catalogue: Runtime, client: httpx.AsyncClient, admin: SignedIn
) -> None:
    lines = [
        {"id": "a", "title": "Chef de Partie", "company": "Bistro Nord", "location": "Oslo"},
        {"id": "b", "title": "Sous Chef", "company": "Bistro Nord", "location": "Oslo"},
    ]
    content = ("\n".join(json.dumps(x) for x in lines) + "\n{broken\n").encode()
    response = await client.post(
        "/api/v1/jobs/import",
        files={"file": ("jobs.jsonl", content, "application/x-ndjson")},
        headers=admin.headers,
    )
    assert response.status_code == 202, response.text
    created = response.json()
    assert (created["status"], created["format"]) == ("queued", "jsonl")

    await imports.run_import(catalogue, uuid.UUID(created["id"]))
    status = await client.get(f"/api/v1/jobs/imports/{created['id']}", headers=admin.headers)
    body = status.json()
    assert body["status"] == "succeeded"
    assert body["progress"] == 1.0
    assert (body["run"]["new"], body["run"]["failed"]) == (2, 1)
    assert body["run"]["errors"][0]["where"] == "line 3"


async def test_bad_uploads_are_refused(
    catalogue: Runtime, client: httpx.AsyncClient, admin: SignedIn, seeker: SignedIn
) -> None:
    async def upload(name: str, content: bytes, who: SignedIn, **data: str) -> int:
        response = await client.post(
            "/api/v1/jobs/import",
            files={"file": (name, content, "application/octet-stream")},
            data=data,
            headers=who.headers,
        )
        return response.status_code

    assert await upload("a.csv", b"", admin) == 422
    assert await upload("a.csv", b"x", admin, format="xlsx") == 422
    assert await upload("a.jsonl", b'{"id":"1"}\n', admin, encoding="rot13") == 422
    assert await upload("a.zip", b"PK\x03\x04rest", admin) == 422
    assert await upload("a.jsonl", b'{"id":"1"}\n', seeker) == 422
    other = await client.get(f"/api/v1/jobs/imports/{uuid.uuid4()}", headers=admin.headers)
    assert other.status_code == 404


async def test_feed_management(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession, admin: SignedIn
) -> None:
    created = await client.post(
        "/api/v1/feeds",
        json={"source": "greenhouse", "config": {"board": "acme"}, "every": "6h"},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    feed = created.json()
    assert (feed["name"], feed["every_seconds"], feed["paused"]) == (
        "greenhouse:acme",
        21600,
        False,
    )

    for bad in (
        {"source": "greenhouse", "config": {}},
        {"source": "greenhouse", "config": {"board": "acme", "colour": "red"}},
        {"source": "myspace", "config": {}},
        {"source": "greenhouse", "config": {"board": "a"}, "every": "soon"},
        {"source": "greenhouse", "config": {"board": "a"}, "cron": "every day"},
        {"source": "greenhouse", "config": {"board": "a"}, "every": "1h", "cron": "* * * * *"},
        {"source": "linkedin", "config": {"keywords": "nurse"}},
        {"source": "greenhouse", "config": {"board": "a"}, "cron": "0 0 30 2 *"},
        {"source": "greenhouse", "config": {"board": "a"}, "cron": "* * * * * *"},
        {"source": "greenhouse", "config": {"board": "a"}, "every": "100000d"},
    ):
        response = await client.post("/api/v1/feeds", json=bad, headers=admin.headers)
        assert response.status_code == 422, (bad, response.text)

    feed_url = f"/api/v1/feeds/{feed['id']}"
    paused = await client.patch(feed_url, json={"paused": True}, headers=admin.headers)
    assert paused.json()["paused"] is True
    first = await client.post(f"{feed_url}/run", headers=admin.headers)
    assert (first.status_code, first.json()["queued"]) == (202, True)
    second = await client.post(f"{feed_url}/run", headers=admin.headers)
    assert second.json()["queued"] is False
    assert (await client.get(f"{feed_url}/runs", headers=admin.headers)).json() == []
    assert (await client.delete(feed_url, headers=admin.headers)).status_code == 204
    assert (await client.get(feed_url, headers=admin.headers)).status_code == 404


async def test_recruiters_manage_only_their_organisations_feeds(
    catalogue: Runtime, client: httpx.AsyncClient, session: AsyncSession, admin: SignedIn
) -> None:
    owner = await make_user(session, role=AccountRole.recruiter)
    org = await make_org(session, owner)
    owner_in = await sign_in(client, owner)
    global_feed = await client.post(
        "/api/v1/feeds", json={"source": "lever", "config": {"site": "x"}}, headers=owner_in.headers
    )
    assert global_feed.status_code == 403
    own = await client.post(
        "/api/v1/feeds",
        json={"source": "lever", "config": {"site": "x"}, "org_id": str(org.id)},
        headers=owner_in.headers,
    )
    assert own.status_code == 201
    reads_disk = await client.post(
        "/api/v1/feeds",
        json={"source": "file", "config": {"path": "/etc/passwd"}, "org_id": str(org.id)},
        headers=owner_in.headers,
    )
    assert reads_disk.status_code == 403
    elsewhere = await client.post(
        "/api/v1/feeds",
        json={
            "source": "lever",
            "config": {"site": "x", "base_url": "http://203.0.113.9"},
            "org_id": str(org.id),
        },
        headers=owner_in.headers,
    )
    assert elsewhere.status_code == 403
    admins = await client.post(
        "/api/v1/feeds", json={"source": "ashby", "config": {"board": "y"}}, headers=admin.headers
    )
    listed = (await client.get("/api/v1/feeds", headers=owner_in.headers)).json()
    assert [f["id"] for f in listed] == [own.json()["id"]]
    hidden = await client.get(f"/api/v1/feeds/{admins.json()['id']}", headers=owner_in.headers)
    assert hidden.status_code == 404
    seeker = await sign_in(client, await make_user(session))
    assert (await client.get("/api/v1/sources/health", headers=seeker.headers)).status_code == 403


async def test_an_organisations_import_cannot_touch_other_jobs(
    seeded: Runtime, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, role=AccountRole.recruiter)
    org = await make_org(session, owner)
    owner_in = await sign_in(client, owner)
    # The row names the key of a job in the shared catalogue.
    row = {"id": "py-berlin", "source": "lever", "source_key": "acme", "title": "Replaced"}
    response = await client.post(
        "/api/v1/jobs/import",
        files={"file": ("x.jsonl", (json.dumps(row) + "\n").encode(), "application/x-ndjson")},
        data={"org_id": str(org.id)},
        headers=owner_in.headers,
    )
    assert response.status_code == 202, response.text
    await imports.run_import(seeded, uuid.UUID(response.json()["id"]))
    assert "Replaced" not in await titles(client, owner_in, q="python")
    assert "Senior Python Developer" in await titles(client, owner_in, q="python")
    assert await titles(client, owner_in, q="replaced") == ["Replaced"]

"""REST: resume upload and versions, the profile with hand edits, preferences, privacy."""

from __future__ import annotations

import base64
import io
import uuid

import httpx
import numpy as np
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpilot.audit.models import AuditEvent
from jobpilot.auth.models import User
from jobpilot.core.runtime import Runtime
from jobpilot.profiles.models import CandidateProfile, Resume, ResumeVersion
from tests.factories import PASSWORD, SignedIn, make_org, make_user, sign_in

RESUME = b"""# Jordan Example

Data Engineer

jordan@example.org | +44 20 7946 0958 | London, UK
github.com/jordan-example

## Summary

Data engineer who builds reliable pipelines.

## Work History

### Data Engineer - Fernleaf Ltd
London, UK | Jan 2020 - Present

- Built batch pipelines in Python and SQL on PostgreSQL.
- Ran Apache Airflow for 200 daily jobs.

### Analyst - Brightwater Insurance
2017 - 2019

- Wrote reports in SQL and Excel.

## Education

BSc in Statistics, University of Leeds, 2014 - 2017

## Skills

Python, SQL, PostgreSQL, Apache Airflow, Tableau
"""
MD = "text/markdown"


async def signed_in(client: httpx.AsyncClient, session: AsyncSession) -> SignedIn:
    return await sign_in(client, await make_user(session))


async def upload(
    client: httpx.AsyncClient,
    who: SignedIn,
    content: bytes = RESUME,
    filename: str = "resume.md",
    content_type: str = MD,
    **form: str,
) -> httpx.Response:
    return await client.post(
        "/api/v1/me/resumes",
        headers=who.headers,
        files={"file": (filename, content, content_type)},
        data=form,
    )


async def count_rows(session: AsyncSession, user_id: uuid.UUID) -> tuple[int, int]:
    resumes = await session.scalar(
        select(func.count()).select_from(Resume).where(Resume.user_id == user_id)
    )
    versions = await session.scalar(
        select(func.count())
        .select_from(ResumeVersion)
        .join(Resume, Resume.id == ResumeVersion.resume_id)
        .where(Resume.user_id == user_id)
    )
    return int(resumes or 0), int(versions or 0)


async def test_upload_parses_stores_and_builds_the_profile(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    response = await upload(client, me)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["resume"]["is_master"] is True
    assert body["version"]["version"] == 1
    assert body["version"]["format"] == "markdown"
    parsed = body["parsed"]
    assert parsed["contact"]["name"] == "Jordan Example"
    assert parsed["contact"]["email"] == "jordan@example.org"
    assert [e["company"] for e in parsed["experience"]] == [
        "Fernleaf Ltd",
        "Brightwater Insurance",
    ]
    facts = body["facts"]
    assert facts["current_title"] == "Data Engineer"
    skills = {s["label"]: s for s in facts["skills"]}
    assert "Python" in skills
    assert skills["Python"]["evidence"]
    assert all(s["evidence"] for s in facts["skills"])
    assert body["profile"]["resume"]["contact"]["name"] == "Jordan Example"

    profile = await client.get("/api/v1/me/profile", headers=me.headers)
    assert profile.status_code == 200
    assert profile.json()["facts"] == facts
    assert profile.json()["master_resume_id"] == body["resume"]["id"]

    listed = await client.get("/api/v1/me/resumes", headers=me.headers)
    assert [r["id"] for r in listed.json()] == [body["resume"]["id"]]

    resume_id = body["resume"]["id"]
    detail = await client.get(f"/api/v1/me/resumes/{resume_id}", headers=me.headers)
    assert detail.status_code == 200
    assert detail.json()["parsed"] == parsed
    original = await client.get(f"/api/v1/me/resumes/{resume_id}/file", headers=me.headers)
    assert original.status_code == 200
    assert original.content == RESUME
    assert original.headers["content-type"].startswith("text/markdown")
    assert "attachment" in original.headers["content-disposition"]

    stored = await session.get(CandidateProfile, me.user.id)
    assert stored is not None
    await session.refresh(stored)
    assert stored.skills_embedding is not None
    assert stored.experience_embedding is not None
    assert skills["Python"]["concept_id"] in stored.skill_ids


async def test_reupload_adds_a_version_and_hand_edits_survive(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    first = (await upload(client, me)).json()
    edited = await client.patch(
        "/api/v1/me/profile",
        headers=me.headers,
        json={"headline": "Senior Data Engineer", "contact": {"phone": "+44 20 0000 0000"}},
    )
    assert edited.status_code == 200, edited.text
    assert sorted(edited.json()["overridden"]) == ["contact", "headline"]

    second = await upload(client, me, RESUME.replace(b"200 daily", b"300 daily"))
    assert second.status_code == 201
    assert second.json()["resume"]["id"] == first["resume"]["id"]
    assert second.json()["version"]["version"] == 2
    profile = second.json()["profile"]
    assert profile["resume"]["headline"] == "Senior Data Engineer"
    assert profile["resume"]["contact"]["phone"] == "+44 20 0000 0000"
    assert profile["resume"]["contact"]["email"] == "jordan@example.org"
    assert any("300 daily" in b for e in profile["resume"]["experience"] for b in e["bullets"])

    old = await client.get(
        f"/api/v1/me/resumes/{first['resume']['id']}/file?version=1", headers=me.headers
    )
    assert old.content == RESUME

    reset = await client.patch(
        "/api/v1/me/profile", headers=me.headers, json={"reset": ["headline"]}
    )
    assert reset.json()["resume"]["headline"] == first["parsed"]["headline"]
    assert reset.json()["overridden"] == ["contact"]


async def test_editing_skills_recomputes_facts_and_vectors(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    await upload(client, me)
    before = await session.get(CandidateProfile, me.user.id)
    assert before is not None
    vector_before = np.array(before.skills_embedding)

    response = await client.patch(
        "/api/v1/me/profile",
        headers=me.headers,
        json={"skills": ["Python", "SQL", "Kubernetes"], "excluded_skills": ["Tableau"]},
    )
    assert response.status_code == 200, response.text
    labels = {s["label"] for s in response.json()["facts"]["skills"]}
    assert "Kubernetes" in labels
    assert "Tableau" not in labels
    await session.refresh(before)
    assert not np.allclose(np.array(before.skills_embedding), vector_before)

    unknown = await client.patch(
        "/api/v1/me/profile", headers=me.headers, json={"excluded_skills": ["Not A Skill 123"]}
    )
    assert unknown.status_code == 422
    bad_reset = await client.patch("/api/v1/me/profile", headers=me.headers, json={"reset": ["x"]})
    assert bad_reset.status_code == 422


async def test_preferences_round_trip_and_validation(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    empty = await client.get("/api/v1/me/preferences", headers=me.headers)
    assert empty.status_code == 200
    assert empty.json()["discoverable"] is False
    assert empty.json()["remote"] == "any"

    wanted = {
        "desired_titles": ["Data Engineer"],
        "desired_occupations": ["Data Engineer"],
        "locations": [{"name": "Munich, Germany", "max_distance_km": 25}],
        "remote": "hybrid",
        "min_salary": {"amount": 70000, "currency": "EUR", "interval": "year"},
        "seniority": ["mid", "senior"],
        "employment_types": ["full_time"],
        "company_blocklist": ["Brightwater Insurance"],
        "visa_sponsorship_needed": True,
        "discoverable": True,
        "alert_threshold": 80,
        "goals": "Own a data platform end to end.",
    }
    put = await client.put("/api/v1/me/preferences", headers=me.headers, json=wanted)
    assert put.status_code == 200, put.text
    body = put.json()
    assert body["locations"][0]["resolved"] == {
        "city": "Munich",
        "region": "Bavaria",
        "country": "DE",
    }
    assert body["desired_occupations"] == ["jp:occupation:data-engineer"]
    again = await client.get("/api/v1/me/preferences", headers=me.headers)
    assert again.json() == body
    stored = await session.get(CandidateProfile, me.user.id)
    assert stored is not None
    await session.refresh(stored)
    assert stored.discoverable is True
    assert stored.goals_embedding is not None

    for bad in (
        {"min_salary": {"amount": 1, "currency": "eur"}},
        {"alert_threshold": 101},
        {"remote": "mars"},
        {"unknown_field": 1},
        {"seniority": ["wizard"]},
        {"desired_occupations": ["qwzx vbnm plok"]},
    ):
        response = await client.put("/api/v1/me/preferences", headers=me.headers, json=bad)
        assert response.status_code == 422, bad
    assert (await client.get("/api/v1/me/preferences", headers=me.headers)).json() == body


async def test_another_user_gets_404_and_no_token_gets_401(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    owner = await signed_in(client, session)
    other = await signed_in(client, session)
    resume_id = (await upload(client, owner)).json()["resume"]["id"]
    for path in (f"/api/v1/me/resumes/{resume_id}", f"/api/v1/me/resumes/{resume_id}/file"):
        assert (await client.get(path, headers=other.headers)).status_code == 404
    deleted = await client.delete(f"/api/v1/me/resumes/{resume_id}", headers=other.headers)
    assert deleted.status_code == 404
    taken = await upload(client, other, resume_id=resume_id)
    assert taken.status_code == 404
    assert (await client.get("/api/v1/me/resumes", headers=other.headers)).json() == []
    other_profile = (await client.get("/api/v1/me/profile", headers=other.headers)).json()
    assert other_profile["resume"]["contact"]["email"] is None
    assert (await client.get("/api/v1/me/profile")).status_code == 401
    assert (await client.post("/api/v1/me/resumes")).status_code == 401

    key = await client.post(
        "/api/v1/api-keys",
        headers=owner.headers,
        json={"name": "read only", "scopes": ["profiles:read"]},
    )
    key_headers = {"X-API-Key": key.json()["key"]}
    assert (await client.get("/api/v1/me/profile", headers=key_headers)).status_code == 200
    refused = await client.put("/api/v1/me/preferences", headers=key_headers, json={})
    assert refused.status_code == 403


async def test_bad_files_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    limit = profiles_runtime.settings.profiles.max_upload_bytes
    cases = [
        (b"", "empty.txt", "text/plain", 422),
        (b"   \n\n  ", "blank.txt", "text/plain", 422),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "photo.pdf", "application/pdf", 415),
        (b"%PDF-1.7 broken", "resume.pdf", "application/pdf", 422),
        (b"PK\x03\x04 not really a zip", "resume.docx", "application/octet-stream", 422),
        (b'{"basics": {"name": 5}}', "resume.json", "application/json", 422),
        (b'{"basics": ', "resume.json", "application/json", 422),
        (b"x" * (limit + 1), "big.txt", "text/plain", 413),
    ]
    for content, filename, content_type, expected in cases:
        response = await upload(client, me, content, filename, content_type)
        assert response.status_code == expected, (filename, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    assert await count_rows(session, me.user.id) == (0, 0)
    invalid = await upload(
        client, me, b'{"basics": {"name": 5}}', "resume.json", "application/json"
    )
    assert "basics.name" in invalid.text


async def test_deleting_the_master_resume_empties_the_profile(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    resume_id = (await upload(client, me)).json()["resume"]["id"]
    response = await client.delete(f"/api/v1/me/resumes/{resume_id}", headers=me.headers)
    assert response.status_code == 204
    profile = (await client.get("/api/v1/me/profile", headers=me.headers)).json()
    assert profile["master_resume_id"] is None
    assert profile["facts"]["skills"] == []
    assert await count_rows(session, me.user.id) == (0, 0)
    missing = await client.get(f"/api/v1/me/resumes/{uuid.uuid4()}", headers=me.headers)
    assert missing.status_code == 404


async def test_export_holds_everything_and_is_audited(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    await upload(client, me)
    await client.put("/api/v1/me/preferences", headers=me.headers, json={"remote": "remote"})
    response = await client.get("/api/v1/me/export", headers=me.headers)
    assert response.status_code == 200
    data = response.json()
    assert data["account"]["email"] == me.user.email
    assert data["profile"]["preferences"]["remote"] == "remote"
    assert data["profile"]["resume"]["contact"]["email"] == "jordan@example.org"
    version = data["resumes"][0]["versions"][0]
    assert base64.b64decode(version["file_base64"]) == RESUME
    assert any(e["action"] == "auth.login" for e in data["audit_events"])
    exported = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "account.export", AuditEvent.actor_user_id == me.user.id)
    )
    assert exported == 1
    assert "password" not in response.text


async def test_account_deletion_needs_the_password_and_removes_everything(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    await upload(client, me)
    wrong = await client.request(
        "DELETE", "/api/v1/me", headers=me.headers, json={"password": "not it"}
    )
    assert wrong.status_code == 403
    missing = await client.request("DELETE", "/api/v1/me", headers=me.headers, json={})
    assert missing.status_code == 422
    key = await client.post(
        "/api/v1/api-keys", headers=me.headers, json={"name": "all", "scopes": ["account:write"]}
    )
    by_key = await client.request(
        "DELETE",
        "/api/v1/me",
        headers={"X-API-Key": key.json()["key"]},
        json={"password": PASSWORD},
    )
    assert by_key.status_code == 403

    done = await client.request(
        "DELETE", "/api/v1/me", headers=me.headers, json={"password": PASSWORD}
    )
    assert done.status_code == 204
    user_id, email = me.user.id, me.user.email
    session.expire_all()
    assert await session.get(User, user_id) is None
    assert await session.get(CandidateProfile, user_id) is None
    assert await count_rows(session, user_id) == (0, 0)
    login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 401
    event = await session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "account.delete", AuditEvent.target_id == str(user_id)
        )
    )
    assert event is not None
    assert event.actor_user_id is None


async def test_the_last_org_admin_cannot_delete_their_account(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    admin = await make_user(session)
    org = await make_org(session, admin)
    me = await sign_in(client, admin)
    response = await client.request(
        "DELETE", "/api/v1/me", headers=me.headers, json={"password": PASSWORD}
    )
    assert response.status_code == 409
    assert org.slug in response.json()["detail"]


def aes_pdf(*, user_password: str) -> bytes:
    """A one-page resume PDF encrypted with AES-256, as Word and Acrobat save protected files."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in RESUME.decode().splitlines():
        pdf.cell(0, 6, line.lstrip("#- ").replace("\u2013", "-"), new_x="LMARGIN", new_y="NEXT")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.encrypt(user_password=user_password, owner_password="owner-only", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


async def test_aes_encrypted_pdfs_open_without_a_password_and_are_refused_with_one(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    locked = await upload(client, me, aes_pdf(user_password="s3cret"), "cv.pdf", "application/pdf")
    assert locked.status_code == 422
    assert "password-protected" in locked.json()["detail"]
    assert await count_rows(session, me.user.id) == (0, 0)

    restricted = await upload(client, me, aes_pdf(user_password=""), "cv.pdf", "application/pdf")
    assert restricted.status_code == 201, restricted.text
    assert restricted.json()["parsed"]["contact"]["email"] == "jordan@example.org"


async def test_several_resumes_and_choosing_the_master(
    client: httpx.AsyncClient, session: AsyncSession, profiles_runtime: Runtime
) -> None:
    me = await signed_in(client, session)
    master = (await upload(client, me)).json()
    other_text = RESUME.replace(b"Jordan Example", b"Jordan Q. Example")
    other = await upload(client, me, other_text, "short.md", new_resume="true", name="Short")
    assert other.status_code == 201, other.text
    body = other.json()
    assert body["resume"]["id"] != master["resume"]["id"]
    assert body["resume"]["is_master"] is False
    assert body["resume"]["kind"] == "other"
    assert body["profile"] is None
    listed = (await client.get("/api/v1/me/resumes", headers=me.headers)).json()
    assert [(r["name"], r["is_master"]) for r in listed] == [
        (master["resume"]["name"], True),
        ("Short", False),
    ]
    profile = (await client.get("/api/v1/me/profile", headers=me.headers)).json()
    assert profile["resume"]["contact"]["name"] == "Jordan Example"

    promoted = await client.post(
        f"/api/v1/me/resumes/{body['resume']['id']}/master", headers=me.headers
    )
    assert promoted.status_code == 200, promoted.text
    assert promoted.json()["master_resume_id"] == body["resume"]["id"]
    assert promoted.json()["resume"]["contact"]["name"] == "Jordan Q. Example"
    listed = (await client.get("/api/v1/me/resumes", headers=me.headers)).json()
    assert [r["is_master"] for r in listed] == [False, True]

    both = await upload(client, me, RESUME, new_resume="true", resume_id=body["resume"]["id"])
    assert both.status_code == 422
    other_user = await signed_in(client, session)
    stolen = await client.post(
        f"/api/v1/me/resumes/{body['resume']['id']}/master", headers=other_user.headers
    )
    assert stolen.status_code == 404

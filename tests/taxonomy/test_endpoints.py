from __future__ import annotations

import pytest

from jobpilot.taxonomy import service
from tests.factories import make_user, sign_in


@pytest.fixture
async def signed(client, session, runtime, full_index):
    # The index is built once per test session; each test's runtime reuses it.
    runtime.extras[service.INDEX_KEY] = full_index
    return await sign_in(client, await make_user(session))


async def test_extract_batch(client, signed):
    response = await client.post(
        "/api/v1/skills/extract",
        json={
            "texts": [{"id": "a", "text": "Must have Python and k8s"}, {"id": 2, "text": "nothing"}]
        },
        headers=signed.headers,
    )
    assert response.status_code == 200, response.text
    first, second = response.json()
    assert first["id"] == "a"
    assert {s["label"] for s in first["skills"]} == {"Python", "Kubernetes"}
    python = next(s for s in first["skills"] if s["label"] == "Python")
    assert python["source"] == "builtin"
    assert python["required"] is True
    assert python["spans"] == [[10, 16]]
    assert second == {"id": 2, "skills": []}


async def test_esco_taxonomy_returns_esco_uris(client, signed):
    response = await client.post(
        "/api/v1/skills/rank",
        json={
            "texts": [
                {"text": "Develop web applications in Python and maintain PostgreSQL databases"}
            ],
            "taxonomy": "esco",
            "top": 5,
        },
        headers=signed.headers,
    )
    assert response.status_code == 200
    skills = response.json()[0]["skills"]
    assert len(skills) == 5
    assert all(s["id"].startswith("http://data.europa.eu/esco/skill/") for s in skills)
    assert any("Python" in s["label"] for s in skills)


async def test_normalize_titles(client, signed):
    response = await client.post(
        "/api/v1/occupations/normalize",
        json={"texts": [{"id": 1, "text": "Sr. Software Engineer (Python)"}], "top": 3},
        headers=signed.headers,
    )
    assert response.status_code == 200
    [result] = response.json()
    assert result["seniority"] == "senior"
    assert result["core_title"] == "Software Engineer"
    assert result["qualifiers"] == ["Python"]
    assert result["occupations"][0]["label"] == "Software Engineer"


async def test_batch_limits_and_bad_bodies(client, signed):
    too_many = {"texts": [{"text": "x"}] * 1001}
    response = await client.post("/api/v1/skills/extract", json=too_many, headers=signed.headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == "body.texts"
    bodies: list[dict[str, object]] = [
        {"texts": []},
        {"texts": [{"id": 1}]},
        {"texts": [{"text": "x"}], "taxonomy": "wiki"},
    ]
    for body in bodies:
        assert (
            await client.post("/api/v1/skills/rank", json=body, headers=signed.headers)
        ).status_code == 422
    big = {"texts": [{"text": "x" * 100_001}]}
    assert (
        await client.post("/api/v1/skills/extract", json=big, headers=signed.headers)
    ).status_code == 422


async def test_anonymous_and_scope(client, session, signed):
    assert (
        await client.post("/api/v1/skills/extract", json={"texts": [{"text": "x"}]})
    ).status_code == 401
    key = await client.post(
        "/api/v1/api-keys", json={"name": "k", "scopes": ["jobs:read"]}, headers=signed.headers
    )
    headers = {"X-API-Key": key.json()["key"]}
    assert (
        await client.get("/api/v1/skills", params={"q": "py"}, headers=headers)
    ).status_code == 403


async def test_autocomplete_and_details(client, signed):
    response = await client.get(
        "/api/v1/skills", params={"q": "kube", "source": "builtin"}, headers=signed.headers
    )
    assert response.status_code == 200
    assert response.json()[0]["label"] == "Kubernetes"
    k8s = await client.get("/api/v1/skills", params={"q": "k8s"}, headers=signed.headers)
    assert k8s.json()[0]["label"] == "Kubernetes"
    assert k8s.json()[0]["matched_label"] == "k8s"

    detail = await client.get("/api/v1/skills/jp:skill:kubernetes", headers=signed.headers)
    assert detail.status_code == 200
    body = detail.json()
    assert {"k8s", "Kubernetes"} <= {label["label"] for label in body["labels"]}
    assert any(r["relation"] == "related" for r in body["relations"])

    esco = await client.get(
        "/api/v1/skills", params={"q": "python", "source": "esco"}, headers=signed.headers
    )
    uri = esco.json()[0]["id"]
    by_uri = await client.get(f"/api/v1/skills/{uri}", headers=signed.headers)
    assert by_uri.status_code == 200
    assert by_uri.json()["source"] == "esco"

    occupation = await client.get(
        "/api/v1/occupations/onet:occupation:29-1141.00", headers=signed.headers
    )
    assert occupation.status_code == 200
    assert any(r["relation"] in {"essential", "optional"} for r in occupation.json()["relations"])

    assert (
        await client.get("/api/v1/skills/jp:skill:nope", headers=signed.headers)
    ).status_code == 404
    # an occupation id is not a skill
    assert (
        await client.get("/api/v1/skills/onet:occupation:29-1141.00", headers=signed.headers)
    ).status_code == 404

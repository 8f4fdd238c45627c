"""Every error is RFC 9457 problem+json, and a 500 never leaks internals."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import make_user, sign_in

PROBLEM = "application/problem+json"


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://jobpilot.dev/problems/")
    assert body["title"]
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_not_found_and_method_not_allowed(client):
    assert_problem(await client.get("/api/v1/nothing-here"), 404)
    body = assert_problem(await client.delete("/api/v1/auth/login"), 405)
    assert body["instance"] == "/api/v1/auth/login"


async def test_validation_errors_have_field_paths(client):
    body = assert_problem(await client.post("/api/v1/auth/login", json={"email": 3}), 422)
    locs = {e["loc"] for e in body["errors"]}
    assert locs == {"body.email", "body.password"}
    # the submitted values are not echoed back
    assert all("input" not in e for e in body["errors"])


async def test_malformed_json_is_422(client):
    response = await client.post(
        "/api/v1/auth/login",
        content=b'{"email": "a@b.c", ',
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 422)


async def test_wrong_content_type_is_415(client):
    response = await client.post(
        "/api/v1/auth/login", content=b"email=a&password=b", headers={"content-type": "text/plain"}
    )
    assert_problem(response, 415)
    missing = await client.post("/api/v1/auth/login", content=b"{}", headers={"content-type": ""})
    assert_problem(missing, 415)


async def test_oversized_bodies_are_413(client, settings):
    big = b"x" * (settings.api.max_request_bytes + 1)
    declared = await client.post(
        "/api/v1/auth/login", content=big, headers={"content-type": "application/json"}
    )
    assert_problem(declared, 413)

    async def chunks():
        for _ in range(settings.api.max_request_bytes // 65536 + 2):
            yield b"x" * 65536

    streamed = await client.post(
        "/api/v1/auth/login", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_problem(streamed, 413)


async def test_conflict_and_forbidden(client, session):
    user = await make_user(session)
    assert_problem(
        await client.post(
            "/api/v1/auth/register", json={"email": user.email, "password": "long enough pw"}
        ),
        409,
    )
    signed = await sign_in(client, user)
    assert_problem(await client.post("/api/v1/admin/queue-checks", headers=signed.headers), 403)
    assert_problem(await client.get("/api/v1/me"), 401)


async def test_unexpected_errors_are_500_without_internals(app, client):
    async def explode() -> None:
        raise RuntimeError("database password is hunter2 at /srv/secret/path.py line 12")

    app.add_api_route("/api/v1/test-explode", explode)
    body = assert_problem(await client.get("/api/v1/test-explode"), 500)
    text = str(body)
    assert "hunter2" not in text
    assert "Traceback" not in text
    assert "RuntimeError" not in text


async def test_request_id_is_accepted_or_generated(client):
    given = await client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    generated = await client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    hostile = await client.get(
        "/health", headers={"X-Request-ID": "bad id\twith spaces" + "x" * 200}
    )
    assert hostile.headers["x-request-id"] != "bad id\twith spaces"

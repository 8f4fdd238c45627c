"""Tracing and error reporting against real local HTTP endpoints."""

from __future__ import annotations

import httpx
import sentry_sdk
from pydantic import SecretStr

from jobpilot.app import AppOptions, create_app
from jobpilot.core.observability import clear_error_reporters
from jobpilot.core.settings import ObservabilitySettings
from jobpilot.core.telemetry import configure_sentry, scrub_event
from tests.support.http import recording_server


async def test_spans_are_exported_over_otlp(settings, runtime):
    with recording_server() as collector:
        traced = settings.model_copy(
            update={
                "observability": ObservabilitySettings(
                    otel_exporter_endpoint=f"{collector.url}/v1/traces"
                )
            }
        )
        app = create_app(traced, runtime=runtime, options=AppOptions(configure_logs=False))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/api/v1/me")).status_code == 401
        app.state.stop_tracing()  # flushes the batch
    posts = [r for r in collector.requests if r.path == "/v1/traces"]
    assert posts, "no spans were exported"
    assert b"/api/v1/me" in posts[0].body
    assert posts[0].headers["content-type"] == "application/x-protobuf"


async def test_unexpected_errors_reach_sentry_scrubbed(settings, runtime):
    with recording_server() as sentry:
        dsn = sentry.url.replace("http://", "http://publickey@") + "/42"
        reporting = settings.model_copy(
            update={"observability": ObservabilitySettings(sentry_dsn=SecretStr(dsn))}
        )
        try:
            assert configure_sentry(reporting)
            app = create_app(reporting, runtime=runtime, options=AppOptions(configure_logs=False))

            async def explode() -> None:
                raise RuntimeError("payment failed for bob@example.com, call +44 20 7946 0958")

            app.add_api_route("/api/v1/explode", explode)
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                assert (await client.get("/api/v1/explode")).status_code == 500
            sentry_sdk.flush(timeout=5)
        finally:
            clear_error_reporters()
            sentry_sdk.init(dsn=None)
    envelopes = [r for r in sentry.requests if r.path == "/api/42/envelope/"]
    assert envelopes, "nothing reached Sentry"
    body = envelopes[0].body.decode()
    assert "RuntimeError" in body
    assert "bob@example.com" not in body
    assert "7946" not in body
    assert "[email]" in body


def test_scrub_event_drops_bodies_and_credentials():
    event = {
        "request": {
            "data": {"password": "x"},
            "headers": {"Authorization": "Bearer abc", "Accept": "json"},
            "cookies": "s=1",
        },
        "message": "hello ann@example.org",
    }
    scrubbed = scrub_event(event, None)
    assert "data" not in scrubbed["request"]
    assert "cookies" not in scrubbed["request"]
    assert scrubbed["request"]["headers"] == {"Authorization": "[masked]", "Accept": "json"}
    assert scrubbed["message"] == "hello [email]"

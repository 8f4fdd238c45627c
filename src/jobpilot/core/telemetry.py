"""Optional tracing (OpenTelemetry, extra ``otel``) and error reporting (Sentry, extra ``sentry``).

Both are off unless configured: ``JOBPILOT_OBSERVABILITY__OTEL_EXPORTER_ENDPOINT`` (an OTLP/HTTP
traces URL) and ``JOBPILOT_OBSERVABILITY__SENTRY_DSN``. Whatever they send passes through the
same PII masking as the logs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from jobpilot.core.observability import add_error_reporter, mask_text
from jobpilot.core.settings import Settings


class MissingExtra(RuntimeError):
    pass


def configure_tracing(app: FastAPI, settings: Settings) -> Callable[[], None] | None:
    """Instrument ``app`` and export spans over OTLP/HTTP; returns a shutdown function."""
    endpoint = settings.observability.otel_exporter_endpoint
    if not endpoint:
        return None
    try:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError as exc:
        raise MissingExtra("tracing is configured: install jobpilot[otel]") from exc

    from jobpilot import __version__

    provider = TracerProvider(
        resource=Resource.create({"service.name": "jobpilot", "service.version": __version__})
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="/health,/health/ready,/metrics"
    )
    return provider.shutdown


def configure_sentry(settings: Settings) -> bool:
    """Report unexpected errors to Sentry when a DSN is set; personal data is scrubbed first."""
    dsn = settings.observability.sentry_dsn
    if dsn is None:
        return False
    try:
        import sentry_sdk
    except ImportError as exc:
        raise MissingExtra("Sentry is configured: install jobpilot[sentry]") from exc

    from jobpilot import __version__

    sentry_sdk.init(
        dsn=dsn.get_secret_value(),
        environment=settings.env,
        release=f"jobpilot@{__version__}",
        before_send=scrub_event,
        default_integrations=False,
        auto_enabling_integrations=False,
    )
    add_error_reporter(lambda exc: sentry_sdk.capture_exception(exc))
    return True


def scrub_event(event: Any, hint: Any) -> Any:
    """Mask emails, phones and tokens anywhere in a Sentry event; drop request bodies."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in {"authorization", "cookie", "x-api-key"}:
                    headers[name] = "[masked]"
    return _mask(event)


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value

"""RFC 9457 ``application/problem+json`` for every error response.

Every error goes through :func:`install_error_handlers` (unexpected exceptions through
:class:`~jobpilot.core.observability.RequestContextMiddleware`), so clients rely on one shape:
``type``, ``title``, ``status``, ``detail``, ``instance``, ``request_id`` and, where it applies,
``errors`` (validation field paths) or ``retry_after``.
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from jobpilot.core.errors import TYPE_BASE, DomainError

PROBLEM_JSON = "application/problem+json"


def problem_response(
    request: Request | None,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.url.path
        request_id = getattr(request.state, "request_id", None)
        if request_id:
            body["request_id"] = request_id
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _slug_for(status: int) -> tuple[str, str]:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return phrase.lower().replace(" ", "-").replace("'", ""), phrase


def validation_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic errors as ``{"loc": "body.email", "msg": ..., "type": ...}``, without the input."""
    out = []
    for err in errors:
        loc = ".".join(str(part) for part in err.get("loc", ()))
        out.append({"loc": loc, "msg": err.get("msg", ""), "type": err.get("type", "")})
    return out


def install_error_handlers(app: FastAPI) -> None:
    async def on_domain_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        return problem_response(
            request,
            status=exc.status,
            slug=exc.slug,
            title=exc.title,
            detail=exc.detail,
            headers=exc.headers,
            extra=exc.extra,
        )

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc.errors())
        summary = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
        return problem_response(
            request,
            status=422,
            slug="validation-error",
            title="Validation error",
            detail=summary or "The request is not valid",
            extra={"errors": errors},
        )

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        slug, title = _slug_for(exc.status_code)
        detail = exc.detail if isinstance(exc.detail, str) else title
        return problem_response(
            request,
            status=exc.status_code,
            slug=slug,
            title=title,
            detail=detail,
            headers=dict(exc.headers or {}),
        )

    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)

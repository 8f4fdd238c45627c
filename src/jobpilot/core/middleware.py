"""Request guards that run before routing: body size (413) and content type (415)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobpilot.core.problems import problem_response

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
ACCEPTED_TYPES = ("application/json", "multipart/form-data", "application/x-ndjson")


def _accepted(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ACCEPTED_TYPES or (media.startswith("application/") and media.endswith("+json"))


class RequestGuardMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        length_header = headers.get("content-length")
        has_body = bool(headers.get("transfer-encoding")) or (length_header not in (None, "0"))
        if length_header is not None:
            try:
                declared = int(length_header)
            except ValueError:
                declared = -1
            if declared < 0:
                await self._reject(
                    scope,
                    receive,
                    send,
                    400,
                    "bad-request",
                    "Bad request",
                    "invalid Content-Length",
                )
                return
            if declared > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
        if (
            has_body
            and scope["path"].startswith("/api/")
            and not _accepted(headers.get("content-type", ""))
        ):
            await self._reject(
                scope,
                receive,
                send,
                415,
                "unsupported-media-type",
                "Unsupported media type",
                f"send one of: {', '.join(ACCEPTED_TYPES)}",
            )
            return
        if length_header is None and has_body:
            # No declared length (chunked): read up to the limit first, then replay, so an
            # oversized body is refused before any handler sees part of it.
            body = await self._read_limited(receive)
            if body is None:
                await self._too_large(scope, receive, send)
                return
            await self.app(scope, _replay(body, receive), send)
            return
        await self.app(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._reject(
            scope,
            receive,
            send,
            413,
            "payload-too-large",
            "Payload too large",
            f"the request body exceeds {self.max_body_bytes} bytes",
        )

    async def _read_limited(self, receive: Receive) -> bytes | None:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(chunks)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    @staticmethod
    async def _reject(
        scope: Scope, receive: Receive, send: Send, status: int, slug: str, title: str, detail: str
    ) -> None:
        request = Request(scope, receive)
        response = problem_response(request, status=status, slug=slug, title=title, detail=detail)
        await response(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed

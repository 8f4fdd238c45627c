"""A scripted HTTP server on 127.0.0.1 that plays fixture replies for source tests.

Routes are matched on path plus query string first, then on the path alone. A route holds a
sequence of replies: each request takes the next one and the last one repeats, so
"429 then 200" or "503, 503, then recovery" are one call to :meth:`FixtureServer.route`.
A route may instead hold a responder, a function of the :class:`Request` (headers and body
included), for answers that depend on what was sent. Every request is kept, body and all, in
:attr:`FixtureServer.requests`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts)
    content_type: str = "application/json"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""

    def json(self) -> Any:
        """The request body parsed as JSON."""
        return json.loads(self.body)


def next_in_turn(replies: list[Reply]) -> Reply:
    """Take the next of ``replies``, keeping the last one to repeat."""
    return replies.pop(0) if len(replies) > 1 else replies[0]


Responder = Callable[[Request], Reply]


@dataclass
class FixtureServer:
    url: str = ""
    requests: list[Request] = field(default_factory=list)
    _routes: dict[str, list[Reply] | Responder] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, *replies: Reply | Responder) -> None:
        """Answer ``path`` (optionally with ``?query``) with ``replies`` in turn."""
        if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
            self._routes[path] = replies[0]
        else:
            self._routes[path] = [r for r in replies if isinstance(r, Reply)]

    def reset(self) -> None:
        """Forget every route and recorded request."""
        with self._lock:
            self._routes.clear()
            self.requests.clear()

    def hits(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path or r.path.split("?")[0] == path)

    def _next(self, request: Request) -> Reply:
        parts = urlsplit(request.path)
        full = parts.path + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            entry = self._routes.get(full, self._routes.get(parts.path))
            if entry is None:
                return Reply(404, b'{"error": "not found"}')
            if callable(entry):
                return entry(request)
            return next_in_turn(entry)


@contextmanager
def fixture_server() -> Iterator[FixtureServer]:
    server_state = FixtureServer()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self, send_body: bool) -> None:
            length = int(self.headers.get("content-length") or 0)
            request = Request(
                self.command,
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(length) if length else b"",
            )
            server_state.requests.append(request)
            reply = server_state._next(request)
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body.encode() if isinstance(reply.body, str) else reply.body
            try:
                self.send_response(reply.status)
                headers = {"content-type": reply.content_type, **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                if send_body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:
            self._answer(True)

        def do_HEAD(self) -> None:
            self._answer(False)

        def do_POST(self) -> None:
            self._answer(True)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server_state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()

"""A local stand-in for OpenAI- and Anthropic-style APIs, for driving the real SDKs in tests.

One :class:`LLMServer` listens on 127.0.0.1 (ephemeral port) in a background thread and answers
``POST /v1/chat/completions`` and ``POST /v1/messages`` from a queue of canned responses, in
order, whichever path is asked. It records every request (path, headers, parsed JSON body) so
tests can assert on the prompts the SDKs actually sent.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jobpilot.agents.documents import AgentInputs, JobView
from jobpilot.agents.providers.base import Usage
from jobpilot.profiles.resume import Contact, Experience, ParsedResume

CHAT_PATH = "/v1/chat/completions"
MESSAGES_PATH = "/v1/messages"


@dataclass(frozen=True)
class Canned:
    """One response to play: status, JSON body, extra headers, and a wait before answering."""

    status: int = 200
    body: str = "{}"
    headers: tuple[tuple[str, str], ...] = ()
    delay_seconds: float = 0.0


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, object]


@dataclass
class LLMServer:
    base_url: str = ""
    requests: list[RecordedRequest] = field(default_factory=list)
    _queue: deque[Canned] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)

    def enqueue(self, *responses: Canned) -> None:
        """Add responses to play, in order, to the next requests."""
        with self._lock:
            self._queue.extend(responses)

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._queue)

    def _take(self, request: RecordedRequest) -> Canned:
        with self._lock:
            self.requests.append(request)
            if not self._queue:
                # 418: the test did not expect this call; a permanent error shows it clearly.
                return Canned(status=418, body=_error_body("no canned response left"))
            return self._queue.popleft()


@contextmanager
def llm_server() -> Iterator[LLMServer]:
    """Run an LLMServer for the duration of the block."""
    state = LLMServer()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            request = RecordedRequest(
                path=self.path,
                headers={key.lower(): value for key, value in self.headers.items()},
                body=json.loads(raw),
            )
            canned = state._take(request)
            if canned.delay_seconds and state._stopping.wait(canned.delay_seconds):
                return
            payload = canned.body.encode()
            try:
                self.send_response(canned.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in canned.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                # The client gave up (a timeout test); nothing to answer.
                return

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state._stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def openai_answer(content: str, *, input_tokens: int = 100, output_tokens: int = 50) -> Canned:
    """A chat completion whose only choice says ``content``, with its token usage."""
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "served-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": input_tokens,
            "completion_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        },
    }
    return Canned(body=json.dumps(body))


def anthropic_answer(text: str, *, input_tokens: int = 100, output_tokens: int = 50) -> Canned:
    """A Messages API reply with one text block saying ``text``, with its token usage."""
    body = {
        "id": "msg_test",
        "type": "message",
        "role": "assistant",
        "model": "served-model",
        "content": [{"type": "text", "text": text}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
    }
    return Canned(body=json.dumps(body))


def error_response(status: int, *, retry_after: str | None = None) -> Canned:
    """An API error with ``status``, optionally asking the client to wait."""
    headers = (("retry-after", retry_after),) if retry_after is not None else ()
    return Canned(status=status, body=_error_body(f"canned error {status}"), headers=headers)


def slow(canned: Canned, seconds: float) -> Canned:
    """``canned``, answered only after ``seconds``."""
    return Canned(
        status=canned.status, body=canned.body, headers=canned.headers, delay_seconds=seconds
    )


def _error_body(message: str) -> str:
    # Both SDKs read the message from {"error": {"message": ...}}.
    return json.dumps({"type": "error", "error": {"type": "api_error", "message": message}})


VALID_BRIEF = json.dumps(
    {
        "title": "Backend Engineer",
        "company": "Acme Analytics",
        "summary": "A backend role building data APIs in Python.",
        "responsibilities": ["Build APIs"],
        "must_have": [{"label": "Python", "evidence": "You know Python."}],
        "red_flags": [],
        "questions": ["How large is the team?"],
    }
)
MALFORMED_BRIEF = '{"title": "Backend Engineer", "company": "Acme Analytics", "summary": '
# Valid JSON, but `summary` is missing and `questions` is not a list.
OFF_SCHEMA_BRIEF = json.dumps(
    {"title": "Backend Engineer", "company": "Acme Analytics", "questions": "ask"}
)


def sample_inputs(
    description: str = "Build data APIs. You know Python and PostgreSQL.",
) -> AgentInputs:
    """A small job and resume, enough for every task kind."""
    job = JobView(
        id="job-42",
        title="Backend Engineer",
        company="Acme Analytics",
        description=description,
        locations=["Berlin"],
        workplace="hybrid",
    )
    resume = ParsedResume(
        contact=Contact(name="Dana Example", email="dana@example.org"),
        skills=["Python", "PostgreSQL"],
        experience=[
            Experience(
                title="Software Engineer",
                company="Globex",
                start="2019-03",
                current=True,
                bullets=["Built Python services on PostgreSQL."],
            )
        ],
    )
    return AgentInputs(job=job, resume=resume, now=datetime(2025, 6, 1, tzinfo=UTC))


def usage_parts(usage: Usage) -> tuple[int, int, int, float]:
    """Calls, input and output tokens, and the cost rounded to 9 decimals, for asserts."""
    return (usage.calls, usage.input_tokens, usage.output_tokens, round(usage.cost_usd, 9))

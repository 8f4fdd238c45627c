"""What the model providers share: getting one schema-valid JSON answer out of a chat model.

A provider supplies a ``Send`` function that makes one API call and reports its text and token
counts, raising :class:`TransientFailure` for errors worth retrying and ``ProviderError`` for the
rest. :class:`StructuredClient` wraps it with

- re-asks: an answer that is not a JSON object fitting the schema is sent back with the
  validation errors, up to ``LLMSettings.reasks`` times;
- retries with exponential backoff and jitter on transient failures (429, 5xx, connection
  errors, timeouts), waiting as long as a ``Retry-After`` header asks;
- a circuit breaker that fails fast while the server keeps failing;
- usage and estimated cost, summed over every answered call, and Prometheus metrics.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

import structlog
from pydantic import BaseModel, ValidationError

from jobpilot.agents.metrics import record_call, record_usage
from jobpilot.agents.providers.base import Generation, Out, ProviderError, Usage
from jobpilot.core.settings import LLMSettings, ModelPrice

log = structlog.get_logger(__name__)

TOKENS_PER_PRICE_UNIT = 1_000_000
MAX_PROBLEMS_QUOTED = 20
BreakerState = Literal["closed", "open", "half-open"]

_FENCED = re.compile(r"```[A-Za-z]*[ \t]*\n?(.*?)```", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of the conversation after the system prompt."""

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One answered API call: the answer's text and the tokens the server counted."""

    text: str
    input_tokens: int = 0
    output_tokens: int = 0


Send = Callable[[str, Sequence[Turn]], Awaitable[Reply]]


class TransientFailure(Exception):
    """A call failed in a way that may pass: rate limit, server error, timeout, network."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class InvalidAnswer(Exception):
    """A model's answer that is not one JSON object fitting the output schema."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def output_schema(output: type[BaseModel]) -> dict[str, object]:
    """The JSON schema an answer for ``output`` must validate against."""
    return dict(output.model_json_schema())


def extract_json_object(text: str) -> dict[str, object]:
    """The first JSON object in a model's answer, allowing Markdown fences and prose around it."""
    decoder = json.JSONDecoder()
    first_error: json.JSONDecodeError | None = None
    for candidate in [*(m.group(1) for m in _FENCED.finditer(text)), text]:
        start = candidate.find("{")
        while start != -1:
            try:
                value, _ = decoder.raw_decode(candidate, start)
            except json.JSONDecodeError as exc:
                first_error = first_error or exc
                # Braces before the failure point belong to the broken object; start after it.
                start = candidate.find("{", max(exc.pos, start + 1))
                continue
            if isinstance(value, dict):
                return value
            start = candidate.find("{", start + 1)
    if first_error is not None:
        raise InvalidAnswer([f"the answer is not valid JSON: {first_error}"])
    raise InvalidAnswer(["the answer contains no JSON object"])


def parse_answer(text: str, output: type[Out]) -> Out:
    """The answer validated as ``output``, or InvalidAnswer listing what is wrong with it."""
    data = extract_json_object(text)
    try:
        return output.model_validate(data)
    except ValidationError as exc:
        raise InvalidAnswer(validation_problems(exc)) from exc


def validation_problems(error: ValidationError) -> list[str]:
    """One line per validation error, ``path: message``, without the offending values."""
    problems = []
    for detail in error.errors(include_url=False, include_input=False):
        path = ".".join(str(part) for part in detail["loc"]) or "(the whole object)"
        problems.append(f"{path}: {detail['msg']}")
    if len(problems) > MAX_PROBLEMS_QUOTED:
        extra = len(problems) - MAX_PROBLEMS_QUOTED
        problems = [*problems[:MAX_PROBLEMS_QUOTED], f"and {extra} more errors"]
    return problems


def reask_message(error: InvalidAnswer) -> str:
    """The follow-up that quotes an invalid answer's problems back to the model."""
    listed = "\n".join(f"- {problem}" for problem in error.problems)
    return (
        "Your previous answer could not be used:\n"
        f"{listed}\n"
        "Answer again with one JSON object that validates against the schema in the system "
        "prompt, with no text around it. The system prompt's rules still apply."
    )


def cost_usd(
    model: str, input_tokens: int, output_tokens: int, prices: Mapping[str, ModelPrice]
) -> float:
    """Estimated cost of one call from the price table (USD per million tokens); 0 if unpriced."""
    price = prices.get(model)
    if price is None:
        return 0.0
    return (input_tokens * price.input + output_tokens * price.output) / TOKENS_PER_PRICE_UNIT


def backoff_seconds(retry: int, *, initial: float, maximum: float, jitter: float) -> float:
    """The wait before retry number ``retry`` (0-based): exponential, capped, half of it jittered.

    ``jitter`` is a number in [0, 1); the wait lies between half the exponential step and the
    whole step, so concurrent callers spread out but none retries at once.
    """
    step = min(maximum, initial * 2.0**retry)
    return step / 2 + step / 2 * jitter


def retry_after_seconds(headers: Mapping[str, str], *, now: datetime) -> float | None:
    """How long the server asks the client to wait, from ``retry-after-ms`` or ``retry-after``."""
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def is_transient_status(status: int) -> bool:
    """Whether an HTTP status is worth retrying: timeout, conflict, rate limit, server error."""
    return status in {408, 409, 429} or status >= 500


def status_failure(status: int, message: str, headers: Mapping[str, str]) -> Exception:
    """The exception a provider raises for an HTTP error status from its API."""
    reason = f"HTTP {status}: {message}"
    if is_transient_status(status):
        retry_after = retry_after_seconds(headers, now=datetime.now(UTC))
        return TransientFailure(reason, retry_after=retry_after)
    return ProviderError(reason, transient=False)


class CircuitBreaker:
    """Stops calls to a failing server for a while.

    Opens after ``failure_threshold`` consecutive transient failures. Once ``reset_seconds``
    have passed it is half-open: calls go through, the first success closes it and a failure
    opens it again.
    """

    def __init__(
        self,
        *,
        failure_threshold: int,
        reset_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.reset_seconds = reset_seconds
        self._clock = clock
        self._failures = 0
        self._opened_at: float | None = None

    @property
    def state(self) -> BreakerState:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.reset_seconds:
            return "half-open"
        return "open"

    def allows_call(self) -> bool:
        return self.state != "open"

    def record_success(self) -> None:
        self._failures = 0
        self._opened_at = None

    def record_failure(self) -> None:
        self._failures += 1
        if self._opened_at is not None or self._failures >= self.failure_threshold:
            self._opened_at = self._clock()


class StructuredClient:
    """Gets one answer that validates as the output model from a provider's ``Send``."""

    def __init__(
        self,
        *,
        provider: str,
        model: str,
        settings: LLMSettings,
        send: Send,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.provider = provider
        self.model = model
        self.settings = settings
        self.breaker = breaker or CircuitBreaker(
            failure_threshold=settings.breaker_failure_threshold,
            reset_seconds=settings.breaker_reset_seconds,
        )
        self._send = send
        self._sleep = sleep
        self._jitter = jitter

    async def generate(self, output: type[Out], system: str, user: str) -> Generation[Out]:
        """Ask until the answer validates as ``output``; ProviderError once that is hopeless."""
        turns: list[Turn] = [Turn("user", user)]
        usage = Usage()
        problems: Sequence[str] = ()
        for ask in range(self.settings.reasks + 1):
            reply = await self._call(system, turns, usage)
            usage = usage + self._account(reply)
            try:
                value = parse_answer(reply.text, output)
            except InvalidAnswer as exc:
                record_call(self.provider, self.model, "invalid")
                log.warning(
                    "llm_invalid_answer",
                    provider=self.provider,
                    model=self.model,
                    ask=ask + 1,
                    problems=list(exc.problems),
                )
                problems = exc.problems
                turns = [*turns, Turn("assistant", reply.text), Turn("user", reask_message(exc))]
                continue
            record_call(self.provider, self.model, "ok")
            return Generation(value=value, usage=usage, provider=self.provider, model=self.model)
        raise ProviderError(
            f"{self.provider} gave no valid {output.__name__} in {self.settings.reasks + 1} "
            f"answers; last problems: {'; '.join(problems)}",
            transient=False,
            usage=usage,
        )

    async def _call(self, system: str, turns: Sequence[Turn], usage: Usage) -> Reply:
        """One answered call, retrying transient failures while the breaker allows."""
        for attempt in range(self.settings.max_retries + 1):
            if not self.breaker.allows_call():
                log.warning("llm_circuit_open", provider=self.provider, model=self.model)
                raise ProviderError(
                    f"{self.provider} circuit breaker is open after repeated failures",
                    transient=True,
                    usage=usage,
                )
            try:
                reply = await self._send(system, turns)
            except TransientFailure as failure:
                self.breaker.record_failure()
                record_call(self.provider, self.model, "error")
                delay = self._delay(attempt, failure)
                if attempt == self.settings.max_retries or delay is None:
                    raise ProviderError(
                        f"{self.provider} failed after {attempt + 1} attempts: {failure.reason}",
                        transient=True,
                        usage=usage,
                    ) from failure
                log.warning(
                    "llm_retry",
                    provider=self.provider,
                    model=self.model,
                    attempt=attempt + 1,
                    reason=failure.reason,
                    delay_seconds=round(delay, 3),
                )
                await self._sleep(delay)
                continue
            except ProviderError as exc:
                # The server answered, so it is up; the request itself is at fault.
                self.breaker.record_success()
                record_call(self.provider, self.model, "error")
                raise ProviderError(str(exc), transient=exc.transient, usage=usage) from exc
            self.breaker.record_success()
            return reply
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _delay(self, attempt: int, failure: TransientFailure) -> float | None:
        """The wait before the next attempt, or None when the server asks for too long a wait."""
        if failure.retry_after is not None:
            if failure.retry_after > self.settings.backoff_max_seconds:
                return None
            return failure.retry_after
        return backoff_seconds(
            attempt,
            initial=self.settings.backoff_initial_seconds,
            maximum=self.settings.backoff_max_seconds,
            jitter=self._jitter(),
        )

    def _account(self, reply: Reply) -> Usage:
        """The usage of one answered call, recorded in the metrics."""
        cost = cost_usd(self.model, reply.input_tokens, reply.output_tokens, self.settings.prices)
        log.info(
            "llm_call",
            provider=self.provider,
            model=self.model,
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
            cost_usd=round(cost, 6),
        )
        record_usage(
            self.provider,
            self.model,
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
            cost_usd=cost,
        )
        return Usage(
            calls=1,
            input_tokens=reply.input_tokens,
            output_tokens=reply.output_tokens,
            cost_usd=cost,
        )

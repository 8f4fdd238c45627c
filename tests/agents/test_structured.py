from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from prometheus_client import REGISTRY

from jobpilot.agents.documents import CoverLetter, JobBrief
from jobpilot.agents.providers.base import ProviderError
from jobpilot.agents.providers.structured import (
    CircuitBreaker,
    InvalidAnswer,
    Reply,
    StructuredClient,
    TransientFailure,
    Turn,
    backoff_seconds,
    cost_usd,
    extract_json_object,
    is_transient_status,
    output_schema,
    parse_answer,
    reask_message,
    retry_after_seconds,
    status_failure,
)
from jobpilot.core.settings import LLMSettings, ModelPrice
from tests.agents.llm_servers import MALFORMED_BRIEF, OFF_SCHEMA_BRIEF, VALID_BRIEF, usage_parts

NOW = datetime(2025, 6, 1, 12, 0, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class ScriptedSend:
    """A Send that plays replies and failures in order and records what it was given."""

    def __init__(self, *script: Reply | Exception) -> None:
        self.script = list(script)
        self.calls: list[tuple[str, list[Turn]]] = []

    async def __call__(self, system: str, turns: Sequence[Turn]) -> Reply:
        self.calls.append((system, list(turns)))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


class RecordingSleep:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def settings(**overrides: object) -> LLMSettings:
    base: dict[str, object] = {
        "provider": "openai",
        "model": "unit-model",
        "max_retries": 2,
        "backoff_initial_seconds": 1.0,
        "backoff_max_seconds": 10.0,
        "reasks": 2,
        "prices": {"unit-model": ModelPrice(input=1.0, output=2.0)},
    }
    return LLMSettings.model_validate({**base, **overrides})


def client(
    send: ScriptedSend, sleep: RecordingSleep, *, breaker: CircuitBreaker | None = None, **kw
) -> StructuredClient:
    return StructuredClient(
        provider="unit",
        model="unit-model",
        settings=settings(**kw),
        send=send,
        breaker=breaker,
        sleep=sleep,
        jitter=lambda: 0.0,
    )


def test_extract_json_object_reads_a_fenced_answer():
    assert extract_json_object('Here you go:\n```json\n{"a": 1}\n```\nThanks') == {"a": 1}


def test_extract_json_object_skips_prose_and_stray_braces_before_the_object():
    text = 'I filled {the fields} as asked: {"a": {"b": [1, 2]}} and {"c": 3}'
    assert extract_json_object(text) == {"a": {"b": [1, 2]}}


def test_extract_json_object_takes_an_object_after_a_json_array():
    assert extract_json_object('[1, 2] {"a": 1}') == {"a": 1}


def test_extract_json_object_reports_broken_json_not_an_inner_object():
    with pytest.raises(InvalidAnswer) as caught:
        extract_json_object('{"a": {"b": 1}, "c": ')
    assert caught.value.problems[0].startswith("the answer is not valid JSON: Expecting value")


def test_extract_json_object_reports_an_answer_without_an_object():
    with pytest.raises(InvalidAnswer) as caught:
        extract_json_object("I cannot help with that.")
    assert caught.value.problems == ("the answer contains no JSON object",)


def test_parse_answer_validates_against_the_output_model():
    brief = parse_answer(VALID_BRIEF, JobBrief)
    assert brief.company == "Acme Analytics"
    assert brief.must_have[0].label == "Python"


def test_parse_answer_lists_each_schema_problem_by_path():
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(OFF_SCHEMA_BRIEF, JobBrief)
    assert caught.value.problems == (
        "summary: Field required",
        "questions: Input should be a valid list",
    )


def test_parse_answer_rejects_extra_fields_and_empty_lists_where_the_schema_does():
    answer = (
        '{"recipient": "Acme", "greeting": "Hi", "paragraphs": [], "closing": "Best", '
        '"signature": "Dana", "mood": "happy"}'
    )
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(answer, CoverLetter)
    assert caught.value.problems == (
        "paragraphs: List should have at least 1 item after validation, not 0",
        "mood: Extra inputs are not permitted",
    )


def test_reask_message_quotes_every_problem():
    message = reask_message(InvalidAnswer(["summary: Field required", "questions: bad"]))
    assert "- summary: Field required\n- questions: bad\n" in message
    assert "one JSON object" in message


def test_output_schema_is_the_models_json_schema():
    schema = output_schema(JobBrief)
    assert schema["title"] == "JobBrief"
    assert schema["required"] == ["title", "company", "summary"]


def test_cost_is_priced_per_million_tokens():
    prices = {"m": ModelPrice(input=0.15, output=0.60)}
    # 2000 * 0.15 / 1e6 + 1000 * 0.60 / 1e6 = 0.0003 + 0.0006
    assert cost_usd("m", 2000, 1000, prices) == pytest.approx(0.0009)
    assert cost_usd("unknown", 2000, 1000, prices) == 0.0


@pytest.mark.parametrize(
    ("retry", "jitter", "expected"),
    [
        (0, 0.0, 0.5),  # step 1: half fixed, no jitter
        (0, 0.5, 0.75),  # step 1: 0.5 + 0.5 * 0.5
        (3, 0.5, 6.0),  # step 8: 4 + 4 * 0.5
        (6, 0.0, 10.0),  # step 64 capped at 20: 10 + 0
        (6, 1.0, 20.0),
    ],
)
def test_backoff_doubles_up_to_the_cap_with_half_of_it_jittered(retry, jitter, expected):
    assert backoff_seconds(retry, initial=1.0, maximum=20.0, jitter=jitter) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "7"}, 0.25),
        ({"retry-after": "Sun, 01 Jun 2025 12:00:30 GMT"}, 30.0),
        ({"retry-after": "Sun, 01 Jun 2025 11:00:00 GMT"}, 0.0),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_reads_seconds_milliseconds_and_http_dates(headers, expected):
    assert retry_after_seconds(headers, now=NOW) == expected


def test_transient_statuses_are_timeouts_conflicts_rate_limits_and_server_errors():
    assert [
        s for s in (400, 401, 404, 408, 409, 422, 429, 500, 503, 529) if is_transient_status(s)
    ] == [408, 409, 429, 500, 503, 529]


def test_status_failure_keeps_retry_after_for_transient_statuses_only():
    limited = status_failure(429, "slow down", {"retry-after": "3"})
    assert isinstance(limited, TransientFailure)
    assert limited.retry_after == 3.0
    refused = status_failure(401, "bad key", {"retry-after": "3"})
    assert isinstance(refused, ProviderError)
    assert not refused.transient


def test_breaker_opens_after_consecutive_failures_and_half_opens_after_the_reset_time():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, reset_seconds=30.0, clock=clock)

    def state() -> str:
        return breaker.state

    breaker.record_failure()
    breaker.record_failure()
    assert state() == "closed"
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert state() == "closed"  # the success reset the count
    breaker.record_failure()
    assert state() == "open"
    assert not breaker.allows_call()
    clock.now += 29.9
    assert state() == "open"
    clock.now += 0.1
    assert state() == "half-open"
    assert breaker.allows_call()
    breaker.record_failure()  # the trial call failed: open again for a full period
    assert state() == "open"
    clock.now += 30.0
    breaker.record_success()
    assert state() == "closed"
    breaker.record_failure()
    assert state() == "closed"


async def test_a_valid_first_answer_costs_one_call():
    send = ScriptedSend(Reply(VALID_BRIEF, input_tokens=1000, output_tokens=500))
    generation = await client(send, RecordingSleep()).generate(JobBrief, "SYSTEM", "USER")

    assert generation.value.title == "Backend Engineer"
    # 1000 * 1.0 / 1e6 + 500 * 2.0 / 1e6
    assert usage_parts(generation.usage) == (1, 1000, 500, 0.002)
    assert (generation.provider, generation.model) == ("unit", "unit-model")
    assert send.calls == [("SYSTEM", [Turn("user", "USER")])]


async def test_an_invalid_answer_is_sent_back_with_its_problems():
    send = ScriptedSend(
        Reply(OFF_SCHEMA_BRIEF, input_tokens=10, output_tokens=5),
        Reply(VALID_BRIEF, input_tokens=20, output_tokens=7),
    )
    generation = await client(send, RecordingSleep()).generate(JobBrief, "SYSTEM", "USER")

    assert generation.usage.calls == 2
    assert (generation.usage.input_tokens, generation.usage.output_tokens) == (30, 12)
    _, turns = send.calls[1]
    assert turns[:2] == [Turn("user", "USER"), Turn("assistant", OFF_SCHEMA_BRIEF)]
    assert turns[2].role == "user"
    assert "- summary: Field required" in turns[2].content
    assert "- questions: Input should be a valid list" in turns[2].content


async def test_answers_that_stay_invalid_end_in_a_permanent_error_with_their_usage():
    send = ScriptedSend(*(Reply(MALFORMED_BRIEF, input_tokens=10, output_tokens=5),) * 2)
    with pytest.raises(ProviderError) as caught:
        await client(send, RecordingSleep(), reasks=1).generate(JobBrief, "S", "U")

    assert not caught.value.transient
    assert usage_parts(caught.value.usage) == (2, 20, 10, 40e-6)
    assert "no valid JobBrief in 2 answers" in str(caught.value)
    assert "not valid JSON" in str(caught.value)


async def test_transient_failures_are_retried_with_exponential_backoff():
    sleep = RecordingSleep()
    send = ScriptedSend(
        TransientFailure("HTTP 500"), TransientFailure("HTTP 502"), Reply(VALID_BRIEF)
    )
    generation = await client(send, sleep).generate(JobBrief, "S", "U")

    assert generation.usage.calls == 1
    assert sleep.waits == [0.5, 1.0]  # steps 1 and 2, no jitter


async def test_retry_after_is_waited_for_exactly():
    sleep = RecordingSleep()
    send = ScriptedSend(TransientFailure("HTTP 429", retry_after=3.0), Reply(VALID_BRIEF))
    await client(send, sleep).generate(JobBrief, "S", "U")
    assert sleep.waits == [3.0]


async def test_a_retry_after_beyond_the_backoff_cap_is_not_waited_for():
    sleep = RecordingSleep()
    send = ScriptedSend(TransientFailure("HTTP 429", retry_after=600.0), Reply(VALID_BRIEF))
    with pytest.raises(ProviderError) as caught:
        await client(send, sleep).generate(JobBrief, "S", "U")
    assert caught.value.transient
    assert sleep.waits == []
    assert len(send.calls) == 1


async def test_persistent_transient_failures_end_in_a_transient_error_after_all_attempts():
    sleep = RecordingSleep()
    send = ScriptedSend(*(TransientFailure("HTTP 503"),) * 3)
    with pytest.raises(ProviderError) as caught:
        await client(send, sleep).generate(JobBrief, "S", "U")
    assert caught.value.transient
    assert len(send.calls) == 3
    assert sleep.waits == [0.5, 1.0]
    assert "failed after 3 attempts: HTTP 503" in str(caught.value)


async def test_a_permanent_error_is_not_retried_and_keeps_earlier_usage():
    send = ScriptedSend(
        Reply(MALFORMED_BRIEF, input_tokens=10, output_tokens=5),
        ProviderError("HTTP 401: bad key"),
    )
    with pytest.raises(ProviderError) as caught:
        await client(send, RecordingSleep()).generate(JobBrief, "S", "U")
    assert not caught.value.transient
    assert caught.value.usage.calls == 1
    assert str(caught.value) == "HTTP 401: bad key"
    assert len(send.calls) == 2


async def test_an_open_breaker_fails_fast_without_calling_the_server():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, reset_seconds=5.0, clock=clock)
    send = ScriptedSend(
        TransientFailure("HTTP 500"), TransientFailure("HTTP 500"), Reply(VALID_BRIEF)
    )
    unit = client(send, RecordingSleep(), breaker=breaker, max_retries=4)

    with pytest.raises(ProviderError) as caught:
        await unit.generate(JobBrief, "S", "U")
    assert caught.value.transient
    assert "circuit breaker is open" in str(caught.value)
    assert len(send.calls) == 2  # the third attempt never left

    clock.now += 5.0
    generation = await unit.generate(JobBrief, "S", "U")
    assert generation.value.company == "Acme Analytics"
    assert breaker.state == "closed"


async def test_metrics_count_calls_by_outcome_and_add_tokens_and_cost():
    def sample(name: str, **labels: str) -> float:
        value = REGISTRY.get_sample_value(
            name, {"provider": "unit", "model": "unit-model", **labels}
        )
        return value or 0.0

    before = (
        sample("llm_api_calls_total", outcome="ok"),
        sample("llm_api_calls_total", outcome="invalid"),
        sample("llm_api_calls_total", outcome="error"),
        sample("llm_tokens_total", kind="input"),
        sample("llm_tokens_total", kind="output"),
        sample("llm_estimated_cost_usd"),
    )
    send = ScriptedSend(
        TransientFailure("HTTP 500"),
        Reply(MALFORMED_BRIEF, input_tokens=300, output_tokens=100),
        Reply(VALID_BRIEF, input_tokens=700, output_tokens=400),
    )
    await client(send, RecordingSleep()).generate(JobBrief, "S", "U")

    after = (
        sample("llm_api_calls_total", outcome="ok"),
        sample("llm_api_calls_total", outcome="invalid"),
        sample("llm_api_calls_total", outcome="error"),
        sample("llm_tokens_total", kind="input"),
        sample("llm_tokens_total", kind="output"),
        sample("llm_estimated_cost_usd"),
    )
    deltas = [a - b for a, b in zip(after, before, strict=True)]
    # Cost: 1000 input tokens * 1.0 / 1e6 + 500 output tokens * 2.0 / 1e6 = 0.002.
    assert deltas == [1.0, 1.0, 1.0, 1000.0, 500.0, pytest.approx(0.002)]

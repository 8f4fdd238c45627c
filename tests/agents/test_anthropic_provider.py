from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
import structlog
from prometheus_client import REGISTRY

from jobpilot.agents.documents import CoverLetter, JobBrief, LetterOptions
from jobpilot.agents.providers.anthropic import AnthropicProvider
from jobpilot.agents.providers.base import AgentTask, Provider, ProviderError
from jobpilot.core.settings import LLMSettings, ModelPrice
from tests.agents.llm_servers import (
    MALFORMED_BRIEF,
    MESSAGES_PATH,
    OFF_SCHEMA_BRIEF,
    VALID_BRIEF,
    LLMServer,
    anthropic_answer,
    error_response,
    llm_server,
    sample_inputs,
    slow,
    usage_parts,
)

API_KEY = "sk-ant-test-Hq27pLm-do-not-leak"
BRIEF_TASK = AgentTask(kind="brief", output=JobBrief, inputs=sample_inputs())

MakeProvider = Callable[..., AnthropicProvider]


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with llm_server() as running:
        yield running


@pytest.fixture
async def make_provider(server: LLMServer) -> AsyncIterator[MakeProvider]:
    made: list[AnthropicProvider] = []

    def make(model: str, **overrides: object) -> AnthropicProvider:
        fields: dict[str, object] = {
            "provider": "anthropic",
            "base_url": server.base_url,
            "model": model,
            "api_key": API_KEY,
            "timeout_seconds": 2.0,
            "max_retries": 2,
            "backoff_initial_seconds": 0.01,
            "backoff_max_seconds": 0.05,
            "prices": {model: ModelPrice(input=3.0, output=15.0)},
        }
        provider = AnthropicProvider(LLMSettings.model_validate({**fields, **overrides}))
        made.append(provider)
        return provider

    yield make
    for provider in made:
        await provider.aclose()


async def test_a_valid_answer_becomes_a_generation_with_usage_and_cost(server, make_provider):
    server.enqueue(anthropic_answer(VALID_BRIEF, input_tokens=2000, output_tokens=400))

    generation = await make_provider("an-valid").generate(BRIEF_TASK)

    assert generation.value == JobBrief.model_validate_json(VALID_BRIEF)
    # 2000 * 3.0 / 1e6 + 400 * 15.0 / 1e6 = 0.006 + 0.006
    assert usage_parts(generation.usage) == (1, 2000, 400, 0.012)
    assert (generation.provider, generation.model) == ("anthropic", "an-valid")
    [request] = server.requests
    assert request.path == MESSAGES_PATH
    assert any(API_KEY in value for value in request.headers.values())
    body = request.body
    assert body["model"] == "an-valid"
    assert body["max_tokens"] == 4096
    system = body["system"]
    assert isinstance(system, str)
    assert json.dumps(JobBrief.model_json_schema(), ensure_ascii=False) in system
    messages = body["messages"]
    assert isinstance(messages, list)
    assert [m["role"] for m in messages] == ["user"]
    assert '<job_posting id="job-42">' in messages[0]["content"]
    assert "Build data APIs" not in system


async def test_a_letter_prompt_reaches_the_server_with_its_options(server, make_provider):
    letter = {
        "recipient": "Hiring team, Acme Analytics",
        "greeting": "Sehr geehrte Damen und Herren,",
        "paragraphs": ["Ich bewerbe mich als Backend Engineer."],
        "closing": "Mit freundlichen Grüßen",
        "signature": "Dana Example",
        "language": "de",
        "tone": "formal",
        "evidence": ["Built Python services on PostgreSQL."],
    }
    server.enqueue(
        anthropic_answer("Here is the letter:\n```json\n" + json.dumps(letter) + "\n```")
    )
    inputs = sample_inputs().model_copy(
        update={"letter": LetterOptions(tone="formal", language="de")}
    )

    generation = await make_provider("an-letter").generate(
        AgentTask(kind="letter", output=CoverLetter, inputs=inputs)
    )

    assert generation.value == CoverLetter.model_validate(letter)
    body = server.requests[0].body
    assert isinstance(body["system"], str)
    assert "Write in German" in body["system"]
    messages = body["messages"]
    assert isinstance(messages, list)
    assert "<resume>" in messages[0]["content"]


async def test_malformed_json_is_re_asked_once_with_the_error(server, make_provider):
    server.enqueue(
        anthropic_answer(MALFORMED_BRIEF, input_tokens=100, output_tokens=20),
        anthropic_answer(VALID_BRIEF, input_tokens=150, output_tokens=30),
    )

    generation = await make_provider("an-reask").generate(BRIEF_TASK)

    # 250 * 3.0 / 1e6 + 50 * 15.0 / 1e6 = 0.00075 + 0.00075
    assert usage_parts(generation.usage) == (2, 250, 50, 0.0015)
    messages = server.requests[1].body["messages"]
    assert isinstance(messages, list)
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[1]["content"] == MALFORMED_BRIEF
    assert "the answer is not valid JSON" in messages[2]["content"]


async def test_three_answers_off_the_schema_give_a_permanent_error(server, make_provider):
    server.enqueue(*(anthropic_answer(OFF_SCHEMA_BRIEF, input_tokens=100, output_tokens=10),) * 3)

    with pytest.raises(ProviderError) as caught:
        await make_provider("an-invalid", reasks=2).generate(BRIEF_TASK)

    assert not caught.value.transient
    # 300 * 3.0 / 1e6 + 30 * 15.0 / 1e6 = 0.0009 + 0.00045
    assert usage_parts(caught.value.usage) == (3, 300, 30, 0.00135)
    assert len(server.requests) == 3


async def test_rate_limits_and_overload_are_retried(server, make_provider):
    server.enqueue(
        error_response(429, retry_after="0"), error_response(529), anthropic_answer(VALID_BRIEF)
    )

    generation = await make_provider("an-429").generate(BRIEF_TASK)

    assert generation.usage.calls == 1
    assert len(server.requests) == 3


async def test_server_errors_on_every_attempt_give_a_transient_error(server, make_provider):
    server.enqueue(*(error_response(500),) * 3)

    with pytest.raises(ProviderError) as caught:
        await make_provider("an-500-all", max_retries=2).generate(BRIEF_TASK)

    assert caught.value.transient
    assert len(server.requests) == 3


async def test_timeouts_are_retried_then_give_a_transient_error(server, make_provider):
    server.enqueue(*(slow(anthropic_answer(VALID_BRIEF), 1.0),) * 2)
    provider = make_provider("an-timeout", timeout_seconds=0.2, max_retries=1)

    with pytest.raises(ProviderError) as caught:
        await provider.generate(BRIEF_TASK)

    assert caught.value.transient
    assert "APITimeoutError" in str(caught.value)
    assert len(server.requests) == 2


async def test_the_breaker_fails_fast_when_open_and_closes_after_the_reset_time(
    server, make_provider
):
    server.enqueue(error_response(503), error_response(503))
    provider = make_provider(
        "an-breaker", max_retries=1, breaker_failure_threshold=2, breaker_reset_seconds=0.3
    )

    with pytest.raises(ProviderError):
        await provider.generate(BRIEF_TASK)
    assert len(server.requests) == 2
    with pytest.raises(ProviderError) as caught:
        await provider.generate(BRIEF_TASK)
    assert "circuit breaker is open" in str(caught.value)
    assert len(server.requests) == 2

    await asyncio.sleep(0.35)
    server.enqueue(anthropic_answer(VALID_BRIEF))
    await provider.generate(BRIEF_TASK)
    assert provider.structured.breaker.state == "closed"


async def test_calls_tokens_and_cost_reach_the_metrics(server, make_provider):
    labels = {"provider": "anthropic", "model": "an-metrics"}

    def sample(name: str, **extra: str) -> float:
        return REGISTRY.get_sample_value(name, {**labels, **extra}) or 0.0

    server.enqueue(
        error_response(500),
        anthropic_answer(OFF_SCHEMA_BRIEF, input_tokens=400, output_tokens=100),
        anthropic_answer(VALID_BRIEF, input_tokens=600, output_tokens=100),
    )
    await make_provider("an-metrics").generate(BRIEF_TASK)

    assert sample("llm_api_calls_total", outcome="ok") == 1.0
    assert sample("llm_api_calls_total", outcome="invalid") == 1.0
    assert sample("llm_api_calls_total", outcome="error") == 1.0
    assert sample("llm_tokens_total", kind="input") == 1000.0
    assert sample("llm_tokens_total", kind="output") == 200.0
    # 1000 * 3.0 / 1e6 + 200 * 15.0 / 1e6
    assert sample("llm_estimated_cost_usd") == pytest.approx(0.006)


async def test_the_api_key_never_reaches_prompts_logs_or_errors(server, make_provider):
    server.enqueue(
        error_response(500),
        anthropic_answer(MALFORMED_BRIEF),
        anthropic_answer(VALID_BRIEF),
        error_response(401),
    )
    provider = make_provider("an-secret")

    with structlog.testing.capture_logs() as logs:
        await provider.generate(BRIEF_TASK)
        with pytest.raises(ProviderError) as caught:
            await provider.generate(BRIEF_TASK)

    assert {entry["event"] for entry in logs} == {"llm_retry", "llm_invalid_answer", "llm_call"}
    assert API_KEY not in repr(logs)
    assert API_KEY not in str(caught.value)
    for request in server.requests:
        assert API_KEY not in json.dumps(request.body)


async def test_the_default_model_is_claude_3_5_haiku():
    provider = AnthropicProvider(LLMSettings(provider="anthropic"))
    as_protocol: Provider = provider
    assert (as_protocol.name, as_protocol.model) == ("anthropic", "claude-haiku-4-5")
    await provider.aclose()

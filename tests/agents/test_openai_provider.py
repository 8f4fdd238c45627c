from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
import structlog
from prometheus_client import REGISTRY

from jobpilot.agents.documents import JobBrief
from jobpilot.agents.providers.base import AgentTask, Provider, ProviderError, Usage
from jobpilot.agents.providers.openai import OpenAIProvider
from jobpilot.core.settings import LLMSettings, ModelPrice
from tests.agents.llm_servers import (
    CHAT_PATH,
    MALFORMED_BRIEF,
    OFF_SCHEMA_BRIEF,
    VALID_BRIEF,
    LLMServer,
    error_response,
    llm_server,
    openai_answer,
    sample_inputs,
    slow,
    usage_parts,
)

API_KEY = "sk-test-Zq81vXr-do-not-leak"
BRIEF_TASK = AgentTask(kind="brief", output=JobBrief, inputs=sample_inputs())

MakeProvider = Callable[..., OpenAIProvider]


@pytest.fixture
def server() -> Iterator[LLMServer]:
    with llm_server() as running:
        yield running


@pytest.fixture
async def make_provider(server: LLMServer) -> AsyncIterator[MakeProvider]:
    made: list[OpenAIProvider] = []

    def make(model: str, **overrides: object) -> OpenAIProvider:
        fields: dict[str, object] = {
            "provider": "openai",
            "base_url": f"{server.base_url}/v1",
            "model": model,
            "api_key": API_KEY,
            "timeout_seconds": 2.0,
            "max_retries": 2,
            "backoff_initial_seconds": 0.01,
            "backoff_max_seconds": 0.05,
            "prices": {model: ModelPrice(input=1.0, output=2.0)},
        }
        provider = OpenAIProvider(LLMSettings.model_validate({**fields, **overrides}))
        made.append(provider)
        return provider

    yield make
    for provider in made:
        await provider.aclose()


async def test_a_valid_answer_becomes_a_generation_with_usage_and_cost(server, make_provider):
    server.enqueue(openai_answer(VALID_BRIEF, input_tokens=1200, output_tokens=300))

    generation = await make_provider("oa-valid").generate(BRIEF_TASK)

    assert generation.value == JobBrief.model_validate_json(VALID_BRIEF)
    # 1200 * 1.0 / 1e6 + 300 * 2.0 / 1e6
    assert usage_parts(generation.usage) == (1, 1200, 300, 0.0018)
    assert (generation.provider, generation.model) == ("openai", "oa-valid")
    [request] = server.requests
    assert request.path == CHAT_PATH
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    body = request.body
    assert body["model"] == "oa-valid"
    assert body["response_format"] == {"type": "json_object"}
    assert body["max_tokens"] == 4096
    assert body["temperature"] == 0.2
    messages = body["messages"]
    assert isinstance(messages, list)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert json.dumps(JobBrief.model_json_schema(), ensure_ascii=False) in messages[0]["content"]
    assert '<job_posting id="job-42">' in messages[1]["content"]


async def test_malformed_json_is_re_asked_once_with_the_error(server, make_provider):
    server.enqueue(
        openai_answer(MALFORMED_BRIEF, input_tokens=100, output_tokens=20),
        openai_answer(VALID_BRIEF, input_tokens=150, output_tokens=30),
    )

    generation = await make_provider("oa-reask").generate(BRIEF_TASK)

    assert generation.value.company == "Acme Analytics"
    # (100 + 150) * 1.0 / 1e6 + (20 + 30) * 2.0 / 1e6
    assert usage_parts(generation.usage) == (2, 250, 50, 0.00035)
    messages = server.requests[1].body["messages"]
    assert isinstance(messages, list)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[2]["content"] == MALFORMED_BRIEF
    assert "the answer is not valid JSON" in messages[3]["content"]


async def test_three_answers_off_the_schema_give_a_permanent_error(server, make_provider):
    server.enqueue(*(openai_answer(OFF_SCHEMA_BRIEF, input_tokens=100, output_tokens=10),) * 3)

    with pytest.raises(ProviderError) as caught:
        await make_provider("oa-invalid", reasks=2).generate(BRIEF_TASK)

    assert not caught.value.transient
    assert usage_parts(caught.value.usage) == (3, 300, 30, 0.00036)
    assert len(server.requests) == 3
    last = server.requests[2].body["messages"]
    assert isinstance(last, list)
    assert "summary: Field required" in last[-1]["content"]


async def test_a_rate_limit_is_retried_after_the_servers_wait(server, make_provider):
    server.enqueue(error_response(429, retry_after="0"), openai_answer(VALID_BRIEF))

    generation = await make_provider("oa-429").generate(BRIEF_TASK)

    assert generation.usage.calls == 1
    assert len(server.requests) == 2


async def test_server_errors_are_retried_until_an_answer_comes(server, make_provider):
    server.enqueue(error_response(500), error_response(500), openai_answer(VALID_BRIEF))

    generation = await make_provider("oa-500", max_retries=2).generate(BRIEF_TASK)

    assert generation.value.title == "Backend Engineer"
    assert len(server.requests) == 3


async def test_server_errors_on_every_attempt_give_a_transient_error(server, make_provider):
    server.enqueue(*(error_response(500),) * 3)

    with pytest.raises(ProviderError) as caught:
        await make_provider("oa-500-all", max_retries=2).generate(BRIEF_TASK)

    assert caught.value.transient
    assert caught.value.usage == Usage()
    assert len(server.requests) == 3


async def test_a_bad_request_is_a_permanent_error_without_retries(server, make_provider):
    server.enqueue(error_response(400))

    with pytest.raises(ProviderError) as caught:
        await make_provider("oa-400").generate(BRIEF_TASK)

    assert not caught.value.transient
    assert len(server.requests) == 1


async def test_a_slow_server_times_out_and_is_retried(server, make_provider):
    server.enqueue(slow(openai_answer(VALID_BRIEF), 1.0), openai_answer(VALID_BRIEF))

    generation = await make_provider("oa-slow", timeout_seconds=0.2).generate(BRIEF_TASK)

    assert generation.usage.calls == 1
    assert len(server.requests) == 2


async def test_timeouts_on_every_attempt_give_a_transient_error(server, make_provider):
    server.enqueue(*(slow(openai_answer(VALID_BRIEF), 1.0),) * 2)
    provider = make_provider("oa-timeout", timeout_seconds=0.2, max_retries=1)

    with pytest.raises(ProviderError) as caught:
        await provider.generate(BRIEF_TASK)

    assert caught.value.transient
    assert "APITimeoutError" in str(caught.value)
    assert len(server.requests) == 2


async def test_the_breaker_fails_fast_when_open_and_closes_after_the_reset_time(
    server, make_provider
):
    server.enqueue(error_response(500), error_response(500))
    provider = make_provider(
        "oa-breaker", max_retries=0, breaker_failure_threshold=2, breaker_reset_seconds=0.3
    )
    for _ in range(2):
        with pytest.raises(ProviderError):
            await provider.generate(BRIEF_TASK)

    with pytest.raises(ProviderError) as caught:
        await provider.generate(BRIEF_TASK)
    assert caught.value.transient
    assert "circuit breaker is open" in str(caught.value)
    assert len(server.requests) == 2

    await asyncio.sleep(0.35)
    server.enqueue(openai_answer(VALID_BRIEF))
    generation = await provider.generate(BRIEF_TASK)
    assert generation.value.company == "Acme Analytics"
    assert provider.structured.breaker.state == "closed"
    assert len(server.requests) == 3


async def test_calls_tokens_and_cost_reach_the_metrics(server, make_provider):
    labels = {"provider": "openai", "model": "oa-metrics"}

    def sample(name: str, **extra: str) -> float:
        return REGISTRY.get_sample_value(name, {**labels, **extra}) or 0.0

    server.enqueue(
        error_response(500),
        openai_answer(MALFORMED_BRIEF, input_tokens=400, output_tokens=100),
        openai_answer(VALID_BRIEF, input_tokens=600, output_tokens=150),
    )
    await make_provider("oa-metrics").generate(BRIEF_TASK)

    assert sample("llm_api_calls_total", outcome="ok") == 1.0
    assert sample("llm_api_calls_total", outcome="invalid") == 1.0
    assert sample("llm_api_calls_total", outcome="error") == 1.0
    assert sample("llm_tokens_total", kind="input") == 1000.0
    assert sample("llm_tokens_total", kind="output") == 250.0
    # 1000 * 1.0 / 1e6 + 250 * 2.0 / 1e6
    assert sample("llm_estimated_cost_usd") == pytest.approx(0.0015)


async def test_the_api_key_never_reaches_prompts_logs_or_errors(server, make_provider):
    server.enqueue(
        error_response(503),
        openai_answer(MALFORMED_BRIEF),
        openai_answer(VALID_BRIEF),
        error_response(401),
    )
    provider = make_provider("oa-secret")

    with structlog.testing.capture_logs() as logs:
        await provider.generate(BRIEF_TASK)
        with pytest.raises(ProviderError) as caught:
            await provider.generate(BRIEF_TASK)

    assert {entry["event"] for entry in logs} == {"llm_retry", "llm_invalid_answer", "llm_call"}
    assert API_KEY not in repr(logs)
    assert API_KEY not in str(caught.value)
    for request in server.requests:
        assert API_KEY not in json.dumps(request.body)
        assert request.headers["authorization"] == f"Bearer {API_KEY}"


async def test_a_local_server_needs_no_api_key(server, make_provider):
    server.enqueue(openai_answer(VALID_BRIEF))

    await make_provider("oa-local", api_key=None).generate(BRIEF_TASK)

    assert server.requests[0].headers["authorization"] == "Bearer not-needed"


async def test_the_default_model_is_gpt_4o_mini():
    provider = OpenAIProvider(LLMSettings(provider="openai"))
    as_protocol: Provider = provider
    assert (as_protocol.name, as_protocol.model) == ("openai", "gpt-4o-mini")
    await provider.aclose()

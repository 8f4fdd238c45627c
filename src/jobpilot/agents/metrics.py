"""Prometheus metrics for calls to language-model providers."""

from __future__ import annotations

from typing import Literal

from prometheus_client import Counter, Gauge

CallOutcome = Literal["ok", "invalid", "error"]

LLM_API_CALLS = Counter(
    "llm_api_calls_total",
    "Calls to a language-model API: ok, invalid (answer failed the schema) or error",
    ["provider", "model", "outcome"],
)
LLM_TOKENS = Counter(
    "llm_tokens_total",
    "Tokens reported by a language-model API",
    ["provider", "model", "kind"],
)
# A Gauge that is only ever incremented, so that the exposed name carries no ``_total``.
LLM_ESTIMATED_COST = Gauge(
    "llm_estimated_cost_usd",
    "Estimated spend on language-model APIs in US dollars, from the configured price table",
    ["provider", "model"],
)


def record_call(provider: str, model: str, outcome: CallOutcome) -> None:
    """Count one API call by how it ended."""
    LLM_API_CALLS.labels(provider, model, outcome).inc()


def record_usage(
    provider: str, model: str, *, input_tokens: int, output_tokens: int, cost_usd: float
) -> None:
    """Add one answered call's tokens and estimated cost."""
    LLM_TOKENS.labels(provider, model, "input").inc(input_tokens)
    LLM_TOKENS.labels(provider, model, "output").inc(output_tokens)
    LLM_ESTIMATED_COST.labels(provider, model).inc(cost_usd)

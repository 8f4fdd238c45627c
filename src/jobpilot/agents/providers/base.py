"""The one interface every copilot model provider implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel

from jobpilot.agents.documents import AgentInputs

TaskKind = Literal["brief", "tailor", "letter"]
Out = TypeVar("Out", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Usage:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            calls=self.calls + other.calls,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cost_usd=self.cost_usd + other.cost_usd,
        )


@dataclass(frozen=True, slots=True)
class AgentTask(Generic[Out]):
    """One piece of copilot work: what to produce, from which inputs.

    ``output`` is the schema the answer must validate against. A model provider renders
    ``inputs`` into a prompt; the offline provider computes the answer from them directly.
    """

    kind: TaskKind
    output: type[Out]
    inputs: AgentInputs


@dataclass(frozen=True, slots=True)
class Generation(Generic[Out]):
    value: Out
    usage: Usage
    provider: str
    model: str


class ProviderError(Exception):
    """A provider could not produce a valid answer (after its retries and re-asks)."""

    def __init__(self, message: str, *, transient: bool = False, usage: Usage | None = None):
        super().__init__(message)
        self.transient = transient
        self.usage = usage or Usage()


class Provider(Protocol):
    name: str
    model: str

    async def generate(self, task: AgentTask[Out]) -> Generation[Out]:
        """Produce ``task.output`` for ``task``, or raise ProviderError."""
        ...

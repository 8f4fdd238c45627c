"""The offline provider: the copilot's default, computed from the inputs without any model.

Deterministic (the same inputs give the same answer), no network, no cost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import BaseModel, ValidationError

from jobpilot.agents.documents import AgentInputs
from jobpilot.agents.offline.brief import analyse_job
from jobpilot.agents.offline.letter import write_letter
from jobpilot.agents.offline.tailor import tailor_resume
from jobpilot.agents.providers.base import AgentTask, Generation, Out, ProviderError, Usage


def _utc_now() -> datetime:
    return datetime.now(UTC)


class OfflineProvider:
    """Briefs, tailored resumes and letters computed from the inputs alone."""

    name: str = "offline"
    model: str = "offline-v1"

    def __init__(self, *, clock: Callable[[], datetime] = _utc_now) -> None:
        # The clock only stands in for ``inputs.now`` when the caller did not set it.
        self._clock = clock

    async def generate(self, task: AgentTask[Out]) -> Generation[Out]:
        """Compute ``task.output`` for ``task``; raises ProviderError when the requested
        schema is not the one this kind of task produces."""
        now = task.inputs.now or self._clock()
        inputs = task.inputs.model_copy(update={"now": now})
        value = answer(task.kind, inputs, now=now)
        try:
            result = task.output.model_validate(value.model_dump())
        except ValidationError as error:
            raise ProviderError(
                f"the offline {task.kind} does not fit {task.output.__name__}: {error}"
            ) from error
        return Generation(value=result, usage=Usage(), provider=self.name, model=self.model)


def answer(kind: str, inputs: AgentInputs, *, now: datetime) -> BaseModel:
    """The offline answer to one kind of task ("brief", "tailor" or "letter") as of ``now``;
    the brief's questions use the match's gaps when there is a match."""
    if kind == "brief":
        gaps = inputs.match.gaps if inputs.match is not None else []
        return analyse_job(inputs.job, now=now, gaps=gaps)
    if kind == "tailor":
        return tailor_resume(inputs)
    if kind == "letter":
        return write_letter(inputs)
    raise ProviderError(f"the offline provider has no task {kind!r}")

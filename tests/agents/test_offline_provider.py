from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import BaseModel

from jobpilot.agents.documents import CoverLetter, JobBrief, TailoredResume
from jobpilot.agents.offline.brief import analyse_job
from jobpilot.agents.offline.letter import write_letter
from jobpilot.agents.offline.tailor import tailor_resume
from jobpilot.agents.providers.base import (
    AgentTask,
    Provider,
    ProviderError,
    TaskKind,
    Usage,
)
from jobpilot.agents.providers.offline import OfflineProvider
from tests.agents.copilot_inputs import (
    NOW,
    backend_job,
    backend_match,
    copilot_inputs,
    injected_job,
    injected_match,
)

TASKS: list[tuple[TaskKind, type[BaseModel]]] = [
    ("brief", JobBrief),
    ("tailor", TailoredResume),
    ("letter", CoverLetter),
]


def fixed_clock(moment: datetime) -> OfflineProvider:
    return OfflineProvider(clock=lambda: moment)


async def test_a_brief_task_returns_the_brief_with_no_usage() -> None:
    provider: Provider = OfflineProvider()
    inputs = copilot_inputs()

    generation = await provider.generate(AgentTask(kind="brief", output=JobBrief, inputs=inputs))

    assert isinstance(generation.value, JobBrief)
    assert generation.value == analyse_job(inputs.job, now=NOW, gaps=backend_match().gaps)
    assert (generation.provider, generation.model) == ("offline", "offline-v1")
    assert (provider.name, provider.model) == ("offline", "offline-v1")
    assert generation.usage == Usage()


async def test_the_brief_asks_about_the_matchs_required_gaps() -> None:
    task = AgentTask(kind="brief", output=JobBrief, inputs=copilot_inputs())

    brief = (await OfflineProvider().generate(task)).value
    assert (
        "How important is gRPC on day one, and is there time to learn it on the job?"
        in brief.questions
    )


async def test_tailor_and_letter_tasks_return_what_the_writers_compute() -> None:
    provider = OfflineProvider()
    inputs = copilot_inputs(intensity="strong", tone="formal", length="long")

    tailored = await provider.generate(
        AgentTask(kind="tailor", output=TailoredResume, inputs=inputs)
    )
    letter = await provider.generate(AgentTask(kind="letter", output=CoverLetter, inputs=inputs))

    assert tailored.value == tailor_resume(inputs)
    assert letter.value == write_letter(inputs)
    assert tailored.usage == letter.usage == Usage()


async def test_without_now_the_clock_dates_the_brief() -> None:
    inputs = copilot_inputs(now=None)
    task = AgentTask(kind="brief", output=JobBrief, inputs=inputs)

    early = await fixed_clock(datetime(2026, 4, 20, tzinfo=UTC)).generate(task)
    late = await fixed_clock(datetime(2026, 9, 1, tzinfo=UTC)).generate(task)

    assert [f.code for f in early.value.red_flags] == []
    assert [f.code for f in late.value.red_flags] == ["stale_posting", "expired"]


async def test_an_explicit_now_wins_over_the_clock() -> None:
    task = AgentTask(kind="brief", output=JobBrief, inputs=copilot_inputs(now=NOW))

    brief = (await fixed_clock(datetime(2030, 1, 1, tzinfo=UTC)).generate(task)).value
    assert brief.red_flags == []


async def test_without_now_the_clock_dates_the_tailoring() -> None:
    task = AgentTask(
        kind="tailor",
        output=TailoredResume,
        inputs=copilot_inputs(intensity="medium", now=None),
    )

    before = (await fixed_clock(datetime(2024, 6, 1, tzinfo=UTC)).generate(task)).value
    after = (await fixed_clock(datetime(2026, 6, 1, tzinfo=UTC)).generate(task)).value

    # Kontor ended in September 2014: not ten years old in June 2024, older in June 2026.
    assert before.experience[3].bullets != []
    assert after.experience[3].bullets == []


async def test_a_schema_that_does_not_fit_the_task_is_a_provider_error() -> None:
    task = AgentTask(kind="brief", output=TailoredResume, inputs=copilot_inputs())

    with pytest.raises(ProviderError) as raised:
        await OfflineProvider().generate(task)
    assert raised.value.transient is False
    assert "TailoredResume" in str(raised.value)


async def test_the_same_task_gives_the_same_answer() -> None:
    inputs = copilot_inputs(injected_job(), injected_match())
    provider = OfflineProvider()
    for kind, output in TASKS:
        task = AgentTask(kind=kind, output=output, inputs=inputs)
        first = await provider.generate(task)
        second = await provider.generate(task)
        assert first == second


async def test_a_posting_with_injected_instructions_changes_nothing_but_the_flags() -> None:
    provider = OfflineProvider()
    clean = copilot_inputs(backend_job(), backend_match())
    injected = copilot_inputs(injected_job(), injected_match())

    brief = await provider.generate(AgentTask(kind="brief", output=JobBrief, inputs=injected))
    assert [f.code for f in brief.value.red_flags] == ["instructions_in_posting"]
    for kind, output in TASKS[1:]:
        with_injection = await provider.generate(
            AgentTask(kind=kind, output=output, inputs=injected)
        )
        without = await provider.generate(AgentTask(kind=kind, output=output, inputs=clean))
        assert "Rust" not in with_injection.value.model_dump_json()
        assert with_injection.value == without.value

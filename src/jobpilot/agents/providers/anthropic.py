"""The copilot on Anthropic's Messages API, through the official SDK.

The system prompt goes in the request's ``system`` field; the answer is read from the reply's
text blocks and validated against the task's schema by :class:`StructuredClient`. No assistant
prefill is used: the prompt alone asks for a bare JSON object, and the parser tolerates fences
or a sentence around it.
"""

from __future__ import annotations

from collections.abc import Sequence

import anthropic
from anthropic import AsyncAnthropic
from anthropic.types import AssistantMessageParam, Message, MessageParam, UserMessageParam

from jobpilot.agents.prompts import render
from jobpilot.agents.providers.base import AgentTask, Generation, Out, ProviderError
from jobpilot.agents.providers.structured import (
    Reply,
    StructuredClient,
    TransientFailure,
    Turn,
    status_failure,
)
from jobpilot.core.settings import LLMSettings

DEFAULT_MODEL = "claude-haiku-4-5"
# A gateway in front of the API may need no key, but the SDK wants a credential to start.
PLACEHOLDER_API_KEY = "not-needed"


class AnthropicProvider:
    """A Provider for Anthropic's Messages API (or a gateway that speaks it)."""

    name: str = "anthropic"

    def __init__(self, settings: LLMSettings) -> None:
        self.model = settings.model or DEFAULT_MODEL
        self.settings = settings
        api_key = settings.api_key.get_secret_value() if settings.api_key else None
        # Retries are ours (StructuredClient), so the SDK's own are switched off.
        self._client = AsyncAnthropic(
            base_url=settings.base_url,
            api_key=api_key or PLACEHOLDER_API_KEY,
            timeout=settings.timeout_seconds,
            max_retries=0,
        )
        self.structured = StructuredClient(
            provider=self.name, model=self.model, settings=settings, send=self._send
        )

    async def generate(self, task: AgentTask[Out]) -> Generation[Out]:
        """Produce ``task.output`` for ``task``, or raise ProviderError."""
        system, user = render(task)
        return await self.structured.generate(task.output, system, user)

    async def aclose(self) -> None:
        """Close the SDK's HTTP connections."""
        await self._client.close()

    async def _send(self, system: str, turns: Sequence[Turn]) -> Reply:
        try:
            message = await self._client.messages.create(
                model=self.model,
                system=system,
                messages=message_params(turns),
                max_tokens=self.settings.max_output_tokens,
            )
        except anthropic.APIStatusError as exc:
            raise status_failure(exc.status_code, exc.message, exc.response.headers) from exc
        except anthropic.APIConnectionError as exc:
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc
        except anthropic.AnthropicError as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}", transient=False) from exc
        return message_reply(message)


def message_params(turns: Sequence[Turn]) -> list[MessageParam]:
    """The conversation in Messages API form."""
    return [
        AssistantMessageParam(role="assistant", content=turn.content)
        if turn.role == "assistant"
        else UserMessageParam(role="user", content=turn.content)
        for turn in turns
    ]


def message_reply(message: Message) -> Reply:
    """The text of a message's text blocks and its token counts."""
    text = "".join(block.text for block in message.content if block.type == "text")
    return Reply(
        text=text,
        input_tokens=message.usage.input_tokens,
        output_tokens=message.usage.output_tokens,
    )

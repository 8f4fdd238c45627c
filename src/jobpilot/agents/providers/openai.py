"""The copilot on any OpenAI-compatible chat-completions server, through the official SDK.

OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM and LM Studio all speak this API; point
``LLMSettings.base_url`` at the server's ``/v1`` root. Answers are requested in JSON mode
(``response_format={"type": "json_object"}``), which those servers accept, and are validated
against the task's schema by :class:`StructuredClient`.
"""

from __future__ import annotations

from collections.abc import Sequence

import openai
from openai import AsyncOpenAI
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionAssistantMessageParam,
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)

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

DEFAULT_MODEL = "gpt-4o-mini"
# Local servers need no key, but the SDK refuses to start without one.
PLACEHOLDER_API_KEY = "not-needed"


class OpenAIProvider:
    """A Provider for OpenAI-compatible servers (OpenAI, Azure, Ollama, vLLM, LM Studio)."""

    name: str = "openai"

    def __init__(self, settings: LLMSettings) -> None:
        self.model = settings.model or DEFAULT_MODEL
        self.settings = settings
        api_key = settings.api_key.get_secret_value() if settings.api_key else None
        # Retries are ours (StructuredClient), so the SDK's own are switched off.
        self._client = AsyncOpenAI(
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
            completion = await self._client.chat.completions.create(
                model=self.model,
                messages=chat_messages(system, turns),
                response_format={"type": "json_object"},
                temperature=self.settings.temperature,
                # max_tokens rather than max_completion_tokens: local servers know only it.
                max_tokens=self.settings.max_output_tokens,
            )
        except openai.APIStatusError as exc:
            raise status_failure(exc.status_code, exc.message, exc.response.headers) from exc
        except openai.APIConnectionError as exc:
            raise TransientFailure(f"{type(exc).__name__}: {exc}") from exc
        except openai.OpenAIError as exc:
            raise ProviderError(f"{type(exc).__name__}: {exc}", transient=False) from exc
        return completion_reply(completion)


def chat_messages(system: str, turns: Sequence[Turn]) -> list[ChatCompletionMessageParam]:
    """The system prompt and the conversation in chat-completions form."""
    messages: list[ChatCompletionMessageParam] = [
        ChatCompletionSystemMessageParam(role="system", content=system)
    ]
    for turn in turns:
        if turn.role == "assistant":
            messages.append(
                ChatCompletionAssistantMessageParam(role="assistant", content=turn.content)
            )
        else:
            messages.append(ChatCompletionUserMessageParam(role="user", content=turn.content))
    return messages


def completion_reply(completion: ChatCompletion) -> Reply:
    """The first choice's text and the token counts of a chat completion."""
    text = ""
    if completion.choices:
        text = completion.choices[0].message.content or ""
    usage = completion.usage
    return Reply(
        text=text,
        input_tokens=usage.prompt_tokens if usage else 0,
        output_tokens=usage.completion_tokens if usage else 0,
    )

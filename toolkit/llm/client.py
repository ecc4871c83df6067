"""Calling the chat completions endpoint: the one retry policy, ``Retry-After``, clear errors.

The SDK's own retries are switched off (``max_retries=0``) so the toolkit decides, counts and
logs every retry itself, with the SDK's rules: rate limits (429, honouring ``Retry-After``/
``retry-after-ms``), server errors (5xx, 408, 409), timeouts and dropped connections (reset,
server restart, stale keep-alive) are retried with exponential backoff and jitter, within one
budget; anything else fails at once. ``toolkit repurpose`` and ``toolkit bulk`` both go through
``retry_delay`` here, so a 429 waits exactly what it asks for, only for the refused call. After
the last try the SDK error becomes one ``ToolkitError`` sentence naming the next step, with the
key scrubbed from anything the server echoed.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import openai
from openai import AsyncOpenAI, OpenAI

from ..errors import BackendError, ConfigError, ToolkitError
from .models import ChatRequest, Reply
from .settings import LLMSettings

log = logging.getLogger("toolkit.llm")

MAX_RETRY_AFTER_S = 60.0  # a server asking for a longer pause gets a clear error instead of a hung run
_CONTEXT_WORDS = ("context length", "context_length", "context size", "context window", "maximum context",
                  "too many tokens", "exceeds the available context")


class ContextExceeded(BackendError):
    """The prompt plus the answer budget does not fit the model's context window."""


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 1.0
    max_delay: float = 20.0


class CallFailed(Exception):
    """A call that failed for good: the user-facing error plus what the call log needs."""

    def __init__(self, error: ToolkitError, retries: int, latency_ms: float):
        super().__init__(str(error))
        self.error, self.retries, self.latency_ms = error, retries, latency_ms


def make_client(settings: LLMSettings) -> OpenAI:
    return OpenAI(api_key=settings.key_for_client(), base_url=settings.base_url, timeout=settings.request_timeout, max_retries=0)


def make_async_client(settings: LLMSettings) -> AsyncOpenAI:
    return AsyncOpenAI(api_key=settings.key_for_client(), base_url=settings.base_url, timeout=settings.request_timeout,
                       max_retries=0)


def retry_after(headers: Any) -> float | None:
    """Seconds a response asks us to wait: ``retry-after-ms``, ``retry-after`` seconds or HTTP date."""
    if headers is None:
        return None
    for header, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(header)
        if value is None:
            continue
        try:
            return max(float(value) / divisor, 0.0)
        except ValueError:
            parsed = email.utils.parsedate_tz(value)
            if parsed is not None:
                return max(float(email.utils.mktime_tz(parsed) - time.time()), 0.0)
    return None


def _retryable(exc: Exception) -> bool:
    if isinstance(exc, openai.APIConnectionError):  # timeouts, resets, refused connections, stale keep-alive
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def retry_delay(exc: Exception, attempt: int, policy: RetryPolicy, rng: Callable[[], float] = random.random) -> float | None:
    """Seconds to wait before retry number ``attempt + 1``, or None when the error is final."""
    if not _retryable(exc) or attempt >= policy.max_retries:
        return None
    if isinstance(exc, openai.APIStatusError):
        asked = retry_after(exc.response.headers)
        if asked is not None:
            return asked if asked <= MAX_RETRY_AFTER_S else None
    return min(policy.max_delay, policy.base_delay * 2**attempt) * (0.5 + rng() / 2)


def redact(text: str, settings: LLMSettings) -> str:
    """``text`` without the API key, however a server echoed it."""
    if settings.api_key:
        secret = settings.api_key.get_secret_value()
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


def _message(exc: openai.APIError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])
    return exc.message


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{seconds:.0f} s (about {seconds / 60:.0f} min)"


def is_context_error(exc: Exception) -> bool:
    """True for a 400 saying the prompt does not fit (OpenAI ``context_length_exceeded``, llama-server's
    "exceeds the available context size", vLLM's "maximum context length")."""
    if not isinstance(exc, openai.APIStatusError) or exc.status_code not in (400, 413):
        return False
    text = f"{_message(exc)} {exc.body}".lower()
    return any(w in text for w in _CONTEXT_WORDS)


def to_error(exc: Exception, settings: LLMSettings, tries: int) -> ToolkitError:
    """The SDK's exception as one sentence for the user, key scrubbed."""
    where = settings.safe_base_url
    after = f" after {tries} tr{'y' if tries == 1 else 'ies'}"
    if isinstance(exc, openai.APITimeoutError):
        err: ToolkitError = BackendError(f"No answer from {where} within {settings.request_timeout:g} s{after}: raise --timeout or try again later.")
    elif isinstance(exc, openai.APIConnectionError):
        err = BackendError(f"Lost the connection to {where} ({exc.message}){after}: check that the server is running "
                           "and OPENAI_BASE_URL points at it, then try again.")
    elif isinstance(exc, openai.AuthenticationError):
        err = ConfigError(f"{where} rejected the API key (401): check OPENAI_API_KEY.")
    elif isinstance(exc, openai.PermissionDeniedError):
        err = ConfigError(f"{where} refused access (403: {_message(exc)}): check the key's project and permissions.")
    elif isinstance(exc, openai.NotFoundError):
        err = ConfigError(f"Model {settings.model!r} was not found at {where} (404): check --model and OPENAI_BASE_URL.")
    elif isinstance(exc, openai.RateLimitError):
        asked = retry_after(exc.response.headers)
        if asked is not None and asked > MAX_RETRY_AFTER_S:
            err = BackendError(f"Rate limited by {where} (429), which asks to wait {_duration(asked)}: run again after "
                               "that, lower the concurrency, or check your plan's limits.")
        else:
            err = BackendError(f"Still rate limited by {where} (429){after}: run again in a minute, lower the "
                               "concurrency, or check your plan's limits.")
    elif isinstance(exc, openai.APIStatusError) and exc.status_code >= 500:
        err = BackendError(f"{where} kept failing ({exc.status_code}: {_message(exc)}){after}: try again later.")
    elif isinstance(exc, openai.APIStatusError) and is_context_error(exc):
        err = ContextExceeded(f"The prompt does not fit the context window of {settings.model!r} at {where} "
                              f"({_message(exc)}): start the server with a larger context (llama-server -c), or "
                              "lower TOOLKIT_LLM_CONTEXT.")
    elif isinstance(exc, openai.APIStatusError):
        err = BackendError(f"{where} rejected the request ({exc.status_code}: {_message(exc)}): check that model "
                           f"{settings.model!r} supports JSON-schema output, or set TOOLKIT_LLM_SCHEMA_LIMITS=0 if "
                           "it rejects length limits in the schema.")
    else:
        err = BackendError(f"The call to {where} failed ({exc}).")
    return type(err)(redact(str(err), settings))


def to_reply(raw: Any, latency_ms: float, retries: int) -> Reply:
    """The parts of a chat completion the toolkit uses, plus the body exactly as received. The body is read
    with ``json.loads`` instead of the SDK's model construction (same fields, a fraction of the CPU per call);
    anything of the wrong shape counts as absent, as with the SDK's lenient parsing."""
    text = raw.http_response.text
    try:
        body = json.loads(text)
    except ValueError:
        return Reply(raw=text, latency_ms=latency_ms, retries=retries)
    if not isinstance(body, dict):
        return Reply(raw=text, latency_ms=latency_ms, retries=retries)
    choices = body.get("choices")
    choice = choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}
    message = choice.get("message")
    message = message if isinstance(message, dict) else {}
    usage = body.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    return Reply(
        content=_text(message.get("content")), refusal=_text(message.get("refusal")),
        finish_reason=_text(choice.get("finish_reason")),
        prompt_tokens=_count(usage.get("prompt_tokens")), completion_tokens=_count(usage.get("completion_tokens")),
        raw=text, latency_ms=latency_ms, retries=retries,
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _kwargs(request: ChatRequest) -> dict[str, Any]:
    """SDK arguments; messages and the JSON schema go in ``extra_body``, which the SDK sends as is, so they are
    not walked key by key against its typed parameters on every call (the same JSON on the wire, about a
    millisecond less CPU per call)."""
    return {
        "model": request.model, "messages": [],
        "temperature": request.temperature, "max_tokens": request.max_tokens,
        "extra_body": {"messages": request.messages, "response_format": request.response_format, **request.extra_body},
    }


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)


def complete(client: OpenAI, request: ChatRequest, settings: LLMSettings, *,
             sleep: Callable[[float], None] = time.sleep, policy: RetryPolicy | None = None) -> Reply:
    """One chat completion, retried as the policy allows; raises ``CallFailed`` at the end."""
    policy = policy or RetryPolicy(max_retries=settings.max_retries)
    attempt = 0
    while True:
        started = time.perf_counter()
        try:
            raw = client.chat.completions.with_raw_response.create(**_kwargs(request))
            return to_reply(raw, _ms(started), attempt)
        except openai.APIError as exc:
            sleep(_pause_or_fail(exc, attempt, policy, settings, started))
            attempt += 1


def _pause_or_fail(exc: openai.APIError, attempt: int, policy: RetryPolicy, settings: LLMSettings,
                   started: float) -> float:
    """The pause before the next attempt, or ``CallFailed`` once the policy gives up (sync and async alike)."""
    delay = retry_delay(exc, attempt, policy)
    if delay is None:
        raise CallFailed(to_error(exc, settings, attempt + 1), attempt, _ms(started)) from None
    _note_retry(exc, attempt, delay, policy)
    return delay


async def acomplete(client: AsyncOpenAI, request: ChatRequest, settings: LLMSettings, *,
                    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, policy: RetryPolicy | None = None) -> Reply:
    """``complete`` for the async client."""
    policy = policy or RetryPolicy(max_retries=settings.max_retries)
    attempt = 0
    while True:
        started = time.perf_counter()
        try:
            raw = await client.chat.completions.with_raw_response.create(**_kwargs(request))
            return to_reply(raw, _ms(started), attempt)
        except openai.APIError as exc:
            await sleep(_pause_or_fail(exc, attempt, policy, settings, started))
            attempt += 1


def _note_retry(exc: openai.APIError, attempt: int, delay: float, policy: RetryPolicy) -> None:
    status = (exc.status_code if isinstance(exc, openai.APIStatusError)
              else "timeout" if isinstance(exc, openai.APITimeoutError) else "connection lost")
    log.warning("model call failed (%s); retry %d of %d in %.1f s", status, attempt + 1, policy.max_retries, delay)

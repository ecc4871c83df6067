"""The OpenAI backend: the engine's ``Backend`` seam in front of any OpenAI-compatible server.

Sync (``draft``) and async (``adraft``) share everything but the transport: the same plan of
calls, the same conversation per output (ask, judge, ask once more, settle), the same merge
with deterministic fallbacks, the same call log. Usage (tokens, calls, cost, retries) comes
back with ``draft_with_usage``/``adraft_with_usage`` and stays on ``last_usage``.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from openai import AsyncOpenAI, OpenAI

from ..errors import ToolkitError
from ..platforms import Platform
from ..repurpose.drafts import Drafts
from ..repurpose.layout import Layout
from ..repurpose.models import Brief, Language, Post
from ..store import Store
from . import log
from .client import CallFailed, acomplete, complete, make_async_client, make_client
from .conversation import Conversation, Outcome
from .models import ChatRequest, Usage
from .plan import Job, Task, plan
from .pricing import estimate_cost, load_prices
from .prompts import Prompts
from .repair import merge
from .settings import LLMSettings


class OpenAIBackend:
    """Drafts every output with a language model; satisfies ``toolkit.repurpose.Backend``."""

    name = "openai"

    def __init__(self, settings: LLMSettings, *, layout: Layout | None = None, store: Store | None = None,
                 client: OpenAI | None = None, async_client: AsyncOpenAI | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        settings.require_credentials()
        self.settings = settings
        self.model = settings.model
        self.layout = layout or Layout()
        self.store = store
        self.prompts = Prompts.from_layout(self.layout)
        self.prices = load_prices(settings.prices_path)
        self._client, self._async_client = client, async_client
        self._sleep, self._async_sleep = sleep, async_sleep
        self.last_usage = Usage()

    @classmethod
    def from_env(cls, layout: Layout | None = None, store: Store | None = None, **overrides: Any) -> "OpenAIBackend":
        """Settings from the environment (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``TOOLKIT_LLM_*``) and overrides."""
        return cls(LLMSettings.from_env(**overrides), layout=layout, store=store)

    @property
    def client(self) -> OpenAI:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    @property
    def async_client(self) -> AsyncOpenAI:
        if self._async_client is None:
            self._async_client = make_async_client(self.settings)
        return self._async_client

    # --- the Backend protocol and its usage-reporting variants ------------------------------

    def draft(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language) -> Drafts:
        return self.draft_with_usage(post, brief, platforms, language=language)[0]

    async def adraft(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language) -> Drafts:
        return (await self.adraft_with_usage(post, brief, platforms, language=language))[0]

    def draft_with_usage(self, post: Post, brief: Brief, platforms: list[Platform], *,
                         language: Language) -> tuple[Drafts, Usage]:
        job, tasks, session = self._start(post, brief, platforms, language)
        outcomes = [self._run(Conversation(t, job, self.prompts), session) for t in tasks]
        return self._finish(outcomes, job)

    async def adraft_with_usage(self, post: Post, brief: Brief, platforms: list[Platform], *,
                                language: Language) -> tuple[Drafts, Usage]:
        job, tasks, session = self._start(post, brief, platforms, language)
        limit = asyncio.Semaphore(self.settings.concurrency)

        async def one(task: Task) -> Outcome:
            async with limit:
                return await self._arun(Conversation(task, job, self.prompts), session)

        try:
            async with asyncio.TaskGroup() as group:
                running = [group.create_task(one(t)) for t in tasks]
        except ExceptionGroup as failed:  # the first user-facing error, not a group of them
            first = next((e for e in failed.exceptions if isinstance(e, ToolkitError)), None)
            if first is None:
                raise
            raise first from None
        return self._finish([r.result() for r in running], job)

    # --- shared by both -------------------------------------------------------------------

    def _start(self, post: Post, brief: Brief, platforms: list[Platform], language: Language) -> tuple[Job, list[Task], str]:
        job = Job(post=post, brief=brief, language=language, platforms=platforms, layout=self.layout)
        return job, plan(job, self.prompts, self.settings), uuid.uuid4().hex

    def _finish(self, outcomes: list[Outcome], job: Job) -> tuple[Drafts, Usage]:
        usage = sum((self._usage(o) for o in outcomes), Usage())
        self.last_usage = usage
        return merge(outcomes, job), usage

    def _usage(self, outcome: Outcome) -> Usage:
        replies = [a.reply for a in outcome.attempts]
        prompt = sum(r.prompt_tokens for r in replies)
        completion = sum(r.completion_tokens for r in replies)
        return Usage(prompt_tokens=prompt, completion_tokens=completion, calls=len(replies),
                     cost_usd=self._cost(prompt, completion), retries=sum(r.retries for r in replies))

    def _cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return estimate_cost(self.model, prompt_tokens, completion_tokens, prices=self.prices)

    def _run(self, conversation: Conversation, session: str) -> Outcome:
        steps = conversation.steps()
        request = next(steps)
        try:
            while True:
                reply = complete(self.client, request, self.settings, sleep=self._sleep)
                request = steps.send(reply)
        except StopIteration as done:
            self._log(conversation, session, done.value)
            return done.value
        except CallFailed as failed:
            self._log(conversation, session, None, failed=(request, failed))
            raise failed.error from None

    async def _arun(self, conversation: Conversation, session: str) -> Outcome:
        steps = conversation.steps()
        request = next(steps)
        try:
            while True:
                reply = await acomplete(self.async_client, request, self.settings, sleep=self._async_sleep)
                request = steps.send(reply)
        except StopIteration as done:
            self._log(conversation, session, done.value)
            return done.value
        except CallFailed as failed:
            self._log(conversation, session, None, failed=(request, failed))
            raise failed.error from None

    def _log(self, conversation: Conversation, session: str, outcome: Outcome | None,
             failed: tuple[ChatRequest, CallFailed] | None = None) -> None:
        if self.store is None:
            return
        task, job = conversation.task, conversation.job
        hashes = self.prompts.hashes(task.kind)
        common = {"session": session, "job": job, "task": task, "settings": self.settings, "template_hashes": hashes}
        attempts = conversation.attempts
        rows = [
            log.call_row(**common, number=i, request=a.request, reply=a.reply, attempt=a,
                         outcome=outcome if i == len(attempts) else None,
                         cost_usd=self._cost(a.reply.prompt_tokens, a.reply.completion_tokens))
            for i, a in enumerate(attempts, start=1)
        ]
        if failed is not None:
            request, error = failed
            rows.append(log.call_row(**common, number=len(attempts) + 1, request=request, error=str(error.error),
                                     retries=error.retries, latency_ms=error.latency_ms))
        log.record(self.store, rows)



"""The OpenAI backend: the engine's ``Backend`` seam in front of any OpenAI-compatible server.

Sync (``draft``) and async (``adraft_with_usage``, the bulk runner's) share everything but the transport: the same plan of
calls, the same conversation per output (ask, judge, ask once more, settle), the same merge
with deterministic fallbacks, the same call log. One post's calls run concurrently, at most
``settings.concurrency`` at a time (threads on the sync client, tasks on the async one), so a
post to every platform takes about as long as its slowest call. A call that fails for good
costs only its own output (the offline draft stands in, with a warning); answered siblings are
kept and logged. Only errors no call can get past (a rejected key, an unknown model) raise.
Usage (tokens, calls, cost, retries, where each output came from) comes back with
``draft_with_usage``/``adraft_with_usage`` and stays on ``last_usage``.
"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Any

from openai import AsyncOpenAI, OpenAI

from ..errors import ConfigError, TemplateError, ToolkitError
from ..platforms import Platform
from ..repurpose.drafts import Drafts
from ..repurpose.layout import Layout
from ..repurpose.models import Brief, Language, Post
from ..store import Store
from . import log
from .client import (
    CallFailed,
    ContextExceeded,
    acomplete,
    complete,
    make_async_client,
    make_client,
)
from .conversation import Conversation, TaskOutcome
from .models import Usage
from .plan import DraftJob, Task, plan
from .pricing import estimate_cost, load_prices
from .prompts import Prompts
from .repair import merge
from .server import ServerInfo, probe
from .settings import LLMSettings


class DraftFailed(ToolkitError):
    """A post with an output the server never answered (``strict`` drafting, used by bulk): the post
    is retried by the next run; ``usage`` is what its answered calls cost meanwhile."""

    def __init__(self, error: ToolkitError, usage: Usage):
        super().__init__(str(error))
        self.error, self.usage = error, usage


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
        self._client_lock = threading.Lock()
        self.last_usage = Usage()
        self._server: ServerInfo | None = None
        self.sessions: list[str] = []  # the drafts since the last ``link_run``, to join them to the run

    @classmethod
    def from_env(cls, layout: Layout | None = None, store: Store | None = None, **overrides: Any) -> OpenAIBackend:
        """Settings from the environment (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``TOOLKIT_LLM_*``) and overrides."""
        return cls(LLMSettings.from_env(**overrides), layout=layout, store=store)

    @property
    def client(self) -> OpenAI:
        with self._client_lock:
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

    def draft_with_usage(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language,
                         tag: dict[str, str] | None = None, strict: bool = False) -> tuple[Drafts, Usage]:
        """All of one post's calls on the sync client, ``settings.concurrency`` at a time."""
        job, tasks, session = self._start(post, brief, platforms, language, tag)
        conversations = [Conversation(t, job, self.prompts) for t in tasks]
        outcomes: dict[int, TaskOutcome] = {}
        stop = threading.Event()  # set by a configuration error: the calls not yet sent are not sent
        with ThreadPoolExecutor(max(1, min(self.concurrency, len(tasks))), "toolkit-llm") as pool:
            pending = {pool.submit(self._run, c, stop): i for i, c in enumerate(conversations)}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for i in sorted(pending[f] for f in done):
                    outcomes[i] = next(f for f in done if pending[f] == i).result()
                    self._log(conversations[i], session, outcomes[i], tag)  # the store is this thread's
                pending = {f: i for f, i in pending.items() if f not in done}
        return self._finish([outcomes[i] for i in sorted(outcomes)], job, strict)

    async def adraft_with_usage(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language,
                                tag: dict[str, str] | None = None, strict: bool = False) -> tuple[Drafts, Usage]:
        """``draft_with_usage`` on the async client; bulk shares its rate limits across posts. Asking a local
        server about itself and counting prompt tokens with its tokenizer are blocking HTTP calls: they run in a
        thread, so the event loop keeps serving the other posts' calls meanwhile."""
        info = self._server if self._server is not None else await asyncio.to_thread(self._probe)
        if info.tokenize is not None:
            job, tasks, session = await asyncio.to_thread(self._start, post, brief, platforms, language, tag)
        else:
            job, tasks, session = self._start(post, brief, platforms, language, tag)
        limit = asyncio.Semaphore(self.concurrency)
        stop = threading.Event()

        async def one(task: Task) -> TaskOutcome:
            conversation = Conversation(task, job, self.prompts)
            async with limit:
                outcome = await self._arun(conversation, stop)
            rows = self._rows(conversation, session, outcome, tag)
            if rows and self.store is not None:  # each commit waits on the disk: in a thread, not on the event loop
                await asyncio.to_thread(log.record, self.store, rows)
            return outcome

        outcomes = await asyncio.gather(*(one(t) for t in tasks))
        return self._finish(list(outcomes), job, strict)

    def link_run(self, run_id: int) -> None:
        """Join the calls of the drafts since the last link to the ``runs`` row they served."""
        if self.store is not None and self.sessions:
            log.link_run(self.store, self.sessions, run_id)
        self.sessions = []

    # --- shared by both -------------------------------------------------------------------

    def _start(self, post: Post, brief: Brief, platforms: list[Platform], language: Language,
               tag: dict[str, str] | None) -> tuple[DraftJob, list[Task], str]:
        job = DraftJob(post=post, brief=brief, language=language, platforms=platforms, layout=self.layout, secret=self._secret())
        session = uuid.uuid4().hex
        if tag is None:  # a bulk item's calls carry their item already; a run's are linked once it is logged
            self.sessions.append(session)
        return job, plan(job, self.prompts, self.settings, self.server), session

    def _probe(self) -> ServerInfo:
        return self.server

    @property
    def server(self) -> ServerInfo:
        """The server's window, slots and tokenizer (asked once; only loopback servers are asked)."""
        if self._server is None:
            self._server = probe(self.settings)
        return self._server

    @property
    def concurrency(self) -> int:
        """Calls at once: the setting, but no more than a local server has slots (more would only queue there
        and run into the timeout)."""
        slots = self.server.slots
        return min(self.settings.concurrency, slots) if slots else self.settings.concurrency

    def _finish(self, outcomes: list[TaskOutcome], job: DraftJob, strict: bool) -> tuple[Drafts, Usage]:
        usage = sum((self._usage(o) for o in outcomes), Usage())
        if job.language != job.post.language:  # the offline engine cannot translate: fallbacks are left out
            usage = usage.model_copy(update={"left_out": usage.outputs - usage.from_model})
        self.last_usage = usage
        fatal = next((o.error for o in outcomes if _fatal(o)), None)
        if fatal is not None:
            raise fatal
        unanswered = next((o.error for o in outcomes if o.error is not None and not isinstance(o.error, ContextExceeded)), None)
        if strict and unanswered is not None:
            raise DraftFailed(unanswered, usage)
        if outcomes and all(o.error is not None and not o.attempts for o in outcomes):
            raise next(o.error for o in outcomes if o.error is not None)  # not one answer: the server, not the post
        return merge(outcomes, job), usage

    def _secret(self) -> str | None:
        key = self.settings.api_key
        return key.get_secret_value() if key is not None and key.get_secret_value() else None

    def _usage(self, outcome: TaskOutcome) -> Usage:
        replies = [a.reply for a in outcome.attempts]
        prompt = sum(r.prompt_tokens for r in replies)
        completion = sum(r.completion_tokens for r in replies)
        failed = outcome.error is not None and outcome.failed_request is not None
        return Usage(prompt_tokens=prompt, completion_tokens=completion, calls=len(replies) + failed,
                     cost_usd=sum(self._cost(r.prompt_tokens, r.completion_tokens) for r in replies),
                     retries=sum(r.retries for r in replies) + (outcome.failed_retries if failed else 0),
                     outputs=1, from_model=int(outcome.fallback is None),
                     fallbacks={outcome.reason: 1} if outcome.fallback is not None and outcome.reason else {})

    def _cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return estimate_cost(self.model, prompt_tokens, completion_tokens, prices=self.prices)

    def _run(self, conversation: Conversation, stop: threading.Event) -> TaskOutcome:
        steps = conversation.steps()
        request = next(steps)
        try:
            while True:
                if stop.is_set():
                    return conversation.skipped()
                reply = complete(self.client, request, self.settings, sleep=self._sleep)
                request = steps.send(reply)
        except StopIteration as done:
            return done.value
        except CallFailed as failed:
            if isinstance(failed.error, ConfigError):
                stop.set()
            return conversation.failed(request, failed.error, failed.retries, failed.latency_ms)
        except TemplateError as exc:  # a broken repair template: this output only
            return conversation.failed(request, exc, 0, 0.0)

    async def _arun(self, conversation: Conversation, stop: threading.Event) -> TaskOutcome:
        steps = conversation.steps()
        request = next(steps)
        try:
            while True:
                if stop.is_set():
                    return conversation.skipped()
                reply = await acomplete(self.async_client, request, self.settings, sleep=self._async_sleep)
                request = steps.send(reply)
        except StopIteration as done:
            return done.value
        except CallFailed as failed:
            if isinstance(failed.error, ConfigError):
                stop.set()
            return conversation.failed(request, failed.error, failed.retries, failed.latency_ms)
        except TemplateError as exc:
            return conversation.failed(request, exc, 0, 0.0)

    def _log(self, conversation: Conversation, session: str, outcome: TaskOutcome, tag: dict[str, str] | None) -> None:
        if self.store is not None:
            log.record(self.store, self._rows(conversation, session, outcome, tag))

    def _rows(self, conversation: Conversation, session: str, outcome: TaskOutcome,
              tag: dict[str, str] | None) -> list[dict[str, Any]]:
        """The ``llm_calls`` rows of one settled conversation (none without a store)."""
        if self.store is None:
            return []
        task, job = conversation.task, conversation.job
        hashes = self.prompts.hashes(task.kind)
        common: dict[str, Any] = {"session": session, "job": job, "task": task, "settings": self.settings,
                                  "template_hashes": hashes, "tag": tag}
        attempts = conversation.attempts
        failed = outcome.failed_request is not None and outcome.error is not None
        rows = [
            log.call_row(**common, number=i, request=a.request, reply=a.reply, attempt=a,
                         outcome=outcome if i == len(attempts) and not failed else None,
                         cost_usd=self._cost(a.reply.prompt_tokens, a.reply.completion_tokens))
            for i, a in enumerate(attempts, start=1)
        ]
        if failed:
            assert outcome.failed_request is not None
            rows.append(log.call_row(**common, number=len(attempts) + 1, request=outcome.failed_request,
                                     outcome=outcome, error=str(outcome.error), retries=outcome.failed_retries,
                                     latency_ms=outcome.failed_latency_ms))
        return rows


def _fatal(outcome: TaskOutcome) -> bool:
    """A configuration problem (key, model, permissions): every other call would fail the same way."""
    return isinstance(outcome.error, ConfigError)


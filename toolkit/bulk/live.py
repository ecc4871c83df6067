"""The OpenAI engine: many posts at once against any OpenAI-compatible server, within its limits.

Calls are scheduled, not posts: enough posts are in flight that their calls always fill every
call slot, so a post waiting on one slow call holds one slot, not the run. Limits live in the HTTP
transport under the SDK and hold for every call of every post: at most ``concurrency`` calls in
flight (first come, first served) and calls spaced to the requests- and tokens-per-minute budgets.
Retries, ``Retry-After`` included, follow the one policy of ``toolkit.llm.client``: a 429 holds
back the refused call for as long as it asks, and nothing else.

Posts are drafted by ``OpenAIBackend.adraft_with_usage`` (each call logged to ``llm_calls`` with
the job and item it served) and composed by the same engine step as the offline path
(``toolkit.repurpose.engine.assemble``). A post with an output the server never answered is
failed (the next run retries it), its answered calls counted in its cost.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx2
from openai import AsyncOpenAI

from ..errors import ConfigError, TemplateError
from ..llm.backend import DraftFailed, OpenAIBackend
from ..llm.settings import LLMSettings
from ..llm.tokens import estimate_message_tokens
from ..repurpose.engine import assemble
from ..store import Store
from .api import RunOptions
from .jobs import Work
from .keys import job_id
from .models import JobSpec, Outcome
from .produce import Produced, failure, layout_for, read_task
from .ratelimit import RateLimiter
from .runner import outcome_for, task_for


class LimitedTransport(httpx2.AsyncBaseTransport):
    """Wraps the real transport: the concurrency cap and the rate limits every call shares."""

    def __init__(self, inner: httpx2.AsyncBaseTransport, limiter: RateLimiter, concurrency: int):
        self.inner = inner
        self.limiter = limiter
        self.slots = asyncio.Semaphore(concurrency)

    @staticmethod
    def tokens(request: httpx2.Request) -> int:
        """What a call counts against a tokens-per-minute limit: its prompt plus the answer it may take."""
        try:
            body = json.loads(request.content or b"{}")
        except ValueError:
            return 0
        if not isinstance(body, dict):
            return 0
        return estimate_message_tokens(body.get("messages") or []) + int(body.get("max_tokens") or 0)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        tokens = self.tokens(request) if self.limiter.tokens is not None else 0
        async with self.slots:
            await self.limiter.acquire(tokens)
            return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


class OpenAIEngine:
    """Drafts posts with ``OpenAIBackend`` through a ``LimitedTransport``; failures become outcomes."""

    name = "openai"

    def __init__(self, backend: OpenAIBackend, transport: LimitedTransport, *, capacity: int,
                 templates: str | None = None, job: str = ""):
        self.backend = backend
        self.model = backend.model
        self.transport = transport
        self.capacity = capacity
        self.templates = templates
        self.job = job

    @classmethod
    def from_spec(cls, spec: JobSpec, options: RunOptions, store: Store | None = None) -> OpenAIEngine:
        settings = LLMSettings.from_env(model=spec.model, max_retries=options.retries, timeout=options.timeout,
                                        concurrency=min(64, options.concurrency))
        settings.require_credentials()
        limiter = RateLimiter(options.requests_per_minute, options.tokens_per_minute)
        pool = httpx2.Limits(max_connections=options.concurrency, max_keepalive_connections=options.concurrency)
        transport = LimitedTransport(httpx2.AsyncHTTPTransport(limits=pool), limiter, options.concurrency)
        client = AsyncOpenAI(api_key=settings.key_for_client(), base_url=settings.base_url, timeout=settings.request_timeout,
                             max_retries=0, http_client=httpx2.AsyncClient(transport=transport, timeout=settings.request_timeout))
        backend = OpenAIBackend(settings, layout=layout_for(spec.templates), store=store, async_client=client)
        # Posts in flight: enough queued calls that every slot stays busy while some posts wait on a slow call
        # (the slots hand out calls first come, first served, so posts still finish about in input order).
        capacity = max(4, 2 * options.concurrency)
        return cls(backend, transport, capacity=capacity, templates=spec.templates, job=job_id(spec))

    async def produce(self, work: Work) -> Outcome:
        started = time.perf_counter()
        try:
            post, brief, platforms, language = read_task(task_for(work), self.name)
        except Exception as exc:  # an unusable post is recorded with its reason
            return _failed(work, exc, started)
        try:
            drafts, usage = await self.backend.adraft_with_usage(post, brief, platforms, language=language, strict=True,
                                                                 tag={"job_id": self.job, "item_key": work.key})
            result = assemble(post, brief, platforms, drafts, backend=self.name, model=self.model,
                              layout=self.backend.layout, language=language)
        except (ConfigError, TemplateError):
            raise  # a rejected key, an unknown model, a broken template: no post can succeed, so the run stops
        except DraftFailed as exc:  # a call kept failing: the next run retries the post; what was answered is paid
            return outcome_for(work, Produced("failed", error=f"{work.item.label}: {exc}", error_kind="backend",
                                              duration_ms=_ms(started)),
                               prompt_tokens=exc.usage.prompt_tokens, completion_tokens=exc.usage.completion_tokens,
                               cost_usd=exc.usage.cost_usd)
        except Exception as exc:  # an internal error, recorded with its reason
            return _failed(work, exc, started)
        ms = _ms(started)
        result.timings_ms = {"total": ms}
        return outcome_for(work, Produced("done", result.model_dump_json(), duration_ms=ms),
                           prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                           cost_usd=usage.cost_usd)

    async def aclose(self) -> None:
        await self.backend.async_client.close()


def _failed(work: Work, exc: Exception, started: float) -> Outcome:
    error, kind = failure(exc)
    return outcome_for(work, Produced("failed", error=error, error_kind=kind, duration_ms=_ms(started)))


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)

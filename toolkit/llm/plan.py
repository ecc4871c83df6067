"""Which calls one post needs, each fully rendered before anything is sent.

Per platform: one call for its captions, one for its thread (X, Threads, Bluesky, Mastodon) and
one for its carousel (LinkedIn, Instagram); plus one call for hashtag candidates shared by all
platforms. Per-platform calls keep each answer short, each schema exact (the platform's own
limits) and each retry cheap (only the output that broke a rule is asked for again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..platforms import Platform
from ..repurpose.compose import Context
from ..repurpose.layout import Layout
from ..repurpose.models import Brief, Language, Post
from .models import ChatRequest
from .prompts import Prompts, prompt_context
from .schemas import Kind, response_format
from .server import REMOTE_CONTEXT, ServerInfo
from .settings import LLMSettings
from .tokens import MESSAGE_OVERHEAD, estimate_tokens

REPAIR_RESERVE = 400  # tokens of the repair message asked with the bad answer (repair.j2 and its problem list)
MARGIN = 1.1  # chat-template tokens the count cannot see
MIN_POST_TOKENS = 50


@dataclass
class DraftJob:
    """One post to draft: what every call and every check of it shares."""

    post: Post
    brief: Brief
    language: Language
    platforms: list[Platform]
    layout: Layout
    secret: str | None = None  # the API key: an answer repeating it is never used

    @cached_property
    def ctx(self) -> Context:
        return Context(brief=self.brief, language=self.language, layout=self.layout, extractive=False)


@dataclass(frozen=True)
class Task:
    """One output to ask for: its rendered request and the template context to ask again with."""

    kind: Kind
    platform: Platform | None
    request: ChatRequest
    context: dict[str, Any] = field(repr=False)
    template: str
    template_hash: str

    @property
    def key(self) -> str:
        """``captions/x``, ``thread/bluesky``, ``hashtags``: unique within a post, used in Batch API ids."""
        return f"{self.kind}/{self.platform.key}" if self.platform else self.kind


def answer_tokens(settings: LLMSettings, info: ServerInfo) -> int:
    """The answer budget per call: ``max_tokens``, but at most a quarter of the window, so the repair
    round (prompt, first answer, repair message, second answer) still fits."""
    return max(128, min(settings.max_tokens, info.context // 4))


def make_task(kind: Kind, platform: Platform | None, job: DraftJob, prompts: Prompts, settings: LLMSettings,
              info: ServerInfo | None = None, shared: dict[int, dict[str, Any]] | None = None) -> Task:
    """The rendered request for one output, its post excerpt cut until the repair round fits the window
    (``shared``: the template values the post's calls have in common, see ``prompt_context``)."""
    info = info or ServerInfo(settings.context_tokens or REMOTE_CONTEXT)
    max_tokens = answer_tokens(settings, info)
    room = info.context - 2 * max_tokens - REPAIR_RESERVE
    post_budget = settings.max_post_tokens
    for _ in range(5):
        context = prompt_context(kind, job.post, job.brief, job.language, platform, job.platforms,
                                 max_post_tokens=post_budget, shared=shared)
        messages = prompts.messages(kind, context)
        used = int(sum(info.count(m["content"]) + MESSAGE_OVERHEAD for m in messages) * MARGIN)
        if used <= room or post_budget <= MIN_POST_TOKENS:
            break
        text = context["post"]["text"]
        post_tokens = info.count(text) or 1
        keep = max(0.0, 1 - (used - room) / post_tokens)  # the share of the excerpt that fits
        post_budget = max(MIN_POST_TOKENS, int(min(post_budget, estimate_tokens(text)) * keep) - 10)
    request = ChatRequest(
        model=settings.model, messages=messages,
        response_format=response_format(kind, context["budget"], limits=settings.use_schema_limits),
        temperature=settings.temperature, max_tokens=max_tokens, extra_body=settings.extra_body,
    )
    template = f"{kind}.j2"
    return Task(kind=kind, platform=platform, request=request, context=context, template=template,
                template_hash=prompts.hashes(kind)[template])


def plan(job: DraftJob, prompts: Prompts, settings: LLMSettings, info: ServerInfo | None = None) -> list[Task]:
    """Every call one post needs, in platform order, hashtags last."""
    tasks: list[Task] = []
    shared: dict[int, dict[str, Any]] = {}
    for p in job.platforms:
        tasks.append(make_task("captions", p, job, prompts, settings, info, shared))
        if p.thread:
            tasks.append(make_task("thread", p, job, prompts, settings, info, shared))
        if p.carousel:
            tasks.append(make_task("carousel", p, job, prompts, settings, info, shared))
    if job.platforms:
        tasks.append(make_task("hashtags", None, job, prompts, settings, info, shared))
    return tasks

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
from .settings import LLMSettings


@dataclass
class Job:
    """One post to draft: what every call and every check of it shares."""

    post: Post
    brief: Brief
    language: Language
    platforms: list[Platform]
    layout: Layout

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


def make_task(kind: Kind, platform: Platform | None, job: Job, prompts: Prompts, settings: LLMSettings) -> Task:
    context = prompt_context(kind, job.post, job.brief, job.language, platform, job.platforms,
                             max_post_tokens=settings.max_post_tokens)
    request = ChatRequest(
        model=settings.model, messages=prompts.messages(kind, context),
        response_format=response_format(kind, context["budget"], limits=settings.use_schema_limits),
        temperature=settings.temperature, max_tokens=settings.max_tokens, extra_body=settings.extra_body,
    )
    template = f"{kind}.j2"
    return Task(kind=kind, platform=platform, request=request, context=context, template=template,
                template_hash=prompts.source(template)[1])


def plan(job: Job, prompts: Prompts, settings: LLMSettings) -> list[Task]:
    """Every call one post needs, in platform order, hashtags last."""
    tasks: list[Task] = []
    for p in job.platforms:
        tasks.append(make_task("captions", p, job, prompts, settings))
        if p.thread:
            tasks.append(make_task("thread", p, job, prompts, settings))
        if p.carousel:
            tasks.append(make_task("carousel", p, job, prompts, settings))
    if job.platforms:
        tasks.append(make_task("hashtags", None, job, prompts, settings))
    return tasks

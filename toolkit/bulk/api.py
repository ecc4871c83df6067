"""Running a bulk job: the session the CLI drives, and the one call scripts use.

``BulkRun`` ties a job (found or created from its spec) to an engine for one run. Scripts call
``repurpose_many`` (or ``arepurpose_many`` from async code) with any iterable of posts and get an
``Outcome`` per post as each one finishes.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncGenerator, AsyncIterator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import ConfigError
from ..platforms import resolve_platforms
from ..repurpose.engine import BACKENDS
from ..repurpose.layout import Layout
from ..repurpose.load import Source
from ..repurpose.models import Brief
from ..store import Store
from .inputs import canonical_fields, item_from_row
from .jobs import Counts, Job, JobStore
from .keys import template_fingerprint
from .models import BulkItem, JobSpec, Outcome
from .runner import Engine, OfflineEngine, run_items


class RunOptions(BaseModel):
    """How a run goes (not what it produces: that is the ``JobSpec``)."""

    model_config = ConfigDict(extra="forbid")

    workers: int | None = Field(default=None, ge=1, le=64)  # offline: processes (default: CPU count)
    concurrency: int = Field(default=16, ge=1, le=512)  # openai: calls in flight at once
    requests_per_minute: float | None = Field(default=None, gt=0)
    tokens_per_minute: float | None = Field(default=None, gt=0)
    retries: int = Field(default=3, ge=0, le=10)  # openai: per call, on 429, 5xx and timeouts
    timeout: float | None = Field(default=None, gt=0)  # openai: seconds per call
    use_cache: bool = True


def make_spec(input_label: str, *, platforms: Iterable[str] | None = None, brief: Brief | None = None,
              backend: str = "offline", model: str | None = None, templates: str | os.PathLike[str] | None = None,
              mode: str = "live") -> JobSpec:
    """The spec of a job: validates platforms and backend, and settles the model name."""
    if backend not in BACKENDS:
        raise ConfigError(f"Unknown backend {backend!r}: use one of {', '.join(BACKENDS)}.")
    if backend == "offline":
        if mode == "batch":
            raise ConfigError("--batch-api sends the job to OpenAI: add --backend openai, or drop --batch-api.")
        model = OfflineEngine.model
    else:
        from ..llm.settings import LLMSettings

        model = LLMSettings.from_env(model=model).model
    keys = [p.key for p in resolve_platforms(list(platforms) if platforms else None)]
    folder = str(Path(templates).expanduser().resolve()) if templates else None
    if folder:
        Layout(folder)  # a missing or broken template folder fails here, once, not in every worker
    return JobSpec(input=input_label, platforms=keys, brief=brief or Brief(), backend=backend, model=model,
                   templates=folder, mode=mode)


def make_engine(spec: JobSpec, options: RunOptions, store: Store | None = None) -> Engine:
    """The engine for a spec; the OpenAI one logs every call to ``store`` (``llm_calls``)."""
    if spec.backend == "offline":
        return OfflineEngine(spec.templates, options.workers)
    from .live import OpenAIEngine

    return OpenAIEngine.from_spec(spec, options, store)


class BulkRun:
    """One run of a job: ``outcomes`` streams results and leaves the job state consistent however it stops."""

    def __init__(self, store: Store, spec: JobSpec, options: RunOptions | None = None):
        self.store = store
        self.jobs = JobStore(store)
        self.job: Job = self.jobs.open(spec)
        self.options = options or RunOptions()
        self.run_no: int | None = None
        self.complete = False

    async def outcomes(self, items: Iterable[BulkItem]) -> AsyncIterator[Outcome]:
        engine = make_engine(self.job.spec, self.options, self.store)
        self.run_no = self.jobs.start_run(self.job.id)
        try:
            async for outcome in run_items(self.jobs, self.job, self.run_no, items, engine,
                                           templates_hash=template_fingerprint(self.job.spec.templates),
                                           use_cache=self.options.use_cache):
                yield outcome
            self.complete = True
        finally:
            await engine.aclose()
            self.jobs.end_run(self.job.id, self.run_no, complete=self.complete)

    def counts(self) -> Counts:
        return self.jobs.counts(self.job.id, self.run_no if self.run_no is not None else self.job.run_no)

    def results(self, *, status: str | None = None) -> Iterator[Outcome]:
        """This run's items in input order, from the database (done, failed, or both)."""
        run_no = self.run_no if self.run_no is not None else self.job.run_no
        return self.jobs.outcomes(self.job.id, run_no, status=status)


def as_items(posts: Iterable[Any]) -> Iterator[BulkItem]:
    """Whatever a script passes, as items: text, paths, ``Source``s, dicts with CSV column names, ``BulkItem``s."""
    for n, post in enumerate(posts, 1):
        if isinstance(post, BulkItem):
            yield post
        elif isinstance(post, os.PathLike):
            yield BulkItem(key=os.fspath(post), name=os.fspath(post), path=os.fspath(post))
        elif isinstance(post, Source):
            yield BulkItem(key=f"item-{n}", name=post.name or f"item {n}", text=post.text)
        elif isinstance(post, str):
            yield BulkItem(key=f"item-{n}", name=f"item {n}", text=post)
        elif isinstance(post, Mapping):
            yield item_from_row(canonical_fields(post), n, f"item {n}", "item", Path.cwd())
        else:
            raise ConfigError(f"Item {n} is a {type(post).__name__}: pass text, a path, a dict with a 'text' column, or a BulkItem.")


async def arepurpose_many(posts: Iterable[Any], brief: Brief | None = None, *, platforms: Iterable[str] | None = None,
                          backend: str = "offline", model: str | None = None, templates: str | os.PathLike[str] | None = None,
                          store: Store | None = None, job: str = "python", **options: Any) -> AsyncGenerator[Outcome, None]:
    """Async ``repurpose_many``."""
    spec = make_spec(job, platforms=platforms, brief=brief, backend=backend, model=model, templates=templates)
    own = store is None
    db = Store(":memory:") if store is None else store
    try:
        run = BulkRun(db, spec, RunOptions(**options))
        async for outcome in run.outcomes(as_items(posts)):
            yield outcome
    finally:
        if own:
            db.close()


def repurpose_many(posts: Iterable[Any], brief: Brief | None = None, *, platforms: Iterable[str] | None = None,
                   backend: str = "offline", model: str | None = None, templates: str | os.PathLike[str] | None = None,
                   store: Store | None = None, job: str = "python", **options: Any) -> Iterator[Outcome]:
    """Repurpose many posts; yield one ``Outcome`` per post as each finishes (not in input order).

    ``posts`` is any iterable (a generator is read lazily): strings of text, paths, ``Source``s,
    dicts using the CSV column names (``text``, ``id``, ``tone``, ``cta``, ``link``, ...) or
    ``BulkItem``s. A bad post comes back with ``status="failed"`` and its ``error``; it never
    stops the others. With a ``store`` the job is resumable and identical work is cached across
    runs (``job`` names it); without one, state lives in memory for this call only. ``options``
    are ``RunOptions`` fields: ``workers``, ``concurrency``, ``requests_per_minute``,
    ``tokens_per_minute``, ``retries``, ``timeout``, ``use_cache``.

    In-flight calls only progress while you are waiting for the next outcome.
    """
    loop = asyncio.new_event_loop()
    stream = arepurpose_many(posts, brief, platforms=platforms, backend=backend, model=model, templates=templates,
                             store=store, job=job, **options)
    try:
        while True:
            try:
                outcome = loop.run_until_complete(stream.__anext__())
            except StopAsyncIteration:
                return
            yield outcome
    finally:
        loop.run_until_complete(stream.aclose())
        loop.close()

"""The run loop: stream items in, keep the engine busy, record every outcome before reporting it.

Items are read and stamped in the job store a chunk at a time and handed to the engine as it has
room, so memory holds at most a chunk and the engine's capacity whatever the input size. An engine turns one ``Work`` into one
``Outcome`` and never raises for a bad post. The loop writes each finished outcome to SQLite
before yielding it, so whatever a caller has seen is already safe.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections import deque
from collections.abc import AsyncIterator, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import Protocol

from pydantic import ValidationError

from ..errors import BackendError, InputError, UnknownPlatformError, describe_validation
from ..platforms import resolve_platforms
from ..repurpose.models import Brief
from .inputs import read_item
from .jobs import Job, JobStore, Work
from .keys import cache_key, content_hash
from .models import BulkItem, JobSpec, Outcome
from .produce import Produced, WorkerTask, init_worker, produce_offline

CHUNK = 64  # items read and registered per store transaction
BREAKER = 25  # posts in a row failing at the server before the run stops instead of failing them all


class Engine(Protocol):
    """Produces one item's outcome; ``capacity`` is how many items it wants in flight."""

    name: str
    model: str
    capacity: int

    async def produce(self, work: Work) -> Outcome: ...

    async def aclose(self) -> None: ...


def make_work(item: BulkItem, seq: int, spec: JobSpec, templates_hash: str) -> Work:
    """Read the item and settle its brief, platforms and cache key; an unusable item carries ``error``."""
    if item.error:
        return Work(item=item, seq=seq, error=item.error)
    try:
        data = read_item(item)
    except InputError as exc:
        return Work(item=item, seq=seq, error=str(exc))
    try:
        brief = Brief.model_validate({**spec.brief.model_dump(), **item.brief}) if item.brief else spec.brief
    except ValidationError as exc:
        return Work(item=item, seq=seq, error=f"{item.label} has an invalid brief ({describe_validation(exc)}): fix those columns.")
    try:
        platforms = [p.key for p in resolve_platforms(item.platforms or spec.platforms)]
    except UnknownPlatformError as exc:
        return Work(item=item, seq=seq, error=f"{item.label}: {exc}")
    key = cache_key(content_hash(data), brief, platforms, spec.backend, spec.model, templates_hash)
    return Work(item=item, seq=seq, data=data, brief=brief, platforms=platforms, cache_key=key)


def task_for(work: Work) -> WorkerTask:
    assert work.data is not None and work.brief is not None
    item = work.item
    source_name = os.path.basename(item.path) if item.text is None and item.path else item.label
    return WorkerTask(work.key, source_name, work.data, work.brief.model_dump_json(), work.platforms)


def outcome_for(work: Work, produced: Produced, **usage: float) -> Outcome:
    return Outcome(key=work.key, name=work.item.label, seq=work.seq, status=produced.status,
                   error=produced.error, error_kind=produced.error_kind, result_json=produced.result_json,
                   duration_ms=produced.duration_ms, **usage)  # type: ignore[arg-type]


async def run_items(jobs: JobStore, job: Job, run_no: int, items: Iterable[BulkItem], engine: Engine, *,
                    templates_hash: str, use_cache: bool = True) -> AsyncIterator[Outcome]:
    """Every item's outcome, as items finish (cached and earlier-finished ones first in each chunk)."""
    source = iter(items)
    backlog: deque[Work] = deque()  # registered, waiting for a free slot in the engine
    in_flight: set[asyncio.Task[Outcome]] = set()
    seq = 0
    streak = 0  # posts in a row that failed at the server: many means the server, not the posts
    exhausted = False
    try:
        while True:
            while len(in_flight) < engine.capacity:
                if backlog:
                    in_flight.add(asyncio.create_task(engine.produce(backlog.popleft())))
                    # Let the new post start (parse, plan, send its first calls) before the next one is planned:
                    # otherwise a full engine's worth of posts is planned before the first call leaves.
                    await asyncio.sleep(0)
                    continue
                chunk = [] if exhausted else list(islice(source, CHUNK))
                if not chunk:
                    exhausted = True
                    break
                works = [make_work(item, seq + i, job.spec, templates_hash) for i, item in enumerate(chunk)]
                seq += len(chunk)
                todo, known = jobs.register(job.id, run_no, works, use_cache=use_cache)
                for outcome in known:
                    yield outcome
                backlog.extend(todo)
            if not in_flight:
                return
            done, in_flight = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            outcomes = [t.result() for t in done]
            await asyncio.to_thread(jobs.record, job.id, outcomes)  # the commit waits on the disk, not the event loop
            for outcome in outcomes:
                streak = streak + 1 if outcome.error_kind == "backend" else 0
                yield outcome
            if streak >= max(BREAKER, 2 * engine.capacity):
                raise BackendError(f"The last {streak} posts all failed at the server ({outcomes[-1].error}): "
                                   "fix that, then run the same command again to continue.")
    finally:
        for t in in_flight:
            t.cancel()
        await asyncio.gather(*in_flight, return_exceptions=True)


class OfflineEngine:
    """The offline engine in a process pool (it is CPU-bound); ``workers=1`` runs in this process."""

    name = "offline"
    model = "extractive-v1"

    def __init__(self, templates: str | None = None, workers: int | None = None):
        self.templates = templates
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.capacity = self.workers * 2  # one running and one queued per worker keeps the pool busy
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # fork: workers start at once with the engine already imported, and a caller's script
            # is not re-imported (spawn and forkserver would demand an `if __name__ == "__main__"` guard).
            context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=init_worker,
                                             initargs=(self.templates,))
        return self._pool

    async def produce(self, work: Work) -> Outcome:
        task = task_for(work)
        if self.workers == 1:
            return outcome_for(work, produce_offline(task, self.templates))
        try:
            produced = await asyncio.get_running_loop().run_in_executor(self._executor(), produce_offline, task, self.templates)
        except BrokenProcessPool:
            if self._pool is not None:  # a worker died (out of memory, killed): the next item gets a fresh pool
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None
            produced = Produced("failed", error=f"{work.item.label}: the worker process died while producing it; run again to retry.",
                                error_kind="internal")
        return outcome_for(work, produced)

    async def aclose(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

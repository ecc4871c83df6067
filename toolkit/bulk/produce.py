"""One item from bytes to a result: the unit of work both engines share.

The offline engine runs ``produce_offline`` in worker processes (it is CPU-bound), so this module
imports only what drafting needs, and each process keeps one ``Layout`` and one backend: building
a ``Layout`` per post would re-read the templates and phrases every time.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import NamedTuple

from ..errors import BackendError, ToolkitError
from ..platforms import Platform, resolve_platforms
from ..repurpose.engine import assemble, output_language
from ..repurpose.layout import Layout
from ..repurpose.load import read_bytes, read_text
from ..repurpose.models import Brief, Language, Post
from ..repurpose.offline import OfflineBackend
from ..repurpose.parse import parse
from .models import ErrorKind, ItemStatus


class WorkerTask(NamedTuple):
    """What a worker needs for one item (picklable, small)."""

    key: str
    source_name: str  # a file name (its suffix tells the format) or the item's label
    data: bytes | str
    brief_json: str
    platforms: list[str]


class Produced(NamedTuple):
    status: ItemStatus  # done | failed
    result_json: str | None = None
    error: str | None = None
    error_kind: ErrorKind | None = None
    duration_ms: float = 0.0


_LAYOUTS: dict[str | None, Layout] = {}
PARENT_CHECK_S = 1.0  # how often a worker checks that the process that started it is still there


def layout_for(templates: str | None) -> Layout:
    """One ``Layout`` per template folder per process."""
    if templates not in _LAYOUTS:
        _LAYOUTS[templates] = Layout(templates)
    return _LAYOUTS[templates]


def init_worker(templates: str | None) -> None:
    """Pool initializer: Ctrl-C is the parent's to handle, a killed parent takes its workers with it
    (forked siblings keep the task pipe open, so a worker would otherwise wait forever); build the layout once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="toolkit-bulk-parent-watch", daemon=True).start()
    layout_for(templates)


def load_post(task: WorkerTask) -> Post:
    source = read_bytes(task.data, task.source_name) if isinstance(task.data, bytes) else read_text(task.data, task.source_name)
    return parse(source)


def read_task(task: WorkerTask, backend_name: str) -> tuple[Post, Brief, list[Platform], Language]:
    """Parse the post and settle brief, platforms and output language (raises ``ToolkitError``)."""
    post = load_post(task)
    brief = Brief.model_validate_json(task.brief_json)
    return post, brief, resolve_platforms(task.platforms), output_language(post, brief, backend_name)


def failure(exc: BaseException) -> tuple[str, ErrorKind]:
    """(reason, kind) for an item that failed: input problems are final, backend ones are retried next run."""
    if isinstance(exc, BackendError):
        return str(exc), "backend"
    if isinstance(exc, ToolkitError):
        return str(exc), "input"
    return f"internal error ({type(exc).__name__}: {exc}); please report it with this post attached", "internal"


def produce_offline(task: WorkerTask, templates: str | None) -> Produced:
    """Draft and compose one post with the offline engine."""
    started = time.perf_counter()
    try:
        layout = layout_for(templates)
        post, brief, platforms, language = read_task(task, "offline")
        backend = OfflineBackend(layout)
        drafts = backend.draft(post, brief, platforms, language=language)
        result = assemble(post, brief, platforms, drafts, backend=backend.name, model=backend.model, layout=layout,
                          language=language)
        ms = round((time.perf_counter() - started) * 1000, 3)
        result.timings_ms = {"total": ms}
        return Produced("done", result.model_dump_json(), duration_ms=ms)
    except Exception as exc:  # one bad post never stops the run: it is recorded with its reason
        error, kind = failure(exc)
        return Produced("failed", error=error, error_kind=kind, duration_ms=round((time.perf_counter() - started) * 1000, 3))

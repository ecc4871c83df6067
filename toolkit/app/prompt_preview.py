"""Exactly what a prompt template would send for the current post, and the user's edited copies.

A copy lives in a per-session folder that is searched before the bundled templates (the same
override rule as ``--templates``), so the preview of a copy is the prompt a run would send. The
folder is removed on reset, when the session's state is dropped, when the server exits, and a
folder left by a killed server is swept after a day (``CopiesFolder``).
Rendering goes through the sandbox of ``toolkit.templates``: a broken or hostile copy is a
``TemplateError`` with a sentence the page shows inline.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import weakref
from pathlib import Path

from ..errors import ConfigError
from ..llm.prompts import Prompts, prompt_context
from ..llm.schemas import KINDS, Kind
from ..platforms import PLATFORMS, get_platform
from ..repurpose import Brief, parse, read_text
from ..repurpose.engine import output_language
from ..repurpose.layout import Layout

# Which platforms a kind of call is made for (``toolkit.llm.plan``): hashtags are one call for all.
_PLATFORMS_OF: dict[Kind, list[str]] = {
    "captions": list(PLATFORMS),
    "thread": [k for k, p in PLATFORMS.items() if p.thread],
    "carousel": [k for k, p in PLATFORMS.items() if p.carousel],
    "hashtags": [],
}


def kind_of(template: str) -> Kind | None:
    """``captions.j2`` -> ``captions``; partials and ``repair.j2`` are used by every kind."""
    stem = template.removesuffix(".j2")
    return stem if stem in KINDS else None


def platforms_for(kind: Kind) -> list[str]:
    return _PLATFORMS_OF[kind]


def prompts_with(copies: Path | None) -> Prompts:
    """The templates a run would use: the session's copies first, then the configured folders."""
    folders = Layout().folders
    return Prompts((copies, *folders) if copies else folders)


def render_preview(prompts: Prompts, source_text: str, brief: Brief, kind: Kind, platform: str | None, *,
                   max_post_tokens: int) -> list[dict[str, str]]:
    """The system and user messages of one call for this post and brief."""
    post = parse(read_text(source_text))
    language = output_language(post, brief, "openai")
    chosen = get_platform(platform) if platform else None
    if chosen is None and kind != "hashtags":
        raise ConfigError(f"A {kind} prompt is written for one platform: pick one.")
    context = prompt_context(kind, post, brief, language, chosen, list(PLATFORMS.values()),
                             max_post_tokens=max_post_tokens)
    return prompts.messages(kind, context)


PREFIX = "toolkit-prompts-"
STALE_AFTER_S = 24 * 3600  # no session keeps its copies a day without a server restart sweeping them


class CopiesFolder:
    """One session's template copies. Kept in the session's state: when Streamlit drops that state
    the object is collected and its folder removed (``weakref.finalize``, which also runs at exit)."""

    def __init__(self, root: Path | None = None) -> None:
        sweep_stale(root)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
        self._remove = weakref.finalize(self, shutil.rmtree, str(self.path), True)

    def save(self, name: str, source: str) -> Path:
        return save_copy(self.path, name, source)

    def drop(self) -> None:
        self._remove()


def sweep_stale(root: Path | None = None, *, now: float | None = None) -> int:
    """Remove copies folders older than ``STALE_AFTER_S`` (left by a killed server); how many went."""
    root = Path(root or tempfile.gettempdir())
    cutoff = (now or time.time()) - STALE_AFTER_S
    removed = 0
    for folder in root.glob(f"{PREFIX}*"):
        try:
            info = folder.lstat()
        except OSError:
            continue
        if folder.is_dir() and not folder.is_symlink() and info.st_uid == os.getuid() and info.st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def save_copy(folder: Path, name: str, source: str) -> Path:
    """Write the user's copy of template ``name`` into ``folder`` (a ``CopiesFolder``'s); returns ``folder``."""
    target = (folder / name).resolve()
    if folder.resolve() not in target.parents:
        raise ConfigError(f"Template name {name!r} leaves the templates folder: pick a listed template.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, "utf-8")
    return folder

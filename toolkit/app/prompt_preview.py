"""Exactly what a prompt template would send for the current post, and the user's edited copies.

A copy lives in a per-session folder that is searched before the bundled templates (the same
override rule as ``--templates``), so the preview of a copy is the prompt a run would send.
Rendering goes through the sandbox of ``toolkit.templates``: a broken or hostile copy is a
``TemplateError`` with a sentence the page shows inline.
"""

from __future__ import annotations

import shutil
import tempfile
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
    return stem if stem in KINDS else None  # type: ignore[return-value]


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


def save_copy(copies: Path | None, name: str, source: str) -> Path:
    """Write the user's copy of template ``name``; returns the session's copies folder."""
    folder = copies or Path(tempfile.mkdtemp(prefix="toolkit-prompts-"))
    target = (folder / name).resolve()
    if folder.resolve() not in target.parents:
        raise ConfigError(f"Template name {name!r} leaves the templates folder: pick a listed template.")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, "utf-8")
    return folder


def drop_copies(copies: Path | None) -> None:
    if copies is not None:
        shutil.rmtree(copies, ignore_errors=True)

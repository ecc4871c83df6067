"""One call from a blog post to every platform's content: parse, draft, compose, validate, log."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigError, ToolkitError
from ..platforms import Platform, resolve_platforms
from ..store import Store
from .backend_protocol import Backend
from .compose import Context, compose
from .drafts import Drafts
from .history import log_run
from .layout import Layout
from .load import Source, read_text
from .models import Brief, Language, Post, RepurposeResult
from .parse import parse
from .validate import violations

BackendFactory = Callable[[Layout, "Store | None"], Backend]


def _offline(layout: Layout, store: Store | None) -> Backend:
    from .offline import OfflineBackend

    return OfflineBackend(layout, store)  # the store's experiment history orders the angles


def _openai(layout: Layout, store: Store | None) -> Backend:
    from ..llm.backend import OpenAIBackend

    return OpenAIBackend.from_env(layout=layout, store=store)  # the store logs every model call


BACKENDS: dict[str, BackendFactory] = {"offline": _offline, "openai": _openai}


def get_backend(name: str, layout: Layout | None = None, store: Store | None = None) -> Backend:
    """A backend by name; ``offline`` needs nothing, ``openai`` needs a key or a base URL."""
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise ConfigError(f"Unknown backend {name!r}: use one of {', '.join(BACKENDS)}.") from None
    return factory(layout or Layout(), store)


def repurpose(
    source: str | Source | Post,
    brief: Brief | None = None,
    *,
    platforms: list[str] | None = None,
    backend: str | Backend = "offline",
    store: Store | None = None,
    templates: str | Path | None = None,
) -> RepurposeResult:
    """Repurpose a post (text, a loaded ``Source`` or a parsed ``Post``) for ``platforms`` (all by default).

    With a ``store`` the run is logged (also when it fails) and ``run_id`` is set.
    """
    brief = brief or Brief()
    started = time.perf_counter()
    timings: dict[str, float] = {}
    selected: list[Platform] = resolve_platforms(platforms)
    layout = Layout(templates)
    engine = get_backend(backend, layout, store) if isinstance(backend, str) else backend
    post: Post | None = None
    source_text = source.text if isinstance(source, (Source, Post)) else source
    try:
        if isinstance(source, Post):
            post = source
        else:
            post = parse(source if isinstance(source, Source) else read_text(source))
        timings["parse"] = _ms(started)
        language = output_language(post, brief, engine.name)
        t = time.perf_counter()
        drafts = engine.draft(post, brief, selected, language=language)
        timings["draft"] = _ms(t)
        t = time.perf_counter()
        result = assemble(post, brief, selected, drafts, backend=engine.name, model=engine.model, layout=layout,
                          language=language)
        timings["compose"] = _ms(t)
        result.timings_ms = {**timings, "total": _ms(started)}
    except ToolkitError as exc:
        if store is not None:
            _link(engine, log_run(store, post=post, source_text=source_text, brief=brief, backend=engine.name,
                                  model=engine.model, platforms=[p.key for p in selected], result=None,
                                  duration_ms=_ms(started), error=str(exc)))
        raise
    if store is not None:
        result.run_id = log_run(
            store, post=post, source_text=source_text, brief=brief, backend=engine.name, model=engine.model,
            platforms=result.platforms, result=result, duration_ms=result.timings_ms["total"],
        )
        _link(engine, result.run_id)
    return result


def _link(engine: Backend, run_id: int | None) -> None:
    """Let a backend that logs its calls (``llm_calls``) join them to this run (none when the run could not
    be logged: its calls stay in ``llm_calls``, unjoined)."""
    link = getattr(engine, "link_run", None)
    if link is not None and run_id is not None:
        link(run_id)


def output_language(post: Post, brief: Brief, backend_name: str) -> Language:
    """The language to write in; the offline engine cannot translate, so a mismatch is a ``ConfigError``."""
    language = brief.language_for(post)
    if language != post.language and backend_name == "offline":
        raise ConfigError(
            f"The offline engine writes in the post's own language ({post.language}) and cannot translate to "
            f"{language}: set the brief's language to auto, or use --backend openai."
        )
    return language


def assemble(
    post: Post, brief: Brief, platforms: list[Platform], drafts: Drafts, *, backend: str, model: str, layout: Layout,
    language: Language,
) -> RepurposeResult:
    """A backend's drafts to the validated result: the compose step shared by ``repurpose`` and callers that
    draft on their own (the async and Batch API paths of ``toolkit bulk``)."""
    ctx = Context(brief=brief, language=language, layout=layout, extractive=drafts.extractive)
    captions, threads, carousels, sets = compose(drafts, {p.key: p for p in platforms}, ctx)
    result = RepurposeResult(
        title=post.title, language=language, word_count=post.word_count, backend=backend, model=model,
        brief=brief, platforms=[p.key for p in platforms], captions=captions, threads=threads,
        carousels=carousels, hashtag_sets=sets, warnings=list(dict.fromkeys([*drafts.warnings, *ctx.notes])),
    )
    found = violations(result)
    broken = [v for v in found if v.rule != "wrong_language"]
    if broken:  # the composer guarantees limits; reaching this is a bug worth a loud report
        raise AssertionError("composed output breaks platform rules: " + "; ".join(map(str, broken)))
    # Language is a soft rule: a post that mixes scripts can yield a caption mostly in the other one.
    result.warnings.extend(f"{v.where} is {v.detail}" for v in found if v.rule == "wrong_language")
    return result


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 3)

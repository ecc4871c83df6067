"""The prompt templates in ``prompts/``: what each call says to the model, and how it is logged.

One template per output kind (``captions.j2``, ``thread.j2``, ``carousel.j2``, ``hashtags.j2``),
a system message and shared partials (``partials/``), and ``repair.j2`` for asking again. They
render in the sandbox with strict undefined variables (``toolkit.templates``); a user folder
overrides single files and falls back to the bundled ones, exactly like the layout templates.
Everything a template sees is a plain value built here from the post, the brief and the
platform table, so the rules a model reads are the rules the validator applies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex
from pydantic import BaseModel

from ..errors import TemplateError
from ..platforms import Platform
from ..repurpose.layout import Layout
from ..repurpose.models import Brief, Language, Post
from ..repurpose.points import key_points
from ..settings import bundled_prompts_dir
from ..templates import make_environment, render, template_source
from .schemas import Kind, budgets, thread_max_posts
from .tokens import estimate_tokens

SYSTEM = "partials/system.j2"
REPAIR = "repair.j2"
LANGUAGE_NAMES = {"ar": "Arabic", "en": "English"}

# How each counting unit of the platform table reads to a copywriter (and a model).
UNIT_TEXT = {
    "x_weighted": "weighted characters (letters count 1, emoji 2, every link 23)",
    "chars": "characters",
    "threads_chars": "characters (each emoji counts as several)",
    "utf16": "characters (each emoji counts 2)",
    "graphemes": "visible characters",
    "mastodon": "characters (every link counts 23)",
}
_DELIMITER = regex.compile(r"<\s*(/?)\s*post\s*>", regex.IGNORECASE)
_HEADER = regex.compile(r"^\s*\{#-?(.*?)-?#\}", regex.DOTALL)


class TemplateInfo(BaseModel):
    name: str
    origin: str  # "bundled" or the user's folder
    sha256: str
    description: str  # the comment at the top: purpose and variables


class Prompts:
    """Renders prompt templates from a user folder (optional) over the bundled one."""

    def __init__(self, folders: tuple[Path, ...]):
        self.folders = folders
        self.env = make_environment(list(folders))
        self.env.auto_reload = False  # no stat of every template file on every render: a run uses them as it found them
        self._hashes: dict[str, dict[str, str]] = {}

    @classmethod
    def from_layout(cls, layout: Layout) -> Prompts:
        """The same folders the layout templates come from (``--templates`` / ``TOOLKIT_PROMPTS``)."""
        return cls(layout.folders)

    def source(self, name: str) -> tuple[str, str]:
        """(source, sha256) of the template that would be used for ``name``."""
        return template_source(self.env, name)

    def messages(self, kind: Kind, context: dict[str, Any]) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self._render(SYSTEM, context)},
            {"role": "user", "content": self._render(f"{kind}.j2", context)},
        ]

    def repair(self, context: dict[str, Any], problems: list[str]) -> str:
        return self._render(REPAIR, {**context, "problems": problems})

    def _render(self, name: str, context: dict[str, Any]) -> str:
        """``render``, with what a broken user template can still raise (a self-include's recursion, a huge
        ``range``) turned into the one-sentence ``TemplateError`` every template problem is."""
        try:
            return render(self.env, name, context).strip()
        except (RecursionError, MemoryError, OverflowError, ValueError, TypeError, KeyError, AttributeError) as exc:
            raise TemplateError(f"The prompt template {name!r} failed to render ({type(exc).__name__}: "
                                f"{str(exc)[:120]}): fix it, or remove it from your template folder.") from None

    def hashes(self, kind: Kind) -> dict[str, str]:
        """sha256 of every template a call of ``kind`` can use, for the call log (read once per ``Prompts``:
        a run uses the templates as they were when it started)."""
        if kind not in self._hashes:
            names = [f"{kind}.j2", SYSTEM, REPAIR] + [n for n in self.names() if n.startswith("partials/")]
            self._hashes[kind] = {n: self.source(n)[1] for n in dict.fromkeys(names)}
        return self._hashes[kind]

    def names(self) -> list[str]:
        found: set[str] = set()
        for folder in self.folders:
            for path in folder.rglob("*.j2"):
                rel = path.relative_to(folder).as_posix()
                if not rel.startswith("layout/"):
                    found.add(rel)
        return sorted(found, key=lambda n: (n.startswith("partials/"), n))

    def list(self) -> list[TemplateInfo]:
        out = []
        for name in self.names():
            text, digest = self.source(name)
            folder = next(f for f in self.folders if (f / name).is_file())
            origin = "bundled" if folder.resolve() == bundled_prompts_dir().resolve() else str(folder)
            header = _HEADER.match(text)
            out.append(TemplateInfo(name=name, origin=origin, sha256=digest,
                                    description=_dedent(header.group(1)) if header else ""))
        return out


def _dedent(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines()]
    return "\n".join(ln for ln in lines if ln)


def neutralize(text: str) -> str:
    """Defuse the data delimiters inside the post, so its text cannot close the data block."""
    return _DELIMITER.sub(lambda m: f"[{m.group(1)}post]", text)


def excerpt(post: Post, max_tokens: int) -> tuple[str, bool]:
    """The post body cut at a paragraph boundary to ``max_tokens`` (estimated); True when cut."""
    kept: list[str] = []
    used = 0
    for paragraph in post.text.split("\n"):
        cost = estimate_tokens(paragraph) + 1
        if used + cost > max_tokens:
            return "\n".join(kept), True
        kept.append(paragraph)
        used += cost
    return "\n".join(kept), False


def platform_rules(p: Platform, brief: Brief) -> dict[str, Any]:
    """One platform-table row as template values."""
    rules: dict[str, Any] = {
        "key": p.key, "name": p.name, "limit": p.limit, "unit": UNIT_TEXT[p.unit], "target": p.target,
        "visible_chars": p.visible_chars, "title_limit": p.title_limit, "links": p.caption_links,
        "hashtags_max": p.hashtags.max, "hashtags_in_caption": p.hashtags.caption_cap,
        "hashtag_set_size": p.hashtags.set_cap, "notes": p.notes,
        "thread_posts": thread_max_posts(p, brief) if p.thread else None, "carousel": None,
    }
    if p.carousel:
        c = p.carousel
        rules["carousel"] = {"min_slides": c.min_slides, "max_slides": c.max_slides, "title_chars": c.title_chars,
                             "bullet_chars": c.bullet_chars, "bullets_per_slide": c.bullets_per_slide,
                             "slide_chars": c.slide_chars}
    return rules


def prompt_context(
    kind: Kind, post: Post, brief: Brief, language: Language, platform: Platform | None, platforms: list[Platform],
    *, max_post_tokens: int, shared: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every variable a prompt template can use (the comment atop each template lists its own). ``shared``
    (one dict per post, from ``plan``) keeps what every call of the post has in common, built once per post."""
    common = shared.get(max_post_tokens) if shared is not None else None
    if common is None:
        points = shared.get(_POINTS) if shared is not None else None
        if points is None:  # the same for every excerpt size: extracted once per post
            points = {"key_points": [neutralize(k) for k in key_points(post)]}
            if shared is not None:
                shared[_POINTS] = points
        common = _common_values(post, brief, platforms, max_post_tokens, points["key_points"])
        if shared is not None:
            shared[max_post_tokens] = common
    return {
        "kind": kind,
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "post": common["post"],
        "brief": common["brief"],
        "platform": platform_rules(platform, brief) if platform else None,
        "platforms": common["platforms"],
        "budget": budgets(kind, platform, brief, platforms),
    }


_POINTS = -1  # the ``shared`` entry holding the post's key points (the others are keyed by excerpt size)


def _common_values(post: Post, brief: Brief, platforms: list[Platform], max_post_tokens: int,
                   points: list[str]) -> dict[str, Any]:
    """The excerpt, key points, brief and platform table (templates cannot change them: the sandbox is immutable)."""
    text, cut = excerpt(post, max_post_tokens)
    return {
        "post": {"title": neutralize(post.title), "text": neutralize(text), "language": post.language,
                 "language_name": LANGUAGE_NAMES[post.language], "excerpt": cut,
                 "key_points": list(points)},
        "brief": {
            "audience": brief.audience, "tone": brief.tone, "call_to_action": brief.call_to_action,
            "link": brief.link, "brand_voice": brief.brand_voice, "emoji": brief.emoji,
            "brand_hashtags": ["#" + t for t in brief.brand_hashtags], "variants": brief.variants,
            "handle": brief.handle,
        },
        "platforms": [platform_rules(p, brief) for p in platforms],
    }

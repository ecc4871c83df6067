"""The layout templates in ``prompts/layout/``: the final shape of every output.

A user folder (``--templates DIR`` / ``TOOLKIT_PROMPTS``) is searched before the bundled one, so
a copywriter overrides one platform's layout by dropping ``layout/caption.<platform>.j2`` there.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import regex
from jinja2 import Template

from ..errors import TemplateError
from ..settings import bundled_prompts_dir, resolve_prompts_dir
from ..templates import compile_string, load_template, make_environment, render_compiled, template_exists
from .models import Language

_BLANK_RUNS = regex.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_TRAILING_SPACE = regex.compile(r"[ \t]+\n")
_SPACE_RUNS = regex.compile(r"[ \t]{2,}")
_MEMO_SIZE = 20_000  # rendered outputs kept per layout (a few MB at most)
_SCALARS = (str, int, bool, type(None))  # not float: -0.0 == 0.0 but renders otherwise


@lru_cache(maxsize=16)
def _environment(folders: tuple[Path, ...]):
    # Layouts keep the newline after a block tag: copywriters write a line per output line, and
    # ``tidy`` folds the blank lines that tag-only lines leave.
    return make_environment(list(folders), trim_blocks=False)


def tidy(text: str) -> str:
    """Collapse the blank lines empty template blocks leave behind."""
    if " \n" in text or "\t" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text or "\n \n" in text or "\n\t" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    if "  " in text or "\t" in text:
        text = _SPACE_RUNS.sub(" ", text)
    return text.strip()


def _freeze(context: dict[str, Any]) -> tuple[Any, ...] | None:
    """A hashable key of the render inputs keeping each value's type (a list renders unlike a tuple), or
    ``None`` when a value is anything but a scalar or a list/tuple of scalars."""
    items: list[tuple[str, type, Any]] = []
    for name, value in sorted(context.items()):
        if type(value) in (list, tuple):
            if not all(type(v) in _SCALARS for v in value):
                return None
            items.append((name, type(value), tuple(value)))
        elif type(value) in _SCALARS:
            items.append((name, type(value), value))
        else:
            return None
    return tuple(items)


class Layout:
    """Renders captions, thread posts and alt texts; looks phrases up in the output language."""

    def __init__(self, prompts_dir: str | Path | None = None):
        folder = resolve_prompts_dir(prompts_dir)
        bundled = bundled_prompts_dir()
        if not folder.is_dir():
            raise TemplateError(f"Template folder {str(folder)!r} does not exist: create it or point --templates at an existing folder.")
        self.folders = tuple([folder] if folder.resolve() == bundled.resolve() else [folder, bundled])
        self.env = _environment(self.folders)  # shared: Jinja caches compiled templates per environment
        self._names: dict[str, str] = {}
        self._templates: dict[str, Template] = {}  # one lookup per run, not one mtime check per render
        self._phrase_templates: dict[tuple[str, str], Template] = {}
        # Rendered outputs by template and exact inputs: a bulk run checks each model caption and then
        # assembles it, rendering the same layout with the same values twice (templates are pure).
        self._rendered: dict[tuple[Any, ...], str] = {}

    @cached_property
    def phrases(self) -> dict[str, dict[str, str]]:
        merged: dict[str, dict[str, str]] = {}
        for folder in reversed(self.folders):  # bundled first, then the user's overrides
            path = folder / "layout" / "phrases.toml"
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise TemplateError(f"Phrase file {str(path)!r} is not valid TOML ({exc}): fix it and retry.") from None
            for lang, table in data.items():
                merged.setdefault(lang, {}).update({k: str(v) for k, v in table.items()})
        return merged

    def phrase(self, language: Language, name: str, **context: Any) -> str:
        key = (language, name)
        if key not in self._phrase_templates:
            table = self.phrases.get(language) or self.phrases.get("en", {})
            source = table.get(name) or self.phrases.get("en", {}).get(name)
            if source is None:
                raise TemplateError(f"Phrase {name!r} is missing from layout/phrases.toml: add it under [{language}].")
            self._phrase_templates[key] = compile_string(self.env, source, label=f"phrase {name!r}")
        return self._memo(("phrase", key), context, lambda: render_compiled(
            self._phrase_templates[key], context, label=f"phrase {name!r}").strip())

    def emoji(self, name: str) -> str:
        return self.phrases.get("emoji", {}).get(name, "")

    def caption_template(self, platform: str) -> str:
        if platform not in self._names:
            specific = f"layout/caption.{platform}.j2"
            self._names[platform] = specific if template_exists(self.env, specific) else "layout/caption.j2"
        return self._names[platform]

    def _render(self, name: str, context: dict[str, Any]) -> str:
        if name not in self._templates:
            self._templates[name] = load_template(self.env, name)
        return self._memo(("template", name), context, lambda: tidy(
            render_compiled(self._templates[name], context, label=f"template {name!r}")))

    def _memo(self, what: tuple[str, Any], context: dict[str, Any], render: Callable[[], str]) -> str:
        """``render()``, remembered for these exact inputs (values that cannot be keyed are rendered each time)."""
        frozen = _freeze(context)
        if frozen is None:
            return render()
        key = (what, frozen)
        text = self._rendered.get(key)
        if text is None:
            if len(self._rendered) >= _MEMO_SIZE:
                self._rendered.clear()
            text = self._rendered[key] = render()
        return text

    def caption(self, platform: str, **context: Any) -> str:
        return self._render(self.caption_template(platform), context)

    def thread_post(self, **context: Any) -> str:
        return self._render("layout/thread_post.j2", context)

    def slide_alt(self, **context: Any) -> str:
        return self._render("layout/slide_alt.j2", context).replace("\n", " ")

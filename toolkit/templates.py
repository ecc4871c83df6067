"""Sandboxed Jinja2 environments for every user-editable template.

Prompt templates, output layouts and carousel themes are edited by users, so they render in an
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``: a template that reaches for Python
internals, or names a variable it was not given, fails with a ``TemplateError`` that says which
template and why, instead of leaking data or silently rendering blanks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .errors import TemplateError


def make_environment(
    folders: Sequence[Path], *, autoescape: bool = False, trim_blocks: bool = True
) -> ImmutableSandboxedEnvironment:
    """An environment searching ``folders`` in order: a user's folder first overrides single files."""
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in folders])
    env = ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=trim_blocks,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["end_sentence"] = end_sentence
    return env


def end_sentence(text: str) -> str:
    """Text that ends like a sentence: a full stop added unless it already ends with one (. ! ? ؟ …)."""
    text = str(text).rstrip()
    return text if not text or text.endswith((".", "!", "?", "؟", "…", ":", "؛")) else text + "."


def template_exists(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    except jinja2.TemplateError:
        return True
    return True


def load_template(env: jinja2.Environment, name: str) -> jinja2.Template:
    """Load and compile template ``name`` once, to render it many times."""
    try:
        return env.get_template(name)
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"Template {name!r} was not found: add it to your template folder or remove the override."
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Template {name!r} has a syntax error on line {exc.lineno} ({exc.message}): fix it and retry.") from None


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; every Jinja failure becomes one readable ``TemplateError``."""
    return render_compiled(load_template(env, name), context, label=f"template {name!r}")


def compile_string(env: jinja2.Environment, source: str, *, label: str = "inline template") -> jinja2.Template:
    """Compile a template given as text once, to render it many times."""
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"The {label} has a syntax error on line {exc.lineno} ({exc.message}): fix it and retry.") from None


def render_string(env: jinja2.Environment, source: str, context: Mapping[str, Any], *, label: str = "inline template") -> str:
    """Render a template given as text (phrase patterns, previews of edited copies)."""
    return render_compiled(compile_string(env, source, label=label), context, label=label)


def render_compiled(template: jinja2.Template, context: Mapping[str, Any], *, label: str = "inline template") -> str:
    try:
        return template.render(**context)
    except SecurityError as exc:
        raise TemplateError(f"The {label} tried an unsafe operation ({exc}): remove it from the template.") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"The {label} uses an unknown variable ({exc}): use only the variables listed at its top.") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"The {label} has a syntax error on line {exc.lineno} ({exc.message}): fix it and retry.") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"The {label} failed to render ({exc}): fix it and retry.") from None


def template_source(env: jinja2.Environment, name: str) -> tuple[str, str]:
    """(source text, sha256 hex) of a template, for logging exactly what was used."""
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        raise TemplateError(f"Template {name!r} was not found in the template folders.") from None
    return source, hashlib.sha256(source.encode("utf-8")).hexdigest()

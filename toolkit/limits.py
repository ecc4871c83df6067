"""Resource limits on untrusted input, each overridable through one environment variable.

A hostile or broken input (``/dev/zero``, a zip bomb, 10,000 nested tags, ``{{ 7 ** 999999999 }}``)
must end in one sentence within seconds and a few hundred MB, never in a hang. The defaults sit
far above any real post; the README lists the variables.
"""

from __future__ import annotations

import os
from typing import NamedTuple

from .errors import ConfigError


class Limit(NamedTuple):
    env: str
    default: float
    what: str


LIMITS: dict[str, Limit] = {
    "input_bytes": Limit("TOOLKIT_MAX_INPUT_BYTES", 2 * 1024 * 1024, "bytes of text read from one post, brief or bulk row"),
    "docx_bytes": Limit("TOOLKIT_MAX_DOCX_BYTES", 32 * 1024 * 1024, "bytes of one .docx file, packed and unpacked"),
    "jsonl_line_bytes": Limit("TOOLKIT_MAX_JSONL_LINE_BYTES", 4 * 1024 * 1024, "bytes of one JSONL line in a bulk input"),
    "sentence_chars": Limit("TOOLKIT_MAX_SENTENCE_CHARS", 10_000, "characters of text with no sentence end or line break"),
    "html_depth": Limit("TOOLKIT_MAX_HTML_DEPTH", 256, "levels of nested HTML tags kept (deeper tags are flattened)"),
    "template_chars": Limit("TOOLKIT_MAX_TEMPLATE_CHARS", 2_000_000, "characters one template render may produce"),
    "template_seconds": Limit("TOOLKIT_TEMPLATE_TIMEOUT", 5.0, "seconds one template render may take"),
    "template_range": Limit("TOOLKIT_MAX_TEMPLATE_LOOP", 100_000, "items all range() calls of one render may produce"),
}


def limit(name: str) -> float:
    """The limit ``name`` from its environment variable, else its default."""
    spec = LIMITS[name]
    raw = os.environ.get(spec.env, "").strip()
    if not raw:
        return spec.default
    try:
        value = float(raw.replace("_", ""))
    except ValueError:
        value = -1.0
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"{spec.env}={raw!r} is not a positive number: set it to the {spec.what}, or unset it.")
    return value


def int_limit(name: str) -> int:
    return int(limit(name))


def human_bytes(n: float) -> str:
    """1.5 MB, 200 KB: limits in messages people read."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{int(n)} bytes"

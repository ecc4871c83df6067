"""User and imported text shown as text: never as Markdown a browser would act on.

Streamlit renders Markdown in titles, messages and captions, so a post title or an ad name such
as ``![x](http://host/p.png)`` would make the browser fetch that image. Every such string passes
through ``markdown_escape`` first (CommonMark lets ASCII punctuation be backslash-escaped; without
``[`` no link or image can start),
and what the page shows of a rendered prompt is capped by ``bounded``.
"""

from __future__ import annotations

import regex

# Emphasis, code, links and images, HTML, strike-through, tables and maths: what can format or fetch.
_MARKDOWN = regex.compile(r"([\\`*_\[\]<>~|$])")
PREVIEW_CHARS = 20_000  # what a rendered prompt may send to the page, per message


def markdown_escape(text: str) -> str:
    """``text`` with every Markdown-active character escaped, so it shows exactly as written."""
    return _MARKDOWN.sub(r"\\\1", text)


def bounded(text: str, limit: int = PREVIEW_CHARS) -> tuple[str, int]:
    """``text`` cut to ``limit`` characters, and how many were left out (0 when none)."""
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit

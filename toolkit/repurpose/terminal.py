"""Text for a terminal: stored and generated strings are untrusted, and Arabic must stay legible.

A title holding U+202E (right-to-left override) would reverse the rest of a ``history`` row, and
an escape sequence could repaint the screen; both are removed. Right-to-left text is wrapped in a
Unicode isolate so terminals that implement bidi lay it out without reordering its neighbours.
"""

from __future__ import annotations

import shutil
import textwrap
import unicodedata

from ..platforms import get_platform
from .models import RepurposeResult

# Explicit embeddings, overrides, isolates and marks: a string from data must not set direction.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
_RLI, _LRI, _PDI = "\u2067", "\u2066", "\u2069"


def plain(text: str) -> str:
    """``text`` on one line without bidi controls or terminal control characters."""
    text = text.translate(_BIDI_CONTROLS)
    return "".join(" " if ch in "\n\r\t" else "" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def is_rtl(text: str) -> bool:
    """Whether the first strong character is right-to-left (Arabic, Hebrew)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def isolate(text: str) -> str:
    """``text`` as a direction-isolated run, so it cannot reorder what is printed around it."""
    return f"{_RLI if is_rtl(text) else _LRI}{text}{_PDI}"


def cell(text: str, width: int) -> str:
    """``text`` made safe, cut to ``width`` characters (with …) and isolated."""
    text = " ".join(plain(text).split())
    if len(text) > width:
        text = text[: max(1, width - 1)].rstrip() + "…"
    return isolate(text)


def summary(result: RepurposeResult, *, db_path: str | None, width: int | None = None) -> str:
    """What Command 1 prints on a terminal: per platform the first caption with its count and
    limit, then where the full report and the run are kept."""
    width = width or shutil.get_terminal_size((100, 24)).columns
    text_width = max(20, min(width, 160) - 30)
    lines = [f"{cell(result.title, text_width + 10)}  ({result.language}, {result.word_count:,} words, {result.backend})", ""]
    for key in result.platforms:
        name = get_platform(key).name
        caption = next((c for c in result.captions if c.platform == key), None)
        thread = next((t for t in result.threads if t.platform == key), None)
        if caption is not None:
            shown, count = caption.text, f"{caption.length:>5} / {caption.limit}"
        elif thread is not None and thread.posts:
            shown, count = thread.posts[0].text, f"{thread.posts[0].length:>5} / {thread.limit}"
        else:
            shown, count = "(no caption)", ""
        extras = [f"{len(thread.posts)}-post thread"] if thread is not None else []
        extras += [f"{len(c.slides)} slides" for c in result.carousels if c.platform == key]
        more = f"  [{', '.join(extras)}]" if extras else ""
        lines.append(f"{name:<10} {count:<13} {cell(shown, text_width)}{more}")
    notes = []
    if result.run_id is not None:
        notes.append(f"Run {result.run_id} is stored in {db_path}. Full report: `toolkit show {result.run_id}` "
                     "(add -o report.md or -f json); this summary shows the first caption of each platform.")
    if result.language == "ar" or any(is_rtl(c.text) for c in result.captions[:1]):
        notes.append("Arabic is printed in reading order inside Unicode isolates; if it looks reversed, your terminal "
                     "has no bidi support: read the full report in an editor or browser.")
    lines.append("")
    for note in notes:
        lines += textwrap.wrap(note, width=max(40, min(width, 160) - 1), break_on_hyphens=False)
    return "\n".join(lines) + "\n"

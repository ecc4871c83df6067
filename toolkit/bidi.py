"""One line-direction rule for every place that shows mixed Arabic and Latin text.

App cards, the app's editors and carousel slides all ask the same two questions:

* which way does this line read? ``line_direction``: by the script most of its *words* are in,
  after setting aside links, e-mail addresses and @handles (a long URL must not outweigh the
  Arabic sentence around it, and an Arabic sentence that opens with a brand name still reads
  right to left, which the first-strong-letter rule of ``dir="auto"`` gets wrong);
* which pieces must keep their own order inside it? ``tokens``: links, e-mails, handles, Latin
  hashtags and numbers with separators ("2/7", "12:30"), each isolated in its own direction so
  ``@creative_ai`` never shows as ``creative_ai@`` and the colon before a link stays before it.

Pure functions; HTML callers wrap isolated tokens in ``<bdi>``, plain-text callers (slides)
use the Unicode isolates (LRI/RLI ... PDI), which browsers and Pango both honour.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import Literal

import regex

Direction = Literal["rtl", "ltr"]
TokenKind = Literal["text", "url", "email", "handle", "tag", "number"]

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"

_TRAIL = ".,;:!?'\")]}»”،؛؟"
_ISOLATED = regex.compile(
    r"(?P<url>(?:https?://|www\.)[^\s<>]+)"
    r"|(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<handle>(?<![\w@])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?)"
    r"|(?P<tag>(?<![\p{L}\p{N}_])#[\p{L}\p{M}\p{N}_]+)"
    r"|(?P<number>(?<![\p{L}\p{N}])[0-9]+(?:[.,:/\-][0-9]+)+%?)"
)
_MAYBE = regex.compile(r"[@#:0-9]|www\.")  # no isolated piece can start without one of these
_ARABIC = regex.compile(r"[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]")
_LETTER = regex.compile(r"\p{L}")
_ARABIC_SHARE = 0.3  # the share of letters toolkit.lang.detect_language calls Arabic


def script_direction(text: str) -> Direction | None:
    """``rtl`` when right-to-left letters make up at least 30% of the letters, ``ltr`` for other
    letters, ``None`` when there is no letter at all."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    return "rtl" if len(_ARABIC.findall(text)) / letters >= _ARABIC_SHARE else "ltr"


@lru_cache(maxsize=8192)  # the app draws the same lines on every rerun
def tokens(line: str) -> tuple[tuple[TokenKind, str], ...]:
    """``line`` cut into plain text and the pieces that keep their own direction (in order;
    joined back they are ``line``). Trailing punctuation is left out of a link."""
    if not _MAYBE.search(line):
        return (("text", line),) if line else ()
    out: list[tuple[TokenKind, str]] = []
    pos = 0
    for m in _ISOLATED.finditer(line):
        kind: TokenKind = m.lastgroup  # type: ignore[assignment]
        text = m.group()
        end = m.end()
        if kind == "url":
            stripped = text.rstrip(_TRAIL)
            end -= len(text) - len(stripped)
            text = stripped
        if m.start() > pos:
            out.append(("text", line[pos : m.start()]))
        out.append((kind, text))
        pos = end
    if pos < len(line):
        out.append(("text", line[pos:]))
    return tuple(out)


def token_direction(kind: TokenKind, text: str) -> Direction:
    """Links, e-mails and numbers read left to right; a handle or hashtag reads in its own script."""
    if kind in ("handle", "tag"):
        return script_direction(text) or "ltr"
    return "ltr"


@lru_cache(maxsize=8192)
def line_direction(line: str, default: Direction) -> Direction:
    """The direction ``line`` reads in: the script of most of its letters outside links, e-mails
    and handles; a line of only those is ``ltr``; a line without letters takes ``default``."""
    parts = tokens(line)
    prose = "".join(text for kind, text in parts if kind not in ("url", "email", "handle"))
    found = script_direction(prose)
    if found is not None:
        return found
    if any(kind in ("url", "email", "handle") for kind, _ in parts):
        return "ltr"
    return default


def text_direction(text: str, default: Direction) -> Direction:
    """A block's direction (an editor, a slide body): the rule applied to its opening (a long
    text's first 1,000 characters are a fair sample)."""
    return line_direction(text[:1000].replace("\n", " "), default)


def isolate_text(line: str) -> str:
    """``line`` with each link, handle, hashtag and number wrapped in Unicode isolates, for
    renderers that take plain text (the carousel's PDF and PNG)."""
    return "".join(
        text if kind == "text" else f"{LRI if token_direction(kind, text) == 'ltr' else RLI}{text}{PDI}"
        for kind, text in tokens(line)
    )


def isolate_html(line: str, classes: dict[str, str] | None = None) -> str:
    """``line`` escaped, each isolated piece in ``<bdi dir=...>`` (with ``classes[kind]`` when given)."""
    classes = classes or {}
    out = []
    for kind, text in tokens(line):
        if kind == "text":
            out.append(escape(text))
            continue
        cls = f' class="{classes[kind]}"' if kind in classes else ""
        out.append(f'<bdi dir="{token_direction(kind, text)}"{cls}>{escape(text)}</bdi>')
    return "".join(out)

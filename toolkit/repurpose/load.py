"""Read a post from a file, stdin, bytes or a string, and decide what format it is in.

Every way this can go wrong (missing, empty, binary, undecodable, too large, a FIFO or device,
a zip bomb) becomes one ``InputError`` sentence naming the input. Sizes are bounded by
``toolkit.limits``; HTML nested deeper than ``TOOLKIT_MAX_HTML_DEPTH`` is flattened here, before
any parser recurses into it.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import regex

from ..decoding import decode_text
from ..errors import InputError
from ..limits import LIMITS, human_bytes, int_limit
from ..safeio import read_file, read_stream, too_big
from .models import SourceFormat

# Signals only Markdown has: bare list markers and short lines are just as common in pasted text.
_MD_SIGNALS = regex.compile(r"(?m)^(#{1,6}\s|```|\|.*\|\s*$)|\[[^\]]+\]\([^)]+\)|\*\*[^*\n]+\*\*|!\[[^\]]*\]\(")
_HTML_SIGNALS = regex.compile(r"(?i)<!doctype html|<html[\s>]|<body[\s>]|<(p|div|h[1-6]|article|ul|li)[\s>]")
_EXTENSIONS: dict[str, SourceFormat] = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text", ".docx": "docx",
}


@dataclass(frozen=True)
class Source:
    """Decoded text of a post with where it came from and its format."""

    text: str
    name: str
    format: SourceFormat
    warnings: tuple[str, ...] = ()  # what was repaired on the way in (stray bytes, flattened tags)


def sniff_format(text: str, name: str = "") -> SourceFormat:
    """Format from the file extension, else from the content."""
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in _EXTENSIONS and _EXTENSIONS[suffix] != "text":
        return _EXTENSIONS[suffix]
    head = text[:5000]
    if _HTML_SIGNALS.search(head):
        return "html"
    if len(_MD_SIGNALS.findall(text[:20000])) >= 2 or regex.search(r"(?m)^#{1,6}\s\S", head):
        return "markdown"
    return "text"


def decode(data: bytes, name: str) -> str:
    """Bytes to text through the shared detector; empty input is an ``InputError``."""
    return _decode(data, name)[0]


def _decode(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    label = name or "the input"
    if not data.strip():
        raise InputError(f"{label} is empty: give a blog post with some text in it.")
    decoded = decode_text(data, label)
    if not decoded.text.strip():
        raise InputError(f"{label} is empty: give a blog post with some text in it.")
    return decoded.text, decoded.warnings


# --- nested HTML --------------------------------------------------------------------------------

_TAG = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:[\s/][^<>]*)?>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
                   "source", "track", "wbr"})
# Start tags that close an open element (HTML's implied end tags), so legacy pages full of
# unclosed <p> and <li> are counted as the flat trees a browser builds from them.
_CLOSES = {
    "p": {"p"}, "li": {"li", "p"}, "dt": {"dt", "dd", "p"}, "dd": {"dt", "dd", "p"},
    "tr": {"tr", "td", "th", "p"}, "td": {"td", "th", "p"}, "th": {"td", "th", "p"},
    "option": {"option"}, "optgroup": {"option", "optgroup"},
}
_BLOCKS = frozenset({"address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure", "footer", "form",
                     "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol", "pre", "section",
                     "table", "ul"})


def bound_html_depth(text: str, max_depth: int) -> tuple[str, int]:
    """``text`` with tags nested deeper than ``max_depth`` removed (their text kept), and how many
    tags were removed. Parsers recurse per level; 1,000 levels would raise ``RecursionError``."""
    if text.count("<") <= max_depth:
        return text, 0
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped_open: dict[str, int] = {}
    cuts: list[tuple[int, int]] = []
    for m in _TAG.finditer(text):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID:  # "<div/>" still opens a div in HTML, so only void elements are skipped
            continue
        if closing:
            if dropped_open.get(name):
                dropped_open[name] -= 1
                cuts.append(m.span())
            elif open_count.get(name):
                while stack:
                    top = stack.pop()
                    open_count[top] -= 1
                    if top == name:
                        break
            continue
        implied = _CLOSES.get(name, {"p"} if name in _BLOCKS else set())
        while stack and stack[-1] in implied:
            open_count[stack.pop()] -= 1
        if len(stack) >= max_depth:
            dropped_open[name] = dropped_open.get(name, 0) + 1
            cuts.append(m.span())
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
    if not cuts:
        return text, 0
    pieces: list[str] = []
    last = 0
    for a, b in cuts:
        pieces.append(text[last:a])
        pieces.append(" ")
        last = b
    pieces.append(text[last:])
    return "".join(pieces), len(cuts)


# . ! ? ؟ ۔, line breaks, and tags (a tag ends a run of text too)
_SENTENCE_SPLIT = re.compile(r"[.!?\u061f\u06d4\n<>]")


def _refuse_endless_sentence(text: str, name: str) -> None:
    """Splitting one sentence of thousands of words into posts costs time quadratic in its length:
    a pasted blob with no sentence end is refused instead of hanging."""
    cap = int_limit("sentence_chars")
    if len(text) <= cap:
        return
    longest = max(_SENTENCE_SPLIT.split(text), key=len)  # one linear pass; a search would rescan every run
    if len(longest) > cap:
        raise InputError(f"{name or 'The post'} has more than {cap:,} characters in a row with no sentence end or line "
                         f"break (from {longest[:30]!r}…): break it into sentences, or raise the limit with "
                         f"{LIMITS['sentence_chars'].env}.")


def _bounded(text: str, name: str, fmt: SourceFormat, warnings: tuple[str, ...] = ()) -> Source:
    """A ``Source`` whose HTML (a page, or HTML inside Markdown) is at most the depth limit and whose
    sentences are of a length the engine can split."""
    _refuse_endless_sentence(text, name)
    if fmt in ("html", "markdown") and "<" in text:
        depth = int_limit("html_depth")
        text, removed = bound_html_depth(text, depth)
        if removed:
            flattened = (f"{name or 'The post'} nests HTML tags deeper than {depth} levels; {removed} deeper tags "
                         f"were dropped and their text kept (limit: {LIMITS['html_depth'].env}).")
            warnings = (*warnings, flattened)
    return Source(text, name, fmt, warnings)


# --- .docx --------------------------------------------------------------------------------------


def _check_docx_size(data: bytes, name: str) -> None:
    """Refuse a zip bomb from its directory: zipfile never unpacks an entry past its stated size."""
    limit = int_limit("docx_bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise InputError(f"{name} is not a readable .docx file: open and re-save it in Word, or export it as .md or .txt.") from None
    if unpacked > limit:
        raise InputError(f"{name} unpacks to {human_bytes(unpacked)}, more than {human_bytes(limit)}: remove large "
                         f"images or export the text as .md, or raise the limit with {LIMITS['docx_bytes'].env}.")


def _docx_to_markdown(data: bytes, name: str) -> str:
    import docx  # python-docx; imported here so plain-text users never pay for it

    _check_docx_size(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:
        raise InputError(f"{name} is not a readable .docx file: open and re-save it in Word, or export it as .md or .txt.") from None
    lines: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        if style == "title":
            lines.append(f"# {text}")
        elif style.startswith("heading"):
            level = "".join(ch for ch in style if ch.isdigit()) or "2"
            lines.append(f"{'#' * min(int(level) + 1, 6)} {text}")
        elif "list" in style:
            lines.append(f"- {text}")
        else:
            lines.append(text)
        lines.append("")
    markdown = "\n".join(lines)
    if not markdown.strip():
        raise InputError(f"{name} has no text: give a document with some paragraphs in it.")
    if len(markdown.encode("utf-8")) > int_limit("input_bytes"):
        raise too_big(f"The text of {name}", int_limit("input_bytes"), LIMITS["input_bytes"].env)
    return markdown


def _is_docx(data: bytes, name: str) -> bool:
    suffix = Path(name).suffix.lower() if name else ""
    return suffix == ".docx" or (data[:4] == b"PK\x03\x04" and suffix in ("", ".docx"))


def read_bytes(data: bytes, name: str = "") -> Source:
    """A post given as bytes (an upload, a file's content)."""
    if _is_docx(data, name):
        if len(data) > int_limit("docx_bytes"):
            raise too_big(name or "The upload", int_limit("docx_bytes"), LIMITS["docx_bytes"].env)
        return _bounded(_docx_to_markdown(data, name or "the upload"), name, "markdown")
    if len(data) > int_limit("input_bytes"):
        raise too_big(name or "The upload", int_limit("input_bytes"), LIMITS["input_bytes"].env)
    text, warnings = _decode(data, name)
    return _bounded(text, name, sniff_format(text, name), warnings)


def read_text(text: str, name: str = "") -> Source:
    """A post given as a string (pasted text)."""
    if not text or not text.strip():
        raise InputError(f"{name or 'The pasted text'} is empty: give a blog post with some text in it.")
    if len(text) > int_limit("input_bytes"):  # characters: close enough, and no copy to count bytes
        raise too_big(name or "The pasted text", int_limit("input_bytes"), LIMITS["input_bytes"].env)
    return _bounded(text, name, sniff_format(text, name))


def load_source(path: str | Path) -> Source:
    """A post from a file path, or from stdin when ``path`` is ``-``. Only regular files are opened
    (a FIFO or device is refused without blocking), and never more than the size limit is read."""
    if str(path) == "-":
        return read_bytes(read_stream(sys.stdin.buffer, max_bytes=int_limit("input_bytes"), label="The standard input"), "-")
    p = Path(path).expanduser()
    limit = "docx_bytes" if p.suffix.lower() == ".docx" else "input_bytes"
    data = read_file(p, max_bytes=int_limit(limit), env=LIMITS[limit].env, label=f"File {str(path)!r}")
    return read_bytes(data, p.name)

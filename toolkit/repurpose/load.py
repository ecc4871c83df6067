"""Read a post from a file, stdin, bytes or a string, and decide what format it is in.

Every way this can go wrong (missing, empty, binary, undecodable) becomes one ``InputError``
sentence naming the input.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import regex
from charset_normalizer import from_bytes

from ..errors import InputError
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
    """Bytes to text: BOMs, UTF-8, then a charset guess (cp1256 Arabic files are common)."""
    label = name or "the input"
    if not data.strip():
        raise InputError(f"{label} is empty: give a blog post with some text in it.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{label} claims UTF-16 but cannot be decoded: re-save it as UTF-8.") from None
    if b"\x00" in data[:8192] or _looks_binary(data[:8192]):
        raise InputError(f"{label} looks like a binary file, not text: give a .md, .html, .txt or .docx file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(f"{label} is not in a text encoding the toolkit can read: re-save it as UTF-8.")
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise InputError(f"{label} is not in a text encoding the toolkit can read: re-save it as UTF-8.")
    return text


def _looks_binary(chunk: bytes) -> bool:
    control = sum(1 for b in chunk if b < 9 or 13 < b < 32)
    return control > max(4, len(chunk) // 50)


def _docx_to_markdown(data: bytes, name: str) -> str:
    import docx  # python-docx; imported here so plain-text users never pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises several unrelated types for corrupt files
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
    return "\n".join(lines)


def read_bytes(data: bytes, name: str = "") -> Source:
    """A post given as bytes (an upload, a file's content)."""
    suffix = Path(name).suffix.lower() if name else ""
    if suffix == ".docx" or (data[:4] == b"PK\x03\x04" and suffix in ("", ".docx")):
        return Source(_docx_to_markdown(data, name or "the upload"), name, "markdown")
    text = decode(data, name)
    return Source(text, name, sniff_format(text, name))


def read_text(text: str, name: str = "") -> Source:
    """A post given as a string (pasted text)."""
    if not text or not text.strip():
        raise InputError(f"{name or 'The pasted text'} is empty: give a blog post with some text in it.")
    return Source(text, name, sniff_format(text, name))


def load_source(path: str | Path) -> Source:
    """A post from a file path, or from stdin when ``path`` is ``-``."""
    if str(path) == "-":
        return read_bytes(sys.stdin.buffer.read(), "-")
    p = Path(path).expanduser()
    if p.is_dir():
        raise InputError(f"{str(path)!r} is a folder: give one file (or use `toolkit bulk` for folders).")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"File {str(path)!r} does not exist: check the path.") from None
    except OSError as exc:
        raise InputError(f"File {str(path)!r} cannot be read ({exc.strerror}): check its permissions.") from None
    return read_bytes(data, p.name)

"""The one bytes-to-text detector: posts, briefs, bulk rows and imported exports all decode here.

Order of trust: a byte-order mark; UTF-16 without one (every other byte is a NUL or the same
script block); UTF-8, also when a few stray bytes break it (they are replaced, with a warning,
rather than re-reading the whole file as cp1250); then a guess among legacy code pages (cp1256
Arabic Windows files are common). Anything that guesses badly is refused with a sentence.
"""

from __future__ import annotations

import codecs
from typing import NamedTuple

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 8192
_PREFERRED = ("cp1256", "iso8859_6", "cp1252", "iso8859_15", "latin_1", "mac_roman")


class Decoded(NamedTuple):
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


class Detected(NamedTuple):
    """How to read some bytes: streaming readers (CSV imports) decode with these, never on their own."""

    encoding: str
    errors: str = "strict"  # "replace" for UTF-8 with a few stray bytes
    skip: int = 0  # bytes of byte-order mark to drop
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes, label: str = "the input") -> Decoded:
    """Text of ``data`` with the encoding used and warnings for the user; ``InputError`` when it is
    binary or no encoding reads it cleanly. Empty input decodes to ``""``: callers decide."""
    found = detect_encoding(data, label)
    try:
        text = data[found.skip:].decode(found.encoding, found.errors)
    except UnicodeDecodeError:
        raise InputError(f"{label} is not in a text encoding the toolkit can read: re-save it as UTF-8.") from None
    return Decoded(text, found.encoding, found.warnings)


def detect_encoding(data: bytes, label: str = "the input") -> Detected:
    """The encoding of ``data`` (see the module's order of trust), or ``InputError`` with one sentence."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                codecs.getincrementaldecoder(encoding)().decode(data[len(bom):], final=True)
            except UnicodeDecodeError:
                raise InputError(f"{label} starts with a {encoding.upper()} mark but cannot be decoded as "
                                 f"{encoding.upper()}: re-save it as UTF-8.") from None
            return Detected(encoding, skip=len(bom))
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return Detected(utf16, warnings=(f"{label} has no byte-order mark; it was read as {utf16.upper()}.",))
    head = data[:_SAMPLE]
    if b"\x00" in head or _looks_binary(head):
        raise InputError(f"{label} looks like a binary file, not text: give a .md, .html, .txt or .docx file.")
    if _is_utf8(data):
        return Detected("utf-8")
    mostly = _mostly_utf8(data, label)
    if mostly is not None:
        return mostly
    return _legacy(data, label)


def _is_utf8(data: bytes) -> bool:
    """Checked in chunks, so a large export is never held twice."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 16):
            decoder.decode(view[start : start + (1 << 16)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _looks_binary(chunk: bytes) -> bool:
    control = sum(1 for b in chunk if b < 9 or 13 < b < 32)
    return control > max(4, len(chunk) // 50)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes read as text in that encoding: Latin text has a NUL in
    every other byte, Arabic a 0x06; UTF-8 or binary read as UTF-16 gives CJK-like noise."""
    head = data[: _SAMPLE - _SAMPLE % 2]
    if len(head) < 4:
        return None
    odd, even = head[1::2], head[0::2]
    for encoding, high in (("utf-16-le", odd), ("utf-16-be", even)):
        common = max(high.count(b) for b in set(high))
        if common < 0.6 * len(high):  # the high bytes of real text are mostly one script block
            continue
        try:
            sample = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\r\t") / max(1, len(sample))
        plausible = sum(1 for ch in sample if ord(ch) < 0x0800 or 0x2000 <= ord(ch) < 0x2070
                        or 0xFB50 <= ord(ch) <= 0xFEFF) / max(1, len(sample))
        if readable > 0.97 and plausible > 0.95:
            try:
                data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def _mostly_utf8(data: bytes, label: str) -> Detected | None:
    """UTF-8 with a few stray bytes (a bad paste, a truncated copy): keep UTF-8 and say where it broke."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    if good < 1 or bad > max(3, good // 20):
        return None
    warning = (f"{label} is UTF-8 with {bad} invalid byte{'s' if bad != 1 else ''}, shown as \ufffd: "
               "check those spots, or re-save the file as UTF-8.")
    return Detected("utf-8", "replace", warnings=(warning,))


def _legacy(data: bytes, label: str) -> Detected:
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    # Arabic and Western Windows/ISO pages first: on short texts the full guess confuses cp1252 with cp1257.
    # A large file is guessed from its first megabyte, then read whole with that guess.
    sample = data[: 1 << 20]
    best = from_bytes(sample, cp_isolation=list(_PREFERRED)).best() or from_bytes(sample).best()
    refused = InputError(f"{label} is not in a text encoding the toolkit can read: re-save it as UTF-8.")
    if best is None or best.encoding is None:
        raise refused
    text = str(best)
    if text.count("\ufffd") > max(3, len(text) // 200):
        raise refused
    encoding = best.encoding.replace("_", "-")
    warning = f"{label} is not UTF-8; it was read as {encoding}: if the text looks wrong, re-save it as UTF-8."
    return Detected(encoding, warnings=(warning,))

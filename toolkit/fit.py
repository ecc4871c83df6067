"""Fit text to a length budget without breaking it.

Cuts happen at the best boundary that fits: a sentence end, then a clause end (``،`` ``,`` ``;``),
then a word end, and only for a single over-long word at a grapheme cluster boundary. Never inside
a grapheme cluster, an emoji sequence or a URL, and never leaving a dangling bidi control
character. An ellipsis marks text that was cut mid-sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import regex

from .lang import CLAUSE_END, CLOSERS, SENTENCE_END
from .platforms import Platform, get_platform
from .textlen import GRAPHEME, URL_RE, count

ELLIPSIS = "…"

_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                 "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_BIDI_CLOSERS = {"\u202c", "\u2069"}
_BIDI_MARKS = "\u200e\u200f\u061c"
_INVALID = regex.compile(r"[\ufffe\ufeff\uffff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRAILING_JUNK = " \t\n\r\u00a0\u2009\u202f،؛,;:-–—\u200e\u200f\u061c"
_SENTENCE_END = regex.compile(f"[{regex.escape(''.join(SENTENCE_END))}][{regex.escape(''.join(CLOSERS))}]*(?=\\s)")
_CLAUSE_END = regex.compile(f"[{regex.escape(''.join(CLAUSE_END))}،,](?=\\s)")  # a comma breaks a clause too

Counter = Callable[[str], int]


@lru_cache(maxsize=8192)
def sanitize(text: str) -> str:
    """Remove characters platforms reject (BOM, U+FFFE/FFFF, C0 controls except tab/newline)."""
    return balance_bidi(_INVALID.sub("", text))


_ANY_BIDI = regex.compile(r"[\u202a-\u202e\u2066-\u2069]")


def balance_bidi(text: str) -> str:
    """Drop bidi embeddings/isolates that are never closed and closers that close nothing."""
    if not _ANY_BIDI.search(text):
        return text
    stack: list[tuple[int, str]] = []
    drop: set[int] = set()
    for i, ch in enumerate(text):
        if ch in _BIDI_OPENERS:
            stack.append((i, _BIDI_OPENERS[ch]))
        elif ch in _BIDI_CLOSERS:
            if stack and stack[-1][1] == ch:
                stack.pop()
            else:
                drop.add(i)
    drop.update(i for i, _ in stack)
    if not drop:
        return text
    return "".join(ch for i, ch in enumerate(text) if i not in drop)


def _clean_end(text: str) -> str:
    return balance_bidi(text.rstrip(_TRAILING_JUNK))


def counter_for(platform: str | Platform) -> Counter:
    p = get_platform(platform)
    return lambda t: count(t, p)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in URL_RE.finditer(text)]


def _boundaries(text: str) -> tuple[list[int], list[int], list[int]]:
    """Cut offsets after sentence ends, clause ends and words, outside URLs."""
    urls = _protected_spans(text)

    def ok(i: int) -> bool:
        return not any(s < i < e for s, e in urls)

    sentences = [m.end() for m in _SENTENCE_END.finditer(text) if ok(m.end())]
    clauses = [m.end() for m in _CLAUSE_END.finditer(text) if ok(m.end())]
    word_ends = [m.start() for m in regex.finditer(r"\s+", text) if m.start() > 0 and ok(m.start())]
    return sentences, clauses, word_ends


def _largest_fitting(candidates: list[int], text: str, budget: int, measure: Counter, suffix: str) -> int | None:
    """The largest cut offset whose prefix (plus suffix) fits; prefix length is monotonic in offset."""
    lo, hi, best = 0, len(candidates) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        piece = _clean_end(text[: candidates[mid]])
        if piece and measure(piece + suffix) <= budget:
            best, lo = candidates[mid], mid + 1
        else:
            hi = mid - 1
    return best


def fit(text: str, budget: int, measure: Counter, *, ellipsis: str = ELLIPSIS, min_keep: float = 0.6) -> str:
    """The longest faithful prefix of ``text`` that measures at most ``budget``.

    Prefers a sentence boundary (no ellipsis) when it keeps at least ``min_keep`` of what a
    word-boundary cut would keep; otherwise a clause or word boundary with an ellipsis.
    Returns "" when not even one grapheme fits.
    """
    text = sanitize(text).strip().strip(_BIDI_MARKS + " \t\n")
    if measure(text) <= budget:
        return text
    sentences, clauses, word_ends = _boundaries(text)
    word_cut = _largest_fitting(word_ends, text, budget, measure, ellipsis)
    sentence_cut = _largest_fitting(sentences, text, budget, measure, "")
    if sentence_cut is not None and (word_cut is None or sentence_cut >= min_keep * word_cut):
        return _clean_end(text[:sentence_cut])
    clause_cut = _largest_fitting(clauses, text, budget, measure, ellipsis)
    if clause_cut is not None and (word_cut is None or clause_cut >= min_keep * word_cut):
        return _clean_end(text[:clause_cut]) + ellipsis
    if word_cut is not None:
        return _clean_end(text[:word_cut]) + ellipsis
    return _fit_graphemes(text, budget, measure, ellipsis)


def _fit_graphemes(text: str, budget: int, measure: Counter, ellipsis: str) -> str:
    """Last resort for one over-long word: cut between grapheme clusters, inside a URL only if
    nothing before it fits (a text that opens with a URL longer than the budget)."""
    urls = _protected_spans(text)
    ends, pos = [], 0
    for g in GRAPHEME.findall(text):
        pos += len(g)
        ends.append(pos)
    outside = [e for e in ends if not any(s < e < t for s, t in urls)]
    for offsets in (outside, ends):
        for suffix in (ellipsis, ""):
            cut = _largest_fitting(offsets, text, budget, measure, suffix)
            if cut is not None:
                return _clean_end(text[:cut]) + suffix
    return ""


def fit_to_platform(text: str, platform: str | Platform, *, budget: int | None = None) -> str:
    """``fit`` with the platform's own counter and limit (or a smaller ``budget``)."""
    p = get_platform(platform)
    return fit(text, budget if budget is not None else p.limit, counter_for(p))

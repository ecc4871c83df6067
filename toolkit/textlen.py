"""Length of a text as each platform counts it.

Counting rules (``docs/REFERENCE.md`` section 1):

* X: twitter-text v3 weighted length. NFC first; code points in U+0000-U+10FF, U+2000-U+200D,
  U+2010-U+201F and U+2032-U+2037 weigh 1, every other code point 2; an emoji sequence weighs 2
  in total; a URL weighs 23. A URL entity is ASCII only: a non-ASCII path is counted as text.
* Threads: characters, but an emoji counts as its UTF-8 bytes.
* TikTok: UTF-16 code units.  Bluesky: grapheme clusters.
* Mastodon: characters; every URL counts 23 and ``@user@domain`` counts as ``@user``.
* Everyone else: characters (code points, which is what their web counters report).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex
from pydantic import BaseModel, ConfigDict

from .platforms import Platform, get_platform

GRAPHEME = regex.compile(r"\X")

# twitter-text only links ASCII URLs; trailing sentence punctuation is not part of the URL.
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
# The host may be an internationalised domain (https://مثال.السعودية is one URL entity); the path stays ASCII.
URL_RE = regex.compile(
    rf"(?:https?://(?:[\p{{L}}\p{{M}}\p{{N}}\-]+\.)*[\p{{L}}\p{{M}}\p{{N}}\-]+(?::[0-9]+)?(?:[/?#]{_URL_CHARS}*)?|(?<![\w@.])(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    rf"\.(?:com|net|org|io|co|ai|app|dev|me|info|biz|ly|gl|sa|ae|eg|uk|us|de|fr|ma|qa|kw|jo|tv|news|blog|shop|store)"
    rf"(?:/{_URL_CHARS}*)?)(?<![.,;:!?'\")\]])",
    regex.IGNORECASE,
)
_MASTODON_MENTION = regex.compile(r"(?<![\w@])(@\w+)@[\w.-]+\.\w+")

_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_INVALID_FOR_X = ("\ufffe", "\ufeff", "\uffff")


class Measurement(BaseModel):
    """A text's length on one platform, and whether it fits."""

    model_config = ConfigDict(frozen=True)

    platform: str
    length: int
    limit: int
    unit: str
    problem: str = ""  # why the platform refuses the text whatever its length (X: a BOM or U+FFFE/U+FFFF)

    @property
    def fits(self) -> bool:
        return 0 < self.length <= self.limit and not self.problem

    @property
    def remaining(self) -> int:
        return self.limit - self.length


@lru_cache(maxsize=4096)
def is_emoji(grapheme: str) -> bool:
    """True for a grapheme cluster that platforms render (and count) as one emoji."""
    if not grapheme:
        return False
    first = grapheme[0]
    if "\u20e3" in grapheme:  # keycap: 1️⃣ #️⃣
        return True
    if regex.match(r"\p{Regional_Indicator}", first):
        return len(grapheme) >= 2
    if regex.match(r"\p{Emoji_Presentation}", first):
        return True
    # Text-default pictographs (© ® ❤ ☎) are emoji only with VS16 or as part of a sequence.
    if regex.match(r"\p{Extended_Pictographic}", first):
        return "\ufe0f" in grapheme or "\u200d" in grapheme or len(grapheme) > 1 and regex.search(
            r"\p{Emoji_Modifier}", grapheme
        ) is not None
    return False


def _code_point_weight(ch: str) -> int:
    cp = ord(ch)
    for lo, hi in _X_LIGHT_RANGES:
        if lo <= cp <= hi:
            return 1
    return 2


def _spans(text: str, pattern: regex.Pattern[str]) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


_HEAVY = regex.compile(r"[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")


def _weighted_text(text: str) -> int:
    if not _HEAVY.search(text):
        return len(text)  # fast path: Latin, Arabic and most punctuation weigh 1 and hold no emoji
    total = 0
    for g in GRAPHEME.findall(text):
        if is_emoji(g):
            total += 2
        else:
            total += sum(_code_point_weight(c) for c in g)
    return total


def x_weighted_length(text: str, url_weight: int = 23) -> int:
    text = unicodedata.normalize("NFC", text)
    total, pos = 0, 0
    for start, end in _spans(text, URL_RE):
        total += _weighted_text(text[pos:start]) + url_weight
        pos = end
    return total + _weighted_text(text[pos:])


# Characters that can make a grapheme cluster longer than one code point in ways other than
# combining marks (emoji sequences, flags, Hangul syllables, CRLF, prepend marks).
_COMPLEX_CLUSTER = regex.compile(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u200d\u20e3\r"
    r"\p{Hangul}\p{Grapheme_Cluster_Break=Prepend}\p{Indic_Conjunct_Break=Linker}]"
)
# A mark right after a control character or line break starts its own cluster (GB4/GB5).
_EXTENDING = regex.compile(
    r"(?<![\p{Grapheme_Cluster_Break=Control}\p{Grapheme_Cluster_Break=CR}\p{Grapheme_Cluster_Break=LF}])"
    r"[\p{Grapheme_Extend}\p{Grapheme_Cluster_Break=SpacingMark}]"
)


def threads_length(text: str) -> int:
    if not _COMPLEX_CLUSTER.search(text) and "\ufe0f" not in text:
        return len(text)
    return sum(len(g.encode("utf-8")) if is_emoji(g) else len(g) for g in GRAPHEME.findall(text))


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def grapheme_length(text: str) -> int:
    if not _COMPLEX_CLUSTER.search(text):
        # Only combining marks extend clusters here; a mark at the very start stands alone.
        extending = len(_EXTENDING.findall(text))
        if extending and _EXTENDING.match(text):
            extending -= 1
        return len(text) - extending
    return len(GRAPHEME.findall(text))


def mastodon_length(text: str, url_weight: int = 23) -> int:
    text = _MASTODON_MENTION.sub(r"\1", text)
    total, pos = 0, 0
    for m in URL_RE.finditer(text):
        if not m.group().lower().startswith(("http://", "https://")):
            continue  # Mastodon only shortens links with a scheme
        total += len(text[pos : m.start()]) + url_weight
        pos = m.end()
    return total + len(text[pos:])


def count(text: str, platform: str | Platform) -> int:
    """The length of ``text`` in ``platform``'s own unit."""
    return _count(text, get_platform(platform).key)


@lru_cache(maxsize=16384)
def _count(text: str, key: str) -> int:
    p = get_platform(key)
    if p.unit == "x_weighted":
        return x_weighted_length(text, p.url_weight or 23)
    if p.unit == "threads_chars":
        return threads_length(text)
    if p.unit == "utf16":
        return utf16_length(text)
    if p.unit == "graphemes":
        return grapheme_length(text)
    if p.unit == "mastodon":
        return mastodon_length(text, p.url_weight or 23)
    return len(text)


def measure(text: str, platform: str | Platform, *, limit: int | None = None) -> Measurement:
    """Count ``text`` for ``platform`` against its post limit (or ``limit``, e.g. a title limit)."""
    p = get_platform(platform)
    length = count(text, p)
    problem = ""
    bad = [c for c in _INVALID_FOR_X if c in text]
    if p.unit == "x_weighted" and bad:  # X rejects these outright
        problem = f"X refuses text containing U+{ord(bad[0]):04X}: remove it"
    return Measurement(platform=p.key, length=length, limit=limit or p.limit, unit=p.unit, problem=problem)

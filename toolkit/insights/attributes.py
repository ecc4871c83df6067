"""What a caption variant is made of, as categories the insights model can compare.

Pure functions of the text (and of what the generator knew: platform, angle, tone), so a variant
typed by hand gets the same attributes as one written by the engine, minus the angle and tone.
"""

from __future__ import annotations

import re

import regex
from pydantic import BaseModel, ConfigDict

from ..errors import UnknownPlatformError
from ..lang import detect_language
from ..platforms import PLATFORMS, get_platform
from ..textlen import count, is_emoji

# attribute -> how people read it (the CLI and the app show these names)
ATTRIBUTES: dict[str, str] = {
    "angle": "angle",
    "hook": "hook kind",
    "length_band": "length",
    "emoji": "emoji",
    "hashtags": "hashtag count",
    "tone": "tone",
}

_GRAPHEME = regex.compile(r"\X")
_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_&])#([\p{L}\p{N}_]+)")
_LIST_LINE = regex.compile(r"^\s*(?:[-•*▪◦–]|\p{N}+[.)\-]|[✅✔➡▶👉])\s*")
_NAMED = re.compile(r"^(?P<platform>.+?) v\d+ \((?P<angle>[a-z_]+)\)$")  # app's "X v2 (question)"


class VariantAttributes(BaseModel):
    """One variant's attributes; ``None`` when unknown (a hand-typed ad has no angle)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    platform: str | None = None
    language: str | None = None
    angle: str | None = None
    hook: str | None = None  # question | number | list | statement
    length_band: str | None = None  # short | medium | long
    emoji: str | None = None  # on | off
    hashtags: str | None = None  # 0 | 1-2 | 3-5 | 6+
    tone: str | None = None


def hook_kind(text: str) -> str | None:
    """The kind of the opening line: a question, a number, a list, or a plain statement."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return None
    first = lines[0]
    if "?" in first or "؟" in first:
        return "question"
    if sum(1 for line in lines[:4] if _LIST_LINE.match(line)) >= 2:
        return "list"
    if regex.search(r"\p{Nd}", first):
        return "number"
    return "statement"


def length_band(text: str, platform: str | None = None) -> str | None:
    """short / medium / long against the platform's ideal length (words when the platform is unknown)."""
    if not text.strip():
        return None
    if platform in PLATFORMS:
        ratio = count(text, platform) / get_platform(platform).target
        return "short" if ratio < 0.4 else "medium" if ratio < 0.8 else "long"
    n = len(text.split())
    return "short" if n < 20 else "medium" if n < 60 else "long"


def has_emoji(text: str) -> bool:
    return any(is_emoji(g) for g in _GRAPHEME.findall(text))


def hashtag_band(n: int) -> str:
    return "0" if n == 0 else "1-2" if n <= 2 else "3-5" if n <= 5 else "6+"


def from_name(name: str) -> tuple[str | None, str | None]:
    """(platform key, angle) from the app's variant name ``X v2 (question)``; (None, None) otherwise."""
    m = _NAMED.match(name.strip())
    if not m:
        return None, None
    try:
        return get_platform(m["platform"]).key, m["angle"]
    except UnknownPlatformError:  # every platform's display name is its key in another case
        return None, None


def derive(
    text: str,
    *,
    platform: str | None = None,
    language: str | None = None,
    angle: str | None = None,
    tone: str | None = None,
    hashtags: tuple[str, ...] | list[str] = (),
) -> VariantAttributes:
    """Every attribute the model knows, from the ad text and whatever the generator recorded."""
    platform = get_platform(platform).key if platform else None
    tags = {t.lstrip("#").casefold() for t in hashtags} | {t.casefold() for t in _HASHTAG.findall(text)}
    stripped = text.strip()
    return VariantAttributes(
        platform=platform,
        language=language or (detect_language(stripped) if stripped else None),
        angle=angle,
        hook=hook_kind(stripped),
        length_band=length_band(stripped, platform),
        emoji=("on" if has_emoji(stripped) else "off") if stripped else None,
        hashtags=hashtag_band(len(tags)) if stripped or tags else None,
        tone=tone,
    )

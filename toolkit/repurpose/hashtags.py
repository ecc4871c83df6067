"""Hashtags from keyphrases: in the post's language, multi-word tags joined the way people write them.

Arabic joins words with underscores (``#التسويق_الرقمي``); English uses CamelCase
(``#DigitalMarketing``), which screen readers read word by word. A set mixes broad tags (one
common word) with niche ones (specific multi-word phrases), brand tags first.
"""

from __future__ import annotations

import regex

from ..keywords import Keyphrase
from ..platforms import Platform
from .models import Hashtag, HashtagSet, Language

_TAG_BODY = regex.compile(r"^[\p{L}\p{M}\p{N}_]+$")
_NON_TAG = regex.compile(r"[^\p{L}\p{M}\p{N}_]")
_ARABIC = regex.compile(r"\p{Script=Arabic}")
_LATIN = regex.compile(r"\p{Script=Latin}")
_NISBA = regex.compile(r"^ال\p{Script=Arabic}{3,}(ية|ي)$")


def make_tag(words: tuple[str, ...] | list[str], language: Language, max_length: int = 40) -> str | None:
    """``#tag`` for a phrase, or None when it would be invalid (mixed scripts, digits only, too long)."""
    cleaned = [_NON_TAG.sub("", w) for w in words]
    cleaned = [w for w in cleaned if w]
    if not cleaned:
        return None
    joined_all = "".join(cleaned)
    if _ARABIC.search(joined_all) and _LATIN.search(joined_all):
        return None
    if language == "ar" or _ARABIC.search(joined_all):
        body = "_".join(cleaned)
    else:
        body = "".join(w if any(c.isupper() for c in w[1:]) else w[:1].upper() + w[1:] for w in cleaned)
    if not is_valid_tag("#" + body, max_length):
        return None
    return "#" + body


def is_valid_tag(tag: str, max_length: int = 40) -> bool:
    """A tag platforms link: '#', letters/digits/underscore only, not all digits, not too long."""
    if not tag.startswith("#") or len(tag) < 2:
        return False
    body = tag[1:]
    return bool(_TAG_BODY.match(body)) and not body.replace("_", "").isdigit() and len(body) <= max_length


def rank_hashtags(keyphrases: list[Keyphrase], language: Language, brand: list[str] | None = None) -> list[Hashtag]:
    """Candidate hashtags, brand first, then broad and niche interleaved by score."""
    top_count = max((k.count for k in keyphrases), default=1)
    broad: list[Hashtag] = []
    niche: list[Hashtag] = []
    seen: set[str] = set()
    for k in keyphrases:
        if language == "ar" and len(k.words) == 1 and _NISBA.match(k.words[0]):
            continue  # a lone adjective (#الاجتماعية) names no topic
        tag = make_tag(k.words, language)
        if tag is None or tag.casefold() in seen or bool(_ARABIC.search(tag)) != (language == "ar"):
            continue  # invalid, repeated, or not in the post's language (a Latin brand name in Arabic text)
        seen.add(tag.casefold())
        is_broad = len(k.words) == 1 or (len(k.words) == 2 and k.count >= max(5, top_count // 2))
        (broad if is_broad else niche).append(Hashtag(tag=tag, kind="broad" if is_broad else "niche", score=k.score))
    out: list[Hashtag] = []
    for b in brand or []:
        tag = make_tag(b.replace("_", " ").split() if _ARABIC.search(b) else [b], language)
        if tag and tag.casefold() not in {h.tag.casefold() for h in out}:
            out.append(Hashtag(tag=tag, kind="brand", score=0.0))
    queues = [broad, niche] if (broad and (not niche or broad[0].score >= niche[0].score)) else [niche, broad]
    i = 0
    while queues[0] or queues[1]:
        q = queues[i % 2] or queues[(i + 1) % 2]
        h = q.pop(0)
        if h.tag.casefold() not in {x.tag.casefold() for x in out}:
            out.append(h)
        i += 1
    return out


def hashtag_set(candidates: list[Hashtag], platform: Platform) -> HashtagSet:
    """The platform's set: ``set_size`` tags, never more than its hard limit."""
    rule = platform.hashtags
    size = min(rule.set_size, rule.max) if rule.max else rule.set_size
    tags = [h for h in candidates if is_valid_tag(h.tag, rule.max_length)][:size]
    return HashtagSet(platform=platform.key, hashtags=tags, max=rule.max)

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
_NISBA = regex.compile(r"^(?:ال)?\p{Script=Arabic}{3,}(ية|ي)$")
_CLITIC = regex.compile(r"^[وفبلك](?=\p{Script=Arabic}{3,})")
_NUMBER_WORDS = frozenset(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "واحد", "واحدة", "اثنان", "اثنين", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة", "ثمان", "ثمانية", "تسع", "تسعة", "عشر", "عشرة", "عشرين", "مئة", "مائة"])
# One-word tags that name no topic: nobody follows #Content or #الشركة.
_GENERIC = frozenset(["content", "time", "item", "items", "way", "ways", "thing", "things", "people", "business", "tips", "tip", "guide", "post", "posts", "today", "work", "day", "days", "year", "years", "month", "week", "example", "examples", "step", "steps", "idea", "ideas", "reason", "reasons", "part", "help", "use", "start", "result", "results", "team", "person", "new", "good", "best", "first", "next", "list", "lists", "question", "questions", "answer", "answers", "problem", "problems", "number", "online", "local", "small", "simple", "easy", "page", "pages", "site", "article", "blog", "read", "reading", "more", "why", "how", "what", "matters", "matter", "works", "work", "need", "needs", "make", "makes", "get", "gets", "go", "goes", "keep", "keeps", "way", "really", "actually", "still", "إدارة", "ادارة", "الإدارة", "الشركة", "شركة", "الوقت", "وقت", "طريقة", "الطريقة", "طرق", "أشياء", "الناس", "اليوم", "خطوة", "خطوات", "نصائح", "نصيحة", "دليل", "الدليل", "مقال", "المقال", "العمل", "عمل", "مثال", "سبب", "أسباب", "فكرة", "أفكار", "نتيجة", "النتائج", "نتائج", "فريق", "الفريق", "شخص", "المشروع", "مشروع", "سبيل_المثال", "على_سبيل_المثال", "الحسابات", "حسابات", "حساب", "الحساب", "أفضل", "الأفضل", "سؤال", "أسئلة", "الأسئلة", "الجواب", "مشكلة", "المشكلة", "الخدمات", "خدمات", "الخدمة"])


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


def _unglue(words: tuple[str, ...], vocabulary: frozenset[str]) -> tuple[str, ...]:
    """Take a glued preposition or conjunction off an Arabic phrase (لوسائل_التواصل → وسائل_التواصل)
    when the post also uses the word without it, so a root letter (لغة، وسائل) is never cut."""
    first = words[0]
    if _CLITIC.match(first) and (first[1:] in vocabulary or "ال" + first[1:] in vocabulary):
        return (first[1:], *words[1:])
    return words


def _arabic_phrase_ok(words: tuple[str, ...]) -> bool:
    """An Arabic noun phrase, not a slice of a sentence: a definite word is followed only by definite
    words (الشبكات الاجتماعية, not المسوقون شبكات), and no word is a plural past verb (غادروا)."""
    if any(w.endswith("وا") and len(w) > 3 for w in words):
        return False
    return all(not (a.startswith("ال") and not b.startswith("ال")) for a, b in zip(words, words[1:], strict=False))


def _tag_key(text: str) -> str:
    return _NON_TAG.sub("", text.replace("_", "")).casefold()


def rank_hashtags(
    keyphrases: list[Keyphrase], language: Language, brand: list[str] | None = None, *,
    exclude: list[str] | None = None, vocabulary: frozenset[str] = frozenset(), topical: frozenset[str] = frozenset(),
) -> list[Hashtag]:
    """Candidate hashtags, brand first, then broad and niche interleaved by score.

    ``exclude`` names the source's own site, publisher and authors: a brand that reposts the
    content must not advertise them. ``vocabulary`` is the post's words, to unglue Arabic clitics.
    ``topical`` holds the word keys of the title and headings: a one-word tag must name the topic
    there (#Reviews), not a word the body happens to repeat (#Look, #صفحة).
    """
    top_count = max((k.count for k in keyphrases), default=1)
    broad: list[Hashtag] = []
    niche: list[Hashtag] = []
    seen: set[str] = set()
    excluded = [_tag_key(x) for x in exclude or [] if len(_tag_key(x)) >= 3]
    for k in keyphrases:
        if language == "ar" and len(k.words) == 1 and _NISBA.match(k.words[0]):
            continue  # a lone adjective (#الاجتماعية) names no topic
        phrase = _unglue(k.words, vocabulary) if language == "ar" else k.words
        if language == "ar" and len(phrase) > 1 and not _arabic_phrase_ok(phrase):
            continue
        if "_".join(phrase).casefold() in _GENERIC or phrase[0].casefold() in _NUMBER_WORDS:
            continue  # "#سبيل_المثال", "#TwentyCustomers": a phrase, but no topic
        if len(phrase) == 1 and (phrase[0].casefold() in _GENERIC or (topical and k.key[0] not in topical)):
            continue  # a lone common word, or one the title and headings never use
        tag = make_tag(phrase, language)
        if tag is not None and any(x in _tag_key(tag) or _tag_key(tag) in x for x in excluded):
            continue
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
    tags = [h for h in candidates if is_valid_tag(h.tag, rule.max_length)][: rule.set_cap]
    return HashtagSet(platform=platform.key, hashtags=tags, max=rule.max)

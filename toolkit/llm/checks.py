"""Check a model's drafts against the platform rules before anything is composed for real.

Each draft is rendered through the same composer the engine uses, on a copy of the platform
without its length limit, and measured with the platform's own counter: that is the text the
model actually asked for. What breaks a rule becomes a ``Violation``; the fixable ones (length,
hashtag count, bullets) are what the composer later fits deterministically, the others (wrong
language, empty or missing parts, too few slides) can only be fixed by a better answer.
"""

from __future__ import annotations

import regex

from ..lang import detect_language
from ..platforms import Platform
from ..repurpose.compose import Context, compose_caption, compose_thread
from ..repurpose.drafts import CaptionDraft, CarouselDraft, ThreadDraft
from ..repurpose.hashtags import is_valid_tag
from ..repurpose.models import Carousel, Hashtag, Language, Slide
from ..repurpose.validate import Violation, caption_violations, carousel_violations
from ..textlen import count
from . import content

UNFIXABLE = frozenset({"wrong_language", "empty", "missing", "too_few_slides"}) | content.RULES
_OVER = regex.compile(r"^(?:title )?(\d+) > (\d+)")


def fixable(v: Violation) -> bool:
    """True when the composer can repair it by dropping or trimming."""
    return v.rule not in UNFIXABLE


def describe(v: Violation) -> str:
    """One line a model can act on: where, what, and by how much."""
    m = _OVER.match(v.detail) if v.rule == "too_long" else None
    if m:
        n, limit = int(m.group(1)), int(m.group(2))
        return f"{v.where}: {n} is over the limit of {limit}; cut at least {n - limit}"
    return str(v)


_UNBOUNDED: dict[int, tuple[Platform, Platform]] = {}


def _unbounded(p: Platform) -> Platform:
    """``p`` without its length limit, made once per platform object (platforms are shared and frozen; the
    copy is asked for on every caption and thread of every answer)."""
    cached = _UNBOUNDED.get(id(p))
    if cached is None or cached[0] is not p:
        if len(_UNBOUNDED) > 256:  # platforms built on the fly (tests, custom limits) do not pile up
            _UNBOUNDED.clear()
        cached = _UNBOUNDED[id(p)] = (p, p.model_copy(update={"limit": 10**9}))
    return cached[1]


def _language(where: str, text: str, language: Language) -> list[Violation]:
    if text.strip() and detect_language(text) != language:
        return [Violation(where=where, rule="wrong_language",
                          detail=f"written in {detect_language(text)}, expected {language}")]
    return []


def _tag_checks(tags: list[str], cap: int, where: str, max_length: int) -> list[Violation]:
    out = []
    if len(tags) > cap:
        out.append(Violation(where=f"{where}.hashtags", rule="too_many_hashtags", detail=f"{len(tags)} hashtags, at most {cap} allowed"))
    out.extend(Violation(where=f"{where}.hashtags", rule="invalid_hashtag", detail=f"{t!r} is not a valid hashtag")
               for t in tags if not is_valid_tag(t, max_length))
    return out


def caption_checks(drafts: list[CaptionDraft], p: Platform, ctx: Context, variants: int) -> list[Violation]:
    out: list[Violation] = []
    if len(drafts) < variants:
        out.append(Violation(where=f"captions[{p.key}]", rule="missing", detail=f"{len(drafts)} of {variants} captions"))
    for d in drafts:
        where = f"captions[{p.key}#{d.variant}]"
        if not d.hook:
            out.append(Violation(where=f"{where}.hook", rule="empty", detail="the hook is empty"))
        out.extend(caption_violations(compose_caption(d, _unbounded(p), ctx), ctx.language))
        if p.title_limit and d.title and count(d.title, p) > p.title_limit:
            out.append(Violation(where=f"{where}.title", rule="too_long", detail=f"title {count(d.title, p)} > {p.title_limit}"))
        out.extend(_tag_checks(d.hashtags, p.hashtags.caption_cap, where, p.hashtags.max_length))
    return out


def thread_checks(d: ThreadDraft, p: Platform, ctx: Context, max_posts: int) -> list[Violation]:
    where = f"threads[{p.key}]"
    out: list[Violation] = []
    if not d.hook or not d.body:
        out.append(Violation(where=where, rule="empty", detail="a thread needs a hook and at least one post"))
    closing = 1 if (d.cta or ctx.link or d.hashtags) else 0
    if 1 + len(d.body) + closing > max_posts:
        out.append(Violation(where=where, rule="too_many_posts", detail=f"{1 + len(d.body) + closing} > {max_posts} posts"))
    for post in compose_thread(d, _unbounded(p), ctx).posts:
        n = count(post.text, p)
        if n > p.limit:
            out.append(Violation(where=f"{where}.posts[{post.index}]", rule="too_long", detail=f"{n} > {p.limit}"))
    out.extend(_tag_checks(d.hashtags, p.hashtags.caption_cap, where, p.hashtags.max_length))
    out.extend(_language(where, " ".join([d.hook] + [b.text for b in d.body]), ctx.language))
    return out


def carousel_checks(d: CarouselDraft, p: Platform, language: Language) -> list[Violation]:
    rule = p.carousel
    assert rule is not None
    where = f"carousels[{p.key}]"
    out: list[Violation] = []
    if len(d.slides) < rule.min_slides:
        out.append(Violation(where=where, rule="too_few_slides", detail=f"{len(d.slides)} < {rule.min_slides} slides"))
    if len(d.slides) > rule.max_slides:
        out.append(Violation(where=where, rule="too_many_slides", detail=f"{len(d.slides)} > {rule.max_slides} slides"))
    as_sent = Carousel(platform=p.key, language=language, size=rule.sizes[0], slides=[
        Slide(index=i, kind=s.kind, title=s.title, bullets=s.bullets, body=s.body, alt_text=s.title or "-")
        for i, s in enumerate(d.slides, start=1)
    ])
    # Slide count is judged above; alt text is written by the composer, not the model.
    out.extend(v for v in carousel_violations(as_sent) if v.rule not in {"slide_count", "alt_text"})
    out.extend(_language(where, " ".join(s.title + " " + " ".join(s.bullets) for s in d.slides), language))
    return out


def hashtag_checks(candidates: list[Hashtag]) -> list[Violation]:
    out = [Violation(where="hashtags", rule="invalid_hashtag", detail=f"{h.tag!r} is not a valid hashtag")
           for h in candidates if not is_valid_tag(h.tag)]
    if not any(is_valid_tag(h.tag) for h in candidates):
        out.append(Violation(where="hashtags", rule="empty", detail="no usable hashtag"))
    return out

"""Check outputs against the platform rules, exactly as the platforms count.

``violations`` is what tests assert to be empty on every fixture, and what the OpenAI backend
reports back to the model when it asks again.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..lang import detect_language
from ..platforms import get_platform
from ..textlen import count
from .hashtags import is_valid_tag
from .models import Caption, Carousel, HashtagSet, RepurposeResult, Thread


class Violation(BaseModel):
    model_config = ConfigDict(frozen=True)

    where: str  # e.g. "captions[x#0].text"
    rule: str  # too_long, too_many_hashtags, invalid_hashtag, wrong_language, empty, too_many_posts, slide_count
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


_CHECKED: dict[tuple[object, ...], list[Violation]] = {}  # by the inputs below: a model caption is checked
_CHECKED_SIZE = 20_000  # when drafted and again when the run is assembled; counting and detecting are the cost


def caption_violations(c: Caption, language: str | None = None) -> list[Violation]:
    key = (id(get_platform(c.platform)), c.platform, c.variant, c.text, c.title, tuple(c.hashtags), language)
    found = _CHECKED.get(key)
    if found is None:
        if len(_CHECKED) >= _CHECKED_SIZE:
            _CHECKED.clear()
        found = _CHECKED[key] = _caption_violations(c, language)
    return list(found)  # Violations are frozen; the list is the caller's


def _caption_violations(c: Caption, language: str | None) -> list[Violation]:
    p = get_platform(c.platform)
    where = f"captions[{c.platform}#{c.variant}]"
    out: list[Violation] = []
    n = count(c.text, p)
    if not c.text.strip():
        out.append(Violation(where=f"{where}.text", rule="empty", detail="the caption is empty"))
    if n > p.limit:
        out.append(Violation(where=f"{where}.text", rule="too_long", detail=f"{n} > {p.limit} ({p.unit})"))
    if c.title is not None and p.title_limit and count(c.title, p) > p.title_limit:
        out.append(Violation(where=f"{where}.title", rule="too_long", detail=f"title {count(c.title, p)} > {p.title_limit}"))
    out.extend(_tag_violations(c.hashtags, p.key, where))
    if language and c.text.strip() and detect_language(c.text) != language:
        out.append(Violation(where=f"{where}.text", rule="wrong_language", detail=f"written in {detect_language(c.text)}, expected {language}"))
    return out


def _tag_violations(tags: list[str], platform: str, where: str) -> list[Violation]:
    p = get_platform(platform)
    out = []
    if p.hashtags.max is not None and len(tags) > p.hashtags.max:
        out.append(Violation(where=f"{where}.hashtags", rule="too_many_hashtags", detail=f"{len(tags)} > {p.hashtags.max}"))
    for t in tags:
        if not is_valid_tag(t, p.hashtags.max_length):
            out.append(Violation(where=f"{where}.hashtags", rule="invalid_hashtag", detail=f"{t!r} is not a valid hashtag"))
    return out


def thread_violations(t: Thread, max_posts: int = 25) -> list[Violation]:
    p = get_platform(t.platform)
    out = []
    if len(t.posts) > max_posts:
        out.append(Violation(where=f"threads[{t.platform}]", rule="too_many_posts", detail=f"{len(t.posts)} > {max_posts}"))
    for post in t.posts:
        n = count(post.text, p)
        if n > p.limit:
            out.append(Violation(where=f"threads[{t.platform}].posts[{post.index}]", rule="too_long", detail=f"{n} > {p.limit}"))
        if not post.text.strip():
            out.append(Violation(where=f"threads[{t.platform}].posts[{post.index}]", rule="empty", detail="empty post"))
    return out


def carousel_violations(c: Carousel) -> list[Violation]:
    rule = get_platform(c.platform).carousel
    where = f"carousels[{c.platform}]"
    if rule is None:
        return [Violation(where=where, rule="unsupported", detail=f"{c.platform} has no carousels")]
    out = []
    if not rule.min_slides <= len(c.slides) <= rule.max_slides:
        out.append(Violation(where=where, rule="slide_count", detail=f"{len(c.slides)} slides, allowed {rule.min_slides}-{rule.max_slides}"))
    for s in c.slides:
        w = f"{where}.slides[{s.index}]"
        if len(s.title) > rule.title_chars:
            out.append(Violation(where=f"{w}.title", rule="too_long", detail=f"{len(s.title)} > {rule.title_chars}"))
        if len(s.bullets) > rule.bullets_per_slide:
            out.append(Violation(where=f"{w}.bullets", rule="too_many_bullets", detail=f"{len(s.bullets)} > {rule.bullets_per_slide}"))
        for b in s.bullets:
            if len(b) > rule.bullet_chars:
                out.append(Violation(where=f"{w}.bullets", rule="too_long", detail=f"{len(b)} > {rule.bullet_chars}"))
        if len(s.title) + sum(len(b) for b in s.bullets) > rule.slide_chars:
            out.append(Violation(where=w, rule="too_long", detail=f"slide text over {rule.slide_chars}"))
        if not s.alt_text.strip() or len(s.alt_text) > rule.alt_text_chars:
            out.append(Violation(where=f"{w}.alt_text", rule="alt_text", detail=f"alt text must be 1-{rule.alt_text_chars} characters"))
        if not s.title.strip():
            out.append(Violation(where=f"{w}.title", rule="empty", detail="slide without a title"))
    return out


def hashtag_set_violations(h: HashtagSet) -> list[Violation]:
    return _tag_violations([x.tag for x in h.hashtags], h.platform, f"hashtag_sets[{h.platform}]")


def violations(result: RepurposeResult) -> list[Violation]:
    """Every rule every output of a run breaks (empty when the run is publishable as is)."""
    out: list[Violation] = []
    for c in result.captions:
        out.extend(caption_violations(c, result.language))
    for t in result.threads:
        out.extend(thread_violations(t, result.brief.thread_max_posts))
    for k in result.carousels:
        out.extend(carousel_violations(k))
    for h in result.hashtag_sets:
        out.extend(hashtag_set_violations(h))
    return out

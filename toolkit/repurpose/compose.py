"""Drafts to final outputs: render through the layout templates and guarantee every limit.

For an extractive (offline) draft the body is a pool of ranked sentences and the composer picks
as many as fit the platform's target length. For a model's draft every part is meant to be used;
if the rendered text breaks a rule the composer drops or trims the least important parts and
marks the output ``repaired``. Either way nothing leaves here over its platform's limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, urlsplit, urlunsplit

import regex

from ..fit import counter_for, fit, sanitize
from ..lang import SUBORDINATOR, split_clauses
from ..platforms import Platform
from .drafts import CaptionDraft, CarouselDraft, Drafts, ThreadDraft
from .hashtags import is_valid_tag
from .layout import Layout
from .models import Brief, Caption, Carousel, HashtagSet, Language, Slide, Thread, ThreadPost

_GRAPHEME = regex.compile(r"\X")
_TAG_IN_TEXT = regex.compile(r"(?<![\w&])#[\p{L}\p{M}\p{N}_]+")

POOL_SIZE = 12  # an extractive caption considers the best dozen sentences; more never fit a caption


def encode_link(url: str) -> str:
    """Percent-encode a non-ASCII path/query so X and Mastodon count the whole link as one URL."""
    if not url or url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname.encode("idna").decode("ascii") if parts.hostname else parts.netloc
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe="/%"), quote(parts.query, safe="=&%"), quote(parts.fragment, safe="%")))


def leading_clauses(sentence: str, room: int, measure: Callable[[str], int]) -> str:
    """The sentence's opening clauses that fit ``room`` whole, without the comma after them; "" when even
    the first clause is too long or cannot stand alone (it opens with "if", "when", "إذا"…)."""
    out = ""
    for clause in split_clauses(sentence):
        candidate = f"{out} {clause}".strip()
        if measure(candidate) > room:
            break
        out = candidate
    out = out.rstrip("،,;؛: ")
    if out != sentence.strip() and (len(out.split()) < 4 or SUBORDINATOR.match(out)):
        return ""
    return out


def headline(title: str, limit: int, measure: Callable[[str], int]) -> str:
    """A title within ``limit``: whole, else its part before a colon or dash ("Guide: …" → "Guide"),
    else cut at a word."""
    if measure(title) <= limit:
        return title
    for sep in (":", " — ", " – ", " - ", " | ", "؛", "،"):
        head = title.split(sep)[0].strip()
        if head != title and len(head.split()) >= 3 and measure(head) <= limit:
            return head
    return fit(title, limit, measure)


@dataclass
class Context:
    """What every composer needs besides the draft."""

    brief: Brief
    language: Language
    layout: Layout
    extractive: bool
    notes: list[str] = field(default_factory=list)  # what had to be dropped, for the result's warnings

    @property
    def link(self) -> str:
        return self.brief.link

    def link_for(self, platform: Platform) -> str:
        """The brief's link as people read it; percent-encoded only where the platform counts a non-ASCII
        path as text (X and Mastodon weigh a URL at 23 only when it is ASCII)."""
        return encode_link(self.brief.link) if platform.url_weight else self.brief.link


# --- captions ----------------------------------------------------------------------------------


def compose_caption(draft: CaptionDraft, platform: Platform, ctx: Context) -> Caption:
    measure = counter_for(platform)
    limit = platform.limit
    target = min(platform.target, limit) if ctx.extractive else limit
    hook = sanitize(draft.hook).strip()
    body = [sanitize(p.text).strip() for p in draft.body]
    ranks = [p.rank for p in draft.body]
    # Tags already written in the hook or body count against the platform's cap.
    in_text = {t.casefold() for t in _TAG_IN_TEXT.findall(" ".join([hook, *body]))}
    tag_cap = max(platform.hashtags.caption_cap - len(in_text), 0)
    hashtags = [t for t in draft.hashtags if is_valid_tag(t, platform.hashtags.max_length)
                and t.casefold() not in in_text][:tag_cap]
    repaired = len(hashtags) < len(draft.hashtags) and not ctx.extractive
    link = ctx.link_for(platform)
    link_in_bio = ctx.layout.phrase(ctx.language, "link_in_bio")
    cta_emoji = ctx.layout.emoji("cta")

    def render(chosen: list[int], tags: list[str], hook_text: str, cta: str) -> str:
        return ctx.layout.caption(
            platform.key,
            hook=hook_text, body=[body[i] for i in sorted(chosen)], cta=cta, link=link, hashtags=tags,
            emoji=ctx.brief.emoji, cta_emoji=cta_emoji, language=ctx.language,
            platform_name=platform.name, angle=draft.angle, link_in_bio=link_in_bio,
        )

    cta = sanitize(draft.cta).strip()
    if ctx.extractive:
        chosen: list[int] = []
        current = measure(render(chosen, hashtags, hook, cta))
        for i in sorted(range(len(body)), key=lambda j: (ranks[j], j))[:POOL_SIZE]:
            if current + measure(body[i]) > target:
                continue  # adding text never shortens a caption: no need to render this trial
            trial = measure(render(chosen + [i], hashtags, hook, cta))
            if trial <= target:
                chosen.append(i)
                current = trial
        if not chosen and body:
            # Nothing fits whole: the best sentence's leading clauses that fit whole, never a cut phrase.
            best = min(range(len(body)), key=lambda j: (ranks[j], j))
            room = target - measure(render([], hashtags, hook, cta)) - 2
            head = leading_clauses(body[best], room, measure) if room >= 40 else ""
            if head:
                body[best] = head
                chosen = [best]
            else:
                ctx.notes.append(f"{platform.name} caption {draft.variant + 1}: no sentence of the post fits beside "
                                 "the hook, so it carries the hook and call to action only.")
    else:
        chosen = list(range(len(body)))
    text = render(chosen, hashtags, hook, cta)

    # Over the hard limit: shed the least important parts first, then trim.
    while measure(text) > limit and chosen:
        chosen.remove(max(chosen, key=lambda j: (ranks[j], j)))
        text, repaired = render(chosen, hashtags, hook, cta), True
    while measure(text) > limit and hashtags:
        hashtags = hashtags[:-1]
        text, repaired = render(chosen, hashtags, hook, cta), True
        if not hashtags:
            ctx.notes.append(f"{platform.name} caption {draft.variant + 1}: its hashtags were dropped to fit the limit.")
    if measure(text) > limit:
        room = limit - measure(render(chosen, hashtags, "", cta)) - 1
        hook = fit(hook, max(room, 0), measure)
        text, repaired = render(chosen, hashtags, hook, cta), True
    if measure(text) > limit:
        text, repaired = fit(text, limit, measure), True

    title = title_length = None
    if platform.title_limit:
        raw_title = sanitize(draft.title or draft.hook).strip()
        title = headline(raw_title, platform.title_limit, measure)
        title_length = measure(title)
        repaired = repaired or (title != raw_title and not ctx.extractive)
    return Caption(
        platform=platform.key, variant=draft.variant, angle=draft.angle, title=title, text=text,
        hashtags=[t for t in hashtags if t in text], length=measure(text), limit=limit,
        title_length=title_length, title_limit=platform.title_limit, unit=platform.unit,
        repaired=repaired and not ctx.extractive,
    )


# --- threads -----------------------------------------------------------------------------------

_SLACK = 8  # a template may join text and numbering a little tighter than rendering them apart suggests
_WIDEST = 99  # numbering is packed as if it were "99/99", so the real numbers always fit


_SPLITTERS: tuple[tuple[Callable[[str], list[str]], str], ...] = (
    (split_clauses, " "),
    (str.split, " "),
    (lambda word: _GRAPHEME.findall(word), ""),  # a letter never leaves its marks, an emoji stays whole
)


def _pieces(text: str, fits: Callable[[str], bool], level: int = 0) -> list[str]:
    """Split one over-long sentence into pieces that fit, losing nothing: clauses first, then words, then
    grapheme clusters. Each piece is the longest run that fits, found by bisection, so a very long
    sentence costs a few renders per piece rather than one per word."""
    if fits(text) or level == len(_SPLITTERS):
        return [text] if text else []
    split, joiner = _SPLITTERS[level]
    tokens = [t for t in split(text) if t]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        lo, hi = 0, len(tokens) - i  # the most tokens from i that still fit
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if fits(joiner.join(tokens[i : i + mid])) else (lo, mid - 1)
        if lo == 0:
            out.extend(_pieces(tokens[i], fits, level + 1))
            i += 1
        else:
            out.append(joiner.join(tokens[i : i + lo]))
            i += lo
    return out


def compose_thread(draft: ThreadDraft, platform: Platform, ctx: Context) -> Thread:
    measure = counter_for(platform)
    limit = platform.limit
    max_posts = min(ctx.brief.thread_max_posts, platform.thread.max_posts if platform.thread else 25)

    def post(text: str, index: int, total: int) -> str:
        return ctx.layout.thread_post(
            text=text, index=index, total=total, is_first=index == 1, is_last=index == total,
            emoji=ctx.brief.emoji, thread_emoji=ctx.layout.emoji("thread"), language=ctx.language, platform=platform.key,
        )

    @cache
    def fits_first(t: str) -> bool:
        return measure(post(t, 1, _WIDEST)) <= limit

    frame = measure(post("", _WIDEST, _WIDEST))  # what the numbering and emoji add around a post's text

    @cache
    def fits(t: str) -> bool:
        # Text far over the room cannot fit whatever the template does around it: no render needed.
        if measure(t) + frame > limit + _SLACK:
            return False
        return measure(post(t, _WIDEST, _WIDEST)) <= limit

    closing_parts = [p for p in (draft.cta, ctx.link_for(platform)) if p]
    closing = " ".join(closing_parts + [t for t in draft.hashtags[: platform.hashtags.caption_cap] if is_valid_tag(t)])
    body = [sanitize(p.text).strip() for p in draft.body]
    ranks = [p.rank for p in draft.body]
    starts_post = [p.starts_post for p in draft.body]
    repaired = False

    pieces: dict[int, list[str]] = {}

    def pieces_of(i: int) -> list[str]:
        if i not in pieces:
            pieces[i] = _pieces(body[i], fits)
        return pieces[i]

    def pack(indices: list[int]) -> list[str]:
        posts: list[str] = []
        if ctx.extractive:
            current = ""
            for i in sorted(indices):
                if starts_post[i] and current:
                    posts.append(current)
                    current = ""
                for piece in pieces_of(i):
                    candidate = f"{current} {piece}".strip()
                    if fits(candidate):
                        current = candidate
                    else:
                        posts.append(current)
                        current = piece
            if current:
                posts.append(current)
        else:
            for i in sorted(indices):
                posts.extend(pieces_of(i))
        return [p for p in posts if p]

    hook_posts = _pieces(sanitize(draft.hook).strip(), fits_first)
    if len(hook_posts) > 1:
        hook_posts = [fit(draft.hook, limit - (measure(post("", 1, _WIDEST))), measure)]
        repaired = True
    closing_posts = _pieces(closing, fits) if closing else []
    room = max(max_posts - len(hook_posts) - len(closing_posts), 1)

    order = sorted(range(len(body)), key=lambda j: (ranks[j], j))
    if ctx.extractive:
        chosen: list[int] = []
        for i in order[: room * 3]:
            if len(pack(chosen + [i])) <= room:
                chosen.append(i)
        middle = pack(chosen)
    else:
        middle = pack(order)
        if len(middle) > room:
            middle, repaired = middle[:room], True
        if any(not fits(p) for p in (body or [])):
            repaired = True
    texts = hook_posts + middle + closing_posts
    total = len(texts)
    posts_out = []
    for i, t in enumerate(texts, start=1):
        rendered = post(t, i, total)
        if measure(rendered) > limit:  # unreachable by construction; kept as the last guarantee
            rendered, repaired = fit(rendered, limit, measure), True
        posts_out.append(ThreadPost(index=i, text=rendered, length=measure(rendered)))
    return Thread(platform=platform.key, posts=posts_out, limit=limit, unit=platform.unit, repaired=repaired)


# --- carousels ---------------------------------------------------------------------------------


def compose_carousel(draft: CarouselDraft, platform: Platform, ctx: Context) -> Carousel:
    rule = platform.carousel
    assert rule is not None, f"{platform.key} has no carousel rule"
    repaired = False
    slides = list(draft.slides)
    if len(slides) > rule.max_slides:
        content = [s for s in slides if s.kind == "content"][: rule.max_slides - 2]
        slides = [s for s in slides if s.kind == "cover"][:1] + content + [s for s in slides if s.kind == "cta"][:1]
        repaired = True

    def trim(text: str, budget: int) -> str:
        nonlocal repaired
        text = sanitize(text).strip()
        out = fit(text, budget, len)
        repaired = repaired or out != text
        return out

    total = len(slides)
    out: list[Slide] = []
    for index, s in enumerate(slides, start=1):
        title = trim(s.title, rule.title_chars)
        bullets = [trim(b, rule.bullet_chars) for b in s.bullets if b.strip()][: rule.bullets_per_slide]
        while bullets and len(title) + sum(len(b) for b in bullets) > rule.slide_chars:
            bullets.pop()
            repaired = True
        body = trim(s.body, rule.bullet_chars)
        label = ctx.layout.phrase(ctx.language, "slide_label", index=index, total=total)
        alt = ctx.layout.slide_alt(slide_label=label, title=title, bullets=bullets, body=body, kind=s.kind, language=ctx.language)
        out.append(Slide(index=index, kind=s.kind, title=title, bullets=bullets, body=body, alt_text=fit(alt, rule.alt_text_chars, len)))
    return Carousel(
        platform=platform.key, language=ctx.language, size=rule.sizes[0], slides=out,
        handle=ctx.brief.handle, repaired=repaired and not ctx.extractive,
    )


# --- hashtag sets ------------------------------------------------------------------------------


def compose_hashtag_set(tag_set: HashtagSet, platform: Platform) -> HashtagSet:
    rule = platform.hashtags
    cap = rule.set_cap
    seen: set[str] = set()
    tags = []
    for h in tag_set.hashtags:
        if is_valid_tag(h.tag, rule.max_length) and h.tag.casefold() not in seen:
            seen.add(h.tag.casefold())
            tags.append(h)
    return HashtagSet(platform=platform.key, hashtags=tags[:cap], max=rule.max)


def compose(drafts: Drafts, platforms: dict[str, Platform], ctx: Context):
    """All drafts to outputs, in the platforms' order."""
    captions = [compose_caption(d, platforms[d.platform], ctx) for d in drafts.captions if d.platform in platforms]
    threads = [compose_thread(d, platforms[d.platform], ctx) for d in drafts.threads if d.platform in platforms]
    carousels = [compose_carousel(d, platforms[d.platform], ctx) for d in drafts.carousels if d.platform in platforms]
    sets = [compose_hashtag_set(s, platforms[s.platform]) for s in drafts.hashtag_sets if s.platform in platforms]
    return captions, threads, carousels, sets

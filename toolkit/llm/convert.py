"""A parsed answer to the engine's drafts: the same shapes the offline engine hands the composer.

Deterministic touches happen here, not in the prompt: the brief's call to action wins over the
model's, brand hashtags go first, and a tag written without its ``#`` gets one.
"""

from __future__ import annotations

from ..platforms import Platform
from ..repurpose.drafts import (
    BodyPart,
    CaptionDraft,
    CarouselDraft,
    SlideDraft,
    ThreadDraft,
)
from ..repurpose.hashtags import hashtag_set, rank_hashtags
from ..repurpose.models import Brief, Hashtag, HashtagSet, Language
from .schemas import CaptionsAnswer, CarouselAnswer, HashtagsAnswer, ThreadAnswer

_ANGLE_CHARS = 24


def brand_tags(brief: Brief, language: Language) -> list[str]:
    return [h.tag for h in rank_hashtags([], language, brief.brand_hashtags)]


def _tag(text: str) -> str:
    text = text.strip()
    return text if text.startswith("#") else f"#{text}"


def _tags(model_tags: list[str], brief: Brief, language: Language) -> list[str]:
    out: list[str] = []
    for t in brand_tags(brief, language) + [_tag(t) for t in model_tags if t.strip()]:
        if t.casefold() not in {x.casefold() for x in out}:
            out.append(t)
    return out


def _parts(texts: list[str]) -> list[BodyPart]:
    """Model sentences in reading order; earlier ones rank higher, so repairs drop the last first."""
    return [BodyPart(text=t.strip(), rank=i) for i, t in enumerate(x for x in texts if x.strip())]


def caption_drafts(answer: CaptionsAnswer, p: Platform, brief: Brief, language: Language) -> list[CaptionDraft]:
    return [
        CaptionDraft(
            platform=p.key, variant=i, angle=(c.angle.strip().lower() or "summary")[:_ANGLE_CHARS],
            hook=c.hook.strip(), body=_parts(c.body), cta=brief.call_to_action or c.cta.strip(),
            title=c.title.strip() or None, hashtags=_tags(c.hashtags, brief, language),
        )
        for i, c in enumerate(answer.captions[: brief.variants])
    ]


def thread_draft(answer: ThreadAnswer, p: Platform, brief: Brief, language: Language) -> ThreadDraft:
    return ThreadDraft(
        platform=p.key, hook=answer.hook.strip(), body=_parts(answer.posts),
        cta=brief.call_to_action or answer.cta.strip(), hashtags=_tags(answer.hashtags, brief, language),
    )


def carousel_draft(answer: CarouselAnswer, p: Platform) -> CarouselDraft:
    return CarouselDraft(platform=p.key, slides=[
        SlideDraft(kind=s.kind, title=s.title.strip(), bullets=[b.strip() for b in s.bullets if b.strip()], body=s.body.strip())
        for s in answer.slides
    ])


def hashtag_candidates(answer: HashtagsAnswer, brief: Brief, language: Language) -> list[Hashtag]:
    """Brand tags first, then the model's in its order, without case-insensitive duplicates."""
    out = rank_hashtags([], language, brief.brand_hashtags)
    seen = {h.tag.casefold() for h in out}
    for t in answer.hashtags:
        tag = _tag(t.tag)
        if len(tag) > 1 and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(Hashtag(tag=tag, kind=t.kind))
    return out


def hashtag_sets(candidates: list[Hashtag], platforms: list[Platform]) -> list[HashtagSet]:
    return [hashtag_set(candidates, p) for p in platforms]

"""The shapes the model must answer in, and the limits sent with them.

Answers are parsed with these lenient models (no length limits), so an over-long answer is a
rule violation the toolkit can report and repair, not a parse failure. The JSON schema sent to
the server carries the limits (``maxLength``/``maxItems``): servers that decode with a grammar
(llama.cpp) then stop in time, and OpenAI's strict mode keeps the structure exact.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, Literal

from openai.lib import type_to_response_format_param
from pydantic import BaseModel, ConfigDict

from ..platforms import Platform
from ..repurpose.models import Brief, SlideKind

Kind = Literal["captions", "thread", "carousel", "hashtags"]
KINDS: tuple[Kind, ...] = ("captions", "thread", "carousel", "hashtags")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CaptionAnswer(_Answer):
    angle: str
    hook: str
    body: list[str]
    cta: str
    title: str
    hashtags: list[str]


class CaptionsAnswer(_Answer):
    captions: list[CaptionAnswer]


class ThreadAnswer(_Answer):
    hook: str
    posts: list[str]
    cta: str
    hashtags: list[str]


class SlideAnswer(_Answer):
    kind: SlideKind
    title: str
    bullets: list[str]
    body: str


class CarouselAnswer(_Answer):
    slides: list[SlideAnswer]


class TagAnswer(_Answer):
    tag: str
    kind: Literal["broad", "niche"]


class HashtagsAnswer(_Answer):
    hashtags: list[TagAnswer]


ANSWERS: dict[Kind, type[_Answer]] = {
    "captions": CaptionsAnswer, "thread": ThreadAnswer, "carousel": CarouselAnswer, "hashtags": HashtagsAnswer,
}

Answer = CaptionsAnswer | ThreadAnswer | CarouselAnswer | HashtagsAnswer

CTA_CHARS = 120
TAG_CHARS = 41  # '#' plus the 40 the platform table allows
# A hashtag as grammar-decoding servers can enforce it: llama.cpp ignores negated classes such as
# [^\s], so the letters are listed (basic and Latin-1 Latin, Arabic letters and digits). A subset
# of what ``is_valid_tag`` accepts, which still judges the answer.
_TAG_LETTER = "A-Za-z_À-ÖØ-öø-ÿء-يٱ-ە"
TAG_PATTERN = f"^#[{_TAG_LETTER}][{_TAG_LETTER}0-9٠-٩]{{0,39}}$"  # not all digits, like is_valid_tag


def model_tag_cap(p: Platform, brief: Brief) -> int:
    """Hashtags the model may add to a caption: the toolkit puts the brand tags first."""
    return max(p.hashtags.caption_cap - len(brief.brand_hashtags), 0)


def thread_max_posts(p: Platform, brief: Brief) -> int:
    return min(brief.thread_max_posts, p.thread.max_posts if p.thread else 25)


def caption_text_budget(p: Platform, brief: Brief) -> int:
    """Room for hook + body + call to action once the link and hashtags the toolkit adds are counted."""
    link = (p.url_weight or len(brief.link)) if brief.link else 0
    tags = p.hashtags.caption_cap * 16
    return max(60, min(p.target, p.limit) - link - tags - 10)


def budgets(kind: Kind, p: Platform | None, brief: Brief, platforms: list[Platform]) -> dict[str, Any]:
    """The numbers the prompt states and the schema enforces, from the platform table."""
    if kind == "captions":
        assert p is not None
        # Split the text budget so that parts each within their schema limit also fit together.
        text = caption_text_budget(p, brief)
        cta = min(CTA_CHARS, text // 5)
        hook = min(150, (text - cta) * 2 // 5)
        parts = 3 if text - cta - hook >= 300 else 2
        return {"variants": brief.variants, "text": text, "hook": hook, "body_parts": parts,
                "body": (text - cta - hook) // parts, "cta": cta, "hashtags": model_tag_cap(p, brief),
                "title": p.title_limit or 100}
    if kind == "thread":
        assert p is not None
        posts = thread_max_posts(p, brief)
        return {"posts": max(posts - 2, 1), "total_posts": posts, "post": p.limit - 12,
                "cta": CTA_CHARS, "hashtags": model_tag_cap(p, brief)}
    if kind == "carousel":
        assert p is not None and p.carousel is not None
        c = p.carousel
        return {"min_slides": c.min_slides, "max_slides": min(c.max_slides, 8), "title": c.title_chars,
                "bullets": c.bullets_per_slide, "bullet": c.bullet_chars, "slide": c.slide_chars}
    return {"hashtags": max((x.hashtags.set_cap for x in platforms), default=5) + 3,
            "tag": TAG_CHARS}


def _limits(kind: Kind, b: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """JSON-schema keywords per path (``*`` is an array's items)."""
    if kind == "captions":
        return {
            "captions": {"minItems": b["variants"], "maxItems": b["variants"]},
            "captions.*.angle": {"maxLength": 24},
            "captions.*.hook": {"maxLength": b["hook"]},
            "captions.*.body": {"maxItems": b["body_parts"]},
            "captions.*.body.*": {"maxLength": b["body"]},
            "captions.*.cta": {"maxLength": b["cta"]},
            "captions.*.title": {"maxLength": b["title"]},
            "captions.*.hashtags": {"maxItems": b["hashtags"]},
            "captions.*.hashtags.*": {"pattern": TAG_PATTERN},
        }
    if kind == "thread":
        return {
            "hook": {"maxLength": b["post"]},
            "posts": {"minItems": 1, "maxItems": b["posts"]},
            "posts.*": {"maxLength": b["post"]},
            "cta": {"maxLength": b["cta"]},
            "hashtags": {"maxItems": b["hashtags"]},
            "hashtags.*": {"pattern": TAG_PATTERN},
        }
    if kind == "carousel":
        return {
            "slides": {"minItems": b["min_slides"], "maxItems": b["max_slides"]},
            "slides.*.title": {"maxLength": b["title"]},
            "slides.*.bullets": {"maxItems": b["bullets"]},
            "slides.*.bullets.*": {"maxLength": b["bullet"]},
            "slides.*.body": {"maxLength": b["bullet"]},
        }
    return {"hashtags": {"minItems": 1, "maxItems": b["hashtags"]}, "hashtags.*.tag": {"pattern": TAG_PATTERN}}


def response_format(kind: Kind, budget: dict[str, Any], *, limits: bool = True) -> dict[str, Any]:
    """The ``response_format`` parameter: strict JSON schema named after the output kind (built once per kind and
    budget: every post of a bulk run asks for the same few; treat the result as read-only)."""
    key = (kind, tuple(sorted(budget.items())), limits)
    if key not in _FORMATS:
        _FORMATS[key] = _build_format(kind, budget, limits)
    return _FORMATS[key]


_FORMATS: dict[tuple[Any, ...], dict[str, Any]] = {}


def _build_format(kind: Kind, budget: dict[str, Any], limits: bool) -> dict[str, Any]:
    fmt = copy.deepcopy(_base_format(kind))
    fmt["json_schema"]["name"] = kind
    if limits:
        schema = fmt["json_schema"]["schema"]
        for path, keywords in _limits(kind, budget).items():
            _node(schema, path).update(keywords)
    return fmt


@cache
def _base_format(kind: Kind) -> dict[str, Any]:
    """Pydantic builds the schema in ~2 ms; every call of a bulk run needs the same one."""
    fmt = type_to_response_format_param(ANSWERS[kind])
    if not isinstance(fmt, dict):  # the SDK returns a TypedDict for a pydantic model, ``Omit`` only for none
        raise TypeError(f"no JSON schema response format for {kind}")
    return dict(fmt)


def _node(schema: dict[str, Any], path: str) -> dict[str, Any]:
    def deref(node: dict[str, Any]) -> dict[str, Any]:
        ref = node.get("$ref")
        return schema["$defs"][ref.rsplit("/", 1)[-1]] if ref else node

    node = schema
    for part in path.split("."):
        node = deref(node)
        node = node["items"] if part == "*" else node["properties"][part]
    return node

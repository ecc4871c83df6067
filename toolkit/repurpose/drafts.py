"""What a backend hands back before layout: the parts of each output, not the final text.

A backend decides *what* to say (hook, ranked body sentences, call to action, slides); the shared
composer (``compose.py``) decides the final shape through the layout templates and guarantees the
platform limits. Keeping the seam here means the offline engine and the OpenAI backend are fitted
and validated by exactly the same code.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .models import HashtagSet, SlideKind


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BodyPart(_Model):
    """One sentence (or clause) of body text; lower ``rank`` is kept first when space is short."""

    text: str
    rank: int = 0
    starts_post: bool = False  # threads: never packed after other text (a list item opens its own post)


class CaptionDraft(_Model):
    platform: str
    variant: int = 0
    angle: str = "summary"
    hook: str
    body: list[BodyPart] = Field(default_factory=list)  # in reading order
    cta: str = ""
    title: str | None = None  # YouTube / Pinterest title; the hook when None
    hashtags: list[str] = Field(default_factory=list)  # with '#', most important first


class ThreadDraft(_Model):
    platform: str
    hook: str
    body: list[BodyPart] = Field(default_factory=list)  # in reading order
    cta: str = ""
    hashtags: list[str] = Field(default_factory=list)


class SlideDraft(_Model):
    kind: SlideKind
    title: str
    bullets: list[str] = Field(default_factory=list)
    body: str = ""


class CarouselDraft(_Model):
    platform: str
    slides: list[SlideDraft]


class Drafts(_Model):
    extractive: bool = False  # True: bodies are ranked pools to choose from, not text to keep whole
    captions: list[CaptionDraft] = Field(default_factory=list)
    threads: list[ThreadDraft] = Field(default_factory=list)
    carousels: list[CarouselDraft] = Field(default_factory=list)
    hashtag_sets: list[HashtagSet] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

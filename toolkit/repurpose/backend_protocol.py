"""The seam in front of whatever writes the content: the offline engine or a language model."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from ..platforms import Platform
from .drafts import Drafts
from .models import Brief, Language, Post


@runtime_checkable
class Backend(Protocol):
    """Turns a parsed post and a brief into drafts for the requested platforms."""

    name: str  # "offline", "openai", ...
    model: str  # the model name logged with every run ("extractive-v1" for offline)

    def draft(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language) -> Drafts:
        ...

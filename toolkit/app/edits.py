"""A copywriter's edit to a caption, counted again by the platform's own rules.

The browser shows a live count while they type; this is the count that goes into the card,
the downloads and the experiment, so edited text is never exported with a stale length.
"""

from __future__ import annotations

import regex

from ..errors import NotFoundError
from ..repurpose.models import Caption, RepurposeResult
from ..textlen import measure

_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_])#[\p{L}\p{M}\p{N}_]+")


def edited_caption(caption: Caption, text: str) -> Caption:
    """``caption`` with ``text``: length measured again, hashtags read from the new text."""
    if text == caption.text:
        return caption
    m = measure(text, caption.platform, limit=caption.limit)
    return caption.model_copy(update={"text": text, "length": m.length, "hashtags": _HASHTAG.findall(text)})


def with_caption_text(result: RepurposeResult, platform: str, variant: int, text: str) -> RepurposeResult:
    """A copy of ``result`` with one caption's text replaced."""
    captions = list(result.captions)
    for i, c in enumerate(captions):
        if c.platform == platform and c.variant == variant:
            captions[i] = edited_caption(c, text)
            return result.model_copy(update={"captions": captions})
    raise NotFoundError(f"This run has no {platform} caption {variant + 1}: generate again.")


def over_limit(result: RepurposeResult) -> list[Caption]:
    """Captions an edit pushed past their platform's limit."""
    return [c for c in result.captions if c.length > c.limit]

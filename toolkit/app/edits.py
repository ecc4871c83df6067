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


def with_caption_title(result: RepurposeResult, platform: str, variant: int, title: str) -> RepurposeResult:
    """A copy of ``result`` with one caption's title (YouTube, Pinterest) replaced and counted again."""
    captions = list(result.captions)
    for i, c in enumerate(captions):
        if c.platform == platform and c.variant == variant and c.title is not None:
            length = measure(title, c.platform, limit=c.title_limit).length
            captions[i] = c.model_copy(update={"title": title, "title_length": length})
            return result.model_copy(update={"captions": captions})
    raise NotFoundError(f"This run has no {platform} title {variant + 1}: generate again.")


def with_thread_post(result: RepurposeResult, platform: str, index: int, text: str) -> RepurposeResult:
    """A copy of ``result`` with post ``index`` (1-based) of a platform's thread replaced and counted again."""
    threads = list(result.threads)
    for i, thread in enumerate(threads):
        if thread.platform != platform:
            continue
        posts = list(thread.posts)
        for j, post in enumerate(posts):
            if post.index == index:
                length = measure(text, platform, limit=thread.limit).length
                posts[j] = post.model_copy(update={"text": text, "length": length})
                threads[i] = thread.model_copy(update={"posts": posts})
                return result.model_copy(update={"threads": threads})
    raise NotFoundError(f"This run has no post {index} in its {platform} thread: generate again.")

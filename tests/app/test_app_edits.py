"""An edited caption is counted again by the platform's rules, and its hashtags read again."""

from __future__ import annotations

import pytest

from toolkit.app.edits import edited_caption, over_limit, with_caption_text
from toolkit.errors import NotFoundError
from toolkit.textlen import count


def test_edit_recounts_in_the_platform_unit(arabic_result):
    text = "مرحبا 👋 https://example.com/a-very-long-path-that-counts-as-23 #تسويق #محتوى"
    edited = with_caption_text(arabic_result, "x", 0, text)
    c = next(c for c in edited.captions if c.platform == "x" and c.variant == 0)
    assert c.text == text
    assert c.length == count(text, "x") == 6 + 2 + 1 + 23 + 1 + 6 + 1 + 6
    assert c.hashtags == ["#تسويق", "#محتوى"]
    assert arabic_result.captions[0].text != text  # the original is untouched


def test_over_limit_lists_captions_pushed_past_the_limit(arabic_result):
    assert over_limit(arabic_result) == []
    edited = with_caption_text(arabic_result, "x", 1, "ا" * 281)
    assert [(c.platform, c.variant, c.length) for c in over_limit(edited)] == [("x", 1, 281)]


def test_unchanged_text_keeps_the_same_caption(arabic_result):
    c = arabic_result.captions[0]
    assert edited_caption(c, c.text) is c


def test_unknown_caption_is_a_readable_error(arabic_result):
    with pytest.raises(NotFoundError, match="no x caption 10"):
        with_caption_text(arabic_result, "x", 9, "text")


def test_title_edit_is_counted_again(english_result):
    from toolkit.app.edits import with_caption_title

    edited = with_caption_title(english_result, "youtube", 0, "عنوان جديد للفيديو")
    c = next(c for c in edited.captions if c.platform == "youtube" and c.variant == 0)
    assert (c.title, c.title_length) == ("عنوان جديد للفيديو", count("عنوان جديد للفيديو", "youtube"))
    with pytest.raises(NotFoundError):
        with_caption_title(english_result, "x", 0, "X has no titles")


def test_thread_post_edit_is_counted_again(arabic_result):
    from toolkit.app.edits import with_thread_post

    text = "منشور معدّل 👋🏽 https://example.com/x"
    edited = with_thread_post(arabic_result, "x", 2, text)
    post = next(t for t in edited.threads if t.platform == "x").posts[1]
    assert (post.index, post.text, post.length) == (2, text, count(text, "x"))
    with pytest.raises(NotFoundError):
        with_thread_post(arabic_result, "x", 99, text)

"""The one line-direction rule (toolkit.bidi) that cards, editors and carousel slides share."""

from __future__ import annotations

import pytest

from toolkit import bidi
from toolkit.app.safe import bounded, markdown_escape
from toolkit.carousel.context import text_direction as slide_direction


@pytest.mark.parametrize(("line", "expected"), [
    ("👉 اقرأ الدليل الكامل: https://example.com/blog/a-very-long-english-path-with-many-words", "rtl"),
    ("Facebook هي أكبر شبكة اجتماعية في العالم", "rtl"),  # an Arabic sentence opening with a brand
    ("تابعنا @creative_ai_with_a_long_handle", "rtl"),
    ("Read the guide: https://example.com/مقالات", "ltr"),
    ("https://example.com/مقالات", "ltr"),  # a link alone reads left to right
    ("@toolkit_ar", "ltr"),
    ("٢٠٢٤ - 90%", "rtl"),  # no letters: the block's own direction
    ("", "rtl"),
])
def test_line_direction(line, expected):
    assert bidi.line_direction(line, "rtl") == expected


def test_cards_and_slides_decide_alike():
    for text in ("Facebook هو الأكثر شعبية", "اقرأ: https://example.com/a-long-english-path", "@brand", "Hello"):
        assert slide_direction(text, "rtl") == bidi.text_direction(text, "rtl")


def test_tokens_keep_the_text_and_leave_punctuation_out_of_links():
    line = "زوروا https://a.io/b). أو راسلونا hi@a.io و@brand #AI #تسويق 12:30 2/7"
    parts = bidi.tokens(line)
    assert "".join(t for _, t in parts) == line
    assert ("url", "https://a.io/b") in parts and ("email", "hi@a.io") in parts
    assert ("handle", "@brand") not in parts  # glued to "و": not a handle on its own
    assert ("tag", "#AI") in parts and ("number", "12:30") in parts and ("number", "2/7") in parts
    assert bidi.token_direction("tag", "#تسويق") == "rtl" and bidi.token_direction("tag", "#AI") == "ltr"


def test_isolation_in_html_and_in_plain_text():
    assert bidi.isolate_html("<b> @creative_ai", {"handle": "h"}) == '&lt;b&gt; <bdi dir="ltr" class="h">@creative_ai</bdi>'
    assert bidi.isolate_text("اقرأ: https://a.io") == "اقرأ: \u2066https://a.io\u2069"
    assert bidi.isolate_text("#تسويق") == "\u2067#تسويق\u2069"


def test_markdown_from_data_is_shown_as_text():
    assert markdown_escape("![x](http://h/p.png) __class__ `c` <img>") == (
        "!\\[x\\](http://h/p.png) \\_\\_class\\_\\_ \\`c\\` \\<img\\>")
    assert markdown_escape("نص عادي: 3.5") == "نص عادي: 3.5"


def test_previews_are_bounded():
    assert bounded("abc", 5) == ("abc", 0)
    shown, cut = bounded("x" * 100_000_000)
    assert len(shown) == 20_000 and cut == 100_000_000 - 20_000

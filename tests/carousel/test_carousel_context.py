"""Template variables, slide sizes, text direction and alt texts: pure functions of the carousel."""

from __future__ import annotations

import pytest
from carousel_samples import carousel

from toolkit.carousel.context import (
    alt_texts,
    parse_size,
    resolve_size,
    template_context,
    text_direction,
)
from toolkit.carousel.textsize import TextSizes
from toolkit.carousel.themes import load_theme
from toolkit.errors import ConfigError


def test_parse_size():
    assert parse_size("1080x1350") == (1080, 1350)
    assert parse_size(" 1080 X 1080 ") == (1080, 1080)
    with pytest.raises(ConfigError, match="'big' is not WIDTHxHEIGHT"):
        parse_size("big")


def test_sizes_come_from_the_platform_table():
    c = carousel("en")
    assert resolve_size(c, None) == (1080, 1350)
    assert resolve_size(c, "1080x1440") == (1080, 1440)
    with pytest.raises(ConfigError, match="1080x1440 is not offered for linkedin carousels: use one of 1080x1350, 1080x1080"):
        resolve_size(carousel("en", platform="linkedin"), (1080, 1440))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("تابعنا لمزيد من النصائح", "rtl"),
        ("https://example.com/مقالات", "ltr"),
        ("@toolkit_ar", "ltr"),
        ("Facebook هو الأكثر شعبية", "rtl"),  # most letters are Arabic (toolkit.bidi, shared with the app)
        ("٢٠٢٤ - 90%", "rtl"),  # no letter at all: the slide's own direction
    ],
)
def test_text_direction_follows_most_letters(text, expected):
    assert text_direction(text, "rtl") == expected


def test_alt_text_falls_back_to_what_the_slide_says():
    c = carousel("en", slides=3)
    texts = alt_texts(c)
    assert texts[0] == "Cover: What are the benefits of social engagement?"
    assert texts[2] == "Follow for more tips. https://example.com/blog."  # its alt_text was empty


def test_template_context_numbers_slides_by_position():
    c = carousel("ar", slides=7)
    sizes = [TextSizes(80, 40)] * 7
    ctx = template_context(c, load_theme(), [1, 6], sizes, (1080, 1350))
    second, last = ctx["slides"]
    assert (second["number"], second["is_last"], second["progress"]) == ("2 / 7", False, 28.6)
    assert (last["number"], last["is_last"], last["body_dir"]) == ("7 / 7", True, "ltr")
    assert ctx["carousel"] == {
        "platform": "instagram", "language": "ar", "dir": "rtl", "width": 1080, "height": 1350, "total": 7,
        "handle": "@toolkit_ar",
    }
    assert ctx["theme"]["font"].startswith('"IBM Plex Sans Arabic"')

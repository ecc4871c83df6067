"""Font-size tiers and shrink steps: pure arithmetic, checked with literal values."""

from __future__ import annotations

import math

from carousel_samples import AR_LONG_BULLET, AR_LONG_TITLE

from toolkit.carousel.textsize import TextSizes, initial_sizes, shrink
from toolkit.carousel.themes import TextBounds
from toolkit.repurpose.models import Slide

BOUNDS = TextBounds(title_max=104, title_min=36, body_max=56, body_min=24)


def _slide(kind="content", title="قصير", bullets=(), body=""):
    return Slide(index=1, kind=kind, title=title, bullets=list(bullets), body=body, alt_text="")


def test_short_text_starts_at_the_largest_tier():
    assert initial_sizes(_slide("cover"), BOUNDS, 1080) == TextSizes(title=104, body=56)
    assert initial_sizes(_slide("content"), BOUNDS, 1080) == TextSizes(title=88, body=56)


def test_long_text_starts_smaller_but_within_bounds():
    sizes = initial_sizes(_slide(title=AR_LONG_TITLE, bullets=[AR_LONG_BULLET] * 3), BOUNDS, 1080)
    assert sizes == TextSizes(title=58, body=40)
    assert BOUNDS.title_min <= sizes.title <= BOUNDS.title_max
    assert BOUNDS.body_min <= sizes.body <= BOUNDS.body_max


def test_sizes_scale_with_slide_width():
    assert initial_sizes(_slide("cover"), BOUNDS, 540) == TextSizes(title=52, body=28)


def test_shrink_step_follows_the_measured_fill():
    # fill 1.21 -> 0.97 / 1.1 = 0.8818...
    assert shrink(TextSizes(80, 50), BOUNDS, 1080, 1.21) == TextSizes(title=70, body=44)
    # a barely overflowing slide still shrinks by at least 8 %
    assert shrink(TextSizes(80, 50), BOUNDS, 1080, 1.01) == TextSizes(title=73, body=46)
    # a hugely overflowing one by at most 40 %
    assert shrink(TextSizes(80, 50), BOUNDS, 1080, 9.0) == TextSizes(title=48, body=30)


def test_shrink_stops_at_the_minimum():
    assert shrink(TextSizes(38, 25), BOUNDS, 1080, 2.0) == TextSizes(title=36, body=24)
    assert shrink(TextSizes(36, 24), BOUNDS, 1080, 2.0) is None


def test_shrinking_always_ends():
    sizes, steps = TextSizes(104, 56), 0
    while (smaller := shrink(sizes, BOUNDS, 1080, 1.0001)) is not None:
        assert smaller.title <= sizes.title and smaller.body <= sizes.body and smaller != sizes
        sizes, steps = smaller, steps + 1
    assert sizes == TextSizes(36, 24)
    assert steps <= math.ceil(math.log(36 / 104) / math.log(0.92))

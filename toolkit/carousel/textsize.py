"""Font sizes that make a slide's text fit: a first guess from text length, then smaller steps.

Pure arithmetic. The renderer lays a slide out, measures how full its text frame is
(``measure.frame_fill``) and asks ``shrink`` for the next sizes until the text fits or both
sizes reach the theme's minimum.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from ..repurpose.models import Slide
from .themes import TextBounds

BASE_WIDTH = 1080  # theme sizes are in px on a slide this wide

# (longest text in characters, fraction of the theme's maximum size). Covers and CTAs carry one
# big statement; content slides share the frame with bullets, so their titles start smaller.
_TITLE_TIERS = {
    "cover": ((30, 1.0), (60, 0.85), (90, 0.74), (math.inf, 0.62)),
    "content": ((30, 0.85), (60, 0.77), (90, 0.66), (math.inf, 0.56)),
    "cta": ((30, 0.9), (60, 0.78), (90, 0.68), (math.inf, 0.58)),
}
_BODY_TIERS = ((120, 1.0), (220, 0.9), (320, 0.82), (math.inf, 0.72))

# One step never shrinks by less than 8 % (so the loop ends quickly) or more than 40 %.
_STEP_MIN, _STEP_MAX = 0.60, 0.92
_SAFETY = 0.97  # aim a little under the estimate: text reflows in whole lines


class TextSizes(NamedTuple):
    title: int  # px
    body: int  # px: bullets, cover subtitle, CTA link


def initial_sizes(slide: Slide, bounds: TextBounds, width: int) -> TextSizes:
    """The starting sizes for ``slide``: larger for short text, never outside ``bounds``."""
    scale = width / BASE_WIDTH
    body_chars = sum(len(b) for b in slide.bullets) + len(slide.body)
    title = bounds.title_max * scale * _tier(_TITLE_TIERS[slide.kind], len(slide.title))
    body = bounds.body_max * scale * _tier(_BODY_TIERS, body_chars)
    return TextSizes(
        title=_clamp(title, bounds.title_min, bounds.title_max, scale),
        body=_clamp(body, bounds.body_min, bounds.body_max, scale),
    )


def shrink(sizes: TextSizes, bounds: TextBounds, width: int, fill: float) -> TextSizes | None:
    """Smaller sizes for text that fills ``fill`` times its frame; ``None`` at the minimum.

    Wrapped text grows with the square of the font size (longer lines and more of them), so
    the step is about ``1 / sqrt(fill)``, bounded so the loop always ends.
    """
    scale = width / BASE_WIDTH
    step = min(_STEP_MAX, max(_STEP_MIN, _SAFETY / math.sqrt(max(fill, 1.0))))
    smaller = TextSizes(
        title=_clamp(math.floor(sizes.title * step), bounds.title_min, bounds.title_max, scale),
        body=_clamp(math.floor(sizes.body * step), bounds.body_min, bounds.body_max, scale),
    )
    return None if smaller == sizes else smaller


def _tier(tiers: tuple[tuple[float, float], ...], length: int) -> float:
    return next(fraction for limit, fraction in tiers if length <= limit)


def _clamp(px: float, low: int, high: int, scale: float) -> int:
    """``px`` is already scaled to the slide; the bounds are base-width px and get scaled here."""
    return max(round(low * scale), min(round(high * scale), round(px)))

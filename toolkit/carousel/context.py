"""What a theme template receives, and the small decisions behind it: size, direction, alt text.

Pure functions of the carousel and the theme. Templates get plain dicts, lists and strings
(no model objects with methods), which keeps the sandboxed surface small.
"""

from __future__ import annotations

import re

from .. import bidi
from ..errors import ConfigError
from ..lang import SENTENCE_END
from ..platforms import PLATFORMS
from ..repurpose.models import Carousel, Slide
from .fonts import font_stack
from .textsize import TextSizes
from .themes import Theme

Size = tuple[int, int]

_SIZE = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")


def parse_size(text: str) -> Size:
    """``"1080x1350"`` -> ``(1080, 1350)``."""
    match = _SIZE.match(text)
    if not match:
        raise ConfigError(f"Size {text!r} is not WIDTHxHEIGHT: write it like 1080x1350.")
    return int(match[1]), int(match[2])


def resolve_size(carousel: Carousel, size: Size | str | None) -> Size:
    """The slide size to render: ``size`` if given, else the carousel's, checked against the
    platform table so a slide is never rendered at a size the platform does not take."""
    chosen = parse_size(size) if isinstance(size, str) else tuple(size or carousel.size)
    platform = PLATFORMS.get(carousel.platform)
    allowed = platform.carousel.sizes if platform and platform.carousel else None
    if allowed and chosen not in allowed:
        options = ", ".join(f"{w}x{h}" for w, h in allowed)
        raise ConfigError(
            f"Size {chosen[0]}x{chosen[1]} is not offered for {carousel.platform} carousels: use one of {options}."
        )
    return chosen  # type: ignore[return-value]


def text_direction(text: str, default: str) -> str:
    """The shared rule of ``toolkit.bidi`` (the app's cards and editors use it too): the script of
    most letters outside links and handles; a link or handle alone is LTR."""
    return bidi.text_direction(text, "rtl" if default == "rtl" else "ltr")


def alt_texts(carousel: Carousel) -> list[str]:
    """One alt text per slide; a slide without one gets its own words, which is what it shows."""
    return [s.alt_text.strip() or _spoken(s) for s in carousel.slides]


def template_context(
    carousel: Carousel, theme: Theme, positions: list[int], sizes: list[TextSizes], size: Size
) -> dict:
    """The variables ``carousel.html.j2`` gets to render the slides at ``positions`` (0-based;
    a subset while fitting). Slides are numbered by position, so "2 / 7" is always right."""
    direction = "rtl" if carousel.language == "ar" else "ltr"
    total = len(carousel.slides)
    config = theme.config
    return {
        "carousel": {
            "platform": carousel.platform,
            "language": carousel.language,
            "dir": direction,
            "width": size[0],
            "height": size[1],
            "total": total,
            "handle": carousel.handle or config.handle,
        },
        "theme": {
            "name": config.name,
            "colors": config.colors.model_dump(),
            "font": font_stack(config.fonts, carousel.language),
            "logo": config.logo,
        },
        "slides": [_slide(carousel.slides[i], i + 1, total, sizes[i], direction) for i in positions],
    }


def _slide(slide: Slide, number: int, total: int, sizes: TextSizes, direction: str) -> dict:
    return {
        "index": number,
        "kind": slide.kind,
        "title": slide.title,
        "bullets": list(slide.bullets),
        "body": slide.body,
        "body_dir": text_direction(slide.body, direction),
        "number": f"{number} / {total}",
        "progress": round(100 * number / total, 1),
        "is_last": number == total,
        "title_px": sizes.title,
        "body_px": sizes.body,
    }


def _spoken(slide: Slide) -> str:
    parts = [slide.title.strip(), *(b.strip() for b in slide.bullets), slide.body.strip()]
    return " ".join(p if p.endswith((*SENTENCE_END, ":")) else f"{p}." for p in parts if p)

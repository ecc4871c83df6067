"""Carousel slides as PNG images and a PDF, with Arabic shaped and laid out right to left.

Names load on first use: WeasyPrint takes about a second to import, and ``toolkit`` registers
the ``carousel`` command at start-up, so every other command would pay for it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "ALT_TEXT_FILE": ".export",
    "PDF_FILE": ".export",
    "alt_text_file": ".export",
    "png_name": ".export",
    "zip_pngs": ".export",
    "FittedSlides": ".render",
    "RenderedCarousel": ".render",
    "SlideTooFullError": ".render",
    "layout_slides": ".render",
    "render_carousel": ".render",
    "parse_size": ".context",
    "Theme": ".themes",
    "bundled_themes": ".themes",
    "load_theme": ".themes",
}

__all__ = [
    "ALT_TEXT_FILE",
    "PDF_FILE",
    "FittedSlides",
    "RenderedCarousel",
    "SlideTooFullError",
    "Theme",
    "alt_text_file",
    "bundled_themes",
    "layout_slides",
    "load_theme",
    "parse_size",
    "png_name",
    "render_carousel",
    "zip_pngs",
]

if TYPE_CHECKING:
    from .context import parse_size
    from .export import ALT_TEXT_FILE, PDF_FILE, alt_text_file, png_name, zip_pngs
    from .render import (
        FittedSlides,
        RenderedCarousel,
        SlideTooFullError,
        layout_slides,
        render_carousel,
    )
    from .themes import Theme, bundled_themes, load_theme


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)

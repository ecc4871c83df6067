"""Carousel slides as PNG images and a PDF, with Arabic shaped and laid out right to left.

Names load on first use: WeasyPrint takes about a second to import, and nothing but rendering
needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

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

__getattr__ = lazy_exports(__name__, {
    ".context": ("parse_size",),
    ".export": ("ALT_TEXT_FILE", "PDF_FILE", "alt_text_file", "png_name", "zip_pngs"),
    ".render": ("FittedSlides", "RenderedCarousel", "SlideTooFullError", "layout_slides", "render_carousel"),
    ".themes": ("Theme", "bundled_themes", "load_theme"),
})

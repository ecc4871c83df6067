"""Carousel slides as PNG images and a PDF, with Arabic shaped and laid out right to left."""

from .context import parse_size
from .export import ALT_TEXT_FILE, PDF_FILE, alt_text_file, png_name, zip_pngs
from .render import FittedSlides, RenderedCarousel, SlideTooFullError, layout_slides, render_carousel
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

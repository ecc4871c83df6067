"""Bytes for what users download: slide file names, the alt-text file and a zip of the PNGs."""

from __future__ import annotations

import io
import zipfile

from .render import RenderedCarousel

ALT_TEXT_FILE = "alt_text.txt"
PDF_FILE = "carousel.pdf"
_SLIDE_LABEL = {"ar": "الشريحة", "en": "Slide"}


def png_name(index: int) -> str:
    """``slide-01.png``: zero-padded so every file browser sorts slides in order."""
    return f"slide-{index:02d}.png"


def alt_text_file(rendered: RenderedCarousel) -> str:
    """One block per slide, blank line between: a label with the slide number, then its alt text."""
    label = _SLIDE_LABEL.get(rendered.language, "Slide")
    total = len(rendered.alt_texts)
    blocks = [f"{label} {i} / {total}\n{text}" for i, text in enumerate(rendered.alt_texts, start=1)]
    return "\n\n".join(blocks) + "\n"


def zip_pngs(rendered: RenderedCarousel) -> bytes:
    """A zip of the numbered PNG slides and ``alt_text.txt``, ready to download."""
    out = io.BytesIO()
    # PNG data is already deflated: storing it is as small and much faster.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for i, png in enumerate(rendered.pngs, start=1):
            archive.writestr(png_name(i), png)
        archive.writestr(ALT_TEXT_FILE, alt_text_file(rendered), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()

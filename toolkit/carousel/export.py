"""Bytes for what users download: slide file names, the alt-text file and a zip of the PNGs."""

from __future__ import annotations

import io
import zipfile

from .render import RenderedCarousel

ALT_TEXT_FILE = "alt_text.txt"
PDF_FILE = "carousel.pdf"
_PAGE_LABEL = {"ar": "الصفحة", "en": "Page"}


def png_name(index: int) -> str:
    """``slide-01.png``: zero-padded so every file browser sorts slides in order."""
    return f"slide-{index:02d}.png"


def alt_text_file(rendered: RenderedCarousel) -> str:
    """One block per slide, blank line between: the slide's file name (or PDF page), then its alt
    text, so whoever uploads can paste each text beside the right image."""
    page = _PAGE_LABEL[rendered.language]
    blocks = [
        f"{png_name(i) if rendered.pngs else f'{page} {i}'}\n{text}"
        for i, text in enumerate(rendered.alt_texts, start=1)
    ]
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

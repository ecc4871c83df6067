"""Carousel -> fitted slides -> one PDF -> one PNG per page. Bytes in memory, no files.

Jinja2 renders the theme (sandboxed) to HTML, WeasyPrint lays it out with a fetcher that only
serves the theme's folder and its fonts, and every slide whose text overflows its frame is laid
out again, alone, at smaller sizes. The fitted pages are then joined into one PDF, and pdfium
draws the PNGs from that PDF, so images and document are the same pictures.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from weasyprint import CSS, HTML
from weasyprint.document import Document, Page
from weasyprint.text.fonts import FontConfiguration

from ..errors import InputError, TemplateError
from ..limits import LIMITS, int_limit
from ..repurpose.load import bound_html_depth
from ..repurpose.models import Carousel, Language, Slide
from ..templates import make_environment, render
from .context import Size, alt_texts, resolve_size, template_context
from .fetcher import ThemeFetcher
from .fonts import font_face_css
from .measure import frame_fill, frame_is_covered
from .raster import pdf_to_pngs
from .textsize import TextSizes, initial_sizes, shrink
from .themes import TEMPLATE, Theme, contrast_warnings, load_theme

# Fontconfig (under WeasyPrint) and pdfium are not thread-safe, and the Streamlit app renders
# from one thread per session: one render at a time per process.
_RENDER_LOCK = threading.RLock()


class SlideTooFullError(InputError):
    """A slide's text does not fit even at the theme's smallest font sizes."""


class RenderedCarousel(BaseModel):
    """What the CLI writes and the app offers for download: the PDF, one PNG per slide, alt texts."""

    model_config = ConfigDict(frozen=True)

    platform: str
    language: Language
    size: Size
    pdf: bytes
    pngs: list[bytes]  # empty when rendered with ``pngs=False``
    alt_texts: list[str]
    text_sizes: list[TextSizes]  # the fitted (title, body) px of each slide
    fit_passes: int  # layout passes it took: 1 when every first guess fitted
    warnings: list[str] = []
    timings_ms: dict[str, float] = {}

    @property
    def page_count(self) -> int:
        return len(self.alt_texts)


@dataclass(frozen=True)
class FittedSlides:
    """The laid-out pages, one per slide, with the sizes that made each one fit."""

    document: Document
    theme: Theme
    text_sizes: list[TextSizes]
    passes: int


def render_carousel(
    carousel: Carousel, theme: str | Theme | None = None, size: Size | str | None = None, *, pngs: bool = True
) -> RenderedCarousel:
    """Render every slide of ``carousel`` to a PDF and (unless ``pngs=False``) PNGs.

    ``theme`` is a bundled theme name, a theme folder or a loaded ``Theme`` (default: the bundled
    one); ``size`` overrides ``carousel.size`` and must be one the platform offers.
    """
    started = time.perf_counter()
    chosen = resolve_size(carousel, size)
    with _RENDER_LOCK:
        fitted = layout_slides(carousel, theme, chosen)
        laid_out = time.perf_counter()
        pdf = fitted.document.write_pdf()
        written = time.perf_counter()
        images = pdf_to_pngs(pdf, chosen) if pngs else []
    done = time.perf_counter()
    return RenderedCarousel(
        platform=carousel.platform,
        language=carousel.language,
        size=chosen,
        pdf=pdf,
        pngs=images,
        alt_texts=alt_texts(carousel),
        text_sizes=fitted.text_sizes,
        fit_passes=fitted.passes,
        warnings=contrast_warnings(fitted.theme.config) + _refusals(fitted.document.url_fetcher),
        timings_ms={
            "layout": round((laid_out - started) * 1000, 1),
            "pdf": round((written - laid_out) * 1000, 1),
            "png": round((done - written) * 1000, 1),
        },
    )


def layout_slides(carousel: Carousel, theme: str | Theme | None = None, size: Size | str | None = None) -> FittedSlides:
    """Lay out every slide so its text fits; the pages keep WeasyPrint's layout tree for measuring."""
    if not carousel.slides:
        raise InputError("The carousel has no slides: give it at least a cover slide.")
    chosen = resolve_size(carousel, size)
    loaded = load_theme(theme)
    with _RENDER_LOCK:
        return _fit(carousel, loaded, chosen)


def _fit(carousel: Carousel, loaded: Theme, chosen: Size) -> FittedSlides:
    bounds = loaded.config.text
    env = make_environment(list(loaded.search_path), autoescape=True)
    fonts = loaded.font_files()
    fetcher = ThemeFetcher(folders=[loaded.folder], files=fonts.values())
    font_config = FontConfiguration()
    font_css = CSS(string=font_face_css(fonts), font_config=font_config, url_fetcher=fetcher)
    base_url = loaded.folder.as_uri() + "/"

    sizes = [initial_sizes(s, bounds, chosen[0]) for s in carousel.slides]
    pages: list[Page | None] = [None] * len(carousel.slides)
    first: Document | None = None
    pending = list(range(len(carousel.slides)))
    passes = 0
    while pending:
        passes += 1
        html = _shallow(render(env, TEMPLATE, template_context(carousel, loaded, pending, sizes, chosen)), loaded)
        try:
            document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                font_config=font_config, stylesheets=[font_css]
            )
        except RecursionError:
            raise TemplateError(f"Theme {loaded.name!r} builds HTML or CSS too deeply nested to lay out: flatten its "
                                "templates.") from None
        first = first or document
        if len(document.pages) != len(pending):
            raise TemplateError(
                f"Theme {loaded.name!r} laid {len(pending)} slides out on {len(document.pages)} pages: "
                'make each slide one fixed-size <section class="slide">.'
            )
        still: list[int] = []
        for i, page in zip(pending, document.pages, strict=True):
            if frame_is_covered(page):
                raise TemplateError(
                    f"Theme {loaded.name!r} puts header or footer content over the text frame on slide {i + 1}: "
                    "give them fixed heights outside the element with class \"fit\"."
                )
            fill = frame_fill(page)
            if fill <= 1.0:
                pages[i] = page
                continue
            smaller = shrink(sizes[i], bounds, chosen[0], fill)
            if smaller is None:
                raise SlideTooFullError(
                    f"Slide {i + 1} has too much text to fit even at the smallest font size "
                    f"({_chars(carousel.slides[i])} characters): shorten its title and bullets."
                )
            sizes[i] = smaller
            still.append(i)
        pending = still

    assert first is not None  # the loop ran at least once: a carousel has slides
    return FittedSlides(
        document=first.copy(pages),
        theme=loaded,
        text_sizes=sizes,
        passes=passes,
    )


def _shallow(html: str, theme: Theme) -> str:
    """Refuse theme output nested deeper than the HTML depth limit: WeasyPrint recurses per level."""
    depth = int_limit("html_depth")
    if bound_html_depth(html, depth)[1]:
        raise TemplateError(f"Theme {theme.name!r} nests HTML tags deeper than {depth} levels "
                            f"({LIMITS['html_depth'].env}): flatten its templates.")
    return html


def _refusals(fetcher: ThemeFetcher) -> list[str]:
    """What the theme asked for and did not get, while laying out and while writing the PDF
    (attachments are only fetched then), so a theme author sees why an image is missing."""
    return [
        f"The theme asked for {url}, which is outside its folder: it was not loaded."
        for url in dict.fromkeys(fetcher.refused)
    ]


def _chars(slide: Slide) -> int:
    return len(slide.title) + sum(len(b) for b in slide.bullets) + len(slide.body)

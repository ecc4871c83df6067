"""Rendering: page counts and pixel sizes, text that always fits, shaped right-to-left Arabic."""

from __future__ import annotations

import io
import zipfile

import fontpkg
import pypdfium2 as pdfium
import pytest
from carousel_samples import AR_LONG_BULLET, carousel
from PIL import Image, ImageFont
from weasyprint.formatting_structure.boxes import LineBox, TextBox

from toolkit.carousel import (
    SlideTooFullError,
    alt_text_file,
    layout_slides,
    png_name,
    render_carousel,
    zip_pngs,
)
from toolkit.repurpose.models import Slide

SURFACE = (0x1D, 0x29, 0x39)  # the default theme's cover background


def _png(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def test_max_instagram_carousel_gives_one_png_and_one_pdf_page_per_slide(arabic_max):
    c, rendered = arabic_max
    assert len(c.slides) == 10
    assert rendered.page_count == len(rendered.pngs) == len(rendered.alt_texts) == 10
    assert {_png(p).size for p in rendered.pngs} == {(1080, 1350)}
    pdf = pdfium.PdfDocument(rendered.pdf)
    assert len(pdf) == 10
    assert {pdf[i].get_size() for i in range(len(pdf))} == {(810.0, 1012.5)}  # 1080x1350 CSS px in points
    assert rendered.warnings == []


@pytest.mark.parametrize("size", [(1080, 1080), (1080, 1440)])
def test_other_instagram_sizes(size):
    rendered = render_carousel(carousel("en", slides=3), size=f"{size[0]}x{size[1]}")
    assert rendered.size == size
    assert [_png(p).size for p in rendered.pngs] == [size] * 3


def test_linkedin_document_at_its_max_slide_count_without_pngs():
    c = carousel("ar", platform="linkedin", slides=12)
    rendered = render_carousel(c, pngs=False)
    assert rendered.pngs == []
    assert len(pdfium.PdfDocument(rendered.pdf)) == 12


def _frame(page):
    return next(
        b for b in page._page_box.descendants(placeholders=True)
        if b.element is not None and "fit" in (b.element.get("class") or "").split()
    )


@pytest.mark.parametrize("case", ["ar", "en", "ar-square"])
def test_long_text_shrinks_until_no_box_overflows(long_layouts, case):
    c, fitted = long_layouts[case]
    width, height = c.size
    assert len(fitted.document.pages) == len(c.slides)
    assert fitted.passes >= 2  # the first guess overflowed and was measured, then fixed
    for slide, page in zip(c.slides, fitted.document.pages, strict=True):
        frame = _frame(page)
        left, top = frame.content_box_x(), frame.content_box_y()
        right, bottom = left + frame.width, top + frame.height
        letters = 0
        for box in frame.descendants(placeholders=True):
            if isinstance(box, LineBox):
                assert top - 0.5 <= box.position_y and box.position_y + box.height <= bottom + 0.5, slide.index
            if isinstance(box, TextBox):
                assert left - 0.5 <= box.position_x and box.position_x + box.width <= right + 0.5, slide.index
                if "::" not in box.element_tag:
                    letters += len("".join(box.text.split()))
        # nothing cut off: every letter of the slide's text was laid out
        expected = "".join(slide.title.split()) + "".join("".join(b.split()) for b in slide.bullets)
        expected += "".join(slide.body.split())
        assert letters == len(expected), slide.index
        for box in page._page_box.descendants(placeholders=True):
            if isinstance(box, TextBox):
                assert box.position_x >= 0 and box.position_x + box.width <= width
                assert box.position_y >= 0 and box.position_y + box.height <= height


def test_long_text_shrinks_within_the_theme_bounds(long_layouts):
    c, fitted = long_layouts["ar"]
    content = fitted.text_sizes[1]
    assert 36 <= content.title < 58 and 24 <= content.body < 40  # below the first guess, above the floor


def test_text_that_cannot_fit_is_a_clear_error():
    c = carousel("en", slides=3)
    crammed = c.slides[1].model_copy(update={"bullets": [AR_LONG_BULLET * 3] * 4})
    c = c.model_copy(update={"slides": [c.slides[0], crammed, c.slides[2]]})
    with pytest.raises(SlideTooFullError, match=r"Slide 2 has too much text to fit .*\(\d+ characters\): shorten"):
        layout_slides(c)


def test_arabic_is_shaped_like_raqm_not_drawn_as_isolated_letters():
    word = "الاجتماعي"
    c = carousel("ar", slides=3)
    c = c.model_copy(update={"slides": [c.slides[0].model_copy(update={"title": word, "body": ""}), *c.slides[1:]]})
    fitted = layout_slides(c)
    px = fitted.text_sizes[0].title
    run = next(b for b in fitted.document.pages[0]._page_box.descendants(placeholders=True) if isinstance(b, TextBox) and b.text == word)
    bold = str(fontpkg.path("IBM Plex Sans Arabic", 700))
    shaped = ImageFont.truetype(bold, px, layout_engine=ImageFont.Layout.RAQM).getlength(word, direction="rtl", language="ar")
    unshaped = ImageFont.truetype(bold, px, layout_engine=ImageFont.Layout.BASIC).getlength(word)
    assert shaped < 0.9 * unshaped  # joined forms are narrower than isolated ones
    assert run.width == pytest.approx(shaped, rel=0.02)


def _ink_columns(image: Image.Image, background: tuple[int, int, int], rows: tuple[int, int]) -> tuple[int, int]:
    """Leftmost and rightmost x with a pixel far from the background colour between ``rows``."""
    band = image.crop((0, rows[0], image.width, rows[1]))

    def ink(x: int, y: int) -> bool:
        return sum(abs(a - b) for a, b in zip(band.getpixel((x, y)), background, strict=True)) > 120

    columns = [x for x in range(band.width) if any(ink(x, y) for y in range(0, band.height, 3))]
    return columns[0], columns[-1]


@pytest.mark.parametrize(("language", "side"), [("ar", "right"), ("en", "left")])
def test_cover_text_hugs_the_reading_start(language, side):
    rendered = render_carousel(carousel(language, slides=3))
    left, right = _ink_columns(_png(rendered.pngs[0]), SURFACE, (300, 1000))
    if side == "right":
        assert 980 <= right <= 992 and left > 100
    else:
        assert 88 <= left <= 100 and right < 980


def test_numbers_and_handles_read_left_to_right_on_arabic_slides(arabic_max):
    _, rendered = arabic_max
    page = pdfium.PdfDocument(rendered.pdf)[1]
    text = page.get_textpage()
    content = text.get_text_range()
    for needle, half in (("2 / 10", "left"), ("@toolkit_ar", "right")):
        start = content.index(needle)
        xs = [text.get_charbox(start + k)[0] for k in range(len(needle)) if not needle[k].isspace()]
        assert xs == sorted(xs), needle  # each character to the right of the one before it
        assert (xs[0] < 405) == (half == "left")  # the number at the left, the handle at the right


def test_zip_holds_numbered_pngs_and_alt_texts(arabic_max):
    _, rendered = arabic_max
    archive = zipfile.ZipFile(io.BytesIO(zip_pngs(rendered)))
    assert archive.namelist() == [png_name(i) for i in range(1, 11)] + ["alt_text.txt"]
    assert archive.read("slide-03.png") == rendered.pngs[2]
    alt = archive.read("alt_text.txt").decode("utf-8")
    assert alt == alt_text_file(rendered)
    blocks = alt.strip().split("\n\n")
    assert len(blocks) == 10
    assert blocks[0].splitlines() == ["slide-01.png", rendered.alt_texts[0]]


def test_alt_text_file_for_a_pdf_numbers_pages():
    rendered = render_carousel(carousel("ar", platform="linkedin", slides=3), pngs=False)
    assert alt_text_file(rendered).startswith("الصفحة 1\nغلاف: ")


def test_an_empty_carousel_is_an_error():
    from toolkit.errors import InputError

    c = carousel("en", slides=3).model_copy(update={"slides": []})
    with pytest.raises(InputError, match="no slides"):
        render_carousel(c)


def test_slides_render_in_list_order_with_their_own_words():
    c = carousel("en", slides=3)
    swapped = [c.slides[0], Slide(index=2, kind="content", title="Second", bullets=["b"], alt_text="x"), c.slides[2]]
    fitted = layout_slides(c.model_copy(update={"slides": swapped}))
    texts = [" ".join(b.text for b in p._page_box.descendants(placeholders=True) if isinstance(b, TextBox)) for p in fitted.document.pages]
    assert "Second" in texts[1] and "2 / 3" in texts[1]

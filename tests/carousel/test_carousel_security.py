"""A hostile theme can neither run code nor read local files nor reach the network."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import fontpkg
import pypdfium2 as pdfium
import pytest
from carousel_samples import carousel
from PIL import Image
from weasyprint.formatting_structure.boxes import TextBox

from toolkit.carousel import layout_slides, render_carousel
from toolkit.carousel.fetcher import RefusedURL, ThemeFetcher
from toolkit.errors import TemplateError

TOML = """
name = "hostile"
{extra}
[colors]
background = "#FFFFFF"
surface = "#FFFFFF"
text = "#101828"
muted = "#475467"
accent = "#7F56D9"
"""


def _theme(tmp_path: Path, template: str | None = None, extra: str = "") -> Path:
    folder = tmp_path / "theme"
    folder.mkdir()
    (folder / "theme.toml").write_text(TOML.format(extra=extra), encoding="utf-8")
    if template is not None:
        (folder / "carousel.html.j2").write_text(template, encoding="utf-8")
    Image.new("RGB", (64, 64), (255, 0, 0)).save(folder / "logo.png")
    return folder


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ slides.__class__.__base__ }}",
        "{% set x = slides.append(1) %}",
        "{% include '/etc/passwd' %}",
        "{% include '../../../../../../etc/passwd' %}",
    ],
)
def test_the_template_sandbox_refuses_code_and_files(tmp_path, expression):
    with pytest.raises(TemplateError):
        layout_slides(carousel("en", slides=3), _theme(tmp_path, expression))


HOSTILE = """<!doctype html>
<html><head>
<link rel="stylesheet" href="http://127.0.0.1:PORT/steal.css">
<link rel="attachment" href="file:///etc/passwd">
<style>@import url("file:///etc/passwd");</style>
<style>
@page { size: {{ carousel.width }}px {{ carousel.height }}px; margin: 0 }
@font-face { font-family: Sneaky; src: url("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") }
body { margin: 0 }
.slide { height: {{ carousel.height }}px; overflow: hidden; page-break-after: always;
         background: url("file:///etc/passwd"); font-family: Sneaky }
</style></head><body>
{% for slide in slides %}
<section class="slide">
  <img src="file:///etc/hostname"><img src="../../../../../../../etc/hostname"><img src="logo.png">
  <div class="fit"><h1>{{ slide.title }}</h1></div>
</section>
{% endfor %}
</body></html>"""


def test_the_url_fetcher_serves_only_the_theme_folder(tmp_path):
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        template = HOSTILE.replace("PORT", str(port))
        rendered = render_carousel(carousel("en", slides=3), _theme(tmp_path, template))
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected: the stylesheet was never requested
    finally:
        listener.close()
    refused = {w.split(" asked for ")[1].split(",")[0] for w in rendered.warnings}
    assert refused == {
        f"http://127.0.0.1:{port}/steal.css",
        "file:///etc/passwd",
        "file:///etc/hostname",
        "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    }
    pdf = pdfium.PdfDocument(rendered.pdf)
    assert pdf.count_attachments() == 0
    assert len(pdf) == 3
    # the theme's own logo was served and drawn: red pixels near the top left
    image = Image.open(io.BytesIO(rendered.pngs[0])).convert("RGB")
    assert image.getpixel((20, 20)) == (255, 0, 0)


def test_a_themes_own_logo_is_drawn_by_the_default_template(tmp_path):
    rendered = render_carousel(carousel("en", slides=3), _theme(tmp_path, extra='logo = "logo.png"'))
    assert rendered.warnings == []
    image = Image.open(io.BytesIO(rendered.pngs[1])).convert("RGB")
    assert image.getpixel((100, 108)) == (255, 0, 0)  # header, start side, vertically centred


def test_slide_text_is_escaped_never_markup_or_template():
    hostile = '<img src="file:///etc/passwd"> {{ 7*7 }}'
    c = carousel("en", slides=3)
    c = c.model_copy(update={"slides": [c.slides[0].model_copy(update={"title": hostile}), *c.slides[1:]]})
    fitted = layout_slides(c)
    boxes = fitted.document.pages[0]._page_box.descendants(placeholders=True)
    text = "".join(b.text for b in boxes if isinstance(b, TextBox))  # lines may break anywhere: compare without spaces
    assert "".join(hostile.split()) in "".join(text.split())
    assert fitted.document.url_fetcher.refused == []


def test_fetcher_allow_list(tmp_path):
    folder = _theme(tmp_path)
    (folder / "fonts").mkdir()
    (folder / "fonts" / "escape.css").symlink_to("/etc/passwd")
    font = fontpkg.path("Noto Sans", 400)
    fetcher = ThemeFetcher(folders=[folder], files=[font])
    assert fetcher.fetch((folder / "logo.png").as_uri()).read()[:4] == b"\x89PNG"
    assert fetcher.fetch(font.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    for url in [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        folder.as_uri() + "/../../../../../../etc/passwd",
        folder.as_uri() + "/fonts/escape.css",
        font.parent.as_uri() + "/NotoSans-Italic%5Bwdth,wght%5D.ttf",  # a neighbour of an allowed file
        "http://127.0.0.1:9/x.png",
        "data:text/plain,hello",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 7


def test_a_theme_whose_header_covers_the_text_is_refused(tmp_path):
    folder = _theme(tmp_path)
    (folder / "style.css.j2").write_text(
        '{% include "default-style.css.j2" %}\nheader.bar { font-size: 90px; white-space: normal; line-height: 1.2 }',
        encoding="utf-8",
    )
    (folder / "default-style.css.j2").write_text(
        (Path(__file__).resolve().parents[2] / "toolkit/carousel/themes/default/style.css.j2").read_text("utf-8"),
        encoding="utf-8",
    )
    c = carousel("en", slides=3, handle="@a_brand_handle_long_enough_to_wrap_over_the_title")
    with pytest.raises(TemplateError, match="puts header or footer content over the text frame on slide 1"):
        layout_slides(c, folder)

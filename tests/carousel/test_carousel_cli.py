"""``toolkit carousel`` as users run it: files on disk, exit codes, one-line errors, a logged run."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pypdfium2 as pdfium
from carousel_samples import BRAND_THEME as THEME
from click.testing import CliRunner
from PIL import Image

import toolkit.repurpose
from tests.conftest import EXAMPLES, arabic_fixture_paths
from toolkit.carousel.cli import carousel
from toolkit.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_instagram_pngs_and_alt_texts_from_an_arabic_post(tmp_path, db_path):
    out = tmp_path / "slides"
    result = run("--db", db_path, "carousel", arabic_fixture_paths()[1], "-p", "instagram", "--handle", "@brand", "-o", out)
    assert result.exit_code == 0, result.output
    pngs = sorted(out.glob("slide-*.png"))
    assert 3 <= len(pngs) <= 10
    files = f"slide-01.png, …, {pngs[-1].name}, alt_text.txt"
    assert result.output == f"Wrote {len(pngs)} slides (1080x1350, theme default) to {out}: {files}\n"
    assert sorted(p.name for p in out.iterdir()) == ["alt_text.txt", *(p.name for p in pngs)]
    assert {Image.open(p).size for p in pngs} == {(1080, 1350)}
    blocks = (out / "alt_text.txt").read_text("utf-8").strip().split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == [p.name for p in pngs]
    rows = sqlite3.connect(db_path).execute("select status, backend, platforms from runs").fetchall()
    assert rows == [("ok", "offline", '["instagram"]')]


def test_linkedin_pdf_and_pngs_with_a_user_theme_and_size(tmp_path):
    theme = tmp_path / "brand"
    theme.mkdir()
    (theme / "theme.toml").write_text(THEME, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "slide-15.png").write_bytes(b"left from a longer run")
    result = run("carousel", EXAMPLES / "en_repurposing_guide.md", "-p", "linkedin", "-f", "both",
                 "--size", "1080x1080", "--theme", theme, "-o", out)
    assert result.exit_code == 0, result.output
    assert "theme brand" in result.output
    pngs = sorted(out.glob("slide-*.png"))
    assert len(pdfium.PdfDocument((out / "carousel.pdf").read_bytes())) == len(pngs) >= 3
    assert not (out / "slide-15.png").exists()
    first = Image.open(io.BytesIO(pngs[0].read_bytes())).convert("RGB")
    assert first.size == (1080, 1080)
    assert first.getpixel((5, 5)) == (0xF2, 0xF4, 0xF7)  # the theme's cover colour


def test_backend_is_passed_through(tmp_path, monkeypatch):
    seen = {}
    real = toolkit.repurpose.repurpose

    def spy(source, brief=None, **kwargs):
        seen.update(kwargs, handle=brief.handle)
        return real(source, brief, **{**kwargs, "backend": "offline"})

    monkeypatch.setattr(toolkit.repurpose, "repurpose", spy)
    result = run("carousel", arabic_fixture_paths()[0], "-p", "linkedin", "--backend", "openai", "--handle", "@x", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert (seen["backend"], seen["platforms"], seen["handle"]) == ("openai", ["linkedin"], "@x")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".db") == ["alt_text.txt", "carousel.pdf"]


def test_user_errors_are_one_line_without_traceback(tmp_path):
    post = arabic_fixture_paths()[0]
    missing = tmp_path / "missing"
    cases = [
        (
            ("--size", "1080x1440", "-p", "linkedin"),
            "Error: Size 1080x1440 is not offered for linkedin carousels: use one of 1080x1350, 1080x1080.\n",
        ),
        (
            ("--theme", missing, "-p", "instagram"),
            f"Error: Theme '{missing}' is neither a folder nor a bundled theme: pass a theme folder or one of default.\n",
        ),
    ]
    for args, message in cases:
        result = run("carousel", post, *args, "-o", tmp_path / "out")
        assert (result.exit_code, result.output) == (1, message)
    result = run("carousel", post, "-p", "x", "-o", tmp_path / "out")
    assert result.exit_code == 2 and "'x' is not one of 'linkedin', 'instagram'" in result.output


def test_every_option_is_documented():
    docs = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    for param in carousel.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert f"`{flag}`" in docs, flag

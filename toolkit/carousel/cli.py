"""``toolkit carousel``: a post in, slide PNGs and/or a PDF plus their alt texts out, on disk.

The only part of the carousel package that writes files; rendering itself returns bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ConfigError
from ..platforms import CAROUSEL_PLATFORMS, PLATFORMS
from ..repurpose.cli import load_brief
from ..repurpose.engine import BACKENDS
from ..store import open_store
from .themes import bundled_themes, load_theme

if TYPE_CHECKING:
    from .render import RenderedCarousel

_SLIDE_FILE = re.compile(r"^slide-\d{2,}\.png$")


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option(
    "--platform", "-p", required=True, type=click.Choice(CAROUSEL_PLATFORMS),
    help="Instagram gets PNGs, LinkedIn a PDF document.",
)
@click.option(
    "--out", "-o", "out_dir", required=True, type=click.Path(file_okay=False),
    help="Folder for the slides (created if missing).",
)
@click.option("--theme", "-t", help=f"A theme folder, or a bundled theme: {', '.join(bundled_themes())} (default).")
@click.option("--size", "-s", help="WIDTHxHEIGHT the platform offers (Instagram: 1080x1350, 1080x1080, 1080x1440).")
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["png", "pdf", "both"]),
    help="Default: png for Instagram, pdf for LinkedIn.",
)
@click.option("--handle", help="Shown on every slide, e.g. @brand (default: the brief's).")
@click.option(
    "--brief", "brief_path", type=click.Path(dir_okay=False),
    help="Brief as JSON or TOML (audience, tone, call_to_action, link, handle, ...).",
)
@click.option("--backend", type=click.Choice(list(BACKENDS)), default="offline", show_default=True)
@click.pass_context
def carousel(
    ctx: click.Context, source: str, platform: str, out_dir: str, theme: str | None, size: str | None,
    fmt: str | None, handle: str | None, brief_path: str | None, backend: str,
) -> None:
    """Render the carousel of a blog post (FILE, or - for stdin) to numbered PNG slides and/or a PDF,
    with alt_text.txt beside them."""
    from ..repurpose import load_source, repurpose
    from .render import (
        render_carousel,  # imports WeasyPrint: only when a carousel is rendered
    )

    loaded_theme = load_theme(theme)  # fail on a bad theme before drafting anything
    brief = load_brief(brief_path, {"handle": handle})
    store, unusable = open_store(ctx.obj["db_path"])  # the slides are made even when logging cannot be
    try:
        result = repurpose(load_source(source), brief, platforms=[platform], backend=backend, store=store)
    finally:
        if store is not None:
            store.close()
    if unusable:
        click.echo(f"Warning: the run was not logged ({unusable.rstrip('.')}).", err=True)
    if not result.carousels:
        raise ConfigError(f"The {backend} backend made no carousel for {platform}: try another post or backend.")
    fmt = fmt or PLATFORMS[platform].carousel.output  # type: ignore[union-attr]
    rendered = render_carousel(result.carousels[0], loaded_theme, size, pngs=fmt in ("png", "both"))
    written = write_outputs(rendered, Path(out_dir), fmt)
    for warning in rendered.warnings:
        click.echo(f"Warning: {warning}", err=True)
    width, height = rendered.size
    click.echo(
        f"Wrote {rendered.page_count} slides ({width}x{height}, theme {loaded_theme.name}) to {out_dir}: "
        + ", ".join(p.name for p in _summary(written))
    )


def write_outputs(rendered: RenderedCarousel, out_dir: Path, fmt: str) -> list[Path]:
    """Write the chosen outputs and alt_text.txt; remove slide PNGs left from a longer earlier run."""
    from .export import ALT_TEXT_FILE, PDF_FILE, alt_text_file, png_name

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        if fmt in ("png", "both"):
            for i, png in enumerate(rendered.pngs, start=1):
                written.append(_write(out_dir / png_name(i), png))
            current = {png_name(i) for i in range(1, len(rendered.pngs) + 1)}
            for stale in out_dir.iterdir():
                if _SLIDE_FILE.match(stale.name) and stale.name not in current:
                    stale.unlink()
        if fmt in ("pdf", "both"):
            written.append(_write(out_dir / PDF_FILE, rendered.pdf))
        written.append(_write(out_dir / ALT_TEXT_FILE, alt_text_file(rendered).encode("utf-8")))
    except OSError as exc:
        raise ConfigError(
            f"Cannot write the slides to {str(out_dir)!r} ({exc.strerror}): choose a writable --out folder."
        ) from None
    return written


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _summary(paths: list[Path]) -> list[Path]:
    """First and last PNG stand for the run of numbered slides."""
    pngs = [p for p in paths if p.suffix == ".png"]
    others = [p for p in paths if p.suffix != ".png"]
    if len(pngs) > 2:
        pngs = [pngs[0], Path("…"), pngs[-1]]
    return pngs + others


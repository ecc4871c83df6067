"""CLI commands over the platform table: ``measure`` and ``platforms``.

Kept apart from the repurposing commands so that a script measuring captions one call at a time
imports the platform table and the counter, not the engine or the database.
"""

from __future__ import annotations

import click

from .platforms import PLATFORM_KEYS, PLATFORMS, get_platform
from .textlen import measure as measure_text


@click.command()
@click.option("--platform", "-p", "platform", required=True, help=f"One of: {', '.join(PLATFORM_KEYS)}.")
@click.option("--title", is_flag=True, help="Measure against the platform's title limit (YouTube, Pinterest).")
@click.argument("text")
def measure(platform: str, title: bool, text: str) -> None:
    """Print TEXT's length as PLATFORM counts it, and the limit."""
    p = get_platform(platform)
    limit = p.title_limit if title and p.title_limit else None
    m = measure_text(text, p, limit=limit)
    status = m.problem or ("ok" if m.fits else "over the limit" if m.length > m.limit else "empty")
    click.echo(f"{m.length} / {m.limit} ({p.name}, {m.unit}) {status}")


@click.command()
def platforms() -> None:
    """List the platforms, their limits and how each counts length."""
    for p in PLATFORMS.values():
        extra = f", title {p.title_limit}" if p.title_limit else ""
        tags = f"hashtags max {p.hashtags.max}" if p.hashtags.max else "no hashtag cap"
        click.echo(f"{p.key:<10} {p.limit:>6} {p.unit:<13} {tags}{extra}")

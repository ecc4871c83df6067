"""Posts and results the bulk tests share: distinct real posts, made cheaply."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from tests.conftest import EXAMPLES
from toolkit.repurpose import repurpose
from toolkit.repurpose.models import RepurposeResult

EN = (EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")
AR = (EXAMPLES / "ar_content_marketing.md").read_text("utf-8")


def post(n: int) -> str:
    """The n-th distinct post: the examples in turn, numbered in the title and the last line."""
    if n % 2:
        return AR.replace("# ", f"# الجزء {n}: ", 1) + f"\n\nملاحظة رقم {n} في هذه السلسلة."
    return EN.replace("# ", f"# Part {n}: ", 1) + f"\n\nNote number {n} in this series."


def write_posts(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"post-{i:03d}.md"
        path.write_text(post(i), encoding="utf-8")
        paths.append(path)
    return paths


@lru_cache(maxsize=4)
def result(platforms: tuple[str, ...] = ("x", "linkedin"), arabic: bool = False) -> RepurposeResult:
    return repurpose(AR if arabic else EN, platforms=list(platforms))

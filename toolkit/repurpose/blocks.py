"""The flat block list every format becomes before it is cleaned and grouped into sections."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "bullet"]


@dataclass
class Block:
    """One heading, paragraph or list item, with the layout hints the boilerplate rules need.

    ``gap`` is True when the block starts a new visual group (a blank line in pasted text, a new
    element in Markdown or HTML); items of one list follow each other without a gap. ``anchor``
    marks an item that is only a link to a place in the same page (a table of contents).
    ``breaks`` are the offsets in ``text`` where a rejoined line had ended a sentence: the only
    places a paragraph that swallowed the next one can be cut again. ``by_meta`` marks a block
    that stood next to a date, byline or reading-time line before those were dropped: where a
    page puts its title. ``marker`` is a list item's number as written ("3.", "١.", "2)"), or "".
    """

    kind: BlockKind
    text: str
    level: int = 2
    gap: bool = True
    anchor: bool = False
    breaks: list[int] = field(default_factory=list)
    by_meta: bool = False
    marker: str = ""


def word_count(text: str) -> int:
    """Whitespace-separated words: the cheap count the layout rules use (thresholds, not grammar)."""
    return len(text.split())

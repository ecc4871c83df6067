"""How full a laid-out slide is, read from WeasyPrint's layout tree rather than guessed.

The text frame is the element with class ``fit``. Lines inside it must stay within its content
box, every line and text run on the page must stay on the page, and every letter of the frame's
text must have been laid out: WeasyPrint silently drops lines that run past the bottom of a
fixed-height page, so a slide can look "inside" while text is missing. The result is one
number, the *fill*: the space the text needs over the space it has (1.0 or less fits).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from weasyprint.document import Page
from weasyprint.formatting_structure.boxes import Box, LineBox, ReplacedBox, TextBox

FRAME_CLASS = "fit"
_EPS = 0.5  # px: sub-pixel rounding in layout is not overflow


def frame_fill(page: Page) -> float:
    """Needed over available space in the page's text frame (the whole page if it has none)."""
    page_box = page._page_box
    frame = _find_frame(page_box)
    page_rect = (0.0, 0.0, float(page.width), float(page.height))
    fill = _fill(page_rect, _boxes(page_box.descendants(placeholders=True)))
    if frame is not None:
        frame_rect = (frame.content_box_x(), frame.content_box_y(), frame.width, frame.height)
        fill = max(fill, _fill(frame_rect, _boxes(frame.descendants(placeholders=True))))
        expected, laid_out = _letters(frame.element.itertext()), _laid_out_letters(frame)
        if laid_out < expected:  # lines were dropped: scale the estimate by what is missing
            fill = max(fill, 1.0) * expected / max(laid_out, 1)
    return fill


def frame_is_covered(page: Page) -> bool:
    """Whether text or an image from outside the frame (header, footer) lies over it: shrinking
    the frame's text cannot fix that, the theme's layout must change."""
    page_box = page._page_box
    frame = _find_frame(page_box)
    if frame is None:
        return False
    inside = {id(b) for b in frame.descendants(placeholders=True)}
    x, y = frame.border_box_x(), frame.border_box_y()
    right, bottom = x + frame.border_width(), y + frame.border_height()
    for _kind, box in _boxes(page_box.descendants(placeholders=True)):
        if id(box) in inside or isinstance(box, LineBox):
            continue
        if box.position_x + _EPS < right and box.position_x + box.width - _EPS > x and \
                box.position_y + _EPS < bottom and box.position_y + box.height - _EPS > y:
            return True
    return False


def _find_frame(root: Box) -> Box | None:
    for box in root.descendants(placeholders=True):
        element = getattr(box, "element", None)
        if element is not None and FRAME_CLASS in (element.get("class") or "").split():
            return box
    return None


def _letters(texts: Iterable[str]) -> int:
    return sum(len("".join(t.split())) for t in texts)


def _laid_out_letters(frame: Box) -> int:
    """Letters in the frame's text runs, leaving out generated content (list markers, ::after)."""
    boxes = frame.descendants(placeholders=True)
    return _letters(b.text for b in boxes if isinstance(b, TextBox) and "::" not in (b.element_tag or ""))


def _boxes(boxes: Iterable[Box]) -> Iterator[tuple[str, Box]]:
    """Lines give the vertical extent (their height is the line height); text runs and images
    give the horizontal one (a line box is as wide as its container, whatever its text)."""
    for box in boxes:
        if isinstance(box, LineBox):
            yield "line", box
        elif isinstance(box, TextBox | ReplacedBox):
            yield "run", box


def _fill(rect: tuple[float, float, float, float], boxes: Iterable[tuple[str, Box]]) -> float:
    x, y, width, height = rect
    top = left = float("inf")
    bottom = right = float("-inf")
    for kind, box in boxes:
        if kind == "line" or isinstance(box, ReplacedBox):
            top, bottom = min(top, box.position_y), max(bottom, box.position_y + box.height)
        if kind == "run":
            left, right = min(left, box.position_x), max(right, box.position_x + box.width)
    fill = 0.0
    if bottom > top:
        fill = max(fill, _axis_fill(y, height, top, bottom))
    if right > left:
        fill = max(fill, _axis_fill(x, width, left, right))
    return fill


def _axis_fill(start: float, size: float, low: float, high: float) -> float:
    """Extent of the content over ``size``; content sticking out either side counts in full."""
    if size <= 0:
        return float("inf")
    inside = low >= start - _EPS and high <= start + size + _EPS
    if inside:
        return min(1.0, (high - low) / size)
    return (max(high, start + size) - min(low, start)) / size

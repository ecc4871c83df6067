"""Pasted text to blocks: rejoin hard-wrapped lines, keep list items, tell headings from prose.

A paste from an e-mail or a PDF breaks sentences at a fixed width ("… الذي أراد" / "the next
line"). A line is joined to the next when the text is wrapped (most long lines end near one
width) and the line runs to that width, or when it stops mid-sentence and the next line starts
in lower case. Arabic has no case, so sentence punctuation and the line's length against the
paragraph width decide. A heading or a list item never joins anything.
"""

from __future__ import annotations

from collections import Counter

import regex

from ..lang import ends_sentence, is_question
from . import chrome as c
from .blocks import Block, word_count
from .boilerplate import is_meta_line

LIST_MARKER = regex.compile(r"^\s*(?:[-*+•▪◦·–✅✔☑➤►▶→◾◽🔹🔸🔺👉➡⬅]\ufe0f?|\(?[0-9٠-٩]{1,3}[.)\-]|\(?[a-zA-Z][.)])\s+")
_ENDS_OPEN = (".", "،", ",", ";", "؛", "…", "!")
_LOWER_START = regex.compile(r"^[\p{Ll}]")
_NUMBER_MARKER = regex.compile(r"^\(?[0-9٠-٩]{1,3}[.)\-]$")
_NUMBERED_LINE = regex.compile(r"^\(?[0-9٠-٩]{1,2}[.)\-–:]\s+\S")
_ITEM_HEADING_WORDS = 14
_TIGHT_ITEM_WORDS = 45
_WRAP_SHARE = 0.5  # at least this share of the long lines end near the width: the text is wrapped
_FULL = 0.72  # a line this close to the width ran into the margin
_LABEL_ITEM = regex.compile(r"^[^\s:：.،,؟?!]{1,25}(?:\s+[^\s:：.،,؟?!]{1,25}){0,3}\s*[:：]\s+\S")
_ORDINAL = regex.compile(
    r"(?i)^(?:أولاً|أولا|ثانياً|ثانيا|ثالثاً|ثالثا|رابعاً|رابعا|خامساً|خامسا|سادساً|سادسا|سابعاً|سابعا|ثامناً|"
    r"ثامنا|تاسعاً|تاسعا|عاشراً|عاشرا|أخيراً|أخيرا|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|finally|lastly)[،,:]\s"
)


def wrap_width(lines: list[str]) -> int:
    """The width a text was wrapped at, or 0 when its lines are paragraphs of their own."""
    lengths = sorted(len(x) for x in lines if len(x) >= 30)
    if len(lengths) < 6:
        return 0
    width = lengths[int(len(lengths) * 0.9) - 1]
    if width > 140:
        return 0
    near = sum(1 for n in lengths if n >= _FULL * width)
    return width if near >= _WRAP_SHARE * len(lengths) else 0


def text_blocks(text: str) -> list[Block]:
    """Blocks of a pasted text, wrapped lines rejoined; ``gap`` marks a blank line before."""
    raw = [ln.strip() for ln in text.splitlines()]
    width = wrap_width([x for x in raw if x])
    bullet_emoji = emoji_bullets(raw) if any(ln[:1] > "\u2000" for ln in raw) else frozenset()
    blocks: list[Block] = []
    gap = True
    joinable = False
    for line in raw:
        if not line:
            gap, joinable = True, False
            continue
        marker, rest = item_marker(line, bullet_emoji)
        item = bool(marker) and word_count(rest) >= 1
        furniture = joinable and is_meta_line(line)
        if joinable and not item and not furniture and blocks and not _starts_block(blocks[-1].text, line, width):
            if ends_sentence(blocks[-1].text, or_clause=True, closer_ends=True):
                blocks[-1].breaks.append(len(blocks[-1].text))
            blocks[-1].text = f"{blocks[-1].text} {line}"
        elif item:
            blocks.append(Block("bullet", rest, gap=gap, marker=marker if _NUMBER_MARKER.match(marker) else ""))
        else:
            blocks.append(Block("paragraph", line, gap=gap))
        gap = False
        joinable = _continues(line, width) and not furniture
    return blocks


def _emoji_key(line: str) -> str:
    m = c.EMOJI_LEAD.match(line)
    return m.group("emoji").replace("\ufe0f", "").replace("\ufe0e", "") if m else ""


def emoji_bullets(lines: list[str]) -> frozenset[str]:
    """Emoji that open two lines or more: the text's bullet marks ("✂️ Signup form: …")."""
    counts = Counter(key for key in map(_emoji_key, lines) if key)
    return frozenset(k for k, n in counts.items() if n >= 2)


def item_marker(line: str, bullet_emoji: frozenset[str] = frozenset()) -> tuple[str, str]:
    """A list item's marker and text ("3.", "…"), or ("", line). A keycap digit ("1️⃣") is a
    number; an emoji is a bullet when it opens other lines too, else the line's own decoration."""
    m = LIST_MARKER.match(line)
    if m and word_count(line) > 1:
        return m.group().strip(), line[m.end():].strip()
    m = c.KEYCAP_LEAD.match(line)
    if m and m.end() < len(line):
        return f"{m.group('num') or '10'}.", line[m.end():].strip()
    key = _emoji_key(line) if bullet_emoji else ""
    if key and key in bullet_emoji:
        return key, c.EMOJI_LEAD.sub("", line, count=1).strip()
    return "", line


def items_as_headings(blocks: list[Block]) -> None:
    """Items that each stand alone above their own prose ("١. التأخر في الرد" then a paragraph, and
    so on) are the headings of a listicle, numbered as written, not a list of one item at a time."""
    n = len(blocks)
    found = [
        i for i, b in enumerate(blocks)
        if (
            (b.kind == "bullet" and (i == 0 or blocks[i - 1].kind != "bullet"))
            or (b.kind == "paragraph" and _NUMBERED_LINE.match(b.text))  # "**3. Reply fast**" lost its list
        )
        and i + 1 < n and blocks[i + 1].kind == "paragraph"
        and word_count(b.text) <= _ITEM_HEADING_WORDS and not b.text.endswith(_ENDS_OPEN + (":", "："))
    ]
    if len(found) < 2:
        return
    for i in found:
        b = blocks[i]
        b.kind, b.level = "heading", 2
        if b.marker:
            b.text = f"{b.marker} {b.text}"


def _continues(line: str, width: int) -> bool:
    """True when this line ran into the wrap margin, so the next line may be the rest of it."""
    return bool(width) and len(line) >= _FULL * width


def _starts_block(before: str, line: str, width: int) -> bool:
    """After a finished sentence, a short line that does not end like one is a heading, not more prose."""
    return ends_sentence(before, or_clause=True, closer_ends=True) and len(line) < _FULL * width and not ends_sentence(line, or_clause=True, closer_ends=True)


def join_lowercase(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence to a next one starting in lower case (English pastes)."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.kind == "paragraph" and b.kind == "paragraph" and not b.gap
            and not ends_sentence(prev.text, or_clause=True, closer_ends=True) and _LOWER_START.match(b.text)
        ):
            prev.text = f"{prev.text} {b.text}"
            continue
        out.append(b)
    return out


def mark_headings(blocks: list[Block]) -> None:
    """A short line that does not end like a sentence and introduces longer text is a heading."""
    for i in range(len(blocks) - 1, -1, -1):  # backwards: a heading right above a heading is one too
        b = blocks[i]
        if b.kind != "paragraph":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        n_words = word_count(b.text)
        ends_open = not b.text.endswith(_ENDS_OPEN)
        question = is_question(b.text) and n_words <= 25 and b.text.count("؟") + b.text.count("?") == 1
        if nxt is None or not ends_open or not (n_words <= 14 or question):
            continue
        if b.text.endswith((":", "：")) and nxt.kind == "bullet":
            continue  # the intro of the list after it
        if nxt.kind in ("bullet", "heading") or word_count(nxt.text) > n_words or question:
            b.kind = "heading"
            b.level = 2


def _tight_run(blocks: list[Block], start: int) -> int:
    """The end of the lines right under an intro with no blank line between them, up to the next
    blank line: a list whose bullets a browser copy dropped. Prose runs on after a blank line."""
    j = start
    while j < len(blocks) and blocks[j].kind == "paragraph" and not blocks[j].gap and not blocks[j].breaks and (
        word_count(blocks[j].text) <= _TIGHT_ITEM_WORDS
    ):
        j += 1
    closed = j == len(blocks) or blocks[j].gap or blocks[j].kind != "paragraph"
    return j if closed else start


def recover_lists(blocks: list[Block]) -> None:
    """Lines after an intro ending in ':' that start with a short label or an ordinal, or that stand
    right under it without blank lines up to the next blank line, are list items."""
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "paragraph" and b.text.endswith((":", "：")):
            j = i + 1
            while j < len(blocks) and blocks[j].kind == "paragraph" and (
                _LABEL_ITEM.match(blocks[j].text) or _ORDINAL.match(blocks[j].text)
            ):
                j += 1
            if j - i - 1 < 2:
                j = _tight_run(blocks, i + 1)
            if j - i - 1 >= 2:
                for k in range(i + 1, j):
                    blocks[k].kind = "bullet"
                    blocks[k].gap = k == i + 1
                last = blocks[j - 1]
                if last.breaks:  # the last item swallowed the paragraph after the list
                    cut = last.breaks[0]
                    rest = last.text[cut:].strip()
                    last.text, last.breaks = last.text[:cut].strip(), []
                    blocks.insert(j, Block("paragraph", rest, gap=False))
                    j += 1
            i = j
            continue
        i += 1

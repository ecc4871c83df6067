"""HTML for the result cards: a caption as it would look posted, threads, slides and hashtag chips.

Pure functions from the repurposing models to HTML strings, so they are unit-tested without a
browser. Every piece of user or model text is escaped here; ``st.html`` sanitises again.
Text blocks carry ``dir`` and ``lang``, and every line gets its own direction from the script
most of its letters are in, so an Arabic caption reads right to left, an English line inside it
left to right, and an Arabic sentence that opens with a brand name ("Facebook هي ...") still
right to left (the first-strong-letter rule of ``dir="auto"`` would flip that one).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import regex

from ..lang import Language, detect_language
from ..platforms import Platform, get_platform
from .i18n import UiLanguage, tr

if TYPE_CHECKING:  # importing toolkit.repurpose loads the whole engine; cards only read the models
    from ..repurpose.models import Caption, Carousel, HashtagSet, Thread

# Accent colour and a one-letter mark per platform: enough to tell cards apart at a glance
# without shipping anyone's logo.
ACCENTS: dict[str, tuple[str, str]] = {
    "x": ("#0f1419", "X"),
    "threads": ("#101010", "@"),
    "linkedin": ("#0a66c2", "in"),
    "instagram": ("#d62976", "IG"),
    "facebook": ("#1877f2", "f"),
    "tiktok": ("#161823", "TT"),
    "bluesky": ("#1185fe", "B"),
    "mastodon": ("#6364ff", "M"),
    "pinterest": ("#e60023", "P"),
    "youtube": ("#ff0000", "YT"),
}

# How each counting unit reads under a counter.
UNIT_LABELS: dict[str, str] = {
    "x_weighted": "weighted",
    "chars": "chars",
    "threads_chars": "chars",
    "utf16": "UTF-16",
    "graphemes": "graphemes",
    "mastodon": "chars",
}

_TAG_OR_URL = regex.compile(r"(?<![\p{L}\p{N}_])#[\p{L}\p{M}\p{N}_]+|https?://\S+")
_LETTER = regex.compile(r"\p{L}")


def text_attrs(language: Language) -> str:
    """``dir``/``lang`` for a block of content in ``language``."""
    return f'dir="{"rtl" if language == "ar" else "ltr"}" lang="{language}"'


def line_direction(line: str, default: str) -> str:
    """``rtl`` for a line mostly in Arabic script, ``ltr`` for one mostly Latin, else ``default``."""
    if not _LETTER.search(line):
        return default
    return "rtl" if detect_language(line) == "ar" else "ltr"


def _highlighted(line: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _TAG_OR_URL.finditer(line):
        out.append(escape(line[pos : m.start()]))
        kind = "tk-tag" if m.group().startswith("#") else "tk-link"
        out.append(f'<span class="{kind}" dir="auto">{escape(m.group())}</span>')
        pos = m.end()
    out.append(escape(line[pos:]))
    return "".join(out)


def rich_text(text: str, language: Language) -> str:
    """Escaped text, one block per line in that line's direction, hashtags and links highlighted."""
    default = "rtl" if language == "ar" else "ltr"
    return "".join(
        f'<div dir="{line_direction(line, default)}">{_highlighted(line)}</div>' if line.strip() else "<div><br></div>"
        for line in text.split("\n")
    )


def counter(length: int, limit: int, platform: Platform, *, editor: str = "", limit_of: str = "") -> str:
    """``243 / 280``, red over the limit; with ``editor`` the live script keeps it up to date."""
    over = " tk-over" if length > limit else ""
    live = (
        f' data-editor="{escape(editor)}" data-unit="{platform.unit}" data-limit="{limit}"'
        f' data-url-weight="{platform.url_weight or 23}"'
        if editor
        else ""
    )
    label = f"{limit_of} " if limit_of else ""
    return (
        f'<span class="tk-counter{over}"{live} dir="ltr">{escape(label)}<span class="tk-count">{length:,}</span>'
        f' / {limit:,} <span class="tk-unit">{UNIT_LABELS[platform.unit]}</span></span>'
    )


def _head(platform: Platform, handle: str, badge: str, ui: UiLanguage) -> str:
    color, mark = ACCENTS.get(platform.key, ("#555", platform.name[:1]))
    who = escape(handle) if handle else tr("Your brand", ui)
    return (
        f'<div class="tk-head"><span class="tk-avatar" style="background:{color}">{escape(mark)}</span>'
        f'<span class="tk-who"><b>{who}</b> <span class="tk-meta">{escape(platform.name)} · {tr("now", ui)}</span></span>'
        f'<span class="tk-badge">{escape(badge)}</span></div>'
    )


def caption_card(caption: Caption, language: Language, ui: UiLanguage, *, editor: str = "", handle: str = "") -> str:
    """A caption as a post on its platform: header, (title), text, counter and a copy button."""
    p = get_platform(caption.platform)
    badge = f"{tr('variant {n}', ui, n=caption.variant + 1)} · {caption.angle}"
    if caption.repaired:
        badge += f" · {tr('repaired', ui)}"
    parts = [f'<div class="tk-card tk-p-{p.key}" data-platform="{p.key}" data-variant="{caption.variant}">',
             _head(p, handle, badge, ui)]
    if caption.title is not None:
        parts.append(f'<div class="tk-title" {text_attrs(language)}>{escape(caption.title)}</div>')
    parts.append(f'<div class="tk-text" {text_attrs(language)}>{rich_text(caption.text, language)}</div>')
    counters = [counter(caption.length, caption.limit, p, editor=editor)]
    if caption.title is not None and caption.title_limit:
        counters.append(counter(caption.title_length or 0, caption.title_limit, p, limit_of=tr("Title", ui)))
    copy = (f'<button class="tk-copy" type="button" data-editor="{escape(editor)}">{tr("Copy", ui)}</button>'
            if editor else "")
    parts.append(f'<div class="tk-foot">{"".join(counters)}{copy}</div></div>')
    return "".join(parts)


def thread_list(thread: Thread, language: Language, ui: UiLanguage) -> str:
    """A thread as a numbered list of posts, each with its own counter."""
    p = get_platform(thread.platform)
    items = "".join(
        f'<li class="tk-thread-post"><div class="tk-text" {text_attrs(language)}>{rich_text(post.text, language)}</div>'
        f'<div class="tk-foot">{counter(post.length, thread.limit, p)}</div></li>'
        for post in thread.posts
    )
    return (f'<div class="tk-card tk-thread tk-p-{p.key}">'
            f'<div class="tk-section">{tr("Thread · {n} posts", ui, n=len(thread.posts))}</div>'
            f'<ol class="tk-thread-list" {text_attrs(language)}>{items}</ol></div>')


def carousel_heading(carousel: Carousel, ui: UiLanguage) -> str:
    w, h = carousel.size
    return f'<div class="tk-section">{tr("Carousel · {n} slides · {w}×{h}", ui, n=len(carousel.slides), w=w, h=h)}</div>'


def slide_previews(carousel: Carousel) -> str:
    """Every slide as a small text mock-up in the carousel's proportions (instant; images on demand)."""
    w, h = carousel.size
    total = len(carousel.slides)
    slides = []
    for s in carousel.slides:
        bullets = "".join(f"<li>{escape(b)}</li>" for b in s.bullets)
        body = f'<div class="tk-slide-body" dir="auto">{escape(s.body)}</div>' if s.body else ""
        slides.append(
            f'<figure class="tk-slide tk-slide-{s.kind}" style="aspect-ratio:{w}/{h}" {text_attrs(carousel.language)}>'
            f'<div class="tk-slide-title">{escape(s.title)}</div><ul>{bullets}</ul>{body}'
            f'<span class="tk-slide-no" dir="ltr">{s.index} / {total}</span></figure>'
        )
    return f'<div class="tk-slides">{"".join(slides)}</div>'


def hashtag_chips(hashtags: HashtagSet, language: Language, ui: UiLanguage) -> str:
    """A platform's hashtag set as chips in reading order, brand/niche/broad told apart by colour."""
    chips = "".join(
        f'<span class="tk-chip tk-chip-{h.kind}" dir="auto" title="{h.kind}">{escape(h.tag)}</span>'
        for h in hashtags.hashtags
    )
    cap = f" / {hashtags.max}" if hashtags.max is not None else ""
    return (f'<div class="tk-section">{tr("Hashtag set", ui)} · {len(hashtags.hashtags)}{cap}</div>'
            f'<div class="tk-chips" {text_attrs(language)}>{chips}</div>')

"""HTML for the result cards: a caption as it would look posted, threads, slides and hashtag chips.

Pure functions from the repurposing models to HTML strings, so they are unit-tested without a
browser. Every piece of user or model text is escaped here; ``st.html`` sanitises again, and
carries ``translate="no"`` (content, never UI words). Each line gets its direction from the
shared rule in ``toolkit.bidi`` (the same one the editors and carousel slides use): links,
handles, Latin hashtags and numbers are isolated in ``<bdi>``, so ``👉 اقرأ الدليل: https://…``
reads right to left with the colon before the link, and ``@brand`` never turns into ``brand@``.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import regex

from ..bidi import isolate_html, line_direction
from ..lang import Language
from ..platforms import Platform, get_platform
from ..textlen import measure
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

# How each counting unit reads under a counter (translated with ``tr``).
UNIT_LABELS: dict[str, str] = {
    "x_weighted": "weighted",
    "chars": "chars",
    "threads_chars": "chars",
    "utf16": "code units",
    "graphemes": "characters",
    "mastodon": "chars",
}

# The hook strategies of the offline writer; a model's own angle name is shown as it came.
ANGLE_LABELS: dict[str, str] = {
    "summary": "summary", "insight": "insight", "question": "question", "statistic": "statistic",
    "list": "list", "audience": "audience",
}

COPY_LABELS = ("Copy", "Copy title", "Copy post", "Copy thread", "Copy hashtags")
_CLASSES = {"url": "tk-link", "tag": "tk-tag", "handle": "tk-handle", "email": "tk-link", "number": "tk-num"}


def text_attrs(language: Language) -> str:
    """``dir``/``lang`` for a block of content in ``language`` (content: never machine-translated)."""
    return f'dir="{"rtl" if language == "ar" else "ltr"}" lang="{language}" translate="no"'


def rich_text(text: str, language: Language) -> str:
    """Escaped text, one block per line in that line's direction, hashtags, links and handles isolated."""
    default = "rtl" if language == "ar" else "ltr"
    return "".join(
        f'<div dir="{line_direction(line, default)}">{isolate_html(line, _CLASSES)}</div>'
        if line.strip() else "<div><br></div>"
        for line in text.split("\n")
    )


def copy_button(ui: UiLanguage, *, editor: str = "", text: str | None = None, label: str = "Copy") -> str:
    """A copy button: of an editor's current value (``editor``, edits included), else of ``text``."""
    source = (f' data-editor="{escape(editor)}"' if editor else "") + f' data-copy="{escape(text or "")}"'
    return (f'<button class="tk-copy" type="button"{source} data-done="{escape(tr("Copied ✓", ui))}">'
            f'{escape(tr(label, ui))}</button>')


PROBLEM = "{platform} refuses text containing {char}: remove it."


def refused_char(text: str, platform: Platform) -> str:
    """``U+FEFF`` when ``platform`` refuses ``text`` whatever its length (``textlen.measure``'s problem), else ""."""
    found = regex.search(r"U\+[0-9A-F]{4,6}", measure(text, platform).problem)
    return found.group() if found else ""


def counter(length: int, limit: int, platform: Platform, ui: UiLanguage, *, editor: str = "",
            limit_of: str = "", problem: str = "") -> str:
    """``243 / 280``, red over the limit or when the platform refuses the text (``problem``: the
    character's code); with ``editor`` the live script keeps both up to date."""
    over = " tk-over" if length > limit or problem else ""
    live = (
        f' data-editor="{escape(editor)}" data-unit="{platform.unit}" data-limit="{limit}"'
        f' data-url-weight="{platform.url_weight or 23}"'
        f' data-problem="{escape(tr(PROBLEM, ui, platform=platform.name, char="{char}"))}"'
        if editor
        else ""
    )
    label = f"{escape(limit_of)} " if limit_of else ""
    sentence = escape(tr(PROBLEM, ui, platform=platform.name, char=f"\u2066{problem}\u2069")) if problem else ""
    return (
        f'<span class="tk-counter{over}"{live}>{label}<bdi dir="ltr"><span class="tk-count">{length:,}</span>'
        f' / {limit:,}</bdi> <span class="tk-unit">{escape(tr(UNIT_LABELS[platform.unit], ui))}</span>'
        f'<span class="tk-problem" role="alert"{"" if problem else " hidden"}>{sentence}</span></span>'
    )


def angle_label(angle: str, ui: UiLanguage) -> str:
    """A known hook strategy in the UI language; a model's own angle name as content."""
    if angle in ANGLE_LABELS:
        return escape(tr(ANGLE_LABELS[angle], ui))
    return f'<bdi translate="no">{escape(angle)}</bdi>'


def _head(platform: Platform, handle: str, badge: str, ui: UiLanguage) -> str:
    color, mark = ACCENTS.get(platform.key, ("#555", platform.name[:1]))
    who = (f'<bdi dir="ltr" class="tk-handle" translate="no">{escape(handle)}</bdi>' if handle
           else escape(tr("Your brand", ui)))
    return (
        f'<div class="tk-head"><span class="tk-avatar" style="background:{color}" translate="no">{escape(mark)}</span>'
        f'<span class="tk-who"><b>{who}</b> <span class="tk-meta"><bdi translate="no">{escape(platform.name)}</bdi>'
        f' · {escape(tr("now", ui))}</span></span>'
        f'<span class="tk-badge">{badge}</span></div>'
    )


def caption_card(caption: Caption, language: Language, ui: UiLanguage, *, editor: str = "", title_editor: str = "",
                 handle: str = "") -> str:
    """A caption as a post on its platform: header, (title), text, counters and copy buttons."""
    p = get_platform(caption.platform)
    badge = f"{escape(tr('variant {n}', ui, n=caption.variant + 1))} · {angle_label(caption.angle, ui)}"
    if caption.repaired:
        badge += f" · {escape(tr('repaired', ui))}"
    parts = [f'<div class="tk-card tk-p-{p.key}" data-platform="{p.key}" data-variant="{caption.variant}">',
             _head(p, handle, badge, ui)]
    if caption.title is not None:
        parts.append(f'<div class="tk-title" {text_attrs(language)}>{rich_text(caption.title, language)}</div>')
    parts.append(f'<div class="tk-text" {text_attrs(language)}>{rich_text(caption.text, language)}</div>')
    counters = [counter(caption.length, caption.limit, p, ui, editor=editor, problem=refused_char(caption.text, p))]
    buttons = [copy_button(ui, editor=editor, text=caption.text)]
    if caption.title is not None and caption.title_limit:
        counters.append(counter(caption.title_length or 0, caption.title_limit, p, ui, editor=title_editor,
                                limit_of=tr("Title", ui)))
        buttons.insert(0, copy_button(ui, editor=title_editor, text=caption.title, label="Copy title"))
    parts.append(f'<div class="tk-foot">{"".join(counters)}<span class="tk-actions">{"".join(buttons)}</span>'
                 "</div></div>")
    return "".join(parts)


def thread_text(thread: Thread) -> str:
    """The whole thread as one text, posts separated by a blank line (what "Copy thread" copies)."""
    return "\n\n".join(post.text for post in thread.posts)


def thread_list(thread: Thread, language: Language, ui: UiLanguage) -> str:
    """A thread as a numbered list of posts, each with its own counter and copy button."""
    p = get_platform(thread.platform)
    items = "".join(
        f'<li class="tk-thread-post"><div class="tk-text" {text_attrs(language)}>{rich_text(post.text, language)}</div>'
        f'<div class="tk-foot">{counter(post.length, thread.limit, p, ui)}'
        f'<span class="tk-actions">{copy_button(ui, text=post.text, label="Copy post")}</span></div></li>'
        for post in thread.posts
    )
    return (f'<div class="tk-card tk-thread tk-p-{p.key}">'
            f'<div class="tk-section tk-row">{escape(tr("Thread · {n} posts", ui, n=len(thread.posts)))}'
            f'<span class="tk-actions">{copy_button(ui, text=thread_text(thread), label="Copy thread")}</span></div>'
            f'<ol class="tk-thread-list" dir="{"rtl" if language == "ar" else "ltr"}">{items}</ol></div>')


def carousel_heading(carousel: Carousel, ui: UiLanguage) -> str:
    w, h = carousel.size
    text = tr("Carousel · {n} slides · {w}×{h}", ui, n=len(carousel.slides), w=w, h=h)
    return f'<div class="tk-section">{escape(text)}</div>'


def slide_previews(carousel: Carousel) -> str:
    """Every slide as a small text mock-up in the carousel's proportions (instant; images on demand)."""
    w, h = carousel.size
    total = len(carousel.slides)
    language = carousel.language
    slides = []
    for s in carousel.slides:
        bullets = "".join(f"<li>{rich_text(b, language)}</li>" for b in s.bullets)
        body = f'<div class="tk-slide-body">{rich_text(s.body, language)}</div>' if s.body else ""
        slides.append(
            f'<figure class="tk-slide tk-slide-{s.kind}" style="aspect-ratio:{w}/{h}">'
            f'<div class="tk-slide-frame" {text_attrs(language)}><div class="tk-slide-title">{rich_text(s.title, language)}'
            f"</div><ul>{bullets}</ul>{body}</div>"
            f'<span class="tk-slide-no" dir="ltr">{s.index} / {total}</span></figure>'
        )
    return f'<div class="tk-slides">{"".join(slides)}</div>'


def hashtag_text(hashtags: HashtagSet) -> str:
    """The set as one line of tags (what "Copy hashtags" copies)."""
    return " ".join(h.tag for h in hashtags.hashtags)


def hashtag_chips(hashtags: HashtagSet, language: Language, ui: UiLanguage) -> str:
    """A platform's hashtag set as chips in reading order, brand/niche/broad told apart by colour."""
    chips = "".join(
        f'<bdi class="tk-chip tk-chip-{h.kind}" title="{escape(tr(h.kind, ui))}">{escape(h.tag)}</bdi>'
        for h in hashtags.hashtags
    )
    cap = f" / {hashtags.max}" if hashtags.max is not None else ""
    return (f'<div class="tk-section tk-row">{escape(tr("Hashtag set", ui))} · <bdi dir="ltr">{len(hashtags.hashtags)}{cap}'
            f'</bdi><span class="tk-actions">{copy_button(ui, text=hashtag_text(hashtags), label="Copy hashtags")}'
            f'</span></div><div class="tk-chips" {text_attrs(language)}>{chips}</div>')

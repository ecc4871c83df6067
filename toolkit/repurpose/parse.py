"""Turn Markdown, HTML or pasted plain text into a ``Post``: the real title, the article's sections, links.

Each format first becomes a flat list of blocks (heading / paragraph / bullet): Markdown through
markdown-it (front matter and footnotes recognised), HTML through main-content extraction
(``extract_html``), pasted text by rejoining wrapped lines (``unwrap``). One assembler then
drops page furniture (``boilerplate``), picks the title (front matter, then the page's title,
then the first heading-like line that is not furniture) and groups blocks into sections.
"""

from __future__ import annotations

import hashlib
from typing import Any

import regex
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import InputError
from ..lang import clean_text, detect_language, ends_sentence, split_sentences
from . import chrome as c
from .blocks import Block, word_count
from .boilerplate import Furniture, has_contact, strip_boilerplate
from .extract_html import article_blocks, fragment_blocks
from .frontmatter import (
    BRAND_KEYS,
    TAG_KEYS,
    list_value,
    parse_front_matter,
    text_value,
)
from .load import Source
from .models import Link, Post, Section
from .unwrap import (
    emoji_bullets,
    item_marker,
    items_as_headings,
    join_lowercase,
    mark_headings,
    recover_lists,
    text_blocks,
)

MIN_WORDS = 40  # shorter than this there is nothing to repurpose

_TASK_MARKER = regex.compile(r"^\[[ xX]\]\s+")
_MD_INLINE = regex.compile(r"(\*\*|__|~~|`)")
_HIDDEN_INLINE = regex.compile(
    r"""(?i)^<(?P<tag>[a-z][a-z0-9]*)\b[^>]*(?:display\s*:\s*none|visibility\s*:\s*hidden|aria-hidden\s*=\s*["']?true|\shidden(?:[\s>=]|$))"""
)
_TITLE_WORDS = (2, 25)


# --- Markdown ----------------------------------------------------------------------------------

_md = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
    .use(footnote_plugin)
)


def _markdown_blocks(text: str) -> tuple[list[Block], list[Link], dict[str, Any]]:
    tokens = _md.parse(text.lstrip("\ufeff"))
    bullet_emoji = emoji_bullets(text.splitlines())
    blocks: list[Block] = []
    links: list[Link] = []
    meta: dict[str, Any] = {}
    in_list = 0
    first_item = False
    number = ""  # the current ordered item's number as written ("3.")
    heading_level = 0
    in_footnotes = 0
    in_table_row: list[str] | None = None
    for tok in tokens:
        if tok.type == "front_matter":
            meta = parse_front_matter(tok.content)
        elif tok.type == "footnote_block_open":
            in_footnotes += 1
        elif tok.type == "footnote_block_close":
            in_footnotes -= 1
        elif in_footnotes:
            continue  # footnote definitions are sources and asides, not article text
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
            first_item = True
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif tok.type == "list_item_open":
            number = f"{tok.info}{tok.markup}" if tok.info else ""
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "tr_open":
            in_table_row = []
        elif tok.type == "tr_close" and in_table_row is not None:
            cells = [x for x in in_table_row if x]
            if cells:
                blocks.append(Block("bullet", " — ".join(cells), gap=False))
            in_table_row = None
        elif tok.type == "inline":
            content, anchor = _inline_text(tok, links)
            if in_table_row is not None:
                in_table_row.append(" ".join(content.split()))
            elif heading_level:
                blocks.append(Block("heading", " ".join(content.split()), heading_level))
            elif in_list:
                item = _TASK_MARKER.sub("", " ".join(content.split()))
                blocks.append(Block("bullet", item, gap=first_item, anchor=anchor, marker=number))
                first_item = False
            else:
                lines = [ln.strip() for ln in content.split("\n") if ln.strip()]
                items = [item_marker(ln, bullet_emoji) for ln in lines]
                if (len(lines) >= 2 or (lines and items[0][0] in bullet_emoji)) and all(m for m, _ in items):
                    blocks.extend(Block("bullet", rest, gap=k == 0) for k, (_, rest) in enumerate(items))
                else:
                    blocks.append(Block("paragraph", " ".join(content.split()), anchor=anchor))
        elif tok.type == "html_block":
            blocks.extend(fragment_blocks(tok.content))
    return blocks, links, meta


def _inline_text(tok: Any, links: list[Link]) -> tuple[str, bool]:
    """Text of an inline token (images, footnote marks and hidden inline HTML dropped), and
    whether it is nothing but links into the same page."""
    out: list[str] = []
    href: str | None = None
    link_text: list[str] = []
    hidden: list[str] = []
    anchor_chars = 0
    for child in tok.children or []:
        if child.type == "html_inline":
            m = _HIDDEN_INLINE.match(child.content)
            if m:
                hidden.append(m.group("tag").lower())
            elif hidden and child.content.lower().startswith(f"</{hidden[-1]}"):
                hidden.pop()
            continue
        if hidden:
            continue
        if child.type == "link_open":
            href = child.attrs.get("href", "")
            link_text = []
        elif child.type == "link_close":
            label = "".join(link_text).strip()
            if href and href.startswith(("http://", "https://")):
                links.append(Link(text=label or href, url=href))
            elif href and href.startswith("#"):
                anchor_chars += len(label)
            href = None
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
            if href is not None:
                link_text.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    text = "\n".join(" ".join(ln.split()) for ln in "".join(out).split("\n"))
    return text.strip(), bool(text.strip()) and anchor_chars >= 0.8 * len(regex.sub(r"\s", "", text)) - 2


# --- assembly ----------------------------------------------------------------------------------


def parse(source: Source) -> Post:
    """Parse a decoded source into a ``Post``; raise ``InputError`` when too little text remains."""
    found = Furniture()
    links: list[Link] = []
    title = description = ""
    tags: list[str] = []
    if source.format == "html":
        blocks, page, links = article_blocks(source.text)
        title, description, tags = page.title, page.description, page.tags
        for brand in page.brands:
            found.add(brand)
    elif source.format in ("markdown", "docx"):
        blocks, links, meta = _markdown_blocks(source.text)
        title, description = text_value(meta, "title"), text_value(meta, "description")
        tags = list_value(meta, *TAG_KEYS)
        for brand in list_value(meta, *BRAND_KEYS):
            found.add(brand)
    else:
        blocks = text_blocks(source.text)
    blocks = strip_boilerplate(_tidy(blocks), found)
    if source.format == "text":
        blocks = join_lowercase(blocks)
        recover_lists(blocks)
    items_as_headings(blocks)
    if source.format == "text":
        mark_headings(blocks)
    for b in blocks:
        if b.kind == "heading":  # an emoji opening a heading marks the section; it is not its name
            b.text = c.EMOJI_LEAD.sub("", b.text, count=1) or b.text
    title = clean_text(_MD_INLINE.sub("", title))
    if title and blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        blocks = blocks[1:]  # the page's own display of the title the metadata gives
    if not title:
        title, blocks = _title_from_blocks(blocks, source.format == "text")
    blocks = _drop_title_repeats(_dedupe(blocks, source.format == "text"), title)
    if source.format == "text" and not description:
        description, blocks = _subtitle(blocks)
    brands = [b for b in found.brands if c.line_key(b) != c.line_key(title)]
    sections = _drop_promotion(_sections(blocks), brands, title)
    body_words = sum(word_count(p) for s in sections for p in s.paragraphs + s.bullets)
    label = source.name or "The post"
    if body_words < MIN_WORDS:
        raise InputError(
            f"{label} has only {body_words} words of body text after removing page chrome: "
            f"give a post of at least {MIN_WORDS} words."
        )
    if not title:  # the opening sentence stands in; a post that opens with its list, the first item
        first = next((p for s in sections for p in s.paragraphs), "") or sections[0].bullets[0]
        title = (split_sentences(first) or [first])[0]
    text_for_lang = " ".join([title] + [p for s in sections for p in s.paragraphs + s.bullets])
    normalised = "\n".join([title] + [p for s in sections for p in ([s.heading or ""] + s.paragraphs + s.bullets)])
    return Post(
        title=title,
        language=detect_language(text_for_lang),
        source_format=source.format,
        sections=sections,
        links=_unique_links(links),
        source_name=source.name,
        source_hash=hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
        source_brands=brands,
        description=clean_text(description),
        tags=[clean_text(t) for t in dict.fromkeys(tags or found.tags) if t.strip()],
    )


def _tidy(blocks: list[Block]) -> list[Block]:
    out = []
    for b in blocks:
        text = _MD_INLINE.sub("", b.text)
        if c.MAY_HAVE_FOOTNOTE.search(text):
            text = c.FOOTNOTE_MARK.sub("", text)
        if "#" in text:
            text = c.TRAILING_HASHTAGS.sub("", text)
        b.text = clean_text(text)
        if b.text:
            out.append(b)
    return out


def _title_from_blocks(blocks: list[Block], pasted: bool) -> tuple[str, list[Block]]:
    """The title when no metadata gives one: a level-1 heading, or in a paste the heading-like line
    by the byline (else the first one) before the body starts; a heading that opens the document.
    A section heading further down is never the title: then the first sentence stands in."""
    first_long = next((i for i, b in enumerate(blocks) if b.kind == "paragraph" and word_count(b.text) > 30), len(blocks))
    head = blocks[: max(first_long, 1)]
    lo, hi = _TITLE_WORDS
    pick = next((i for i, b in enumerate(head) if b.kind == "heading" and b.level == 1), None)
    if pick is None and pasted:
        fits = [i for i, b in enumerate(head) if b.kind != "bullet" and lo < word_count(b.text) <= hi]
        pick = next((i for i in fits if head[i].by_meta), fits[0] if fits else None)
    if pick is None and blocks and blocks[0].kind == "heading":
        pick = 0
    if pick is None:
        first = next((b for b in blocks if b.kind == "paragraph"), None)
        sentence = split_sentences(first.text)[0] if first is not None else ""
        if sentence and word_count(sentence) <= 20:
            return sentence, blocks
        pick = next((i for i, b in enumerate(blocks) if b.kind == "heading"), None)
    if pick is None:
        return "", blocks
    title = blocks[pick].text
    if pasted and all(word_count(b.text) <= 8 for b in blocks[:pick]):
        blocks = blocks[pick:]  # leftovers of the masthead above the title
    return title, blocks


def _subtitle(blocks: list[Block]) -> tuple[str, list[Block]]:
    """A paste's subtitle: the unpunctuated summary line right under the title, before the first
    paragraph. It describes the post; as a caption sentence it would read as cut off."""
    # a short one is taken for a heading: it is the subtitle only when no blank line parts it from the title
    under_title = blocks[0].kind == "paragraph" or (blocks[0].kind == "heading" and not blocks[0].gap) if blocks else False
    if len(blocks) >= 2 and under_title and blocks[1].kind == "paragraph":
        first, second = blocks[0].text, blocks[1].text
        ends = first.rstrip("\"'”’»)")  # a sentence may end inside its closing quote
        if 6 <= word_count(first) <= 30 and not ends_sentence(ends, or_clause=True) and word_count(second) > word_count(first):
            return first, blocks[1:]
    return "", blocks


def _dedupe(blocks: list[Block], inferred: bool) -> list[Block]:
    """Repeated text counts once. A repeated paragraph (a pull quote, SEO stuffing) keeps its first
    place. A repeated short line keeps its place as a heading: the copy that goes is the one in a
    run of short lines (an unlabelled table of contents) or right after itself (a template's banner)."""
    keys = [c.line_key(b.text) for b in blocks]
    short = [b.kind != "bullet" and word_count(b.text) <= 12 for b in blocks]
    run_length = [0] * len(blocks)  # length of the run of short lines each block stands in
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and short[j]:
            j += 1
        for k in range(i, j):
            run_length[k] = j - i
        i = max(j, i + 1)
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    seen: set[str] = set()
    out: list[Block] = []
    for i, b in enumerate(blocks):
        key = keys[i]
        if b.kind == "bullet" or counts[key] == 1:
            out.append(b)
            continue
        if not short[i]:
            if key not in seen:
                out.append(b)
            seen.add(key)
            continue
        # marked-up headings (Markdown, HTML) are trusted; a paste's are only inferred
        in_run = run_length[i] >= 3 and (inferred or b.kind == "paragraph")
        repeat = i > 0 and keys[i - 1] == key
        if not (in_run or repeat) and key not in seen:
            out.append(b)
            seen.add(key)
    return out


def _drop_title_repeats(blocks: list[Block], title: str) -> list[Block]:
    """Drop the title line itself and short fragments of it (a blog's repeated title banner)."""
    tkey = c.line_key(title)
    out = []
    for i, b in enumerate(blocks):
        key = c.line_key(b.text)
        if key == tkey:
            continue
        if b.kind == "heading" and i < 4 and key and key in tkey and word_count(b.text) <= 3:
            continue
        out.append(b)
    return out


def _sections(blocks: list[Block]) -> list[Section]:
    """Heading + paragraphs + bullets. Prose after a list opens an untitled section, so reading the
    sections in order reads the article in order (a list stays right after its intro)."""
    sections: list[Section] = [Section()]
    for b in blocks:
        current = sections[-1]
        if b.kind == "heading":
            if current.heading is None and not current.paragraphs and not current.bullets:
                current.heading, current.level = b.text, b.level
            else:
                sections.append(Section(heading=b.text, level=b.level))
        elif b.kind == "bullet":
            current.bullets.append(b.text)
        elif current.bullets:
            sections.append(Section(level=current.level, paragraphs=[b.text]))
        else:
            current.paragraphs.append(b.text)
    return [s for s in sections if s.paragraphs or s.bullets]


def _drop_promotion(sections: list[Section], brands: list[str], title: str) -> list[Section]:
    """The publisher selling itself is not the article: a section whose heading names the publisher,
    and a sentence naming it beside a price, a phone number or a call to contact it."""
    keys = [k for k in (c.line_key(b) for b in brands) if len(k) >= 4]
    if not keys:
        return sections
    tkey = c.line_key(title)
    out: list[Section] = []
    for s in sections:
        hkey = c.line_key(s.heading or "")
        if hkey and hkey != tkey and any(k in hkey for k in keys):
            continue
        s.paragraphs = [p for p in (_without_promotion(p, keys) for p in s.paragraphs) if p]
        if s.paragraphs or s.bullets:
            out.append(s)
    return out


def _without_promotion(paragraph: str, keys: list[str]) -> str:
    key = c.line_key(paragraph)
    if not any(k in key for k in keys):
        return paragraph
    kept = [
        s for s in split_sentences(paragraph)
        if not (any(k in c.line_key(s) for k in keys) and (c.PRICE.search(s) or has_contact(s) or c.CTA.search(s)))
    ]
    rest = " ".join(kept)
    return rest if word_count(rest) >= 4 else ""  # "Don't wait!" left of a sales pitch goes with it


def _unique_links(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def parse_text(text: str, name: str = "") -> Post:
    """Parse a post given as a string (format sniffed from the content)."""
    from .load import read_text

    return parse(read_text(text, name))

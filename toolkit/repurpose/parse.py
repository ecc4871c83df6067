"""Turn Markdown, HTML or pasted plain text into a ``Post``: title, sections, bullets, links.

Each format first becomes a flat list of blocks (heading / paragraph / bullet); one assembler
then drops page chrome and duplicates, picks the title and groups blocks into sections.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import regex
from markdown_it import MarkdownIt
from selectolax.lexbor import LexborHTMLParser as HTMLParser, LexborNode as Node

from ..errors import InputError
from ..lang import clean_text, detect_language, words
from .chrome import is_chrome, line_key
from .load import Source
from .models import Link, Post, Section

MIN_WORDS = 40  # shorter than this there is nothing to repurpose

BlockKind = Literal["heading", "paragraph", "bullet"]


@dataclass
class Block:
    kind: BlockKind
    text: str
    level: int = 2


_LIST_MARKER = regex.compile(r"^\s*(?:[-*+•▪◦·–]|\(?[0-9٠-٩]{1,3}[.)\-]|\(?[a-zA-Z][.)])\s+")
_TASK_MARKER = regex.compile(r"^\[[ xX]\]\s+")
_MD_INLINE = regex.compile(r"(\*\*|__|~~|`)")
_TITLE_SUFFIX = regex.compile(r"\s+[|–—\-:»]\s+[^|–—\-:»]{2,60}$")


# --- Markdown ----------------------------------------------------------------------------------

_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


_FRONT_MATTER = regex.compile(r"\A(?:\ufeff)?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n", regex.DOTALL)


def _markdown_blocks(text: str) -> tuple[list[Block], list[Link]]:
    tokens = _md.parse(_FRONT_MATTER.sub("", text, count=1))
    blocks: list[Block] = []
    links: list[Link] = []
    in_list = 0
    heading_level = 0
    in_table_row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            in_list += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            in_list -= 1
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "heading_close":
            heading_level = 0
        elif tok.type == "tr_open":
            in_table_row = []
        elif tok.type == "tr_close" and in_table_row is not None:
            cells = [c for c in in_table_row if c]
            if cells:
                blocks.append(Block("bullet", " — ".join(cells)))
            in_table_row = None
        elif tok.type == "inline":
            content = _inline_text(tok, links)
            if in_table_row is not None:
                in_table_row.append(content)
            elif heading_level:
                blocks.append(Block("heading", content, heading_level))
            elif in_list:
                blocks.append(Block("bullet", _TASK_MARKER.sub("", content)))
            else:
                blocks.append(Block("paragraph", content))
        elif tok.type == "html_block":
            blocks.extend(_html_blocks(tok.content, links, whole_page=False))
    return blocks, links


def _inline_text(tok, links: list[Link]) -> str:
    """Text of an inline token: images dropped, code spans and links kept as their text."""
    out: list[str] = []
    href: str | None = None
    link_text: list[str] = []
    for child in tok.children or []:
        if child.type == "link_open":
            href = child.attrs.get("href", "")
            link_text = []
        elif child.type == "link_close":
            if href and href.startswith(("http://", "https://")):
                links.append(Link(text="".join(link_text).strip() or href, url=href))
            href = None
        elif child.type in ("text", "code_inline"):
            out.append(child.content)
            if href is not None:
                link_text.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "html_inline":
            continue
    return " ".join("".join(out).split())


# --- HTML --------------------------------------------------------------------------------------

_DROP_TAGS = "script, style, noscript, nav, footer, aside, form, iframe, svg, button, template, select, figure > figcaption"
_CHROME_HINT = regex.compile(
    r"(?i)(^|[\s_-])(cookie|consent|gdpr|banner|newsletter|subscribe|share|sharing|social|comment|related|"
    r"sidebar|breadcrumb|menu|navbar|nav|footer|header|popup|modal|advert|ads|promo|skip|toc)([\s_-]|$)"
)
_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "tr", "dt", "dd"}


def _html_blocks(html: str, links: list[Link], *, whole_page: bool = True) -> list[Block]:
    tree = HTMLParser(html)
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    for node in tree.css("[class], [id], [role]"):
        hint = " ".join(filter(None, (node.attributes.get("class"), node.attributes.get("id"), node.attributes.get("role"))))
        if node.tag not in ("html", "body", "main", "article") and _CHROME_HINT.search(hint):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.css_first("[role=main]") or tree.body or tree.root
    blocks: list[Block] = []
    if root is not None:
        _walk(root, blocks, links)
    return blocks


def _walk(node: Node, blocks: list[Block], links: list[Link]) -> None:
    child = node.child
    while child is not None:
        tag = child.tag
        if tag in _BLOCK_TAGS:
            if tag == "li" and child.css_first("ul, ol, p"):
                own = _node_text(child, skip_nested_lists=True)
                if own:
                    blocks.append(Block("bullet", own))
                _walk(child, blocks, links)
            else:
                text = _node_text(child)
                if text:
                    if tag.startswith("h") and tag[1:].isdigit():
                        blocks.append(Block("heading", text, int(tag[1])))
                    elif tag in ("li", "tr", "dd"):
                        blocks.append(Block("bullet", text))
                    else:
                        blocks.append(Block("paragraph", text))
            for a in child.css("a[href]"):
                href = a.attributes.get("href") or ""
                if href.startswith(("http://", "https://")):
                    links.append(Link(text=" ".join(a.text().split()) or href, url=href))
        elif tag in ("pre", "code", "img", "picture", "video", "-comment"):
            pass
        elif tag == "-text":
            text = " ".join((child.text_content or "").split())
            if len(words(text)) >= 4:
                blocks.append(Block("paragraph", text))
        else:
            _walk(child, blocks, links)
        child = child.next


def _node_text(node: Node, *, skip_nested_lists: bool = False) -> str:
    if node.tag == "tr":
        cells = [" ".join(c.text().split()) for c in node.css("td, th")]
        return " — ".join(c for c in cells if c)
    if skip_nested_lists:
        parts = []
        child = node.child
        while child is not None:
            if child.tag not in ("ul", "ol", "p"):
                parts.append(child.text() if child.tag != "-text" else (child.text_content or ""))
            child = child.next
        return " ".join(" ".join(parts).split())
    return " ".join(node.text(separator=" ").split())


def _html_title(html: str) -> str:
    tree = HTMLParser(html)
    h1 = tree.css_first("article h1") or tree.css_first("main h1") or tree.css_first("h1")
    if h1 is not None and h1.text().strip():
        return " ".join(h1.text().split())
    title = tree.css_first("title")
    if title is not None:
        return _TITLE_SUFFIX.sub("", " ".join(title.text().split()))
    return ""


# --- plain text --------------------------------------------------------------------------------


def _text_blocks(text: str) -> list[Block]:
    lines = [ln.rstrip() for ln in text.splitlines()]
    blocks: list[Block] = []
    for ln in lines:
        stripped = ln.strip()
        if not stripped:
            continue
        if _LIST_MARKER.match(stripped) and len(words(stripped)) > 1:
            blocks.append(Block("bullet", _LIST_MARKER.sub("", stripped, count=1).strip()))
        else:
            blocks.append(Block("paragraph", stripped))
    # A short line that does not end like a sentence and introduces longer text is a heading.
    for i, b in enumerate(blocks):
        if b.kind != "paragraph":
            continue
        nxt = next((x for x in blocks[i + 1 :]), None)
        n_words = len(words(b.text))
        ends_open = not b.text.endswith((".", "،", ",", ";", "؛", "…", "!"))
        question = b.text.endswith(("?", "؟")) and n_words <= 25 and b.text.count("؟") + b.text.count("?") == 1
        if nxt is not None and ends_open and (n_words <= 14 or question):
            if nxt.kind == "bullet" or len(words(nxt.text)) > n_words or question:
                b.kind = "heading"
                b.level = 2
    return blocks


# --- assembly ----------------------------------------------------------------------------------


def parse(source: Source) -> Post:
    """Parse a decoded source into a ``Post``; raise ``InputError`` when too little text remains."""
    links: list[Link] = []
    title = ""
    if source.format == "html":
        blocks = _html_blocks(source.text, links)
        title = _html_title(source.text)
    elif source.format in ("markdown", "docx"):
        blocks, links = _markdown_blocks(source.text)
    else:
        blocks = _text_blocks(source.text)
    blocks = _clean(blocks)
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading"), "")
    if not title:
        title = next((b.text for b in blocks if len(words(b.text)) <= 14), "")
    title = clean_text(title)
    blocks = _drop_title_repeats(blocks, title)
    sections = _sections(blocks)
    body_words = sum(len(words(p)) for s in sections for p in s.paragraphs + s.bullets)
    label = source.name or "The post"
    if body_words < MIN_WORDS:
        raise InputError(
            f"{label} has only {body_words} words of body text after removing page chrome: "
            f"give a post of at least {MIN_WORDS} words."
        )
    if not title:
        title = sections[0].paragraphs[0] if sections and sections[0].paragraphs else ""
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
    )


def _clean(blocks: list[Block]) -> list[Block]:
    seen: set[str] = set()
    out: list[Block] = []
    for b in blocks:
        b.text = clean_text(_MD_INLINE.sub("", b.text))
        if not b.text or is_chrome(b.text):
            continue
        key = line_key(b.text)
        if key in seen and b.kind != "bullet":
            continue  # repeated title lines, duplicated headings from page templates
        seen.add(key)
        out.append(b)
    return out


def _drop_title_repeats(blocks: list[Block], title: str) -> list[Block]:
    """Drop the title line itself and short fragments of it (a blog's repeated title banner)."""
    tkey = line_key(title)
    out = []
    for i, b in enumerate(blocks):
        key = line_key(b.text)
        if key == tkey:
            continue
        if b.kind == "heading" and i < 4 and key and key in tkey and len(words(b.text)) <= 3:
            continue
        out.append(b)
    return out


def _sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = [Section()]
    for b in blocks:
        if b.kind == "heading":
            if sections[-1].heading is None and not sections[-1].paragraphs and not sections[-1].bullets:
                sections[-1].heading, sections[-1].level = b.text, b.level
            else:
                sections.append(Section(heading=b.text, level=b.level))
        elif b.kind == "bullet":
            sections[-1].bullets.append(b.text)
        else:
            sections[-1].paragraphs.append(b.text)
    return [s for s in sections if s.paragraphs or s.bullets]


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

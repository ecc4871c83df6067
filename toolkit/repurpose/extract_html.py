"""A web page to the article's blocks, its real title and its publisher's names.

Hidden elements go first (``display:none``, ``visibility:hidden``, ``hidden``, ``aria-hidden``,
screen-reader-only classes, ``<template>``, ``<noscript>``): a reader never sees them, and
injected instructions hide there. Then trafilatura finds the main content (it drops menus,
sidebars, related posts, share bars and comments by page structure, in any language); when it
finds nothing, a simpler walk over ``<article>``/``<main>`` takes over. Every walk here is
iterative, so a page nested 10,000 tags deep cannot exhaust Python's stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import chrome as c
from .blocks import Block, word_count
from .models import Link

_HIDDEN_STYLE = regex.compile(r"(?i)(?:display\s*:\s*none|visibility\s*:\s*hidden|content-visibility\s*:\s*hidden)")
_HIDDEN_CLASS = regex.compile(r"(?i)(?:^|\s)(?:hidden|d-none|sr-only|visually-hidden|screen-reader-text|screen-reader-only|hide|is-hidden|u-hidden)(?:\s|$)")
_DROP_TAGS = "script, style, noscript, template, svg, iframe, object, embed, canvas, select, button, input, textarea"
_FALLBACK_DROP = "nav, footer, aside, form, figure > figcaption, header"
_CHROME_HINT = regex.compile(
    r"(?i)(^|[\s_-])(cookie|consent|gdpr|banner|newsletter|subscribe|share|sharing|social|comment|comments|related|"
    r"sidebar|breadcrumbs?|menu|navbar|nav|footer|header|popup|modal|advert|ads|promo|skip|toc|author-box|widget)([\s_-]|$)"
)
_BLOCK_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "tr", "dt", "dd"}
_BYLINE_SELECTOR = (
    "[rel=author], [itemprop=author], .author-name, .byline .author, .byline a, .post-author, .entry-author, "
    ".article-author, .gh-article-author, article header a[href*='/author/']"
)
_SITE_SELECTOR = ".site-title, .site-name, .logo, .brand, [rel=home]"


@dataclass
class Page:
    """What a web page says about its article, besides the article's blocks."""

    title: str = ""
    description: str = ""
    brands: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def _text(node: LexborNode) -> str:
    return " ".join(node.text(separator=" ").split())


def strip_hidden(tree: LexborHTMLParser) -> None:
    """Remove everything a browser would not show, and scripts, before anything reads the page."""
    doomed: list[LexborNode] = list(tree.css(_DROP_TAGS))
    doomed += tree.css("[hidden], [aria-hidden=true]")
    doomed += [n for n in tree.css("[style]") if _HIDDEN_STYLE.search(n.attributes.get("style") or "")]
    doomed += [n for n in tree.css("[class]") if _HIDDEN_CLASS.search(n.attributes.get("class") or "")]
    for node in doomed:
        node.decompose()


_SIGNUP_FIELD = 'input[type=email], input[name*=email], input[placeholder*="@"], [data-members-form], [data-portal=signup]'
_NOTE_REFS = 'a[href^="#fn"], a[href^="#footnote"], a[href*="cite_note"], a.footnote-ref, a.footnote-anchor, [role=doc-noteref]'
_NOTE_LISTS = ".footnotes, .footnote-list, [role=doc-endnotes], [role=doc-footnote], section[data-footnotes]"
_BACKREFS = 'a.footnote-backref, a.footnote-back, [role=doc-backlink], a[href^="#fnref"], a[href^="#footnote-anchor"]'
_BOX_WORDS = 60  # a sign-up box is a heading, a line or two and the form; the article around it is longer


def strip_asides(tree: LexborHTMLParser) -> None:
    """Remove sign-up boxes inside the article (a form asking for an e-mail, with the heading and pitch
    around it: "Enjoying this essay? … Subscribe") and footnotes (their marks and the notes themselves)."""
    boxes: list[LexborNode] = []
    for field_node in tree.css(_SIGNUP_FIELD):
        form = field_node if field_node.tag == "form" else _ancestor(field_node, "form") or field_node
        box = form
        parent = box.parent
        while (
            parent is not None and parent.tag not in ("body", "html", "article", "main")
            and word_count(_text(parent)) <= _BOX_WORDS and parent.css_first("h1") is None  # never the short article itself
        ):
            box, parent = parent, parent.parent
        boxes.append(box)
    for ref in tree.css(_NOTE_REFS):
        boxes.append(ref.parent if ref.parent is not None and ref.parent.tag == "sup" else ref)
    boxes += [sup for sup in tree.css("sup") if _footnote_mark(sup)]
    boxes += tree.css(_NOTE_LISTS)
    for back in tree.css(_BACKREFS):
        note_list = _ancestor(back, "ol") or _ancestor(back, "ul")
        if note_list is not None:
            boxes.append(note_list)
    for node in boxes:
        if node.parent is not None:  # not already gone with an enclosing box
            node.decompose()
    exponents = [sup for sup in tree.css("sup") if _text(sup).isdigit() and len(_text(sup)) <= 3]
    for sup in exponents:  # what is left is an exponent or a unit: "10⁶", "m²", not "106", "m2"
        sup.replace_with(_text(sup).translate(_SUPERSCRIPT))
    if exponents or boxes:
        tree.merge_text_nodes()  # "m" "²", "Smith" "'s": one word again


_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_MARK = regex.compile(r"^(?:\[?[0-9٠-٩]{1,3}\]?|\*{1,3}|[†‡])$")
_BEFORE_MARK = regex.compile(r"(?:[\p{L}\p{M}]{3}|[.,;:!?؟،؛\"”’')])$")


def _footnote_mark(sup: LexborNode) -> bool:
    """A superscript number after a word or a full stop ("it.<sup>2</sup>"); not an exponent
    ("10<sup>6</sup>") or a unit ("m<sup>2</sup>")."""
    if not _SUP_MARK.match(_text(sup)):
        return False
    before = sup.prev
    text = (before.text_content or "") if before is not None and before.tag == "-text" else ""
    return bool(_BEFORE_MARK.search(text.rstrip()) and text == text.rstrip())


def _ancestor(node: LexborNode, tag: str) -> LexborNode | None:
    parent = node.parent
    while parent is not None and parent.tag != tag:
        parent = parent.parent
    return parent


def _json_ld_names(tree: LexborHTMLParser) -> tuple[str, list[str]]:
    """The headline and the author/publisher names in the page's JSON-LD (walked without recursion)."""
    headline = ""
    names: list[str] = []
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            data: Any = json.loads(script.text() or "null")
        except ValueError:
            continue
        stack: list[tuple[Any, str]] = [(data, "")]
        while stack:
            item, role = stack.pop()
            if isinstance(item, list):
                stack.extend((x, role) for x in item)
            elif isinstance(item, dict):
                for key, value in item.items():
                    if key == "headline" and isinstance(value, str) and not headline:
                        headline = value
                    elif key in ("author", "publisher", "creator", "sourceOrganization"):
                        stack.append((value, "brand"))
                    elif key == "@graph":
                        stack.append((value, ""))
                    elif key == "name" and role == "brand" and isinstance(value, str):
                        names.append(value)
            elif isinstance(item, str) and role == "brand" and not item.startswith("http"):
                names.append(item)
    return headline, names


def _meta(tree: LexborHTMLParser, *names: str) -> str:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
        if node is not None and (node.attributes.get("content") or "").strip():
            return " ".join((node.attributes.get("content") or "").split())
    return ""


def _split_title(title: str, brands: list[str]) -> tuple[str, str]:
    """"Post title | Site" to ("Post title", "Site"), when the site part is a short name."""
    parts = c.TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title, ""
    brand_keys = {c.line_key(b) for b in brands}
    last, first = parts[-1], parts[0]
    if c.line_key(first) in brand_keys and word_count(" ".join(parts[1:])) >= 2:
        return " - ".join(parts[1:]), first
    rest = title[: title.rfind(last)].rstrip()
    hyphen = rest.endswith("-")  # "A - B" is as often one title as a title and a site name
    rest = rest.rstrip(" |–—-:·•»›")
    if c.line_key(last) in brand_keys or (word_count(last) <= 5 and word_count(rest) >= (3 if hyphen else 1)):
        return rest, last
    return title, ""


def page_info(tree: LexborHTMLParser, headline: str = "", ld_names: tuple[str, ...] = ()) -> Page:
    """Title, description, tags and publisher names from the page's head, JSON-LD and masthead."""
    page = Page()
    brands = [_meta(tree, "og:site_name"), _meta(tree, "application-name"), _meta(tree, "author"), *ld_names]
    for node in tree.css(_SITE_SELECTOR)[:3]:
        brands.append(_text(node))
    for node in tree.css(_BYLINE_SELECTOR)[:3]:
        brands.append(regex.sub(r"(?i)^(?:by|بقلم|بواسطة)\s*:?\s*", "", _text(node)))
    title_node = tree.css_first("title")
    raw_title = _text(title_node) if title_node is not None else ""
    page_title, site = _split_title(raw_title, [b for b in brands if b])
    brands.append(site)
    h1 = tree.css_first("article h1") or tree.css_first("main h1") or tree.css_first("h1")
    heading = _text(h1) if h1 is not None else ""
    og = _split_title(_meta(tree, "og:title", "twitter:title"), brands)[0]
    page.brands = [b for b in dict.fromkeys(" ".join(x.split()) for x in brands) if b and word_count(b) <= 6]
    page.title = _pick_title(heading, [page_title, og, headline], page.brands)
    page.description = _meta(tree, "description", "og:description")
    page.tags = [_text(a) for a in tree.css("a[rel~=tag]") if _text(a)] or [
        n.attributes.get("content") or "" for n in tree.css('meta[property="article:tag"]')
    ]
    return page


def _agree(a: str, b: str) -> bool:
    ka, kb = c.line_key(a), c.line_key(b)
    return bool(ka and kb) and (ka in kb or kb in ka or ka[:20] == kb[:20])


def _pick_title(heading: str, others: list[str], brands: list[str]) -> str:
    """The <h1> when it agrees with the head's titles (or they are missing), else the head's title.

    A page's <h1> can be its logo or a section name; the <title> carries the site name; og:title
    is sometimes cut short. The longest of the agreeing candidates wins.
    """
    brand_keys = {c.line_key(b) for b in brands}
    others = [o for o in others if o and c.line_key(o) not in brand_keys]
    usable = bool(heading) and c.line_key(heading) not in brand_keys and word_count(heading) >= 2
    if usable and (not others or any(_agree(heading, o) for o in others)):
        return heading
    if not others:
        return heading
    best = others[0]
    for other in others[1:]:
        if _agree(best, other) and len(other) > len(best):
            best = other
    return best


# --- main content ----------------------------------------------------------------------------------


def article_blocks(html: str) -> tuple[list[Block], Page, list[Link]]:
    """The article's blocks, what the page says about it, and the links inside it.

    trafilatura decides what is article text; the page's own markup gives the structure
    (trafilatura drops headings on pages without an <article> container). A heading is kept
    when the text after it is. When the two disagree too much, trafilatura's own blocks are used;
    when it finds nothing, the structural walk alone decides.
    """
    tree = LexborHTMLParser(html)
    headline, ld_names = _json_ld_names(tree)
    strip_asides(tree)
    strip_hidden(tree)
    page = page_info(tree, headline, tuple(ld_names))
    extracted = _trafilatura_body(tree.html or "")
    if extracted is None:
        blocks = _fallback_blocks(tree, hints=True)
    else:
        chosen = " ".join(" ".join(extracted.itertext()).split())
        blocks = _select(_fallback_blocks(tree, hints=False), chosen)
        if word_count(" ".join(b.text for b in blocks)) < 0.7 * word_count(chosen):
            blocks = _xml_blocks(extracted)
    body_text = " ".join(b.text for b in blocks)
    links: list[Link] = []
    for a in tree.css("a[href]"):
        href = a.attributes.get("href") or ""
        label = _text(a)
        if href.startswith(("http://", "https://")) and label and label in body_text:
            links.append(Link(text=label, url=href))
    return blocks, page, links


def _select(blocks: list[Block], chosen: str) -> list[Block]:
    """The page's blocks whose text the extractor kept; a heading goes with the block after it."""
    # a quotation's attribution and a table row's cells were joined with " — ": match the parts
    kept = [
        b.kind != "heading" and (b.text in chosen or b.text.rsplit(" — ", 1)[0] in chosen or b.text.replace(" — ", " ") in chosen)
        for b in blocks
    ]
    for i, b in enumerate(blocks):
        if b.kind == "heading" and (b.text in chosen or next((kept[j] for j in range(i + 1, len(blocks)) if blocks[j].kind != "heading"), False)):
            kept[i] = True
    return [b for b, k in zip(blocks, kept, strict=True) if k]


def _trafilatura_body(html: str) -> Any:
    """trafilatura's XML body of the main content, or None when it finds none."""
    try:
        import trafilatura  # imported on first use: loading it costs ~0.3 s
    except ImportError:  # a broken install (lxml_html_clean missing) falls back to the simple walk
        return None
    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, include_images=False,
            include_formatting=False, include_links=False, with_metadata=False, favor_recall=True,
        )
    except (ValueError, RecursionError, TypeError):  # malformed or pathological markup
        return None
    body = getattr(doc, "body", None)
    return body if body is not None and len(body) else None


def _xml_text(el: Any) -> str:
    return " ".join("".join(el.itertext()).split())


def _xml_blocks(body: Any) -> list[Block]:
    """Blocks from trafilatura's XML body (head/p/list/item/quote/table), walked with a stack."""
    blocks: list[Block] = []
    stack: list[Any] = list(reversed(list(body)))
    while stack:
        el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            text = _xml_text(el)
            rend = el.get("rend") or "h2"
            if text:
                blocks.append(Block("heading", text, int(rend[1]) if rend[1:].isdigit() else 2))
        elif tag == "list":
            first = True
            for item in el.iter("item"):
                own = " ".join((item.text or "").split() + [
                    " ".join("".join(ch.itertext()).split() + (ch.tail or "").split())
                    for ch in item if ch.tag != "list"
                ]).strip()
                if own:
                    blocks.append(Block("bullet", " ".join(own.split()), gap=first))
                    first = False
        elif tag == "table":
            first = True
            for row in el.iter("row"):
                cells = [_xml_text(cell) for cell in row if _xml_text(cell)]
                if cells:
                    blocks.append(Block("bullet", " — ".join(cells), gap=first))
                    first = False
        elif tag == "quote":
            parts = [" ".join((el.text or "").split())]
            for child in el:
                parts += [_xml_text(child), " ".join((child.tail or "").split())]
            parts = [p for p in parts if p]
            for k, part in enumerate(parts):
                if k and word_count(part) <= 10 and not c.EMBED_ATTRIBUTION.match(part) and not c.DATE.search(part):
                    blocks[-1].text = f"{blocks[-1].text} — {part.lstrip('—–- ')}"  # the quote's attribution
                else:
                    blocks.append(Block("paragraph", part))
        elif tag in ("code", "graphic", "lb"):
            pass
        elif tag in ("p", "cell", "item"):
            text = _xml_text(el)
            if text:
                blocks.append(Block("paragraph", text))
        else:
            stack.extend(reversed(list(el)))
    return blocks


def _fallback_blocks(tree: LexborHTMLParser, *, hints: bool = True) -> list[Block]:
    """The page's blocks in order. With ``hints`` (no extractor to decide), only <article>, <main>
    or <body> is walked and containers whose class or id looks like chrome are dropped."""
    if hints:
        for node in tree.css(_FALLBACK_DROP):
            node.decompose()
        for node in tree.css("[class], [id], [role]"):
            hint = " ".join(filter(None, (node.attributes.get("class"), node.attributes.get("id"), node.attributes.get("role"))))
            if node.tag not in ("html", "body", "main", "article") and _CHROME_HINT.search(hint):
                node.decompose()
        root = tree.css_first("article") or tree.css_first("main") or tree.css_first("[role=main]") or tree.body or tree.root
    else:
        for node in tree.css("figure > figcaption"):
            node.decompose()
        root = tree.body or tree.root
    blocks: list[Block] = []
    stack: list[LexborNode] = []
    child = root.child if root is not None else None
    while child is not None or stack:
        if child is None:
            child = stack.pop()
            continue
        tag = child.tag
        nxt = child.next
        if tag == "blockquote" and child.css_first("p"):
            blocks.extend(_quote_blocks(child))
        elif tag in _BLOCK_TAGS:
            if tag == "li" and child.css_first("ul, ol, p"):
                own = " ".join(" ".join(
                    (k.text_content or "") if k.tag == "-text" else k.text(separator=" ")
                    for k in _children(child) if k.tag not in ("ul", "ol", "p")
                ).split())
                if own:
                    blocks.append(Block("bullet", own))
                if nxt is not None:
                    stack.append(nxt)
                child = child.child
                continue
            text = _node_block_text(child)
            if text:
                if tag[0] == "h" and tag[1:].isdigit():
                    blocks.append(Block("heading", text, int(tag[1])))
                elif tag in ("li", "tr", "dd"):
                    link = child.css_first('a[href^="#"]') if tag == "li" else None
                    blocks.append(Block("bullet", text, anchor=link is not None and _text(link) == text))
                else:
                    blocks.append(Block("paragraph", text))
        elif tag == "-text":
            text = " ".join((child.text_content or "").split())
            if word_count(text) >= 4:
                blocks.append(Block("paragraph", text))
        elif tag not in ("pre", "code", "img", "picture", "video", "-comment") and child.child is not None:
            if nxt is not None:
                stack.append(nxt)
            child = child.child
            continue
        child = nxt
    return blocks


def _quote_blocks(node: LexborNode) -> list[Block]:
    """A quotation's paragraphs, its attribution ("— Name, role") appended to the last one; an
    embedded post's handle and date line stays separate for the boilerplate rules to drop."""
    paragraphs = [t for t in (_text(p) for p in node.css("p")) if t]
    rest = _text(node)
    for text in paragraphs:
        rest = rest.replace(text, " ", 1)
    rest = " ".join(rest.split()).lstrip("—–- ")
    blocks = [Block("paragraph", t) for t in paragraphs]
    if rest and blocks and word_count(rest) <= 10 and not c.EMBED_ATTRIBUTION.match(rest) and not c.DATE.search(rest):
        blocks[-1].text = f"{blocks[-1].text} — {rest}"
    elif rest:
        blocks.append(Block("paragraph", rest))
    return blocks


def _children(node: LexborNode) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        out.append(child)
        child = child.next
    return out


def _node_block_text(node: LexborNode) -> str:
    if node.tag == "tr":
        cells = [_text(cell) for cell in node.css("td, th")]
        return " — ".join(x for x in cells if x)
    return _text(node)


def fragment_blocks(html: str) -> list[Block]:
    """Blocks of an HTML fragment inside Markdown: hidden parts and chrome containers dropped."""
    tree = LexborHTMLParser(html)
    strip_asides(tree)
    strip_hidden(tree)
    return _fallback_blocks(tree)

"""A run's outputs as JSON, Markdown or CSV, for people, scripts and spreadsheets."""

from __future__ import annotations

import json

import regex

from ..csvsafe import write_csv
from ..platforms import get_platform
from .models import RepurposeResult

# Post text is data: it must not become HTML (<script>), images that fetch a URL (![x](http://...)),
# links or headings when a viewer renders the Markdown.
_MD_SPECIAL = regex.compile(r"([\\`*_\[\]])")
_ENTITY = regex.compile(r"&(?=#?\w+;)")
_LINE_START = regex.compile(r"(?m)^(\s*)(?=#{1,6}(?:\s|$)|>|[-+](?:\s|$)|=+\s*$|-+\s*$)")


def md_escape(text: str) -> str:
    """``text`` shown literally by Markdown viewers; readable as it is in a terminal."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    return _LINE_START.sub(r"\1\\", _MD_SPECIAL.sub(r"\\\1", text))


CSV_FIELDS = ["kind", "platform", "variant", "angle", "index", "title", "text", "hashtags", "length", "limit", "unit"]


def to_json(result: RepurposeResult) -> str:
    """The stable JSON document scripts rely on (``captions``, ``threads``, ``carousels``, ``hashtag_sets``)."""
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2)


def to_rows(result: RepurposeResult) -> list[dict]:
    """One row per publishable piece: caption, thread post, slide, hashtag set."""
    rows: list[dict] = []
    for c in result.captions:
        rows.append({"kind": "caption", "platform": c.platform, "variant": c.variant, "angle": c.angle, "index": 1,
                     "title": c.title or "", "text": c.text, "hashtags": " ".join(c.hashtags), "length": c.length,
                     "limit": c.limit, "unit": c.unit})
    for t in result.threads:
        for p in t.posts:
            rows.append({"kind": "thread_post", "platform": t.platform, "variant": 0, "angle": "", "index": p.index,
                         "title": "", "text": p.text, "hashtags": "", "length": p.length, "limit": t.limit, "unit": t.unit})
    for car in result.carousels:
        for s in car.slides:
            text = "\n".join([s.title, *s.bullets, s.body]).strip()
            rows.append({"kind": f"slide_{s.kind}", "platform": car.platform, "variant": 0, "angle": "", "index": s.index,
                         "title": s.title, "text": text, "hashtags": "", "length": len(text), "limit": "", "unit": "chars"})
    for h in result.hashtag_sets:
        tags = " ".join(x.tag for x in h.hashtags)
        rows.append({"kind": "hashtag_set", "platform": h.platform, "variant": 0, "angle": "", "index": 1, "title": "",
                     "text": tags, "hashtags": tags, "length": len(h.hashtags), "limit": h.max if h.max is not None else "",
                     "unit": "hashtags"})
    return rows


def to_csv(result: RepurposeResult, *, bom: bool = False) -> str:
    return write_csv(to_rows(result), CSV_FIELDS, bom=bom)


def to_markdown(result: RepurposeResult) -> str:
    """A readable document: one section per platform, counters beside every piece (all text escaped)."""
    rtl = result.language == "ar"
    e = md_escape
    lines = [f"# {e(result.title)}", "", f"_{result.word_count} words · {result.language} · {e(result.backend)} ({e(result.model)})_", ""]
    for key in result.platforms:
        p = get_platform(key)
        lines += [f"## {p.name}", ""]
        for c in (c for c in result.captions if c.platform == key):
            lines.append(f"### Caption {c.variant + 1} ({e(c.angle)}) — {c.length} / {c.limit}")
            if c.title:
                lines.append(f"**Title** ({c.title_length} / {c.title_limit}): {e(c.title)}")
            lines += ["", _block(c.text, rtl), ""]
        for t in (t for t in result.threads if t.platform == key):
            lines += [f"### Thread ({len(t.posts)} posts)", ""]
            for post in t.posts:
                lines += [f"{post.index}. ({post.length} / {t.limit})", "", _block(post.text, rtl), ""]
        for car in (c for c in result.carousels if c.platform == key):
            lines += [f"### Carousel ({len(car.slides)} slides, {car.size[0]}x{car.size[1]})", ""]
            for s in car.slides:
                lines.append(f"{s.index}. **{e(s.title)}**")
                lines += [f"   - {e(b)}" for b in s.bullets]
                if s.body:
                    lines.append(f"   {e(s.body)}")
                lines.append(f"   _Alt: {e(s.alt_text)}_")
            lines.append("")
        for h in (h for h in result.hashtag_sets if h.platform == key):
            lines += [f"### Hashtags ({len(h.hashtags)}{'' if h.max is None else f' / max {h.max}'})", "",
                      e(" ".join(x.tag for x in h.hashtags)), ""]
    if result.warnings:
        lines += ["## Warnings", ""] + [f"- {e(w)}" for w in result.warnings]
    return "\n".join(lines).rstrip() + "\n"


def _block(text: str, rtl: bool) -> str:
    """Text as a quote block; Arabic wrapped so Markdown viewers lay it out right to left."""
    quoted = "\n".join(f"> {md_escape(line)}" if line else ">" for line in text.splitlines())
    return f'<div dir="rtl">\n\n{quoted}\n\n</div>' if rtl else quoted

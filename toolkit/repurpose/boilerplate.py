"""Keep only the article: drop page furniture from a block list, and note who published it.

Pasted text and Markdown carry what a browser showed around the article (menus, bylines,
dates in both calendars, reading times, tables of contents, related posts, share and newsletter
prompts, author boxes, captions, comment counts). Rules work at three scales: one line (a date,
a byline), a label and the list after it (a table of contents, related posts), and the page's
tail (everything after the article's end once only furniture follows). The patterns live in
``chrome.py``; this module only applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..lang import ends_sentence, is_stopword, words
from . import chrome as c
from .blocks import Block, word_count

_TAIL_SHARE = 0.6  # an end marker counts only after this share of the text
_TAIL_PROSE_WORDS = 30  # a paragraph this long after an end marker is still the article
_STRONG_META = {"date", "reading", "byline", "comments", "follow"}
_END_MARKERS = {
    "related", "author", "author_bio", "byline", "comments", "newsletter", "copyright", "tags", "share", "cta", "contact", "hard",
}
_SEO_LABEL = regex.compile(r"(?i)keywords|الكلمات المفتاحية|كلمات مفتاحية|كلمات دلالية")
_MORE_FROM = regex.compile(
    r"(?i)^(?:more from|see all from|recommended from|discover more from|view all posts by|all posts by|"
    r"more (?:articles|posts|stories) by)\s+(.+)$"
)
_NAME = regex.compile(r"^[\p{L}\p{M}][\p{L}\p{M}.'’&\- ]{1,58}$")
_HARD_END = regex.compile(r"(?i)^(?:more from|recommended from|see all from)\b|^(?:responses|الردود|التعليقات)\s*\([0-9٠-٩]+\)$")


@dataclass
class Furniture:
    """What the rules learnt about the page besides the article: its publisher's names."""

    brands: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # the page's own topic tags ("Tags: …", "الوسوم: …")

    def add(self, name: str) -> None:
        name = " ".join(c.LEADING_SYMBOLS.sub("", name).strip(" \t:：-–—|·•()[]«»\"'\ufe0f").split())
        if 2 <= len(name) <= 60 and word_count(name) <= 6 and name not in self.brands:
            self.brands.append(name)


def _plain(text: str) -> str:
    return c.LEADING_SYMBOLS.sub("", text).strip().strip("*_").strip()


def _is_date_line(text: str) -> bool:
    """Nothing but dates and the words around them ("نُشر في", "Last updated on … by Sam")."""
    if not c.DATE.search(text):
        return False
    rest = c.DATE_WORDS.sub(" ", c.DATE.sub(" ", text))
    rest = regex.sub(r"(?i)\b(?:by|بقلم|بواسطة)\s+\S+(?:\s+\S+){0,2}\s*$", " ", rest)  # "… by Sam Lee"
    return not words(rest)


def _byline_name(text: str) -> str:
    """The name in a byline ("By Jane Doe", "بقلم: سارة العتيبي"), or "" when the rest is not a name."""
    m = c.BYLINE.match(text)
    if not m:
        return ""
    name = m.group("name").strip()
    parts = name.split()
    if regex.search(r"\p{Script=Latin}", name):
        ok = len(parts) <= 6 and all(p[:1].isupper() or p.lower() in c.NAME_PARTICLES for p in parts)
    else:
        ok = len(parts) <= 3 or (len(parts) <= 5 and m.group("colon") is not None)
    return name if ok else ""


def _reading_line(text: str) -> bool:
    """"8 min read", "وقت القراءة: 8 دقائق": the reading time and nothing else."""
    rest = c.READING_TIME.sub(" ", text)
    rest = regex.sub(r"(?i)[0-9٠-٩]+|\b(?:min(?:ute)?s?|دقائق|دقيقة|د)\b", " ", rest)
    return len(words(rest)) <= 1


def _segment_kind(seg: str) -> str:
    seg = _plain(seg)
    if not seg:
        return "empty"
    if _is_date_line(seg) or (c.DATE.search(seg) and word_count(seg) <= 10):
        return "date"
    if c.READING_TIME.search(seg) and _reading_line(seg):
        return "reading"
    if _byline_name(seg):
        return "byline"
    if c.COMMENTS.match(seg):
        return "comments"
    if c.line_key(seg) in c.FOLLOW_LINES:
        return "follow"  # "Jane Doe · Follow"
    if c.COUNTS.match(seg):
        return "counts"
    if _NAME.match(seg) and word_count(seg) <= 5:
        return "name"
    return "other"


def _meta_line(text: str, found: Furniture) -> bool:
    """A line of bylines, dates, reading times and counts joined by separators."""
    parts = [p for p in c.META_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2:
        return False
    kinds = [_segment_kind(p) for p in parts]
    if not any(k in _STRONG_META for k in kinds) or any(k == "other" for k in kinds):
        return False
    for part, kind in zip(parts, kinds, strict=True):
        if kind == "byline":
            found.add(_byline_name(_plain(part)))
        elif kind == "name":
            found.add(_plain(part))
    return True


def _copyright_holder(text: str) -> str:
    text = regex.split(r"(?<=\p{L}{2})[.|]\s", text)[0]  # "© 2025 Site. Proudly powered by …"
    rest = regex.sub(r"(?i)©|copyright|all rights reserved\.?|جميع الحقوق محفوظة\.?|الحقوق محفوظة|[0-9٠-٩]{4}(?:\s*[-–]\s*[0-9٠-٩]{4})?", " ", text)
    rest = " ".join(rest.strip(" .،,|-–").split())
    return rest if rest and word_count(rest) <= 5 and not regex.search(r"(?i)powered by|cookies|ملفات", rest) else ""


def classify(block: Block, found: Furniture) -> str | None:
    """The kind of furniture a block is, or None for article text. Records names it reveals."""
    text = _plain(block.text)
    if not text:
        return "empty"
    n_words = len(text.split())
    if n_words <= 12:  # labels and menu words are short: only short lines pay for the key
        key = c.line_key(text)
        if not key:
            return "empty"
        if key in c.TOC_LABELS:
            return "toc"
        if key in c.RELATED_LABELS:
            return "related"
        if key in c.AUTHOR_LABELS:
            return "author"
        if key in c.NAME_NEXT_LABELS:
            return "name_label"
        if key in c.FOLLOW_LINES:
            return "follow"
        if key in c.NAV_LINES:
            return "nav"
        m = _MORE_FROM.match(text)
        if m:
            for name in regex.split(r"\s+(?:and|&|و)\s+", m.group(1)):
                found.add(name)
    if _HARD_END.match(text):
        return "hard"
    if n_words <= 25 and c.COPYRIGHT.search(block.text):
        holder = _copyright_holder(block.text)
        if holder:
            found.add(holder)
        return "copyright"
    if c.RELATED_PREFIX.match(text) and (n_words <= 25 or ":" in text[:40]):
        return "related"
    if c.AUTHOR_PREFIX.match(text) and n_words <= 120:
        _add_organisation(text, found)
        return "author_bio"
    if n_words <= 40 and c.READER_PROMPT.match(text) and c.PROMPT_REQUEST.search(text):
        return "newsletter"  # "هل أعجبك المقال؟ اشترك في نشرتنا …", "Enjoyed this? Share it …"
    if text.rstrip("\ufe0e\ufe0f ").endswith(c.FOOTNOTE_BACKREFS):
        return "footnote"  # a footnote pasted with its "↩" link back to the text
    m = c.TAGS_LINE.match(text)
    if m:
        if not _SEO_LABEL.match(m.group("label")):  # an SEO keyword line is not the author's topics
            found.tags += [t.strip(" .#") for t in regex.split(r"[,،;؛|]", m.group("rest")) if t.strip(" .#")]
        return "tags"
    if c.HASHTAG_ONLY.match(block.text.strip()):
        return "hashtags"
    if c.TEMPLATE_TAG.match(block.text.strip()):
        return "nav"
    if n_words <= 12:
        parts = [p for p in c.RUN_SEPARATORS.split(text) if p]
        if len(parts) >= 2 and all(c.line_key(p) in c.RUN_WORDS for p in parts):
            return "menu"  # "Twitter | Facebook | LinkedIn", "Home · Blog · About"
    if n_words > 30 or (block.kind == "paragraph" and n_words > 16 and ends_sentence(text) and "|" not in text and "·" not in text):
        return None  # prose: the remaining rules are for short lines
    name = _byline_name(text) if n_words <= 8 else ""
    if name:
        found.add(name)
        return "byline"
    m = c.PUBLISHED_IN.match(text)
    if m and n_words <= 6 and not ends_sentence(text):
        found.add(m.group("name"))
        return "byline"
    if _is_date_line(text):
        return "date"
    if c.READING_TIME.search(text) and _reading_line(text):
        return "reading"
    if _meta_line(text, found):
        return "meta"
    if _profile_headline(text, found):
        return "headline"
    if len(c.CRUMB_SEPARATORS.findall(text)) >= 1 and all(word_count(p) <= 5 for p in c.CRUMB_SEPARATORS.split(text)) and n_words <= 16:
        return "crumb"
    if text.count("|") >= 2 and all(word_count(p) <= 4 for p in text.split("|")):
        return "menu"
    if c.COMMENTS.match(text):
        return "comments"
    if c.COUNTS.match(text):
        return "counts"
    if c.NEWSLETTER.search(text):
        return "newsletter"
    if c.SHARE.search(text) and n_words <= 12:
        return "share"
    if block.kind == "heading":
        return None  # a marked-up heading is never a caption or a contact line
    if c.CAPTION.match(text) or (c.CAPTION_TAIL.search(text) and n_words <= 25):
        return "caption"
    if c.EMBED_ATTRIBUTION.match(text):
        return "embed"
    if c.CTA.search(text) and n_words <= 25:
        return "cta"
    if n_words <= 30 and has_contact(text):
        return "contact"
    return None


def _profile_headline(text: str, found: Furniture) -> bool:
    """A social profile's headline ("VP Growth at Stackwise | Helping B2B teams | Speaker"): short
    parts joined by separators, one of them a role. The organisation it names is the author's."""
    parts = c.HEADLINE_SEPARATORS.split(text)
    if len(parts) < 2 or any(word_count(p) > 8 or ends_sentence(p.rstrip()) for p in parts):
        return False
    roles = sum(1 for p in parts if c.ROLE.search(p))
    if not roles or not (len(parts) >= 3 or roles >= 2 or c.ROLE_AT.search(text)):
        return False
    _add_organisation(text, found)
    return True


def _add_organisation(text: str, found: Furniture) -> None:
    m = c.ROLE_AT.search(text)
    if m:
        found.add(m.group("org").rstrip(".'’"))


# Every date, byline, reading-time, meta or breadcrumb line holds one of these: a line without any
# is prose, and the full classifier need not run (it runs on each line of a wrapped paste).
_META_HINT = regex.compile(
    r"(?i)[0-9٠-٩|·•›»>/\\→←‹—–]|^[\W_]*in\s|\b(?:by|written|words|author|posted|story|edited|reviewed|fact|published|"
    r"writer|editor|ago|yesterday|today|reading|read)\b|بقلم|كتب|بواسطة|الكاتب|المؤلف|تأليف|إعداد|تحرير|أمس|اليوم|منذ|القراءة"
)


def is_meta_line(line: str) -> bool:
    """A date, byline, reading-time or breadcrumb line: never part of the sentence around it."""
    if len(line.split()) > 16 or not _META_HINT.search(line):
        return False
    return classify(Block("paragraph", line), Furniture()) in ("date", "meta", "byline", "reading", "crumb")


def has_contact(text: str) -> bool:
    """An e-mail address or a phone number (9 digits or more: dates and prices have fewer)."""
    if c.EMAIL.search(text):
        return True
    return any(sum(ch.isdigit() for ch in m.group()) >= 9 for m in c.PHONE.finditer(text))


def _short(block: Block, limit: int) -> bool:
    return word_count(block.text) <= limit


def strip_boilerplate(blocks: list[Block], found: Furniture) -> list[Block]:
    """The article's blocks, in order, without page furniture; ``found`` collects publisher names."""
    kinds = [classify(b, found) for b in blocks]
    drop = [k is not None for k in kinds]
    n = len(blocks)
    i = 0
    while i < n:
        kind = kinds[i]
        if kind in ("toc", "related"):
            limit = 12 if kind == "toc" else 20
            j = i + 1
            while j < n and kinds[j] is None and _short(blocks[j], limit) and (
                blocks[j].anchor or blocks[j].kind == "bullet" or not blocks[j].gap or j == i + 1
            ):
                if blocks[j].gap and j > i + 1 and blocks[j].kind != "bullet":
                    break
                drop[j] = True
                j += 1
            i = j
            continue
        if kind == "author":
            j, taken = i + 1, 0
            while j < n and taken < 2 and blocks[j].kind != "heading" and _short(blocks[j], 90):
                drop[j] = True
                taken += 1
                j += 1
            i = j
            continue
        if kind in ("share", "newsletter"):
            j = i + 1
            while j < n and (kinds[j] is not None or _short(blocks[j], 3)) and blocks[j].kind != "heading":
                drop[j] = True
                j += 1
            i = j
            continue
        if kind == "name_label" and i + 1 < n and _short(blocks[i + 1], 6):
            found.add(_plain(blocks[i + 1].text))
            drop[i + 1] = True
        if kind == "follow":
            _drop_profile(blocks, kinds, drop, i, found)
        i += 1
    for i, b in enumerate(blocks):  # a line that is only a link into the page: a table of contents, "back to top"
        if b.anchor:
            drop[i] = True
    _drop_runs(blocks, kinds, drop, found)
    _masthead_author(blocks, kinds, drop, found)
    _cut_tail(blocks, kinds, drop)
    _mark_meta_neighbours(blocks, kinds, drop)
    brand_keys = {c.line_key(b) for b in found.brands}
    kept = [b for b, d in zip(blocks, drop, strict=True) if not d and not (len(b.text) <= 80 and c.line_key(b.text) in brand_keys)]
    while kept and kept[-1].kind != "bullet" and _short(kept[-1], 3) and not ends_sentence(kept[-1].text):
        kept.pop()  # topic tags and counters left after the article's last sentence
    return kept


def _drop_profile(blocks: list[Block], kinds: list[str | None], drop: list[bool], i: int, found: Furniture) -> None:
    """The author card above a "Follow" button: the name (often twice) and the profile headline."""
    j = i - 1
    while j >= 0 and i - j <= 4:
        b = blocks[j]
        if kinds[j] is None:
            open_end = not ends_sentence(b.text)
            if _short(b, 4) and open_end:
                found.add(_plain(b.text))
            elif _short(b, 12) and open_end and c.ROLE.search(b.text):
                _add_organisation(b.text, found)  # a one-part headline: "Founder at Tallybook"
            else:
                return
            kinds[j] = "profile"
            drop[j] = True
        elif kinds[j] not in ("headline", "follow", "empty"):
            return
        if b.gap:
            return
        j -= 1


def _masthead_author(blocks: list[Block], kinds: list[str | None], drop: list[bool], found: Furniture) -> None:
    """A bare name right above the date or reading time, under a longer line (the title), before the
    body starts: the author's name on a line of its own ("Nadia Brennan" / "Mar 18, 2025")."""
    longest = 0
    for i, b in enumerate(blocks[:-1]):
        if b.kind == "paragraph" and word_count(b.text) > _TAIL_PROSE_WORDS:
            return  # the body has started
        if drop[i]:
            continue
        n_words = word_count(b.text)
        nxt = blocks[i + 1]
        if (
            b.kind != "bullet" and 2 <= n_words <= 4 and n_words < longest and kinds[i + 1] in _STRONG_META
            and not nxt.gap and _byline_name(f"By {_plain(b.text)}")
            and not any(is_stopword(w, "en") for w in b.text.split() if w.lower() not in c.NAME_PARTICLES)
        ):
            found.add(_plain(b.text))
            kinds[i], drop[i] = "byline", True
        longest = max(longest, n_words)


def _mark_meta_neighbours(blocks: list[Block], kinds: list[str | None], drop: list[bool]) -> None:
    """Flag kept blocks whose dropped neighbours (up to the next kept block) include a date or byline."""
    meta = {"date", "byline", "reading", "meta", "crumb"}
    kept = [i for i, d in enumerate(drop) if not d]
    for pos, i in enumerate(kept):
        lo = kept[pos - 1] + 1 if pos else 0
        hi = kept[pos + 1] if pos + 1 < len(kept) else len(blocks)
        blocks[i].by_meta = any(kinds[k] in meta for k in range(lo, hi) if k != i)


def _drop_runs(blocks: list[Block], kinds: list[str | None], drop: list[bool], found: Furniture) -> None:
    """Menus and share bars.

    Two or more menu words in a row go; so does a group of short lines (no blank line between
    them) made mostly of menu words, and when that group opens the page its first line that is
    not a menu word is the site's name.
    """
    n = len(blocks)
    if n > 1 and kinds[0] is None and kinds[1] in ("menu", "nav", "crumb") and _short(blocks[0], 4) and not ends_sentence(blocks[0].text):
        found.add(_plain(blocks[0].text))  # the site's name above its menu
        drop[0] = True
    in_run = [c.line_key(_plain(b.text)) in c.RUN_WORDS if len(b.text) <= 40 else False for b in blocks]
    short = [b.kind != "heading" and _short(b, 4) and not ends_sentence(b.text) for b in blocks]
    i = 0
    while i < n:
        j = i
        while j < n and short[j]:
            j += 1
        run = range(i, j)
        if len(run) >= 3 and sum(in_run[k] for k in run) * 2 >= len(run):
            for k in run:
                drop[k] = True
            if i == 0 and not in_run[0]:
                found.add(_plain(blocks[0].text))
        i = max(j, i + 1)
    i = 0
    while i < n:
        j = i
        while j < n and in_run[j]:
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                drop[k] = True
            before = [k for k in range(i) if not drop[k]]
            if before and before[-1] < 3 and _short(blocks[before[-1]], 5) and not ends_sentence(blocks[before[-1]].text):
                found.add(_plain(blocks[before[-1]].text))
                drop[before[-1]] = True
        i = max(j, i + 1)


def _cut_tail(blocks: list[Block], kinds: list[str | None], drop: list[bool]) -> None:
    """From the first end-of-article marker in the last part of the page, drop all when no real prose follows."""
    sizes = [word_count(b.text) for b in blocks]
    total = sum(s for s, d in zip(sizes, drop, strict=True) if not d) or 1
    seen = 0
    for i, (kind, size) in enumerate(zip(kinds, sizes, strict=True)):
        if kind in _END_MARKERS and seen >= _TAIL_SHARE * total:
            after = [(b, k) for b, d, k in zip(blocks[i + 1 :], drop[i + 1 :], kinds[i + 1 :], strict=True) if not d]
            prose = any(b.kind == "paragraph" and k is None and len(b.text.split()) >= _TAIL_PROSE_WORDS for b, k in after)
            titled = any(b.kind == "heading" and k is None for b, k in after)  # a marked-up section follows
            if kind == "hard" or not (prose or titled):
                for k in range(i, len(blocks)):
                    drop[k] = True
                return
        if not drop[i]:
            seen += size

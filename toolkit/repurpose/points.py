"""What a post says, as points a caption can carry on its own.

Captions written from raw sentences read like intros and definitions, lift sentences that need
their predecessor ("These help you…"), and repeat a keyword-stuffed phrase. Here the post becomes
a list of **points**: complete, self-contained statements, each list item of a listicle, each
figure, at most a few per section and near-duplicates once. The offline engine writes every
output from these points, so variants can carry different ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from ..keywords import Keyphrase, extract_keyphrases
from ..lang import SUBORDINATOR, Language, ends_sentence, is_question, split_clauses, split_sentences, word_key, words
from .models import Post
from .salience import Sentence, rank_sentences

# Openers that lean on the sentence before: a point must stand alone.
_DEPENDENT_OPENER = regex.compile(
    r"(?i)^(?:or|yet|this|these|that|those|it|its|it's|they|them|their|"
    r"instead(?! of)|still|here|there's|in this way|this way|بهذه الطريقة|بهذا الشكل|وبهذه الطريقة|if (?:neither|not|so|that|this)|in (?:that|this) case|as a result|"
    r"for (?:that|this) reason|otherwise|meanwhile|likewise|similarly|even so|on the other hand|both|each of (?:them|these)|"
    r"the (?:first|second|third|last|next|other|latter|former|same|result|answer|reason|problem|solution)\b(?! \w+ (?:is|are|was|to)\b)|"
    r"لكنها|لكنه|كما|هذا|هذه|ذلك|تلك|هؤلاء|ومع|وهذا|وهذه|وهو|وهي|هو|هي|هم|"
    r"أما|إلا|وإلا|فإن|وبهذا|وبذلك|وعليه|إذن|إذًا|حينها|عندها|وعندها|بهذا|بذلك|"
    r"الأول|الثاني|الثالث|الأخير|الأخرى|ولهذا|لهذا|فهذا|فهو|فهي)\b"
)
# Connectives that only link to the sentence before: the statement after them stands alone once they go
# ("But most teams…" → "Most teams…", "لذلك ابدأ…" → "ابدأ…").
_CONNECTIVE = regex.compile(
    r"(?i)^(?:but|and|so|however|also|then|therefore|thus|that said|in short|finally|of course|"
    r"(?:that|this|which) means(?: that)?|in other words|هذا يعني أن|وهذا يعني أن|ما يعني أن|أي أن|بمعنى آخر|"
    r"لكن|ولكن|لذلك|ولذلك|لذا|ولذا|ثم|بل|كما أن|أيضًا|أيضا|كذلك|وكذلك|بالتالي|وبالتالي|وأخيرًا|وأخيراً|أخيرًا|أخيراً)"
    r"\s*[,،]?\s+(?=\S)"
)
_FIGURE = regex.compile(
    r"(?:[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?\s*(?:%|٪|x\b|×)|[0-9٠-٩]+(?:[.,٫][0-9٠-٩]+)?\s*(?:مرة|مرات|ضعف|أضعاف|ألف|"
    r"مليون|مليار|million|billion|thousand|times|percent|في المئة|بالمئة|ريال|دولار|درهم|جنيه|customers|clients|"
    r"users|people|leads|reviews|days|weeks|months|hours|minutes|شخص|شخصاً|عميل|عميلاً|يوم|يوماً|أيام|أسابيع|"
    r"أسبوعياً|شهرياً|ساعة|ساعات|دقيقة|دقائق)|\$\s?[0-9]+)"
)
_URL = regex.compile(r"https?://|www\.|\S+@\S+\.\w+")
_CONTACT = regex.compile(r"(?:\+?[0-9٠-٩][0-9٠-٩ \-]{7,}[0-9٠-٩])")
_LIST_NUMBER = regex.compile(r"^\(?[0-9٠-٩]{1,2}[.)\-–:]\s+|^[0-9٠-٩]{1,2}\s*[-–]\s+")
_LEAD_IN = regex.compile(r"^(.{3,90}?[.!؟?:])\s+(\S.*)$")
_INLINE_TAG = regex.compile(r"(?<!\S)#[\p{L}\p{M}\p{N}_]+")
FIGURE_BOOST = 1.35  # a statement with a figure is what readers save and share
ITEM_CHARS = 220
SIMILAR = 0.7  # share of the shorter sentence's words two sentences have in common to say the same thing  # a list item longer than this is carried by its lead-in and first sentence


@dataclass(frozen=True)
class Point:
    """A self-contained statement: a sentence, a list item, or a figure the post states."""

    text: str
    section: int
    position: int  # reading order
    score: float
    is_item: bool = False
    is_question: bool = False
    has_figure: bool = False
    is_label: bool = False  # a list item that is no sentence ("Signup form"): it needs its list around it


# The conjunction ف glued to a function word ("فكل منصة…", "فإن…") links to the sentence before.
_PREPOSITION_START = regex.compile(r"(?i)^(?:in|at|on|for|from|with|among|across|during|of|by|في|من|على|خلال|بين|مع|عبر|لدى)\b")
_GLUED_FA = regex.compile(r"^ف(?=(?:كل|إن|لا|لن|قد|من|في|ما|هو|هي|هم|على|إذا|عند|أن|مع|بعد|قبل|هذا|هذه)\b)")


def without_connective(text: str) -> str:
    """The sentence with a linking opener removed, its first letter capitalised as a sentence start."""
    text = _GLUED_FA.sub("", text)
    m = _CONNECTIVE.match(text)
    if not m:
        return text
    rest = text[m.end():]
    return rest[:1].upper() + rest[1:] if rest[:1].islower() else rest


# A reference to something said before: "those numbers", "the second mistake", "الخطأ الثاني".
_BACK_REFERENCE = regex.compile(
    r"(?i)^(?:\S+\s+){0,8}?(?:those|these)\s+(?!who\b|that\b|which\b|days\b|of\b)\p{L}+|\bthe (?:above|following|latter|former)\b|"
    r"\bas (?:mentioned|noted|discussed|shown) (?:above|earlier|before)\b|"
    r"^(?:و|ف)?ال\p{L}+ (?:الثاني|الثانية|الثالث|الثالثة|الرابع|الرابعة|الخامس|الخامسة|الأخير|الأخيرة)\b|"
    r"^(?:the )?(?:second|third|fourth|fifth|last|next|other) (?:one|step|mistake|tip|point|reason|way|option)\b|"
    r"^(?:\S+\s+){0,2}?(?:ذلك|هذا|هذه|تلك|هؤلاء|ذاك)(?!\s+ال)\b"  # a pronoun, not "هذا الشهر" (this month)
)
_FOOTNOTE_MARK = regex.compile(r"(?<=\p{Ll}[.,;:!?])[0-9¹²³⁴-⁹]{1,2}(?=\s|$)|\[\^?[0-9]{1,2}\]")


def _balanced(text: str) -> bool:
    """Quotes and brackets open and close inside the sentence: a lifted fragment of a quote does not."""
    pairs = (("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in pairs)


def _stands_alone(text: str) -> bool:
    stripped = text.strip().lstrip("«\"“'(")
    return _balanced(text) and not (
        _DEPENDENT_OPENER.match(stripped)
        or _BACK_REFERENCE.search(stripped)
        or stripped.endswith((":", "،", ",", ";", "؛"))
        or _URL.search(stripped)
        or _CONTACT.search(stripped)
    )


def _signature(text: str, language: Language) -> frozenset[str]:
    return frozenset(word_key(w, language) for w in words(text) if len(w) > 2)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SIMILAR


def item_text(bullet: str) -> str:
    """A list item as a point: whole when short, else its lead-in and first sentence."""
    text = _LIST_NUMBER.sub("", _INLINE_TAG.sub("", bullet)).strip()
    if len(text) <= ITEM_CHARS:
        return text
    sentences = split_sentences(text)
    kept = sentences[0]
    if len(kept) < 60 and len(sentences) > 1 and len(kept) + len(sentences[1]) < ITEM_CHARS:
        kept = f"{kept} {sentences[1]}"
    return kept


def lead_in(item: str) -> str:
    """The short head of a list item ("Ask at the moment of delight."), or the item when it has none."""
    m = _LEAD_IN.match(item)
    return m.group(1).rstrip(".:") if m else item


def extract_points(post: Post, sentences: Sequence[Sentence], keyphrases: Sequence[Keyphrase]) -> list[Point]:
    """Every usable point in reading order, with its salience; near-duplicates kept once.

    A keyword-stuffed phrase counts once per sentence, so stuffing does not make a sentence win.
    """
    language: Language = post.language
    kept: list[Point] = []
    signatures: list[frozenset[str]] = []
    holders: dict[str, list[int]] = {}  # word key -> the kept signatures holding it, to compare only those
    title_sig = _signature(post.title, language)
    heading_sigs = [_signature(s.heading, language) for s in post.sections if s.heading]
    bullet_owner = {b: si for si, s in enumerate(post.sections) for b in s.bullets}
    by_text = {s.text: s for s in sentences}
    seen_items: set[str] = set()
    top_score = max((s.score for s in sentences), default=1.0)

    def add(text: str, section: int, position: int, score: float, *, is_item: bool) -> None:
        text = regex.sub(r"\s{2,}", " ", _FOOTNOTE_MARK.sub("", _INLINE_TAG.sub("", text))).strip()
        sig = _signature(text, language)
        if len(sig) < 3 or _similar(sig, title_sig) or any(_similar(sig, h) and len(sig) <= len(h) + 2 for h in heading_sigs):
            return  # a fragment, or the title/a heading said again
        shared: dict[int, int] = {}
        for key in sig:
            for i in holders.get(key, ()):
                shared[i] = shared.get(i, 0) + 1
        if any(n / min(len(sig), len(signatures[i])) >= SIMILAR for i, n in shared.items()):
            return  # SEO stuffing and pull quotes: the first telling wins
        for key in sig:
            holders.setdefault(key, []).append(len(signatures))
        signatures.append(sig)
        figure = bool(_FIGURE.search(text))
        label = is_item and (len(text.split()) < 6 or not ends_sentence(text, closer_ends=True))
        kept.append(Point(text, section, position, score * FIGURE_BOOST if figure else score, is_item=is_item,
                          is_question=is_question(text), has_figure=figure, is_label=label))

    position = 0
    for si, section in enumerate(post.sections):
        for bullet in section.bullets:
            text = item_text(bullet)
            if text in seen_items or not text:
                continue
            seen_items.add(text)
            first = split_sentences(text)[0] if split_sentences(text) else text
            base = by_text.get(first)
            score = (base.score if base else top_score * 0.5) * 1.1
            if _stands_alone(text) or len(words(text)) >= 3:
                add(text, si, position, score, is_item=True)
            position += 1
    in_items = " ".join(seen_items)
    for s in sentences:
        if s.text in bullet_owner or (s.from_bullet and s.text in in_items):
            continue  # already carried by its list item
        text = without_connective(s.text)
        n = len(text.split())
        short_but_whole = n >= 4 and ends_sentence(text)
        if (n < 6 and not short_but_whole) or n > 55 or not _stands_alone(text):
            continue
        add(text, s.section, 10_000 + s.position, s.score, is_item=False)
    return sorted(kept, key=lambda p: (p.section, p.position))


def ranked(points: Sequence[Point]) -> list[Point]:
    """Best first, but every section's best point before any section's second: a caption that walks
    the whole article rather than its introduction."""
    by_section: dict[int, list[Point]] = {}
    for p in sorted(points, key=lambda p: (-p.score, p.position)):
        by_section.setdefault(p.section, []).append(p)
    rounds: list[Point] = []
    depth = 0
    while True:
        layer = [ps[depth] for ps in by_section.values() if len(ps) > depth]
        if not layer:
            return rounds
        rounds.extend(sorted(layer, key=lambda p: (-p.score * (0.85 if p.is_question else 1.0), p.section)))
        depth += 1


def share_out(points: Sequence[Point], n: int) -> list[list[Point]]:
    """Deal ranked points to ``n`` variants like cards, so each variant carries different ones."""
    hands: list[list[Point]] = [[] for _ in range(n)]
    for i, p in enumerate(points):
        hands[i % n].append(p)
    return hands


def figure_points(points: Sequence[Point]) -> list[Point]:
    return [p for p in points if p.has_figure and not p.is_question]


_TITLE_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])([0-9٠-٩]{1,2})(?![\p{N}%٪.,٫])")
_SERIES = regex.compile(r"^(?P<label>\p{L}+(?: \p{L}+)?)\s+(?P<n>[0-9٠-٩]{1,2})\s*[:.)\-–—]\s*\S")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_NUMBERED = regex.compile(r"^\(?([0-9٠-٩]{1,2})[.)\-–:]\s*\S")


def _number(text: str) -> int | None:
    m = _TITLE_NUMBER.search(text)
    return int(m.group(1).translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))) if m else None


@dataclass(frozen=True)
class ListItem:
    """One item of the post's list: its head ("Ask at the moment of delight") and the rest of it."""

    text: str
    head: str
    detail: str
    section: int
    is_heading: bool = False  # the item is a numbered heading; its section holds what it says
    own_number: bool = False  # the head carries its number already ("Email 2: …"): not numbered again
    full: str = ""  # the whole item as written, when ``text`` keeps only its start


def list_items(post: Post) -> list[ListItem]:
    """The items of the post's list, when it is a listicle or carries one list worth showing.

    Numbered headings ("### 3. Reply to every review") win over bullets; among bullet lists, the one
    whose length is the number in the title, else the longest of at least three items.
    """
    numbered = [(i, s.heading) for i, s in enumerate(post.sections) if s.heading and _NUMBERED.match(s.heading)]
    if len(numbered) >= 3:
        heads = [_LIST_NUMBER.sub("", h).strip() for _, h in numbered]
        return [ListItem(head, head, "", i, is_heading=True) for head, (i, _) in zip(heads, numbered, strict=True)]
    series = _heading_series(post)
    if series:
        return [ListItem(h, h, "", i, is_heading=True, own_number=True) for i, h in series]
    promised = _number(post.title)
    lists = [(i, s.bullets) for i, s in enumerate(post.sections) if len(s.bullets) >= 3]
    if not lists:
        return []
    exact = [entry for entry in lists if len(entry[1]) == promised]
    section, items = exact[0] if exact else max(lists, key=lambda entry: len(entry[1]))
    out = []
    for bullet in items:
        item = item_text(bullet)
        head = lead_in(item)
        detail = item[len(head):].lstrip(".: ").strip() if head != item else ""
        out.append(ListItem(item, head, detail, section, full=bullet))
    return out


def _heading_series(post: Post) -> list[tuple[int, str]]:
    """Headings that count themselves ("Email 1: …", "Email 2: …", "Step 3 — …", "الخطوة ٢: …"): at least
    three with the same label, numbered 1, 2, 3… in order. Such a post is a list even with no list in it."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for i, section in enumerate(post.sections):
        m = _SERIES.match(section.heading or "")
        if m:
            n = int(m.group("n").translate(_DIGITS))
            found.setdefault(m.group("label").casefold(), []).append((n, i, section.heading or ""))
    for entries in found.values():
        if len(entries) >= 3 and [n for n, _, _ in entries] == list(range(1, len(entries) + 1)):
            return [(i, heading) for _, i, heading in entries]
    return []


def title_promises(post: Post, count: int) -> bool:
    """The title already announces the list ("10 Ways to…", "٧ نصائح…")."""
    return _number(post.title) == count


_KEY_POINTS: dict[tuple[str, int], list[str]] = {}


def key_points(post: Post, n: int = 8) -> list[str]:
    """The post's ``n`` strongest points in reading order: what a model is told to carry, so both engines
    start from the same reading of the article. Cached per post, as a model backend asks once per call."""
    cache_key = (post.source_hash, n)
    if cache_key not in _KEY_POINTS:
        headings = [s.heading for s in post.sections if s.heading]
        keyphrases = extract_keyphrases(post.text, post.language, title=post.title, headings=headings)
        points = extract_points(post, rank_sentences(post, keyphrases), keyphrases)
        chosen = sorted(ranked([p for p in points if not p.is_label])[:n], key=lambda p: (p.section, p.position))
        if len(_KEY_POINTS) > 256:
            _KEY_POINTS.clear()
        _KEY_POINTS[cache_key] = [p.text for p in chosen]
    return _KEY_POINTS[cache_key]


def figure_clauses(sentence: str, budget: int) -> str:
    """The run of whole clauses around the sentence's figure that fits ``budget`` and stands alone
    ("…we work with, 72% said they read at least three reviews…" → "72% said they read…"); "" if none."""
    clauses = split_clauses(sentence)
    # A percentage is the figure people quote; a count ("212 customers") is often only its setting.
    order = sorted((i for i, c in enumerate(clauses) if _FIGURE.search(c)),
                   key=lambda i: (not regex.search(r"[%٪]", clauses[i]), i))
    for i in order:
        for start in range(i, -1, -1):  # widen leftwards while it fits: more of the sentence, same figure
            run = " ".join(clauses[start : i + 1]).rstrip("،,;؛: ")
            if len(run) > budget:
                break
            lone_setting = start == i and _PREPOSITION_START.match(run)  # "In a poll of 212 customers"
            if len(run.split()) >= 4 and _stands_alone(run) and not SUBORDINATOR.match(run) and not lone_setting:
                best = run
                for end in range(i + 1, len(clauses)):  # then rightwards, whole clauses only
                    wider = " ".join(clauses[start : end + 1]).rstrip("،,;؛: ")
                    if len(wider) > budget:
                        break
                    best = wider
                return best[:1].upper() + best[1:] if best[:1].islower() else best
    return ""

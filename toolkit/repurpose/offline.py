"""The offline engine: extractive, deterministic, no key and no network.

It ranks the post's sentences by salience, writes hooks from the title and key sentences (one
angle per variant: summary, insight, question, statistic, list, audience), derives hashtags
from keyphrases and builds carousel slides from the post's sections. The composer then fits
everything to each platform.
"""

from __future__ import annotations

import regex

from ..fit import fit
from ..keywords import Keyphrase, extract_keyphrases
from ..platforms import Platform
from .drafts import BodyPart, CaptionDraft, CarouselDraft, Drafts, SlideDraft, ThreadDraft
from .hashtags import hashtag_set, rank_hashtags
from .layout import Layout
from .models import Brief, Language, Post
from .salience import Sentence, by_salience, rank_sentences

# Sentences that lean on the one before ("But most…", "لكن…", "هذا…") make poor hooks.
_DEPENDENT_OPENER = regex.compile(
    r"(?i)^(but|and|so|or|yet|however|also|this|these|that|those|it|they|then|therefore|thus|instead|"
    r"لكن|ولكن|لكنها|لكنه|لذلك|لذا|كما|هذا|هذه|ذلك|تلك|ومع|وهذا|وهذه|وهو|وهي|ثم|بل|أيضا|أيضًا|أما|إلا)\b"
)
_NUMBERING = regex.compile(r"^\(?[0-9٠-٩]{1,2}[.)\-–]\s+")
POOL = 24  # sentences offered per caption or thread: more than any caption or thread can hold
ANGLES = ("summary", "insight", "question", "statistic", "list", "audience")


class OfflineBackend:
    """Satisfies ``Backend``: drafts every output from the post's own sentences."""

    name = "offline"
    model = "extractive-v1"

    def __init__(self, layout: Layout | None = None):
        self.layout = layout or Layout()

    def draft(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language) -> Drafts:
        headings = [s.heading for s in post.sections if s.heading]
        keyphrases = extract_keyphrases(post.text, language, title=post.title, headings=headings)
        sentences = rank_sentences(post, keyphrases)
        ranked = by_salience(sentences)
        tags = rank_hashtags(keyphrases, language, brief.brand_hashtags)
        writer = _Writer(post, brief, language, self.layout, keyphrases, sentences, ranked)
        drafts = Drafts(extractive=True)
        angles = writer.angles(brief.variants)
        tag_strings = [h.tag for h in tags]
        for p in platforms:
            for v, angle in enumerate(angles):
                drafts.captions.append(writer.caption(p, v, angle, tag_strings))
            if p.thread:
                drafts.threads.append(writer.thread(p, tag_strings))
            if p.carousel:
                drafts.carousels.append(writer.carousel(p))
            drafts.hashtag_sets.append(hashtag_set(tags, p))
        return drafts


class _Writer:
    def __init__(self, post: Post, brief: Brief, language: Language, layout: Layout,
                 keyphrases: list[Keyphrase], sentences: list[Sentence], ranked: list[Sentence]):
        self.post, self.brief, self.language, self.layout = post, brief, language, layout
        self.keyphrases, self.sentences, self.ranked = keyphrases, sentences, ranked
        self.rank_of = {s.position: r for r, s in enumerate(ranked)}
        self.topic = keyphrases[0].text if keyphrases else post.title

    # -- hooks --------------------------------------------------------------------------------

    def angles(self, n: int) -> list[str]:
        available = [a for a in ANGLES if self._hook(a) is not None]
        return [available[i % len(available)] for i in range(n)]

    def _emoji(self, angle: str) -> str:
        return f"{self.layout.emoji(angle)} " if self.brief.emoji and self.layout.emoji(angle) else ""

    def _best(self, predicate) -> Sentence | None:
        """The most salient sentence that can open a post on its own."""
        return next((s for s in self.ranked if predicate(s) and 5 <= s.n_words <= 45 and not _DEPENDENT_OPENER.match(s.text)), None)

    def _hook(self, angle: str) -> tuple[str, int | None] | None:
        """(hook text, position of the sentence it uses or None) for an angle, None if it cannot apply."""
        title = self.post.title
        if angle == "summary":
            return title, None
        if angle == "insight":
            s = self._best(lambda s: s.text != title)
            return (s.text, s.position) if s else None
        if angle == "question":
            heading_q = next((h for h in (x.heading for x in self.post.sections) if h and h.endswith(("?", "؟")) and h != title), None)
            if heading_q:
                return heading_q, None
            s = self._best(lambda s: s.is_question and s.text != title)
            if s:
                return s.text, s.position
            s = self._best(lambda s: s.has_statistic)
            return (f"{self.layout.phrase(self.language, 'question_lead')} {s.text}", s.position) if s else None
        if angle == "statistic":
            s = self._best(lambda s: s.has_statistic)
            return (s.text, s.position) if s else None
        if angle == "list":
            points = self._points()
            if len(points) < 3:
                return None
            return self.layout.phrase(self.language, "list_hook", n=len(points), topic=self.topic, title=title), None
        if angle == "audience":
            if not self.brief.audience:
                return None
            return self.layout.phrase(self.language, "audience_hook", audience=self.brief.audience, title=title), None
        raise ValueError(angle)

    def _points(self) -> list[str]:
        headings = [s.heading for s in self.post.sections if s.heading and s.heading != self.post.title]
        points = headings if len(headings) >= 3 else [b for s in self.post.sections for b in s.bullets]
        return [_NUMBERING.sub("", p) for p in points]

    def _cta(self) -> str:
        return self.brief.call_to_action or self.layout.phrase(self.language, f"cta_{self.brief.tone}")

    # -- outputs ------------------------------------------------------------------------------

    def _body_pool(self, exclude: int | None, variant: int) -> list[BodyPart]:
        """The best sentences in reading order; later variants rotate which top sentences lead."""
        candidates = [s for s in self.ranked if s.position != exclude and s.n_words >= 4][:POOL]
        k = min(6, len(candidates))
        shift = (variant * 2) % k if k else 0
        top = candidates[:k]
        reordered = top[shift:] + top[:shift] + candidates[k:]
        rank = {s.position: r for r, s in enumerate(reordered)}
        return [BodyPart(text=s.text, rank=rank[s.position]) for s in sorted(reordered, key=lambda s: s.position)]

    def caption(self, p: Platform, variant: int, angle: str, tags: list[str]) -> CaptionDraft:
        hook, used = self._hook(angle) or (self.post.title, None)
        if angle == "list":
            marker = self.layout.emoji("list") if self.brief.emoji else "•"
            body = [BodyPart(text=f"{marker} {pt}", rank=i) for i, pt in enumerate(self._points()[:8])]
        else:
            body = self._body_pool(used, variant)
        tag_offset = variant % 2 if len(tags) > p.hashtags.in_caption + 1 else 0
        return CaptionDraft(
            platform=p.key, variant=variant, angle=angle, hook=f"{self._emoji(angle)}{hook}", body=body,
            cta=self._cta(), title=self.post.title, hashtags=tags[tag_offset:] if variant else tags,
        )

    def thread(self, p: Platform, tags: list[str]) -> ThreadDraft:
        return ThreadDraft(
            platform=p.key, hook=self.post.title, body=self._body_pool(None, 0), cta=self._cta(), hashtags=tags,
        )

    def carousel(self, p: Platform) -> CarouselDraft:
        rule = p.carousel
        assert rule is not None
        by_section: dict[int, list[Sentence]] = {}
        for s in self.ranked:
            by_section.setdefault(s.section, []).append(s)
        sections = [(i, sec) for i, sec in enumerate(self.post.sections) if i in by_section]
        room = rule.max_slides - 2
        if len(sections) > room:
            strength = {i: sum(s.score for s in by_section[i][:3]) for i, _ in sections}
            keep = sorted(sorted(strength, key=lambda i: (-strength[i], i))[:room])
            sections = [(i, sec) for i, sec in sections if i in keep]
        slides = [SlideDraft(kind="cover", title=self.post.title, body=self.layout.phrase(self.language, "cover_subtitle"))]
        for i, sec in sections:
            bullets = self._slide_bullets(sec.bullets, by_section[i], rule.bullet_chars, rule.bullets_per_slide)
            title = sec.heading or self.layout.phrase(self.language, "key_idea")
            slides.append(SlideDraft(kind="content", title=title, bullets=bullets))
        while len(slides) < rule.min_slides - 1:  # a short post: split its best sentences over more slides
            extra = [s for s in self.ranked if all(s.text not in sl.bullets for sl in slides)][: rule.bullets_per_slide]
            if not extra:
                break
            slides.append(SlideDraft(kind="content", title=self.layout.phrase(self.language, "key_idea"),
                                     bullets=[self._short(s.text, rule.bullet_chars) for s in extra]))
        closing_body = self.brief.link or self.layout.phrase(self.language, "closing_body")  # the theme shows the handle
        slides.append(SlideDraft(kind="cta", title=self.brief.call_to_action or self.layout.phrase(self.language, "closing_title"), body=closing_body))
        return CarouselDraft(platform=p.key, slides=slides)

    def _short(self, sentence: str, budget: int) -> str:
        """A sentence as a slide line: whole if it fits, else cut at a clause or word with '…'."""
        return fit(sentence, budget, len)

    def _slide_bullets(self, bullets: list[str], ranked: list[Sentence], budget: int, n: int) -> list[str]:
        """Whole sentences that fit first (reading order kept); cut ones only to fill up."""
        source = bullets if bullets else [s.text for s in ranked[: n * 3]]
        whole = [x for x in source if len(x) <= budget]
        if len(whole) >= min(n, 2) or not source:
            return whole[:n]
        return [self._short(x, budget) for x in source[:n]]

"""The offline engine: extractive, deterministic, no key and no network.

It reads the post as points (``points.py``: self-contained statements, list items, figures), then
writes each output from them: every caption variant takes its own angle (summary, insight,
question, statistic, list, audience) and its own share of the points, the thread walks the article
section by section, carousel slides carry each section's points. The composer then fits everything
to each platform.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..fit import counter_for, fit
from ..keywords import extract_keyphrases
from ..lang import is_question, word_key, words
from ..platforms import Platform
from ..store import Store
from .compose import leading_clauses
from .drafts import BodyPart, CaptionDraft, CarouselDraft, Drafts, SlideDraft, ThreadDraft
from .hashtags import hashtag_set, rank_hashtags
from .layout import Layout
from .models import Brief, Language, Post
from .points import (
    Point,
    extract_points,
    figure_clauses,
    figure_points,
    lead_in,
    list_items,
    ranked,
    share_out,
    title_promises,
)
from .salience import by_salience, rank_sentences

ANGLES = ("summary", "insight", "question", "statistic", "list", "audience")
HOOK_WORDS = (5, 45)  # a hook longer than this reads as a paragraph, shorter as a fragment
LEARN_AFTER = 3  # experiments with results before their history may reorder the angles
LIST_OVERHEAD = 60
SHORT_POST = 400  # a platform whose caption aims below this carries a point or two, so each must be strong
SHORT_CHOICES = 3  # how many of a variant's best points a short caption picks from  # link, hashtags and spacing beside a list caption's hook, items and call to action
THREAD_PART_CHARS = 260  # a thread part holds a section's second point only when both fit one X post


class OfflineBackend:
    """Satisfies ``Backend``: drafts every output from the post's own points."""

    name = "offline"
    model = "extractive-v2"

    def __init__(self, layout: Layout | None = None, store: Store | None = None):
        self.layout = layout or Layout()
        self.store = store

    def _learned_orders(self, brief: Brief, platforms: list[Platform], language: Language,
                        writer: _Writer) -> dict[str, list[str]]:
        """Per platform, the angles past experiments favour (best first, one slot kept for exploration);
        empty without a store, with learning turned off in the brief, or with too little history."""
        if self.store is None or not brief.learn_from_experiments:
            return {}
        from ..insights import repository

        if repository.experiments_with_results(self.store) < LEARN_AFTER:
            return {}
        from ..insights import service  # the statistics load only for a team that has a history

        report = service.build_insights(self.store, attributes=("angle",))
        distinct = list(dict.fromkeys(writer.angles(len(ANGLES))))
        return {p.key: service.angle_order(self.store, p.key, language, distinct, n=min(brief.variants, len(distinct)),
                                           seed=0, report=report) for p in platforms}

    def draft(self, post: Post, brief: Brief, platforms: list[Platform], *, language: Language) -> Drafts:
        headings = [s.heading for s in post.sections if s.heading]
        keyphrases = extract_keyphrases(post.text, language, title=post.title, headings=headings)
        sentences = rank_sentences(post, keyphrases)
        points = extract_points(post, sentences, keyphrases)
        tags = rank_hashtags(keyphrases, language, brief.brand_hashtags, exclude=post.source_brands,
                             vocabulary=frozenset(words(post.text)) if language == "ar" else frozenset(),
                             topical=frozenset(word_key(w, language) for h in [post.title, *headings] for w in words(h)))
        writer = _Writer(post, brief, language, self.layout, points, [x.text for x in by_salience(sentences)[:6]])
        drafts = Drafts(extractive=True, warnings=writer.warnings())
        angles = writer.angles(brief.variants)
        learned = self._learned_orders(brief, platforms, language, writer)
        wanted = list(dict.fromkeys([*angles, *(a for order in learned.values() for a in order)]))
        plans = writer.bodies(wanted if learned else angles)
        tag_strings = [h.tag for h in tags]
        n_brand = sum(h.kind == "brand" for h in tags)
        for p in platforms:
            for v, plan in enumerate(_variant_plans(plans, learned.get(p.key), brief.variants)):
                drafts.captions.append(writer.caption(p, v, plan, _rotate(tag_strings, n_brand, v)))
            if p.thread:
                drafts.threads.append(writer.thread(p, tag_strings))
            if p.carousel:
                drafts.carousels.append(writer.carousel(p))
            drafts.hashtag_sets.append(hashtag_set(tags, p))
        return drafts


@dataclass(frozen=True)
class _Plan:
    """One variant's angle, hook and body (its own share of the points)."""

    angle: str
    hook: str
    body: list[BodyPart]
    hook_position: int | None = None  # the point the hook quotes, never repeated in a body


def _variant_plans(plans: list[_Plan], order: list[str] | None, n: int) -> list[_Plan]:
    """The plans in a platform's learned angle order (cycled to ``n`` variants), or as written."""
    if not order:
        return plans[:n]
    by_angle: dict[str, list[_Plan]] = {}
    for plan in plans:
        by_angle.setdefault(plan.angle, []).append(plan)
    chosen = [by_angle[a][0] for a in order if a in by_angle]
    return [chosen[i % len(chosen)] for i in range(n)] if chosen else plans[:n]


def _rotate(tags: list[str], n_brand: int, variant: int) -> list[str]:
    """Brand tags first on every variant; the topical tags after them start at a different place."""
    brand, rest = tags[:n_brand], tags[n_brand:]
    if len(rest) > 2:
        shift = variant % len(rest)
        rest = rest[shift:] + rest[:shift]
    return brand + rest


class _Writer:
    def __init__(self, post: Post, brief: Brief, language: Language, layout: Layout, points: list[Point],
                 fallback: list[str]):
        self.post, self.brief, self.language, self.layout = post, brief, language, layout
        self.points = points
        self.fallback = fallback  # the most salient sentences, for a post with no complete statement
        self.best = ranked(points)
        self.items = list_items(post)
        # A listicle is its list: numbered headings, or the very list its title counts ("10 Ways to…").
        self.listicle = len(self.items) >= 3 and (self.items[0].is_heading or title_promises(post, len(self.items)))

    # -- hooks --------------------------------------------------------------------------------

    def angles(self, n: int) -> list[str]:
        """The angles worth writing for this post, the strongest first; repeated when more variants are asked."""
        order = ["summary"]
        if self.brief.audience:
            order.append("audience")
        if len(self.items) >= 3:
            order.append("list")
        order += [a for a in ("statistic", "insight", "question") if a not in order]
        available = [a for a in order if a in ("summary", "list", "audience") or self._hook_point(a) is not None]
        return [available[i % len(available)] for i in range(n)]

    def _hook_point(self, angle: str, taken: frozenset[int] = frozenset()) -> Point | None:
        def fits(p: Point) -> bool:
            n = len(p.text.split())
            return HOOK_WORDS[0] <= n <= HOOK_WORDS[1] and p.position not in taken

        if angle == "statistic":
            return next((p for p in figure_points(self.best) if fits(p)), None)
        if angle == "question":
            return next((p for p in self.best if p.is_question and fits(p)), None)
        if angle == "insight":
            return next((p for p in self.best if not p.is_question and not p.is_item and fits(p)), None)
        return None

    def _question_heading(self) -> str | None:
        return next((s.heading for s in self.post.sections
                     if s.heading and is_question(s.heading) and s.heading != self.post.title), None)

    def hook(self, angle: str, point: Point | None) -> str:
        title = self.post.title
        if angle == "list":
            if title_promises(self.post, len(self.items)):
                return title
            return self.layout.phrase(self.language, "list_hook", n=len(self.items), title=title)
        if angle == "audience":
            return self.layout.phrase(self.language, "audience_hook", audience=self.brief.audience, title=title)
        if angle == "question" and point is None:
            return self._question_heading() or title
        return point.text if point else title

    # -- bodies -------------------------------------------------------------------------------

    def bodies(self, angles: list[str]) -> list[_Plan]:
        """Hook and body per variant: each variant its own hook point and its own share of the points."""
        hooks: list[Point | None] = []
        taken: set[int] = set()
        for angle in angles:
            point = self._hook_point(angle, frozenset(taken))
            if point is not None:
                taken.add(point.position)
            hooks.append(point)
        # Labels ("Signup form", "إخفاء السعر حتى يسأل العميل") need their list: prose bodies take sentences.
        prose = [p for p in self.best if p.position not in taken and not p.is_label
                 and not (p.is_item and len(self.items) >= 3)]
        hands = share_out(prose, max(len(angles), 1))
        out: list[_Plan] = []
        for v, angle in enumerate(angles):
            hand = hands[v]
            if len(hand) < 2:  # a short post: borrow the best points rather than send a bare hook
                hand = hand + [p for p in prose if p not in hand][: 3 - len(hand)]
            hook_point = hooks[v]
            out.append(_Plan(angle, self.hook(angle, hook_point), _as_body(hand),
                             hook_point.position if hook_point else None))
        return out

    def _list_body(self, p: Platform, hook: str) -> list[BodyPart] | None:
        """Every item, so the hook's number is delivered: with what each says when that fits the platform's
        length (a heading item with its section's best point), else the items as written, else their heads;
        None when even the heads do not fit, so no number is promised there."""
        marker = self.layout.emoji("list") if self.brief.emoji else "•"
        measure = counter_for(p)
        room = p.target - measure(hook) - measure(self._cta()) - LIST_OVERHEAD
        by_section = self._by_section()
        explained = [f"{i.head} — {by_section[i.section][0].text}" if i.is_heading and by_section.get(i.section)
                     else i.text for i in self.items]
        for texts in (explained, [i.text for i in self.items], [i.head for i in self.items]):
            lines = [f"{marker} {t}" for t in texts]
            if sum(measure(line) + 1 for line in lines) <= room:
                return [BodyPart(text=line, rank=0) for line in lines]
        return None

    def warnings(self) -> list[str]:
        found = []
        if not self.brief.link:
            found.append("No link in the brief: the calls to action ask readers to save or share instead of "
                         "reading the article; add --link to send them to it.")
        if not self.points:
            found.append("The post has no complete statement to quote: captions carry only the title and the "
                         "call to action.")
        return found

    def _cta(self) -> str:
        if self.brief.call_to_action:
            return self.brief.call_to_action
        if not self.brief.link:
            return self.layout.phrase(self.language, "no_link_cta")
        return self.layout.phrase(self.language, f"cta_{self.brief.tone}")

    def _emoji(self, angle: str) -> str:
        return f"{self.layout.emoji(angle)} " if self.brief.emoji and self.layout.emoji(angle) else ""

    # -- outputs ------------------------------------------------------------------------------

    def caption(self, p: Platform, variant: int, plan: _Plan, tags: list[str]) -> CaptionDraft:
        angle, hook, body = plan.angle, plan.hook, plan.body
        if angle == "list":
            listed = self._list_body(p, hook)
            if listed is None:  # the list does not fit this platform: the variant's own best point leads instead
                lead = min(body, key=lambda part: part.rank, default=None)
                angle, hook = ("insight", lead.text) if lead else ("summary", self.post.title)
                body = [part for part in body if part is not lead]
            else:
                body = listed
        elif p.target < SHORT_POST:
            body = self._short_body(p, hook, body, plan.hook_position)
        return CaptionDraft(
            platform=p.key, variant=variant, angle=angle, hook=f"{self._emoji(angle)}{hook}", body=body,
            cta=self._cta(), title=self.post.title, hashtags=tags,
        )

    def _short_body(self, p: Platform, hook: str, body: list[BodyPart], hook_position: int | None) -> list[BodyPart]:
        """A short post carries one or two points: the variant's strongest that fit beside the hook, else the
        article's strongest that do — never a weak sentence picked only because it is short."""
        measure = counter_for(p)
        room = p.target - measure(hook) - measure(self._cta()) - LIST_OVERHEAD
        strong = sorted(body, key=lambda part: part.rank)[:SHORT_CHOICES]
        if any(measure(part.text) <= room for part in strong):
            return strong
        said = {part.text for part in strong}
        spare = [q for q in self.best[: 4 * SHORT_CHOICES] if q.position != hook_position and q.text not in said
                 and not q.is_label and measure(q.text) <= room]
        return strong + [BodyPart(text=q.text, rank=SHORT_CHOICES + r) for r, q in enumerate(spare[:SHORT_CHOICES])]

    def thread(self, p: Platform, tags: list[str]) -> ThreadDraft:
        """The article in reading order: a listicle item by item (each with its best point when the item is a
        heading), else each section's best points, the strongest kept first when the thread is full."""
        if not self.listicle:
            return ThreadDraft(platform=p.key, hook=self.post.title, body=self._headed(self.best), cta=self._cta(),
                               hashtags=tags)
        by_section = self._by_section()
        n_items = len(self.items)
        parts: list[tuple[tuple[int, int, int], BodyPart]] = []  # (place in the article, part)
        detailed: set[int] = set()
        for n, item in enumerate(self.items, start=1):
            detail = item.detail
            if item.is_heading and by_section.get(item.section):
                detail = by_section[item.section][0].text
                detailed.add(by_section[item.section][0].position)
            head = item.head.rstrip(".:؛،")
            text = head if item.own_number else f"{n}. {head}"
            room = THREAD_PART_CHARS - len(text) - 2
            said = detail if len(detail) <= room else leading_clauses(detail, room, len) if detail else ""
            text = f"{text}: {said}" if said else f"{text}{'' if head[-1:] in '?؟!' else '.'}"
            # An item and what it says stay in one post, and each item opens a post of its own.
            parts.append(((item.section, n, 0), BodyPart(text=text, rank=n, starts_post=bool(said))))
        others = [q for q in self.best if not q.is_item and q.position not in detailed]
        first_section = self.items[0].section
        for r, q in enumerate(others):
            place = (q.section, 0 if q.section < first_section else n_items + 1, q.position)
            parts.append((place, BodyPart(text=q.text, rank=n_items + 1 + r)))
        body = [part for _, part in sorted(parts, key=lambda entry: entry[0])]
        return ThreadDraft(platform=p.key, hook=self.post.title, body=body, cta=self._cta(), hashtags=tags)

    def carousel(self, p: Platform) -> CarouselDraft:
        rule = p.carousel
        assert rule is not None
        slides = [SlideDraft(kind="cover", title=self.post.title, body=self.layout.phrase(self.language, "cover_subtitle"))]
        used: set[int] = set()
        if self.listicle:
            slides += self._item_slides(rule.max_slides - 2, rule.bullet_chars, rule.bullets_per_slide, used)
        else:
            slides += [sl for sl, _ in self._section_slides(rule.max_slides - 2, rule.bullet_chars,
                                                            rule.bullets_per_slide, used)]
        spare = [q for q in self.best if q.position not in used]
        while len(slides) < rule.min_slides - 1 and spare:  # a short post: spread its points over more slides
            bullets = self._slide_bullets(spare, rule.bullet_chars, rule.bullets_per_slide, used)
            spare = [q for q in spare if q.position not in used]
            if not bullets:
                break
            slides.append(SlideDraft(kind="content", title=self.layout.phrase(self.language, "key_idea"), bullets=bullets))
        if len(slides) < rule.min_slides - 1:  # no complete statement at all: the best sentences, fitted
            lines = [fit(t, rule.bullet_chars, len) for t in self.fallback if t]
            for i in range(0, len(lines), rule.bullets_per_slide):
                if len(slides) >= rule.min_slides - 1:
                    break
                slides.append(SlideDraft(kind="content", title=self.layout.phrase(self.language, "key_idea"),
                                         bullets=lines[i : i + rule.bullets_per_slide]))
            while len(slides) < rule.min_slides - 1:
                slides.append(SlideDraft(kind="content", title=self.post.title, bullets=[]))
        closing_body = self.brief.link or self.layout.phrase(self.language, "closing_body")  # the theme shows the handle
        closing_title = self.brief.call_to_action or self.layout.phrase(self.language, "closing_title")
        slides.append(SlideDraft(kind="cta", title=closing_title, body=closing_body))
        return CarouselDraft(platform=p.key, slides=slides)

    def _item_slides(self, room: int, budget: int, per_slide: int, used: set[int]) -> list[SlideDraft]:
        """A listicle: one slide per item, its head as the title and its detail (or its section's points) below."""
        by_section = self._by_section()
        slides = []
        for item in self.items[:room]:
            if not item.is_heading:
                detail = item.detail if len(item.detail) <= budget else leading_clauses(item.detail, budget, len)
                bullets = [detail] if detail else []
                # The item's later sentences (a long item) fill the slide.
                later = [q for q in by_section.get(item.section, []) if not q.is_item and q.text in item.full]
                bullets += self._slide_bullets(later, budget, per_slide - len(bullets), used)
            else:
                bullets = self._slide_bullets(by_section.get(item.section, []), budget, per_slide, used)
            slides.append(SlideDraft(kind="content", title=item.head, bullets=bullets))
        # Room left: the article around the list (its introduction first, then what follows it).
        listed = {i.section for i in self.items}
        rest = room - len(slides)
        if rest > 0:
            around = self._section_slides(rest, budget, per_slide, used, skip=listed)
            first = min(listed)
            before = [sl for sl, i in around if i < first]
            after = [sl for sl, i in around if i > first]
            slides = before + slides + after
        return slides

    def _headed(self, points: list[Point], budget: int = THREAD_PART_CHARS) -> list[BodyPart]:
        """One part per section, in reading order: its heading, its best point, and its next one when both fit
        a post, so each post of a thread speaks for one part of the article ("Email 2: Tell your story: …")."""
        by_section: dict[int, list[Point]] = {}
        for q in points:
            by_section.setdefault(q.section, []).append(q)
        order = {section: r for r, section in enumerate(dict.fromkeys(q.section for q in points))}
        body = []
        for section, ps in sorted(by_section.items()):
            heading = self.post.sections[section].heading
            text = ps[0].text
            if heading and heading != self.post.title and not ps[0].is_item:
                joiner = " " if heading.rstrip()[-1:] in "?؟!.:" else " — " if ":" in heading else ": "
                text = f"{heading.rstrip()}{joiner}{text}"
            if len(ps) > 1 and len(text) + len(ps[1].text) < budget:
                text = f"{text} {ps[1].text}"
            body.append(BodyPart(text=text, rank=order[section]))
        return body

    def _by_section(self) -> dict[int, list[Point]]:
        by_section: dict[int, list[Point]] = {}
        for q in self.best:
            by_section.setdefault(q.section, []).append(q)
        return by_section

    def _section_slides(self, room: int, budget: int, per_slide: int, used: set[int],
                        skip: frozenset[int] | set[int] = frozenset()) -> list[tuple[SlideDraft, int]]:
        """(slide, section) for each section that has points, the strongest sections when there are too many."""
        by_section = self._by_section()
        sections = [i for i in range(len(self.post.sections)) if i in by_section and i not in skip]
        if len(sections) > room:  # a section with a heading of its own makes a slide; the untitled intro yields first
            strength = {i: sum(q.score for q in by_section[i][:2]) * (1.0 if self.post.sections[i].heading else 0.5)
                        for i in sections}
            sections = sorted(sorted(sections, key=lambda i: (-strength[i], i))[:room])
        slides = []
        for i in sections:
            bullets = self._slide_bullets(by_section[i], budget, per_slide, used)
            if bullets:
                title = self.post.sections[i].heading or self.layout.phrase(self.language, "key_idea")
                slides.append((SlideDraft(kind="content", title=title, bullets=bullets), i))
        return slides

    def _slide_bullets(self, points: list[Point], budget: int, n: int, used: set[int]) -> list[str]:
        """Points that fit a slide line, best first: whole, or by their leading clauses (a list item by its
        lead-in), never cut mid-phrase."""
        out: list[str] = []
        for q in points:
            if len(out) == n:
                break
            if q.is_question:
                continue
            text = q.text if len(q.text) <= budget else lead_in(q.text) if q.is_item else ""
            if not (text and len(text) <= budget) and q.has_figure:
                text = figure_clauses(q.text, budget)  # keep the figure, not just the opening
            text = text if text and len(text) <= budget else leading_clauses(q.text, budget, len)
            if text:
                out.append(text)
                used.add(q.position)
        return out


def _as_body(points: list[Point]) -> list[BodyPart]:
    """Points in reading order, ranked by the order they were chosen in."""
    rank = {q.position: r for r, q in enumerate(points)}
    return [BodyPart(text=q.text, rank=rank[q.position]) for q in sorted(points, key=lambda q: q.position)]

"""Editorial behaviours of the offline engine, pinned on small posts written for each rule.

These assert what a copywriter would check (a point stands alone, a list hook delivers its number,
variants differ, the brand tag is on every variant), never exact wording.
"""

from __future__ import annotations

import difflib
import statistics

import pytest
import regex

from tests.conftest import QUALITY
from toolkit.keywords import extract_keyphrases
from toolkit.lang import word_key, words
from toolkit.platforms import PLATFORMS
from toolkit.repurpose import Brief, load_source, read_text, repurpose
from toolkit.repurpose.compose import Context, compose_caption
from toolkit.repurpose.drafts import BodyPart, CaptionDraft
from toolkit.repurpose.hashtags import rank_hashtags
from toolkit.repurpose.layout import Layout
from toolkit.repurpose.parse import parse
from toolkit.repurpose.points import extract_points, list_items, ranked, share_out, without_connective
from toolkit.repurpose.salience import rank_sentences

LISTICLE_EN = """# 5 Ways to Get More Reviews

Most shops have the same problem: happy customers who never write a review. This guide fixes that.

## The five ways

1. **Ask at the moment of delight.** The best time to ask is right after a customer thanks you.
2. **Make it a one-tap job.** A short link that opens the review form removes every excuse.
3. **Put a QR code where people wait.** Receipts and table cards give customers a spare minute.
4. **Reply to every review.** Customers who see replies are far more likely to leave one.
5. **Never buy reviews.** It breaks the rules of every platform and destroys trust.

## Why it matters

In our poll, 72% of customers read at least three reviews before a first visit. But most of them ignore reviews older than a year. These help you stay visible.
"""

LISTICLE_AR = """# نصائح لكتابة وصف المنتج

الوصف هو البائع الصامت في متجرك الإلكتروني، وكل كلمة فيه تقرّب العميل من الشراء أو تبعده عنه.

## النصائح

1. اكتب لعميل واحد تعرفه جيداً بلغة المحادثة.
2. قدّم الفائدة قبل المواصفة في كل فقرة.
3. أجب عن الأسئلة المتكررة داخل الوصف نفسه.
4. استخدم لغة حسية صادقة تقرّب التجربة.
5. اجعل النص سهلاً على العين بفقرات قصيرة.
6. ضع الدليل الاجتماعي داخل الوصف.
7. اختم بدعوة واضحة تزيل آخر تردد.
8. راجع الوصف بعد شهر من النشر.
9. اختبر عنوانين مختلفين للمنتج نفسه.
10. صوّر المنتج في سياق استخدامه الحقيقي.
11. اذكر مدة التوصيل بوضوح.
12. أضف جدول مقاسات مختصراً.
"""


def _points(text: str):
    post = parse(read_text(text))
    headings = [s.heading for s in post.sections if s.heading]
    keyphrases = extract_keyphrases(post.text, post.language, title=post.title, headings=headings)
    return post, extract_points(post, rank_sentences(post, keyphrases), keyphrases)


def test_a_point_never_leans_on_the_sentence_before():
    _, points = _points(LISTICLE_EN)
    texts = [p.text for p in points]
    assert not any(t.startswith(("These ", "This ", "It ")) for t in texts)
    assert not any(t.rstrip().endswith(":") for t in texts)
    # "But most of them ignore…" loses its connective and stands alone; the figure is a point.
    assert any(t.startswith("Most of them ignore") for t in texts)
    assert any("72%" in t for t in texts)


@pytest.mark.parametrize(("sentence", "alone"), [
    ("But most teams never measure it.", "Most teams never measure it."),
    ("لكن احذر المبالغة في الوصف.", "احذر المبالغة في الوصف."),
    ("So, what now?", "What now?"),
    ("Butter is good.", "Butter is good."),
    ("ثم اختم بدعوة واضحة.", "اختم بدعوة واضحة."),
    ("That means recency matters as much as volume.", "Recency matters as much as volume."),
    ("وهذا يعني أن الاستمرارية أهم من الكثرة.", "الاستمرارية أهم من الكثرة."),
    ("فكل منصة تعرض أرقامها بطريقتها.", "كل منصة تعرض أرقامها بطريقتها."),
    ("فعّل أحداث الشراء.", "فعّل أحداث الشراء."),
])
def test_a_linking_opener_is_dropped_only_when_it_is_one(sentence, alone):
    assert without_connective(sentence) == alone


def test_near_duplicate_sentences_count_once():
    stuffed = "# SEO\n\n" + "\n\n".join(
        f"Social media management helps every business grow online {tail}." for tail in
        ("today", "this year", "right now", "every day")
    ) + "\n\nA content calendar saves two hours every week for a small team."
    _, points = _points(stuffed)
    assert sum("Social media management helps" in p.text for p in points) == 1


def test_list_items_come_from_the_list_the_title_counts():
    post = parse(read_text(LISTICLE_EN))
    items = list_items(post)
    assert [i.head for i in items][:2] == ["Ask at the moment of delight", "Make it a one-tap job"]
    assert len(items) == 5


@pytest.mark.parametrize(("text", "language", "n"), [(LISTICLE_EN, "en", 5), (LISTICLE_AR, "ar", 12)])
def test_a_list_hook_delivers_its_number(text, language, n):
    result = repurpose(text, Brief(variants=3, link="https://example.com/p"), platforms=["linkedin"])
    listing = next(c for c in result.captions if c.angle == "list")
    hook = listing.text.splitlines()[0]
    digits = regex.findall(r"[0-9]+", hook.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    assert digits and int(digits[0]) == n
    marker_lines = [ln for ln in listing.text.splitlines()[1:] if ln.startswith(("✅", "•"))]
    assert len(marker_lines) == n
    if language == "ar":  # 11 and more take the singular noun: "12 نقطة", never "12 نقاط"
        assert "نقطة" in hook and "نقاط" not in hook


def test_variants_carry_different_points():
    path = QUALITY / "posts" / "en_page.html"
    result = repurpose(load_source(path), Brief(variants=3, link="https://example.com/p"))
    ratios = []
    for platform in ("linkedin", "instagram", "facebook", "youtube"):
        texts = [c.text.split() for c in result.captions if c.platform == platform]
        ratios += [difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
                   for i, a in enumerate(texts) for b in texts[i + 1:]]
    assert statistics.fmean(ratios) <= 0.6


def test_share_out_deals_each_point_to_one_variant():
    _, points = _points(LISTICLE_EN)
    hands = share_out(ranked(points), 3)
    dealt = [p.position for hand in hands for p in hand]
    assert sorted(dealt) == sorted(p.position for p in points)
    assert len(set(dealt)) == len(dealt)


def test_brand_tag_opens_every_variant_and_the_source_brand_never_appears():
    post = load_source(QUALITY / "posts" / "ar_seo_stuffed.txt")
    result = repurpose(post, Brief(variants=3, brand_hashtags=["متجر_أكمي"], link="https://example.com/p"))
    for c in result.captions:
        if c.hashtags:
            assert c.hashtags[0] == "#متجر_أكمي", (c.platform, c.variant)
        assert "نجمة" not in " ".join(c.hashtags)
    for s in result.hashtag_sets:
        assert "نجمة" not in " ".join(h.tag for h in s.hashtags)


def test_an_arabic_tag_never_starts_with_a_glued_preposition():
    text = ("# وسائل التواصل الاجتماعي\n\n" + "تساعد وسائل التواصل الاجتماعي المتاجر الصغيرة على الوصول إلى العملاء. "
            "ويمكن لوسائل التواصل الاجتماعي أن تبني الثقة بسرعة. " * 3 + "\n\n## وسائل التواصل والعملاء\n\n"
            "تبقى وسائل التواصل الاجتماعي أقرب طريق إلى العملاء في السعودية.")
    post = parse(read_text(text))
    keyphrases = extract_keyphrases(post.text, "ar", title=post.title, headings=[s.heading for s in post.sections if s.heading])
    tags = rank_hashtags(keyphrases, "ar", vocabulary=frozenset(words(post.text)),
                         topical=frozenset(word_key(w, "ar") for w in words(post.title)))
    assert tags
    assert not any(regex.match(r"^#(?:[وفبك]ال|لل|ل(?=وسائل))", h.tag) for h in tags)


def test_one_word_tags_name_the_topic():
    result = repurpose(LISTICLE_EN, Brief(link="https://example.com/p"), platforms=["instagram"])
    tags = [h.tag for h in result.hashtag_sets[0].hashtags]
    single = [t for t in tags if not regex.search(r"[a-z][A-Z]", t[1:])]
    assert all(t.lower() in {"#reviews", "#ways"} or "review" in t.lower() for t in single), tags


def test_links_are_readable_except_where_counting_needs_encoding():
    link = "https://example.com/مقالات/التسويق"
    result = repurpose(LISTICLE_AR, Brief(link=link), platforms=["x", "linkedin", "bluesky"])
    by_platform = {c.platform: c.text for c in result.captions if c.variant == 0}
    assert link in by_platform["linkedin"] and link in by_platform["bluesky"]
    assert link not in by_platform["x"] and "%D9%85" in by_platform["x"]


def test_the_call_to_action_reaches_x_with_the_link():
    result = repurpose(LISTICLE_EN, Brief(link="https://example.com/p", call_to_action="Get the checklist"),
                       platforms=["x"])
    assert all("Get the checklist" in c.text and "https://example.com/p" in c.text for c in result.captions)


def test_no_link_means_no_read_more_promise_and_a_warning():
    result = repurpose(LISTICLE_EN, Brief(), platforms=["x", "linkedin"])
    assert any("No link" in w for w in result.warnings)
    assert not any("Read the full" in c.text for c in result.captions)


def test_tags_already_in_the_text_count_against_the_cap():
    draft = CaptionDraft(platform="instagram", hook="Five tips #Growth #Sales", body=[BodyPart(text="Ask today #Reviews.")],
                         hashtags=["#Acme", "#Marketing", "#SmallBusiness", "#Tips", "#Local"])
    ctx = Context(brief=Brief(), language="en", layout=Layout(), extractive=True)
    caption = compose_caption(draft, PLATFORMS["instagram"], ctx)
    assert len(regex.findall(r"(?<!\w)#\w+", caption.text)) <= PLATFORMS["instagram"].hashtags.max
    assert caption.hashtags == ["#Acme", "#Marketing"]


def test_headings_that_count_themselves_are_walked_one_by_one():
    text = "# A Welcome Sequence\n\nA welcome sequence turns new subscribers into customers over two weeks.\n\n" + "\n\n".join(
        f"## Email {n}: {name}\n\n{body}" for n, name, body in [
            (1, "Deliver", "Send what you promised at signup within the first minute after they join."),
            (2, "Tell your story", "Explain why the shop exists and show one real photo of your workshop today."),
            (3, "Help", "Share the most useful thing you know, with nothing at all to sell in it."),
            (4, "Proof", "Quote three short, specific reviews from customers who bought this month."),
        ])
    post = parse(read_text(text))
    assert [i.head for i in list_items(post)] == ["Email 1: Deliver", "Email 2: Tell your story", "Email 3: Help",
                                                  "Email 4: Proof"]
    result = repurpose(text, Brief(link="https://example.com/p"), platforms=["x"])
    thread = " ".join(p.text for p in result.threads[0].posts)
    assert all(f"Email {n}" in thread for n in range(1, 5)) and "1. Email 1" not in thread


def test_a_slide_keeps_the_figure_of_a_long_sentence():
    from toolkit.repurpose.points import figure_clauses

    sentence = ("In a poll of 212 customers across the shops we work with, 72% said they read at least three "
                "reviews before visiting a local business for the first time.")
    assert figure_clauses(sentence, 150).startswith("72% said they read at least three reviews")
    assert figure_clauses("No figure in this sentence at all, only words.", 150) == ""

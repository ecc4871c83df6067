"""Property-based: whatever the post holds (emoji sequences, marks, bidi controls, URLs, mixed
scripts, very long words), every output of a run stays within its platform's rules."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import InputError
from toolkit.repurpose import Brief, repurpose, violations

ARABIC_WORDS = st.sampled_from(["التسويق", "الرقمي", "المحتوى", "العملاء", "وسائل", "التواصل", "الاجتماعي", "منصة", "نجاح", "الإعلانات"])
ENGLISH_WORDS = st.sampled_from(["marketing", "content", "brand", "growth", "audience", "campaign", "email", "social", "video", "data"])
ODD = st.sampled_from(["👨‍👩‍👧‍👦", "🇸🇦", "1️⃣", "e\u0301", "\u200f", "\u2067مرحبا\u2069", "https://example.com/مقالات/تسويق",
                       "https://example.com/" + "a" * 80, "ﷺ", "x" * 120, "日本語", "#وسم_موجود", "@user@example.social", "©"])
WORD = st.one_of(ARABIC_WORDS, ENGLISH_WORDS, ARABIC_WORDS, ODD)
SENTENCE = st.lists(WORD, min_size=3, max_size=30).map(" ".join).flatmap(lambda s: st.sampled_from([s + ".", s + "؟", s + "!", s + "،"]))
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=6).map(" ".join)
POST = st.tuples(SENTENCE, st.lists(PARAGRAPH, min_size=2, max_size=8)).map(lambda t: "\n\n".join([t[0], *t[1]]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=POST, emoji=st.booleans(), link=st.sampled_from(["", "https://example.com/blog/مقال-طويل-جدا", "https://t.co/x"]))
def test_any_post_gives_outputs_within_rules(text, emoji, link):
    try:
        result = repurpose(text, Brief(variants=2, emoji=emoji, link=link, brand_hashtags=["Acme"]),
                           platforms=["x", "bluesky", "threads", "mastodon", "instagram", "youtube"])
    except InputError:
        return  # too little text after parsing is a legitimate refusal
    found = [v for v in violations(result) if v.rule != "wrong_language"]  # random mixes have no single language
    assert found == []

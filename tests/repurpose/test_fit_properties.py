"""Property-based: fitted text is within its limit and never breaks a grapheme or leaves bidi dangling."""

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toolkit.fit import ELLIPSIS, balance_bidi, counter_for, fit, fit_to_platform, sanitize
from toolkit.platforms import PLATFORM_KEYS
from toolkit.textlen import GRAPHEME, count

ARABIC = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى،؟؛") + ["\u064b", "\u0650", "\u0651", "ﻻ", "ﷺ"])
EMOJI = st.sampled_from(["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇸🇦", "1️⃣", "❤️", "🏳️‍🌈", "🧵"])
MARKS = st.sampled_from(["e\u0301", "a\u0308\u0301", "\u0915\u094d\u0937"])
BIDI = st.sampled_from(["\u200e", "\u200f", "\u061c", "\u2067", "\u2069", "\u202b", "\u202c", "\u2066"])
URLS = st.sampled_from(["https://example.com/a/b?c=d", "https://example.com/مقالات/تسويق", "example.com", "www.test.io/x"])
WORDS = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12)
PIECE = st.one_of(ARABIC, EMOJI, MARKS, BIDI, URLS, WORDS, st.just(" "), st.just(". "), st.just("\n"), st.sampled_from(list("abc XYZ 123")))
TEXT = st.lists(PIECE, max_size=120).map("".join)


def _graphemes(s: str) -> list[str]:
    return GRAPHEME.findall(s)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=TEXT, platform=st.sampled_from(PLATFORM_KEYS), budget=st.integers(min_value=1, max_value=320))
@example(text="👨‍👩‍👧‍👦" * 200, platform="x", budget=5)
@example(text="\u2067مرحبا بكم في العالم العربي\u2069", platform="bluesky", budget=8)
def test_fitted_text_is_within_limit(text, platform, budget):
    out = fit_to_platform(text, platform, budget=budget)
    assert count(out, platform) <= budget


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=TEXT, budget=st.integers(min_value=1, max_value=200))
def test_fit_never_splits_a_grapheme(text, budget):
    out = fit(text, budget, counter_for("x"))
    kept = out[: -len(ELLIPSIS)] if out.endswith(ELLIPSIS) and not sanitize(text).strip().endswith(ELLIPSIS) else out
    source = sanitize(text).strip()
    # Every grapheme cluster of the kept text is a whole cluster of the source, in order.
    src_clusters, kept_clusters = _graphemes(source), _graphemes(kept)
    i = 0
    for g in kept_clusters:
        while i < len(src_clusters) and src_clusters[i] != g:
            i += 1  # the fitter may drop unbalanced bidi controls and trailing punctuation
        assert i < len(src_clusters), f"cluster {g!r} is not a whole cluster of the source"
        i += 1


@settings(max_examples=300, deadline=None)
@given(text=TEXT, budget=st.integers(min_value=1, max_value=200))
def test_fit_leaves_no_dangling_bidi(text, budget):
    out = fit(text, budget, counter_for("bluesky"))
    assert balance_bidi(out) == out
    assert not out.endswith(("\u200e", "\u200f", "\u061c"))


def test_fit_prefers_sentence_then_word_boundaries():
    text = "First sentence is here. Second sentence is a bit longer than the first one."
    assert fit(text, 35, len) == "First sentence is here."
    cut = fit("alpha beta gamma delta epsilon", 17, len)
    assert cut == "alpha beta gamma…"
    assert fit("كلمة أولى، كلمة ثانية، كلمة ثالثة طويلة جدا جدا", 25, len) == "كلمة أولى، كلمة ثانية…"


def test_fit_never_cuts_inside_a_url():
    text = "read https://example.com/some/really/long/path/that/goes/on today please"
    out = fit(text, 30, counter_for("x"))
    assert "https://example.com/some/really/long/path/that/goes/on" in out or "https" not in out


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=600), st.integers(min_value=8, max_value=120))
def test_thread_pieces_fit_and_lose_nothing(text, width):
    """An over-long sentence is split into pieces that each fit and, joined, give back every character."""
    from toolkit.repurpose.compose import _pieces

    pieces = _pieces(text, lambda t: len(t) <= width)
    assert all(len(p) <= width or len(regex.findall(r"\X", p)) == 1 for p in pieces)
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())

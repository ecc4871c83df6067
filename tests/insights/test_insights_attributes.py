"""Attributes of a caption variant: pure functions of its text and of what the generator knew."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.insights.attributes import (
    derive,
    from_name,
    hashtag_band,
    hook_kind,
    length_band,
)


def test_an_english_question_caption():
    a = derive("Did you know? 🚀 Most teams test one thing at a time. #ads #growth", platform="X",
               angle="question", tone="friendly", hashtags=["#ads", "#b2b"])
    assert a.model_dump() == {
        "platform": "x", "language": "en", "angle": "question", "hook": "question", "length_band": "short",
        "emoji": "on", "hashtags": "3-5", "tone": "friendly",  # ads, growth, b2b: a tag in both counts once
    }


def test_an_arabic_caption_with_a_number_and_no_emoji():
    a = derive("٣٠٪ من الشركات تخسر عملاءها في أول شهر؛ إليك السبب.\nاقرأ المقال كاملًا ؟", platform="linkedin")
    assert (a.language, a.hook, a.emoji, a.hashtags, a.length_band, a.angle) == ("ar", "number", "off", "0", "short", None)


@pytest.mark.parametrize(("text", "kind"), [
    ("هل تعرف السبب؟", "question"),
    ("Three ways:\n1. test\n2. learn\n3. repeat", "list"),
    ("• one\n• two", "list"),
    ("In 2025 budgets fell", "number"),
    ("A plain opening line.", "statement"),
    ("   ", None),
])
def test_hook_kinds(text, kind):
    assert hook_kind(text) == kind


def test_length_bands_follow_the_platform_target():
    # X's target is 270 weighted characters: <40% short, <80% medium, else long.
    assert [length_band("a" * n, "x") for n in (100, 108, 215, 216)] == ["short", "medium", "medium", "long"]
    assert [length_band(" ".join(["w"] * n)) for n in (19, 20, 59, 60)] == ["short", "medium", "medium", "long"]
    assert [hashtag_band(n) for n in (0, 1, 2, 3, 5, 6, 30)] == ["0", "1-2", "1-2", "3-5", "3-5", "6+", "6+"]


def test_the_apps_variant_names_tell_platform_and_angle():
    assert from_name("X v2 (question)") == ("x", "question")
    assert from_name(" LinkedIn v1 (summary) ") == ("linkedin", "summary")
    assert from_name("Myspace v1 (summary)") == (None, None)
    assert from_name("Ad A") == (None, None)


def test_an_empty_ad_has_no_text_attributes():
    assert derive("", angle="summary").model_dump(exclude_none=True) == {"angle": "summary"}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, "x", "linkedin", "instagram", "threads"]))
def test_any_text_gets_attributes_from_the_known_vocabularies(text, platform):
    a = derive(text, platform=platform)
    assert a.hook in {None, "question", "number", "list", "statement"}
    assert a.length_band in {None, "short", "medium", "long"}
    assert a.emoji in {None, "on", "off"} and a.hashtags in {None, "0", "1-2", "3-5", "6+"}
    assert (a.hook is None) == (not text.strip())

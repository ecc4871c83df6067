"""Card HTML: escaped, counted in the platform's unit, right to left for Arabic, red over the limit."""

from __future__ import annotations

from toolkit.app import cards
from toolkit.platforms import get_platform
from toolkit.repurpose import Caption


def _caption(text: str, **extra) -> Caption:
    base = {"platform": "x", "text": text, "length": 5, "limit": 280, "unit": "x_weighted"}
    return Caption(**{**base, **extra})


def test_caption_card_shows_the_platform_count_and_direction(arabic_result):
    c = next(c for c in arabic_result.captions if c.platform == "x")
    html = cards.caption_card(c, "ar", "en", editor="ed-7-x-0")
    assert f'<span class="tk-count">{c.length}</span> / 280' in html
    assert 'dir="rtl" lang="ar" translate="no"' in html
    assert 'data-editor="ed-7-x-0" data-unit="x_weighted" data-limit="280" data-url-weight="23"' in html
    assert "tk-over" not in html
    assert 'class="tk-copy"' in html


def test_over_the_limit_is_marked_red():
    html = cards.counter(281, 280, get_platform("x"), "en")
    assert 'class="tk-counter tk-over"' in html and ">281</span> / 280" in html
    assert "وحدة موزونة" in cards.counter(281, 280, get_platform("x"), "ar")  # the unit in the UI language


def test_text_is_escaped_and_hashtags_and_links_highlighted():
    html = cards.caption_card(_caption('<script>alert(1)</script> #تسويق https://a.io/x "q"'), "en", "en")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<bdi dir="rtl" class="tk-tag">#تسويق</bdi>' in html
    assert html.count('<div dir="ltr">') == 1  # one line, mostly Latin
    assert '<bdi dir="ltr" class="tk-link">https://a.io/x</bdi>' in html
    assert "&quot;q&quot;" in html


def test_each_line_takes_the_direction_of_most_of_its_letters():
    text = "Facebook هي أكبر شبكة اجتماعية\n\nRead the guide: how to grow\n2/7"
    assert cards.rich_text(text, "ar") == (
        '<div dir="rtl">Facebook هي أكبر شبكة اجتماعية</div><div><br></div>'
        '<div dir="ltr">Read the guide: how to grow</div><div dir="rtl"><bdi dir="ltr" class="tk-num">2/7</bdi></div>'
    )


def test_a_long_link_does_not_turn_an_arabic_line_around():
    line = "👉 اقرأ الدليل الكامل: https://example.com/blog/how-to-repurpose-one-post-into-ten"
    assert cards.rich_text(line, "ar") == (
        '<div dir="rtl">👉 اقرأ الدليل الكامل: '
        '<bdi dir="ltr" class="tk-link">https://example.com/blog/how-to-repurpose-one-post-into-ten</bdi></div>'
    )


def test_the_handle_is_isolated_left_to_right(arabic_result):
    c = next(c for c in arabic_result.captions if c.platform == "x")
    html = cards.caption_card(c, "ar", "ar", handle="@creative_ai")
    assert '<bdi dir="ltr" class="tk-handle" translate="no">@creative_ai</bdi>' in html


def test_known_angles_are_translated_and_model_angles_kept_as_content():
    assert cards.angle_label("question", "ar") == "سؤال"
    assert cards.angle_label("curiosity", "ar") == '<bdi translate="no">curiosity</bdi>'


def test_copy_buttons_for_titles_threads_and_hashtags(english_result, arabic_result):
    yt = next(c for c in english_result.captions if c.platform == "youtube")
    html = cards.caption_card(yt, "en", "en", editor="ed-1-youtube-0", title_editor="ti-1-youtube-0")
    assert 'data-editor="ti-1-youtube-0"' in html and ">Copy title</button>" in html
    thread = next(t for t in arabic_result.threads if t.platform == "x")
    html = cards.thread_list(thread, "ar", "ar")
    assert html.count(">انسخ المنشور</button>") == len(thread.posts)
    assert ">انسخ السلسلة</button>" in html
    from html import escape
    assert f'data-copy="{escape(cards.thread_text(thread))}"' in html
    tags = next(h for h in arabic_result.hashtag_sets if h.platform == "instagram")
    assert f'data-copy="{escape(cards.hashtag_text(tags))}"' in cards.hashtag_chips(tags, "ar", "en")


def test_titles_get_their_own_counter(english_result):
    c = next(c for c in english_result.captions if c.platform == "youtube")
    html = cards.caption_card(c, "en", "en")
    assert 'class="tk-title"' in html
    assert f"Title <bdi dir=\"ltr\"><span class=\"tk-count\">{c.title_length}</span> / 100" in html


def test_thread_is_a_numbered_list_with_counters(arabic_result):
    thread = next(t for t in arabic_result.threads if t.platform == "x")
    html = cards.thread_list(thread, "ar", "ar")
    assert html.count('<li class="tk-thread-post">') == len(thread.posts)
    assert '<ol class="tk-thread-list" dir="rtl">' in html
    assert "سلسلة" in html  # the UI language labels the section


def test_slides_keep_their_numbers_left_to_right(arabic_result):
    carousel = arabic_result.carousels[0]
    html = cards.slide_previews(carousel)
    assert html.count("<figure") == len(carousel.slides)
    assert f'<span class="tk-slide-no" dir="ltr">1 / {len(carousel.slides)}</span>' in html
    assert f"aspect-ratio:{carousel.size[0]}/{carousel.size[1]}" in html
    assert f"{len(carousel.slides)} slides · 1080×1350" in cards.carousel_heading(carousel, "en")


def test_hashtag_chips_show_kind_and_cap(arabic_result):
    tags = next(h for h in arabic_result.hashtag_sets if h.platform == "instagram")
    html = cards.hashtag_chips(tags, "ar", "en")
    assert '<div class="tk-chips" dir="rtl" lang="ar" translate="no">' in html
    assert html.count('class="tk-chip ') == len(tags.hashtags)
    assert f"{len(tags.hashtags)} / 5" in html


def test_counter_script_survives_streamlits_sanitiser():
    """DOMPurify (st.html) removes a script whose text has "<" before "!", "/" or a letter."""
    from importlib import resources

    import regex

    source = resources.files("toolkit.app").joinpath("static", "counter.js").read_text("utf-8")
    assert not regex.search(r"<[/\w!]", source)

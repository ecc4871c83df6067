"""Parsing Markdown, HTML and pasted text into a Post; language tools for Arabic and English."""

import pytest

from tests.conftest import DATA, EXAMPLES, arabic_fixture_paths
from toolkit.errors import InputError
from toolkit.lang import (
    clean_text,
    detect_language,
    split_clauses,
    split_sentences,
    word_key,
)
from toolkit.repurpose import load_source, parse, parse_text, read_bytes


def test_markdown_kitchen_sink():
    post = parse(load_source(DATA / "posts" / "en_markdown_kitchen_sink.md"))
    assert post.title == "Seven Email Subject Lines That Doubled Our Open Rate"
    assert post.language == "en" and post.source_format == "markdown"
    # prose after a list or table opens an untitled section, so the sections read in the article's order
    assert [s.heading for s in post.sections] == [None, "What we measured", "The winners", "Mistakes to avoid", None]
    assert "Seven subject lines that doubled opens" not in post.text  # the body's H1 repeats the front matter title
    assert post.source_brands == ["Sam Writer"]
    text = post.text
    assert "front matter" not in text  # YAML front matter dropped
    assert "print(" not in text  # fenced code is not caption material
    assert "Chart of open rates" not in text  # image alt text dropped
    assert "Write three variants for every send" in text and "[x]" not in text  # task list markers dropped
    assert "Question — 41% — +19 points" in text  # table rows kept as lines
    assert "{first_name}" in text  # code spans keep their text
    assert [link.url for link in post.links] == ["https://example.com/data/subject-lines.csv"]


def test_html_page_chrome_is_stripped():
    post = parse(load_source(DATA / "posts" / "en_html_with_chrome.html"))
    assert post.title == "Five Ways to Make Your Instagram Carousel Stop the Scroll"
    text = post.text
    for chrome in ("SHOULD NOT APPEAR", "cookies", "Services", "Share on", "Loved this one", "Studio Notes", "Home ›", "newsletter"):
        assert chrome not in text
    assert len(post.sections) == 6 and post.sections[1].heading == "1. Put the promise on the cover"


def test_html_title_falls_back_to_title_tag_without_site_name():
    html = "<html><head><title>Growth notes | My Blog</title></head><body>" + "<p>" + "word " * 60 + "</p></body></html>"
    assert parse(read_bytes(html.encode(), "x.html")).title == "Growth notes"


@pytest.mark.parametrize("path", arabic_fixture_paths(), ids=lambda p: p.name)
def test_arabic_fixtures_parse_without_chrome(path):
    post = parse(load_source(path))
    assert post.language == "ar"
    assert post.title.endswith("؟")
    text = post.text
    for chrome in ("القائمة الرئيسية", "الإنتقال السريع", "Skip links"):
        assert chrome not in text
    assert not text.rstrip().endswith("تعليقات")
    assert sum(1 for s in post.sections if s.heading) >= 3
    assert post.word_count > 300


def test_faq_headings_and_lists():
    post = parse(load_source(arabic_fixture_paths()[0]))
    benefits = next(s for s in post.sections if s.heading == "ما هي فوائد التواصل الاجتماعي؟")
    assert len(benefits.bullets) == 4 and benefits.bullets[2] == "يمكن لوسائل التواصل الاجتماعي بناء العلاقات."


def test_too_short_and_empty_posts_are_clear_errors():
    with pytest.raises(InputError, match="at least 40 words"):
        parse_text("A title\n\nJust one short paragraph here.")
    with pytest.raises(InputError, match="empty"):
        read_bytes(b"   \n", "blank.md")
    with pytest.raises(InputError, match="binary"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "image.md")


def test_windows_arabic_encoding_is_detected():
    text = (EXAMPLES / "ar_content_marketing.md").read_text("utf-8")
    source = read_bytes(text.encode("cp1256", errors="ignore"), "post.md")
    assert "التسويق بالمحتوى" in source.text


def test_utf16_with_bom():
    source = read_bytes("\ufeff# عنوان\n\nنص".encode("utf-16"), "p.md")
    assert source.text.lstrip("\ufeff").startswith("# عنوان")


def test_language_detection_with_latin_brand_names():
    assert detect_language("يظل Facebook أكثر الشبكات الاجتماعية شعبية في LinkedIn و Instagram") == "ar"
    assert detect_language("Use the #التسويق tag when you post in English") == "en"


def test_arabic_sentence_splitting_and_cleanup():
    text = "المشاركة مهمة للتفاعل مع الآخرين.يمكن قياس المشاركة؟ نعم ، يمكن ذلك! وهذا جيد"
    assert split_sentences(text) == ["المشاركة مهمة للتفاعل مع الآخرين.", "يمكن قياس المشاركة؟", "نعم، يمكن ذلك!", "وهذا جيد"]
    assert clean_text("الشديدة ، يظل") == "الشديدة، يظل"
    assert split_clauses("أولًا، ثانيًا؛ ثالثًا") == ["أولًا،", "ثانيًا؛", "ثالثًا"]


def test_english_sentences_keep_abbreviations_and_decimals():
    assert split_sentences("We grew 3.5x in 2024. E.g. this is fine. Dr. Smith agrees! Really?") == [
        "We grew 3.5x in 2024.", "E.g. this is fine.", "Dr. Smith agrees!", "Really?"]


def test_arabic_keys_unify_prefixes_and_forms():
    assert word_key("والتسويق", "ar") == word_key("التسويق", "ar") == word_key("تسويق", "ar")
    assert word_key("للعملاء", "ar") == word_key("العملاء", "ar")
    assert word_key("وسائل", "ar") != word_key("سائل", "ar")  # a root waw is not a conjunction
    assert word_key("Brands", "en") == word_key("brand", "en")

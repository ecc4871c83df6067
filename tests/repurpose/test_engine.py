"""The offline engine end to end: every output within its platform's rules, Arabic in Arabic out."""

import pytest
import regex

from tests.conftest import EXAMPLES, all_post_paths, arabic_fixture_paths
from toolkit.errors import ConfigError, TemplateError
from toolkit.lang import detect_language
from toolkit.platforms import PLATFORMS
from toolkit.repurpose import Brief, load_source, repurpose, violations
from toolkit.textlen import count

ARABIC_LETTER = regex.compile(r"\p{Script=Arabic}")


@pytest.fixture(scope="module")
def results():
    """Every post, all platforms, three variants: computed once for the module."""
    brief = Brief(variants=3, link="https://example.com/blog/مقالات/التسويق", audience="small business owners")
    out = {}
    for path in all_post_paths():
        post_brief = brief if "ar" not in path.name[:3] else brief.model_copy(update={"audience": "أصحاب المشاريع الصغيرة"})
        out[path.name] = repurpose(load_source(path), post_brief)
    return out


def test_every_output_is_within_platform_rules(results):
    assert len(results) >= 7
    for name, result in results.items():
        assert violations(result) == [], name
        for c in result.captions:
            assert 0 < count(c.text, c.platform) <= PLATFORMS[c.platform].limit, (name, c.platform)
        for t in result.threads:
            assert all(count(p.text, t.platform) <= t.limit for p in t.posts)
            assert 3 <= len(t.posts) <= result.brief.thread_max_posts


def test_every_platform_and_output_kind_is_produced(results):
    for result in results.values():
        assert {c.platform for c in result.captions} == set(PLATFORMS)
        assert len(result.captions) == 3 * len(PLATFORMS)
        assert {t.platform for t in result.threads} == {"x", "threads", "bluesky", "mastodon"}
        assert {c.platform for c in result.carousels} == {"instagram", "linkedin"}
        assert {h.platform for h in result.hashtag_sets} == set(PLATFORMS)
        assert all(h.hashtags for h in result.hashtag_sets)


@pytest.mark.parametrize("path", arabic_fixture_paths() + [EXAMPLES / "ar_content_marketing.md"], ids=lambda p: p.name)
def test_arabic_in_arabic_out(results, path):
    result = results[path.name]
    assert result.language == "ar"
    for c in result.captions:
        assert detect_language(c.text) == "ar", c.text
    for t in result.threads:
        assert all(ARABIC_LETTER.search(p.text) for p in t.posts[:-1])
    for h in result.hashtag_sets:
        for tag in h.hashtags:
            assert ARABIC_LETTER.search(tag.tag), tag.tag
            assert " " not in tag.tag
    for car in result.carousels:
        for slide in car.slides:
            assert ARABIC_LETTER.search(slide.title) and ARABIC_LETTER.search(slide.alt_text)


def test_arabic_hashtags_join_words_with_underscores(results):
    tags = [h.tag for s in results["ar_social_networking.txt"].hashtag_sets for h in s.hashtags]
    assert "#الشبكات_الاجتماعية" in tags


def test_english_hashtags_are_camel_case(results):
    tags = {h.tag for s in results["en_repurposing_guide.md"].hashtag_sets for h in s.hashtags}
    assert "#SocialContent" in tags


def test_hashtag_sets_mix_broad_and_niche_and_respect_caps(results):
    mixed = 0
    for result in results.values():
        ig = next(h for h in result.hashtag_sets if h.platform == "instagram")
        assert 1 <= len(ig.hashtags) <= 5
        mixed += {"broad", "niche"} <= {h.kind for h in ig.hashtags}
        threads = next(h for h in result.hashtag_sets if h.platform == "threads")
        assert len(threads.hashtags) == 1
    # A post whose topic words are all one-word (or all Latin brand names in Arabic) may offer no niche tag.
    assert mixed >= 0.8 * len(results)


def test_variants_use_different_angles_and_texts(results):
    result = results["ar_social_engagement_faq.txt"]
    x = [c for c in result.captions if c.platform == "x"]
    assert [c.variant for c in x] == [0, 1, 2]
    assert len({c.angle for c in x}) == 3
    assert len({c.text for c in x}) == 3


def test_link_is_percent_encoded_and_counted_as_one_url(results):
    x = next(c for c in results["en_repurposing_guide.md"].captions if c.platform == "x")
    assert "https://example.com/blog/%D9%85" in x.text
    ig = next(c for c in results["en_repurposing_guide.md"].captions if c.platform == "instagram")
    assert "https://" not in ig.text and "Link in bio" in ig.text


def test_carousels_have_cover_content_and_cta(results):
    for result in results.values():
        for car in result.carousels:
            kinds = [s.kind for s in car.slides]
            assert kinds[0] == "cover" and kinds[-1] == "cta" and kinds.count("content") >= 1
            assert [s.index for s in car.slides] == list(range(1, len(car.slides) + 1))
            assert all(s.alt_text for s in car.slides)


def test_youtube_and_pinterest_get_titles(results):
    for c in results["en_page_with_chrome.html"].captions:
        if c.platform in ("youtube", "pinterest"):
            assert c.title and c.title_length <= c.title_limit == 100


def test_same_input_and_brief_give_the_same_output():
    source = load_source(EXAMPLES / "ar_content_marketing.md")
    a = repurpose(source, Brief(variants=2))
    b = repurpose(source, Brief(variants=2))
    assert a.model_dump(exclude={"timings_ms"}) == b.model_dump(exclude={"timings_ms"})


def test_brief_steers_cta_emoji_and_brand_tags():
    source = load_source(EXAMPLES / "en_repurposing_guide.md")
    plain = repurpose(source, Brief(variants=1, emoji=False, call_to_action="Grab the checklist", brand_hashtags=["AcmeLabs"]), platforms=["linkedin"])
    caption = plain.captions[0]
    assert "Grab the checklist" in caption.text
    assert "💡" not in caption.text and "👉" not in caption.text
    assert plain.hashtag_sets[0].hashtags[0].tag == "#AcmeLabs"


def test_offline_engine_refuses_to_translate():
    with pytest.raises(ConfigError, match="cannot translate"):
        repurpose(load_source(EXAMPLES / "ar_content_marketing.md"), Brief(language="en"))


def test_user_layout_override_changes_only_that_platform(tmp_path):
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "caption.facebook.j2").write_text("FB: {{ hook }}\n\n{{ hashtags | join(' ') }}", "utf-8")
    result = repurpose(load_source(EXAMPLES / "en_repurposing_guide.md"), Brief(variants=1), platforms=["facebook", "x"], templates=tmp_path)
    fb = next(c for c in result.captions if c.platform == "facebook")
    x = next(c for c in result.captions if c.platform == "x")
    assert fb.text.startswith("FB: ") and not x.text.startswith("FB: ")


def test_hostile_layout_template_is_blocked(tmp_path):
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "caption.j2").write_text("{{ hook.__class__.__mro__[1].__subclasses__() }}", "utf-8")
    with pytest.raises(TemplateError, match="unsafe"):
        repurpose(load_source(EXAMPLES / "en_repurposing_guide.md"), Brief(variants=1), platforms=["facebook"], templates=tmp_path)


def test_unknown_template_variable_is_a_clear_error(tmp_path):
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "caption.j2").write_text("{{ hook }} {{ nonsense }}", "utf-8")
    with pytest.raises(TemplateError, match="unknown variable"):
        repurpose(load_source(EXAMPLES / "en_repurposing_guide.md"), Brief(variants=1), platforms=["facebook"], templates=tmp_path)

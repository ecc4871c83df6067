"""Length as each platform counts it: literal numbers from twitter-text v3 and platform rules."""

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.textlen import count, is_emoji, measure


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello", 5),
        ("مرحبا بكم", 9),  # Arabic letters weigh 1
        ("https://example.com/a/very/long/path/that/keeps/going/and/going", 23),
        ("https://example.com/مقالات/تسويق", 23 + 12),  # a non-ASCII path is not part of the URL
        ("see example.com now", 4 + 23 + 4),  # bare domains are links too
        ("👍", 2),
        ("👨‍👩‍👧‍👦", 2),  # a ZWJ family is one emoji
        ("👍🏽", 2),  # skin tone modifier
        ("🇸🇦", 2),  # flag
        ("1️⃣", 2),  # keycap
        ("©", 1),  # bare text-presentation © is a plain character
        ("ﷺ", 2),  # Arabic presentation form
        ("…", 2),
        ("€", 2),
        ("•", 2),
        ("\u200f", 2),  # RLM weighs 2 (editors insert these silently)
        ("\u200d", 1),  # ZWJ alone is in the light range
        ("日本", 4),  # CJK weighs 2
        ("ا\u0653", 1),  # alef + madda composes to آ under NFC
    ],
)
def test_x_weighted_length(text, expected):
    assert count(text, "x") == expected


def test_x_rejects_bom_and_nonchars():
    assert not measure("hello\ufeff", "x").fits
    m = measure("abc\ufeff", "x")
    assert (m.length, m.fits) == (5, False) and "U+FEFF" in m.problem  # the weight, and why X refuses it


def test_an_internationalised_domain_is_one_url_on_x():
    assert count("https://مثال.السعودية", "x") == 23
    assert count("https://example.com/مقالات/تسويق", "x") == 23 + 12  # an Arabic path is still text


@pytest.mark.parametrize(
    ("platform", "text", "expected"),
    [
        ("threads", "hi 😀", 3 + 4),  # emoji as UTF-8 bytes
        ("threads", "hi 👨‍👩‍👧", 3 + len("👨‍👩‍👧".encode())),
        ("tiktok", "😀a", 3),  # UTF-16 units: surrogate pair + 1
        ("bluesky", "👨‍👩‍👧 e\u0301", 3),  # graphemes
        ("bluesky", "اعتبارًا", 7),  # tanween joins its letter
        ("mastodon", "@bob@mastodon.social hi", 4 + 3),
        ("mastodon", "read https://example.com/a/long/path/here now", 5 + 23 + 4),
        ("linkedin", "مرحبا 😀", 7),  # code points
        ("instagram", "e\u0301", 2),
    ],
)
def test_platform_units(platform, text, expected):
    assert count(text, platform) == expected


def test_emoji_detection():
    assert is_emoji("😀") and is_emoji("❤️") and is_emoji("🇸🇦") and is_emoji("#️⃣")
    assert not is_emoji("❤") and not is_emoji("©") and not is_emoji("a")


def test_measure_reports_limit_and_fit():
    m = measure("x" * 281, "x")
    assert (m.length, m.limit, m.fits, m.remaining) == (281, 280, False, -1)
    assert measure("t" * 100, "youtube", limit=100).fits


def test_cli_measure_prints_count_and_limit():
    result = CliRunner().invoke(cli, ["measure", "--platform", "x", "مرحبا https://example.com/مقالات"])
    assert result.exit_code == 0
    assert result.output.startswith("35 / 280 (X, x_weighted) ok")


def test_cli_measure_over_limit_and_unknown_platform():
    runner = CliRunner()
    assert "over the limit" in runner.invoke(cli, ["measure", "-p", "bluesky", "a" * 301]).output
    bad = runner.invoke(cli, ["measure", "-p", "myspace", "hi"])
    assert bad.exit_code == 2
    assert "Unknown platform 'myspace'" in bad.output and "Traceback" not in bad.output

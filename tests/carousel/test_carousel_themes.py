"""Loading themes: the bundled one, user folders, and the mistakes a user can make in theme.toml."""

from __future__ import annotations

import pytest
from carousel_samples import BRAND_THEME as MINIMAL

from toolkit.carousel.themes import (
    THEMES_DIR,
    bundled_themes,
    contrast_ratio,
    contrast_warnings,
    load_theme,
)
from toolkit.errors import ConfigError


def _theme(tmp_path, toml=MINIMAL, **files):
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / "theme.toml").write_text(toml, encoding="utf-8")
    for name, content in files.items():
        (folder / name.replace("__", ".")).write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def test_bundled_default_uses_installed_fonts():
    theme = load_theme()
    assert bundled_themes() == ["default"]
    assert theme.folder == (THEMES_DIR / "default").resolve()
    assert theme.search_path == (theme.folder,)
    files = theme.font_files()
    assert ("IBM Plex Sans Arabic", 700) in files
    assert all(p.is_file() and "site-packages" in str(p) for p in files.values())


def test_a_user_theme_falls_back_to_the_default_templates(tmp_path):
    theme = load_theme(_theme(tmp_path))
    assert theme.name == "brand"
    assert theme.search_path == (theme.folder, (THEMES_DIR / "default").resolve())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('accent = "#7F56D9"', 'accent = "purple"'), r"colors\.accent: Value error, 'purple' is not a hex colour"),
        (("[colors]", 'shadow = "#000000"\n[colors]'), r"shadow: Extra inputs are not permitted"),
        (("[colors]", '[fonts]\nlatin = "Comic Sans"\n[colors]'), r"Theme font 'Comic Sans' .* is not installed"),
        (("[colors]", '[fonts]\nlatin = "x\\"; } body { color: red"\n[colors]'), r"fonts\.latin: .* not a plain font family name"),
        (("[colors]", "[text]\ntitle_min = 90\ntitle_max = 60\n[colors]"), r"each \*_min must be at most its \*_max"),
        (('name = "brand"', 'name = "brand"\nlogo = "../../etc/hostname"'), r"Theme logo '../../etc/hostname' is not a file inside"),
    ],
)
def test_bad_theme_configs_say_what_to_fix(tmp_path, edit, message):
    folder = _theme(tmp_path, MINIMAL.replace(*edit))
    with pytest.raises(ConfigError, match=message):
        load_theme(folder)


def test_missing_or_broken_theme_files(tmp_path):
    with pytest.raises(ConfigError, match="neither a folder nor a bundled theme"):
        load_theme(tmp_path / "nope")
    with pytest.raises(ConfigError, match="has no theme.toml"):
        load_theme(tmp_path)
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_theme(_theme(tmp_path, "name = "))


def test_a_link_out_of_the_theme_folder_is_refused(tmp_path):
    folder = _theme(tmp_path)
    (folder / "style.css.j2").symlink_to("/etc/passwd")
    with pytest.raises(ConfigError, match="contains 'style.css.j2', a link to a file outside it"):
        load_theme(folder)


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio("#000", "#FFFFFF") == 21.0
    assert contrast_ratio("#777777", "#888888") == pytest.approx(1.26325, abs=1e-5)
    assert contrast_ratio("#101828", "#F9FAFB") == contrast_ratio("#F9FAFB", "#101828")


def test_hard_to_read_colours_are_reported_not_refused(tmp_path):
    assert contrast_warnings(load_theme().config) == []
    pale = load_theme(_theme(tmp_path, MINIMAL.replace('text = "#101828"', 'text = "#DDDDDD"')))
    assert contrast_warnings(pale.config) == [
        "Theme 'brand': text #DDDDDD on background #FFFFFF has contrast 1.4:1, below 4.5:1: darken or lighten one of them.",
        "Theme 'brand': text #DDDDDD on surface #F2F4F7 has contrast 1.2:1, below 4.5:1: darken or lighten one of them.",
    ]

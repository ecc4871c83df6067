"""Carousel themes: a folder with ``theme.toml`` and, optionally, its own Jinja2 templates.

A user's theme folder is searched before the bundled default, so a theme that only sets
colours, fonts and a logo in ``theme.toml`` reuses the default slide layout. Themes are
untrusted: the config is validated here, templates render sandboxed (``toolkit.templates``),
and links leading out of the folder are refused so a shared theme cannot smuggle in local files.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import fontpkg
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..errors import ConfigError, describe_validation

THEMES_DIR = Path(__file__).parent / "themes"
DEFAULT_THEME = "default"
TEMPLATE = "carousel.html.j2"
CONFIG_FILE = "theme.toml"

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
# Font names go into CSS unquoted, so they are limited to what is safe there.
_FONT_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9 -]{0,63}$")


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colors(_Config):
    background: str
    surface: str
    text: str
    muted: str
    accent: str

    @field_validator("*")
    @classmethod
    def _hex(cls, v: str) -> str:
        if not _HEX.match(v):
            raise ValueError(f"{v!r} is not a hex colour like #1D2939")
        return v


class Fonts(_Config):
    latin: str = "IBM Plex Sans Arabic"
    arabic: str = "IBM Plex Sans Arabic"
    fallback: list[str] = Field(default_factory=list)
    weights: list[int] = Field(default_factory=lambda: [400, 700])

    @field_validator("latin", "arabic")
    @classmethod
    def _name(cls, v: str) -> str:
        if not _FONT_NAME.match(v):
            raise ValueError(f"{v!r} is not a plain font family name")
        return v

    @field_validator("fallback")
    @classmethod
    def _names(cls, v: list[str]) -> list[str]:
        for name in v:
            cls._name(name)
        return v

    @field_validator("weights")
    @classmethod
    def _weights(cls, v: list[int]) -> list[int]:
        if not v or any(w < 100 or w > 900 or w % 100 for w in v):
            raise ValueError("weights must be multiples of 100 between 100 and 900")
        return sorted(set(v))


class TextBounds(_Config):
    """Font sizes in px on a 1080 px wide slide; the fitter stays within them."""

    title_max: int = Field(default=104, ge=24, le=200)
    title_min: int = Field(default=36, ge=16, le=200)
    body_max: int = Field(default=56, ge=16, le=120)
    body_min: int = Field(default=24, ge=14, le=120)

    @model_validator(mode="after")
    def _ordered(self) -> TextBounds:
        if self.title_min > self.title_max or self.body_min > self.body_max:
            raise ValueError("each *_min must be at most its *_max")
        return self


class ThemeConfig(_Config):
    name: str
    handle: str = ""
    logo: str = ""
    colors: Colors
    fonts: Fonts = Fonts()
    text: TextBounds = TextBounds()


class Theme(_Config):
    """A loaded theme: its folder (first in the template search path) and validated config."""

    folder: Path
    config: ThemeConfig
    search_path: tuple[Path, ...]

    @property
    def name(self) -> str:
        return self.config.name

    def font_files(self) -> dict[tuple[str, int], Path]:
        """Every (family, weight) the theme uses, mapped to its installed file."""
        fonts = self.config.fonts
        families = dict.fromkeys([fonts.latin, fonts.arabic, *fonts.fallback])
        return {(family, w): _font_path(family, w, self.folder) for family in families for w in fonts.weights}


# WCAG 2 minimum contrast: 4.5:1 for body text, 3:1 for large or secondary text (handles, numbers).
_PAIRS = (
    ("text", "background", 4.5),
    ("text", "surface", 4.5),
    ("muted", "background", 3.0),
    ("muted", "surface", 3.0),
    ("accent", "background", 3.0),
)


def contrast_warnings(config: ThemeConfig) -> list[str]:
    """Colour pairs the theme puts together that are hard to read on a phone in daylight."""
    colors = config.colors.model_dump()
    warnings = []
    for fg, bg, minimum in _PAIRS:
        ratio = contrast_ratio(colors[fg], colors[bg])
        if ratio < minimum:
            warnings.append(
                f"Theme {config.name!r}: {fg} {colors[fg]} on {bg} {colors[bg]} has contrast {ratio:.1f}:1, "
                f"below {minimum}:1: darken or lighten one of them."
            )
    return warnings


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two hex colours, from 1.0 (same) to 21.0 (black on white)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(hex_color: str) -> float:
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def bundled_themes() -> list[str]:
    """Names of the themes shipped with the toolkit."""
    return sorted(p.name for p in THEMES_DIR.iterdir() if (p / CONFIG_FILE).is_file())


def load_theme(theme: str | os.PathLike[str] | Theme | None = None) -> Theme:
    """A bundled theme by name, or a theme folder by path; ``None`` is the default theme."""
    if isinstance(theme, Theme):
        return theme
    if theme is None or str(theme) in bundled_themes():
        folder = THEMES_DIR / str(theme or DEFAULT_THEME)
    else:
        folder = Path(theme).expanduser()
        if not folder.is_dir():
            raise ConfigError(
                f"Theme {str(theme)!r} is neither a folder nor a bundled theme: "
                f"pass a theme folder or one of {', '.join(bundled_themes())}."
            )
    folder = folder.resolve()
    _refuse_outside_links(folder)
    config = _read_config(folder)
    if config.logo:
        _check_logo(folder, config.logo)
    default = (THEMES_DIR / DEFAULT_THEME).resolve()
    search_path = (folder,) if folder == default else (folder, default)
    loaded = Theme(folder=folder, config=config, search_path=search_path)
    loaded.font_files()  # fail now, with the font's name, rather than mid-render
    return loaded


def _read_config(folder: Path) -> ThemeConfig:
    path = folder / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(f"Theme folder {str(folder)!r} has no {CONFIG_FILE}: copy "
                          f"{str(THEMES_DIR / DEFAULT_THEME / CONFIG_FILE)!r} there and edit it (README, Themes).")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{str(path)!r} is not valid TOML ({exc}): fix it and retry.") from None
    try:
        return ThemeConfig.model_validate(data)
    except ValidationError as exc:
        problems = describe_validation(exc, subject="theme")
        raise ConfigError(f"{str(path)!r} is invalid ({problems}): fix these fields and retry.") from None


def _refuse_outside_links(folder: Path) -> None:
    """A symlink in a theme could make the template loader or fetcher read any file: refuse it."""
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            if path.is_symlink() and not path.resolve().is_relative_to(folder):
                raise ConfigError(
                    f"Theme folder {str(folder)!r} contains {name!r}, a link to a file outside it: "
                    "copy the file into the theme instead."
                )


def _check_logo(folder: Path, logo: str) -> None:
    path = (folder / logo).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise ConfigError(
            f"Theme logo {logo!r} is not a file inside {str(folder)!r}: copy the logo into the theme folder."
        )


def _font_path(family: str, weight: int, folder: Path) -> Path:
    try:
        return fontpkg.path(family, weight, nearest=True)
    except fontpkg.FontpkgError:
        installed = ", ".join(fontpkg.family(slug).name for slug in fontpkg.families())
        raise ConfigError(
            f"Theme font {family!r} in {str(folder)!r} is not installed: "
            f"install its fontpkg package or choose one of {installed}."
        ) from None

"""``@font-face`` rules for a theme's fonts, pointing at the files installed from PyPI.

Fonts come from ``fontpkg`` packages declared as dependencies, never from the system, so a
fresh install renders the same slides everywhere. The rules are written here, not by the
theme, and the URL fetcher serves exactly these files.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from .themes import Fonts


def font_face_css(files: dict[tuple[str, int], Path]) -> str:
    """One ``@font-face`` rule per (family, weight); variable files serve every weight."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}'
        for (family, weight), path in files.items()
    )


def font_stack(fonts: Fonts, language: str) -> Markup:
    """The CSS ``font-family`` value for a slide: the script's own font first, then the rest.

    Returned as ``Markup`` so autoescaping keeps the quotes; family names are validated by
    ``themes.Fonts`` to letters, digits, spaces and hyphens, so nothing can break out.
    """
    first, second = (fonts.arabic, fonts.latin) if language == "ar" else (fonts.latin, fonts.arabic)
    families = dict.fromkeys([first, second, *fonts.fallback])
    return Markup(", ".join(f'"{family}"' for family in families) + ", sans-serif")

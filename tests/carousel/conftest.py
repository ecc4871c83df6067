"""Rendered carousels shared across the carousel tests: rendering is the slow part, so each
distinct carousel is rendered once per session."""

from __future__ import annotations

import pytest
from carousel_samples import carousel

from toolkit.carousel import layout_slides, render_carousel


@pytest.fixture(scope="session")
def arabic_max():
    """Instagram's maximum slide count, in Arabic, rendered to PDF and PNGs."""
    c = carousel("ar", slides=10)
    return c, render_carousel(c)


@pytest.fixture(scope="session")
def long_layouts():
    """Text far past the platform budgets, in both languages and on the smallest slide."""
    cases = {
        "ar": carousel("ar", slides=4, long=True),
        "en": carousel("en", slides=4, long=True),
        "ar-square": carousel("ar", slides=3, long=True).model_copy(update={"size": (1080, 1080)}),
    }
    return {name: (c, layout_slides(c)) for name, c in cases.items()}

"""toolkit: repurpose blog posts into platform-ready content and run Bayesian ad experiments.

The names below load on first use, so ``toolkit --help`` and opening a database import none of
pydantic, regex or the platform table until something needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._lazy import lazy_exports

if TYPE_CHECKING:
    from .errors import ToolkitError
    from .platforms import PLATFORMS, Platform, get_platform
    from .textlen import Measurement, count, measure

__all__ = ["PLATFORMS", "Measurement", "Platform", "ToolkitError", "count", "get_platform", "measure"]

__getattr__ = lazy_exports(__name__, {
    ".errors": ("ToolkitError",),
    ".platforms": ("PLATFORMS", "Platform", "get_platform"),
    ".textlen": ("Measurement", "count", "measure"),
})

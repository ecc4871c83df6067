"""toolkit: repurpose blog posts into platform-ready content and run Bayesian ad experiments."""

from .errors import ToolkitError
from .platforms import PLATFORMS, Platform, get_platform
from .textlen import Measurement, count, measure

__all__ = ["PLATFORMS", "Measurement", "Platform", "ToolkitError", "count", "get_platform", "measure"]

"""Learning across experiments: which creative attributes win, per platform and language.

``pooling`` (the hierarchical model), ``priors`` (an informed prior for a new test) and
``explore`` (Thompson sampling over angles) are pure numpy/scipy; ``service`` is the one-call API
the CLI, the app and the generator use. Names are loaded on first use, because the store imports
this package's migrations and must not pay for scipy.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ATTRIBUTES": "attributes",
    "VariantAttributes": "attributes",
    "derive": "attributes",
    "AngleEstimate": "explore",
    "order_angles": "explore",
    "Pooled": "pooling",
    "pool": "pooling",
    "pooled_prior": "priors",
    "AttributeEffect": "service",
    "InsightsReport": "service",
    "angle_order": "service",
    "caption_estimate": "service",
    "build_insights": "service",
    "informed_prior": "service",
    "remember_experiment_captions": "service",
    "remember_variant_attributes": "service",
}
__all__ = [
    "ATTRIBUTES",
    "AngleEstimate",
    "AttributeEffect",
    "InsightsReport",
    "Pooled",
    "VariantAttributes",
    "angle_order",
    "build_insights",
    "caption_estimate",
    "derive",
    "informed_prior",
    "order_angles",
    "pool",
    "pooled_prior",
    "remember_experiment_captions",
    "remember_variant_attributes",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)

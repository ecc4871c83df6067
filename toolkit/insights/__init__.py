"""Learning across experiments: which creative attributes win, per platform and language.

``pooling`` (the hierarchical model), ``priors`` (an informed prior for a new test) and
``explore`` (Thompson sampling over angles) are pure numpy/scipy; ``service`` is the one-call API
the CLI, the app and the generator use. Names are loaded on first use, because the store imports
this package's migrations and must not pay for scipy.
"""

from __future__ import annotations

from .._lazy import lazy_exports

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


__getattr__ = lazy_exports(
    __name__,
    {
        ".attributes": (
            "ATTRIBUTES",
            "VariantAttributes",
            "derive",
        ),
        ".explore": (
            "AngleEstimate",
            "order_angles",
        ),
        ".pooling": (
            "Pooled",
            "pool",
        ),
        ".priors": ("pooled_prior",),
        ".service": (
            "AttributeEffect",
            "InsightsReport",
            "angle_order",
            "caption_estimate",
            "build_insights",
            "informed_prior",
            "remember_experiment_captions",
            "remember_variant_attributes",
        ),
    },
)

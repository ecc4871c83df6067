"""Checks that say whether the numbers can be trusted before anyone reads the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

SRM_ALPHA = 0.001  # the usual SRM alarm level: a real mismatch is rarely subtle
TINY_SUCCESSES = 5
DELIVERY_GAP = 0.05  # impressions share this far (absolute) from the plan is worth a note


@dataclass(frozen=True)
class SampleRatio:
    chi2: float
    p_value: float
    observed_share: tuple[float, ...]
    expected_share: tuple[float, ...]

    @property
    def mismatch(self) -> bool:
        return self.p_value < SRM_ALPHA


def sample_ratio_mismatch(observed: Sequence[float], planned: Sequence[float]) -> SampleRatio | None:
    """Chi-square goodness of fit of the randomised units (people) against the planned split.

    Only meaningful for units that were randomised: people reached, or the audience split of a
    platform's A/B test. Impressions and spend are not: platforms deliver them unevenly by
    design, and a count of money changes its p-value with the currency unit.
    None when there is nothing to test (no planned split, no units, or a value that is not finite).
    """
    obs = np.asarray(observed, float)
    weights = np.asarray(planned, float)
    if len(obs) != len(weights) or not (np.all(np.isfinite(obs)) and np.all(np.isfinite(weights))):
        return None
    total = obs.sum()
    if total <= 0 or np.any(weights <= 0) or np.any(obs < 0):
        return None
    expected = total * weights / weights.sum()
    chi2, p = stats.chisquare(obs, expected)
    return SampleRatio(
        chi2=float(chi2),
        p_value=float(p),
        observed_share=tuple(float(v) for v in obs / total),
        expected_share=tuple(float(v) for v in weights / weights.sum()),
    )


def tiny_arms(successes: Sequence[float], trials: Sequence[float], min_trials: float) -> list[int]:
    """Arms whose posterior still mostly reflects the prior: too little exposure or too few successes."""
    return [
        i
        for i, (s, n) in enumerate(zip(successes, trials))
        if n > 0 and (n < min_trials or s < TINY_SUCCESSES)
    ]


def delivery_gaps(impressions: Sequence[float], planned: Sequence[float]) -> list[tuple[int, float, float]]:
    """Arms whose share of impressions is more than DELIVERY_GAP from the plan: (arm, got, planned).

    This describes delivery, not a broken test: ad platforms shift impressions towards the ads
    they predict will do better, and rates per impression stay comparable.
    """
    imp = np.asarray(impressions, float)
    weights = np.asarray(planned, float)
    total = imp.sum()
    if len(imp) != len(weights) or not np.isfinite(total) or total <= 0 or np.any(weights <= 0):
        return []
    got, want = imp / total, weights / weights.sum()
    return [(i, float(g), float(w)) for i, (g, w) in enumerate(zip(got, want)) if abs(g - w) > DELIVERY_GAP]


def format_p(p: float) -> str:
    """A p-value as text that never reads "p = 0"."""
    return "p < 1e-15" if p < 1e-15 else f"p = {p:.2g}"

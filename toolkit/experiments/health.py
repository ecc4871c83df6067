"""Checks that say whether the numbers can be trusted before anyone reads the verdict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

SRM_ALPHA = 0.001  # the usual SRM alarm level: a real mismatch is rarely subtle
TINY_SUCCESSES = 5


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
    """Chi-square goodness of fit of delivered exposure against the planned split.

    None when there is nothing to test (no planned split or no exposure at all).
    """
    obs = np.asarray(observed, float)
    weights = np.asarray(planned, float)
    total = obs.sum()
    if total <= 0 or len(obs) != len(weights) or np.any(weights <= 0):
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

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
        for i, (s, n) in enumerate(zip(successes, trials, strict=False))
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
    return [(i, float(g), float(w)) for i, (g, w) in enumerate(zip(got, want, strict=False)) if abs(g - w) > DELIVERY_GAP]


def format_p(p: float) -> str:
    """A p-value as text that never reads "p = 0"."""
    return "p < 1e-15" if p < 1e-15 else f"p = {p:.2g}"


@dataclass(frozen=True)
class RevenueDispersion:
    ratio: float  # observed / modelled day-to-day variance of revenue (1 when the model fits)
    p_value: float
    implied_cv: float  # the --value-cv that would explain the observed spread

    @property
    def doubtful(self) -> bool:
        return self.p_value < 0.01 and self.ratio > 1.5


def revenue_dispersion(
    days_per_arm: Sequence[Sequence[tuple[float, float, float]]], value_cv: float
) -> RevenueDispersion | None:
    """Does daily revenue vary as much as the quasi-Poisson model with ``value_cv`` says?

    Each arm gives (revenue, conversions, exposure) per day. Under the model a day's revenue has
    mean m_d = exposure_d * total revenue / total exposure and variance (1 + cv^2) * v * m_d, with
    v the mean order value; the Pearson statistic over days is then chi-square with D - 1 degrees
    of freedom per arm. None without at least 5 days with revenue in some arm.
    """
    x2, df = 0.0, 0
    for days in days_per_arm:
        rows = np.array([d for d in days if np.all(np.isfinite(d)) and d[2] > 0], float).reshape(-1, 3)
        revenue, conversions, exposure = rows.sum(axis=0) if len(rows) else (0.0, 0.0, 0.0)
        if len(rows) < 5 or revenue <= 0 or conversions <= 0:
            continue
        unit = (1 + value_cv**2) * revenue / conversions
        mean = rows[:, 2] * revenue / exposure
        x2 += float(np.sum((rows[:, 0] - mean) ** 2 / (unit * mean)))
        df += len(rows) - 1
    if df == 0:
        return None
    ratio = x2 / df
    return RevenueDispersion(
        ratio=ratio,
        p_value=float(stats.chi2.sf(x2, df)),
        implied_cv=float(np.sqrt(max(ratio * (1 + value_cv**2) - 1, 0.0))),
    )

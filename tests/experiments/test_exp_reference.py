"""Probability to be best and expected loss against independent high-precision references.

The bar: P(best) within 1e-6 of the reference for 2-10 arms and 10 to 10,000,000 trials per
arm, zero and all successes included. We assert 1e-8 (the engine is at ~1e-9 or better), and
expected loss to 1e-6 relative (or 1e-12 absolute when it is essentially zero).
"""

from __future__ import annotations

import numpy as np
import pytest
from exp_reference import miller_loss, miller_two_arm, mp_quad_beta, rational_beta

from toolkit.experiments import compare_batch

PB_TOL = 1e-8


def _engine(arms):
    a = [[float(x) for x, _ in arms]]
    b = [[float(y) for _, y in arms]]
    r = compare_batch("beta", a, b)
    return r.prob_best[0], r.expected_loss[0]


def _check_loss(ours, ref):
    ref = np.asarray(ref, float)
    assert np.all(np.abs(ours - ref) <= 1e-6 * np.abs(ref) + 1e-12)


def _uniform(successes, trials):
    return (1 + successes, 1 + trials - successes)


@pytest.mark.parametrize(
    "counts",
    [
        [(0, 10), (10, 10)],  # zero successes against all successes
        [(3, 10), (3, 10)],  # identical
        [(0, 10), (0, 10), (1, 10)],
        [(5, 10), (7, 10), (0, 10), (10, 10), (2, 10)],
        [(0, 10), (10, 10), (3, 10), (5, 10), (5, 10), (7, 10), (2, 10), (9, 10), (1, 10), (6, 10)],
        [(1, 12), (2, 9), (0, 15), (4, 11), (3, 14), (6, 13), (2, 10), (5, 12), (1, 9), (3, 10)],
    ],
)
def test_small_arms_match_exact_rational_arithmetic(counts):
    arms = [_uniform(s, n) for s, n in counts]
    prob, loss = rational_beta(arms)
    ours_p, ours_l = _engine(arms)
    assert np.max(np.abs(ours_p - np.array(prob, float))) < PB_TOL
    _check_loss(ours_l, [float(x) for x in loss])
    assert abs(ours_p.sum() - 1) < PB_TOL


@pytest.mark.parametrize(
    "counts",
    [
        [(50, 1000), (62, 1000)],
        [(50_000, 10_000_000), (50_300, 10_000_000)],  # 10 million trials per arm
        [(120, 100_000), (40, 20_000)],  # lopsided delivery
        [(3, 40), (900, 20_000)],
    ],
)
def test_two_arms_match_millers_closed_form(counts):
    (sA, nA), (sB, nB) = counts
    aA, bA = _uniform(sA, nA)
    aB, bB = _uniform(sB, nB)
    p_b = float(miller_two_arm(aA, bA, aB, bB))
    ours_p, ours_l = _engine([(aA, bA), (aB, bB)])
    assert abs(ours_p[1] - p_b) < PB_TOL
    assert abs(ours_p[0] - (1 - p_b)) < PB_TOL
    _check_loss(ours_l[0], float(miller_loss(aA, bA, aB, bB)))


@pytest.mark.parametrize(
    "counts",
    [
        [(0, 10_000_000), (1, 10_000_000), (0, 5_000_000)],  # zero successes, 10 million trials
        [(10_000_000, 10_000_000), (9_999_999, 10_000_000)],  # 100% conversion
        [(0, 10), (3, 10_000_000), (10, 10)],  # 10 trials against 10 million
        [(2, 50), (0, 400), (1, 20), (7, 90)],
    ],
)
def test_extreme_arms_match_mpmath_quadrature(counts):
    arms = [_uniform(s, n) for s, n in counts]
    prob, loss = mp_quad_beta(arms)
    ours_p, ours_l = _engine(arms)
    assert np.max(np.abs(ours_p - prob)) < PB_TOL
    _check_loss(ours_l, loss)


def test_ten_large_arms_match_mpmath_quadrature():
    """Ten arms of 100,000 to 10 million impressions (Boost incomplete beta inside mpmath quad)."""
    rng = np.random.default_rng(3)
    trials = [100_000, 300_000, 1_000_000, 3_000_000, 10_000_000] * 2
    arms = [_uniform(int(rng.normal(0.005, 0.0001) * n), n) for n in trials]
    prob, _ = mp_quad_beta(arms, hybrid=True, with_loss=False, dps=20)
    ours_p, _ = _engine(arms)
    assert np.max(np.abs(ours_p - prob)) < PB_TOL
    assert abs(ours_p.sum() - 1) < PB_TOL

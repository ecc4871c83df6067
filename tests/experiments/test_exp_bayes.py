"""Literal numbers and invariants of the comparison engine (Beta and Gamma families)."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest

from toolkit.experiments import (
    beta_posterior,
    compare,
    compare_batch,
    gamma_posterior,
    prior_from_history,
)
from toolkit.experiments.posteriors import (
    BETA,
    GAMMA,
    Prior,
    revenue_posterior,
    revenue_unit,
)


def test_literal_two_arm_values():
    """50/1000 vs 62/1000 with a uniform prior; references from Evan Miller's sum at 40 digits."""
    r = compare([beta_posterior(50, 1000), beta_posterior(62, 1000)])
    control, variant = r.arms
    assert variant.prob_best == pytest.approx(0.877463115215891, abs=1e-9)
    assert control.prob_best == pytest.approx(0.122536884784109, abs=1e-9)
    assert control.expected_loss == pytest.approx(0.0126028165517315, rel=1e-8)
    assert variant.prob_beat_control == variant.prob_best
    assert control.prob_beat_control is None and control.lift_rel is None
    assert control.ci_low == pytest.approx(0.0381668336505265, rel=1e-9)
    assert control.ci_high == pytest.approx(0.0653256936811047, rel=1e-9)
    # losses differ by exactly the difference of means: E[max] - m_i
    assert control.expected_loss - variant.expected_loss == pytest.approx(variant.mean - control.mean, abs=1e-12)


def test_literal_three_arm_values_are_exact_fractions():
    """0/10, 3/10, 1/10: integer posteriors, references computed in exact rational arithmetic."""
    r = compare([beta_posterior(0, 10), beta_posterior(3, 10), beta_posterior(1, 10)])
    assert [a.prob_best for a in r.arms] == pytest.approx([0.0325591509362951, 0.819799080571284, 0.147641768492421], abs=1e-9)
    assert [a.expected_loss for a in r.arms] == pytest.approx([0.266224017472937, 0.0162240174729374, 0.182890684139604], rel=1e-9)


def test_zero_against_all_successes_is_exact_not_a_fallback():
    r = compare([beta_posterior(0, 10), beta_posterior(10, 10)])
    assert r.arms[1].prob_best == pytest.approx(0.999998582428923, abs=1e-8)
    assert r.arms[0].prob_best == pytest.approx(1.41757107698e-06, abs=1e-8)


def test_gamma_two_arms_match_the_beta_closed_form():
    """P(l_B > l_A) = I_{b_A / (b_A + b_B)}(a_A, a_B) for Gamma posteriors (counts per exposure)."""
    r = compare([gamma_posterior(3, 120.5), gamma_posterior(9, 80.0)])
    with mp.workdps(30):
        exact = mp.betainc(4, 10, 0, mp.mpf(120.5) / (120.5 + 80), regularized=True)
    assert r.arms[1].prob_best == pytest.approx(float(exact), abs=1e-10)
    assert r.arms[1].prob_best == pytest.approx(0.992367117924317, abs=1e-10)


def test_gamma_many_arms_sum_to_one_and_match_pairwise_closed_form():
    arms = [gamma_posterior(c, e) for c, e in [(40, 1000.0), (55, 1010.0), (47, 990.0), (0, 1000.0)]]
    r = compare(arms)
    assert sum(a.prob_best for a in r.arms) == pytest.approx(1, abs=1e-9)
    for i in (1, 2, 3):
        closed = mp.betainc(arms[0].a, arms[i].a, 0, arms[0].b / (arms[0].b + arms[i].b), regularized=True)
        assert r.arms[i].prob_beat_control == pytest.approx(float(closed), abs=1e-9)


@pytest.mark.parametrize("k", [2, 3, 5, 10])
def test_identical_arms_are_equal(k):
    r = compare_batch(BETA, [[31.0] * k], [[970.0] * k])
    assert np.allclose(r.prob_best, 1 / k, atol=1e-8)
    assert np.ptp(r.expected_loss) < 1e-12
    r = compare_batch(GAMMA, [[12.0] * k], [[300.0] * k])
    assert np.allclose(r.prob_best, 1 / k, atol=1e-8)


def test_batch_rows_equal_single_comparisons():
    rng = np.random.default_rng(7)
    s = rng.integers(0, 200, (50, 3)).astype(float)
    n = s + rng.integers(0, 5000, (50, 3))
    batch = compare_batch(BETA, 1 + s, 1 + n - s)
    for row in (0, 17, 49):
        single = compare_batch(BETA, 1 + s[row : row + 1], 1 + n[row : row + 1] - s[row : row + 1])
        assert np.allclose(batch.prob_best[row], single.prob_best[0], atol=1e-9)
        assert np.allclose(batch.expected_loss[row], single.expected_loss[0], rtol=1e-7, atol=1e-13)


def test_results_are_read_only():
    r = compare_batch(BETA, [[2.0, 3.0]], [[9.0, 8.0]])
    with pytest.raises(ValueError):
        r.prob_best[0, 0] = 1.0


def test_invalid_parameters_are_rejected():
    with pytest.raises(ValueError):
        compare_batch(BETA, [[0.0, 1.0]], [[1.0, 1.0]])
    with pytest.raises(ValueError):
        compare_batch(BETA, [[1.0]], [[1.0]])
    with pytest.raises(ValueError):
        compare([beta_posterior(1, 2), gamma_posterior(1, 2)])


def test_prior_from_history_counts_each_observation_by_weight():
    assert prior_from_history(BETA, 200, 10_000, weight=0.1) == Prior(21.0, 981.0)
    assert prior_from_history(GAMMA, 30, 600.0) == Prior(31.0, 600.0)
    with pytest.raises(ValueError):
        prior_from_history(BETA, 20, 10)


def test_revenue_posterior_is_quasi_poisson_with_order_value_unit():
    # 40 orders worth 2,000 in total over 10,000 impressions, cv 1: unit = 2 * 50 = 100
    unit = revenue_unit(2000.0, 40, value_cv=1.0)
    assert unit == 100.0
    post = revenue_posterior(2000.0, 10_000, unit)
    assert post.mean == pytest.approx((1 + 20) * 100 / 10_000)
    # variance of revenue per impression ~ (1 + cv^2) * v * E[R] / n^2
    assert post.sd == pytest.approx(np.sqrt(21) * 100 / 10_000)
    assert revenue_unit(0.0, 0, 1.0) == 0.0


@pytest.mark.parametrize("a, b", [(1, 11), (1, 10_000_001), (0.5, 1_000_000), (0.1, 0.1), (100, 10_000_000)])
@pytest.mark.parametrize("k", [3, 10])
def test_identical_arms_tie_to_1e_12(a, b, k):
    """Zero-success arms once drifted 4e-7 from 1/10; the P(best) sum is now exact by construction."""
    r = compare_batch("beta", [[a] * k], [[b] * k])
    assert np.abs(r.prob_best - 1 / k).max() < 1e-12

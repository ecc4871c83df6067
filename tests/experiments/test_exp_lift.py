"""Lift intervals follow the real, skewed distribution of the ratio and the difference."""

from __future__ import annotations

import mpmath as mp
import pytest

from toolkit.experiments import Posterior, beta_posterior, compare, gamma_posterior


def _ratio_cdf(control, variant, r):
    """P(x_v / x_c <= r) = integral f_c(x) I_{r x}(a_v, b_v) dx, by 25-digit mpmath quadrature."""
    with mp.workdps(25):
        ac, bc, av, bv = (mp.mpf(v) for v in (control.a, control.b, variant.a, variant.b))
        def f(x):
            return mp.exp((ac - 1) * mp.log(x) + (bc - 1) * mp.log1p(-x) - mp.log(mp.beta(ac, bc)))
        def F(z):
            return mp.mpf(1) if z >= 1 else mp.betainc(av, bv, 0, z, regularized=True)
        return float(mp.quad(lambda x: f(x) * F(r * x), [0, 0.05, 0.1, 0.2, 0.4, 1]))


def _diff_cdf(control, variant, d):
    with mp.workdps(25):
        ac, bc, av, bv = (mp.mpf(v) for v in (control.a, control.b, variant.a, variant.b))
        def f(x):
            return mp.exp((ac - 1) * mp.log(x) + (bc - 1) * mp.log1p(-x) - mp.log(mp.beta(ac, bc)))
        def F(z):
            return mp.mpf(0) if z <= 0 else mp.mpf(1) if z >= 1 else mp.betainc(av, bv, 0, z, regularized=True)
        return float(mp.quad(lambda x: f(x) * F(x + d), [0, 0.05, 0.1, 0.2, 0.4, 1]))


def test_small_sample_relative_interval_is_skewed_and_exact():
    """0/20 clicks for the control vs 3/20: the ratio's upper tail is huge, the lower one short."""
    control, variant = beta_posterior(0, 20), beta_posterior(3, 20)
    arm = compare([control, variant]).arms[1]
    assert _ratio_cdf(control, variant, 1 + arm.lift_rel_low) == pytest.approx(0.025, abs=1e-8)
    assert _ratio_cdf(control, variant, 1 + arm.lift_rel_high) == pytest.approx(0.975, abs=1e-8)
    assert arm.lift_rel_low == pytest.approx(-0.272877012641848, rel=1e-6)
    assert arm.lift_rel_high == pytest.approx(149.544847279162, rel=1e-6)
    # a symmetric normal interval around the point estimate would be nonsense here
    assert arm.lift_rel_high - arm.lift_rel > 30 * (arm.lift_rel - arm.lift_rel_low)


def test_absolute_interval_is_exact():
    control, variant = beta_posterior(4, 40), beta_posterior(9, 35)
    arm = compare([control, variant]).arms[1]
    assert _diff_cdf(control, variant, arm.lift_abs_low) == pytest.approx(0.025, abs=1e-8)
    assert _diff_cdf(control, variant, arm.lift_abs_high) == pytest.approx(0.975, abs=1e-8)
    assert arm.lift_abs_low < arm.lift_abs < arm.lift_abs_high


def test_gamma_ratio_interval_matches_beta_closed_form():
    """For Gamma rates, x_v/x_c <= r  <=>  W <= r b_v/(b_c + r b_v) with W ~ Beta(a_v, a_c)."""
    control, variant = gamma_posterior(12, 400.0), gamma_posterior(20, 380.0)
    arm = compare([control, variant]).arms[1]
    for r, q in ((1 + arm.lift_rel_low, 0.025), (1 + arm.lift_rel_high, 0.975)):
        z = r * variant.b / (control.b + r * variant.b)
        assert float(mp.betainc(variant.a, control.a, 0, z, regularized=True)) == pytest.approx(q, abs=1e-9)


def test_rope_probability_is_the_mass_inside_the_band():
    control, variant = gamma_posterior(500, 10_000.0), gamma_posterior(505, 10_000.0)
    arm = compare([control, variant], rope=0.05).arms[1]

    def cdf(r):
        z = r * variant.b / (control.b + r * variant.b)
        return float(mp.betainc(variant.a, control.a, 0, z, regularized=True))

    assert arm.prob_in_rope == pytest.approx(cdf(1.05) - cdf(0.95), abs=1e-9)


def test_ten_arm_lifts_are_all_against_the_control():
    arms = [beta_posterior(s, 5000) for s in (100, 90, 110, 100, 130, 95, 105, 120, 80, 100)]
    r = compare(arms)
    assert r.arms[0].lift_rel is None
    for arm in r.arms[1:]:
        assert arm.lift_rel_low < arm.lift_rel < arm.lift_rel_high
        assert arm.lift_abs_low < arm.lift_abs < arm.lift_abs_high


def _ratio_cdf_split(control, variant, r):
    """Like ``_ratio_cdf``, with the kink of F_v(r x) at x = 1/r as a breakpoint."""
    with mp.workdps(30):
        ac, bc, av, bv = (mp.mpf(v) for v in (control.a, control.b, variant.a, variant.b))
        r = mp.mpf(r)
        def f(x):
            return mp.exp((ac - 1) * mp.log(x) + (bc - 1) * mp.log1p(-x) - mp.log(mp.beta(ac, bc)))
        edge = min(1 / r, mp.mpf(1))
        inside = mp.quad(lambda x: f(x) * mp.re(mp.betainc(av, bv, 0, r * x, regularized=True)), [0, edge / 2, edge])
        return inside + (mp.re(mp.betainc(ac, bc, edge, 1, regularized=True)) if edge < 1 else 0)


@pytest.mark.parametrize(
    "control, variant",
    [
        ((11, 1), (11, 1)),  # 10/10 vs 10/10, uniform prior: the issue's +30.4% that should be +31.3%
        ((10.5, 0.5), (10.5, 0.5)),  # the same with Jeffreys' prior
        ((1, 21), (1, 21)),  # 0/20 vs 0/20
        ((0.5, 20.5), (3.5, 37.5)),  # 0/20 vs 3/40, Jeffreys
        ((30.5, 0.5), (25.5, 5.5)),  # 30/30 vs 25/30, Jeffreys
    ],
)
def test_relative_interval_is_exact_at_zero_and_full_rates(control, variant):
    c, v = Posterior("beta", *control), Posterior("beta", *variant)
    arm = compare([c, v]).arms[1]
    for end, q in ((arm.lift_rel_low, 0.025), (arm.lift_rel_high, 0.975)):
        with mp.workdps(30):
            exact = mp.findroot(lambda r, q=q: _ratio_cdf_split(c, v, r) - q, 1 + end)
        assert 1 + end == pytest.approx(float(exact), rel=1e-6)

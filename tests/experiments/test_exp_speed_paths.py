"""The shortcuts taken for speed give the answers of the general path.

One analysis reads rate intervals straight off the inverse incomplete beta/gamma, a batch solves
for them; lift quantiles settle after one Halley step from a four-cumulant start when the other
arm's density is smooth, and take Newton steps otherwise (priors below 1, 0% and 100% arms).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special as sc

from toolkit.experiments import compare_batch
from toolkit.experiments.bayes import _DIRECT_QUANTILES
from toolkit.experiments.posteriors import FAMILIES
from toolkit.experiments.quadrature import HERMITE_TIERS, arm_breaks, gauss_legendre, rule_groups

ARMS = [(1.0, 400.0), (31.0, 970.0), (0.5, 80.5), (200.5, 0.5), (5001.0, 95001.0), (12.0, 3.0)]


@pytest.mark.parametrize("family", ["beta", "gamma"])
def test_one_analysis_and_a_batch_give_the_same_rate_intervals(family):
    a = np.array([[p[0] for p in ARMS]])
    b = np.array([[p[1] for p in ARMS]])
    one = compare_batch(family, a, b)
    repeats = _DIRECT_QUANTILES // a.size + 1  # enough experiments to take the solver's path
    many = compare_batch(family, np.repeat(a, repeats, axis=0), np.repeat(b, repeats, axis=0))
    for name in ("ci_low", "ci_high"):
        np.testing.assert_allclose(getattr(many, name), np.repeat(getattr(one, name), repeats, axis=0), rtol=1e-8)


def test_lift_ends_sit_on_the_exact_quantiles_in_a_large_batch():
    rng = np.random.default_rng(7)
    s = rng.integers(0, 300, (400, 2)).astype(float)
    n = s + rng.integers(500, 20_000, (400, 2))
    s[:20, 0] = 0.0  # a 0% control
    s[20:40, 1] = n[20:40, 1]  # a 100% variant
    a, b = 0.5 + s, 0.5 + n - s  # Jeffreys: densities with root singularities at 0 or 1
    r = compare_batch("beta", a, b, lift=True)
    # check a spread of rows (extremes included) against the ratio CDF by fine quadrature
    for row in (0, 5, 25, 33, 100, 250, 399):
        (a_c, a_v), (b_c, b_v) = a[row], b[row]
        for end, q in ((r.lift_rel_low[row, 1], 0.025), (r.lift_rel_high[row, 1], 0.975)):
            assert _ratio_cdf(a_c, b_c, a_v, b_v, 1.0 + end) == pytest.approx(q, abs=1e-8)
        # a 0% Jeffreys control (a = 0.5) is the least normal shape there is: 2.3e-8 off in
        # probability, 3e-8 relative on the interval's end (the bar is 1e-6)
        for end, q in ((r.lift_abs_low[row, 1], 0.025), (r.lift_abs_high[row, 1], 0.975)):
            assert _diff_cdf(a_c, b_c, a_v, b_v, end) == pytest.approx(q, abs=5e-8)


def test_small_arms_lift_ends_sit_on_the_exact_quantiles_in_a_batch():
    """Windows cut where the other density vanishes smoothly take Halley steps: still exact."""
    rng = np.random.default_rng(5)
    s = rng.integers(2, 40, (300, 2)).astype(float)
    n = s + rng.integers(20, 3000, (300, 2))
    a, b = 1 + s, 1 + n - s
    r = compare_batch("beta", a, b, lift=True)
    for row in range(0, 300, 23):
        (a_c, a_v), (b_c, b_v) = a[row], b[row]
        for end, q in ((r.lift_abs_low[row, 1], 0.025), (r.lift_abs_high[row, 1], 0.975)):
            assert _diff_cdf(a_c, b_c, a_v, b_v, end) == pytest.approx(q, abs=1e-8)
        for end, q in ((r.lift_rel_low[row, 1], 0.025), (r.lift_rel_high[row, 1], 0.975)):
            assert _ratio_cdf(a_c, b_c, a_v, b_v, 1.0 + end) == pytest.approx(q, abs=1e-8)


def _diff_cdf(a_c, b_c, a_v, b_v, d):
    """P(x_v - x_c <= d) = integral f_c(x) I_{x + d}(a_v, b_v) dx over 0 < x + d, plus
    P(x_c >= 1 - d) where x + d >= 1; fine Gauss-Legendre panels in x, graded towards the kinks."""
    lo, hi = max(0.0, -d), min(1.0, 1.0 - d)
    sd = np.sqrt(a_c * b_c / ((a_c + b_c) ** 2 * (a_c + b_c + 1)))
    mean = a_c / (a_c + b_c)
    inner = np.clip(mean + sd * np.linspace(-40, 40, 321), lo, hi)
    graded = np.concatenate([lo + (hi - lo) * 2.0 ** -np.arange(1, 60), hi - (hi - lo) * 2.0 ** -np.arange(1, 60)])
    edges = np.unique(np.concatenate([[lo, hi], inner, graded]))
    t, w = np.polynomial.legendre.leggauss(40)
    half = np.diff(edges)[:, None] / 2
    xx = ((edges[:-1, None] + edges[1:, None]) / 2 + half * t).ravel()
    ww = (half * w).ravel()
    with np.errstate(divide="ignore"):  # graded nodes may round onto 0 or 1, where the density is 0
        dens = np.exp((a_c - 1) * np.log(xx) + (b_c - 1) * np.log1p(-xx) - sc.betaln(a_c, b_c))
    above = float(1 - sc.betainc(a_c, b_c, hi)) if hi < 1 else 0.0
    return float(np.sum(ww * dens * sc.betainc(a_v, b_v, np.clip(xx + d, 0, 1)))) + above


def _ratio_cdf(a_c, b_c, a_v, b_v, ratio):
    """P(x_v / x_c <= ratio) = integral f_c(x) I_{ratio x}(a_v, b_v) dx + P(x_c >= 1 / ratio).

    Fine Gauss-Legendre panels in logit x, cut where ratio * x reaches 1 (the kink) and graded
    geometrically towards it (where a 100% arm's CDF has a root singularity).
    """
    mode = np.log(a_c / b_c)
    sd = np.sqrt(1 / a_c + 1 / b_c)
    edges = mode + sd * np.linspace(-60, 40, 401)
    above = 0.0
    if ratio > 1:
        kink = sc.logit(1 / ratio)
        edges = np.concatenate([edges[edges < kink], kink - sd * 2.0 ** -np.arange(0, 50), [kink]])
        edges = np.unique(edges[edges <= kink])
        above = float(1 - sc.betainc(a_c, b_c, 1 / ratio))
    t, w = np.polynomial.legendre.leggauss(60)
    half = np.diff(edges)[:, None] / 2
    tt = ((edges[:-1, None] + edges[1:, None]) / 2 + half * t).ravel()
    ww = (half * w).ravel()
    x = sc.expit(tt)
    dens = np.exp(a_c * sc.log_expit(tt) + b_c * sc.log_expit(-tt) - sc.betaln(a_c, b_c))
    return float(np.sum(ww * dens * sc.betainc(a_v, b_v, np.clip(ratio * x, 0, 1)))) + above


@pytest.mark.parametrize("family", ["beta", "gamma"])
@pytest.mark.parametrize("tier", range(len(HERMITE_TIERS)))
def test_near_normal_arms_integrate_like_the_panelled_rule(family, tier):
    """Each Gauss-Hermite tier gives the panelled rule's integrals of the other arm's CDF, at
    shifts like those of lift quantiles (x + z sd and x e^(z sd)), from its floor upwards."""
    fam = FAMILIES[family]
    rng = np.random.default_rng(3 + tier)
    floor, nodes = HERMITE_TIERS[tier]
    ceiling = HERMITE_TIERS[tier - 1][0] if tier else 1e5
    a = floor * (ceiling / floor) ** rng.uniform(0.0, 1.0, 300) + 1e-9
    b = (a * np.exp(rng.uniform(0.0, 1.0, 300)) + 10 ** rng.uniform(1.5, 5.0, 300)) if family == "beta" else a / 10 ** rng.uniform(-3.0, 1.0, 300)
    breaks = arm_breaks(fam, a, b)
    [(rows, *hermite)] = rule_groups(fam, a, b, breaks)  # one tier: one group of every row
    full = gauss_legendre(breaks)
    assert (rows == np.arange(len(a))).all() and hermite[0].shape[1] == nodes
    assert nodes < (full[1] > 0).sum(axis=1).min()  # really fewer nodes
    shrink = np.exp(-rng.uniform(0.0, 2.0, 300))[:, None]  # the other arm is the wider one
    a_o, b_o = a[:, None] * shrink, b[:, None] * shrink
    sd = np.sqrt(fam.var(a_o, b_o) + fam.var(a[:, None], b[:, None]))
    log_sd = np.sqrt(fam.log_cumulants(a_o, b_o)[1] + fam.log_cumulants(a[:, None], b[:, None])[1])
    lo, hi = fam.x_of_t(breaks[:, :1]), fam.x_of_t(breaks[:, -1:])

    def integrals(t, w):
        wd = w * np.exp(fam.logpdf_t(a[:, None], b[:, None], t))
        wd /= wd.sum(axis=1, keepdims=True)
        x = fam.x_of_t(t)
        out = []
        for z in (-2.5, -0.5, 0.0, 1.0, 2.5):
            for shifted, edges in ((x + z * sd, (lo + z * sd, hi + z * sd)), (x * np.exp(z * log_sd), (lo, hi * np.exp(z * log_sd)))):
                inside = (edges[0] > 0) & ((edges[1] < 1) | (not fam.bounded))  # kinked windows take another rule
                out.append(np.where(inside[:, 0], (wd * fam.cdf_x(a_o, b_o, shifted)).sum(axis=1), 0.0))
        return np.array(out)
    np.testing.assert_allclose(integrals(*hermite), integrals(*full), rtol=0, atol=1e-9)

"""Exact distribution of a variant's lift over control: absolute (x_i - x_c) and relative (x_i / x_c - 1).

The ratio of two small-sample rates is strongly skewed, so its interval is read off the real
distribution, not a symmetric normal. P(x_i - x_c <= d) is a 1-D integral of one arm's density
times the other's CDF; we integrate over whichever posterior is narrower (on the scale that
matters: log for ratios, linear for differences), where the other CDF is smooth. Quantiles come
from ``roots.solve_quantiles`` on that CDF, started from a Cornish-Fisher guess built from exact
cumulants.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .quadrature import arm_grid
from .roots import solve_quantiles


@dataclass(frozen=True)
class _PairIntegrals:
    """For M problems: the narrow arm's weighted density on its grid, and the other arm.

    ``ratio`` marks problems about log(x_i / x_c); the others are about x_i - x_c.
    """

    fam: object
    ratio: np.ndarray  # (M, 1) bool
    narrow_is_control: np.ndarray  # (M, 1) bool
    x: np.ndarray  # (M, N) narrow arm's rate at the nodes
    wdens: np.ndarray  # (M, N) weight * density of the narrow arm
    a_other: np.ndarray  # (M, 1)
    b_other: np.ndarray  # (M, 1)

    def cdf_pdf(self, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """CDF and density of each problem's statistic at s, shape (M,)."""
        shift = np.where(self.narrow_is_control, 1.0, -1.0) * s[:, None]
        # narrow = control: P(x_i <= z) with z = x_c + s (or x_c e^s); narrow = variant: P(x_c >= z)
        with np.errstate(over="ignore"):
            z = np.where(self.ratio, self.x * np.exp(shift), self.x + shift)
        other_cdf = self.fam.cdf_x(self.a_other, self.b_other, z)
        prob = np.where(self.narrow_is_control, other_cdf, 1.0 - other_cdf)
        with np.errstate(under="ignore", invalid="ignore"):
            density = np.exp(self.fam.logpdf_x(self.a_other, self.b_other, z))
        density = np.where(self.ratio, density * z, density)  # d z / d s is z for z = x e^{+-s}
        return (self.wdens * prob).sum(axis=1), (self.wdens * density).sum(axis=1)


def _pair_integrals(fam, a_i, b_i, a_c, b_c, ratio: np.ndarray) -> _PairIntegrals:
    var_i = np.where(ratio, fam.log_cumulants(a_i, b_i)[1], fam.var(a_i, b_i))
    var_c = np.where(ratio, fam.log_cumulants(a_c, b_c)[1], fam.var(a_c, b_c))
    narrow_c = var_c <= var_i
    a_n, b_n = np.where(narrow_c, a_c, a_i), np.where(narrow_c, b_c, b_i)
    a_o, b_o = np.where(narrow_c, a_i, a_c), np.where(narrow_c, b_i, b_c)
    t, w = arm_grid(fam, a_n, b_n)
    with np.errstate(under="ignore"):
        wdens = w * np.exp(fam.logpdf_t(a_n[:, None], b_n[:, None], t))
    wdens /= wdens.sum(axis=1, keepdims=True)  # the rule integrates the density to exactly 1
    return _PairIntegrals(
        fam, ratio[:, None], narrow_c[:, None], fam.x_of_t(t), wdens, a_o[:, None], b_o[:, None]
    )


def _moments(fam, a_i, b_i, a_c, b_c, ratio: np.ndarray):
    """Mean, sd and skewness of log(x_i/x_c) (ratio) or x_i - x_c from exact cumulants."""
    mi, vi, ki = fam.log_cumulants(a_i, b_i)
    mc, vc, kc = fam.log_cumulants(a_c, b_c)
    var_log = vi + vc
    di, dc = fam.var(a_i, b_i), fam.var(a_c, b_c)
    var_diff = di + dc
    k3_diff = fam.skew(a_i, b_i) * di**1.5 - fam.skew(a_c, b_c) * dc**1.5
    mean = np.where(ratio, mi - mc, fam.mean(a_i, b_i) - fam.mean(a_c, b_c))
    var = np.where(ratio, var_log, var_diff)
    skew = np.where(ratio, (ki - kc) / var_log**1.5, k3_diff / var_diff**1.5)
    return mean, np.sqrt(var), skew


def _problems(a_i, b_i, a_c, b_c, per_pair: int):
    return [np.repeat(np.ravel(np.asarray(x, float)), per_pair) for x in (a_i, b_i, a_c, b_c)]


def lift_intervals(fam, a_i, b_i, a_c, b_c, ci_level: float = 0.95):
    """Equal-tailed intervals of relative and absolute lift of each variant over control.

    Returns (rel_low, rel_high, abs_low, abs_high), each shaped like ``a_i``.
    """
    shape = np.shape(a_i)
    pairs = int(np.prod(shape))
    tail = (1.0 - ci_level) / 2
    params = _problems(a_i, b_i, a_c, b_c, 4)
    q = np.tile([tail, 1.0 - tail, tail, 1.0 - tail], pairs)
    ratio = np.tile([True, True, False, False], pairs)
    integrals = _pair_integrals(fam, *params, ratio=ratio)
    s = solve_quantiles(integrals.cdf_pdf, q, *_moments(fam, *params, ratio=ratio)).reshape(pairs, 4)
    rel = np.expm1(s[:, :2])
    return tuple(v.reshape(shape) for v in (rel[:, 0], rel[:, 1], s[:, 2], s[:, 3]))


def prob_ratio_within(fam, a_i, b_i, a_c, b_c, rope: float) -> np.ndarray:
    """P(1 - rope < x_i / x_c < 1 + rope): how sure we are the difference is too small to matter."""
    shape = np.shape(a_i)
    pairs = int(np.prod(shape))
    params = _problems(a_i, b_i, a_c, b_c, 2)
    integrals = _pair_integrals(fam, *params, ratio=np.ones(2 * pairs, dtype=bool))
    cdf, _ = integrals.cdf_pdf(np.tile(np.log([1.0 - rope, 1.0 + rope]), pairs))
    cdf = cdf.reshape(pairs, 2)
    return np.clip(cdf[:, 1] - cdf[:, 0], 0.0, 1.0).reshape(shape)

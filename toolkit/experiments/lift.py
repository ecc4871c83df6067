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

from .posteriors import Family, Real
from .quadrature import arm_breaks, gauss_legendre
from .roots import solve_quantiles

_NEGLIGIBLE = 1e-16
_GRADING = 2.0 ** -np.arange(1, 13)  # extra panel edges near a window end, in units of the arm's scale


@dataclass(frozen=True)
class _PairIntegrals:
    """For M problems: the narrow arm's panel edges, and the other arm.

    ``ratio`` marks problems about log(x_i / x_c); the others are about x_i - x_c. With z(x) the
    other arm's value that puts the statistic at s (x e^s, x + s, ...), the CDF is
    integral f_n(x) F_o(z(x)) dx. F_o(z) is 0 below z = 0 and 1 above z = 1 (a rate), so the
    integrand has kinks there; the rule integrates only over the window where 0 < z(x) < 1
    (its panels clipped there and graded towards the ends, where F_o may have a root
    singularity) and adds the narrow arm's exact mass above the window.
    """

    fam: Family
    ratio: np.ndarray  # (M, 1) bool
    narrow_is_control: np.ndarray  # (M, 1) bool
    breaks: np.ndarray  # (M, B) the narrow arm's own panel edges in t
    x: np.ndarray  # (M, N) the narrow arm's rate at the nodes of its own rule
    wdens: np.ndarray  # (M, N) weight * density there, normalised to integrate to exactly 1
    scale: np.ndarray  # (M, 1) the narrow arm's curvature scale in t
    a_narrow: np.ndarray  # (M, 1)
    b_narrow: np.ndarray
    a_other: np.ndarray
    b_other: np.ndarray
    bounded: bool  # rates live in [0, 1] (Beta); counts per exposure only above 0 (Gamma)

    def cdf_pdf(self, s: np.ndarray, rows: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """CDF and density of each problem's statistic at s, for the problems ``rows`` (all by default).

        Problems whose window holds all of the narrow arm's mass (large samples, the usual case)
        reuse the arm's fixed rule; only the others get a clipped, graded rule at this s.
        """
        rows = np.arange(len(s)) if rows is None else rows
        shift = np.where(self.narrow_is_control[rows], 1.0, -1.0) * s[:, None]
        t_lo, t_hi = self._window(self.ratio[rows], shift)
        clipped = ((t_lo > self.breaks[rows, :1]) | (t_hi < self.breaks[rows, -1:]))[:, 0]
        prob, density = np.empty(len(rows)), np.empty(len(rows))
        whole = ~clipped
        if whole.any():
            r = rows[whole]
            prob[whole], density[whole] = self._integrate(r, shift[whole], self.x[r], self.wdens[r], 0.0)
        if clipped.any():
            r = rows[clipped]
            x, wdens, above = self._clipped_rule(r, t_lo[clipped], t_hi[clipped])
            prob[clipped], density[clipped] = self._integrate(r, shift[clipped], x, wdens, above)
        return prob, density

    def _integrate(self, rows: np.ndarray, shift: np.ndarray, x: np.ndarray, wdens: np.ndarray,
                   above: Real) -> tuple[np.ndarray, np.ndarray]:
        fam, ratio = self.fam, self.ratio[rows]
        a_o, b_o = self.a_other[rows], self.b_other[rows]
        # nodes carrying under 1e-16 of the narrow arm's mass cannot move the sums: skip them
        keep = wdens > _NEGLIGIBLE
        r = np.nonzero(keep)[0]
        w = wdens[keep]
        a_o, b_o = np.broadcast_to(a_o, keep.shape)[keep], np.broadcast_to(b_o, keep.shape)[keep]
        with np.errstate(over="ignore"):
            z = np.where(ratio[r, 0], x[keep] * np.exp(shift[r, 0]), x[keep] + shift[r, 0])
        other_cdf = np.bincount(r, w * fam.cdf_x(a_o, b_o, z), minlength=len(rows)) + above
        prob = np.where(self.narrow_is_control[rows, 0], other_cdf, 1.0 - other_cdf)
        with np.errstate(under="ignore", invalid="ignore", over="ignore"):
            density = np.exp(fam.logpdf_x(a_o, b_o, z))
        density = np.where(ratio[r, 0], density * z, density)  # d z / d s is z for z = x e^{+-s}
        return np.clip(prob, 0.0, 1.0), np.bincount(r, w * np.nan_to_num(density), minlength=len(rows))

    def _clipped_rule(self, rows: np.ndarray, t_lo: np.ndarray, t_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Nodes, weighted densities and the mass above the window, for windows that cut the arm."""
        fam = self.fam
        a_n, b_n = self.a_narrow[rows], self.b_narrow[rows]
        t, w = self._rule(self.breaks[rows], self.scale[rows], t_lo, t_hi)
        with np.errstate(under="ignore", over="ignore"):
            wdens = w * np.exp(fam.logpdf_t(a_n, b_n, t))
        inside = fam.cdf_t(a_n, b_n, t_hi) - fam.cdf_t(a_n, b_n, t_lo)
        total = wdens.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            wdens = np.where(total > 0, wdens * inside / total, 0.0)  # the rule integrates f_n exactly
        return fam.x_of_t(t), wdens, 1.0 - fam.cdf_t(a_n, b_n, t_hi)[:, 0]

    def _window(self, ratio: np.ndarray, shift: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The t range of the narrow arm where the other arm's CDF is neither 0 nor 1."""
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            x_lo = np.where(ratio, 0.0, -shift)
            x_hi = np.where(ratio, np.exp(-shift), 1.0 - shift) if self.bounded else np.full_like(shift, np.inf)
            t_lo = np.where(x_lo > 0, self.fam.t_of_x(np.maximum(x_lo, 1e-300)), -np.inf)
            t_hi = np.where(x_hi < 1, self.fam.t_of_x(np.clip(x_hi, 1e-300, 1.0)), np.inf) if self.bounded else x_hi
        return t_lo, t_hi

    @staticmethod
    def _rule(breaks: np.ndarray, scale: np.ndarray, t_lo: np.ndarray, t_hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Gauss-Legendre nodes on the arm's panels clipped to [t_lo, t_hi], graded near both ends."""
        lo = np.clip(t_lo, breaks[:, :1], breaks[:, -1:])
        hi = np.clip(t_hi, lo, breaks[:, -1:])
        graded = np.concatenate([lo + scale * _GRADING, hi - scale * _GRADING], axis=1)
        edges = np.sort(np.concatenate([np.clip(breaks, lo, hi), np.clip(graded, lo, hi), lo, hi], axis=1), axis=1)
        return gauss_legendre(edges)


def _pair_integrals(fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ratio: np.ndarray) -> _PairIntegrals:
    var_i = np.where(ratio, fam.log_cumulants(a_i, b_i)[1], fam.var(a_i, b_i))
    var_c = np.where(ratio, fam.log_cumulants(a_c, b_c)[1], fam.var(a_c, b_c))
    narrow_c = var_c <= var_i
    a_n, b_n = np.where(narrow_c, a_c, a_i), np.where(narrow_c, b_c, b_i)
    a_o, b_o = np.where(narrow_c, a_i, a_c), np.where(narrow_c, b_i, b_c)
    def col(v: Real) -> Real:
        return v[:, None]
    breaks = arm_breaks(fam, a_n, b_n)
    t, w = gauss_legendre(breaks)
    with np.errstate(under="ignore"):
        wdens = w * np.exp(fam.logpdf_t(col(a_n), col(b_n), t))
    wdens /= wdens.sum(axis=1, keepdims=True)
    return _PairIntegrals(
        fam, col(ratio), col(narrow_c), breaks, fam.x_of_t(t), wdens, col(fam.scale_t(a_n, b_n)),
        col(a_n), col(b_n), col(a_o), col(b_o), fam.bounded,
    )


def _moments(fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def _problems(a_i: Real, b_i: Real, a_c: Real, b_c: Real, per_pair: int) -> list[np.ndarray]:
    return [np.repeat(np.ravel(np.asarray(x, float)), per_pair) for x in (a_i, b_i, a_c, b_c)]


def lift_intervals(fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real,
                   ci_level: float = 0.95) -> tuple[np.ndarray, ...]:
    """Equal-tailed intervals of relative and absolute lift of each variant over control.

    Returns (rel_low, rel_high, abs_low, abs_high), each shaped like ``a_i``.
    """
    shape = np.shape(a_i)
    pairs = int(np.prod(shape))
    tail = (1.0 - ci_level) / 2
    ai, bi, ac, bc = _problems(a_i, b_i, a_c, b_c, 4)
    q = np.tile([tail, 1.0 - tail, tail, 1.0 - tail], pairs)
    ratio = np.tile([True, True, False, False], pairs)
    integrals = _pair_integrals(fam, ai, bi, ac, bc, ratio=ratio)
    s = solve_quantiles(integrals.cdf_pdf, q, *_moments(fam, ai, bi, ac, bc, ratio=ratio)).reshape(pairs, 4)
    rel = np.expm1(s[:, :2])
    return tuple(v.reshape(shape) for v in (rel[:, 0], rel[:, 1], s[:, 2], s[:, 3]))


def prob_ratio_within(fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real, rope: float) -> np.ndarray:
    """P(1 - rope < x_i / x_c < 1 + rope): how sure we are the difference is too small to matter."""
    shape = np.shape(a_i)
    pairs = int(np.prod(shape))
    ai, bi, ac, bc = _problems(a_i, b_i, a_c, b_c, 2)
    integrals = _pair_integrals(fam, ai, bi, ac, bc, ratio=np.ones(2 * pairs, dtype=bool))
    cdf, _ = integrals.cdf_pdf(np.tile(np.log([1.0 - rope, 1.0 + rope]), pairs))
    cdf = cdf.reshape(pairs, 2)
    within: np.ndarray = np.clip(cdf[:, 1] - cdf[:, 0], 0.0, 1.0).reshape(shape)
    return within

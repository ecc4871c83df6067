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
# Arms whose smaller shape parameter exceeds NEAR_NORMAL are close to normal in t: a Gauss-Hermite
# rule centred on the mode with HERMITE_NODES nodes matches the panelled rule to ~1e-10 there
# (tests/experiments/test_exp_lift.py checks it) at half the cost in incomplete-beta calls.
NEAR_NORMAL = 100.0
HERMITE_NODES = 24
_HERMITE = np.polynomial.hermite_e.hermegauss(HERMITE_NODES)


@dataclass(frozen=True)
class _PairIntegrals:
    """For M problems: the narrow arm's panel edges, and the other arm.

    ``ratio`` marks problems about log(x_i / x_c); the others are about x_i - x_c. With z(x) the
    other arm's value that puts the statistic at s (x e^s, x + s, ...), the CDF is
    integral f_n(x) F_o(z(x)) dx. F_o(z) is 0 below z = 0 and 1 above z = 1 (a rate), so the
    integrand has kinks there; the rule integrates only over the window where 0 < z(x) < 1
    (its panels clipped there and graded towards the ends, where F_o may have a root
    singularity) and adds the narrow arm's exact mass above the window.
    Problems that differ only in the quantile share one row of the arrays: ``src`` maps each
    problem to its row.
    """

    fam: Family
    src: np.ndarray  # (M,) problem -> row
    ratio: np.ndarray  # (R, 1) bool
    narrow_is_control: np.ndarray  # (R, 1) bool
    breaks: np.ndarray  # (R, B) the narrow arm's own panel edges in t
    x: np.ndarray  # (R, N) the narrow arm's rate at the nodes of its own rule
    wdens: np.ndarray  # (R, N) weight * density there, normalised to integrate to exactly 1
    scale: np.ndarray  # (R, 1) the narrow arm's curvature scale in t
    a_narrow: np.ndarray  # (R, 1)
    b_narrow: np.ndarray
    a_other: np.ndarray
    b_other: np.ndarray
    norm_other: np.ndarray  # (R, 1) log normalising constant of the other arm's density
    smooth_other: np.ndarray  # (R, 1) the other density and its slope are bounded (no root singularity)
    bounded: bool  # rates live in [0, 1] (Beta); counts per exposure only above 0 (Gamma)

    def cdf_pdf(
        self, s: np.ndarray, rows: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CDF, density and the density's slope of each problem's statistic at s, for ``rows``.

        Problems whose window holds all of the narrow arm's mass (large samples, the usual case)
        reuse the arm's fixed rule; only the others get a clipped, graded rule at this s. The
        slope is NaN where it is not trusted (clipped windows, singular other densities).
        """
        with np.errstate(all="ignore"):  # tails under- and overflow to 0 and inf by design
            return self._cdf_pdf(s, rows)

    def _cdf_pdf(
        self, s: np.ndarray, rows: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = self.src if rows is None else self.src[rows]
        shift = np.where(self.narrow_is_control[rows], 1.0, -1.0) * s[:, None]
        t_lo, t_hi = self._window(self.ratio[rows], shift)
        clipped = ((t_lo > self.breaks[rows, :1]) | (t_hi < self.breaks[rows, -1:]))[:, 0]
        prob, density, slope = np.empty(len(rows)), np.empty(len(rows)), np.full(len(rows), np.nan)
        whole = ~clipped
        if whole.any():
            r = rows[whole]
            prob[whole], density[whole], sl = self._integrate(r, shift[whole], self.x[r], self.wdens[r], 0.0)
            slope[whole] = np.where(self.smooth_other[r, 0], sl, np.nan)
        if clipped.any():
            r = rows[clipped]
            x, wdens, above = self._clipped_rule(r, t_lo[clipped], t_hi[clipped])
            prob[clipped], density[clipped], _ = self._integrate(r, shift[clipped], x, wdens, above)
        return prob, density, slope

    def _integrate(self, rows: Real, shift: Real, x: Real, wdens: Real, above: Real) -> Real:
        fam, ratio = self.fam, self.ratio[rows]
        # nodes carrying under 1e-16 of the narrow arm's mass cannot move the sums: skip them
        keep = wdens > _NEGLIGIBLE
        r = np.nonzero(keep)[0]
        w = wdens[keep]
        a_o, b_o = self.a_other[rows, 0][r], self.b_other[rows, 0][r]
        is_ratio = ratio[r, 0]
        z = np.where(is_ratio, x[keep] * np.exp(shift[r, 0]), x[keep] + shift[r, 0])
        other_cdf = np.bincount(r, w * fam.cdf_x(a_o, b_o, z), minlength=len(rows)) + above
        narrow_c = self.narrow_is_control[rows, 0]
        prob = np.where(narrow_c, other_cdf, 1.0 - other_cdf)
        dens = np.nan_to_num(np.exp(fam.logpdf_x(a_o, b_o, z, self.norm_other[rows, 0][r])))
        x_dlog = fam.x_dlogpdf_x(a_o, b_o, z)
        # d z / d s is +-z for z = x e^{+-s} and +-1 for z = x +- s; the slope is d density / d s
        dens_s = np.where(is_ratio, dens * z, dens)
        slope = np.where(is_ratio, dens_s * (x_dlog + 1.0), dens * x_dlog / z)
        slope = np.where(dens > 0, slope, 0.0)
        sign = np.where(narrow_c, 1.0, -1.0)
        return (
            np.clip(prob, 0.0, 1.0),
            np.bincount(r, w * dens_s, minlength=len(rows)),
            sign * np.bincount(r, w * slope, minlength=len(rows)),
        )

    def _clipped_rule(self, rows: Real, t_lo: Real, t_hi: Real) -> Real:
        """Nodes, weighted densities and the mass above the window, for windows that cut the arm."""
        fam = self.fam
        a_n, b_n = self.a_narrow[rows], self.b_narrow[rows]
        t, w = self._rule(self.breaks[rows], self.scale[rows], t_lo, t_hi)
        wdens = w * np.exp(fam.logpdf_t(a_n, b_n, t))
        inside = fam.cdf_t(a_n, b_n, t_hi) - fam.cdf_t(a_n, b_n, t_lo)
        total = wdens.sum(axis=1, keepdims=True)
        wdens = np.where(total > 0, wdens * inside / total, 0.0)  # the rule integrates f_n exactly
        return fam.x_of_t(t), wdens, 1.0 - fam.cdf_t(a_n, b_n, t_hi)[:, 0]

    def _window(self, ratio: Real, shift: Real) -> Real:
        """The t range of the narrow arm where the other arm's CDF is neither 0 nor 1."""
        x_lo = np.where(ratio, 0.0, -shift)
        t_lo = np.where(x_lo > 0, self.fam.t_of_x(np.maximum(x_lo, 1e-300)), -np.inf)
        if not self.bounded:
            return t_lo, np.full_like(shift, np.inf)
        x_hi = np.where(ratio, np.exp(-shift), 1.0 - shift)
        return t_lo, np.where(x_hi < 1, self.fam.t_of_x(np.clip(x_hi, 1e-300, 1.0)), np.inf)

    @staticmethod
    def _rule(breaks: Real, scale: Real, t_lo: Real, t_hi: Real) -> Real:
        """Gauss-Legendre nodes on the arm's panels clipped to [t_lo, t_hi], graded near both ends."""
        lo = np.clip(t_lo, breaks[:, :1], breaks[:, -1:])
        hi = np.clip(t_hi, lo, breaks[:, -1:])
        graded = np.concatenate([lo + scale * _GRADING, hi - scale * _GRADING], axis=1)
        edges = np.sort(np.concatenate([np.clip(breaks, lo, hi), np.clip(graded, lo, hi), lo, hi], axis=1), axis=1)
        return gauss_legendre(edges)


def arm_rule(fam: Family, a: Real, b: Real, breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights in t of each arm's rule: Gauss-Hermite for near-normal arms, else panelled.

    Rows stay as wide as the panelled rule; a Hermite row's spare nodes sit at its mode with weight 0.
    """
    t, w = gauss_legendre(breaks)
    shapes = np.minimum(a, b) if fam.bounded else np.asarray(a, float)
    normal = shapes > NEAR_NORMAL
    if normal.any() and t.shape[1] >= HERMITE_NODES:
        u, wu = _HERMITE
        mode, scale = fam.mode_t(a[normal], b[normal])[:, None], fam.scale_t(a[normal], b[normal])[:, None]
        t[normal] = mode
        w[normal] = 0.0
        t[normal, :HERMITE_NODES] = mode + scale * u
        w[normal, :HERMITE_NODES] = scale * wu * np.exp(0.5 * u * u)
    return t, w


def _pair_integrals(fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ratio: np.ndarray, src: np.ndarray,
                    narrow_c: np.ndarray | None = None) -> _PairIntegrals:
    if narrow_c is None:
        var_i = np.where(ratio, fam.log_cumulants(a_i, b_i)[1], fam.var(a_i, b_i))
        var_c = np.where(ratio, fam.log_cumulants(a_c, b_c)[1], fam.var(a_c, b_c))
        narrow_c = var_c <= var_i
    a_n: Real = np.where(narrow_c, a_c, a_i)
    b_n: Real = np.where(narrow_c, b_c, b_i)
    a_o: Real = np.where(narrow_c, a_i, a_c)
    b_o: Real = np.where(narrow_c, b_i, b_c)

    def col(v: Real) -> Real:
        return v[:, None]

    # the ratio and the difference of a pair usually integrate over the same arm: one rule per arm
    arms, arm = np.unique(np.stack([a_n, b_n], axis=1), axis=0, return_inverse=True)
    breaks = arm_breaks(fam, arms[:, 0], arms[:, 1])
    t, w = arm_rule(fam, arms[:, 0], arms[:, 1], breaks)
    with np.errstate(under="ignore"):
        wdens = w * np.exp(fam.logpdf_t(arms[:, :1], arms[:, 1:], t))
    wdens /= wdens.sum(axis=1, keepdims=True)
    # nodes that _integrate would skip go to the end of each row, and columns no row uses go
    order = np.argsort(wdens <= _NEGLIGIBLE, axis=1, kind="stable")
    width = max(int((wdens > _NEGLIGIBLE).sum(axis=1).max()), 1)
    t, wdens = (np.take_along_axis(v, order[:, :width], axis=1) for v in (t, wdens))
    arm = arm.ravel()
    smooth = (a_o >= 1) & ((b_o >= 1) | (not fam.bounded))
    return _PairIntegrals(
        fam, src, col(ratio), col(narrow_c), breaks[arm], fam.x_of_t(t)[arm], wdens[arm],
        col(fam.scale_t(a_n, b_n)),
        col(a_n), col(b_n), col(a_o), col(b_o), col(fam.log_norm(a_o, b_o)), col(smooth), fam.bounded,
    )


def _moments(fam: Real, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ratio: np.ndarray) -> Real:
    """Mean, sd, skewness and excess kurtosis of log(x_i/x_c) (ratio) or x_i - x_c, from exact
    cumulants; and whether the control is the narrower arm on that scale."""
    mi, vi, ki = fam.log_cumulants(a_i, b_i)
    mc, vc, kc = fam.log_cumulants(a_c, b_c)
    var_log = vi + vc
    di, dc = fam.var(a_i, b_i), fam.var(a_c, b_c)
    var_diff = di + dc
    k3_diff = fam.skew(a_i, b_i) * di**1.5 - fam.skew(a_c, b_c) * dc**1.5
    k4_diff = fam.kurt(a_i, b_i) * di**2 + fam.kurt(a_c, b_c) * dc**2
    k4_log = fam.log_cumulant4(a_i, b_i) + fam.log_cumulant4(a_c, b_c)
    mean = np.where(ratio, mi - mc, fam.mean(a_i, b_i) - fam.mean(a_c, b_c))
    var = np.where(ratio, var_log, var_diff)
    skew = np.where(ratio, (ki - kc) / var_log**1.5, k3_diff / var_diff**1.5)
    kurt = np.where(ratio, k4_log / var_log**2, k4_diff / var_diff**2)
    narrow_c = np.where(ratio, vc <= vi, dc <= di)
    return (mean, np.sqrt(var), skew, kurt), narrow_c


def _problems(a_i: Real, b_i: Real, a_c: Real, b_c: Real, per_pair: int) -> Real:
    return [np.repeat(np.ravel(np.asarray(x, float)), per_pair) for x in (a_i, b_i, a_c, b_c)]


def lift_intervals(fam: Real, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ci_level: float = 0.95) -> Real:
    """Equal-tailed intervals of relative and absolute lift of each variant over control.

    Returns (rel_low, rel_high, abs_low, abs_high), each shaped like ``a_i``. Each pair is two
    distributions (ratio, difference) with two quantiles each; the rule and moments of a
    distribution are built once and shared by its two quantiles.
    """
    shape = np.shape(a_i)
    pairs = int(np.prod(shape))
    tail = (1.0 - ci_level) / 2
    ai, bi, ac, bc = _problems(a_i, b_i, a_c, b_c, 2)
    ratio = np.tile([True, False], pairs)
    src = np.repeat(np.arange(2 * pairs), 2)
    moments, narrow_c = _moments(fam, ai, bi, ac, bc, ratio=ratio)
    integrals = _pair_integrals(fam, ai, bi, ac, bc, ratio=ratio, src=src, narrow_c=narrow_c)
    q = np.tile([tail, 1.0 - tail], 2 * pairs)
    moments = [m[src] for m in moments]
    s = solve_quantiles(integrals.cdf_pdf, q, *moments).reshape(pairs, 4)
    rel = np.expm1(s[:, :2])
    return tuple(v.reshape(shape) for v in (rel[:, 0], rel[:, 1], s[:, 2], s[:, 3]))


def prob_ratio_within(fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real, rope: float) -> np.ndarray:
    """P(1 - rope < x_i / x_c < 1 + rope): how sure we are the difference is too small to matter."""
    shape = np.shape(a_i)
    pairs = int(np.prod(shape))
    ai, bi, ac, bc = _problems(a_i, b_i, a_c, b_c, 1)
    src = np.repeat(np.arange(pairs), 2)
    integrals = _pair_integrals(fam, ai, bi, ac, bc, ratio=np.ones(pairs, dtype=bool), src=src)
    cdf, _, _ = integrals.cdf_pdf(np.tile(np.log([1.0 - rope, 1.0 + rope]), pairs))
    cdf = cdf.reshape(pairs, 2)
    within: np.ndarray = np.clip(cdf[:, 1] - cdf[:, 0], 0.0, 1.0).reshape(shape)
    return within

"""Exact distribution of a variant's lift over control: absolute (x_i - x_c) and relative (x_i / x_c - 1).

The ratio of two small-sample rates is strongly skewed, so its interval is read off the real
distribution, not a symmetric normal. P(x_i - x_c <= d) is a 1-D integral of one arm's density
times the other's CDF; we integrate over whichever posterior is narrower (on the scale that
matters: log for ratios, linear for differences), where the other CDF is smooth. Quantiles come
from ``roots.solve_quantiles`` on that CDF, started from a Cornish-Fisher guess built from exact
cumulants. The ROPE probability is the ratio's CDF at 1 +- rope, on the same integrals. The
other arm's CDF at a row of nodes comes from ``cdf_walk.cdf_ascending`` (five special-function
calls a row in batches).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .cdf_walk import cdf_ascending
from .posteriors import Family, Real
from .quadrature import arm_breaks, gauss_legendre, rule_groups
from .roots import solve_quantiles

_NEGLIGIBLE = 1e-16  # weight * density under which a node cannot move a sum
_DEDUPE_FROM = 64  # distributions in a call from which their narrow arms are deduplicated
SMOOTH_AT_CUT = 3.0  # the other arm's shape from which its density vanishes smoothly where a window is cut
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
    Problems that differ only in the quantile share one row of the arrays: ``src`` maps each
    problem to its row.
    """

    fam: Family
    src: np.ndarray  # (M,) problem -> row
    ratio: np.ndarray  # (R, 1) bool
    narrow_is_control: np.ndarray  # (R, 1) bool
    breaks: np.ndarray  # (R, B) the narrow arm's own panel edges in t
    rules: tuple[tuple[np.ndarray, np.ndarray], ...]  # per rule width: (x, wdens) of its arms, (G, N)
    rule: np.ndarray  # (R,) which of ``rules`` the row's narrow arm uses
    slot: np.ndarray  # (R,) and its row there
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
        slope is NaN where it is not trusted (singular other densities, and windows cut where the
        other density does not vanish smoothly).
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
        for g, (x, wdens) in enumerate(self.rules):
            sel = np.flatnonzero(~clipped & (self.rule[rows] == g))
            if sel.size:
                r, slot = rows[sel], self.slot[rows[sel]]
                prob[sel], density[sel], sl = self._integrate(r, shift[sel], x[slot], wdens[slot], 0.0)
                slope[sel] = np.where(self.smooth_other[r, 0], sl, np.nan)
        if clipped.any():
            r, lo, hi = rows[clipped], t_lo[clipped], t_hi[clipped]
            x, wdens, above = self._clipped_rule(r, lo, hi)
            prob[clipped], density[clipped], sl = self._integrate(r, shift[clipped], x, wdens, above)
            # where the window cuts the arm, the other density must vanish smoothly for the slope
            # to be the integral's alone (no term from the moving end): a_o >= 3 at 0, b_o >= 3 at 1
            smooth_lo = (lo <= self.breaks[r, :1]) | (self.a_other[r] >= SMOOTH_AT_CUT)
            smooth_hi = (hi >= self.breaks[r, -1:]) | (self.b_other[r] >= SMOOTH_AT_CUT)
            slope[clipped] = np.where((smooth_lo & smooth_hi)[:, 0], sl, np.nan)
        return prob, density, slope

    def _integrate(self, rows: Real, shift: Real, x: Real, wdens: Real, above: Real) -> Real:
        """CDF, density and slope for problems ``rows`` on nodes x (ascending) with weights wdens."""
        fam, ratio, narrow_c = self.fam, self.ratio[rows], self.narrow_is_control[rows, 0]
        a_o, b_o = self.a_other[rows], self.b_other[rows]
        z = np.where(ratio, x * np.exp(shift), x + shift)
        other_cdf = (wdens * cdf_ascending(fam, a_o, b_o, z)).sum(axis=1) + above
        prob = np.where(narrow_c, other_cdf, 1.0 - other_cdf)
        dens = np.exp(fam.logpdf_x(a_o, b_o, z, self.norm_other[rows]))
        x_dlog = fam.x_dlogpdf_x(a_o, b_o, z)
        # d z / d s is +-z for z = x e^{+-s} and +-1 for z = x +- s; the slope is d density / d s
        dens_s = np.where(ratio, dens * z, dens)
        slope = np.where(ratio, dens_s * (x_dlog + 1.0), dens * x_dlog / z)
        slope = np.where(dens > 0, slope, 0.0)
        sign = np.where(narrow_c, 1.0, -1.0)
        return np.clip(prob, 0.0, 1.0), (wdens * dens_s).sum(axis=1), sign * (wdens * slope).sum(axis=1)

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
        """Gauss-Legendre nodes on the arm's panels clipped to [t_lo, t_hi], graded towards the ends
        that cut it (where the other arm's CDF starts or stops changing)."""
        lo = np.clip(t_lo, breaks[:, :1], breaks[:, -1:])
        hi = np.clip(t_hi, lo, breaks[:, -1:])
        cut_lo, cut_hi = lo > breaks[:, :1], hi < breaks[:, -1:]
        if (cut_lo & cut_hi).any():
            graded = np.concatenate([lo + scale * _GRADING, hi - scale * _GRADING], axis=1)
        else:  # one cut end per row (the usual case): half the graded panels
            graded = np.where(cut_lo, lo + scale * _GRADING, hi - scale * _GRADING)
        edges = np.sort(np.concatenate([np.clip(breaks, lo, hi), np.clip(graded, lo, hi), lo, hi], axis=1), axis=1)
        return gauss_legendre(edges)


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
    if len(a_n) > _DEDUPE_FROM:
        arms, arm = np.unique(a_n + 1j * b_n, return_inverse=True)  # 1-D unique: far cheaper than axis=0
    else:  # one analysis: building a rule twice costs less than finding the duplicate
        arms, arm = a_n + 1j * b_n, np.arange(len(a_n))
    breaks = arm_breaks(fam, arms.real, arms.imag)
    rules, rule, slot = _arm_rules(fam, arms.real, arms.imag, breaks)
    arm = arm.ravel()
    smooth = (a_o >= 1) & ((b_o >= 1) | (not fam.bounded))
    return _PairIntegrals(
        fam, src, col(ratio), col(narrow_c), breaks[arm], rules, rule[arm], slot[arm],
        col(fam.scale_t(a_n, b_n)),
        col(a_n), col(b_n), col(a_o), col(b_o), col(fam.log_norm(a_o, b_o)), col(smooth), fam.bounded,
    )


def _arm_rules(
    fam: Family, a: Real, b: Real, breaks: np.ndarray
) -> tuple[tuple[tuple[np.ndarray, np.ndarray], ...], np.ndarray, np.ndarray]:
    """Each arm's nodes as rates, ascending, and weight * density there normalised to sum to 1,
    grouped by rule width; and each arm's group and row in it. Columns that carry under 1e-16
    of the mass in every row of a group are dropped from its ends."""
    rule, slot = np.empty(len(a), dtype=int), np.empty(len(a), dtype=int)
    rules = []
    for g, (rows, t, w) in enumerate(rule_groups(fam, a, b, breaks)):
        with np.errstate(under="ignore"):
            wdens = w * np.exp(fam.logpdf_t(a[rows, None], b[rows, None], t))
        wdens /= wdens.sum(axis=1, keepdims=True)
        used = np.flatnonzero((wdens > _NEGLIGIBLE).any(axis=0))
        cols = slice(used[0], used[-1] + 1)
        rules.append((fam.x_of_t(t[:, cols]), wdens[:, cols]))
        rule[rows], slot[rows] = g, np.arange(len(rows))
    return tuple(rules), rule, slot


def _moments(fam: Real, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ratio: np.ndarray) -> Real:
    """Mean, sd, skewness and excess kurtosis of log(x_i/x_c) (ratio) or x_i - x_c, from exact
    cumulants; and whether the control is the narrower arm on that scale."""
    a, b = np.stack([a_i, a_c]), np.stack([b_i, b_c])  # every cumulant in one call for both arms
    (mi, mc), (vi, vc), (ki, kc) = fam.log_cumulants(a, b)
    var_log = vi + vc
    di, dc = fam.var(a, b)
    var_diff = di + dc
    third, fourth = fam.skew(a, b) * np.array([di, dc]) ** 1.5, fam.kurt(a, b) * np.array([di, dc]) ** 2
    k3_diff, k4_diff = third[0] - third[1], fourth[0] + fourth[1]
    k4 = fam.log_cumulant4(a, b)
    k4_log = k4[0] + k4[1]
    means = fam.mean(a, b)
    mean = np.where(ratio, mi - mc, means[0] - means[1])
    var = np.where(ratio, var_log, var_diff)
    skew = np.where(ratio, (ki - kc) / var_log**1.5, k3_diff / var_diff**1.5)
    kurt = np.where(ratio, k4_log / var_log**2, k4_diff / var_diff**2)
    narrow_c = np.where(ratio, vc <= vi, dc <= di)
    return (mean, np.sqrt(var), skew, kurt), narrow_c


def _within(cdf: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """P(inside the band) from the CDF at its two ends, pair by pair."""
    ends = cdf.reshape(-1, 2)
    within: np.ndarray = np.clip(ends[:, 1] - ends[:, 0], 0.0, 1.0).reshape(shape)
    return within


def _problems(a_i: Real, b_i: Real, a_c: Real, b_c: Real, per_pair: int) -> Real:
    return [np.asarray(x, float).ravel().repeat(per_pair) for x in (a_i, b_i, a_c, b_c)]


LiftIntervals = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def lift_and_rope(
    fam: Family, a_i: Real, b_i: Real, a_c: Real, b_c: Real, ci_level: float | None = 0.95, rope: float = 0.0
) -> tuple[LiftIntervals | None, np.ndarray | None]:
    """Lift intervals of each variant over control, and how sure we are its lift is negligible.

    Intervals (when ``ci_level`` is given) are equal-tailed, of relative and absolute lift:
    (rel_low, rel_high, abs_low, abs_high). With ``rope`` > 0, also P(1 - rope < x_i / x_c <
    1 + rope). Each shaped like ``a_i``. Each pair is up to two distributions (the ratio, and
    the difference for intervals), whose rules and moments are built once and shared by their
    quantiles and the rope band.
    """
    shape = np.shape(a_i)
    pairs = math.prod(shape)
    kinds = 1 if ci_level is None else 2  # distributions per pair: the ratio, then the difference
    ai, bi, ac, bc = _problems(a_i, b_i, a_c, b_c, kinds)
    ratio = np.tile(np.array([True, False][:kinds]), pairs)
    src = np.repeat(np.arange(kinds * pairs), 2)  # two problems (quantiles, or rope ends) per distribution
    moments, narrow_c = _moments(fam, ai, bi, ac, bc, ratio=ratio) if ci_level is not None else (None, None)
    integrals = _pair_integrals(fam, ai, bi, ac, bc, ratio=ratio, src=src, narrow_c=narrow_c)
    rope_points = None
    if rope > 0:  # the ratio's CDF at both ends of the band
        ratio_problems = ((2 * kinds) * np.arange(pairs)[:, None] + np.arange(2)).ravel()
        rope_points = np.tile(np.log([1.0 - rope, 1.0 + rope]), pairs), ratio_problems
    if ci_level is None:
        assert rope_points is not None, "ask for intervals, a rope, or both"
        return None, _within(integrals.cdf_pdf(*rope_points)[0], shape)
    tail = (1.0 - ci_level) / 2
    q = np.tile([tail, 1.0 - tail], 2 * pairs)
    assert moments is not None
    mean, sd, skew, kurt = (m[src] for m in moments)
    s, rope_cdf = solve_quantiles(integrals.cdf_pdf, q, mean, sd, skew, kurt, also=rope_points)
    s = s.reshape(pairs, 4)
    within = None if rope_cdf is None else _within(rope_cdf, shape)
    ends = np.concatenate([np.expm1(s[:, :2]), s[:, 2:]], axis=1).T.reshape(4, *shape)  # relative, then absolute
    return (ends[0], ends[1], ends[2], ends[3]), within

"""Exact Bayesian comparison of 2-10 arms: probability to be best, expected loss, intervals.

For arms with independent posteriors and CDFs F_j:

    P(arm i is best)       = integral f_i(x) * prod_{j != i} F_j(x) dx
    E[max_j x_j]           = sum_i integral x f_i(x) * prod_{j != i} F_j(x) dx
    expected loss of arm i = E[max_j x_j] - E[x_i]       (what choosing i gives up, on average)
    P(i beats control c)   = integral f_i(x) F_c(x) dx

Each is a 1-D integral, evaluated with the panelled Gauss-Legendre rule of ``quadrature`` in the
unbounded coordinate t (two arms have a cheaper exact form, see ``_two_arms``). No simulation: answers agree with 50-digit references to ~1e-10 and
never move between runs. Everything is vectorised over a leading axis of experiments, so
10,000 experiments cost one numpy pass.

Numbers in (posterior parameters), frozen numbers out; numpy and scipy only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from . import quadrature
from .cdf_walk import cdf_ascending
from .lift import lift_and_rope
from .posteriors import FAMILIES, Family, Posterior
from .roots import solve_quantiles


def _frozen(x: np.ndarray) -> np.ndarray:
    x = np.ascontiguousarray(x)
    x.flags.writeable = False
    return x


@dataclass(frozen=True)
class BatchComparison:
    """Results for E experiments of k arms each; every array is (E, k) and read-only.

    ``prob_beat_control`` and the lift arrays are NaN in the control's column. Lift arrays and
    ``prob_in_rope`` are None unless asked for. ``log_mean`` and ``log_var`` are the exact mean and
    variance of each arm's log rate, from which ``decision`` builds its sequential evidence.
    """

    control: int
    ci_level: float
    mean: np.ndarray
    ci_low: np.ndarray | None  # None when asked for without intervals (the planner's simulations)
    ci_high: np.ndarray | None
    prob_best: np.ndarray
    prob_beat_control: np.ndarray
    expected_loss: np.ndarray
    lift_rel_low: np.ndarray | None = None
    lift_rel_high: np.ndarray | None = None
    lift_abs_low: np.ndarray | None = None
    lift_abs_high: np.ndarray | None = None
    prob_in_rope: np.ndarray | None = None
    log_mean: np.ndarray | None = None
    log_var: np.ndarray | None = None


@dataclass(frozen=True)
class ArmComparison:
    """One arm of a single comparison; lift fields and prob_beat_control are None for the control."""

    mean: float
    ci_low: float
    ci_high: float
    prob_best: float
    prob_beat_control: float | None
    expected_loss: float
    lift_rel: float | None
    lift_rel_low: float | None
    lift_rel_high: float | None
    lift_abs: float | None
    lift_abs_low: float | None
    lift_abs_high: float | None
    prob_in_rope: float | None


@dataclass(frozen=True)
class Comparison:
    family: str
    control: int
    ci_level: float
    arms: tuple[ArmComparison, ...]
    batch: BatchComparison  # the same numbers as a one-row batch, for ``decision.decide``


def _prod_excluding(F: np.ndarray) -> np.ndarray:
    """prod_{j != i} F_j along axis 1 from prefix and suffix products (no division: F can be 0)."""
    ones = np.ones_like(F[:, :1])
    prefix = np.cumprod(np.concatenate([ones, F[:, :-1]], axis=1), axis=1)
    suffix = np.cumprod(np.concatenate([ones, F[:, :0:-1]], axis=1), axis=1)[:, ::-1]
    return prefix * suffix


def _normalised(dens: np.ndarray) -> np.ndarray:
    """Scale each arm's quadrature weights so its density integrates to exactly 1 on the nodes.

    The rule's error on the density itself (largest for Gumbel-shaped zero- or all-success
    posteriors) is then divided out of every integral taken against it.
    """
    scaled: np.ndarray = dens / dens.sum(axis=-1, keepdims=True)
    return scaled


def _k_arms(fam: Family, a: np.ndarray, b: np.ndarray, control: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """P(best), expected loss and P(beat control) on the union of every arm's panels."""
    t, w = quadrature.gauss_legendre(quadrature.union_breaks(fam, a, b))
    a3, b3, t3 = a[..., None], b[..., None], t[:, None, :]
    with np.errstate(under="ignore"):
        dens = np.exp(fam.logpdf_t(a3, b3, t3)) * w[:, None, :]  # (E, k, N)
    dens = _normalised(dens)
    F = fam.cdf_t(a3, b3, t3)
    others = _prod_excluding(F)
    prob_best = (dens * others).sum(axis=-1)
    # sum_i f_i prod_{j != i} F_j is the derivative of prod_j F_j, so the P(best) sum to exactly 1;
    # dividing by the rule's sum removes its common error (identical arms get exactly 1/k)
    prob_best /= prob_best.sum(axis=1, keepdims=True)
    x_dens = dens * fam.x_of_t(t3)
    e_max = (x_dens * others).sum(axis=(1, 2))
    # E[max] - E[x_i] with E[x_i] integrated on the same nodes: the leader's own term cancels
    # exactly, so a tiny loss is not swamped by the quadrature error of a large mean.
    loss = np.maximum(e_max[:, None] - x_dens.sum(axis=-1), 0.0)
    beat = (dens * F[:, control : control + 1, :]).sum(axis=-1)
    return prob_best, loss, beat


def _two_arms(fam: Family, a: np.ndarray, b: np.ndarray, mean: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(best) and expected loss of two arms, integrating over the narrower arm only.

    With n the narrower arm and o the other, on n's own rule (``quadrature.rule_groups``):
      P(x_o > x_n)      = integral f_n S_o
      E[(x_o - x_n)^+]  = integral f_n [(m_o - x) S_o(x) + m_o g_o(x)]   (loss of choosing n)
      E[(x_n - x_o)^+]  = integral f_n [(x - m_o) F_o(x) + m_o g_o(x)]   (loss of choosing o)
    where g_o = I_x(a, b) - I_x(a + 1, b) = f_o(t) / a_o (the incomplete beta and gamma
    recurrences), so E[x_o 1{x_o > x}] = m_o (S_o + g_o) needs no second special function.
    """
    scale = fam.scale_t(a, b)
    narrow_first = scale[:, 0] <= scale[:, 1]
    n = np.where(narrow_first, 0, 1)
    rows = np.arange(len(n))
    a_n, b_n, a_o, b_o = a[rows, n], b[rows, n], a[rows, 1 - n], b[rows, 1 - n]
    m_o = mean[rows, 1 - n]
    sums = np.empty((4, len(n)))  # P(n best), P(o best), loss of choosing n, loss of choosing o
    for r, t, w in quadrature.rule_groups(fam, a_n, b_n):
        ao, bo, mo = a_o[r, None], b_o[r, None], m_o[r, None]
        with np.errstate(under="ignore"):
            dens = _normalised(np.exp(fam.logpdf_t(a_n[r, None], b_n[r, None], t)) * w)
            g_o = np.exp(fam.logpdf_t(ao, bo, t)) / ao
        x = fam.x_of_t(t)
        F_o = cdf_ascending(fam, ao, bo, x)
        S_o = 1.0 - F_o
        sums[:, r] = [
            (dens * F_o).sum(axis=1),
            (dens * S_o).sum(axis=1),
            (dens * ((mo - x) * S_o + mo * g_o)).sum(axis=1),
            (dens * ((x - mo) * F_o + mo * g_o)).sum(axis=1),
        ]
    p_n, p_o, loss_n, loss_o = sums
    prob_best, loss = np.empty_like(a), np.empty_like(a)
    prob_best[rows, n], prob_best[rows, 1 - n] = p_n, p_o
    loss[rows, n], loss[rows, 1 - n] = loss_n, loss_o
    return prob_best, np.maximum(loss, 0.0)


_DIRECT_QUANTILES = 32


def _rate_quantiles(fam: Family, a: np.ndarray, b: np.ndarray, q: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """Two quantiles of each posterior in one solve, in t where the density is log-concave.

    A few arms (one analysis) go straight to the special function's own inverse: for them the
    solver's per-call overhead costs more than the inversions it saves.
    """
    shape = a.shape
    if a.size <= _DIRECT_QUANTILES:
        qs = np.asarray(q, float)
        x = fam.quantile(a[..., None], b[..., None], qs)
        return x[..., 0], x[..., 1]
    a, b = np.repeat(a.ravel(), 2), np.repeat(b.ravel(), 2)

    def cdf_pdf(t: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a_r, b_r = a[rows], b[rows]
        with np.errstate(under="ignore"):
            pdf = np.exp(fam.logpdf_t(a_r, b_r, t))
        return fam.cdf_t(a_r, b_r, t), pdf, pdf * fam.dlogpdf_t(a_r, b_r, t)

    mean, var, k3 = fam.t_cumulants(a, b)
    sd = np.sqrt(var)
    kurt = fam.t_cumulant4(a, b) / (var * var)
    t, _ = solve_quantiles(cdf_pdf, np.tile(np.asarray(q, float), a.size // 2), mean, sd, k3 / sd**3, kurt)
    x = fam.x_of_t(t).reshape(*shape, 2)
    return x[..., 0], x[..., 1]


def compare_batch(
    family: str,
    a: ArrayLike,
    b: ArrayLike,
    control: int = 0,
    ci_level: float = 0.95,
    rope: float = 0.0,
    lift: bool = False,
    intervals: bool = True,
) -> BatchComparison:
    """Compare the arms of E experiments at once; ``a`` and ``b`` are (E, k) posterior parameters.

    ``intervals=False`` skips the rate intervals (``ci_low``/``ci_high`` are then None).
    """
    fam = FAMILIES[family]
    a = np.atleast_2d(np.asarray(a, dtype=float))
    b = np.atleast_2d(np.asarray(b, dtype=float))
    if a.shape != b.shape or a.shape[1] < 2:
        raise ValueError("a and b must both be (experiments, arms) with at least 2 arms")
    if not (a.min() > 0 and b.min() > 0 and a.max() < np.inf and b.max() < np.inf):  # NaN fails every test
        raise ValueError("posterior parameters must be positive and finite")
    E, k = a.shape
    mean = fam.mean(a, b)
    if k == 2:
        prob_best, expected_loss = _two_arms(fam, a, b, mean)
        beat = prob_best.copy()
    else:
        prob_best, expected_loss, beat = _k_arms(fam, a, b, control)
    beat[:, control] = np.nan
    tail = (1.0 - ci_level) / 2
    ci_low, ci_high = _rate_quantiles(fam, a, b, (tail, 1.0 - tail)) if intervals else (None, None)

    extra: dict[str, np.ndarray] = {}
    extra["log_mean"], extra["log_var"], _ = fam.log_cumulants(a, b)
    variants = [i for i in range(k) if i != control]
    ac = np.repeat(a[:, control : control + 1], k - 1, axis=1)
    bc = np.repeat(b[:, control : control + 1], k - 1, axis=1)
    av, bv = a[:, variants], b[:, variants]
    if lift or rope > 0:
        lifts, within = lift_and_rope(fam, av, bv, ac, bc, ci_level if lift else None, rope)
        if lifts is not None:
            names = ("lift_rel_low", "lift_rel_high", "lift_abs_low", "lift_abs_high")
            for name, values in zip(names, lifts, strict=True):
                extra[name] = _with_control_nan(values, control, E, k)
        if within is not None:
            extra["prob_in_rope"] = _with_control_nan(within, control, E, k)
    return BatchComparison(
        control=control,
        ci_level=ci_level,
        mean=_frozen(mean),
        ci_low=None if ci_low is None else _frozen(ci_low),
        ci_high=None if ci_high is None else _frozen(ci_high),
        prob_best=_frozen(prob_best),
        prob_beat_control=_frozen(beat),
        expected_loss=_frozen(expected_loss),
        **{name: _frozen(v) for name, v in extra.items()},
    )


def _with_control_nan(values: np.ndarray, control: int, E: int, k: int) -> np.ndarray:
    out = np.full((E, k), np.nan)
    out[:, [i for i in range(k) if i != control]] = values
    return out


def compare(
    posteriors: Sequence[Posterior], control: int = 0, ci_level: float = 0.95, rope: float = 0.0
) -> Comparison:
    """Compare one experiment's arms (2-10, one family), with lift intervals against ``control``."""
    families = {p.family for p in posteriors}
    if len(families) != 1:
        raise ValueError("all arms of a comparison must share one posterior family")
    family = families.pop()
    a = np.array([[p.a for p in posteriors]])
    b = np.array([[p.b for p in posteriors]])
    r = compare_batch(family, a, b, control=control, ci_level=ci_level, rope=rope, lift=True)
    m_c = r.mean[0, control]
    arms = []
    for i in range(len(posteriors)):
        is_control = i == control

        def pick(arr: np.ndarray | None, i: int = i, is_control: bool = is_control) -> float | None:
            return None if arr is None or is_control else float(arr[0, i])

        arms.append(
            ArmComparison(
                mean=float(r.mean[0, i]),
                ci_low=float(r.ci_low[0, i]),  # type: ignore[index]
                ci_high=float(r.ci_high[0, i]),  # type: ignore[index]
                prob_best=float(r.prob_best[0, i]),
                prob_beat_control=pick(r.prob_beat_control),
                expected_loss=float(r.expected_loss[0, i]),
                lift_rel=None if is_control else float(r.mean[0, i] / m_c - 1.0),
                lift_rel_low=pick(r.lift_rel_low),
                lift_rel_high=pick(r.lift_rel_high),
                lift_abs=None if is_control else float(r.mean[0, i] - m_c),
                lift_abs_low=pick(r.lift_abs_low),
                lift_abs_high=pick(r.lift_abs_high),
                prob_in_rope=pick(r.prob_in_rope),
            )
        )
    return Comparison(family=family, control=control, ci_level=ci_level, arms=tuple(arms), batch=r)

"""Partial pooling across experiments: what one creative attribute does to a metric.

The model, for one attribute (say the angle) and one metric. Each experiment ``e`` compares
treatment arms ``k`` with its own control. On the log-odds scale (log-rate for count metrics) the
observed contrast is

    y_ek = m_ek - m_e0,   m = E[logit p | arm data] under a uniform Beta(1, 1) prior,

with the exact posterior moments ``psi(a) - psi(b)`` and variance ``psi1(a) + psi1(b)``
(``psi(a) - log b`` and ``psi1(a)`` for a Gamma rate). The control's noise is shared by all the
contrasts of one experiment, so their covariance is ``v_e0 * 11' + diag(v_ek)``. Then

    y_ek = beta[c, level(e,k)] - beta[c, level(e,0)] + eta_ek + noise,
    eta_ek ~ N(0, tau^2)                how much the same change differs from test to test,
    beta[c, L] = mu[L] + delta[c, L]    a level's effect in a cell (platform, language) is its
    mu[L] ~ N(0, shared^2)              common effect plus the cell's own deviation;
    delta[c, L] ~ N(0, sigma^2)         the reference level's beta is 0.

Baselines cancel in the contrast, so experiments with very different rates pool cleanly. The
three scales get half-normal priors (scale 0.1 on the log-odds scale) and half of the prior
belief sits on "the attribute changes nothing" (every beta 0). All are integrated out on a grid:
at each grid point the posterior of beta is exactly normal (GLS with a ridge), and each effect's
posterior is the mixture of those normals weighted by the exact marginal likelihood. Shrinking
effects towards each other and towards 0 by amounts the data choose, and weighing "no effect at
all", is what keeps a dozen attribute levels from producing chance winners.

Pure numpy/scipy; frozen results.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special as sc

BETA = "beta"
GAMMA = "gamma"
TAU_MAX = 0.5  # grid ends, five prior scales out
SIGMA_MAX = 0.5
GRID = 15
GRID_FLOATS = 4e6
# Half-normal priors on the three scales (log-odds): copy changes that move a rate by more than
# ~20% between tests are rare. Half of the prior belief says the attribute changes nothing at all.
SIGMA_SCALE = 0.1
SHARED_SCALE = 0.1
TAU_SCALE = 0.1
NO_EFFECT_PRIOR = 0.5
CI_LEVEL = 0.8


@dataclass(frozen=True)
class Arm:
    """One variant's totals and its level of the attribute being studied."""

    level: str
    successes: float
    trials: float


@dataclass(frozen=True)
class Trial:
    """One experiment, reduced to what the model needs: its cell and arms (control first)."""

    experiment_id: int
    cell: tuple[str, str]  # (platform, language)
    arms: tuple[Arm, ...]


@dataclass(frozen=True)
class Effect:
    """The posterior of one level against the reference level in one cell.

    ``lift`` values are relative changes of the metric (0.09 = +9%) at the cell's pooled
    baseline; ``log_mean``/``log_sd`` are on the model's scale (log-odds or log-rate).
    """

    cell: tuple[str, str]
    level: str
    reference: str
    lift: float  # posterior median
    lift_low: float
    lift_high: float
    prob_helps: float  # P(level beats the reference)
    log_mean: float
    log_sd: float
    experiments: int  # experiments comparing this level with another one in this cell
    trials: float  # exposure (impressions, clicks...) of the arms with this level


@dataclass(frozen=True)
class Pooled:
    """Every effect of one attribute, and what the hyper-parameters came out as."""

    reference: str
    effects: tuple[Effect, ...]
    tau: float  # posterior mean
    sigma: float  # spread of one level's effect between cells (given the attribute matters)
    shared: float  # spread of the levels' common effects
    prob_matters: float  # posterior probability that the attribute moves the metric at all
    experiments: int
    ci_level: float


def arm_moments(family: str, successes, trials) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and variance of logit p (Beta) or log rate (Gamma) under a flat prior."""
    s = np.asarray(successes, float)
    n = np.asarray(trials, float)
    if family == BETA:
        a, b = 1.0 + s, 1.0 + n - s
        return sc.digamma(a) - sc.digamma(b), sc.polygamma(1, a) + sc.polygamma(1, b)
    a = 1.0 + s
    return sc.digamma(a) - np.log(n), sc.polygamma(1, a)


def relative_lift(family: str, log_effect, baseline: float):
    """A log-odds (or log-rate) change as a relative change of the rate at ``baseline``."""
    x = np.asarray(log_effect, float)
    if family == BETA and 0 < baseline < 1:
        return sc.expit(sc.logit(baseline) + x) / baseline - 1.0
    return np.expm1(x)


def _half_normal_grid(scale: float, top: float, start: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Grid points (denser near 0, where the posterior usually sits) and normalised prior weights."""
    x = start + (top - start) * np.linspace(0.0, 1.0, n) ** 2
    width = np.gradient(x)
    w = np.exp(-0.5 * (x / scale) ** 2) * width
    return x, w / w.sum()


def _connected(pairs: list[tuple[str, str]], reference: str) -> set[str]:
    """Levels linked to the reference through some experiment (others are not identified)."""
    seen, frontier = {reference}, [reference]
    while frontier:
        node = frontier.pop()
        for a, b in pairs:
            for x, y in ((a, b), (b, a)):
                if x == node and y not in seen:
                    seen.add(y)
                    frontier.append(y)
    return seen


def _mixture_quantiles(w: np.ndarray, mu: np.ndarray, sd: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """Quantiles (Q, P) of sum_g w_g N(mu_g, sd_g) for each of P effects, by vectorised bisection."""
    q = np.asarray(qs, float)[:, None]
    a = np.broadcast_to((mu - 8 * sd).min(axis=0), (len(q), mu.shape[1])).copy()
    b = np.broadcast_to((mu + 8 * sd).max(axis=0), a.shape).copy()
    for _ in range(45):  # 16 sd / 2^45: far below any printed digit
        mid = (a + b) / 2
        cdf = np.einsum("g,gqp->qp", w, sc.ndtr((mid[None] - mu[:, None]) / sd[:, None]))
        below = cdf < q
        a, b = np.where(below, mid, a), np.where(below, b, mid)
    return (a + b) / 2


def pool(
    trials: Sequence[Trial],
    family: str = BETA,
    reference: str | None = None,
    ci_level: float = CI_LEVEL,
) -> Pooled | None:
    """Fit the hierarchical model to every experiment that compares two levels; None without any."""
    trials = [t for t in trials if len(t.arms) >= 2 and all(a.trials > 0 for a in t.arms)]
    if reference is None:
        counts: dict[str, int] = {}
        for t in trials:
            counts[t.arms[0].level] = counts.get(t.arms[0].level, 0) + 1
        if not counts:
            return None
        reference = max(sorted(counts), key=counts.__getitem__)
    # Identified parameters: per cell, the levels linked to the reference.
    params: list[tuple[tuple[str, str], str]] = []
    for cell in sorted({t.cell for t in trials}):
        pairs = [(a.level, t.arms[0].level) for t in trials if t.cell == cell for a in t.arms[1:]]
        linked = _connected(pairs, reference)
        params += [(cell, lv) for lv in sorted(linked - {reference})]
    index = {p: i for i, p in enumerate(params)}
    used = [t for t in trials if all(a.level == reference or (t.cell, a.level) in index for a in t.arms)]
    if not params or not used:
        return None
    E, K, P = len(used), max(len(t.arms) for t in used) - 1, len(params)
    y = np.zeros((E, K))
    v = np.ones((E, K))
    v0 = np.zeros(E)
    mask = np.zeros((E, K))
    X = np.zeros((E, K, P))
    succ = np.array([[a.successes for a in t.arms] + [0.0] * (K + 1 - len(t.arms)) for t in used])
    tri = np.array([[a.trials for a in t.arms] + [1.0] * (K + 1 - len(t.arms)) for t in used])
    m, var = arm_moments(family, np.minimum(succ, tri) if family == BETA else succ, tri)
    for e, t in enumerate(used):
        v0[e] = var[e, 0]
        for k, arm in enumerate(t.arms[1:]):
            y[e, k] = m[e, k + 1] - m[e, 0]
            v[e, k] = var[e, k + 1]
            mask[e, k] = 1.0
            if arm.level != reference:
                X[e, k, index[(t.cell, arm.level)]] += 1.0
            if t.arms[0].level != reference:
                X[e, k, index[(t.cell, t.arms[0].level)]] -= 1.0
    levels = sorted({lv for _, lv in params})
    Z = np.array([[1.0 if lv == level else 0.0 for level in levels] for _, lv in params])  # (P, L)
    # Many cells x values make the (T, S, R, P, P) arrays big: coarsen the grid to stay near 32 MB.
    n = int(min(GRID, max(5, (GRID_FLOATS / P**2) ** (1 / 3))))
    taus, w_tau = _half_normal_grid(TAU_SCALE, TAU_MAX, 0.0, n)
    sigmas, w_sigma = _half_normal_grid(SIGMA_SCALE, SIGMA_MAX, SIGMA_MAX / 400, n)
    shared, w_shared = _half_normal_grid(SHARED_SCALE, SIGMA_MAX, 0.0, n)
    # V_e(tau) for every tau at once: (T, E, K, K); padded slots are an identity block.
    eye = np.eye(K)
    V = (
        (v0[:, None, None] * mask[:, :, None] * mask[:, None, :])[None]
        + (np.where(mask > 0, v, 1.0)[:, :, None] * eye)[None]
        + (taus**2)[:, None, None, None] * (mask[:, :, None] * eye)[None]
    )
    Vinv = np.linalg.inv(V)
    logdetV = np.linalg.slogdet(V)[1].sum(axis=1)
    M = np.einsum("ekp,tekl,elq->tpq", X, Vinv, X)
    bvec = np.einsum("ekp,tekl,el->tp", X, Vinv, y)
    c = np.einsum("ek,tekl,el->t", y, Vinv, y)
    # Prior covariance of beta for every (sigma, shared): (S, R, P, P).
    Sigma = (sigmas**2)[:, None, None, None] * np.eye(P) + (shared**2)[None, :, None, None] * (Z @ Z.T)
    Sinv = np.linalg.inv(Sigma)
    logdetS = np.linalg.slogdet(Sigma)[1]
    A = M[:, None, None] + Sinv[None]  # (T, S, R, P, P)
    Ainv = np.linalg.inv(A)
    logdetA = np.linalg.slogdet(A)[1]
    mu = np.einsum("tsrpq,tq->tsrp", Ainv, bvec)
    quad = c[:, None, None] - np.einsum("tsrp,tp->tsr", mu, bvec)
    loglik = -0.5 * (quad + logdetV[:, None, None] + logdetA + logdetS[None])
    spike = -0.5 * (c + logdetV)  # the attribute changes nothing: every beta is 0
    prior = np.log(w_tau)[:, None, None] + np.log(w_sigma)[None, :, None] + np.log(w_shared)[None, None, :]
    logpost = np.concatenate([
        spike + np.log(w_tau) + np.log(NO_EFFECT_PRIOR),
        (loglik + prior).reshape(-1) + np.log(1 - NO_EFFECT_PRIOR),
    ])
    wf = np.exp(logpost - logpost.max())
    wf /= wf.sum()
    T = len(taus)
    mu_f = np.concatenate([np.zeros((T, P)), mu.reshape(-1, P)])
    sd_f = np.sqrt(np.concatenate([np.full((T, P), 1e-24), np.einsum("tsrpp->tsrp", Ainv).reshape(-1, P)]))
    w_grid = wf[T:].reshape(loglik.shape)
    tail = (1 - ci_level) / 2
    keep = wf > 1e-12 * wf.max()  # the posterior sits on a small part of the grid
    qs = _mixture_quantiles(wf[keep], mu_f[keep], sd_f[keep], (tail, 0.5, 1 - tail))
    prob = (wf[:, None] * sc.ndtr(mu_f / sd_f)).sum(axis=0)
    mean = (wf[:, None] * mu_f).sum(axis=0)
    second = (wf[:, None] * (sd_f**2 + mu_f**2)).sum(axis=0)
    effects = []
    for j, (cell, level) in enumerate(params):
        in_cell = [t for t in used if t.cell == cell]
        base_num = sum(t.arms[0].successes for t in in_cell)
        base_den = sum(t.arms[0].trials for t in in_cell)
        baseline = base_num / base_den if base_den else 0.0
        lo, med, hi = relative_lift(family, qs[:, j], baseline)
        effects.append(
            Effect(
                cell=cell,
                level=level,
                reference=reference,
                lift=float(med),
                lift_low=float(lo),
                lift_high=float(hi),
                prob_helps=float(prob[j]),
                log_mean=float(mean[j]),
                log_sd=float(np.sqrt(max(second[j] - mean[j] ** 2, 0.0))),
                experiments=sum(1 for t in in_cell if any(a.level == level for a in t.arms)),
                trials=float(sum(a.trials for t in in_cell for a in t.arms if a.level == level)),
            )
        )
    return Pooled(
        reference=reference,
        effects=tuple(effects),
        tau=float((wf[:T] * taus).sum() + (w_grid.sum(axis=(1, 2)) * taus).sum()),
        sigma=float((w_grid.sum(axis=(0, 2)) * sigmas).sum() / max(w_grid.sum(), 1e-300)),
        shared=float((w_grid.sum(axis=(0, 1)) * shared).sum() / max(w_grid.sum(), 1e-300)),
        prob_matters=float(w_grid.sum()),
        experiments=len(used),
        ci_level=ci_level,
    )

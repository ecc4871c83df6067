"""How long until a decision is likely, and how to split next period's budget.

Days to decision has no closed form (the rule looks at the data every day and stops early), so
we simulate the very rule ``decision.decide_batch`` applies: seeded, with the Monte Carlo error
reported beside every number. The budget split needs no simulation: Thompson sampling sends
each unit of budget to arm i with probability P(arm i is best), which we compute exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .bayes import compare_batch
from .decision import SHIP_WINNER, STOP_NO_DIFFERENCE, VERDICTS, DecisionRule, decide_batch
from .posteriors import BETA, default_prior


@dataclass(frozen=True)
class DaysPlan:
    """Simulated outcome of running the test with the given traffic.

    ``days_likely`` is the first day by which at least ``target`` of the simulated tests had
    decided (None if that never happened within ``max_days``); ``days_interval`` is its 95%
    interval from order statistics. Probabilities carry their Monte Carlo standard errors.
    """

    simulations: int
    seed: int
    target: float
    max_days: int
    days_likely: int | None
    days_interval: tuple[int | None, int | None]
    median_days: float | None
    prob_decision: float
    prob_decision_se: float
    prob_ship_lifted: float
    prob_ship_lifted_se: float
    prob_no_difference: float
    decided_by_day: tuple[float, ...]


def plan_days(
    family: str,
    baseline: float,
    lift: float,
    daily_traffic: float,
    arms: int = 2,
    rule: DecisionRule = DecisionRule(),
    split: Sequence[float] | None = None,
    max_days: int = 60,
    simulations: int = 400,
    seed: int = 0,
    target: float = 0.8,
) -> DaysPlan:
    """Simulate tests where arm 1 is better than control by ``lift`` (relative) and others equal it.

    ``daily_traffic`` is the day's total exposure (impressions, clicks, reach or spend: the
    metric's denominator), divided by ``split`` (even by default).
    """
    if not 2 <= arms <= 10:
        raise ValueError("arms must be between 2 and 10")
    if baseline <= 0 or (family == BETA and baseline * (1 + lift) >= 1):
        raise ValueError("baseline and baseline * (1 + lift) must be rates above 0 (and below 1 for a rate)")
    if daily_traffic <= 0 or max_days < 1 or simulations < 10:
        raise ValueError("daily_traffic must be positive, max_days at least 1 and simulations at least 10")
    weights = np.full(arms, 1.0 / arms) if split is None else np.asarray(split, float) / np.sum(split)
    per_day = daily_traffic * weights
    if family == BETA:
        per_day = np.maximum(np.round(per_day), 1.0)  # whole impressions or clicks
    rates = np.full(arms, baseline)
    rates[1] = baseline * (1 + lift)
    prior = default_prior(family)
    rng = np.random.default_rng(seed)

    successes = np.zeros((simulations, arms))
    exposure = np.zeros((simulations, arms))
    day_decided = np.full(simulations, np.inf)
    verdict = np.zeros(simulations, dtype=int)
    winner = np.full(simulations, -1)
    for day in range(1, max_days + 1):
        active = np.isinf(day_decided)
        if not active.any():
            break
        n_active = int(active.sum())
        if family == BETA:
            new = rng.binomial(per_day.astype(np.int64), rates, size=(n_active, arms))
        else:
            new = rng.poisson(per_day * rates, size=(n_active, arms))
        successes[active] += new
        exposure[active] += per_day
        s, n = successes[active], exposure[active]
        if family == BETA:
            a, b = prior.alpha + s, prior.beta + n - s
        else:
            a, b = prior.alpha + s, prior.beta + n
        result = compare_batch(family, a, b, ci_level=rule.ci_level, rope=rule.rope)
        v, w, _ = decide_batch(result, n, rule)
        decided = v != 0
        idx = np.flatnonzero(active)[decided]
        day_decided[idx] = day
        verdict[idx] = v[decided]
        winner[idx] = w[decided]

    finished = np.isfinite(day_decided)
    by_day = tuple(float(np.mean(day_decided <= d)) for d in range(1, max_days + 1))
    p_dec = float(finished.mean())
    shipped_lifted = (verdict == VERDICTS.index(SHIP_WINNER)) & (winner == 1)
    p_ship = float(shipped_lifted.mean())
    return DaysPlan(
        simulations=simulations,
        seed=seed,
        target=target,
        max_days=max_days,
        days_likely=_quantile_day(day_decided, target),
        days_interval=_quantile_interval(day_decided, target),
        median_days=float(np.median(day_decided[finished])) if finished.any() else None,
        prob_decision=p_dec,
        prob_decision_se=_se(p_dec, simulations),
        prob_ship_lifted=p_ship,
        prob_ship_lifted_se=_se(p_ship, simulations),
        prob_no_difference=float(np.mean(verdict == VERDICTS.index(STOP_NO_DIFFERENCE))),
        decided_by_day=by_day,
    )


def _se(p: float, n: int) -> float:
    return float(np.sqrt(p * (1 - p) / n))


def _day_or_none(value: float) -> int | None:
    return int(value) if np.isfinite(value) else None


def _quantile_day(days: np.ndarray, q: float) -> int | None:
    ordered = np.sort(days)
    return _day_or_none(ordered[int(np.ceil(q * len(ordered))) - 1])


def _quantile_interval(days: np.ndarray, q: float) -> tuple[int | None, int | None]:
    """Distribution-free 95% interval for the q-quantile: order statistics at binomial ranks."""
    ordered = np.sort(days)
    n = len(ordered)
    lo = int(stats.binom.ppf(0.025, n, q))
    hi = int(stats.binom.ppf(0.975, n, q)) + 1
    return _day_or_none(ordered[max(lo, 1) - 1]), _day_or_none(ordered[min(hi, n) - 1])


@dataclass(frozen=True)
class BudgetSplit:
    shares: tuple[float, ...]
    amounts: tuple[float, ...]


def thompson_split(prob_best: Sequence[float], budget: float, min_share: float = 0.05) -> BudgetSplit:
    """Share of next period's budget per arm: a floor for every arm, the rest by P(best).

    With ``min_share`` = 0 this is exactly Thompson sampling's expected allocation.
    """
    p = np.asarray(prob_best, float)
    k = len(p)
    if budget < 0 or not 0 <= min_share * k <= 1:
        raise ValueError("budget must be >= 0 and min_share * arms at most 1")
    shares = min_share + (1 - min_share * k) * p / p.sum()
    amounts = np.round(shares * budget, 2)
    return BudgetSplit(tuple(float(s) for s in shares), tuple(float(a) for a in amounts))

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
from numpy.typing import ArrayLike
from scipy import stats

from .bayes import compare_batch
from .decision import (
    SHIP_WINNER,
    STOP_NO_DIFFERENCE,
    VERDICTS,
    DecisionRule,
    decide_batch,
)
from .posteriors import BETA, default_prior


@dataclass(frozen=True)
class Simulation:
    """Each simulated test's day of decision (inf if none), verdict index and winner (-1: none)."""

    day: np.ndarray
    verdict: np.ndarray
    winner: np.ndarray

    def share(self, verdict: str, winner: int | None = None) -> float:
        hit = self.verdict == VERDICTS.index(verdict)
        if winner is not None:
            hit &= self.winner == winner
        return float(hit.mean())

    @property
    def median_day(self) -> float | None:
        done = np.isfinite(self.day)
        return float(np.median(self.day[done])) if done.any() else None


def simulate_rule(
    family: str,
    rates: ArrayLike,
    per_day: ArrayLike,
    rule: DecisionRule = DecisionRule(),
    max_days: int = 60,
    simulations: int = 400,
    seed: int = 0,
) -> Simulation:
    """Run ``simulations`` tests day by day, applying ``decide_batch`` after every day, as a
    marketer who checks daily would. ``rates`` and ``per_day`` (exposure per arm per day) are
    per arm; binomial draws for rates, Poisson for counts; default priors (as ``quick``)."""
    rates = np.asarray(rates, float)
    per_day = np.broadcast_to(np.asarray(per_day, float), rates.shape).copy()
    arms = len(rates)
    if family == BETA:
        per_day = np.maximum(np.round(per_day), 1.0)  # whole impressions or clicks
    prior = default_prior(family)
    rng = np.random.default_rng(seed)
    successes = np.zeros((simulations, arms))
    exposure = np.zeros((simulations, arms))
    day_decided = np.full(simulations, np.inf)
    verdict = np.zeros(simulations, dtype=int)
    winner = np.full(simulations, -1)
    for day in range(1, max_days + 1):
        active = np.flatnonzero(np.isinf(day_decided))
        if not len(active):
            break
        if family == BETA:
            new = rng.binomial(per_day.astype(np.int64), rates, size=(len(active), arms))
        else:
            new = rng.poisson(per_day * rates, size=(len(active), arms))
        successes[active] += new
        exposure[active] += per_day
        s, n = successes[active], exposure[active]
        a = prior.alpha + s
        b = prior.beta + (n - s if family == BETA else n)
        result = compare_batch(family, a, b, ci_level=rule.ci_level, rope=rule.rope, intervals=False)
        v, w, _ = decide_batch(result, n, rule)
        decided = v != 0
        idx = active[decided]
        day_decided[idx] = day
        verdict[idx] = v[decided]
        winner[idx] = w[decided]
    return Simulation(day_decided, verdict, winner)


@dataclass(frozen=True)
class DaysPlan:
    """Simulated outcome of running the test with the given traffic, checked every day.

    ``days_likely`` is the first day by which at least ``target`` of the simulated tests with
    the lift had decided (None if that never happened within ``max_days``); ``days_interval`` is
    its 95% interval from order statistics. The ``aa_`` numbers come from the same number of
    A/A tests (every arm at the baseline): how often the rule names a false winner at this
    traffic, and how often it ends "no meaningful difference". Probabilities carry their Monte
    Carlo standard errors.
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
    prob_ship_worse: float
    prob_no_difference: float
    aa_false_winner: float
    aa_false_winner_se: float
    aa_no_difference: float
    aa_median_days: float | None
    decided_by_day: tuple[float, ...]


def plan_days(
    family: str,
    baseline: float,
    lift: float,
    daily_per_variant: float,
    arms: int = 2,
    rule: DecisionRule = DecisionRule(),
    split: Sequence[float] | None = None,
    max_days: int = 60,
    simulations: int = 400,
    seed: int = 0,
    target: float = 0.8,
) -> DaysPlan:
    """Simulate tests where arm 1 is better than control by ``lift`` (relative) and others equal
    it, and as many A/A tests.

    ``daily_per_variant`` is one variant's daily exposure (impressions, clicks, reach or spend:
    the metric's denominator) under an even split; ``split`` gives other relative weights.
    """
    if not 2 <= arms <= 10:
        raise ValueError("arms must be between 2 and 10")
    if baseline <= 0 or (family == BETA and baseline * (1 + lift) >= 1) or lift <= -1:
        raise ValueError("baseline and baseline * (1 + lift) must be rates above 0 (and below 1 for a rate)")
    if not daily_per_variant > 0 or max_days < 1 or simulations < 10:
        raise ValueError("daily traffic must be positive, max_days at least 1 and simulations at least 10")
    weights = np.ones(arms) if split is None else np.asarray(split, float) * arms / np.sum(split)
    per_day = daily_per_variant * weights
    rates = np.full(arms, baseline)
    rates[1] = baseline * (1 + lift)
    lifted = simulate_rule(family, rates, per_day, rule, max_days, simulations, seed)
    aa = simulate_rule(family, np.full(arms, baseline), per_day, rule, max_days, simulations, seed + 1)

    day_decided = lifted.day
    finished = np.isfinite(day_decided)
    p_dec = float(finished.mean())
    p_ship = lifted.share(SHIP_WINNER, 1)
    aa_false = aa.share(SHIP_WINNER)
    return DaysPlan(
        simulations=simulations,
        seed=seed,
        target=target,
        max_days=max_days,
        days_likely=_quantile_day(day_decided, target),
        days_interval=_quantile_interval(day_decided, target),
        median_days=lifted.median_day,
        prob_decision=p_dec,
        prob_decision_se=_se(p_dec, simulations),
        prob_ship_lifted=p_ship,
        prob_ship_lifted_se=_se(p_ship, simulations),
        prob_ship_worse=lifted.share(SHIP_WINNER) - p_ship,
        prob_no_difference=lifted.share(STOP_NO_DIFFERENCE),
        aa_false_winner=aa_false,
        aa_false_winner_se=_se(aa_false, simulations),
        aa_no_difference=aa.share(STOP_NO_DIFFERENCE),
        aa_median_days=aa.median_day,
        decided_by_day=tuple(float(np.mean(day_decided <= d)) for d in range(1, max_days + 1)),
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

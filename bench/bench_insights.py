"""Does learning across experiments find what really wins, and only that?

    python bench/bench_insights.py [--reps 200] [--seed 1]

Each repetition simulates a team's history: 40 CTR experiments over X, LinkedIn and Instagram,
each a control (a summary three times in four, otherwise another angle) and 1-3 variants with
other angles, 14 days of 2,000-6,000 impressions per variant a day, daily clicks drawn from the
binomial. Baselines vary between experiments (logit-normal around 1.5%, sd 0.35) and the same
angle's effect varies from test to test (log-normal, sd 0.03). True angle effects against a
summary: question +10% and statistic +5% on X and Instagram, statistic +10% and question +5% on
LinkedIn, every other angle 0. A second history per repetition has no effect at all.

Printed, against the bar of issue 14:
* sign: share of the true effects of at least 5% whose posterior median has the right sign
  (and share of repetitions where all of them do);
* coverage: share of all effects (zeros included) whose 80% interval covers the truth (75-85%);
* null claims: share of no-effect repetitions where some angle gets P(helps) >= 95% (<= 5%);
* the next run's angle order: winner first on each platform, with an exploratory angle;
* A/A false winners of the decision rule with the uniform and with the informed prior.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from toolkit.experiments.bayes import compare_batch
from toolkit.experiments.decision import (
    SHIP_WINNER,
    VERDICTS,
    DecisionRule,
    decide_batch,
)
from toolkit.experiments.posteriors import BETA
from toolkit.insights.explore import AngleEstimate, order_angles
from toolkit.insights.pooling import Arm, Trial, pool
from toolkit.insights.priors import pooled_prior

ANGLES = ("summary", "insight", "question", "statistic", "list", "audience")
PLATFORMS = ("x", "linkedin", "instagram")
TRUTH = {
    "x": {"question": 0.10, "statistic": 0.05},
    "linkedin": {"question": 0.05, "statistic": 0.10},
    "instagram": {"question": 0.10, "statistic": 0.05},
}
WINNER = {"x": "question", "linkedin": "statistic", "instagram": "question"}


def simulate(rng: np.random.Generator, truth: dict, experiments: int = 40, days: int = 14, tau: float = 0.03):
    """One history: Trials with real daily binomial counts summed per arm."""
    out = []
    for e in range(experiments):
        platform = PLATFORMS[e % len(PLATFORMS)]
        control = "summary" if rng.random() < 0.75 else ANGLES[rng.integers(1, len(ANGLES))]
        others = [a for a in ANGLES if a != control]
        arms = [control, *rng.choice(others, size=rng.integers(1, 4), replace=False)]
        base = 1 / (1 + np.exp(-(np.log(0.015 / 0.985) + rng.normal(0, 0.35))))
        effect = np.array([truth.get(platform, {}).get(a, 0.0) for a in arms])
        rates = base * (1 + effect) / (1 + effect[0])
        rates[1:] *= np.exp(rng.normal(0, tau, len(arms) - 1))
        impressions = np.full((days, len(arms)), rng.integers(2000, 6000))
        clicks = rng.binomial(impressions, rates).sum(axis=0)
        out.append(Trial(e, (platform, "en"), tuple(
            Arm(str(a), float(c), float(n)) for a, c, n in zip(arms, clicks, impressions.sum(axis=0), strict=False))))
    return out


def aa_false_winners(prior, rng: np.random.Generator, tests: int = 2000, days: int = 30, daily: int = 2000) -> float:
    """Share of A/A tests (two identical arms, daily looks) that the rule ends with a winner."""
    base = 1 / (1 + np.exp(-(np.log(0.015 / 0.985) + rng.normal(0, 0.35, tests))))
    clicks = rng.binomial(daily, np.repeat(base[:, None, None], days, 1).repeat(2, 2)).cumsum(axis=1)
    rule = DecisionRule()
    a0, b0 = (1.0, 1.0) if prior is None else (prior.alpha, prior.beta)
    done = np.zeros(tests, bool)
    shipped = np.zeros(tests, bool)
    for d in range(days):
        n = daily * (d + 1)
        c = clicks[:, d, :]
        result = compare_batch(BETA, a0 + c, b0 + n - c)
        verdict, _, _ = decide_batch(result, np.full((tests, 2), float(n)), rule)
        stop = ~done & (verdict != 0)
        shipped |= stop & (verdict == VERDICTS.index(SHIP_WINNER))
        done |= stop
    return float(shipped.mean())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    covered, by_truth, signs, all_signs, null_claims, first, explored = [], {}, [], [], [], [], []
    controls: list[tuple[float, float]] = []
    for _ in range(args.reps):
        history = simulate(rng, TRUTH)
        result = pool(history)
        assert result is not None
        big = []
        for e in result.effects:
            true = TRUTH[e.cell[0]].get(e.level, 0.0)
            hit = e.lift_low <= true <= e.lift_high
            covered.append(hit)
            by_truth.setdefault(true, []).append(hit)
            if true >= 0.05:
                big.append(e.lift > 0)
        signs += big
        all_signs.append(all(big))
        for platform in PLATFORMS:
            estimates = {e.level: AngleEstimate(e.log_mean, e.log_sd) for e in result.effects if e.cell[0] == platform}
            estimates[result.reference] = AngleEstimate(0.0, 0.0)
            order = order_angles(ANGLES, estimates, n=3, seed=len(first))
            first.append((platform, order[0] == WINNER[platform], TRUTH[platform].get(order[0], 0) > 0))
            best_known = sorted(estimates, key=lambda a: -estimates[a].mean)[:2]
            explored.append(any(a not in best_known for a in order))
        controls = [(t.arms[0].successes, t.arms[0].trials) for t in history]
        null = pool(simulate(rng, {}))
        null_claims.append(null is not None and any(e.prob_helps >= 0.95 for e in null.effects))
    seconds = time.perf_counter() - start
    print(f"{args.reps} repetitions of 40 experiments x 3 platforms (+ as many with no effect): {seconds:.1f} s")
    print(f"sign of effects >= 5% recovered: {np.mean(signs):.1%} of effects, all of them in {np.mean(all_signs):.1%} of repetitions")
    print(f"80% intervals cover the truth: {np.mean(covered):.1%} (bar 75-85%); by true effect: "
          + ", ".join(f"{k:+.0%}: {np.mean(v):.1%}" for k, v in sorted(by_truth.items())))
    print(f"no true effect, some angle claimed helpful (P >= 95%): {np.mean(null_claims):.1%} of repetitions (bar <= 5%)")
    lead = "; ".join(
        f"{p} winner {np.mean([w for q, w, _ in first if q == p]):.0%} (a helpful angle {np.mean([h for q, _, h in first if q == p]):.0%})"
        for p in PLATFORMS)
    print(f"next run (3 captions) leads with: {lead}; an untried or least-known angle included {np.mean(explored):.0%}")
    prior = pooled_prior(BETA, [s for s, _ in controls], [n for _, n in controls])
    aa_rng = np.random.default_rng(args.seed + 7)
    uniform = aa_false_winners(None, aa_rng)
    informed = aa_false_winners(prior, np.random.default_rng(args.seed + 7))
    print(f"informed prior from the last history: Beta({prior.alpha:.3g}, {prior.beta:.3g}); A/A false winners "
          f"within 30 days (2,000 tests, current rule): uniform prior {uniform:.1%}, informed prior {informed:.1%}")


if __name__ == "__main__":
    main()

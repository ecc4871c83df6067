"""How the verdict behaves when a marketer checks it every day, and what one analysis costs.

    python bench/bench_decisions.py [--simulations 2000]

Simulates ad tests as ``toolkit experiment quick`` judges them at its default settings, checked
after every day for 60 days: A/A tests (both ads 1.5% CTR) and tests with a real +10% lift
(1.5% vs 1.65%), at 10,000 and 2,000 impressions per ad per day. The simulation is vectorised
(``planning.simulate_rule``); a sample of simulated days is replayed through ``quick`` itself to
show both give the same verdicts. Bar (issue 11), at 10,000 a day: A/A names a winner in at most
5% of tests; with the lift, at least 90% ship the better ad and at most 1% the worse one.
Then times one 2-arm and one 10-arm analysis and 10,000 experiments in one call with lift
intervals (targets < 1 ms, < 10 ms, < 1 s of CPU).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from bench_experiments import engine_timings  # the same timings, in one place

from toolkit.experiments import compare_batch, quick
from toolkit.experiments.decision import VERDICTS, DecisionRule, decide_batch
from toolkit.experiments.planning import simulate_rule

BASE, LIFTED, DAYS = 0.015, 0.0165, 60


def _scenarios(simulations: int) -> None:
    rule = DecisionRule()
    print(f"Daily checks for {DAYS} days, quick's default rule, {simulations} simulated tests per row")
    print(f"  {'per ad a day':>12}  {'scenario':<14}{'false winner':>13}{'ship better':>12}{'ship worse':>11}"
          f"{'no difference':>14}{'running':>9}{'median day':>11}{'CPU s':>7}")
    for traffic in (10_000, 2_000):
        for name, rates in (("A/A 1.5%", [BASE, BASE]), ("+10% lift", [BASE, LIFTED])):
            start = time.process_time()
            sim = simulate_rule("beta", rates, traffic, rule, DAYS, simulations, seed=11)
            cpu = time.process_time() - start
            ship = sim.share("ship_winner")
            better = sim.share("ship_winner", 1)
            aa = name.startswith("A/A")
            running = float(np.mean(np.isinf(sim.day)))
            day = "-" if sim.median_day is None else f"{sim.median_day:g}"
            print(
                f"  {traffic:>12,}  {name:<14}{(f'{ship:.1%}' if aa else '-'):>13}"
                f"{('-' if aa else f'{better:.1%}'):>12}{('-' if aa else f'{ship - better:.1%}'):>11}"
                f"{sim.share('stop_no_difference'):>14.1%}{running:>9.1%}{day:>11}{cpu:>7.1f}"
            )
    se = np.sqrt(0.05 * 0.95 / simulations)
    print(f"  (Monte Carlo standard error of a 5% share: {se:.1%})")


def _replay_through_quick(paths: int = 12, seed: int = 5) -> None:
    """The vectorised rule and ``quick`` give the same verdict on the same simulated days."""
    rng = np.random.default_rng(seed)
    rule = DecisionRule()
    checked = agree = 0
    for rates in ([BASE, BASE], [BASE, LIFTED]):
        clicks = np.cumsum(rng.binomial(10_000, rates, size=(paths, DAYS, 2)), axis=1).astype(float)
        shown = np.arange(1, DAYS + 1)[None, :, None] * 10_000.0 * np.ones((paths, 1, 2))
        a, b = 1 + clicks.reshape(-1, 2), 1 + (shown - clicks).reshape(-1, 2)
        batch = compare_batch("beta", a, b, rope=rule.rope, intervals=False)
        verdicts, winners, _ = decide_batch(batch, shown.reshape(-1, 2), rule)
        for i in range(0, paths * DAYS, 7):  # every 7th simulated day
            counts = {"A": (clicks.reshape(-1, 2)[i, 0], 10_000.0 * (i % DAYS + 1)),
                      "B": (clicks.reshape(-1, 2)[i, 1], 10_000.0 * (i % DAYS + 1))}
            result = quick(counts)
            expected_winner = None if winners[i] < 0 else "AB"[winners[i]]
            agree += (result.verdict, result.winner) == (VERDICTS[verdicts[i]], expected_winner)
            checked += 1
    print(f"Replayed through quick(): {agree} of {checked} simulated days give the same verdict and winner")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--simulations", type=int, default=2000)
    args = parser.parse_args()
    _scenarios(args.simulations)
    _replay_through_quick()
    engine_timings()


if __name__ == "__main__":
    main()

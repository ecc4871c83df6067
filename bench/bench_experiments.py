"""Benchmark of the exact Bayesian engine, side by side with the `bayesian-testing` package.

    python bench/bench_experiments.py

Prints CPU-time medians of one 2-arm analysis as a verdict runs it (P(best), expected loss,
P(beat control), rate and lift intervals, the ROPE probability), one 10-arm analysis, and
10,000 two-arm experiments in one call with lift intervals, at four sizes of test (targets:
< 1 ms, < 10 ms, < 1 s of CPU); then, for `bayesian-testing` (20,000-draw Monte Carlo, its
default), its time and the error of its answers against our exact ones over several seeds.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from toolkit.experiments import beta_posterior, compare, compare_batch
from toolkit.experiments.decision import DecisionRule

E = 10_000


def _cpu_ms(fn, repeat: int, rounds: int = 1) -> float:
    """CPU time of one call in ms: the median of ``repeat`` calls, after a warm-up call (imports),
    and with ``rounds`` > 1 the fastest such median (timeit's convention: on a shared machine the
    slower rounds measure the neighbours' work, not ours)."""
    fn()
    medians = []
    for _ in range(rounds):
        times = []
        for _ in range(repeat):
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        medians.append(statistics.median(times))
    return min(medians) * 1e3


def _batches(rng: np.random.Generator) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """10,000 two-arm tests of four sizes, as (successes, trials)."""
    shown = rng.integers(10_000, 1_000_000, (E, 1)) * np.ones((1, 2))
    sizes = {
        "ad tests, 1.5% CTR, 10k-1M impressions an ad": (rng.binomial(shown.astype(int), 0.015).astype(float), shown),
    }
    for label, (lo, hi), (n_lo, n_hi) in (
        ("0-300 clicks of 500-20,000 impressions", (0, 300), (500, 20_000)),
        ("5-40 of 200-3,000 (early days)", (5, 40), (200, 3_000)),
        ("0-5 of 20-200 (first hours)", (0, 6), (20, 200)),
    ):
        s = rng.integers(lo, hi, (E, 2)).astype(float)
        sizes[label] = s, s + rng.integers(n_lo, n_hi, (E, 2))
    return sizes


def engine_timings() -> None:
    """The speed targets of issue 11, in CPU time."""
    rng = np.random.default_rng(0)
    rope = DecisionRule().rope
    two = [beta_posterior(s, 1000) for s in (50, 62)]
    ten = [beta_posterior(int(s), 10_000) for s in rng.integers(180, 230, 10)]
    print("Time per analysis (CPU; P(best), expected loss, P(beat control), rate and lift intervals, P(in the ROPE))")
    for label, arms, repeat, target in (("2 arms: ", two, 100, 1), ("10 arms:", ten, 30, 10)):
        median = _cpu_ms(lambda arms=arms: compare(arms, rope=rope), repeat * 3)
        best = _cpu_ms(lambda arms=arms: compare(arms, rope=rope), repeat, rounds=5)
        print(f"  {label} {median:7.3f} ms median of {repeat * 3}; {best:.3f} ms the best of 5 medians (target < {target} ms)")
    print("  10,000 two-arm experiments in one call, with lift intervals (target < 1 s of CPU), median of 3:")
    for label, (s, n) in _batches(rng).items():
        cpu = _cpu_ms(lambda s=s, n=n: compare_batch("beta", 1 + s, 1 + n - s, lift=True), 3) / 1e3
        plain = _cpu_ms(lambda s=s, n=n: compare_batch("beta", 1 + s, 1 + n - s), 3) / 1e3
        print(f"    {label:<48} {cpu:6.2f} s   (without lift intervals {plain:.2f} s)")


def _bt_evaluate(counts, seed):
    from bayesian_testing.experiments import BinaryDataTest

    test = BinaryDataTest()
    for i, (s, n) in enumerate(counts):
        test.add_variant_data_agg(f"v{i}", totals=n, positives=s, a_prior=1, b_prior=1)
    return test.evaluate(seed=seed)


def _compare_with_bayesian_testing(label: str, counts, ours, seeds: int = 10) -> None:
    exact_p = np.array([a.prob_best for a in ours.arms])
    exact_l = np.array([a.expected_loss for a in ours.arms])
    p_err, l_err, times = [], [], []
    for seed in range(seeds):
        start = time.perf_counter()
        res = _bt_evaluate(counts, seed)
        times.append(time.perf_counter() - start)
        p_err.append(np.max(np.abs(np.array([r["prob_being_best"] for r in res]) - exact_p)))
        l_err.append(np.max(np.abs(np.array([r["expected_loss"] for r in res]) - exact_l) / exact_l.max()))
    print(
        f"  bayesian-testing {label}: {statistics.median(times) * 1e3:8.2f} ms median; "
        f"P(best) error vs exact: mean {np.mean(p_err):.1e}, max {np.max(p_err):.1e}; "
        f"expected-loss error (relative to the largest): max {np.max(l_err):.1e}"
    )


def main() -> None:
    engine_timings()
    rng = np.random.default_rng(0)
    two = [(50, 1000), (62, 1000)]
    ten = [(int(s), 10_000) for s in rng.integers(180, 230, 10)]
    print("Side by side: bayesian-testing BinaryDataTest.evaluate (20,000 draws, uniform prior), 10 seeds")
    _compare_with_bayesian_testing("2-arm ", two, compare([beta_posterior(s, n) for s, n in two]))
    _compare_with_bayesian_testing("10-arm", ten, compare([beta_posterior(s, n) for s, n in ten]))
    one = _cpu_ms(lambda: _bt_evaluate(two, 0), 20) / 1e3
    print(f"  bayesian-testing 10,000 two-arm experiments (one at a time, no vectorised API): ~{one * E:.0f} s estimated")


if __name__ == "__main__":
    main()

"""Benchmark of the exact Bayesian engine, side by side with the `bayesian-testing` package.

    python bench/bench_experiments.py

Prints medians of repeated timings and, for `bayesian-testing` (20,000-draw Monte Carlo, its
default), the error of its answers against our exact ones over several seeds. Targets: one
2-arm analysis < 1 ms, one 10-arm analysis < 10 ms, 10,000 two-arm experiments in one
vectorised call < 1 s.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from toolkit.experiments import beta_posterior, compare, compare_batch


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm caches (Gauss-Legendre nodes, imports)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


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
    two = [(50, 1000), (62, 1000)]
    rng = np.random.default_rng(0)
    ten = [(int(s), 10_000) for s in rng.integers(180, 230, 10)]
    two_post = [beta_posterior(s, n) for s, n in two]
    ten_post = [beta_posterior(s, n) for s, n in ten]

    print("Exact engine (toolkit.experiments; P(best), expected loss, P(beat control), rate and lift intervals)")
    t2 = _median_ms(lambda: compare(two_post), 300)
    print(f"  2-arm analysis:  {t2:8.3f} ms median   (target < 1 ms)")
    t10 = _median_ms(lambda: compare(ten_post), 60)
    print(f"  10-arm analysis: {t10:8.3f} ms median   (target < 10 ms)")

    E = 10_000
    s = rng.integers(0, 300, (E, 2)).astype(float)
    n = s + rng.integers(500, 20_000, (E, 2))
    times = []
    for _ in range(3):
        start = time.perf_counter()
        batch = compare_batch("beta", 1 + s, 1 + n - s)
        times.append(time.perf_counter() - start)
    print(
        f"  10,000 two-arm experiments, one vectorised call (P(best), loss, P(beat control), rate intervals): "
        f"{statistics.median(times):.3f} s median of 3 "
        f"(target < 1 s); max |sum P(best) - 1| = {np.max(np.abs(batch.prob_best.sum(axis=1) - 1)):.1e}"
    )
    cpu = []
    for _ in range(3):
        start = time.process_time()
        compare_batch("beta", 1 + s, 1 + n - s, lift=True)
        cpu.append(time.process_time() - start)
    print(f"  the same with lift intervals (relative and absolute): {statistics.median(cpu):.3f} s CPU median of 3 (target < 1 s)")

    print("Side by side: bayesian-testing BinaryDataTest.evaluate (20,000 draws, uniform prior), 10 seeds")
    _compare_with_bayesian_testing("2-arm ", two, compare(two_post))
    _compare_with_bayesian_testing("10-arm", ten, compare(ten_post))
    one = _median_ms(lambda: _bt_evaluate(two, 0), 20) / 1e3
    print(f"  bayesian-testing 10,000 two-arm experiments (one at a time, no vectorised API): ~{one * E:.0f} s estimated")


if __name__ == "__main__":
    main()

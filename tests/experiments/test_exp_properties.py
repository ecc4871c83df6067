"""Statistical invariants, checked on data hypothesis invents (kept small: the machine is slow)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.experiments import compare_batch

trials = st.integers(min_value=0, max_value=2_000_000)
fraction = st.floats(min_value=0, max_value=1)


@st.composite
def beta_arms(draw, min_arms=2, max_arms=6):
    k = draw(st.integers(min_arms, max_arms))
    n = np.array([draw(trials) for _ in range(k)], float)
    s = np.floor(n * np.array([draw(fraction) for _ in range(k)]))
    return 1 + s, 1 + n - s


@settings(max_examples=40, deadline=None)
@given(beta_arms())
def test_probabilities_sum_to_one_and_losses_are_consistent(arms):
    a, b = arms
    r = compare_batch("beta", [a], [b])
    p, loss, mean = r.prob_best[0], r.expected_loss[0], r.mean[0]
    assert np.all((p >= -1e-9) & (p <= 1 + 1e-9))
    # The vectorised path's panels are accurate to ~1e-8 in the worst (zero-success) shapes; the bar is 1e-6.
    assert abs(p.sum() - 1) < 5e-8
    assert np.all(loss >= 0)
    # E[max] - m_i: differences of losses are differences of means
    assert np.allclose(loss[0] - loss, mean - mean[0], atol=1e-9)
    # the arm with the highest mean never has more loss than any other
    assert loss[np.argmax(mean)] <= loss.min() + 1e-9


@settings(max_examples=30, deadline=None)
@given(beta_arms(), st.randoms(use_true_random=False))
def test_permuting_arms_permutes_results(arms, rnd):
    a, b = arms
    order = list(range(len(a)))
    rnd.shuffle(order)
    r1 = compare_batch("beta", [a], [b])
    r2 = compare_batch("beta", [a[order]], [b[order]])
    assert np.allclose(r1.prob_best[0][order], r2.prob_best[0], atol=1e-8)
    assert np.allclose(r1.expected_loss[0][order], r2.expected_loss[0], rtol=1e-6, atol=1e-11)


@settings(max_examples=30, deadline=None)
@given(beta_arms(2, 2))
def test_swapping_two_arms_gives_one_minus_p(arms):
    a, b = arms
    r = compare_batch("beta", [a], [b])
    swapped = compare_batch("beta", [a[::-1]], [b[::-1]])
    assert abs(r.prob_best[0, 1] - (1 - swapped.prob_best[0, 1])) < 1e-8
    assert abs(r.prob_beat_control[0, 1] - r.prob_best[0, 1]) < 1e-15


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 1_000_000), fraction, st.integers(1, 50))
def test_more_successes_never_lowers_the_chance_to_be_best(n, frac, extra):
    s = np.floor(n * frac)
    extra = min(extra, n - s)
    base = compare_batch("beta", [[1 + s, 1 + s]], [[1 + n - s, 1 + n - s]])
    more = compare_batch("beta", [[1 + s, 1 + s + extra]], [[1 + n - s, 1 + n - s - extra]])
    assert more.prob_best[0, 1] >= base.prob_best[0, 1] - 1e-8
    assert abs(base.prob_best[0, 1] - 0.5) < 1e-8


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.floats(1.0, 1e6)), min_size=2, max_size=6))
def test_gamma_arms_sum_to_one(arms):
    a = np.array([[1.0 + c for c, _ in arms]])
    b = np.array([[e for _, e in arms]])
    r = compare_batch("gamma", a, b)
    assert abs(r.prob_best.sum() - 1) < 1e-8
    assert np.all(r.ci_low <= r.mean) and np.all(r.mean <= r.ci_high * (1 + 1e-12))


@settings(max_examples=20, deadline=None)
@given(beta_arms(2, 3))
def test_credible_intervals_hold_their_mass(arms):
    from scipy import special as sc

    a, b = arms
    r = compare_batch("beta", [a], [b], ci_level=0.9)
    assert np.allclose(sc.betainc(a, b, r.ci_low[0]), 0.05, atol=1e-9)
    assert np.allclose(sc.betainc(a, b, r.ci_high[0]), 0.95, atol=1e-9)

"""The batch shortcuts give the special functions' answers: the CDF walk, the polygamma series,
and a batch of two-arm experiments against the same experiments one at a time."""

from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import special as sc

from toolkit.experiments import cdf_walk, compare_batch, quadrature
from toolkit.experiments.posteriors import FAMILIES, _polygamma


@st.composite
def walks(draw):
    """Points ascending along a row, as the integrals use them: one arm's own rule, shifted, and
    the other arm's CDF wanted there (the other arm as narrow as this one, far wider, or
    narrower, as in a difference of rates far apart)."""
    family = draw(st.sampled_from(["beta", "gamma"]))
    fam = FAMILIES[family]
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a = 10 ** rng.uniform(-0.5, 6.0, 1)
    b = a * 10 ** rng.uniform(0.0, 4.0, 1) if family == "beta" else 10 ** rng.uniform(-2.0, 6.0, 1)
    shrink = np.exp(draw(st.sampled_from([0.0, -rng.uniform(0.0, 4.0), rng.uniform(0.0, 2.0)])))
    a_o, b_o = a * shrink, b * shrink
    (_, t, _), *_ = quadrature.rule_groups(fam, a, b)
    x = fam.x_of_t(t)
    sd = np.sqrt(fam.var(a_o, b_o))
    shift = rng.normal(0.0, 2.0) * sd
    z = x * np.exp(shift / fam.mean(a_o, b_o)) if draw(st.booleans()) else x + shift
    if fam.bounded:
        z = np.clip(z, 0.0, 1.0)
    return fam, a_o[:, None], b_o[:, None], z


_NEAR_A_MILLION = np.array([[1012778.2990029, 1013953.96489935, 1014943.36988482, 1015840.49680179,
                             1016681.43838527, 1017485.09710906, 1018263.17087531, 1019023.77666425,
                             1019773.08697825, 1020516.19609314]])


@settings(max_examples=150, deadline=None)
@given(walks())
@example((FAMILIES["gamma"], np.array([[1134743.40446547]]), np.array([[1.10967686]]), _NEAR_A_MILLION))
def test_the_walk_gives_the_special_function_at_every_point(case):
    fam, a, b, z = case
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cdf_walk, "WALK_FROM", 0)  # walk even one row (batches walk from WALK_FROM points)
        walked = cdf_walk.cdf_ascending(fam, a, b, z)
    direct = fam.cdf_x(a, b, z)
    apart = np.abs(walked - direct) > 1e-11
    # scipy itself drifts for shapes near a million (8e-11 seen): there, 40-digit mpmath decides
    for (row, col) in zip(*np.nonzero(apart), strict=True):
        exact = float(_mp_cdf(fam, a[row, 0], b[row, 0], z[row, col]))
        assert abs(walked[row, col] - exact) <= 1e-12 < abs(direct[row, col] - exact)
    takes = z[0, 0] > 0 and (z[0, -1] <= 0.5 or not fam.bounded)
    if takes and np.diff(np.log(z[0])).max() <= cdf_walk.WALK_GAP * np.sqrt(fam.log_cumulants(a[0, 0], b[0, 0])[1]):
        assert cdf_walk._walk(fam, a, b, z)[1].all()  # the rows it takes never need the fallback


def _mp_cdf(fam, a, b, z):
    with mp.workdps(40):
        a, b, z = mp.mpf(float(a)), mp.mpf(float(b)), mp.mpf(float(z))
        if fam.bounded:
            return mp.betainc(a, b, 0, z, regularized=True)
        return mp.gammainc(a, 0, b * z, regularized=True)


@pytest.fixture
def monkeypatch_walk(monkeypatch):
    monkeypatch.setattr(cdf_walk, "WALK_FROM", 0)


def test_rows_the_walk_cannot_take_are_evaluated_directly(monkeypatch_walk):
    fam = FAMILIES["beta"]
    a, b = np.array([[3.0], [3.0], [40.0]]), np.array([[40.0], [2.0], [4000.0]])
    z = np.array([
        np.linspace(-0.01, 0.3, 9),  # starts below 0
        np.linspace(0.2, 0.9, 9),  # past 1/2, where (1 - z)^(b - 1) is singular
        np.geomspace(1e-4, 0.4, 9),  # gaps of many scales: the check at the ends sends it back
    ])
    np.testing.assert_allclose(cdf_walk.cdf_ascending(fam, a, b, z), fam.cdf_x(a, b, z), rtol=0, atol=1e-14)


@pytest.mark.parametrize("n", [1, 2, 3])
def test_polygamma_series_matches_scipy(n):
    x = np.concatenate([np.linspace(0.05, 30.0, 3000), np.geomspace(30.0, 1e12, 3000)])
    np.testing.assert_allclose(_polygamma(n, x), sc.polygamma(n, x), rtol=2e-15)
    assert _polygamma(n, 7.5) == pytest.approx(float(sc.polygamma(n, 7.5)), rel=1e-15)


@pytest.mark.parametrize("family", ["beta", "gamma"])
def test_a_batch_of_two_arm_tests_equals_them_one_at_a_time(family):
    """Batches take the Hermite rules, the walk and the polygamma series; single analyses take the
    special functions at every node: every number agrees."""
    rng = np.random.default_rng(11)
    E = 300
    s = rng.integers(0, 3000, (E, 2)).astype(float)
    n = s + rng.integers(200, 200_000, (E, 2))
    s[:10, 0] = 0.0  # a 0% control
    a, b = (1 + s, 1 + n - s) if family == "beta" else (1 + s, n / 100.0)
    batch = compare_batch(family, a, b, lift=True, rope=0.05)
    rope_only = compare_batch(family, a, b, rope=0.05, intervals=False)
    np.testing.assert_allclose(rope_only.prob_in_rope, batch.prob_in_rope, rtol=0, atol=1e-12)
    for row in (0, 5, 57, 123, 299):
        one = compare_batch(family, a[row : row + 1], b[row : row + 1], lift=True, rope=0.05)
        np.testing.assert_allclose(batch.prob_best[row], one.prob_best[0], rtol=0, atol=1e-10)
        np.testing.assert_allclose(batch.expected_loss[row], one.expected_loss[0], rtol=1e-8, atol=1e-15)
        np.testing.assert_allclose(batch.prob_in_rope[row, 1], one.prob_in_rope[0, 1], rtol=0, atol=1e-10)
        for name in ("lift_rel_low", "lift_rel_high", "lift_abs_low", "lift_abs_high"):
            np.testing.assert_allclose(getattr(batch, name)[row, 1], getattr(one, name)[0, 1], rtol=1e-8)


@st.composite
def two_arms(draw):
    """Any two-arm test: 0% and 100% arms, tiny and huge ones, Beta or Gamma."""
    family = draw(st.sampled_from(["beta", "gamma"]))
    n = np.array([draw(st.integers(1, 3_000_000)) for _ in range(2)], float)
    s = np.floor(n * np.array([draw(st.sampled_from([0.0, 1.0, draw(st.floats(0, 1))])) for _ in range(2)]))
    if family == "beta":
        return family, 1 + s, 1 + n - s
    return family, 1 + s, n / draw(st.sampled_from([1.0, 100.0]))


@settings(max_examples=40, deadline=None)
@given(two_arms())
@example(("gamma", np.array([27.0, 88.0]), np.array([0.85, 0.87])))  # a leader's loss of 1e-8 on means near 100
def test_any_two_arm_test_gets_the_same_numbers_alone_and_in_a_batch(case):
    family, a, b = case
    rows = 200  # enough nodes for the batch shortcuts (Hermite rules, the walk, the polygamma series)
    batch = compare_batch(family, np.tile(a, (rows, 1)), np.tile(b, (rows, 1)), lift=True, rope=0.05)
    one = compare_batch(family, a[None], b[None], lift=True, rope=0.05)
    np.testing.assert_allclose(batch.prob_best[7], one.prob_best[0], rtol=0, atol=1e-9)
    # a leader's loss is E[max] - its mean: rounding of the means (1e-16 of them) is its floor
    np.testing.assert_allclose(batch.expected_loss[7], one.expected_loss[0], rtol=1e-7, atol=1e-13 * one.mean.max())
    np.testing.assert_allclose(batch.prob_in_rope[7, 1], one.prob_in_rope[0, 1], rtol=0, atol=1e-9)
    for name in ("lift_rel_low", "lift_rel_high", "lift_abs_low", "lift_abs_high"):
        np.testing.assert_allclose(getattr(batch, name)[7, 1], getattr(one, name)[0, 1], rtol=1e-7, atol=1e-12)

"""The hierarchical model: literal numbers, invariants, and a property under swapped arms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special as sc

from toolkit.insights.pooling import (
    BETA,
    GAMMA,
    Arm,
    Trial,
    arm_moments,
    pool,
    relative_lift,
)

X = ("x", "en")


def _trials() -> list[Trial]:
    return [
        Trial(1, X, (Arm("summary", 200, 10000), Arm("question", 250, 10000))),
        Trial(2, X, (Arm("summary", 180, 9000), Arm("question", 230, 9000), Arm("list", 170, 9000))),
        Trial(3, X, (Arm("question", 240, 10000), Arm("statistic", 205, 10000))),
        Trial(4, X, (Arm("audience", 240, 10000), Arm("insight", 205, 10000))),  # not linked to summary
    ]


def test_arm_moments_are_the_exact_beta_and_gamma_moments():
    mean, var = arm_moments(BETA, 10, 100)
    assert mean == pytest.approx(sc.digamma(11) - sc.digamma(91), abs=1e-12)
    assert (float(mean), float(var)) == pytest.approx((-2.15360235, 0.10621595), abs=1e-8)
    mean, var = arm_moments(GAMMA, 10, 50.0)
    assert (float(mean), float(var)) == pytest.approx((-1.56027042, 0.09516634), abs=1e-8)


def test_relative_lift_at_the_baseline():
    assert float(relative_lift(BETA, math.log(1.1), 0.02)) == pytest.approx(0.09780439, abs=1e-8)
    assert float(relative_lift(GAMMA, 0.1, 5.0)) == pytest.approx(math.expm1(0.1), abs=1e-12)


def test_a_small_history_literal_numbers():
    result = pool(_trials())
    assert result is not None
    assert (result.reference, result.experiments) == ("summary", 3)  # trial 4 cannot be linked to the reference
    by_level = {e.level: e for e in result.effects}
    assert list(by_level) == ["list", "question", "statistic"]
    q = by_level["question"]
    assert (q.experiments, q.trials) == (3, 29000.0)
    assert (q.lift, q.lift_high, q.prob_helps) == pytest.approx((0.157848, 0.281644, 0.913492), abs=2e-4)
    assert q.lift_low == pytest.approx(0.0, abs=1e-6)  # the "no effect" atom holds 14% of the belief
    assert result.prob_matters == pytest.approx(0.863781, abs=2e-4)
    assert by_level["statistic"].prob_helps == pytest.approx(0.528442, abs=2e-4)


def test_identical_arms_claim_nothing_and_strong_evidence_is_found():
    same = [Trial(i, X, (Arm("summary", 300, 15000), Arm("question", 300, 15000))) for i in range(8)]
    e = pool(same).effects[0]
    assert 0.3 < e.prob_helps < 0.7 and e.lift_low < 0 < e.lift_high
    better = [Trial(i, X, (Arm("summary", 300, 15000), Arm("question", 360, 15000))) for i in range(8)]
    e = pool(better).effects[0]
    assert e.prob_helps > 0.999 and e.lift_low < 0.2 < e.lift_high


def test_more_experiments_narrow_the_interval():
    one = pool([Trial(i, X, (Arm("summary", 300, 15000), Arm("question", 345, 15000))) for i in range(3)])
    many = pool([Trial(i, X, (Arm("summary", 300, 15000), Arm("question", 345, 15000))) for i in range(12)])
    width = [r.effects[0].lift_high - r.effects[0].lift_low for r in (one, many)]
    assert width[1] < width[0]


def test_cells_are_kept_apart_and_nothing_to_compare_is_none():
    mixed = [Trial(i, ("x", "en") if i % 2 else ("linkedin", "ar"), (Arm("off", 200, 10000), Arm("on", 260, 10000)))
             for i in range(6)]
    cells = [e.cell for e in pool(mixed).effects]
    assert cells == [("linkedin", "ar"), ("x", "en")]
    assert pool([]) is None
    assert pool([Trial(1, X, (Arm("summary", 0, 0), Arm("question", 5, 100)))]) is None  # a control without data


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(50, 400), st.integers(50, 400)), min_size=1, max_size=5))
def test_swapping_the_arms_mirrors_the_posterior(pairs):
    forward = [Trial(i, X, (Arm("summary", a, 10000), Arm("question", b, 10000))) for i, (a, b) in enumerate(pairs)]
    mirrored = [Trial(i, X, (Arm("summary", b, 10000), Arm("question", a, 10000))) for i, (a, b) in enumerate(pairs)]
    f, m = pool(forward).effects[0], pool(mirrored).effects[0]
    assert f.prob_helps + m.prob_helps == pytest.approx(1.0, abs=1e-6)
    assert f.log_mean == pytest.approx(-m.log_mean, abs=1e-9)
    assert np.isclose(f.log_sd, m.log_sd)


def test_count_metrics_use_log_rates_and_more_events_than_exposure():
    # clicks per unit of spend: 500 clicks on 100 spent is a rate of 5, not a capped proportion
    trials = [Trial(i, X, (Arm("summary", 500, 100.0), Arm("question", 600, 100.0))) for i in range(6)]
    e = pool(trials, GAMMA).effects[0]
    assert e.prob_helps > 0.99 and e.lift_low < 0.2 < e.lift_high

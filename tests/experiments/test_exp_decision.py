"""The stopping rule, the sample-ratio check, the planner and the budget split."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.experiments import DecisionRule, beta_posterior, compare
from toolkit.experiments.decision import decide
from toolkit.experiments.health import sample_ratio_mismatch, tiny_arms
from toolkit.experiments.planning import plan_days, thompson_split


def _decide(counts, rule=DecisionRule()):
    r = compare([beta_posterior(s, n) for s, n in counts], rope=rule.rope)
    return decide(r.batch, [[n for _, n in counts]], rule)


def test_clear_winner_is_shipped():
    d = _decide([(500, 10_000), (650, 10_000)])
    assert (d.verdict, d.winner, d.reason) == ("ship_winner", 1, "winner_within_threshold")


def test_uncertain_leader_keeps_running():
    d = _decide([(50, 1000), (62, 1000)])
    assert (d.verdict, d.winner, d.reason) == ("keep_running", None, "loss_above_threshold")


def test_equal_large_arms_stop_with_no_meaningful_difference():
    d = _decide([(500_000, 10_000_000), (500_100, 10_000_000)])
    assert (d.verdict, d.reason) == ("stop_no_difference", "all_within_threshold")


def test_rope_stops_when_every_variant_is_inside_the_band():
    counts = [(20_000, 400_000), (20_050, 400_000)]
    strict = DecisionRule(loss_threshold=0.0001, rope=0.05)
    assert _decide(counts, strict).reason == "inside_rope"
    assert _decide(counts, DecisionRule(loss_threshold=0.0001)).verdict == "keep_running"


def test_tiny_samples_never_decide():
    d = _decide([(0, 40), (30, 40)])
    assert (d.verdict, d.reason) == ("keep_running", "tiny_sample")
    assert _decide([(0, 40), (30, 40)], DecisionRule(min_trials=0)).verdict == "ship_winner"


def test_rule_rejects_nonsense():
    with pytest.raises(ValueError):
        DecisionRule(loss_threshold=0)
    with pytest.raises(ValueError):
        DecisionRule(rope=1.5)


def test_sample_ratio_mismatch():
    ok = sample_ratio_mismatch([10_020, 9_980], [1, 1])
    assert not ok.mismatch and ok.chi2 == pytest.approx(0.08) and ok.p_value == pytest.approx(0.777297, abs=1e-6)
    bad = sample_ratio_mismatch([10_500, 9_500], [50, 50])
    assert bad.mismatch and bad.chi2 == pytest.approx(50.0)
    assert sample_ratio_mismatch([0, 0], [1, 1]) is None
    assert tiny_arms([3, 40], [1000, 50], min_trials=100) == [0, 1]


def test_planner_is_seeded_and_states_its_error():
    kwargs = dict(family="beta", baseline=0.05, lift=0.3, daily_traffic=4000, max_days=20, simulations=60, seed=3)
    a, b = plan_days(**kwargs), plan_days(**kwargs)
    assert a == b
    assert a.days_likely is not None and 1 <= a.days_likely <= 20
    lo, hi = a.days_interval
    assert lo <= a.days_likely <= (hi or 99)
    assert a.prob_decision_se == pytest.approx(np.sqrt(a.prob_decision * (1 - a.prob_decision) / 60))
    assert list(a.decided_by_day) == sorted(a.decided_by_day)
    assert a.prob_ship_lifted > 0.5


def test_planner_needs_more_days_for_a_smaller_lift():
    big = plan_days("beta", 0.05, 0.4, 4000, max_days=30, simulations=40, seed=1)
    small = plan_days("beta", 0.05, 0.05, 4000, max_days=30, simulations=40, seed=1)
    assert small.prob_decision <= big.prob_decision
    assert (small.median_days or 99) >= (big.median_days or 0)


def test_planner_handles_counts():
    plan = plan_days("gamma", 0.02, 0.5, 20_000, max_days=15, simulations=30, seed=0)
    assert 0 <= plan.prob_decision <= 1


def test_thompson_split_is_p_best_above_a_floor():
    split = thompson_split([0.1, 0.7, 0.2], budget=1000, min_share=0.05)
    assert split.shares == pytest.approx((0.135, 0.645, 0.22))
    assert split.amounts == (135.0, 645.0, 220.0)
    assert thompson_split([0.25, 0.75], 100, min_share=0).shares == (0.25, 0.75)
    with pytest.raises(ValueError):
        thompson_split([0.5, 0.5], 100, min_share=0.6)

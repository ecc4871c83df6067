"""The stopping rule, the sample-ratio check, the planner and the budget split."""

from __future__ import annotations

import numpy as np
import pytest

from toolkit.experiments import DecisionRule, beta_posterior, compare
from toolkit.experiments.decision import decide, log_bayes_factor
from toolkit.experiments.health import (
    delivery_gaps,
    format_p,
    sample_ratio_mismatch,
    tiny_arms,
)
from toolkit.experiments.planning import plan_days, thompson_split


def _decide(counts, rule=DecisionRule()):
    r = compare([beta_posterior(s, n) for s, n in counts], rope=rule.rope)
    return decide(r.batch, [[n for _, n in counts]], rule)


K = 100_000
# (counts per arm, control first) -> (verdict, winner, reason), under the default rule
# (rope 5%, loss threshold 0.25%, 100 trials, false-winner rate 5%: evidence 20, 60 and 200
# for 2, 3 and 5 arms). Each row pins one branch of ``decide``.
TABLE = [
    # two arms
    ([(0, 40), (30, 40)], ("keep_running", None, "tiny_sample")),
    ([(5, 50), (1500, K)], ("keep_running", None, "tiny_sample")),  # one tiny arm is enough
    ([(9000, 600_000), (9010, 600_000)], ("stop_no_difference", None, "inside_rope")),
    ([(500_000, 10_000_000), (500_100, 10_000_000)], ("stop_no_difference", None, "all_within_threshold")),
    ([(1500, K), (1800, K)], ("ship_winner", 1, "winner_proven")),
    ([(1800, K), (1500, K)], ("ship_winner", 0, "winner_proven")),  # keep the control
    ([(1500, K), (1650, K)], ("keep_running", None, "evidence_below_bound")),  # ahead, Bayes factor 8.4 < 20
    ([(9000, 600_000), (9300, 600_000)], ("keep_running", None, "evidence_below_bound")),  # leader's loss is tiny
    # three arms
    ([(1500, K), (1500, K), (1, 50)], ("keep_running", None, "tiny_sample")),
    ([(9000, 600_000), (9010, 600_000), (8990, 600_000)], ("stop_no_difference", None, "inside_rope")),
    ([(9000, 600_000), (9010, 600_000), (9300, 600_000)], ("keep_running", None, "evidence_below_bound")),  # C not in the band
    ([(1500, K), (1520, K), (1800, K)], ("ship_winner", 2, "winner_proven")),
    ([(1500, K), (1520, K), (1700, K)], ("keep_running", None, "evidence_below_bound")),  # Bayes factor 31 < 60
    ([(1500, K), (1790, K), (1800, K)], ("keep_running", None, "evidence_below_bound")),  # C beats A, not B
    # five arms
    ([(1500, K), (1520, K), (1490, K), (1510, K), (3, 60)], ("keep_running", None, "tiny_sample")),
    ([(9000, 600_000), (9010, 600_000), (8990, 600_000), (9020, 600_000), (8985, 600_000)],
     ("stop_no_difference", None, "inside_rope")),
    ([(1500, K), (1520, K), (1490, K), (1510, K), (1850, K)], ("ship_winner", 4, "winner_proven")),
    ([(1850, K), (1520, K), (1490, K), (1510, K), (1500, K)], ("ship_winner", 0, "winner_proven")),
    ([(1500, K), (1520, K), (1490, K), (1510, K), (1720, K)], ("keep_running", None, "evidence_below_bound")),  # 88 < 200
]


@pytest.mark.parametrize("counts, expected", TABLE, ids=[f"{len(c)}arms-{i}" for i, (c, _) in enumerate(TABLE)])
def test_decision_table(counts, expected):
    d = _decide(counts)
    assert (d.verdict, d.winner, d.reason) == expected


def test_evidence_is_the_leaders_weakest_bayes_factor():
    d = _decide([(1500, K), (1650, K)])
    assert d.leader == 1 and d.evidence == pytest.approx(8.3594085, rel=1e-6)
    three = _decide([(1500, K), (1520, K), (1700, K)])
    assert three.leader == 2 and three.evidence == pytest.approx(31.228971, rel=1e-6)


def test_bayes_factor_is_the_normal_mixture_ratio():
    from scipy import stats

    theta, var, tau = 0.05, 4e-4, 0.1
    expected = stats.norm.pdf(theta, 0, np.sqrt(var + tau**2)) / stats.norm.pdf(theta, 0, np.sqrt(var))
    assert np.exp(log_bayes_factor(np.array(theta), np.array(var), tau)) == pytest.approx(expected, rel=1e-12)


def test_rope_off_and_the_false_winner_rate_change_the_verdict():
    assert _decide([(9000, 600_000), (9010, 600_000)], DecisionRule(rope=0)).reason == "evidence_below_bound"
    lenient = DecisionRule(false_winner_rate=0.2)  # Bayes factor 5 is enough
    assert _decide([(1500, K), (1650, K)], lenient).verdict == "ship_winner"
    assert DecisionRule().evidence_bound(2) == pytest.approx(20) and DecisionRule().evidence_bound(5) == pytest.approx(200)


def test_tiny_samples_never_decide():
    d = _decide([(0, 40), (30, 40)])
    assert (d.verdict, d.reason) == ("keep_running", "tiny_sample")
    clear = [(150, 1000), (300, 1000)]
    assert _decide(clear).verdict == "ship_winner"
    assert _decide(clear, DecisionRule(min_trials=1001)).reason == "tiny_sample"


def test_rule_rejects_nonsense():
    with pytest.raises(ValueError):
        DecisionRule(loss_threshold=0)
    with pytest.raises(ValueError):
        DecisionRule(rope=1.5)
    with pytest.raises(ValueError):
        DecisionRule(false_winner_rate=0.7)
    with pytest.raises(ValueError):
        DecisionRule(min_trials=float("nan"))


def test_sample_ratio_mismatch():
    ok = sample_ratio_mismatch([10_020, 9_980], [1, 1])
    assert not ok.mismatch and ok.chi2 == pytest.approx(0.08) and ok.p_value == pytest.approx(0.777297, abs=1e-6)
    bad = sample_ratio_mismatch([10_500, 9_500], [50, 50])
    assert bad.mismatch and bad.chi2 == pytest.approx(50.0)
    assert sample_ratio_mismatch([0, 0], [1, 1]) is None
    assert sample_ratio_mismatch([float("inf"), 10], [1, 1]) is None
    assert format_p(0.0) == "p < 1e-15" and format_p(6.3e-5) == "p = 6.3e-05"
    assert delivery_gaps([560, 440], [1, 1]) == [(0, 0.56, 0.5), (1, 0.44, 0.5)] and delivery_gaps([540, 460], [1, 1]) == []
    assert tiny_arms([3, 40], [1000, 50], min_trials=100) == [0, 1]


def test_planner_is_seeded_and_states_its_error():
    kwargs = dict(family="beta", baseline=0.05, lift=0.3, daily_per_variant=4000, max_days=20, simulations=60, seed=3)
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

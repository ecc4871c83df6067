"""Angle order for the next run (Thompson sampling with exploration) and the informed prior."""

from __future__ import annotations

import pytest

from toolkit.experiments.posteriors import BETA, GAMMA
from toolkit.insights.explore import AngleEstimate, order_angles, prob_best
from toolkit.insights.priors import pooled_prior

ANGLES = ["summary", "insight", "question", "statistic", "list", "audience"]
KNOWN = {
    "summary": AngleEstimate(0.0, 0.0),
    "question": AngleEstimate(0.12, 0.03),
    "statistic": AngleEstimate(0.05, 0.03),
    "list": AngleEstimate(-0.02, 0.03),
}


def test_the_winner_leads_and_one_slot_explores_the_untested():
    assert order_angles(ANGLES, KNOWN, n=3) == ["question", "statistic", "insight"]
    assert order_angles(ANGLES, KNOWN, n=3, explore_share=0) == ["question", "statistic", "list"]
    assert order_angles(ANGLES, KNOWN, n=4, explore_share=0.5) == ["question", "statistic", "insight", "summary"]
    assert order_angles(ANGLES, KNOWN, n=1) == ["question"]  # one caption: nothing left to explore with
    assert sorted(order_angles(ANGLES, KNOWN)) == sorted(ANGLES)


def test_without_history_the_generators_order_stands():
    assert order_angles(ANGLES, {}, n=3) == ["summary", "insight", "question"]
    assert order_angles(ANGLES, {"tone": AngleEstimate(1.0, 0.1)}, n=2) == ["summary", "insight"]


def test_prob_best_is_seeded_and_sums_to_one():
    chance = prob_best(ANGLES, KNOWN, seed=3)
    assert chance == prob_best(ANGLES, KNOWN, seed=3)
    assert sum(chance.values()) == pytest.approx(1.0)
    assert max(chance, key=chance.__getitem__) == "question" and chance["summary"] == 0.0
    with pytest.raises(ValueError, match="explore_share"):
        order_angles(ANGLES, KNOWN, explore_share=1.5)


def test_pooled_prior_is_centred_on_the_history_and_capped():
    prior = pooled_prior(BETA, [200, 180, 260, 210], [10000, 9000, 12000, 10000])
    assert (prior.alpha, prior.beta) == pytest.approx((4.146341, 195.853659), abs=1e-6)  # 850/41000, worth 200
    assert prior.alpha / (prior.alpha + prior.beta) == pytest.approx(850 / 41000)
    spread = pooled_prior(BETA, [100, 300, 200], [10000, 10000, 10000])
    # rates 1%, 3%, 2%: the spread between tests, not the cap, sets the worth (about 49 impressions)
    assert spread.alpha + spread.beta == pytest.approx(0.02 * 0.98 / (0.0001 - 0.02 * 0.98 / 10000) - 1, rel=1e-9)
    gamma = pooled_prior(GAMMA, [50, 40, 70], [100.0, 90.0, 120.0])
    assert (gamma.alpha, gamma.beta) == pytest.approx((200.0, 387.5))  # capped at 200 events
    assert pooled_prior(BETA, [200, 180], [10000, 9000]) is None  # fewer than 3 experiments
    assert pooled_prior(BETA, [0, 0, 0], [100, 100, 100]) is None

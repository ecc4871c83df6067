"""The stopping rule: keep running, ship the winner, or stop because the difference does not matter.

Marketers look at a test every day and act on the first verdict that says "ship". A rule built
on P(best) or expected loss alone names a false winner in about half of A/A tests checked that
way, so "ship" here also needs evidence that stays valid however often the data are looked at:

* **Evidence** for arm i over arm j is the Bayes factor of "log(x_i / x_j) ~ N(0, tau^2)"
  against "x_i = x_j", with the log-lift estimate and its variance taken from the exact
  posteriors (digamma and trigamma cumulants). This is the normal-mixture sequential
  probability ratio test (Robbins 1970; Johari, Pekelis and Walsh 2017, "Always valid
  inference", used by Optimizely): under "no difference" it is a non-negative martingale, so
  by Ville's inequality it ever reaches 1/alpha with probability at most alpha, whatever the
  number of looks. With k arms every pair gets alpha / (k (k - 1) / 2) (Bonferroni), so the
  chance that any look ever names a false winner stays below ``false_winner_rate``.
* **Practical equivalence** (a ROPE, Kruschke 2018): relative lifts inside +-``rope`` do not
  matter, so when every variant is inside the band with probability >= ``ci_level`` the test
  can stop; that is how most A/A tests end.

1. Any arm below ``min_trials`` exposure: keep running (tiny samples swing wildly).
2. Every arm's expected loss (relative to the control's mean) below ``loss_threshold``: stop,
   no meaningful difference; whichever you pick, you lose less than you said you care about.
3. With ``rope`` > 0, every variant inside +-rope of the control with probability >= ci_level:
   stop, no meaningful difference.
4. The leader (smallest expected loss) has evidence >= k (k - 1) / 2 / false_winner_rate
   against every other arm, in its favour: ship it.
5. Otherwise keep running.

Vectorised over experiments so the planner and the benchmark simulate exactly this rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .bayes import BatchComparison

KEEP_RUNNING = "keep_running"
SHIP_WINNER = "ship_winner"
STOP_NO_DIFFERENCE = "stop_no_difference"
VERDICTS = (KEEP_RUNNING, SHIP_WINNER, STOP_NO_DIFFERENCE)

REASONS = (
    "tiny_sample",
    "all_within_threshold",
    "inside_rope",
    "winner_proven",
    "evidence_below_bound",
)

DEFAULT_ROPE = 0.05  # +-5% relative lift: smaller differences between ad copies do not matter
DEFAULT_FALSE_WINNER_RATE = 0.05
DEFAULT_EFFECT_SCALE = 0.1  # tau: typical ad-copy lifts are within about +-10% (log scale)


@dataclass(frozen=True)
class DecisionRule:
    loss_threshold: float = 0.0025
    rope: float = DEFAULT_ROPE
    min_trials: float = 100.0
    ci_level: float = 0.95
    false_winner_rate: float = DEFAULT_FALSE_WINNER_RATE
    effect_scale: float = DEFAULT_EFFECT_SCALE

    def __post_init__(self) -> None:
        if not 0 < self.loss_threshold < 1:
            raise ValueError("loss_threshold must be between 0 and 1 (a fraction of the control's rate)")
        if not 0 <= self.rope < 1:
            raise ValueError("rope must be between 0 and 1 (a relative lift, 0.05 = 5%)")
        if not self.min_trials >= 0:
            raise ValueError("min_trials cannot be negative")
        if not 0.5 < self.ci_level < 1:
            raise ValueError("ci_level must be between 0.5 and 1")
        if not 0 < self.false_winner_rate < 0.5:
            raise ValueError("false_winner_rate must be between 0 and 0.5")
        if not 0 < self.effect_scale < 10:
            raise ValueError("effect_scale must be between 0 and 10 (a sd of the log lift)")

    def evidence_bound(self, arms: int) -> float:
        """The Bayes factor a leader needs against each other arm: pairs / false_winner_rate."""
        return arms * (arms - 1) / 2 / self.false_winner_rate


@dataclass(frozen=True)
class Decision:
    verdict: str
    winner: int | None
    reason: str
    leader: int
    evidence: float  # the leader's smallest Bayes factor against another arm (0 if behind one)


def log_bayes_factor(theta: np.ndarray, var: np.ndarray, tau: float) -> np.ndarray:
    """log BF of log-lift ~ N(0, tau^2) against no lift, for an estimate ``theta`` of variance ``var``."""
    total = var + tau * tau
    log_bf: np.ndarray = 0.5 * np.log(var / total) + theta * theta * tau * tau / (2.0 * var * total)
    return log_bf


def leader_evidence(result: BatchComparison, leader: np.ndarray, tau: float) -> np.ndarray:
    """The leader's smallest log Bayes factor against any other arm, -inf where it trails one; (E,)."""
    rows = np.arange(len(leader))
    lm, lv = result.log_mean, result.log_var
    if lm is None or lv is None:
        raise ValueError("the comparison lacks log-rate moments: build it with bayes.compare_batch")
    theta = lm[rows, leader][:, None] - lm
    var = lv[rows, leader][:, None] + lv
    with np.errstate(divide="ignore", invalid="ignore"):
        log_bf = np.where(theta > 0, log_bayes_factor(theta, var, tau), -np.inf)
    log_bf[rows, leader] = np.inf
    smallest: np.ndarray = log_bf.min(axis=1)
    return smallest


def decide_batch(
    result: BatchComparison, exposure: np.ndarray, rule: DecisionRule
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Verdict index into VERDICTS, winner arm (-1 for none) and reason index into REASONS, each (E,)."""
    verdict, winner, reason, _, _ = _decide(result, exposure, rule)
    return verdict, winner, reason


def _decide(
    result: BatchComparison, exposure: ArrayLike, rule: DecisionRule
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    exposure = np.atleast_2d(np.asarray(exposure, float))
    k = exposure.shape[1]
    control_mean = result.mean[:, result.control : result.control + 1]
    relative_loss = result.expected_loss / control_mean
    leader = relative_loss.argmin(axis=1)
    tiny = (exposure < rule.min_trials).any(axis=1)
    all_within = (relative_loss <= rule.loss_threshold).all(axis=1)
    if rule.rope > 0 and result.prob_in_rope is not None:
        rope_prob = np.delete(result.prob_in_rope, result.control, axis=1)
        inside_rope = (rope_prob >= rule.ci_level).all(axis=1)
    else:
        inside_rope = np.zeros(len(leader), dtype=bool)
    log_evidence = leader_evidence(result, leader, rule.effect_scale)
    proven = log_evidence >= np.log(rule.evidence_bound(k))

    reason = np.select([tiny, all_within, inside_rope, proven], [0, 1, 2, 3], default=4)
    verdict = np.select([tiny, all_within | inside_rope, proven], [0, 2, 1], default=0)
    winner = np.where(verdict == 1, leader, -1)
    return verdict, winner, reason, leader, log_evidence


def decide(result: BatchComparison, exposure: ArrayLike, rule: DecisionRule) -> Decision:
    """The verdict for one experiment (row 0 of ``result``)."""
    verdict, winner, reason, leader, log_evidence = _decide(result, exposure, rule)
    w = int(winner[0])
    with np.errstate(over="ignore"):
        evidence = float(np.exp(np.clip(log_evidence[0], -745.0, 709.0)))
    return Decision(VERDICTS[int(verdict[0])], None if w < 0 else w, REASONS[int(reason[0])], int(leader[0]), evidence)

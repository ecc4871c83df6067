"""The stopping rule: keep running, ship the winner, or stop because the difference does not matter.

Expected loss is what choosing an arm gives up on average (in the metric's units) if it is not
really the best. We divide it by the control's posterior mean, so one threshold (0.25% by
default) means the same for a 1% CTR and a $3 revenue per click.

1. Any arm below ``min_trials`` exposure: keep running (tiny samples swing wildly).
2. Every arm's relative expected loss below the threshold: stop, no meaningful difference;
   whichever you pick, you lose less than you said you care about.
3. With a region of practical equivalence (``rope`` > 0): if every variant's relative lift over
   control lies inside +-rope with probability >= ``ci_level``, stop, no meaningful difference.
4. The arm with the smallest expected loss is below the threshold: ship it.
5. Otherwise keep running.

Vectorised over experiments so the planner simulates exactly this rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bayes import BatchComparison

KEEP_RUNNING = "keep_running"
SHIP_WINNER = "ship_winner"
STOP_NO_DIFFERENCE = "stop_no_difference"
VERDICTS = (KEEP_RUNNING, SHIP_WINNER, STOP_NO_DIFFERENCE)

REASONS = (
    "tiny_sample",
    "all_within_threshold",
    "inside_rope",
    "winner_within_threshold",
    "loss_above_threshold",
)


@dataclass(frozen=True)
class DecisionRule:
    loss_threshold: float = 0.0025
    rope: float = 0.0
    min_trials: float = 100.0
    ci_level: float = 0.95

    def __post_init__(self) -> None:
        if not 0 < self.loss_threshold < 1:
            raise ValueError("loss_threshold must be between 0 and 1 (a fraction of the control's rate)")
        if not 0 <= self.rope < 1:
            raise ValueError("rope must be between 0 and 1 (a relative lift, 0.01 = 1%)")
        if self.min_trials < 0:
            raise ValueError("min_trials cannot be negative")
        if not 0.5 < self.ci_level < 1:
            raise ValueError("ci_level must be between 0.5 and 1")


@dataclass(frozen=True)
class Decision:
    verdict: str
    winner: int | None
    reason: str


def decide_batch(
    result: BatchComparison, exposure: np.ndarray, rule: DecisionRule
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Verdict index into VERDICTS, winner arm (-1 for none) and reason index into REASONS, each (E,)."""
    exposure = np.atleast_2d(exposure)
    control_mean = result.mean[:, result.control : result.control + 1]
    relative_loss = result.expected_loss / control_mean
    best = relative_loss.argmin(axis=1)
    tiny = (exposure < rule.min_trials).any(axis=1)
    all_within = (relative_loss <= rule.loss_threshold).all(axis=1)
    if result.prob_in_rope is not None:
        rope_prob = np.delete(result.prob_in_rope, result.control, axis=1)
        inside_rope = (rope_prob >= rule.ci_level).all(axis=1)
    else:
        inside_rope = np.zeros(len(best), dtype=bool)
    winner_ok = relative_loss[np.arange(len(best)), best] <= rule.loss_threshold

    reason = np.select(
        [tiny, all_within, inside_rope, winner_ok], [0, 1, 2, 3], default=4
    )
    verdict = np.select(
        [tiny, all_within | inside_rope, winner_ok], [0, 2, 1], default=0
    )
    winner = np.where(verdict == 1, best, -1)
    return verdict, winner, reason


def decide(result: BatchComparison, exposure, rule: DecisionRule) -> Decision:
    """The verdict for one experiment (row 0 of ``result``)."""
    verdict, winner, reason = decide_batch(result, np.asarray(exposure, float), rule)
    w = int(winner[0])
    return Decision(VERDICTS[int(verdict[0])], None if w < 0 else w, REASONS[int(reason[0])])

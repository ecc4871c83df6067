"""An informed prior for a new experiment: the team's usual rate on this platform, held lightly.

Method of moments over past controls: the pooled rate ``m`` is the prior's mean, and the spread
of control rates between experiments (minus what sampling noise alone explains) sets how many
observations the prior is worth. That worth is capped (``max_weight`` trials, or events for a
count metric), so a long history never outweighs the new test's own data.

The prior goes on every arm alike and says nothing about which variant wins, so it cannot favour
a variant: it only keeps the first days' estimates near the team's usual rate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..experiments.posteriors import BETA, Prior

MIN_HISTORY = 3
MAX_WEIGHT = 200.0


def pooled_prior(
    family: str, successes: Sequence[float], trials: Sequence[float], max_weight: float = MAX_WEIGHT
) -> Prior | None:
    """Beta (rates) or Gamma (counts per exposure) prior from past controls; None with too little history."""
    s = np.asarray(successes, float)
    n = np.asarray(trials, float)
    keep = n > 0
    s, n = s[keep], n[keep]
    if len(n) < MIN_HISTORY or s.sum() <= 0 or max_weight <= 0:
        return None
    m = s.sum() / n.sum()
    rates = s / n
    spread = np.average((rates - m) ** 2, weights=n) * len(n) / (len(n) - 1)
    if family == BETA:
        if m >= 1:
            return None
        between = max(spread - m * (1 - m) * np.mean(1 / n), 1e-12)
        worth = min(max(m * (1 - m) / between - 1, 2.0), max_weight)
        return Prior(float(m * worth), float((1 - m) * worth))
    between = max(spread - m * np.mean(1 / n), 1e-12)
    exposure = min(m / between, max_weight / m)  # the cap counts events, m * exposure
    return Prior(float(m * exposure), float(exposure))

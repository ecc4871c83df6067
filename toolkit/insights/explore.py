"""Which angles the next run should write: the likely winners first, and always one to learn from.

Thompson sampling over angles. Each angle's effect (log-odds against the reference angle) is
``N(mean, sd)`` from the insights model; an angle never tested gets ``N(0, prior_sd)``. The
exploit slots go to the tested angles most likely to be best; the exploration slots (at least one when
more than one caption is written) go to one Thompson draw among the rest, which favours the
least known over the known losers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

DRAWS = 4000


@dataclass(frozen=True)
class AngleEstimate:
    mean: float  # log-odds (or log-rate) effect against the reference angle
    sd: float


def prob_best(angles: Sequence[str], estimates: Mapping[str, AngleEstimate], seed: int = 0,
              prior_sd: float = 0.1) -> dict[str, float]:
    """P(each angle has the largest effect), by seeded Monte Carlo (``DRAWS`` draws)."""
    rng = np.random.default_rng(seed)
    mean = np.array([estimates[a].mean if a in estimates else 0.0 for a in angles])
    sd = np.array([estimates[a].sd if a in estimates else prior_sd for a in angles])
    draws = rng.normal(mean, np.maximum(sd, 1e-12), size=(DRAWS, len(angles)))
    wins = np.bincount(draws.argmax(axis=1), minlength=len(angles)) / DRAWS
    return dict(zip(angles, wins.tolist(), strict=False))


def order_angles(
    angles: Sequence[str],
    estimates: Mapping[str, AngleEstimate],
    n: int | None = None,
    seed: int = 0,
    explore_share: float = 0.25,
    prior_sd: float = 0.1,
) -> list[str]:
    """``n`` of ``angles`` (all by default): exploit slots by P(best) among the tested angles, then
    exploration slots by one Thompson draw among the rest.

    Without any estimate for these angles the order is returned unchanged, so a team without
    history gets exactly what the generator wrote before.
    """
    if not 0 <= explore_share <= 1:
        raise ValueError("explore_share must be between 0 and 1")
    angles = list(dict.fromkeys(angles))
    n = len(angles) if n is None else max(0, min(n, len(angles)))
    if not any(a in estimates for a in angles):
        return angles[:n]
    chance = prob_best(angles, estimates, seed, prior_sd)
    # Exploit what has been tested; the untested are what exploration is for.
    ranked = sorted(angles, key=lambda a: (a not in estimates, -chance[a], -(estimates[a].mean if a in estimates else 0.0),
                                           angles.index(a)))
    explore = max(1, round(explore_share * n)) if n >= 2 and explore_share > 0 else 0
    exploit = ranked[: n - explore]
    rest = [a for a in angles if a not in exploit]
    rng = np.random.default_rng(seed + 1)
    draw = {a: rng.normal(estimates[a].mean if a in estimates else 0.0,
                          max(estimates[a].sd if a in estimates else prior_sd, 1e-12)) for a in rest}
    return exploit + sorted(rest, key=lambda a: -draw[a])[:explore]

"""A small, deterministic experiment history in a real database, for the service, CLI and app tests."""

from __future__ import annotations

import datetime as dt

from toolkit.experiments import service as experiments
from toolkit.store import Store

# (platform name, control angle, variant angle, control clicks, variant clicks) per experiment,
# 10,000 impressions a day for 2 days per arm: question hooks win on X, nothing differs on LinkedIn.
HISTORY = [
    ("X", "summary", "question", 200, 248),
    ("X", "summary", "question", 180, 226),
    ("X", "summary", "question", 260, 311),
    ("X", "summary", "statistic", 210, 214),
    ("X", "summary", "list", 190, 186),
    ("LinkedIn", "summary", "question", 300, 297),
    ("LinkedIn", "summary", "statistic", 280, 284),
    ("LinkedIn", "summary", "question", 310, 305),
]


def make_history(store: Store, rows=HISTORY, impressions: int = 10_000) -> list[int]:
    ids = []
    for i, (platform, control, variant, c0, c1) in enumerate(rows):
        exp = experiments.create_experiment(store, f"Test {i}", [f"{platform} v1 ({control})", f"{platform} v2 ({variant})"])
        for day in (1, 2):
            for v, clicks in zip(exp.variants, (c0, c1), strict=False):
                experiments.record(store, exp.id, v.name, dt.date(2026, 3, day), impressions=impressions, clicks=clicks)
        ids.append(exp.id)
    return ids

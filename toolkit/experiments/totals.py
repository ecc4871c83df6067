"""What one observation measures, with no statistics imported: the app's tables and the storage use it
before (or without) the posterior machinery."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Totals:
    """One variant's summed observations."""

    impressions: float = 0.0
    reach: float = 0.0
    clicks: float = 0.0
    conversions: float = 0.0
    spend: float = 0.0
    revenue: float = 0.0
    engagements: float = 0.0


OBSERVATION_FIELDS = tuple(f.name for f in fields(Totals))
"""The measured fields of an observation, in the one order every table, query and listing uses."""

"""Bulk production: thousands of posts, concurrent, resumable, exported where they will be scheduled.

Imported lazily: ``toolkit.migrations`` imports ``toolkit.bulk.migrations`` whenever a store opens,
and that must not pull in the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .api import BulkRun, RunOptions, arepurpose_many, repurpose_many
    from .models import BulkItem, JobSpec, Outcome

__all__ = ["BulkItem", "BulkRun", "JobSpec", "Outcome", "RunOptions", "arepurpose_many", "repurpose_many"]

__getattr__ = lazy_exports(__name__, {
    ".api": ("BulkRun", "RunOptions", "arepurpose_many", "repurpose_many"),
    ".models": ("BulkItem", "JobSpec", "Outcome"),
})

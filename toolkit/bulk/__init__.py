"""Bulk production: thousands of posts, concurrent, resumable, exported where they will be scheduled.

Imported lazily: ``toolkit.migrations`` imports ``toolkit.bulk.migrations`` whenever a store opens,
and that must not pull in the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import BulkRun, RunOptions, arepurpose_many, repurpose_many
    from .models import BulkItem, JobSpec, Outcome

__all__ = ["BulkItem", "BulkRun", "JobSpec", "Outcome", "RunOptions", "arepurpose_many", "repurpose_many"]

_HOMES = {"BulkRun": "api", "RunOptions": "api", "arepurpose_many": "api", "repurpose_many": "api",
          "BulkItem": "models", "JobSpec": "models", "Outcome": "models"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'toolkit.bulk' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_HOMES[name]}", __name__), name)

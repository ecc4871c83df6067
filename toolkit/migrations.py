"""Named, idempotent schema migrations. Each part of the toolkit owns one migration set.

Never edit a migration that has shipped: add a new function below it.
"""

from __future__ import annotations

from ._sqlite_utils import Database, Migrations
from .bulk.migrations import bulk
from .experiments.migrations import experiments_migrations
from .insights.migrations import insights_migrations
from .llm.migrations import llm

core = Migrations("toolkit.core")


@core()
def create_runs(db: Database) -> None:
    db["runs"].create(
        {
            "id": int,
            "created_at": str,
            "status": str,  # ok | error
            "source_title": str,
            "source_language": str,
            "source_format": str,
            "source_name": str,
            "source_hash": str,
            "source_text": str,
            "brief_json": str,
            "platforms": str,  # JSON list
            "backend": str,
            "model": str,
            "outputs_json": str,
            "warnings_json": str,
            "timings_json": str,
            "duration_ms": float,
            "error": str,
        },
        pk="id",
        not_null={"created_at", "status", "backend"},
    )
    db["runs"].create_index(["created_at"])
    db["runs"].create_index(["source_hash"])


MIGRATION_SETS: list[Migrations] = [core, bulk, llm, experiments_migrations, insights_migrations]

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
    db.table("runs").create(
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
    db.table("runs").create_index(["created_at"])
    db.table("runs").create_index(["source_hash"])


MIGRATION_SETS: list[Migrations] = [core, bulk, llm, experiments_migrations, insights_migrations]

SCHEMA_VERSION = sum(len(m._migrations) for m in MIGRATION_SETS)
"""Stored in ``PRAGMA user_version``: migrations are only ever added, so a larger number is a newer toolkit."""


def unknown_migrations(db: Database) -> list[str]:
    """Applied migrations this toolkit does not know: the file was written by a newer version."""
    if not db[Migrations.migrations_table].exists():
        return []
    known = {(m.name, f.name) for m in MIGRATION_SETS for f in m._migrations}
    rows = db.execute(f"select migration_set, name from [{Migrations.migrations_table}]").fetchall()
    return [f"{s}.{n}" for s, n in rows if (s, n) not in known]

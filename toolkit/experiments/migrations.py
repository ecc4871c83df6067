"""Schema of the experiments tables. Named, idempotent migrations: never edit one that shipped."""

from __future__ import annotations

from .._sqlite_utils import Database, Migrations

experiments_migrations = Migrations("toolkit.experiments")


@experiments_migrations()
def create_experiments(db: Database) -> None:
    db.table("experiments").create(
        {
            "id": int,
            "name": str,
            "created_at": str,
            "metric": str,
            "loss_threshold": float,
            "rope": float,
            "min_trials": float,
            "ci_level": float,
            "prior_alpha": float,
            "prior_beta": float,
            "value_cv": float,
        },
        pk="id",
        not_null={"name", "created_at", "metric", "loss_threshold", "rope", "min_trials", "ci_level", "value_cv"},
    )
    db.table("experiment_variants").create(
        {
            "id": int,
            "experiment_id": int,
            "position": int,
            "name": str,
            "ad_text": str,
            "run_id": int,
            "planned_weight": float,
            "created_at": str,
        },
        pk="id",
        not_null={"experiment_id", "position", "name", "created_at"},
        foreign_keys=[("experiment_id", "experiments", "id"), ("run_id", "runs", "id")],
    )
    db.table("experiment_variants").create_index(["experiment_id", "name"], unique=True)
    db.table("experiment_variants").create_index(["experiment_id", "position"], unique=True)
    db.table("experiment_imports").create(
        {
            "id": int,
            "experiment_id": int,
            "imported_at": str,
            "file_name": str,
            "file_hash": str,
            "platform": str,
            "currency": str,
            "row_count": int,
            "observation_count": int,
            "first_day": str,
            "last_day": str,
            "unmatched_json": str,
        },
        pk="id",
        not_null={"experiment_id", "imported_at", "file_name", "file_hash", "platform", "row_count"},
        foreign_keys=[("experiment_id", "experiments", "id")],
    )
    db.table("experiment_imports").create_index(["experiment_id", "file_hash"], unique=True)
    db.table("experiment_observations").create(
        {
            "experiment_id": int,
            "variant_id": int,
            "day": str,
            "impressions": int,
            "reach": int,
            "clicks": int,
            "conversions": float,
            "spend": float,
            "revenue": float,
            "engagements": int,
            "result_indicator": str,
            "import_id": int,  # NULL when recorded by hand
            "updated_at": str,
        },
        pk=("experiment_id", "variant_id", "day"),
        not_null={"experiment_id", "variant_id", "day", "updated_at"},
        defaults={f: 0 for f in ("impressions", "reach", "clicks", "conversions", "spend", "revenue", "engagements")},
        foreign_keys=[
            ("experiment_id", "experiments", "id"),
            ("variant_id", "experiment_variants", "id"),
            ("import_id", "experiment_imports", "id"),
        ],
    )
    db.table("experiment_analyses").create(
        {
            "id": int,
            "experiment_id": int,
            "created_at": str,
            "metric": str,
            "verdict": str,
            "winner": str,
            "reason": str,
            "result_json": str,
        },
        pk="id",
        not_null={"experiment_id", "created_at", "metric", "verdict", "reason", "result_json"},
        foreign_keys=[("experiment_id", "experiments", "id")],
    )
    db.table("experiment_analyses").create_index(["experiment_id", "created_at"])

"""Schema of what variants remember about themselves. Named, idempotent: never edit one that shipped."""

from __future__ import annotations

from .._sqlite_utils import Database, Migrations

insights_migrations = Migrations("toolkit.insights")


@insights_migrations()
def create_variant_attributes(db: Database) -> None:
    db.table("variant_attributes").create(
        {
            "variant_id": int,
            "platform": str,
            "language": str,
            "angle": str,
            "hook": str,
            "length_band": str,
            "emoji": str,
            "hashtags": str,
            "tone": str,
            "run_id": int,  # the generation run the caption came from
            "caption_variant": int,  # the caption's index within its platform in that run
            "created_at": str,
        },
        pk="variant_id",
        not_null={"created_at"},
        foreign_keys=[("variant_id", "experiment_variants", "id"), ("run_id", "runs", "id")],
    )

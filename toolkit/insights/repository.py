"""Variant attributes in the toolkit's SQLite database (one row per experiment variant, upserted)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from ..store import Store
from .attributes import VariantAttributes


def save_attributes(store: Store, variant_id: int, attributes: VariantAttributes, run_id: int | None,
                    caption_variant: int | None) -> None:
    with store.write() as db:
        db.table("variant_attributes").upsert(
            {
                "variant_id": variant_id,
                **attributes.model_dump(),
                "run_id": run_id,
                "caption_variant": caption_variant,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            },
            pk="variant_id",
        )


def stored_attributes(store: Store, variant_ids: Sequence[int]) -> dict[int, VariantAttributes]:
    if not variant_ids:
        return {}
    marks = ", ".join("?" for _ in variant_ids)
    fields = ", ".join(VariantAttributes.model_fields)
    rows = store.query(f"select variant_id, {fields} from variant_attributes where variant_id in ({marks})",
                       tuple(variant_ids))
    return {row.pop("variant_id"): VariantAttributes(**row) for row in rows}


def run_brief(store: Store, run_id: int) -> tuple[str | None, str | None]:
    """(tone, output language) of a logged generation run; (None, None) if it is not there."""
    rows = store.query("select source_language, brief_json from runs where id = ?", (run_id,))
    if not rows:
        return None, None
    try:
        brief = json.loads(rows[0]["brief_json"] or "{}")
    except ValueError:
        brief = {}
    language = brief.get("language")
    return brief.get("tone"), language if language in ("ar", "en") else rows[0]["source_language"] or None


def variant_exists(store: Store, variant_id: int) -> bool:
    return bool(store.query("select 1 from experiment_variants where id = ?", (variant_id,)))


def experiments_with_results(store: Store) -> int:
    """How many experiments have recorded numbers: a cheap look before loading the statistics."""
    rows = store.query("select count(distinct experiment_id) as n from experiment_observations")
    return int(rows[0]["n"]) if rows else 0

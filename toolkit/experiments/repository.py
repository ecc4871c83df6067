"""Experiments in the toolkit's SQLite database. Every write is one ``store.write()`` transaction.

Observations are keyed by (experiment, variant, day) and written with upserts, so recording a
day again or re-importing an overlapping export replaces numbers instead of adding them twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import sqlite_utils

from ..errors import InputError, NotFoundError, StorageError
from ..store import Store
from .metrics import OBSERVATION_FIELDS, Totals
from .models import AnalysisResult, Experiment, ExperimentSettings, ExperimentSummary, Variant, VariantSpec

MAX_VARIANTS = 10


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _insert(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """Insert ``row`` and return its integer id (every experiments table has one)."""
    pk = db.table(table).insert(row).last_pk
    if pk is None:  # sqlite-utils types it optional; an insert into a rowid table always sets it
        raise StorageError(f"The database did not return an id for the new {table} row: retry, and report it if it repeats.")
    return int(pk)


def insert_experiment(store: Store, settings: ExperimentSettings, variants: Sequence[VariantSpec]) -> int:
    with store.write() as db:
        experiment_id = _insert(db, "experiments", {**settings.model_dump(), "created_at": _now()})
        for spec in variants:
            _insert_variant(db, experiment_id, spec)
    return experiment_id


def insert_variant(store: Store, experiment_id: int, spec: VariantSpec) -> None:
    with store.write() as db:
        _require_experiment(db, experiment_id)
        _insert_variant(db, experiment_id, spec)


def _require_experiment(db: sqlite_utils.Database, experiment_id: int) -> None:
    if not list(db.query("select 1 from experiments where id = ?", [experiment_id])):
        raise NotFoundError(f"No experiment {experiment_id}: run `toolkit experiment list` to see the ids.")


def _insert_variant(db: sqlite_utils.Database, experiment_id: int, spec: VariantSpec) -> None:
    existing = list(db.query("select name, position from experiment_variants where experiment_id = ?", [experiment_id]))
    if any(row["name"].casefold() == spec.name.casefold() for row in existing):
        raise InputError(f"Experiment {experiment_id} already has a variant named {spec.name!r}: choose another name.")
    if len(existing) >= MAX_VARIANTS:
        raise InputError(f"Experiment {experiment_id} already has {MAX_VARIANTS} variants, the most one test can compare.")
    if spec.run_id is not None and not list(db.query("select 1 from runs where id = ?", [spec.run_id])):
        raise NotFoundError(f"No generation run {spec.run_id} to link variant {spec.name!r} to: check the id with `toolkit history`.")
    db.table("experiment_variants").insert(
        {
            **spec.model_dump(),
            "experiment_id": experiment_id,
            "position": max((row["position"] for row in existing), default=-1) + 1,
            "created_at": _now(),
        }
    )


def get_experiment(store: Store, experiment_id: int) -> Experiment:
    rows = store.query("select * from experiments where id = ?", (experiment_id,))
    if not rows:
        raise NotFoundError(f"No experiment {experiment_id}: run `toolkit experiment list` to see the ids.")
    variants = store.query(
        "select id, name, ad_text, run_id, position, planned_weight from experiment_variants "
        "where experiment_id = ? order by position",
        (experiment_id,),
    )
    return Experiment(**rows[0], variants=tuple(Variant(**v) for v in variants))


def list_experiments(store: Store) -> list[ExperimentSummary]:
    rows = store.query(
        """
        select e.id, e.name, e.metric, e.created_at,
          (select count(*) from experiment_variants v where v.experiment_id = e.id) as variants,
          (select count(distinct day) from experiment_observations o where o.experiment_id = e.id) as days,
          (select verdict from experiment_analyses a where a.experiment_id = e.id order by a.id desc limit 1) as last_verdict,
          (select winner from experiment_analyses a where a.experiment_id = e.id order by a.id desc limit 1) as last_winner
        from experiments e order by e.id
        """
    )
    return [ExperimentSummary(**row) for row in rows]


def merge_observation(store: Store, experiment_id: int, variant_id: int, day: dt.date, values: dict) -> dict:
    """Set the given fields of one variant's day, keeping the others; returns the stored row.

    Reading and writing inside the same BEGIN IMMEDIATE transaction means two processes
    recording at once queue up instead of overwriting each other's fields.
    """
    key = {"experiment_id": experiment_id, "variant_id": variant_id, "day": day.isoformat()}
    with store.write() as db:
        current = list(
            db.query(
                "select * from experiment_observations where experiment_id = ? and variant_id = ? and day = ?",
                [experiment_id, variant_id, day.isoformat()],
            )
        )
        row = {**key, **{f: 0 for f in OBSERVATION_FIELDS}, **(current[0] if current else {})}
        row.update(values, import_id=None, updated_at=_now())
        if row["impressions"] and row["clicks"] > row["impressions"]:
            raise InputError(
                f"Clicks ({row['clicks']}) would exceed impressions ({row['impressions']}) on {day} for this "
                "variant: record both numbers together."
            )
        db.table("experiment_observations").upsert(row, pk=("experiment_id", "variant_id", "day"))
    return row


def find_import(db: sqlite_utils.Database, experiment_id: int, file_hash: str) -> dict | None:
    rows = list(
        db.query("select * from experiment_imports where experiment_id = ? and file_hash = ?", [experiment_id, file_hash])
    )
    return rows[0] if rows else None


def write_import(db: sqlite_utils.Database, record: dict, observations: Iterable[dict]) -> int:
    """Inside the caller's transaction: the import record, then its observations (upserted)."""
    import_id = _insert(db, "experiment_imports", {**record, "imported_at": _now()})
    now = _now()
    db.table("experiment_observations").upsert_all(
        ({**row, "import_id": import_id, "updated_at": now} for row in observations),
        pk=("experiment_id", "variant_id", "day"),
    )
    return import_id


def observations(store: Store, experiment_id: int) -> list[dict]:
    """Every stored (variant, day) row with the variant's name, in variant order, oldest day first."""
    fields = ", ".join(f"o.{f}" for f in OBSERVATION_FIELDS)
    return store.query(
        f"select v.name as variant, o.day, {fields}, o.result_indicator from experiment_observations o "
        "join experiment_variants v on v.id = o.variant_id where o.experiment_id = ? order by v.position, o.day",
        (experiment_id,),
    )


def variant_totals(store: Store, experiment_id: int) -> dict[int, Totals]:
    sums = ", ".join(f"coalesce(sum({f}), 0) as {f}" for f in OBSERVATION_FIELDS)
    rows = store.query(
        f"select variant_id, {sums} from experiment_observations where experiment_id = ? group by variant_id",
        (experiment_id,),
    )
    return {row.pop("variant_id"): Totals(**{k: float(v) for k, v in row.items()}) for row in rows}


def result_indicators(store: Store, experiment_id: int) -> list[str]:
    rows = store.query(
        "select distinct result_indicator from experiment_observations "
        "where experiment_id = ? and result_indicator is not null",
        (experiment_id,),
    )
    return [row["result_indicator"] for row in rows]


def save_analysis(store: Store, result: AnalysisResult) -> int:
    with store.write() as db:
        return _insert(
            db,
            "experiment_analyses",
            {
                "experiment_id": result.experiment_id,
                "created_at": result.created_at,
                "metric": result.metric,
                "verdict": result.verdict,
                "winner": result.winner,
                "reason": result.reason,
                "result_json": result.model_dump_json(),
            },
        )


def daily_exposure(store: Store, experiment_id: int, field: str) -> float:
    """Average daily total of ``field`` across variants (for planning from an experiment)."""
    if field not in OBSERVATION_FIELDS:
        raise ValueError(field)
    rows = store.query(
        f"select day, sum({field}) as total from experiment_observations where experiment_id = ? group by day",
        (experiment_id,),
    )
    return sum(r["total"] for r in rows) / len(rows) if rows else 0.0

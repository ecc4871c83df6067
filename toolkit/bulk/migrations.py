"""Schema of ``toolkit bulk``: jobs, their items, and the Batch API batches they were sent in.

Never edit a migration that has shipped: add a new function below it.
"""

from __future__ import annotations

from .._sqlite_utils import Database, Migrations

bulk = Migrations("toolkit.bulk")


@bulk()
def create_bulk_tables(db: Database) -> None:
    db.table("bulk_jobs").create(
        {
            "id": str,  # hash of input path + generation spec: the same command finds the same job
            "created_at": str,
            "updated_at": str,
            "input": str,  # absolute path of the folder, CSV or JSONL ("" for Python iterables)
            "spec_json": str,  # JobSpec: platforms, brief, backend, model, templates
            "run_no": int,  # incremented by every run; items seen by the latest run are the job's output
            "finished_run": int,  # the last run that went through the whole input (None: none yet)
            "pid": int,  # process running it now (None when idle)
            "host": str,
            "export_json": str,  # the output options of the last run, reused by `toolkit bulk status`
        },
        pk="id",
        not_null={"created_at", "updated_at", "spec_json", "run_no"},
    )
    db.table("bulk_items").create(
        {
            "job_id": str,
            "key": str,  # file path relative to the folder, the row's id, or row-N / line-N
            "seq": int,  # position in the input during the latest run: output order
            "run_no": int,
            "name": str,  # shown in summaries: "posts/a.md", "calendar.csv row 12"
            "cache_key": str,  # content + brief + platforms + backend + model + templates
            "status": str,  # pending | submitted | done | failed
            "error_kind": str,  # input | backend | internal (only backend failures are retried by a new run)
            "error": str,
            "attempts": int,
            "cached": int,  # 1: the result was copied from an identical earlier item
            "result_json": str,  # RepurposeResult
            "prompt_tokens": int,
            "completion_tokens": int,
            "cost_usd": float,
            "duration_ms": float,
            "post_json": str,  # the parsed post, kept while a Batch API request is out
            "batch_id": str,  # the Batch API batch its requests went in (batch jobs only)
            "brief_json": str,
            "platforms": str,  # JSON list
            "updated_at": str,
        },
        pk=("job_id", "key"),
        foreign_keys=[("job_id", "bulk_jobs", "id")],
        not_null={"job_id", "key", "seq", "run_no", "status", "attempts", "cached"},
        defaults={"attempts": 0, "cached": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0},
    )
    db.table("bulk_items").create_index(["job_id", "run_no", "seq"])
    db.table("bulk_items").create_index(["cache_key", "status"])
    db.table("bulk_batches").create(
        {
            "id": str,  # the OpenAI batch id
            "job_id": str,
            "created_at": str,
            "updated_at": str,
            "input_file_id": str,
            "output_file_id": str,
            "error_file_id": str,
            "status": str,  # the API's status; "collected" once its results are in bulk_items
            "request_count": int,
        },
        pk="id",
        foreign_keys=[("job_id", "bulk_jobs", "id")],
        not_null={"job_id", "created_at", "status"},
    )
    db.table("bulk_batches").create_index(["job_id"])

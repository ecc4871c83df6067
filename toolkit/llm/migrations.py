"""The call log's schema: one named, idempotent migration set (registered in ``toolkit.migrations``).

Never edit a migration that has shipped: add a new function below it.
"""

from __future__ import annotations

from .._sqlite_utils import Database, Migrations

llm = Migrations("toolkit.llm")


@llm()
def create_llm_calls(db: Database) -> None:
    db.table("llm_calls").create(
        {
            "id": int,
            "created_at": str,
            "session": str,  # one draft of one post: all its calls share it
            "post_hash": str,
            "post_title": str,
            "language": str,
            "task": str,  # captions/x, thread/bluesky, carousel/linkedin, hashtags
            "kind": str,
            "platform": str,
            "attempt": int,  # 1, or 2 when asked again
            "status": str,  # ok | violations | invalid | invalid_json | refused | truncated | empty | error
            "template": str,
            "template_hash": str,  # sha256 of the template's source
            "templates_json": str,  # sha256 of every template and partial the call could use
            "backend": str,
            "base_url": str,  # without credentials
            "model": str,
            "parameters_json": str,  # temperature, max_tokens, response_format, extras
            "messages_json": str,  # the rendered prompt exactly as sent
            "response_raw": str,  # the HTTP body as received
            "finish_reason": str,
            "parsed_json": str,
            "problems_json": str,  # what was wrong with the answer (sent back when asking again)
            "repairs_json": str,  # what the composer must still fit (final attempt only)
            "fallback": str,  # why no answer was usable (final attempt only)
            "prompt_tokens": int,
            "completion_tokens": int,
            "cost_usd": float,
            "latency_ms": float,
            "retries": int,
            "error": str,
        },
        pk="id",
        not_null={"created_at", "session", "task", "status", "model"},
    )
    db.table("llm_calls").create_index(["session"])
    db.table("llm_calls").create_index(["created_at"])
    db.table("llm_calls").create_index(["post_hash"])


@llm()
def link_calls_to_runs_and_bulk_items(db: Database) -> None:
    """Join every call to what it served: a ``runs`` row, or a bulk job's item (``bulk_items.job_id``/``key``)."""
    calls = db.table("llm_calls")
    for column, kind in (("run_id", int), ("job_id", str), ("item_key", str)):
        if column not in calls.columns_dict:
            calls.add_column(column, kind)
    calls.create_index(["run_id"], if_not_exists=True)
    calls.create_index(["job_id", "item_key"], if_not_exists=True)

"""Every model call as one row of ``llm_calls``: what was sent, what came back, what it cost.

Rows are built by a pure function and written in one short transaction. Every text field passes
through ``redact`` first, so an API key a server echoes back never reaches the database.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ..store import Store
from .client import redact
from .conversation import Attempt, TaskOutcome
from .models import ChatRequest, Reply
from .plan import DraftJob, Task
from .settings import LLMSettings


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_TEMPLATES_JSON: dict[int, tuple[dict[str, str], str]] = {}


def _templates_json(hashes: dict[str, str]) -> str:
    """``hashes`` as JSON, made once per dict (``Prompts.hashes`` hands out the same dict for every call of a kind)."""
    cached = _TEMPLATES_JSON.get(id(hashes))
    if cached is None or cached[0] is not hashes:
        if len(_TEMPLATES_JSON) > 64:
            _TEMPLATES_JSON.clear()
        cached = _TEMPLATES_JSON[id(hashes)] = (hashes, _json(hashes))
    return cached[1]


def call_row(
    *, session: str, job: DraftJob, task: Task, number: int, request: ChatRequest, settings: LLMSettings,
    template_hashes: dict[str, str], reply: Reply | None = None, attempt: Attempt | None = None,
    outcome: TaskOutcome | None = None, cost_usd: float = 0.0, error: str | None = None, retries: int = 0,
    latency_ms: float = 0.0, tag: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One call as a row; ``outcome`` is given for the attempt that settled the task; ``tag`` names the bulk
    item it served (``job_id``, ``item_key``; a repurpose run's id is set by ``link_run`` once it exists)."""
    row: dict[str, Any] = {
        "job_id": (tag or {}).get("job_id"),
        "item_key": (tag or {}).get("item_key"),
        "created_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "session": session,
        "post_hash": job.post.source_hash,
        "post_title": job.post.title,
        "language": job.language,
        "task": task.key,
        "kind": task.kind,
        "platform": task.platform.key if task.platform else None,
        "attempt": number,
        "status": attempt.status if attempt else "error",
        "template": task.template,
        "template_hash": task.template_hash,
        "templates_json": _templates_json(template_hashes),
        "backend": "openai",
        "base_url": settings.safe_base_url,
        "model": request.model,
        "parameters_json": _json({"response_format": request.response_format, "temperature": request.temperature,
                                  "max_tokens": request.max_tokens, **request.extra_body}),
        "messages_json": _json(request.messages),
        "response_raw": reply.raw if reply else None,
        "finish_reason": reply.finish_reason if reply else None,
        "parsed_json": _json(attempt.answer.model_dump()) if attempt and attempt.answer is not None else None,
        "problems_json": _json(attempt.problems) if attempt else None,
        "repairs_json": _json(outcome.repairs) if outcome is not None else None,
        "fallback": outcome.fallback if outcome is not None else None,
        "prompt_tokens": reply.prompt_tokens if reply else 0,
        "completion_tokens": reply.completion_tokens if reply else 0,
        "cost_usd": cost_usd,
        "latency_ms": reply.latency_ms if reply else latency_ms,
        "retries": reply.retries if reply else retries,
        "error": error,
    }
    return {k: redact(v, settings) if isinstance(v, str) else v for k, v in row.items()}


def record(store: Store, rows: list[dict[str, Any]]) -> None:
    """Insert the rows in one short transaction (plain ``executemany``: this runs for every output of every post)."""
    if rows:
        columns = list(rows[0])
        sql = f"insert into llm_calls ({', '.join(columns)}) values ({', '.join('?' * len(columns))})"
        with store.write() as db:
            db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])


def link_run(store: Store, sessions: list[str], run_id: int) -> None:
    """Stamp the calls of these drafting sessions with the ``runs`` row they served."""
    marks = ",".join("?" * len(sessions))
    with store.write() as db:
        db.execute(f"update llm_calls set run_id = ? where session in ({marks})", [run_id, *sessions])


CALL_COLUMNS = ("id, created_at, run_id, job_id, item_key, session, task, attempt, status, model, messages_json, "
                "response_raw, parsed_json, problems_json, fallback, error, prompt_tokens, completion_tokens, cost_usd, "
                "latency_ms, retries")


def calls_for_run(store: Store, run_id: int) -> list[dict[str, Any]]:
    """Every model call one ``toolkit repurpose`` run made, in order: the prompt as sent (``messages_json``),
    the answer as received (``response_raw``), tokens, cost, status and error. Empty for offline runs."""
    return store.query(f"select {CALL_COLUMNS} from llm_calls where run_id = ? order by id", (run_id,))


def calls_for_item(store: Store, job_id: str, item_key: str) -> list[dict[str, Any]]:
    """Every model call one bulk item made (live or Batch API), over all the job's runs, in order."""
    return store.query(f"select {CALL_COLUMNS} from llm_calls where job_id = ? and item_key = ? order by id",
                       (job_id, item_key))

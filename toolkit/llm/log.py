"""Every model call as one row of ``llm_calls``: what was sent, what came back, what it cost.

Rows are built by a pure function and written in one short transaction. Every text field passes
through ``redact`` first, so an API key a server echoes back never reaches the database.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from ..store import Store
from .client import redact
from .conversation import Attempt, Outcome
from .models import ChatRequest, Reply
from .plan import Job, Task
from .settings import LLMSettings


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def call_row(
    *, session: str, job: Job, task: Task, number: int, request: ChatRequest, settings: LLMSettings,
    template_hashes: dict[str, str], reply: Reply | None = None, attempt: Attempt | None = None,
    outcome: Outcome | None = None, cost_usd: float = 0.0, error: str | None = None, retries: int = 0,
    latency_ms: float = 0.0,
) -> dict[str, Any]:
    """One call as a row; ``outcome`` is given for the attempt that settled the task."""
    final = outcome is not None
    row: dict[str, Any] = {
        "created_at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
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
        "templates_json": _json(template_hashes),
        "backend": "openai",
        "base_url": settings.safe_base_url,
        "model": request.model,
        "parameters_json": _json({k: v for k, v in request.body().items() if k not in ("model", "messages")}),
        "messages_json": _json(request.messages),
        "response_raw": reply.raw if reply else None,
        "finish_reason": reply.finish_reason if reply else None,
        "parsed_json": _json(attempt.answer.model_dump()) if attempt and attempt.answer is not None else None,
        "problems_json": _json(attempt.problems) if attempt else None,
        "repairs_json": _json(outcome.repairs) if final else None,
        "fallback": outcome.fallback if final else None,
        "prompt_tokens": reply.prompt_tokens if reply else 0,
        "completion_tokens": reply.completion_tokens if reply else 0,
        "cost_usd": cost_usd,
        "latency_ms": reply.latency_ms if reply else latency_ms,
        "retries": reply.retries if reply else retries,
        "error": error,
    }
    return {k: redact(v, settings) if isinstance(v, str) else v for k, v in row.items()}


def record(store: Store, rows: list[dict[str, Any]]) -> None:
    if rows:
        with store.write() as db:
            db["llm_calls"].insert_all(rows)

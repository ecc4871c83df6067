"""Run history: every repurposing run is logged to the ``runs`` table and can be shown again."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from pydantic import BaseModel

from ..errors import NotFoundError, StorageError
from ..store import Store
from .models import Brief, Post, RepurposeResult


class RunSummary(BaseModel):
    id: int
    created_at: str
    status: str
    title: str
    language: str
    backend: str
    model: str
    platforms: list[str]
    duration_ms: float | None
    error: str | None = None


def log_run(
    store: Store, *, post: Post | None, source_text: str, brief: Brief, backend: str, model: str,
    platforms: list[str], result: RepurposeResult | None, duration_ms: float, error: str | None = None,
) -> int | None:
    """Insert one run (successful or not) and return its id.

    Output first, log second: when the write fails (disk full, read-only or damaged file) the run
    is not logged, the reason is appended to ``store.unlogged`` and ``None`` is returned, so the
    caller still delivers the result it computed and tells the user it was not logged.
    """
    row = {
        "created_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "status": "error" if error else "ok",
        "source_title": post.title if post else "",
        "source_language": post.language if post else "",
        "source_format": post.source_format if post else "",
        "source_name": post.source_name if post else "",
        "source_hash": post.source_hash if post else "",
        "source_text": source_text,
        "brief_json": brief.model_dump_json(),
        "platforms": json.dumps(platforms),
        "backend": backend,
        "model": model,
        "outputs_json": result.model_dump_json() if result else None,
        "warnings_json": json.dumps(result.warnings if result else [], ensure_ascii=False),
        "timings_json": json.dumps(result.timings_ms if result else {}),
        "duration_ms": round(duration_ms, 3),
        "error": error,
    }
    try:
        with store.write() as db:
            return int(db.table("runs").insert(row).last_pk or 0)
    except StorageError as exc:
        store.unlogged.append(str(exc))
        return None


_SUMMARY_SQL = """
select id, created_at, status, source_title as title, source_language as language, backend, model,
       platforms, duration_ms, error
from runs {where} order by id desc limit :limit offset :offset
"""


def list_runs(store: Store, *, search: str = "", limit: int = 20, offset: int = 0) -> list[RunSummary]:
    """Most recent runs first; ``search`` matches the title or the source text."""
    where = r"where source_title like :q escape '\' or source_text like :q escape '\'" if search else ""
    rows = store.query(_SUMMARY_SQL.format(where=where), {"q": f"%{like_escape(search)}%", "limit": limit, "offset": offset})
    return [RunSummary(**{**r, "platforms": json.loads(r["platforms"] or "[]")}) for r in rows]


def like_escape(text: str) -> str:
    """``text`` matched literally by LIKE (``%`` and ``_`` are wildcards there)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_run(store: Store, run_id: int) -> RepurposeResult:
    """The stored result of a run, as it was printed then."""
    rows = store.query("select outputs_json, error from runs where id = ?", (run_id,))
    if not rows:
        raise NotFoundError(f"Run {run_id} is not in the database: list runs with `toolkit history`.")
    if rows[0]["outputs_json"] is None:
        raise NotFoundError(f"Run {run_id} failed and has no outputs ({rows[0]['error']}).")
    return RepurposeResult.model_validate_json(rows[0]["outputs_json"])


def get_run_source(store: Store, run_id: int) -> tuple[str, Brief]:
    """The source text and brief of a run, to run it again."""
    rows = store.query("select source_text, brief_json from runs where id = ?", (run_id,))
    if not rows:
        raise NotFoundError(f"Run {run_id} is not in the database: list runs with `toolkit history`.")
    return rows[0]["source_text"], Brief.model_validate_json(rows[0]["brief_json"])

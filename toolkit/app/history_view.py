"""What the History page lists: one row per run, status and time first, failed runs marked; a run's model calls."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..repurpose.history import RunSummary
from .forms import LANGUAGE_NAMES


def when(run: RunSummary) -> str:
    """``2026-03-01 09:30``: to the minute, enough to tell identical titles apart."""
    return run.created_at[:16].replace("T", " ")


def history_label(run: RunSummary) -> str:
    """``✓ #12 · 2026-03-01 09:30 · Title`` for the run picker (✗ for a failed run)."""
    return f"{'✓' if run.status == 'ok' else '✗'} #{run.id} · {when(run)} · {run.title}"


def history_rows(runs: Sequence[RunSummary], t: Callable[..., str], backend: Callable[[str, str], str]) -> list[dict]:
    """The table's rows, in the UI language ``t`` speaks: status and time come first so they are
    never scrolled off a phone's screen."""
    return [
        {
            t("Status"): f"✓ {t('ok')}" if r.status == "ok" else f"✗ {t('failed')}",
            t("Time"): when(r),
            "#": r.id,
            t("Title"): r.title,
            t("Language"): t(LANGUAGE_NAMES.get(r.language, r.language)),
            t("Platforms"): len(r.platforms),
            t("Duration (ms)"): round(r.duration_ms) if r.duration_ms is not None else None,
            t("Backend"): backend(r.backend, r.model),
        }
        for r in runs
    ]


MAX_SHOWN = 20_000  # characters of one prompt or answer shown on the page (the database keeps all)


def call_rows(calls: Sequence[dict], t: Callable[..., str]) -> list[dict]:
    """A run's model calls as table rows: what each was for, how it went, what it cost."""
    return [
        {
            "#": i,
            t("Task"): c.get("task") or "",
            t("Attempt"): c.get("attempt") or 1,
            t("Status"): c.get("status") or "",
            t("Model"): c.get("model") or "",
            t("Prompt tokens"): c.get("prompt_tokens") or 0,
            t("Answer tokens"): c.get("completion_tokens") or 0,
            t("Cost (USD)"): f"{c.get('cost_usd') or 0.0:.5f}",
            t("Duration (ms)"): round(c.get("latency_ms") or 0.0),
        }
        for i, c in enumerate(calls, start=1)
    ]


def call_messages(call: dict) -> list[tuple[str, str]]:
    """(role, content) of the prompt as it was sent; a prompt that is not valid JSON is shown whole."""
    try:
        messages = json.loads(call.get("messages_json") or "[]")
    except json.JSONDecodeError:
        return [("user", str(call.get("messages_json")))]
    return [(str(m.get("role", "")), str(m.get("content", ""))) for m in messages if isinstance(m, dict)]


def clipped(text: str) -> tuple[str, int]:
    """``text`` up to ``MAX_SHOWN`` characters, and how many were left out."""
    return text[:MAX_SHOWN], max(len(text) - MAX_SHOWN, 0)

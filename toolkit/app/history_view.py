"""What the History page lists: one row per run, status and time first, failed runs marked."""

from __future__ import annotations

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

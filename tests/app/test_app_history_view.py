"""History rows: status and time first, failed runs marked, labels in the UI language."""

from __future__ import annotations

from toolkit.app.history_view import history_label, history_rows
from toolkit.app.i18n import tr
from toolkit.repurpose.history import RunSummary


def _run(i: int, status: str) -> RunSummary:
    return RunSummary(id=i, created_at="2026-03-01T09:30:12+00:00", status=status, title="Same title", language="ar",
                      backend="offline", model="extractive-v1", platforms=["x", "threads"], duration_ms=812.4,
                      error=None if status == "ok" else "The pasted text is empty.")


def test_failed_and_ok_runs_are_told_apart():
    assert history_label(_run(3, "ok")) == "✓ #3 · 2026-03-01 09:30 · Same title"
    assert history_label(_run(4, "error")).startswith("✗ #4")


def test_rows_in_arabic_start_with_status_and_time():
    rows = history_rows([_run(1, "error")], lambda s, **v: tr(s, "ar", **v), lambda b, m: f"{b} ({m})")
    assert list(rows[0])[:2] == ["الحالة", "الوقت"]
    assert rows[0]["الحالة"] == "✗ فشل" and rows[0]["اللغة"] == "العربية"
    assert rows[0]["المنصات"] == 2 and rows[0]["المدة (ملّي ثانية)"] == 812

"""What the Experiments page draws, computed from the experiments engine's own results.

Pure: analyses in, HTML, table rows and Altair charts out. The numbers all come from
``toolkit.experiments`` (``analyze_totals``, ``posteriors_for``, the posterior families); this
module only evaluates them on a grid for plots and over time for the history chart, and formats.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from html import escape

import altair as alt
import numpy as np

from ..experiments.analysis import analyze_totals
from ..experiments.metrics import METRICS, Totals, posteriors_for
from ..experiments.models import AnalysisResult, Observation
from ..experiments.posteriors import FAMILIES, Posterior
from .i18n import UiLanguage, tr

VERDICTS: dict[str, tuple[str, str]] = {
    "ship_winner": ("Ship the winner", "#2e7d32"),
    "keep_running": ("Keep running", "#b26a00"),
    "stop_no_difference": ("Stop: no meaningful difference", "#455a64"),
}


def verdict_card(analysis: AnalysisResult, ui: UiLanguage) -> str:
    """The decision in one colored card: headline, the engine's sentence, and any warnings."""
    headline, color = VERDICTS[analysis.verdict]
    notices = "".join(f'<li dir="auto">{escape(n.message)}</li>' for n in analysis.warnings)
    return (
        f'<div class="tk-verdict" style="border-inline-start:6px solid {color}">'
        f'<div class="tk-verdict-head" style="color:{color}">{tr(headline, ui)}</div>'
        f'<div class="tk-verdict-text" dir="ltr" lang="en">{escape(analysis.message)}</div>'
        + (f'<ul class="tk-verdict-notes">{notices}</ul>' if notices else "")
        + "</div>"
    )


def _pct(x: float | None, digits: int = 1) -> str:
    return "—" if x is None or np.isnan(x) else f"{x:.{digits}%}"


def _rate(x: float | None) -> str:
    return "—" if x is None else f"{x:.4g}"


def arm_rows(analysis: AnalysisResult, ui: UiLanguage) -> list[dict[str, str]]:
    """One row per variant: observed, posterior interval, P(best), P(beat control), risk, lift."""
    level = f"{analysis.ci_level:.0%}"
    rows = []
    for arm in analysis.arms:
        rows.append({
            tr("Variant", ui): arm.name + (f" ({tr('Control', ui)})" if arm.is_control else ""),
            tr("Observed", ui): f"{arm.numerator:,.0f} / {arm.denominator:,.0f}",
            tr("Rate", ui): _rate(arm.mean),
            f"{level} {tr('interval', ui)}": f"{_rate(arm.ci_low)} – {_rate(arm.ci_high)}",
            tr("Probability to be best", ui): _pct(arm.prob_best),
            tr("Probability to beat control", ui): "—" if arm.is_control else _pct(arm.prob_beat_control),
            tr("Expected loss", ui): _pct(arm.expected_loss_relative, 2),
            tr("Lift vs control", ui): "—" if arm.is_control or arm.lift_rel_low is None
            else f"{_pct(arm.lift_rel_low)} – {_pct(arm.lift_rel_high)}",
        })
    return rows


def posterior_curves(metric: str, names: Sequence[str], totals: Sequence[Totals], points: int = 240) -> list[dict]:
    """Each variant's posterior density on one shared grid spanning every arm's 0.1%-99.9% range."""
    posts = [(n, p) for n, p in zip(names, posteriors_for(METRICS[metric], totals)) if isinstance(p, Posterior)]
    if not posts:
        return []
    lo = min(p.quantile(0.001) for _, p in posts)
    hi = max(p.quantile(0.999) for _, p in posts)
    grid = np.linspace(lo, hi, points)
    rows = []
    for name, p in posts:
        density = np.exp(FAMILIES[p.family].logpdf_x(p.a, p.b, grid))
        rows.extend({"variant": name, "rate": float(x), "density": float(d)} for x, d in zip(grid, density))
    return rows


def cumulative_totals(by_variant: Mapping[str, Sequence[Observation]]) -> list[tuple[dt.date, list[Totals]]]:
    """Totals of every variant up to and including each day that has data."""
    days = sorted({o.day for obs in by_variant.values() for o in obs})
    fields = ("impressions", "reach", "clicks", "conversions", "spend", "revenue", "engagements")
    out = []
    for day in days:
        totals = [
            Totals(**{f: float(sum(getattr(o, f) for o in obs if o.day <= day)) for f in fields})
            for obs in by_variant.values()
        ]
        out.append((day, totals))
    return out


def prob_best_history(metric: str, by_variant: Mapping[str, Sequence[Observation]]) -> list[dict]:
    """Probability to be best of each variant, analysed on the data as it stood at the end of each day."""
    names = list(by_variant)
    rows = []
    for day, totals in cumulative_totals(by_variant):
        analysis = analyze_totals("history", METRICS[metric], names, totals)
        rows.extend({"day": day.isoformat(), "variant": a.name, "prob_best": a.prob_best}
                    for a in analysis.arms if a.prob_best is not None)
    return rows


def density_chart(curves: list[dict], metric_label: str) -> alt.Chart:
    return alt.Chart(alt.Data(values=curves)).mark_area(opacity=0.35, line=True).encode(
        x=alt.X("rate:Q", title=metric_label), y=alt.Y("density:Q", title=None, axis=None),
        color=alt.Color("variant:N", title=None, scale=alt.Scale(scheme="tableau10")),
    ).properties(height=240)


def lift_chart(analysis: AnalysisResult) -> alt.Chart:
    """Relative lift of each variant over the control, with its credible interval."""
    values = [{"variant": a.name, "low": a.lift_rel_low, "high": a.lift_rel_high, "lift": a.lift_rel}
              for a in analysis.arms if not a.is_control and a.lift_rel_low is not None]
    base = alt.Chart(alt.Data(values=values)).encode(y=alt.Y("variant:N", title=None))
    return (
        base.mark_rule(strokeWidth=3).encode(x=alt.X("low:Q", axis=alt.Axis(format="%"), title=None), x2="high:Q")
        + base.mark_point(filled=True, size=80).encode(x="lift:Q")
        + alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(strokeDash=[4, 4]).encode(x="zero:Q")
    ).properties(height=max(60, 40 * len(values)))


def history_chart(rows: list[dict]) -> alt.Chart:
    return alt.Chart(alt.Data(values=rows)).mark_line(point=True).encode(
        x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("prob_best:Q", axis=alt.Axis(format="%"), title=None, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("variant:N", title=None, scale=alt.Scale(scheme="tableau10")),
    ).properties(height=240)

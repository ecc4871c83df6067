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
import regex

from ..experiments.analysis import analyze_totals, prob_text
from ..experiments.health import format_p
from ..experiments.metrics import METRICS, Totals, posteriors_for
from ..experiments.models import AnalysisResult, ArmResult, DaysPlanResult, Observation
from ..experiments.posteriors import FAMILIES, Posterior
from .i18n import UiLanguage, tr
from .labels import COUNT_LABELS, METRIC_LABELS, metric_label  # noqa: F401  (metric_label: the pages)

VERDICTS: dict[str, tuple[str, str]] = {
    "ship_winner": ("Ship the winner", "#2e7d32"),
    "keep_running": ("Keep running", "#b26a00"),
    "stop_no_difference": ("Stop: no meaningful difference", "#455a64"),
}

# The invalid-data reasons of ``toolkit.experiments.metrics``: why an arm has no posterior yet.
_INVALID = {
    "no_data": "Keep running: no {exposure} yet for {names}.",
    "no_revenue": "Keep running: no revenue recorded yet for {names}; import or record revenue to model it.",
    "no_conversions_for_revenue": "Keep running: revenue needs conversions to model it, and {names} has none recorded yet.",
    "invalid_value": "Cannot judge {names}: a stored number is infinite, not a number or negative; record that day "
                     "again with the right values.",
    "successes_exceed_trials": "Cannot judge the {metric}: more {numerator} than {exposure} for {names}; use a "
                               "per-impression or per-spend metric instead.",
}
SHIP_SENTENCES = {  # keyed by "the winner is the control"
    True: "Keep the control {name}: it beats every variant; the closest, {closest}, is {interval} against it ({level} "
          "interval) and beats it with only {p} probability.",
    False: "Ship {name}: it beats {control} with {p} probability, by {interval} ({level} interval).",
}
GUARANTEE = "Checked daily, a test like this names a false winner less than {rate} of the time."
GUARANTEE_RUNNING = "Check as often as you like: the rule names a false winner less than {rate} of the time."
# What the Arabic sentences are built for (tests/app/test_app_experiments.py checks these cover the engine's).
TRANSLATED_REASONS = frozenset({"winner_proven", "inside_rope", "all_within_threshold", "tiny_sample",
                                "evidence_below_bound", *_INVALID})
TRANSLATED_WARNINGS = frozenset({"tiny_sample", "srm", "srm_not_applicable", "delivery", "mixed_result_types",
                                 "revenue_assumption"})
_FALLBACK = {  # a reason this version does not know: the verdict itself, said plainly
    "ship_winner": "Ship {winner}.",
    "keep_running": "Keep running: the data cannot decide yet.",
    "stop_no_difference": "Stop, no meaningful difference between the variants.",
}


def _names(names: Sequence[str]) -> str:
    return "، ".join(f'<bdi translate="no">{escape(n)}</bdi>' for n in names) if names else "—"


def _sentence(template: str, ui: UiLanguage, **values: str) -> str:
    """``template`` translated and escaped, then filled with ready-made HTML pieces."""
    return escape(tr(template, ui)).format(**values)


def _num(text: str) -> str:
    return f'<bdi dir="ltr">{escape(text)}</bdi>'


def _prob(p: float | None) -> str:
    """A probability as the engine writes it: never a rounded-up 100% or a rounded-down 0%."""
    return "—" if p is None else prob_text(p)


def _signed(x: float | None) -> str:
    return "—" if x is None else ("+" if x > 0 else "") + f"{x:.1%}"


def _interval(low: float | None, high: float | None, ui: UiLanguage) -> str:
    return _sentence("{low} to {high}", ui, low=_num(_signed(low)), high=_num(_signed(high)))


def _guarantee(analysis: AnalysisResult, ui: UiLanguage, *, running: bool = False) -> str:
    return _sentence(GUARANTEE_RUNNING if running else GUARANTEE, ui, rate=_num(f"{analysis.false_winner_rate:.0%}"))


def _closest(arms: Sequence[ArmResult]) -> ArmResult | None:
    """The variant nearest to (or above) the control, as the engine names it."""
    variants = [a for a in arms if not a.is_control and a.prob_beat_control is not None]
    return max(variants, key=lambda a: a.prob_beat_control or 0.0) if variants else None


def verdict_sentence(analysis: AnalysisResult, ui: UiLanguage, *, min_trials: float = 100.0) -> str:
    """The decision as one sentence in the UI language: the engine's own ``message`` in English,
    and in Arabic the same sentence built from the analysis' fields (verdict, reason, arms,
    evidence), with the rule's guarantee."""
    if ui == "en":
        return escape(analysis.message)
    m = analysis.metric
    metric = escape(tr(METRIC_LABELS.get(m, m), ui))
    exposure_key = METRICS[m].denominator if m in METRICS else "impressions"
    exposure = escape(tr(COUNT_LABELS.get(exposure_key, exposure_key), ui))
    numerator_key = METRICS[m].numerator if m in METRICS else "clicks"
    numerator = escape(tr(COUNT_LABELS.get(numerator_key, numerator_key), ui))
    threshold = _num(f"{analysis.loss_threshold:.2%}")
    level = _num(f"{analysis.ci_level:.0%}")
    arms = {a.name: a for a in analysis.arms}
    control = next((a for a in analysis.arms if a.is_control), None)
    closest = _closest(analysis.arms)
    reason = analysis.reason
    if reason in _INVALID:
        names = [a.name for a in analysis.arms if a.reason == reason]
        return _sentence(_INVALID[reason], ui, exposure=exposure, names=_names(names), metric=metric,
                         numerator=numerator)
    if (analysis.verdict == "ship_winner" and analysis.winner in arms and reason == "winner_proven"
            and control is not None and closest is not None):
        arm = arms[analysis.winner]
        known = (_sentence(SHIP_SENTENCES[True], ui, name=_names([arm.name]), closest=_names([closest.name]),
                           interval=_interval(closest.lift_rel_low, closest.lift_rel_high, ui), level=level,
                           p=_num(_prob(closest.prob_beat_control)))
                 if arm.is_control else
                 _sentence(SHIP_SENTENCES[False], ui, name=_names([arm.name]), control=_names([control.name]),
                           p=_num(_prob(arm.prob_beat_control)),
                           interval=_interval(arm.lift_rel_low, arm.lift_rel_high, ui), level=level))
        if not arm.is_control and len(analysis.arms) > 2:
            known += " " + _sentence("It is the best of {n} with {p} probability.", ui, n=_num(str(len(analysis.arms))),
                                     p=_num(_prob(arm.prob_best)))
        return f"{known} {_guarantee(analysis, ui)}"
    if analysis.verdict == "stop_no_difference" and reason == "inside_rope":
        return _sentence("Stop, no meaningful difference: every variant is within ±{rope} of the control's {metric} "
                         "with at least {level} probability.", ui, rope=_num(f"{analysis.rope:.1%}"), metric=metric,
                         level=level) + " " + _guarantee(analysis, ui)
    if analysis.verdict == "stop_no_difference" and reason == "all_within_threshold":
        return _sentence("Stop, no meaningful difference: whichever variant you pick risks less than {threshold} of "
                         "the control's {metric}.", ui, threshold=threshold, metric=metric) + " " + _guarantee(analysis, ui)
    if analysis.verdict == "keep_running" and reason == "tiny_sample":
        short = [a.name for a in analysis.arms if a.denominator < min_trials]
        return _sentence("Keep running: fewer than {n} {exposure} so far for {names}.", ui,
                         n=_num(f"{min_trials:g}"), exposure=exposure, names=_names(short))
    if (analysis.verdict == "keep_running" and reason == "evidence_below_bound" and control is not None
            and closest is not None):
        lead = arms.get(analysis.leader or "", control)
        evidence = dict(evidence=_num(f"{analysis.evidence or 0.0:.3g}"),
                        needed=_num(f"{analysis.evidence_needed or 0.0:.3g}"))
        if lead.is_control:
            known = _sentence("Keep running: the control {name} leads; the closest variant, {closest}, beats it with {p} "
                              "probability (lift {interval}), but the evidence (Bayes factor {evidence}) is short of "
                              "the {needed} a winner needs.", ui, name=_names([lead.name]),
                              closest=_names([closest.name]), p=_num(_prob(closest.prob_beat_control)),
                              interval=_interval(closest.lift_rel_low, closest.lift_rel_high, ui), **evidence)
        else:
            known = _sentence("Keep running: {name} leads and beats {control} with {p} probability (lift {interval}), "
                              "but the evidence (Bayes factor {evidence}) is short of the {needed} a winner needs.", ui,
                              name=_names([lead.name]), control=_names([control.name]),
                              p=_num(_prob(lead.prob_beat_control)),
                              interval=_interval(lead.lift_rel_low, lead.lift_rel_high, ui), **evidence)
        return f"{known} {_guarantee(analysis, ui, running=True)}"
    return _sentence(_FALLBACK.get(analysis.verdict, _FALLBACK["keep_running"]), ui,
                     winner=_names([analysis.winner] if analysis.winner else []))


def _delivery_shares(message: str, analysis: AnalysisResult) -> list[tuple[str, str, str]]:
    """(variant, delivered share, planned share) as the engine's delivery note lists them."""
    found = []
    for arm in analysis.arms:
        hit = regex.search(regex.escape(arm.name) + r" (\d+(?:\.\d+)?%) \(planned (\d+(?:\.\d+)?%)\)", message)
        if hit:
            found.append((arm.name, hit.group(1), hit.group(2)))
    return found


def _revenue_warning(message: str, ui: UiLanguage) -> str:
    doubtful = regex.search(r"varies ([\d.]+) times more than --value-cv ([\d.]+) allows \(chi-square ([^)]+)\).*"
                            r"--value-cv ([\d.]+) or more", message)
    if doubtful:
        ratio, cv, p, better = doubtful.groups()
        return _sentence("Daily revenue varies {ratio} times more than the assumed order-value spread (coefficient of "
                         "variation {cv}) allows (chi-square {p}): the intervals are too narrow; recreate the "
                         "experiment with a coefficient of variation of {better} or more.", ui, ratio=_num(ratio),
                         cv=_num(cv), p=_num(p), better=_num(better))
    cv = regex.search(r"coefficient of variation of ([\d.]+)", message)
    return _sentence("Revenue intervals assume order values vary with a coefficient of variation of {cv}; with fewer "
                     "than 5 days of revenue this cannot be checked yet, and if a few large orders make most of your "
                     "revenue, raise it.", ui, cv=_num(cv.group(1) if cv else "1"))


def warning_sentence(code: str, message: str, analysis: AnalysisResult, ui: UiLanguage, *,
                     min_trials: float = 100.0) -> str:
    """One of the analysis' warnings in the UI language: the engine's sentence in English, in Arabic
    rebuilt from its code and the analysis' numbers."""
    if ui == "en":
        return escape(message)
    m = analysis.metric
    if code == "tiny_sample":
        exposure_key = METRICS[m].denominator if m in METRICS else "impressions"
        numerator_key = METRICS[m].numerator if m in METRICS else "clicks"
        names = [a.name for a in analysis.arms if a.denominator < min_trials or a.numerator < 5]
        return _sentence("Few data for {names}: under {n} {exposure} or under 5 {numerator}; the numbers can still "
                         "swing a lot.", ui, names=_names(names), n=_num(f"{min_trials:g}"),
                         exposure=escape(tr(COUNT_LABELS.get(exposure_key, exposure_key), ui)),
                         numerator=escape(tr(COUNT_LABELS.get(numerator_key, numerator_key), ui)))
    if code == "srm" and analysis.srm is not None:
        return _sentence("People reached do not match the planned split (chi-square {p}): the audience split is broken; "
                         "check targeting, exclusions and budgets before trusting the result.", ui,
                         p=_num(format_p(analysis.srm.p_value)))
    if code == "srm_not_applicable":
        return _sentence("No sample-ratio check: it needs the people reached per variant (a Reach column), the unit the "
                         "audience was split by; impressions and spend are not randomised, so they cannot show a broken "
                         "split.", ui)
    if code == "delivery":
        shown = "، ".join(_sentence("{name} {got} (planned {want})", ui, name=_names([n]), got=_num(g), want=_num(w))
                          for n, g, w in _delivery_shares(message, analysis))
        return _sentence("Delivery: impressions went {shown}. Ad platforms shift delivery towards the ads they expect to "
                         "do better; rates per impression stay comparable, so this alone does not break the test.", ui,
                         shown=shown or "—")
    if code == "revenue_assumption":
        return _revenue_warning(message, ui)
    if code == "mixed_result_types":
        return _sentence("Results count different things across rows: compare like with like.", ui)
    return (_sentence("Another note from the analysis (in English):", ui)
            + f' <bdi dir="ltr" lang="en" translate="no">{escape(message)}</bdi>')


def verdict_card(analysis: AnalysisResult, ui: UiLanguage, *, min_trials: float = 100.0) -> str:
    """The decision in one colored card: headline, the sentence, and any warnings."""
    headline, color = VERDICTS.get(analysis.verdict, ("Keep running", "#b26a00"))
    notices = "".join(
        f"<li>{warning_sentence(n.code, n.message, analysis, ui, min_trials=min_trials)}</li>" for n in analysis.warnings
    )
    return (
        f'<div class="tk-verdict" style="border-inline-start:6px solid {color}">'
        f'<div class="tk-verdict-head" style="color:{color}">{escape(tr(headline, ui))}</div>'
        f'<div class="tk-verdict-text">{verdict_sentence(analysis, ui, min_trials=min_trials)}</div>'
        + (f'<ul class="tk-verdict-notes">{notices}</ul>' if notices else "")
        + "</div>"
    )


def srm_line(analysis: AnalysisResult, ui: UiLanguage) -> str:
    """The sample-ratio check as one line: what was counted (people reached, the randomised unit),
    each share isolated so it reads in either direction, and a p-value that never reads "p = 0"."""
    srm = analysis.srm
    if srm is None:
        return ""
    shares = " · ".join(f"{_num(f'{o:.1%} / {e:.1%}')}" for o, e in zip(srm.observed_share, srm.expected_share, strict=True))
    unit = escape(tr(COUNT_LABELS.get(srm.unit, srm.unit), ui))
    text = _sentence("Sample ratio of {unit} (the people the audience was split into): delivered / planned {shares} "
                     "({p})", ui, unit=unit, shares=shares, p=_num(format_p(srm.p_value)))
    return f'<div class="tk-srm{" tk-srm-bad" if srm.mismatch else ""}">{text}</div>'


def share_text(p: float, n: int) -> str:
    """A simulated share; none or all of ``n`` gets a rule-of-three bound, as the engine says it."""
    if p <= 0:
        return f"< {3 / n:.1%}" if n else "0%"
    if p >= 1:
        return f"> {1 - 3 / n:.1%}" if n else "100%"
    return f"{p:.1%}"


def plan_sentence(plan: DaysPlanResult, ui: UiLanguage) -> str:
    """The planner's answer: the engine's sentence in English, in Arabic rebuilt from the simulation's
    fields (days to a decision, how often the better and a worse variant ship, the A/A false-winner rate)."""
    if ui == "en":
        return escape(plan.message)
    n = plan.simulations
    unit_key = METRICS[plan.metric].denominator if plan.metric in METRICS else "impressions"
    head = _sentence("At {daily} {unit} per variant a day, checked daily for up to {max_days} days:", ui,
                     daily=_num(f"{plan.daily_per_variant:,.0f}"), unit=escape(tr(COUNT_LABELS.get(unit_key, unit_key), ui)),
                     max_days=_num(str(plan.max_days)))
    lift = _num(f"{plan.lift:+.0%}")
    if plan.days_likely is None:
        timing = _sentence("only {share} of {n} simulated tests with a {lift} lift decided; more traffic or a bigger lift "
                           "is needed.", ui, share=_num(share_text(plan.prob_decision, n)), n=_num(str(n)), lift=lift)
    else:
        lo, hi = plan.days_interval
        span = _num(f"{lo}–{hi}") if hi is not None else _sentence("{lo} or more", ui, lo=_num(str(lo)))
        timing = _sentence("a decision is likely by day {days} ({target} of {n} simulated tests; 95% interval: days "
                           "{span}).", ui, days=_num(str(plan.days_likely)), target=_num(_pct(plan.target, 0)),
                           n=_num(str(n)), span=span)
    ship = _sentence("The {lift} variant is shipped in {ship} of tests and a worse one in {worse}.", ui, lift=lift,
                     ship=_num(share_text(plan.prob_ship_lifted, n)), worse=_num(share_text(plan.prob_ship_worse, n)))
    aa = _sentence("In A/A tests (no real difference) the rule names a false winner in {false} and ends “no meaningful "
                   "difference” in {same}.", ui, false=_num(share_text(plan.aa_false_winner, n)),
                   same=_num(share_text(plan.aa_no_difference, n)))
    return f"{head} {timing} {ship} {aa}"


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
    posts = [(n, p) for n, p in zip(names, posteriors_for(METRICS[metric], totals), strict=True) if isinstance(p, Posterior)]
    if not posts:
        return []
    lo = min(p.quantile(0.001) for _, p in posts)
    hi = max(p.quantile(0.999) for _, p in posts)
    grid = np.linspace(lo, hi, points)
    rows: list[dict] = []
    for name, p in posts:
        density = np.exp(FAMILIES[p.family].logpdf_x(p.a, p.b, grid))
        rows.extend({"variant": name, "rate": float(x), "density": float(d)} for x, d in zip(grid, density, strict=True))
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
    rows: list[dict] = []
    for day, totals in cumulative_totals(by_variant):
        analysis = analyze_totals("history", METRICS[metric], names, totals)
        rows.extend({"day": day.isoformat(), "variant": a.name, "prob_best": a.prob_best}
                    for a in analysis.arms if a.prob_best is not None)
    return rows


def density_chart(curves: list[dict], axis_title: str) -> alt.Chart:
    return alt.Chart(alt.Data(values=curves)).mark_area(opacity=0.35, line=True).encode(
        x=alt.X("rate:Q", title=axis_title, axis=alt.Axis(tickCount=5, labelOverlap="greedy")),
        y=alt.Y("density:Q", title=None, axis=None),
        color=alt.Color("variant:N", title=None, scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(orient="bottom", labelLimit=220)),
    ).properties(height=240)


def lift_chart(analysis: AnalysisResult) -> alt.Chart:
    """Relative lift of each variant over the control, with its credible interval."""
    values = [{"variant": a.name, "low": a.lift_rel_low, "high": a.lift_rel_high, "lift": a.lift_rel}
              for a in analysis.arms if not a.is_control and a.lift_rel_low is not None]
    base = alt.Chart(alt.Data(values=values)).encode(
        y=alt.Y("variant:N", title=None, axis=alt.Axis(labelLimit=160, labelPadding=6)))
    return (
        base.mark_rule(strokeWidth=3).encode(
            x=alt.X("low:Q", axis=alt.Axis(format="%", tickCount=4, labelOverlap="greedy", labelFlush=True), title=None),
            x2="high:Q")
        + base.mark_point(filled=True, size=80).encode(x="lift:Q")
        + alt.Chart(alt.Data(values=[{"zero": 0}])).mark_rule(strokeDash=[4, 4]).encode(x="zero:Q")
    ).properties(height=max(80, 44 * len(values)))


def history_chart(rows: list[dict]) -> alt.Chart:
    return alt.Chart(alt.Data(values=rows)).mark_line(point=True).encode(
        x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=-30, labelOverlap="greedy")),
        y=alt.Y("prob_best:Q", axis=alt.Axis(format="%"), title=None, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("variant:N", title=None, scale=alt.Scale(scheme="tableau10"),
                        legend=alt.Legend(orient="bottom", labelLimit=220)),
    ).properties(height=240)

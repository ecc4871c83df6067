"""From variant totals to a verdict a marketer can act on. Pure: no database, no files.

Arms whose data cannot support a posterior (no exposure yet, more conversions than clicks for a
per-click rate, revenue without conversions) get a reason code and no numbers; the others are
still compared, and the verdict stays "keep running" until every arm has data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .bayes import Comparison, compare, compare_batch
from .decision import (
    KEEP_RUNNING,
    SHIP_WINNER,
    STOP_NO_DIFFERENCE,
    Decision,
    DecisionRule,
    decide,
)
from .health import delivery_gaps, format_p, sample_ratio_mismatch, tiny_arms
from .metrics import (
    FUNNEL,
    INVALID_VALUE,
    METRICS,
    NO_CONVERSIONS,
    NO_DATA,
    NO_REVENUE,
    Metric,
    Totals,
    posteriors_for,
)
from .models import AnalysisResult, ArmResult, FunnelRow, Notice, SampleRatioResult
from .posteriors import Posterior, Prior


def analyze_totals(
    name: str,
    metric: Metric,
    names: Sequence[str],
    totals: Sequence[Totals],
    rule: DecisionRule = DecisionRule(),
    prior: Prior | None = None,
    value_cv: float = 1.0,
    planned_weights: Sequence[float | None] | None = None,
    result_indicators: Sequence[str] = (),
    funnel: bool = False,
    experiment_id: int | None = None,
) -> AnalysisResult:
    """Analyse one experiment; the first arm is the control."""
    posts = posteriors_for(metric, totals, prior, value_cv)
    valid = [i for i, p in enumerate(posts) if isinstance(p, Posterior)]
    numerators = [float(getattr(t, metric.numerator)) for t in totals]
    denominators = [float(getattr(t, metric.denominator)) for t in totals]
    warnings: list[Notice] = []

    comparison: Comparison | None = None
    if 0 in valid and len(valid) >= 2:  # without the control's data there is nothing to lift against
        comparison = compare([p for p in posts if isinstance(p, Posterior)], control=0, ci_level=rule.ci_level, rope=rule.rope)
    arms = _arm_results(metric, names, posts, valid, numerators, denominators, comparison)

    invalid = [i for i in range(len(posts)) if i not in valid]
    if invalid:
        reason = str(posts[invalid[0]])
        verdict, winner, leader, evidence = KEEP_RUNNING, None, None, None
        message = _invalid_message(metric, [names[i] for i in invalid if posts[i] == posts[invalid[0]]], reason)
    else:
        assert comparison is not None
        decision = decide(comparison.batch, [denominators], rule)
        verdict, reason = decision.verdict, decision.reason
        winner = None if decision.winner is None else names[decision.winner]
        leader, evidence = names[decision.leader], decision.evidence
        message = _message(metric, rule, names, arms, denominators, decision)

    small = tiny_arms(numerators, denominators, rule.min_trials)
    if small:
        listed = ", ".join(names[i] for i in small)
        warnings.append(
            Notice(
                code="tiny_sample",
                message=f"Few data for {listed}: under {rule.min_trials:g} {metric.exposure_label} or "
                f"under 5 {metric.numerator}; the numbers can still swing a lot.",
            )
        )
    srm, notices = _sample_ratio(names, totals, planned_weights)
    warnings.extend(notices)
    kinds = sorted({r for r in result_indicators if r})
    if len(kinds) > 1:
        warnings.append(
            Notice(
                code="mixed_result_types",
                message=f"Results count different things across rows ({', '.join(kinds)}): compare like with like.",
            )
        )
    return AnalysisResult(
        experiment_id=experiment_id,
        experiment_name=name,
        metric=metric.key,
        metric_label=metric.cost_label or metric.label,
        model=metric.model,
        ci_level=rule.ci_level,
        loss_threshold=rule.loss_threshold,
        rope=rule.rope,
        false_winner_rate=rule.false_winner_rate,
        evidence=evidence,
        evidence_needed=rule.evidence_bound(len(names)),
        leader=leader,
        verdict=verdict,
        winner=winner,
        reason=reason,
        message=message,
        arms=tuple(arms),
        warnings=tuple(warnings),
        srm=srm,
        funnel=funnel_rows(names, totals, value_cv=value_cv, ci_level=rule.ci_level) if funnel else (),
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )


def _sample_ratio(
    names: Sequence[str], totals: Sequence[Totals], planned_weights: Sequence[float | None] | None
) -> tuple[SampleRatioResult | None, list[Notice]]:
    """The sample-ratio check on people reached, when the planned split is known, and a note on
    impressions delivery. Never on impressions or spend (see ``health.sample_ratio_mismatch``)."""
    if not planned_weights or not all(w for w in planned_weights):
        return None, []
    if not any(t.impressions > 0 or t.reach > 0 for t in totals):
        return None, []  # nothing delivered yet: nothing to check
    weights = [float(w) for w in planned_weights if w]
    notices = []
    gaps = delivery_gaps([t.impressions for t in totals], weights)
    if gaps:
        shown = ", ".join(f"{names[i]} {got:.1%} (planned {want:.1%})" for i, got, want in gaps)
        notices.append(Notice(
            code="delivery",
            message=f"Delivery: impressions went {shown}. Ad platforms shift delivery towards the ads they "
            "expect to do better; rates per impression stay comparable, so this alone does not break the test.",
        ))
    check = sample_ratio_mismatch([t.reach for t in totals], weights) if all(t.reach > 0 for t in totals) else None
    if check is None:
        notices.append(Notice(
            code="srm_not_applicable",
            message="No sample-ratio check: it needs the people reached per variant (a Reach column), the unit "
            "the audience was split by; impressions and spend are not randomised, so they cannot show a broken split.",
        ))
        return None, notices
    srm = SampleRatioResult(
        chi2=check.chi2, p_value=check.p_value, observed_share=check.observed_share,
        expected_share=check.expected_share, mismatch=check.mismatch, unit="reach",
    )
    if check.mismatch:
        notices.append(Notice(
            code="srm",
            message=f"People reached do not match the planned split (chi-square {format_p(check.p_value)}): the "
            "audience split is broken; check targeting, exclusions and budgets before trusting the result.",
        ))
    return srm, notices


def _arm_results(
    metric: Metric, names: Sequence[str], posts: Sequence[Posterior | str], valid: list[int], numerators: list[float],
    denominators: list[float], comparison: Comparison | None,
) -> list[ArmResult]:
    out = []
    for i, name in enumerate(names):
        base = dict(
            name=name,
            is_control=i == 0,
            numerator=numerators[i],
            denominator=denominators[i],
            observed=numerators[i] / denominators[i] if denominators[i] > 0 else None,
        )
        post = posts[i]
        if not isinstance(post, Posterior):  # exactly the arms left out of ``valid``
            out.append(ArmResult(**base, reason=str(post)))
            continue
        if comparison is None:
            out.append(ArmResult(**base, mean=post.mean))
            continue
        c = comparison.arms[valid.index(i)]
        control_mean = comparison.arms[0].mean
        out.append(
            ArmResult(
                **base,
                mean=c.mean,
                ci_low=c.ci_low,
                ci_high=c.ci_high,
                prob_best=c.prob_best,
                prob_beat_control=c.prob_beat_control,
                expected_loss=c.expected_loss,
                expected_loss_relative=c.expected_loss / control_mean,
                lift_rel=c.lift_rel,
                lift_rel_low=c.lift_rel_low,
                lift_rel_high=c.lift_rel_high,
                lift_abs=c.lift_abs,
                lift_abs_low=c.lift_abs_low,
                lift_abs_high=c.lift_abs_high,
                prob_in_rope=c.prob_in_rope,
                **_cost_fields(metric, post, c.ci_low, c.ci_high),
            )
        )
    return out


def _cost_fields(metric: Metric, post: Posterior, ci_low: float, ci_high: float) -> dict[str, float | None]:
    """Spend per unit is 1 / rate: an inverse-gamma posterior, whose mean exists when a > 1."""
    if not metric.cost_label:
        return {}
    return dict(
        cost_mean=post.b / (post.a - 1) if post.a > 1 else None,
        cost_ci_low=1.0 / ci_high,
        cost_ci_high=1.0 / ci_low if ci_low > 0 else None,
    )


def _pct(x: float) -> str:
    """A percentage with enough digits that a non-zero value never reads as 0%."""
    digits = 1
    while digits < 6 and x != 0 and round(abs(x) * 100, digits) == 0:
        digits += 1
    return f"{x:.{digits}%}"


def prob_text(p: float | None) -> str:
    """A probability as a marketer reads it: never a rounded-up 100% or a rounded-down 0%."""
    if p is None:
        return "-"
    return ">99.9%" if p > 0.999 else "<0.1%" if p < 0.001 else f"{p:.1%}"


def _signed(x: float | None) -> str:
    if x is None:
        return "-"
    return ("+" if x > 0 else "") + _pct(x)


def _interval(arm: ArmResult) -> str:
    return f"{_signed(arm.lift_rel_low)} to {_signed(arm.lift_rel_high)}"


def _guarantee(rule: DecisionRule, running: bool = False) -> str:
    if running:
        return f"Check as often as you like: the rule names a false winner less than {rule.false_winner_rate:.0%} of the time."
    return f"Checked daily, a test like this names a false winner less than {rule.false_winner_rate:.0%} of the time."


def _message(
    metric: Metric, rule: DecisionRule, names: Sequence[str], arms: list[ArmResult], denominators: list[float],
    decision: Decision,
) -> str:
    label, control = metric.label, arms[0]
    level = rule.ci_level
    variants = [a for a in arms[1:] if a.prob_beat_control is not None]
    closest = max(variants, key=lambda a: a.prob_beat_control or 0.0)  # all set: filtered above  # the variant nearest to (or above) the control
    if decision.verdict == SHIP_WINNER and decision.winner is not None:
        arm = arms[decision.winner]
        if decision.winner == 0:
            known = (
                f"Keep the control {control.name}: it beats every variant; the closest, {closest.name}, is "
                f"{_interval(closest)} against it ({level:.0%} interval) and beats it with only {prob_text(closest.prob_beat_control)} probability."
            )
        else:
            best = f" It is the best of {len(arms)} with {prob_text(arm.prob_best)} probability." if len(arms) > 2 else ""
            known = (
                f"Ship {arm.name}: it beats {control.name} with {prob_text(arm.prob_beat_control)} probability, "
                f"by {_interval(arm)} ({level:.0%} interval).{best}"
            )
        return f"{known} {_guarantee(rule)}"
    if decision.verdict == STOP_NO_DIFFERENCE:
        if decision.reason == "inside_rope":
            shown = "; ".join(f"{a.name}: {_signed(a.lift_rel_low)} to {_signed(a.lift_rel_high)}" for a in variants)
            return (
                f"Stop, no meaningful difference: every variant is within ±{_pct(rule.rope)} of {control.name}'s "
                f"{label} with at least {level:.0%} probability ({shown}). {_guarantee(rule)}"
            )
        return (
            f"Stop, no meaningful difference: whichever variant you pick risks less than "
            f"{_pct(rule.loss_threshold)} of {control.name}'s {label}. {_guarantee(rule)}"
        )
    if decision.reason == "tiny_sample":
        short = ", ".join(n for n, d in zip(names, denominators, strict=False) if d < rule.min_trials)
        return f"Keep running: fewer than {rule.min_trials:g} {metric.exposure_label} so far for {short}."
    lead = arms[decision.leader]
    if decision.leader == 0:
        known = (
            f"the control {control.name} leads; the closest variant, {closest.name}, beats it with "
            f"{prob_text(closest.prob_beat_control)} probability (lift {_interval(closest)})"
        )
    else:
        known = (
            f"{lead.name} leads and beats {control.name} with {prob_text(lead.prob_beat_control)} probability "
            f"(lift {_interval(lead)})"
        )
    return (
        f"Keep running: {known}, but the evidence (Bayes factor {decision.evidence:.3g}) is short of the "
        f"{rule.evidence_bound(len(arms)):.3g} a winner needs. {_guarantee(rule, running=True)}"
    )


def _invalid_message(metric: Metric, names: list[str], reason: str) -> str:
    listed = ", ".join(names)
    if reason == NO_DATA:
        return f"Keep running: no {metric.exposure_label} yet for {listed}."
    if reason == NO_REVENUE:
        return f"Keep running: no revenue recorded yet for {listed}; import or record revenue to model it."
    if reason == INVALID_VALUE:
        return (
            f"Cannot judge {listed}: a stored number is infinite, not a number or negative; record that day "
            "again with the right values."
        )
    if reason == NO_CONVERSIONS:
        return f"Keep running: revenue needs conversions to model it, and {listed} has none recorded yet."
    return (
        f"Cannot judge the {metric.label}: more {metric.numerator} than {metric.exposure_label} for {listed}; "
        "use a per-impression or per-spend metric instead."
    )


def funnel_rows(
    names: Sequence[str], totals: Sequence[Totals], value_cv: float = 1.0, ci_level: float = 0.95
) -> tuple[FunnelRow, ...]:
    """CTR, CVR, conversions per impression, CPC, cost per result and ROAS, each with its posterior.

    Costs are shown as spend per unit (the inverse of the modelled rate); "best" is the cheapest.
    Default priors throughout: an experiment's own prior belongs to its primary metric.
    """
    rows: list[FunnelRow] = []
    tail = (1 - ci_level) / 2
    hi: float | None
    for key in FUNNEL:
        metric = METRICS[key]
        posts = posteriors_for(metric, totals, None, value_cv)
        valid = [i for i, p in enumerate(posts) if isinstance(p, Posterior)]
        prob_best = {}
        if len(valid) >= 2:
            usable = [p for p in posts if isinstance(p, Posterior)]
            r = compare_batch(metric.family, [[p.a for p in usable]], [[p.b for p in usable]])
            prob_best = {i: float(r.prob_best[0, j]) for j, i in enumerate(valid)}
        for i, name in enumerate(names):
            p = posts[i]
            if not isinstance(p, Posterior):
                rows.append(FunnelRow(metric=key, label=metric.cost_label or metric.label, variant=name, reason=str(p)))
                continue
            lo, hi = p.quantile(tail), p.quantile(1 - tail)
            if metric.cost_label:
                mean = p.b / (p.a - 1) if p.a > 1 else None
                lo, hi = 1.0 / hi, (1.0 / lo if lo > 0 else None)
            else:
                mean = p.mean
            rows.append(
                FunnelRow(
                    metric=key,
                    label=metric.cost_label or metric.label,
                    variant=name,
                    mean=mean,
                    ci_low=lo,
                    ci_high=hi,
                    prob_best=prob_best.get(i),
                )
            )
    return tuple(rows)

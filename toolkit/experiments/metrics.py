"""The metric table: what each metric divides by what, and which posterior models it.

Every metric is modelled as a rate where higher is better. Costs (cost per click, cost per
result) are the inverse of a rate (clicks or results per unit of spend), so the cheapest variant
is the one with the highest rate; we report the cost by inverting the rate's interval.
Adding a metric is adding a row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .posteriors import (
    BETA,
    GAMMA,
    Posterior,
    Prior,
    beta_posterior,
    default_prior,
    gamma_posterior,
    revenue_posterior,
    revenue_unit,
)
from .totals import OBSERVATION_FIELDS as OBSERVATION_FIELDS  # re-exported: callers read both from here
from .totals import Totals as Totals

REVENUE = "revenue"  # Gamma posterior from aggregates (see posteriors.revenue_posterior)




@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    model: str  # BETA, GAMMA or REVENUE
    numerator: str
    denominator: str
    cost_label: str | None = None  # set when users read the inverse (spend per unit)
    trials_label: str | None = None  # how messages name the denominator, if not its field name

    @property
    def family(self) -> str:
        return BETA if self.model == BETA else GAMMA

    @property
    def exposure_label(self) -> str:
        return self.trials_label or self.denominator


METRICS: dict[str, Metric] = {
    m.key: m
    for m in (
        Metric("ctr", "click-through rate", BETA, "clicks", "impressions"),
        Metric("cvr", "conversion rate (per click)", BETA, "conversions", "clicks"),
        Metric("conversions_per_impression", "conversions per impression", BETA, "conversions", "impressions"),
        Metric("cost_per_click", "clicks per unit of spend", GAMMA, "clicks", "spend", "cost per click"),
        Metric("cost_per_result", "results per unit of spend", GAMMA, "conversions", "spend", "cost per result"),
        Metric("revenue_per_impression", "revenue per impression", REVENUE, "revenue", "impressions"),
        Metric("revenue_per_click", "revenue per click", REVENUE, "revenue", "clicks"),
        Metric("roas", "return on ad spend", REVENUE, "revenue", "spend"),
        Metric("engagement_rate", "engagements per reach", GAMMA, "engagements", "reach"),
    )
}

# ``toolkit experiment quick``: plain successes out of trials, whatever they count.
QUICK_RATE = Metric("rate", "success rate", BETA, "conversions", "clicks", trials_label="trials")

FUNNEL = ("ctr", "cvr", "conversions_per_impression", "cost_per_click", "cost_per_result", "roas")

NO_DATA = "no_data"
SUCCESSES_EXCEED_TRIALS = "successes_exceed_trials"
NO_CONVERSIONS = "no_conversions_for_revenue"
NO_REVENUE = "no_revenue"
INVALID_VALUE = "invalid_value"  # a stored infinity, NaN or negative number (older databases)


def usable(t: Totals, names: Sequence[str] = OBSERVATION_FIELDS) -> bool:
    """The named fields finite and non-negative: anything else never reaches a posterior."""
    return all(math.isfinite(v) and v >= 0 for v in (getattr(t, f) for f in names))


def get_metric(key: str) -> Metric:
    try:
        return METRICS[key]
    except KeyError:
        raise ValueError(f"unknown metric {key!r}: choose one of {', '.join(METRICS)}") from None


def posteriors_for(
    metric: Metric, totals: Sequence[Totals], prior: Prior | None = None, value_cv: float = 1.0
) -> list[Posterior | str]:
    """Each arm's posterior, or a reason code when its data cannot support one (never raises)."""
    prior = prior or default_prior(metric.family)
    used = {metric.numerator, metric.denominator} | ({"revenue", "conversions"} if metric.model == REVENUE else set())
    out: list[Posterior | str] = []
    if metric.model == REVENUE:
        ok = [t for t in totals if usable(t, tuple(used))]
        pooled = revenue_unit(sum(t.revenue for t in ok), sum(t.conversions for t in ok), value_cv)
    for t in totals:
        num, den = getattr(t, metric.numerator), getattr(t, metric.denominator)
        if not usable(t, tuple(used)):
            out.append(INVALID_VALUE)
        elif den <= 0:
            out.append(NO_DATA)
        elif metric.model == BETA:
            out.append(SUCCESSES_EXCEED_TRIALS if num > den else beta_posterior(num, den, prior))
        elif metric.model == GAMMA:
            out.append(gamma_posterior(num, den, prior))
        else:
            # An arm with no conversions borrows the pooled order-value unit; with none anywhere
            # (or revenue without any conversions) the model has nothing to scale by.
            unit = revenue_unit(num, t.conversions, value_cv) or pooled
            if unit <= 0 and not any(x.revenue > 0 for x in totals):
                out.append(NO_REVENUE)
            elif unit <= 0 or (num > 0 and t.conversions <= 0):
                out.append(NO_CONVERSIONS)
            else:
                out.append(revenue_posterior(num, den, unit, prior))
    return out

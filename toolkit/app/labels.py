"""Metric and count names as people say them (the engine's labels are lowercase identifiers).

A light module: the Repurpose page's "Variants to experiment" needs the metric names without
loading the charting and analysis code of ``experiment_view``.
"""

from __future__ import annotations

from .i18n import UiLanguage, tr

METRIC_LABELS: dict[str, str] = {
    "ctr": "Click-through rate", "cvr": "Conversion rate (per click)",
    "conversions_per_impression": "Conversions per impression", "cost_per_click": "Cost per click",
    "cost_per_result": "Cost per result", "revenue_per_impression": "Revenue per impression",
    "revenue_per_click": "Revenue per click", "roas": "Return on ad spend", "engagement_rate": "Engagements per reach",
}
COUNT_LABELS: dict[str, str] = {
    "impressions": "impressions", "clicks": "clicks", "conversions": "conversions", "spend": "spend",
    "revenue": "revenue", "reach": "reach", "engagements": "engagements",
}


def metric_label(metric: str, ui: UiLanguage) -> str:
    return tr(METRIC_LABELS.get(metric, metric), ui)

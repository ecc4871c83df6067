"""Bayesian ad experiments: track variants, import platform exports, decide with exact posteriors.

The statistics (``posteriors``, ``quadrature``, ``cdf_walk``, ``bayes``, ``lift``, ``decision``,
``planning``) are pure numpy/scipy; ``service`` is the one-call API the CLI and the app use.

Names load on first use: opening a database imports ``toolkit.experiments.migrations``, which
must not pull in scipy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .bayes import BatchComparison, Comparison, compare, compare_batch
    from .decision import DecisionRule
    from .importers import ImportRowsError
    from .metrics import METRICS, Totals
    from .models import AnalysisResult, Experiment, ImportReport, Observation, PlanResult
    from .posteriors import Posterior, Prior, beta_posterior, gamma_posterior, prior_from_history
    from .service import (
        add_variant,
        analyze_experiment,
        budget_split,
        create_experiment,
        get_experiment,
        import_results,
        import_results_bytes,
        list_experiments,
        observations,
        plan,
        plan_experiment,
        quick,
        record,
    )

__all__ = [
    "METRICS",
    "AnalysisResult",
    "BatchComparison",
    "Comparison",
    "DecisionRule",
    "Experiment",
    "ImportReport",
    "ImportRowsError",
    "Observation",
    "PlanResult",
    "Posterior",
    "Prior",
    "Totals",
    "add_variant",
    "analyze_experiment",
    "beta_posterior",
    "budget_split",
    "compare",
    "compare_batch",
    "create_experiment",
    "gamma_posterior",
    "get_experiment",
    "import_results",
    "import_results_bytes",
    "list_experiments",
    "observations",
    "plan",
    "plan_experiment",
    "prior_from_history",
    "quick",
    "record",
]

__getattr__ = lazy_exports(__name__, {
    ".bayes": ("BatchComparison", "Comparison", "compare", "compare_batch"),
    ".decision": ("DecisionRule",),
    ".importers": ("ImportRowsError",),
    ".metrics": ("METRICS", "Totals"),
    ".models": ("AnalysisResult", "Experiment", "ImportReport", "Observation", "PlanResult"),
    ".posteriors": ("Posterior", "Prior", "beta_posterior", "gamma_posterior", "prior_from_history"),
    ".service": (
        "add_variant", "analyze_experiment", "budget_split", "create_experiment", "get_experiment",
        "import_results", "import_results_bytes", "list_experiments", "observations", "plan",
        "plan_experiment", "quick", "record",
    ),
})

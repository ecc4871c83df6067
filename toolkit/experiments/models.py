"""What crosses the experiments boundary: settings going in, frozen results coming out.

Results are frozen pydantic models, so the CLI's ``--json``, the stored analysis rows and the
app all serialise the same thing with ``model_dump_json``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .decision import DEFAULT_ROPE
from .metrics import METRICS

Verdict = Literal["keep_running", "ship_winner", "stop_no_difference"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Input(_Frozen):
    """What users type or import: infinities and NaN are refused before anything is stored."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class ExperimentSettings(_Input):
    """How an experiment is judged; validated once, at creation."""

    name: str = Field(min_length=1, max_length=200)
    metric: str = "ctr"
    loss_threshold: float = Field(0.0025, gt=0, lt=1)
    rope: float = Field(DEFAULT_ROPE, ge=0, lt=1)
    min_trials: float = Field(100.0, ge=0)
    ci_level: float = Field(0.95, gt=0.5, lt=1)
    prior_alpha: float | None = Field(None, gt=0)
    prior_beta: float | None = Field(None, ge=0)
    value_cv: float = Field(1.0, ge=0)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("must not be blank")
        return v

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"unknown metric {v!r}; choose one of {', '.join(METRICS)}")
        return v

    @model_validator(mode="after")
    def _prior_pair(self) -> ExperimentSettings:
        if (self.prior_alpha is None) != (self.prior_beta is None):
            raise ValueError("give both prior_alpha and prior_beta, or neither")
        return self


class VariantSpec(_Input):
    name: str = Field(min_length=1, max_length=200)
    ad_text: str = ""
    run_id: int | None = None
    planned_weight: float | None = Field(None, gt=0)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("must not be blank")
        return v


class Variant(VariantSpec):
    id: int
    position: int


class Experiment(ExperimentSettings):
    id: int
    created_at: str
    variants: tuple[Variant, ...] = ()

    @property
    def control(self) -> Variant | None:
        return self.variants[0] if self.variants else None


class Observation(_Input):
    """One variant's results for one day. Counts are whole; conversions may be fractional
    (Google Ads attribution splits them); money is in the account currency. ``variant`` is the
    variant's name when the observation is read back from storage."""

    day: dt.date
    variant: str | None = None
    impressions: int = Field(0, ge=0)
    reach: int = Field(0, ge=0)
    clicks: int = Field(0, ge=0)
    conversions: float = Field(0.0, ge=0)
    spend: float = Field(0.0, ge=0)
    revenue: float = Field(0.0, ge=0)
    engagements: int = Field(0, ge=0)
    result_indicator: str | None = None

    @model_validator(mode="after")
    def _clicks_within_impressions(self) -> Observation:
        if self.impressions and self.clicks > self.impressions:
            raise ValueError(f"clicks ({self.clicks}) exceed impressions ({self.impressions})")
        return self


class ImportReport(_Frozen):
    experiment_id: int
    import_id: int | None
    file_name: str
    file_hash: str
    platform: str
    already_imported: bool = False
    rows_read: int = 0
    observations: int = 0  # (variant, day) rows written
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    currency: str | None = None
    unmatched: dict[str, int] = Field(default_factory=dict)  # ad names with no variant: rows skipped
    warnings: tuple[str, ...] = ()


class Notice(_Frozen):
    code: str
    message: str


class ArmResult(_Frozen):
    """One variant. Rates are on the metric's scale (higher is better); costs are their inverse."""

    name: str
    is_control: bool
    numerator: float
    denominator: float
    observed: float | None
    reason: str | None = None  # set when the data cannot support a posterior (then stats are None)
    mean: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    prob_best: float | None = None
    prob_beat_control: float | None = None
    expected_loss: float | None = None
    expected_loss_relative: float | None = None
    lift_rel: float | None = None
    lift_rel_low: float | None = None
    lift_rel_high: float | None = None
    lift_abs: float | None = None
    lift_abs_low: float | None = None
    lift_abs_high: float | None = None
    prob_in_rope: float | None = None
    cost_mean: float | None = None
    cost_ci_low: float | None = None
    cost_ci_high: float | None = None


class SampleRatioResult(_Frozen):
    chi2: float
    p_value: float
    observed_share: tuple[float, ...]
    expected_share: tuple[float, ...]
    mismatch: bool
    unit: str = "reach"  # what was counted: the randomised unit, never impressions or spend


class FunnelRow(_Frozen):
    metric: str
    label: str
    variant: str
    reason: str | None = None
    mean: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    prob_best: float | None = None


class AnalysisResult(_Frozen):
    experiment_id: int | None
    experiment_name: str
    metric: str
    metric_label: str
    model: str
    ci_level: float
    loss_threshold: float
    rope: float
    false_winner_rate: float = 0.05  # the rule's bound on naming a false winner, however often checked
    evidence: float | None = None  # the leader's smallest Bayes factor against another arm
    evidence_needed: float | None = None  # the Bayes factor a winner needs (pairs / false_winner_rate)
    leader: str | None = None
    verdict: Verdict
    winner: str | None
    reason: str
    message: str
    arms: tuple[ArmResult, ...]
    warnings: tuple[Notice, ...] = ()
    srm: SampleRatioResult | None = None
    funnel: tuple[FunnelRow, ...] = ()
    analysis_id: int | None = None
    created_at: str


class DaysPlanResult(_Frozen):
    metric: str
    baseline: float
    lift: float
    daily_per_variant: float
    arms: int
    simulations: int
    seed: int
    target: float
    max_days: int
    days_likely: int | None
    days_interval: tuple[int | None, int | None]
    median_days: float | None
    prob_decision: float
    prob_decision_se: float
    prob_ship_lifted: float
    prob_ship_lifted_se: float
    prob_ship_worse: float
    prob_no_difference: float
    aa_false_winner: float
    aa_false_winner_se: float
    aa_no_difference: float
    aa_median_days: float | None
    message: str


class BudgetShare(_Frozen):
    variant: str
    prob_best: float | None
    share: float
    amount: float


class PlanResult(_Frozen):
    days: DaysPlanResult | None = None
    budget: tuple[BudgetShare, ...] = ()


class ExperimentSummary(_Frozen):
    id: int
    name: str
    metric: str
    created_at: str
    variants: int
    days: int
    last_verdict: str | None
    last_winner: str | None

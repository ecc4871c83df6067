"""One call per task: remember a variant's attributes, learn across experiments, a prior, an angle order.

Experiments and their numbers are read through ``toolkit.experiments`` (read-only); attributes go
through ``repository``; the statistics stay in ``pooling``, ``priors`` and ``explore``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ..errors import InputError, NotFoundError
from ..experiments import repository as experiments_repository
from ..experiments import service as experiments
from ..experiments.metrics import METRICS, REVENUE, Totals
from ..experiments.models import Experiment
from ..experiments.posteriors import Prior
from ..repurpose.models import Caption
from ..store import Store
from . import repository
from .attributes import ATTRIBUTES, VariantAttributes, derive, from_name
from .explore import AngleEstimate, order_angles
from .pooling import CI_LEVEL, Arm, Trial, pool
from .priors import MAX_WEIGHT, pooled_prior
from .words import CLAIM, MIN_EXPERIMENTS, sentence

ANY = "any"
MIN_HISTORY = 3  # experiments with results before the model says anything


class AttributeEffect(BaseModel):
    """One level of one attribute against the reference level, in one platform and language."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    attribute: str
    platform: str
    language: str
    level: str
    reference: str
    lift: float
    lift_low: float
    lift_high: float
    prob_helps: float
    experiments: int
    trials: float
    log_mean: float
    log_sd: float
    claim: bool  # prob_helps >= CLAIM or <= 1 - CLAIM, on at least MIN_EXPERIMENTS experiments
    sentence: str


class InsightsReport(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str | None
    experiments: int  # experiments with results for this metric
    ci_level: float
    effects: tuple[AttributeEffect, ...] = ()
    message: str  # one sentence: the headline, or what the model still needs


def remember_variant_attributes(
    store: Store,
    variant_id: int,
    caption: Caption,
    *,
    tone: str | None = None,
    language: str | None = None,
    run_id: int | None = None,
) -> VariantAttributes:
    """Store what a caption variant is made of (angle, hook, length, emoji, hashtags, tone), so
    later insights can learn from it. Call it right after the variant is created from ``caption``."""
    if not repository.variant_exists(store, variant_id):
        raise NotFoundError(f"No experiment variant {variant_id}: create the experiment first, then remember its captions.")
    attributes = derive(caption.text, platform=caption.platform, language=language, angle=caption.angle, tone=tone,
                        hashtags=caption.hashtags)
    repository.save_attributes(store, variant_id, attributes, run_id, caption.variant)
    return attributes


def remember_experiment_captions(
    store: Store, experiment: Experiment, captions: Sequence[Caption], *, tone: str | None = None,
    language: str | None = None, run_id: int | None = None,
) -> list[VariantAttributes]:
    """``remember_variant_attributes`` for an experiment made from ``captions`` in variant order
    (what ``toolkit.app.experiments_store.create_from_captions`` does)."""
    if len(captions) != len(experiment.variants):
        raise InputError(f"Experiment {experiment.id} has {len(experiment.variants)} variants but {len(captions)} captions "
                         "were given: pass the captions it was created from, in order.")
    return [remember_variant_attributes(store, v.id, c, tone=tone, language=language, run_id=run_id)
            for v, c in zip(experiment.variants, captions, strict=False)]


def variant_attributes(store: Store, experiment: Experiment) -> dict[int, VariantAttributes]:
    """Stored attributes, else what the ad text, the app's variant name (``X v2 (question)``) and the
    linked generation run (tone, language) tell."""
    stored = repository.stored_attributes(store, [v.id for v in experiment.variants])
    out = {}
    for v in experiment.variants:
        if v.id in stored:
            out[v.id] = stored[v.id]
        else:
            platform, angle = from_name(v.name)
            tone, language = repository.run_brief(store, v.run_id) if v.run_id is not None else (None, None)
            out[v.id] = derive(v.ad_text, platform=platform, angle=angle, tone=tone, language=language)
    return out


def _history(store: Store, metric: str) -> list[tuple[Experiment, dict[int, VariantAttributes], dict[int, Totals]]]:
    m = METRICS[metric]
    rows = []
    for summary in experiments.list_experiments(store):
        if summary.metric != metric or summary.variants < 2 or summary.days == 0:
            continue
        exp = experiments.get_experiment(store, summary.id)
        totals = experiments_repository.variant_totals(store, exp.id)
        if sum(getattr(totals.get(v.id, Totals()), m.denominator) > 0 for v in exp.variants) >= 2:
            rows.append((exp, variant_attributes(store, exp), totals))
    return rows


def _default_metric(store: Store) -> str | None:
    counted = Counter(s.metric for s in experiments.list_experiments(store)
                      if s.days > 0 and METRICS[s.metric].model != REVENUE)
    return counted.most_common(1)[0][0] if counted else None


def _trials(history, metric: str, attribute: str) -> list[Trial]:
    m = METRICS[metric]
    out = []
    for exp, attrs, totals in history:
        first = next((attrs[v.id] for v in exp.variants if attrs[v.id].platform), attrs[exp.variants[0].id])
        cell = (first.platform or ANY, first.language or ANY)
        arms = []
        for v in exp.variants:
            level, t = getattr(attrs[v.id], attribute), totals.get(v.id, Totals())
            if level is not None and getattr(t, m.denominator) > 0:
                arms.append(Arm(level, float(getattr(t, m.numerator)), float(getattr(t, m.denominator))))
            elif v is exp.variants[0]:
                break  # no usable control: this experiment says nothing about the attribute
        else:
            if len(arms) >= 2:
                out.append(Trial(exp.id, cell, tuple(arms)))
    return out


def build_insights(store: Store, metric: str | None = None, attributes: Sequence[str] = tuple(ATTRIBUTES),
                   ci_level: float = CI_LEVEL) -> InsightsReport:
    """What each creative attribute does to ``metric`` (the most used one by default) across experiments."""
    if metric is not None and metric not in METRICS:
        raise InputError(f"Unknown metric {metric!r}: choose one of {', '.join(METRICS)}.")
    if metric is not None and METRICS[metric].model == REVENUE:
        raise InputError(f"Insights model rates and counts; {metric!r} is modelled from revenue totals: use its count metric.")
    unknown = [a for a in attributes if a not in ATTRIBUTES]
    if unknown:
        raise InputError(f"Unknown attribute {unknown[0]!r}: choose from {', '.join(ATTRIBUTES)}.")
    chosen = metric or _default_metric(store)
    history = _history(store, chosen) if chosen else []
    needs = (f"insights need at least {MIN_HISTORY} experiments with recorded numbers whose variants differ in angle, "
             "hook, length, emoji, hashtags or tone (create them from captions on the Repurpose page).")
    if chosen is None or len(history) < MIN_HISTORY:
        what = f"{chosen} experiments" if chosen else "experiments"
        return InsightsReport(metric=chosen, experiments=len(history), ci_level=ci_level,
                              message=f"{len(history)} {what} with results so far: {needs}")
    metric = chosen
    family = METRICS[metric].family
    effects: list[AttributeEffect] = []
    for attribute in attributes:
        pooled = pool(_trials(history, metric, attribute), family, ci_level=ci_level)
        for e in pooled.effects if pooled else ():
            claim = e.experiments >= MIN_EXPERIMENTS and not CLAIM > e.prob_helps > 1 - CLAIM
            effects.append(AttributeEffect(
                attribute=attribute, platform=e.cell[0], language=e.cell[1], level=e.level, reference=e.reference,
                lift=e.lift, lift_low=e.lift_low, lift_high=e.lift_high, prob_helps=e.prob_helps,
                experiments=e.experiments, trials=e.trials, log_mean=e.log_mean, log_sd=e.log_sd, claim=claim,
                sentence=sentence(attribute, e.level, e.reference, e.cell[0], _language(e.cell[1]), metric, e.lift,
                                  e.lift_low, e.lift_high, e.prob_helps, e.experiments, ci_level),
            ))
    effects.sort(key=lambda e: (not e.claim, -abs(e.prob_helps - 0.5), e.attribute, e.platform, e.level))
    if not effects:
        message = f"{len(history)} {metric} experiments, but none compares two values of one attribute: {needs}"
    elif not effects[0].claim:
        message = f"Not enough evidence yet for any clear winner across {len(history)} {metric} experiments."
    else:
        message = effects[0].sentence
    return InsightsReport(metric=metric, experiments=len(history), ci_level=ci_level, effects=tuple(effects),
                          message=message)


def _language(cell_language: str) -> str | None:
    return None if cell_language == ANY else cell_language


def informed_prior(store: Store, platform: str, metric: str = "ctr", max_weight: float = MAX_WEIGHT) -> Prior | None:
    """A prior for a new ``metric`` experiment on ``platform`` from the controls of past ones
    (see ``priors``); None when there is too little history or the metric models revenue."""
    if metric not in METRICS:
        raise InputError(f"Unknown metric {metric!r}: choose one of {', '.join(METRICS)}.")
    m = METRICS[metric]
    if m.model == REVENUE:
        return None
    successes, trials = [], []
    for exp, attrs, totals in _history(store, metric):
        if any(a.platform == platform for a in attrs.values()):
            control = totals.get(exp.variants[0].id, Totals())
            successes.append(float(getattr(control, m.numerator)))
            trials.append(float(getattr(control, m.denominator)))
    return pooled_prior(m.family, successes, trials, max_weight)


def angle_estimates(report: InsightsReport, platform: str, language: str | None = None) -> dict[str, AngleEstimate]:
    """The angle effects for one platform (and language, when the history has that cell)."""
    rows = [e for e in report.effects if e.attribute == "angle" and e.platform == platform]
    if language and any(e.language == language for e in rows):
        rows = [e for e in rows if e.language == language]
    out = {e.reference: AngleEstimate(0.0, 0.0) for e in rows}
    out.update({e.level: AngleEstimate(e.log_mean, e.log_sd) for e in rows})
    return out


def angle_order(store: Store, platform: str, language: str | None, angles: Sequence[str], n: int | None = None,
                seed: int = 0, explore_share: float = 0.25, report: InsightsReport | None = None) -> list[str]:
    """The angles the next run should write for ``platform``, best first plus exploration (see ``explore``)."""
    report = report or build_insights(store, attributes=("angle",))
    return order_angles(angles, angle_estimates(report, platform, language), n=n, seed=seed,
                        explore_share=explore_share)


def caption_estimate(report: InsightsReport, platform: str, angle: str, language: str | None = None) -> AttributeEffect | None:
    """The angle's effect on ``platform`` (the language's row when there is one), for showing next
    to a caption in "Variants to experiment"; None for the reference angle or without history."""
    rows = [e for e in report.effects if e.attribute == "angle" and e.platform == platform and e.level == angle]
    preferred = [e for e in rows if e.language == language]
    return (preferred or rows)[0] if rows else None

"""One call per task: create, add a variant, get, record, read observations, import, analyse, list, plan, quick.

The CLI and the app call these and nothing lower. Inputs are validated into the pydantic models
of ``models`` (a bad value becomes one ``InputError`` naming the field); results are frozen
models; storage goes through ``repository``; the statistics stay in the pure modules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ValidationError

from ..errors import InputError, NotFoundError, describe_validation
from ..store import Store
from . import repository
from .analysis import analyze_totals
from .decision import DEFAULT_ROPE, DecisionRule
from .health import format_p, revenue_dispersion
from .importers import ExportStream, iter_export
from .metrics import METRICS, OBSERVATION_FIELDS, QUICK_RATE, REVENUE, Totals, get_metric
from .models import (
    AnalysisResult,
    BudgetShare,
    DaysPlanResult,
    Experiment,
    ExperimentSettings,
    ExperimentSummary,
    ImportReport,
    Notice,
    Observation,
    PlanResult,
    VariantSpec,
)
from .planning import plan_days, thompson_split
from .posteriors import Prior


def _validated(model: type[BaseModel], what: str, **values):
    try:
        return model(**values)
    except ValidationError as exc:
        problems = describe_validation(exc)
        raise InputError(f"Invalid {what}: {problems}.") from None


def _rule(settings: ExperimentSettings) -> DecisionRule:
    return DecisionRule(settings.loss_threshold, settings.rope, settings.min_trials, settings.ci_level)


def create_experiment(
    store: Store,
    name: str,
    variants: Sequence[str | Mapping] = (),
    metric: str = "ctr",
    loss_threshold: float = 0.0025,
    rope: float = DEFAULT_ROPE,
    min_trials: float = 100.0,
    ci_level: float = 0.95,
    prior: Prior | None = None,
    value_cv: float = 1.0,
) -> Experiment:
    """Store a new experiment; the first variant is the control. Variants: names or dicts of VariantSpec fields."""
    if prior is not None and metric in METRICS and METRICS[metric].model == REVENUE:
        raise InputError(f"Metric {metric!r} models revenue from totals and takes no prior: drop --prior.")
    settings = _validated(
        ExperimentSettings,
        "experiment",
        name=name,
        metric=metric,
        loss_threshold=loss_threshold,
        rope=rope,
        min_trials=min_trials,
        ci_level=ci_level,
        prior_alpha=None if prior is None else prior.alpha,
        prior_beta=None if prior is None else prior.beta,
        value_cv=value_cv,
    )
    specs = [_validated(VariantSpec, "variant", **({"name": v} if isinstance(v, str) else dict(v))) for v in variants]
    if not 2 <= len(specs) <= repository.MAX_VARIANTS:
        raise InputError(
            f"{len(specs)} variant(s) given: an experiment compares 2 to {repository.MAX_VARIANTS}; "
            "give each with --variant NAME, the control first."
        )
    experiment_id = repository.insert_experiment(store, settings, specs)
    return repository.get_experiment(store, experiment_id)


def add_variant(
    store: Store,
    experiment_id: int,
    name: str,
    ad_text: str = "",
    run_id: int | None = None,
    planned_weight: float | None = None,
) -> Experiment:
    spec = _validated(VariantSpec, "variant", name=name, ad_text=ad_text, run_id=run_id, planned_weight=planned_weight)
    repository.insert_variant(store, experiment_id, spec)
    return repository.get_experiment(store, experiment_id)


def get_experiment(store: Store, experiment_id: int) -> Experiment:
    """One experiment with its settings and variants (control first)."""
    return repository.get_experiment(store, experiment_id)


def observations(store: Store, experiment_id: int) -> list[Observation]:
    """Every recorded day of every variant, each named by its variant: variants in order (control
    first), oldest day first. Fields never recorded read as 0."""
    repository.get_experiment(store, experiment_id)  # an unknown id is an error, not an empty list
    return [
        Observation(**{k: (v or 0) if k in OBSERVATION_FIELDS else v for k, v in row.items()})
        for row in repository.observations(store, experiment_id)
    ]


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _variant_id(experiment: Experiment, name: str) -> int:
    for v in experiment.variants:
        if _key(v.name) == _key(name):
            return v.id
    known = ", ".join(v.name for v in experiment.variants) or "none yet"
    raise NotFoundError(f"Experiment {experiment.id} has no variant {name!r} (variants: {known}): add it with add-variant.")


def record(
    store: Store, experiment_id: int, variant: str, day: dt.date | str | None = None, **values: float
) -> Observation:
    """Set one variant's numbers for one day (today by default). Fields not given keep their value."""
    experiment = repository.get_experiment(store, experiment_id)
    variant_id = _variant_id(experiment, variant)
    unknown = set(values) - set(OBSERVATION_FIELDS)
    if unknown:
        raise InputError(f"Unknown field(s) {', '.join(sorted(unknown))}: use {', '.join(OBSERVATION_FIELDS)}.")
    obs = _validated(Observation, "observation", day=day or dt.date.today(), **values)
    given = {k: getattr(obs, k) for k in values}
    row = repository.merge_observation(store, experiment_id, variant_id, obs.day, given)
    name = next(v.name for v in experiment.variants if v.id == variant_id)
    return Observation(day=obs.day, variant=name, **{k: row[k] for k in OBSERVATION_FIELDS})


def import_results(
    store: Store,
    experiment_id: int,
    path: str | Path,
    platform: str | None = None,
    columns: Mapping[str, str] | None = None,
    name_map: Mapping[str, str] | None = None,
    date_format: str | None = None,
) -> ImportReport:
    """Import a Meta, Google Ads, TikTok, LinkedIn or generic export in one transaction.

    Ad names match variant names (ignoring case and spacing) or go through ``name_map``
    (file name -> variant). Rows for other ads are counted and skipped. The same file twice is
    recognised by its hash and changes nothing. A file with any bad row imports nothing.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {str(path)!r} ({exc.strerror}): check the path.") from None
    return import_results_bytes(store, experiment_id, data, path.name, platform=platform, columns=columns,
                                name_map=name_map, date_format=date_format)


def import_results_bytes(
    store: Store,
    experiment_id: int,
    data: bytes,
    filename: str,
    platform: str | None = None,
    columns: Mapping[str, str] | None = None,
    name_map: Mapping[str, str] | None = None,
    date_format: str | None = None,
) -> ImportReport:
    """``import_results`` for an export already in memory (an upload): ``filename`` picks the
    format (.xlsx or CSV) and is stored with the import; only its last path part is kept."""
    name = Path(filename).name or "export.csv"
    experiment = repository.get_experiment(store, experiment_id)
    stream = iter_export(data, name, platform=platform, columns=dict(columns or {}), date_format=date_format)
    file_hash = hashlib.sha256(data).hexdigest()
    observations, unmatched, indicators = _observations(experiment, stream, name_map or {})
    if not observations:
        shown = sorted(unmatched)
        names = ", ".join(shown[:10]) + (f" and {len(shown) - 10} more" if len(shown) > 10 else "") or "none"
        raise InputError(
            f"No row of {name} matches a variant of experiment {experiment_id} (ad names in the file: "
            f"{names}): name the variants after the ads, or pass --map 'AD NAME=VARIANT'."
        )
    days = sorted(o["day"] for o in observations)
    rows_read = stream.stats.rows_read
    base = dict(
        experiment_id=experiment_id,
        file_name=name,
        file_hash=file_hash,
        platform=stream.platform,
        currency=stream.currency,
        rows_read=rows_read,
        unmatched=unmatched,
        warnings=tuple(stream.stats.warnings() + _mixed(indicators)),
    )
    with store.write() as db:
        previous = repository.find_import(db, experiment_id, file_hash)
        if previous:
            return ImportReport(**base, import_id=previous["id"], already_imported=True)
        import_id = repository.write_import(
            db,
            {
                "experiment_id": experiment_id,
                "file_name": name,
                "file_hash": file_hash,
                "platform": stream.platform,
                "currency": stream.currency,
                "row_count": rows_read,
                "observation_count": len(observations),
                "first_day": days[0],
                "last_day": days[-1],
                "unmatched_json": json.dumps(unmatched, ensure_ascii=False),
            },
            observations,
        )
    return ImportReport(
        **base,
        import_id=import_id,
        observations=len(observations),
        first_day=dt.date.fromisoformat(days[0]),
        last_day=dt.date.fromisoformat(days[-1]),
    )


def _observations(experiment: Experiment, parsed: ExportStream, name_map: Mapping[str, str]):
    """Sum rows per (variant, day) as they stream in: one ad can appear in several ad sets on the
    same day. Memory grows with variant-days and distinct ad names, not with the file."""
    mapped = {_key(k): v for k, v in name_map.items()}
    by_key: dict[tuple[int, str], dict] = {}
    unmatched: dict[str, int] = {}
    indicators: set[str] = set()
    for row in parsed.rows:
        target = mapped.get(_key(row.name), row.name)
        try:
            variant_id = _variant_id(experiment, target)
        except NotFoundError:
            if _key(row.name) in mapped:
                raise InputError(f"--map sends {row.name!r} to {target!r}, which is not a variant of experiment {experiment.id}.") from None
            unmatched[row.name] = unmatched.get(row.name, 0) + 1
            continue
        key = (variant_id, row.day.isoformat())
        obs = by_key.setdefault(
            key, {"experiment_id": experiment.id, "variant_id": variant_id, "day": key[1], **{f: 0 for f in parsed.fields}}
        )
        for f, v in row.values.items():
            obs[f] += v
        if row.result_indicator:
            indicators.add(row.result_indicator)
            obs["result_indicator"] = row.result_indicator
    return list(by_key.values()), unmatched, indicators


def _mixed(indicators: set[str]) -> list[str]:
    if len(indicators) > 1:
        return [f"Rows count different results ({', '.join(sorted(indicators))}): compare like with like."]
    return []


def analyze_experiment(store: Store, experiment_id: int, funnel: bool = False, save: bool = True) -> AnalysisResult:
    """Analyse everything recorded so far and (by default) store the result."""
    experiment = repository.get_experiment(store, experiment_id)
    if len(experiment.variants) < 2:
        raise InputError(
            f"Experiment {experiment_id} has {len(experiment.variants)} variant(s): add at least two with add-variant."
        )
    totals = repository.variant_totals(store, experiment_id)
    prior = None if experiment.prior_alpha is None else Prior(experiment.prior_alpha, experiment.prior_beta or 0.0)
    result = analyze_totals(
        experiment.name,
        get_metric(experiment.metric),
        [v.name for v in experiment.variants],
        [totals.get(v.id, Totals()) for v in experiment.variants],
        rule=_rule(experiment),
        prior=prior,
        value_cv=experiment.value_cv,
        planned_weights=[v.planned_weight for v in experiment.variants],
        result_indicators=repository.result_indicators(store, experiment_id),
        funnel=funnel,
        experiment_id=experiment_id,
    )
    if get_metric(experiment.metric).model == REVENUE:
        notice = _revenue_notice(store, experiment)
        if notice is not None:
            result = result.model_copy(update={"warnings": (*result.warnings, notice)})
    if save:
        result = result.model_copy(update={"analysis_id": repository.save_analysis(store, result)})
    return result


def _revenue_notice(store: Store, experiment: Experiment) -> Notice | None:
    """Check the order-value spread assumed by ``value_cv`` against the day-to-day spread of revenue."""
    metric = get_metric(experiment.metric)
    by_arm: dict[str, list[tuple[float, float, float]]] = {v.name: [] for v in experiment.variants}
    for row in repository.observations(store, experiment.id):
        by_arm[row["variant"]].append(
            (float(row["revenue"] or 0), float(row["conversions"] or 0), float(row[metric.denominator] or 0))
        )
    check = revenue_dispersion(list(by_arm.values()), experiment.value_cv)
    cv = experiment.value_cv
    if check is None:
        return Notice(
            code="revenue_assumption",
            message=f"Revenue intervals assume order values vary with a coefficient of variation of {cv:g} "
            "(--value-cv); with fewer than 5 days of revenue this cannot be checked yet, and if a few large "
            "orders make most of your revenue, raise it.",
        )
    if check.doubtful:
        return Notice(
            code="revenue_assumption",
            message=f"Daily revenue varies {check.ratio:.1f} times more than --value-cv {cv:g} allows "
            f"(chi-square {format_p(check.p_value)}): the intervals are too narrow; recreate the experiment "
            f"with --value-cv {max(np.ceil(check.implied_cv * 2) / 2, cv + 0.5):g} or more.",
        )
    return None  # the spread of daily revenue fits the assumption: nothing to warn about


def list_experiments(store: Store) -> list[ExperimentSummary]:
    return repository.list_experiments(store)


def plan_experiment(
    baseline: float,
    lift: float,
    daily_per_variant: float,
    metric: str = "ctr",
    arms: int = 2,
    loss_threshold: float = 0.0025,
    rope: float = DEFAULT_ROPE,
    min_trials: float = 100.0,
    max_days: int = 60,
    simulations: int = 400,
    seed: int = 0,
    target: float = 0.8,
    ci_level: float = 0.95,
) -> DaysPlanResult:
    """Days until the decision rule is likely to decide, and how often it names a false winner,
    by seeded simulation of the same rule checked daily. ``daily_per_variant`` is one variant's
    daily exposure (the metric's denominator: impressions, clicks, reach or spend)."""
    m = get_metric(metric)
    if m.model == REVENUE:
        raise InputError(f"Planning simulates rates and counts; {metric!r} is modelled from revenue totals: plan with its count metric instead.")
    try:
        rule = DecisionRule(loss_threshold, rope, min_trials, ci_level)
        plan = plan_days(m.family, baseline, lift, daily_per_variant, arms, rule, None, max_days, simulations, seed, target)
    except ValueError as exc:
        raise InputError(f"Cannot plan: {exc}.") from None
    simulated = {k: v for k, v in asdict(plan).items() if k != "decided_by_day"}  # the day-by-day curve stays internal
    return DaysPlanResult(metric=metric, baseline=baseline, lift=lift, daily_per_variant=daily_per_variant, arms=arms,
                          message=_plan_message(plan, lift, daily_per_variant, m.exposure_label), **simulated)


def plan_for_experiment(
    store: Store,
    experiment_id: int,
    baseline: float,
    lift: float,
    daily_per_variant: float,
    max_days: int = 60,
    simulations: int = 400,
    seed: int = 0,
) -> DaysPlanResult:
    """``plan_experiment`` with the experiment's metric, variant count, threshold, ROPE, minimum
    sample and interval level (what the app's planner form needs)."""
    exp = repository.get_experiment(store, experiment_id)
    return plan_experiment(
        baseline, lift, daily_per_variant, metric=exp.metric, arms=max(len(exp.variants), 2),
        loss_threshold=exp.loss_threshold, rope=exp.rope, min_trials=exp.min_trials, ci_level=exp.ci_level,
        max_days=max_days, simulations=simulations, seed=seed,
    )


def _share(p: float, se: float, n: int) -> str:
    """A simulated share with its Monte Carlo error; 0 or all of n gets a rule-of-three bound."""
    if p <= 0:
        return f"none of {n} (under {3 / n:.1%})"
    if p >= 1:
        return f"all {n} (over {1 - 3 / n:.1%})"
    return f"{p:.1%} ±{max(se, 0.0005):.1%}"


def _plan_message(plan, lift: float, daily: float, unit: str) -> str:
    n = plan.simulations
    head = f"At {daily:,.0f} {unit} per variant a day, checked daily for up to {plan.max_days} days: "
    if plan.days_likely is None:
        timing = (
            f"only {_share(plan.prob_decision, plan.prob_decision_se, n)} of {n} simulated tests with a "
            f"{lift:+.0%} lift decided; more traffic or a bigger lift is needed"
        )
    else:
        lo, hi = plan.days_interval
        span = f"{lo}-{hi}" if hi is not None else f"{lo} or more"
        timing = (
            f"a decision is likely ({plan.target:.0%} of {n} simulated tests) by day {plan.days_likely} "
            f"(Monte Carlo 95% interval: days {span}; median day {plan.median_days:g})"
        )
    ship = (
        f"; the {lift:+.0%} variant is shipped in {_share(plan.prob_ship_lifted, plan.prob_ship_lifted_se, n)} "
        f"of tests and a worse one in {_share(plan.prob_ship_worse, _se(plan.prob_ship_worse, n), n)}. "
    )
    aa = (
        f"In A/A tests (no real difference) the rule names a false winner in "
        f"{_share(plan.aa_false_winner, plan.aa_false_winner_se, n)} and ends \"no meaningful difference\" in "
        f"{_share(plan.aa_no_difference, _se(plan.aa_no_difference, n), n)}"
        + (f"; A/A tests that end do so on day {plan.aa_median_days:g} (median)." if plan.aa_median_days is not None else ".")
    )
    return head + timing + ship + aa


def _se(p: float, n: int) -> float:
    return (p * (1 - p) / n) ** 0.5


def budget_split(store: Store, experiment_id: int, budget: float, min_share: float = 0.05) -> tuple[BudgetShare, ...]:
    """Next period's budget per variant by Thompson sampling (exact P(best)), with a floor per arm.

    Variants without data yet get only the floor.
    """
    result = analyze_experiment(store, experiment_id, save=False)
    probs = [a.prob_best or 0.0 for a in result.arms]
    if sum(probs) <= 0:
        probs = [1.0] * len(probs)
    try:
        split = thompson_split(probs, budget, min_share)
    except ValueError as exc:
        raise InputError(f"Cannot split the budget: {exc}.") from None
    return tuple(
        BudgetShare(variant=a.name, prob_best=a.prob_best, share=s, amount=amt)
        for a, s, amt in zip(result.arms, split.shares, split.amounts, strict=False)
    )


def plan(
    store: Store | None = None,
    experiment_id: int | None = None,
    baseline: float | None = None,
    lift: float = 0.1,
    daily_per_variant: float | None = None,
    metric: str | None = None,
    arms: int | None = None,
    budget: float | None = None,
    min_share: float = 0.05,
    max_days: int = 60,
    simulations: int = 400,
    seed: int = 0,
) -> PlanResult:
    """Days to a decision and/or a budget split. With an experiment, its metric, rule, variant
    count, control rate and average daily traffic per variant fill whatever is not given."""
    settings: dict = {}
    shares: tuple[BudgetShare, ...] = ()
    if experiment_id is not None:
        if store is None:
            raise ValueError("an experiment id needs a store")
        exp = repository.get_experiment(store, experiment_id)
        m = get_metric(metric or exp.metric)
        metric, arms = m.key, arms or len(exp.variants)
        settings = dict(loss_threshold=exp.loss_threshold, rope=exp.rope, min_trials=exp.min_trials, ci_level=exp.ci_level)
        control = repository.variant_totals(store, experiment_id).get(exp.variants[0].id) if exp.variants else None
        if baseline is None and control is not None and getattr(control, m.denominator) > 0:
            baseline = getattr(control, m.numerator) / getattr(control, m.denominator)
        if daily_per_variant is None:
            total = repository.daily_exposure(store, experiment_id, m.denominator)
            daily_per_variant = total / max(len(exp.variants), 1) or None
        if budget is not None:
            shares = budget_split(store, experiment_id, budget, min_share)
    elif budget is not None:
        raise InputError("A budget split needs an experiment id: pass the id of the running experiment.")
    days = None
    if baseline is not None and daily_per_variant is not None:
        days = plan_experiment(
            baseline, lift, daily_per_variant, metric=metric or "ctr", arms=arms or 2,
            max_days=max_days, simulations=simulations, seed=seed, **settings,
        )
    elif not shares:
        raise InputError("Give --baseline and --daily (or an experiment id with recorded data) to plan, or --budget to split.")
    return PlanResult(days=days, budget=shares)


def parse_quick(specs: Sequence[str]) -> dict[str, tuple[float, float]]:
    """``["A=50/1000", "B=62/1000"]`` -> {"A": (50, 1000), "B": (62, 1000)}."""
    out: dict[str, tuple[float, float]] = {}
    for spec in specs:
        name, sep, counts = spec.partition("=")
        succ, slash, trials = counts.partition("/")
        try:
            pair = (float(succ.replace(",", "")), float(trials.replace(",", "")))
        except ValueError:
            pair = None
        if not (sep and slash and name.strip()) or pair is None:
            raise InputError(f"Cannot read {spec!r}: write each variant as NAME=SUCCESSES/TRIALS, e.g. A=50/1000.")
        if name.strip() in out:
            raise InputError(f"Variant {name.strip()!r} is given twice: use distinct names.")
        out[name.strip()] = pair
    return out


def quick(
    variants: Mapping[str, tuple[float, float]] | Sequence[str],
    loss_threshold: float = 0.0025,
    rope: float = DEFAULT_ROPE,
    min_trials: float = 100.0,
    ci_level: float = 0.95,
) -> AnalysisResult:
    """Compare successes/trials per variant (first = control) with the uniform prior; stores nothing."""
    counts = parse_quick(variants) if not isinstance(variants, Mapping) else dict(variants)
    if not 2 <= len(counts) <= repository.MAX_VARIANTS:
        raise InputError(f"Give between 2 and {repository.MAX_VARIANTS} variants (got {len(counts)}), the first being the control.")
    for name, (s, n) in counts.items():
        if s < 0 or n < 0:
            raise InputError(f"Variant {name!r} has negative counts ({s:g}/{n:g}): successes and trials must be >= 0.")
        if s > n:
            raise InputError(f"Variant {name!r} has more successes than trials ({s:g}/{n:g}): check the numbers.")
    try:
        rule = DecisionRule(loss_threshold, rope, min_trials, ci_level)
    except ValueError as exc:
        raise InputError(f"Invalid setting: {exc}.") from None
    return analyze_totals(
        "quick",
        QUICK_RATE,
        list(counts),
        [Totals(conversions=s, clicks=n) for s, n in counts.values()],
        rule=rule,
    )

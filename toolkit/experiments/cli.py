"""``toolkit experiment``: create, add-variant, record, import, analyze, list, plan, quick, simulate.

Each command makes one call into ``service`` and prints its result, as text or ``--json``.
"""

from __future__ import annotations

from contextlib import nullcontext

import click

from ..errors import InputError
from ..store import Store
from . import service
from .analysis import prob_text
from .decision import DEFAULT_ROPE
from .headers import AD_PLATFORMS
from .metrics import METRICS, OBSERVATION_FIELDS, get_metric
from .models import AnalysisResult
from .posteriors import prior_from_history


def _store(ctx: click.Context) -> Store:
    return Store(ctx.obj["db_path"])


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise InputError(f"Cannot read {option} {value!r}: write it as LEFT=RIGHT.")
        out[key.strip()] = target.strip()
    return out


@click.group("experiment")
def experiment() -> None:
    """Bayesian A/B tests of ad variants: record or import results, analyse, plan."""


@experiment.command()
@click.argument("name")
@click.option("--metric", "-m", default="ctr", show_default=True, type=click.Choice(list(METRICS)), help="Primary metric.")
@click.option("--variant", "-v", "variants", multiple=True, help="NAME or NAME=AD TEXT; repeat, control first.")
@click.option("--split", help="Planned traffic split in variant order, e.g. 50,50 (enables the sample-ratio check).")
@click.option("--threshold", default=0.0025, show_default=True, help="Expected-loss threshold, as a fraction of the control's rate.")
@click.option("--rope", default=DEFAULT_ROPE, show_default=True, help="Relative lift too small to matter: within +-rope the variants count as equivalent (0 = off).")
@click.option("--min-trials", default=100.0, show_default=True, help="Exposure every arm needs before any decision.")
@click.option("--ci", "ci_level", default=0.95, show_default=True, help="Credible interval level.")
@click.option("--prior", help="Historical SUCCESSES/TRIALS (or COUNT/EXPOSURE) to start from instead of a flat prior.")
@click.option("--prior-weight", default=1.0, show_default=True, help="How much one historical observation counts (0.1 = a tenth).")
@click.option("--value-cv", default=1.0, show_default=True, help="Revenue metrics: assumed spread (coefficient of variation) of order values.")
@click.pass_context
def create(ctx, name, metric, variants, split, threshold, rope, min_trials, ci_level, prior, prior_weight, value_cv) -> None:
    """Create an experiment called NAME."""
    specs = []
    for value in variants:
        vname, _, text = value.partition("=")
        specs.append({"name": vname, "ad_text": text.strip()})
    if split:
        weights = [w for w in split.replace(" ", "").split(",") if w]
        if len(weights) != len(specs):
            raise InputError(f"--split has {len(weights)} weights for {len(specs)} variants: give one per --variant.")
        try:
            for spec, weight in zip(specs, weights, strict=False):
                spec["planned_weight"] = float(weight)
        except ValueError:
            raise InputError(f"Cannot read --split {split!r}: write numbers separated by commas, e.g. 50,50.") from None
    history = None
    if prior:
        counts = service.parse_quick([f"prior={prior}"])["prior"]
        try:
            history = prior_from_history(get_metric(metric).family, counts[0], counts[1], prior_weight)
        except ValueError as exc:
            raise InputError(f"Cannot use --prior {prior!r}: {exc}.") from None
    with _store(ctx) as store:
        exp = service.create_experiment(
            store, name, specs, metric=metric, loss_threshold=threshold, rope=rope, min_trials=min_trials,
            ci_level=ci_level, prior=history, value_cv=value_cv,
        )
    names = ", ".join(v.name for v in exp.variants) or "no variants yet"
    click.echo(f"Created experiment {exp.id} {exp.name!r} ({exp.metric}): {names}")


@experiment.command("add-variant")
@click.argument("experiment_id", type=int)
@click.argument("name")
@click.option("--text", "ad_text", default="", help="The ad text of this variant.")
@click.option("--run-id", type=int, help="The generation run that wrote this caption.")
@click.option("--weight", type=float, help="Planned share of traffic (any scale).")
@click.pass_context
def add_variant(ctx, experiment_id, name, ad_text, run_id, weight) -> None:
    """Add variant NAME to experiment EXPERIMENT_ID (at most 10)."""
    with _store(ctx) as store:
        exp = service.add_variant(store, experiment_id, name, ad_text, run_id, weight)
    click.echo(f"Experiment {exp.id} now has {len(exp.variants)} variants: {', '.join(v.name for v in exp.variants)}")


@experiment.command()
@click.argument("experiment_id", type=int)
@click.argument("variant")
@click.option("--day", help="YYYY-MM-DD (default: today).")
@click.option("--impressions", type=int)
@click.option("--reach", type=int)
@click.option("--clicks", type=int)
@click.option("--conversions", type=float)
@click.option("--spend", type=float)
@click.option("--revenue", type=float)
@click.option("--engagements", type=int, help="Likes + comments + shares + saves, or give them separately.")
@click.option("--likes", type=int)
@click.option("--comments", type=int)
@click.option("--shares", type=int)
@click.option("--saves", type=int)
@click.pass_context
def record(ctx, experiment_id, variant, day, likes, comments, shares, saves, **values) -> None:
    """Record VARIANT's results for one day; fields you leave out keep their stored value."""
    given = {k: v for k, v in values.items() if v is not None}
    parts = [p for p in (likes, comments, shares, saves) if p is not None]
    if parts:
        given["engagements"] = given.get("engagements", 0) + sum(parts)
    if not given:
        raise InputError("Nothing to record: pass at least one of --impressions, --clicks, --conversions, --spend, ...")
    with _store(ctx) as store:
        obs = service.record(store, experiment_id, variant, day, **given)
    shown = ", ".join(f"{f} {getattr(obs, f):g}" for f in OBSERVATION_FIELDS if getattr(obs, f))
    click.echo(f"Recorded {variant} on {obs.day}: {shown or 'all zero'}")


@experiment.command("import")
@click.argument("experiment_id", type=int)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--platform", type=click.Choice(list(AD_PLATFORMS)), help="Default: detected from the headers.")
@click.option("--map", "maps", multiple=True, help="'AD NAME=VARIANT' when the ad is named differently; repeat.")
@click.option("--column", "columns", multiple=True, help="FIELD=HEADER for a generic CSV (fields: name, day, impressions, clicks, conversions, spend, revenue, reach, engagements).")
@click.option("--date-format", help="strptime format of the day column, e.g. %d/%m/%Y.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@click.pass_context
def import_(ctx, experiment_id, file, platform, maps, columns, date_format, as_json) -> None:
    """Import FILE (CSV or XLSX export from Meta, Google Ads, TikTok, LinkedIn, or generic CSV)."""
    with _store(ctx) as store:
        report = service.import_results(
            store, experiment_id, file, platform=platform, columns=_pairs(columns, "--column"),
            name_map=_pairs(maps, "--map"), date_format=date_format,
        )
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    if report.already_imported:
        click.echo(f"{report.file_name} was already imported (import {report.import_id}); nothing changed.")
        return
    click.echo(
        f"Imported {report.file_name} ({AD_PLATFORMS[report.platform].label}): {report.rows_read} rows, "
        f"{report.observations} variant-days from {report.first_day} to {report.last_day}"
        + (f", currency {report.currency}" if report.currency else "")
    )
    if report.unmatched:
        rows = sum(report.unmatched.values())
        names = sorted(report.unmatched, key=lambda n: -report.unmatched[n])
        shown = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        click.echo(f"  skipped {rows} row(s) of {len(names)} ad(s) that are not variants ({shown}); use --map to include one")
    for warning in report.warnings:
        click.echo(f"  warning: {warning}")


def _fmt(metric_key: str, value: float | None) -> str:
    if value is None:
        return "-"
    if metric_key in METRICS and METRICS[metric_key].family == "beta" or metric_key == "rate":
        return f"{value:.3%}"
    return f"{value:.4g}"


def _print_analysis(result: AnalysisResult) -> None:
    level = f"{result.ci_level:.0%}"
    click.echo(f"{result.experiment_name}: {result.metric_label} ({level} credible intervals; first variant is the control)")
    cost = any(a.cost_ci_low is not None for a in result.arms)
    header = f"{'variant':<16}{'rate':>10}  {level + ' interval':<24}{'P(best)':>9}{'P(>ctrl)':>10}{'loss':>9}  relative lift ({level})"
    click.echo(header + ("  cost (interval)" if cost else ""))
    for a in result.arms:
        name = (a.name + (" *" if a.is_control else ""))[:15]
        if a.reason:
            click.echo(f"{name:<16}{'':>10}  {a.reason}")
            continue
        interval = f"[{_fmt(result.metric, a.ci_low)}, {_fmt(result.metric, a.ci_high)}]"
        p_best = "-" if a.prob_best is None else prob_text(a.prob_best)
        p_ctrl = "-" if a.prob_beat_control is None else prob_text(a.prob_beat_control)
        loss = "-" if a.expected_loss_relative is None else f"{a.expected_loss_relative:.2%}"
        lift = (
            "-" if a.lift_rel is None
            else f"{a.lift_rel:+.1%} [{a.lift_rel_low:+.1%}, {a.lift_rel_high:+.1%}]"
        )
        line = f"{name:<16}{_fmt(result.metric, a.mean):>10}  {interval:<24}{p_best:>9}{p_ctrl:>10}{loss:>9}  {lift}"
        if a.cost_ci_low is not None:
            line += f"  {a.cost_mean or float('nan'):.2f} [{a.cost_ci_low:.2f}, {a.cost_ci_high or float('inf'):.2f}]"
        click.echo(line)
    click.echo(f"Verdict: {result.message}")
    for w in result.warnings:
        click.echo(f"Warning ({w.code}): {w.message}")
    if result.funnel:
        click.echo("Funnel (mean [interval], P(best)):")
        for row in result.funnel:
            if row.reason:
                click.echo(f"  {row.label:<28}{row.variant:<16}{row.reason}")
            else:
                pb = "-" if row.prob_best is None else f"{row.prob_best:.1%}"
                click.echo(f"  {row.label:<28}{row.variant:<16}{row.mean or float('nan'):.4g} [{row.ci_low:.4g}, {row.ci_high or float('inf'):.4g}]  {pb}")


@experiment.command()
@click.argument("experiment_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.option("--funnel", is_flag=True, help="Also CTR, CVR, cost per click, cost per result and ROAS.")
@click.option("--no-save", is_flag=True, help="Do not store this analysis.")
@click.pass_context
def analyze(ctx, experiment_id, as_json, funnel, no_save) -> None:
    """Analyse EXPERIMENT_ID: probability to be best, expected loss, intervals and a verdict."""
    with _store(ctx) as store:
        result = service.analyze_experiment(store, experiment_id, funnel=funnel, save=not no_save)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        _print_analysis(result)


@experiment.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def list_(ctx, as_json) -> None:
    """List experiments with their last verdict."""
    with _store(ctx) as store:
        rows = service.list_experiments(store)
    if as_json:
        click.echo("[" + ",".join(r.model_dump_json() for r in rows) + "]")
        return
    if not rows:
        click.echo("No experiments yet: create one with `toolkit experiment create NAME`.")
    for r in rows:
        verdict = f"{r.last_verdict}" + (f" ({r.last_winner})" if r.last_winner else "") if r.last_verdict else "not analysed"
        click.echo(f"{r.id:>4}  {r.name:<30} {r.metric:<24} {r.variants} variants, {r.days} days, {verdict}")


@experiment.command()
@click.argument("experiment_id", type=int, required=False)
@click.option("--baseline", type=float, help="Control's rate (default: observed in the experiment).")
@click.option("--lift", type=float, default=0.1, show_default=True, help="Smallest relative lift worth detecting.")
@click.option("--daily", type=float, help="Daily exposure PER VARIANT: impressions, clicks, reach or spend (default: the experiment's average).")
@click.option("--metric", "-m", type=click.Choice(list(METRICS)), help="Default: the experiment's, else ctr.")
@click.option("--variants", "arms", type=int, help="Number of variants (default: the experiment's, else 2).")
@click.option("--max-days", default=60, show_default=True)
@click.option("--simulations", default=400, show_default=True)
@click.option("--seed", default=0, show_default=True)
@click.option("--budget", type=float, help="Split this budget across the experiment's variants (Thompson sampling).")
@click.option("--min-share", default=0.05, show_default=True, help="Budget floor per variant.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def plan(ctx, experiment_id, baseline, lift, daily, metric, arms, max_days, simulations, seed, budget, min_share, as_json) -> None:
    """Days until a decision is likely (seeded simulation) and, with --budget, next period's split."""
    with _store(ctx) if experiment_id is not None else nullcontext() as store:
        result = service.plan(
            store, experiment_id, baseline=baseline, lift=lift, daily_per_variant=daily, metric=metric, arms=arms,
            budget=budget, min_share=min_share, max_days=max_days, simulations=simulations, seed=seed,
        )
    days, budget_rows = result.days, result.budget
    if as_json:
        click.echo(result.model_dump_json(indent=2))
        return
    if days:
        click.echo(f"Plan for {days.metric}: baseline {days.baseline:.4g}, lift {days.lift:+.1%}, {days.daily_per_variant:,.0f} per variant a day, {days.arms} variants")
        click.echo(days.message)
    for row in budget_rows:
        pb = "-" if row.prob_best is None else f"{row.prob_best:.1%}"
        click.echo(f"  {row.variant:<20} P(best) {pb:>7}  share {row.share:.1%}  budget {row.amount:.2f}")


@experiment.command()
@click.argument("specs", nargs=-1, required=True)
@click.option("--threshold", default=0.0025, show_default=True)
@click.option("--rope", default=DEFAULT_ROPE, show_default=True, help="Relative lift too small to matter (0 = off).")
@click.option("--min-trials", default=100.0, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def quick(specs, threshold, rope, min_trials, as_json) -> None:
    """Compare NAME=SUCCESSES/TRIALS variants (first = control) without storing anything."""
    result = service.quick(list(specs), loss_threshold=threshold, rope=rope, min_trials=min_trials)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        _print_analysis(result)


@experiment.command()
@click.option("--baseline", type=float, required=True, help="Control's rate, e.g. 0.015 for a 1.5% CTR.")
@click.option("--lift", type=float, default=0.1, show_default=True, help="Relative lift of the better variant.")
@click.option("--daily", type=float, required=True, help="Daily exposure PER VARIANT (impressions, clicks, reach or spend).")
@click.option("--metric", "-m", default="ctr", show_default=True, type=click.Choice(list(METRICS)))
@click.option("--variants", "arms", default=2, show_default=True, help="Number of variants, control included.")
@click.option("--threshold", default=0.0025, show_default=True)
@click.option("--rope", default=DEFAULT_ROPE, show_default=True)
@click.option("--min-trials", default=100.0, show_default=True)
@click.option("--max-days", default=60, show_default=True)
@click.option("--simulations", default=1000, show_default=True)
@click.option("--seed", default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def simulate(baseline, lift, daily, metric, arms, threshold, rope, min_trials, max_days, simulations, seed, as_json) -> None:
    """Check the decision rule at your traffic: A/A tests and tests with a real lift, checked daily."""
    days = service.plan_experiment(
        baseline, lift, daily, metric=metric, arms=arms, loss_threshold=threshold, rope=rope,
        min_trials=min_trials, max_days=max_days, simulations=simulations, seed=seed,
    )
    if as_json:
        click.echo(days.model_dump_json(indent=2))
        return
    click.echo(
        f"{simulations} simulated tests per scenario, {arms} variants, {daily:,.0f} per variant a day, "
        f"baseline {baseline:.4g}, checked daily for up to {max_days} days:"
    )
    click.echo(f"  {'scenario':<16}{'ships the better':>17}{'ships a worse':>15}{'no difference':>15}{'still running':>15}{'median day':>12}")
    aa_running = 1 - days.aa_false_winner - days.aa_no_difference
    aa_day = "-" if days.aa_median_days is None else f"{days.aa_median_days:g}"
    click.echo(f"  {'A/A (no lift)':<16}{'-':>17}{days.aa_false_winner:>15.1%}{days.aa_no_difference:>15.1%}{aa_running:>15.1%}{aa_day:>12}")
    day = "-" if days.median_days is None else f"{days.median_days:g}"
    click.echo(
        f"  {f'{lift:+.0%} lift':<16}{days.prob_ship_lifted:>17.1%}{days.prob_ship_worse:>15.1%}"
        f"{days.prob_no_difference:>15.1%}{1 - days.prob_decision:>15.1%}{day:>12}"
    )
    click.echo(days.message)

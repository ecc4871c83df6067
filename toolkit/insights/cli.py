"""``toolkit insights``: what wins across experiments, per platform and language."""

from __future__ import annotations

import click

from ..experiments.metrics import METRICS
from ..store import Store
from . import service
from .attributes import ATTRIBUTES


@click.command("insights")
@click.option("--metric", "-m", type=click.Choice(list(METRICS)), help="Metric to learn about (default: the one most experiments use).")
@click.option("--attribute", "-a", "attributes", multiple=True, type=click.Choice(list(ATTRIBUTES)),
              help="Only these attributes; repeat (default: all).")
@click.option("--platform", "-p", help="Only this platform (key, e.g. x, linkedin).")
@click.option("--prior-for", metavar="PLATFORM", help="Also print the informed prior a new experiment on PLATFORM can start from.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@click.pass_context
def insights(ctx: click.Context, metric, attributes, platform, prior_for, as_json) -> None:
    """Which angles, hooks, lengths, emoji, hashtag counts and tones win across your experiments."""
    store = Store(ctx.obj["db_path"])
    report = service.build_insights(store, metric=metric, attributes=attributes or tuple(ATTRIBUTES))
    if platform:
        report = report.model_copy(update={"effects": tuple(e for e in report.effects if e.platform == platform.lower())})
    if as_json:
        click.echo(report.model_dump_json(indent=2))
        return
    click.echo(report.message)
    if report.effects:
        click.echo(f"\n{report.experiments} {report.metric} experiments; {report.ci_level:.0%} credible intervals, "
                   "lift relative to the reference level of each attribute:")
        for e in report.effects:
            click.echo(f"  [{ATTRIBUTES[e.attribute]}] {e.sentence}")
    if prior_for and report.metric:
        prior = service.informed_prior(store, prior_for.lower(), report.metric)
        if prior is None:
            click.echo(f"\nNo informed prior for {prior_for}: it needs {service.MIN_HISTORY} past {report.metric} experiments there.")
        else:
            beta = METRICS[report.metric].family == "beta"
            mean = prior.alpha / (prior.alpha + prior.beta) if beta else prior.alpha / prior.beta
            click.echo(f"\nInformed prior for a new {report.metric} experiment on {prior_for}: "
                       f"{'Beta' if beta else 'Gamma'}({prior.alpha:.4g}, {prior.beta:.4g}), mean {mean:.3g}.")

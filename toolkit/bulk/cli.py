"""``toolkit bulk``: produce thousands of posts, resumably, into files a scheduler can import.

``toolkit bulk INPUT ...`` is short for ``toolkit bulk run INPUT ...``; ``status`` and ``jobs``
look at jobs already in the database. Exit codes: 0 every post done, 3 finished with some posts
failed (listed at the end), 130 interrupted (run the same command again to continue), 1 or 2
for a problem with the command itself.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import click

from ..errors import ConfigError
from ..platforms import PLATFORM_KEYS
from ..repurpose.cli import brief_options
from ..repurpose.engine import BACKENDS
from ..repurpose.models import Brief
from ..safeio import check_output_folder, check_output_path
from ..schedulers import DATE_ORDERS, DEFAULT_DATE_ORDER, SCHEDULERS, Schedule, parse_schedule
from ..settings import resolve_db_path
from ..store import Store
from .api import BulkRun, RunOptions, make_spec
from .exporters import FORMATS, Report, export, infer_format
from .inputs import count_items, input_kind, iter_items
from .jobs import JobStore
from .progress import ProgressBar, Tally

EXIT_FAILURES = 3
EXIT_INTERRUPTED = 130
SHOW_FAILURES = 20


class _RunByDefault(click.Group):
    """Treats ``toolkit bulk INPUT ...`` as ``toolkit bulk run INPUT ...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["run", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_RunByDefault)
def bulk() -> None:
    """Produce posts in bulk: `toolkit bulk INPUT --out FILE` (INPUT: a folder, .csv or .jsonl).

    Resumable: interrupt it and run the same command again to continue. See `toolkit bulk run --help`.
    """


def _schedule_options(f):
    for option in reversed([
        click.option("--start", help="Scheduler files: first posting day, YYYY-MM-DD (default: tomorrow)."),
        click.option("--per-day", type=click.IntRange(1, 48), help="Scheduler files: posts a day (default: the number of --times, or 1)."),
        click.option("--times", help="Scheduler files: daily posting times, e.g. 09:00,13:00,18:30 (default: spread over 09:00-17:00)."),
        click.option("--tz", help="Scheduler files: IANA time zone of the posting times, e.g. Asia/Riyadh (default: UTC)."),
        click.option("--date-order", type=click.Choice(DATE_ORDERS), help="Scheduler files: dd/mm/yyyy (dmy, default) or mm/dd/yyyy, as chosen at upload."),
        click.option("--account-id", help="PostFast files: the account_id column (the PostFast account to post from)."),
    ]):
        f = option(f)
    return f


@bulk.command("run")
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option("--platform", "-p", "platforms", multiple=True, help=f"Repeat or comma-separate; default all: {', '.join(PLATFORM_KEYS)}. A row's platform column overrides it.")
@click.option("--out", "-o", help="Where to write: FILE.jsonl, FILE.csv, or a FOLDER of Markdown files.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), help="Output format (default: from --out). hootsuite/sprout/publer/postfast write scheduler bulk-import CSVs.")
@brief_options
@click.option("--backend", type=click.Choice(list(BACKENDS)), default="offline", show_default=True)
@click.option("--model", help="OpenAI model (default: TOOLKIT_LLM_MODEL or gpt-4o-mini).")
@click.option("--templates", type=click.Path(file_okay=False), envvar="TOOLKIT_PROMPTS", help="Your template folder (overrides single files of prompts/).")
@click.option("--workers", type=click.IntRange(1, 64), help="Offline: worker processes (default: CPU count).")
@click.option("--concurrency", "-c", type=click.IntRange(1, 512), default=16, show_default=True, help="OpenAI: calls in flight at once.")
@click.option("--rpm", type=click.FloatRange(min=0, min_open=True), help="OpenAI: at most this many requests a minute.")
@click.option("--tpm", type=click.FloatRange(min=0, min_open=True), help="OpenAI: at most this many tokens a minute (prompt + max answer).")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True, help="OpenAI: retries per call on 429, 5xx and timeouts.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="OpenAI: seconds per call (default 60).")
@click.option("--no-cache", is_flag=True, help="Produce every post again, even when an identical one was produced before.")
@click.option("--dry-run", is_flag=True, help="Estimate tokens and cost, spend nothing, write nothing.")
@click.option("--batch-api", is_flag=True, help="Send the whole job through OpenAI's Batch API (half price, results within 24 h).")
@click.option("--wait/--no-wait", default=False, help="With --batch-api: poll until the batch is done and write the output.")
@click.option("--poll", type=click.FloatRange(min=1), default=60, show_default=True, help="With --batch-api --wait: seconds between status checks.")
@_schedule_options
@click.option("--bom", is_flag=True, help="CSV: start with a byte-order mark so Excel reads Arabic correctly.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
@click.pass_context
def run(ctx: click.Context, input_path: Path, platforms: tuple[str, ...], out: str | None, fmt: str | None,
        brief: Brief, backend: str, model: str | None,
        templates: str | None, workers: int | None, concurrency: int, rpm: float | None, tpm: float | None,
        retries: int, timeout: float | None, no_cache: bool, dry_run: bool, batch_api: bool, wait: bool, poll: float,
        start: str | None, per_day: int | None, times: str | None, tz: str | None, date_order: str | None,
        account_id: str | None, bom: bool, quiet: bool) -> None:
    """Produce every post of INPUT (a folder of .md/.html/.txt/.docx, a .csv or a .jsonl) for every platform.

    The brief options apply to every post; a row's platform, tone, cta, link and language columns override them.
    """
    input_kind(input_path)
    if out is None and not dry_run:
        raise ConfigError("Say where the results go: add --out FILE.jsonl, --out FILE.csv or --out FOLDER (Markdown).")
    export_options = None
    if out is not None:
        export_options = _export_options(out, fmt, start, per_day, times, tz, date_order, account_id, bom)
    spec = make_spec(str(input_path.resolve()), platforms=platforms, brief=brief, backend=backend, model=model,
                     templates=templates, mode="batch" if batch_api else "live")
    options = RunOptions(workers=workers, concurrency=concurrency, requests_per_minute=rpm, tokens_per_minute=tpm,
                         retries=retries, timeout=timeout, use_cache=not no_cache)
    if dry_run:
        _dry_run(ctx, input_path, spec, options)
        return
    total = count_items(input_path)
    with Store(ctx.obj["db_path"]) as store:
        session = BulkRun(store, spec, options)
        session.jobs.save_export(session.job.id, export_options or {})
        click.echo(f"Job {session.job.id}: {total:,} posts from {input_path} with {spec.backend} ({spec.model}) "
                   f"to {len(spec.platforms)} platform(s).", err=True)
        if batch_api:
            from .batch_api import submit

            report = submit(session, iter_items(input_path))
            if report.batches:
                click.echo(f"Submitted {report.requests:,} requests for {report.posts:,} posts in batch "
                           f"{', '.join(report.batches)} (results within 24 h, at half the price).", err=True)
            else:
                click.echo("Nothing new to submit.", err=True)
            _collect(ctx, session, export_options, wait=wait, poll=poll)
            return
        # The llm client warns on every retried call (they are in llm_calls.retries); a line each would bury the progress line.
        logging.getLogger("toolkit.llm").addHandler(logging.NullHandler())
        bar = ProgressBar(total, enabled=not quiet)
        started = time.perf_counter()

        async def consume() -> None:
            async for outcome in session.outcomes(iter_items(input_path)):
                bar.update(outcome)

        try:
            asyncio.run(consume())
        except KeyboardInterrupt:
            bar.close()
            counts = session.counts()
            click.echo(f"Interrupted: {counts.done + counts.failed:,} of {total:,} posts are finished and saved; "
                       "run the same command again to continue.", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        bar.close()
        finish(ctx, session, export_options, tally=bar.tally, elapsed=time.perf_counter() - started)


def _export_options(out: str, fmt: str | None, start: str | None, per_day: int | None, times: str | None,
                    tz: str | None, date_order: str | None, account_id: str | None, bom: bool) -> dict:
    """Validate the output options up front (before anything is spent) and keep them for `status`."""
    chosen = infer_format(out, fmt)
    if chosen == "md":
        check_output_folder(out)  # an unusable -o is refused before any post is produced
    else:
        check_output_path(out)
    scheduling = {"start": start, "per_day": per_day, "times": times, "tz": tz, "date_order": date_order,
                  "account_id": account_id}
    if chosen in SCHEDULERS:  # the start is pinned: `status` tomorrow must not move every post a day
        scheduling["start"] = parse_schedule(start, per_day, times, tz).start.isoformat()
        if account_id is not None and chosen != "postfast":
            raise ConfigError("--account-id only applies to PostFast files: add --format postfast, or drop it.")
    elif any(v is not None for v in scheduling.values()):
        given = next(k for k, v in scheduling.items() if v is not None).replace("_", "-")
        raise ConfigError(f"--{given} only applies to scheduler files: add --format hootsuite, sprout, publer or "
                          "postfast, or drop it.")
    return {"out": str(Path(out).resolve()), "format": chosen, "bom": bom, **scheduling}


def _schedule(export_options: dict) -> Schedule | None:
    if export_options["format"] not in SCHEDULERS:
        return None
    o = export_options
    return parse_schedule(o["start"], o["per_day"], o["times"], o["tz"])


def write_outputs(session: BulkRun, export_options: dict) -> Report:
    """Write the job's latest complete run to the chosen output, from the database."""
    schedule = _schedule(export_options)
    report = export(session.results(), export_options["out"], export_options["format"], schedule=schedule,
                    date_order=export_options.get("date_order") or DEFAULT_DATE_ORDER,
                    account_id=export_options.get("account_id") or "", bom=export_options.get("bom", False))
    if schedule is not None:
        click.echo(f"Schedule: {schedule.describe()}.", err=True)
    return report


def finish(ctx: click.Context, session: BulkRun, export_options: dict | None, *, tally: Tally | None = None,
           elapsed: float | None = None) -> None:
    """Export, print the summary and the failures, and exit 3 if any post failed."""
    counts = session.counts()
    report = write_outputs(session, export_options) if export_options else None
    took = f" in {elapsed:.1f} s" if elapsed is not None else ""
    tokens = counts.prompt_tokens + counts.completion_tokens
    spend = f"; {tokens:,} tokens, ${counts.cost_usd:.4f} in all" if tokens else ""
    origin = f" ({tally.resumed:,} finished by an earlier run, {tally.cached:,} from the cache)" if tally else ""
    click.echo(f"Done{took}: {counts.done:,} posts done, {counts.failed:,} failed{origin}{spend}.", err=True)
    if report is not None:
        names = ", ".join(str(f) for f in report.files) or "nothing (no post finished)"
        click.echo(f"Wrote {report.rows:,} rows to {names}.", err=True)
        for reason in report.skipped[:SHOW_FAILURES]:
            click.echo(f"  left out: {reason}", err=True)
        if len(report.skipped) > SHOW_FAILURES:
            click.echo(f"  ... and {len(report.skipped) - SHOW_FAILURES:,} more left out.", err=True)
    if counts.failed:
        click.echo(f"{counts.failed:,} posts failed:", err=True)
        for n, o in enumerate(session.results(status="failed")):
            if n == SHOW_FAILURES:
                click.echo(f"  ... and {counts.failed - SHOW_FAILURES:,} more: `toolkit bulk status {session.job.id} --failures` lists them all.", err=True)
                break
            click.echo(f"  {_failure_line(o.name, o.error)}", err=True)
        ctx.exit(EXIT_FAILURES)


def _failure_line(name: str, error: str | None) -> str:
    error = error or "unknown error"
    return error if error.startswith(name) else f"{name}: {error}"


def _dry_run(ctx: click.Context, input_path: Path, spec, options: RunOptions) -> None:
    from .estimate import estimate

    db = resolve_db_path(ctx.obj["db_path"])
    store = Store(db) if db.exists() else None
    try:
        est = estimate(iter_items(input_path), spec, store, use_cache=options.use_cache)
    finally:
        if store is not None:
            store.close()
    click.echo(f"{est.posts:,} posts: {est.to_produce:,} to produce, {est.done_before:,} already done, "
               f"{est.cached:,} from the cache, {len(est.unusable):,} unusable.")
    if spec.backend == "offline":
        click.echo("The offline engine makes no calls: no tokens, no cost.")
    else:
        click.echo(f"Estimated {est.calls:,} calls, {est.prompt_tokens:,} prompt + {est.completion_tokens:,} completion tokens: "
                   f"about ${est.cost_usd:.4f} with {spec.model} (about ${est.batch_cost_usd:.4f} with --batch-api); "
                   "second asks for answers that break a rule are not counted.")
    for reason in est.unusable[:SHOW_FAILURES]:
        click.echo(f"  unusable: {reason}")


@bulk.command("status")
@click.argument("job_id")
@click.option("--out", "-o", help="Write the results here (default: the job's own --out, once it is complete).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), help="Output format (default: from --out).")
@_schedule_options
@click.option("--failures", is_flag=True, help="List every failed post with its reason.")
@click.option("--wait/--no-wait", default=False, help="Batch API jobs: poll until every batch is done.")
@click.option("--poll", type=click.FloatRange(min=1), default=60, show_default=True, help="With --wait: seconds between checks.")
@click.pass_context
def status(ctx: click.Context, job_id: str, out: str | None, fmt: str | None, start: str | None, per_day: int | None,
           times: str | None, tz: str | None, date_order: str | None, account_id: str | None, failures: bool,
           wait: bool, poll: float) -> None:
    """Show a job's progress; collect Batch API results; write its output again (with --out)."""
    with Store(ctx.obj["db_path"]) as store:
        jobs = JobStore(store)
        job = jobs.get(job_id)
        session = BulkRun(store, job.spec)
        export_options = _export_options(out, fmt, start, per_day, times, tz, date_order, account_id, False) if out else job.export or None
        if job.spec.mode == "batch":
            _collect(ctx, session, export_options, wait=wait, poll=poll)
            return
        counts = session.counts()
        state = "complete" if job.finished_run == job.run_no else "interrupted (run its command again to continue)"
        click.echo(f"Job {job.id} ({job.spec.backend}, {job.spec.model}) from {job.spec.input}: {state}; "
                   f"{counts.done:,} done, {counts.failed:,} failed, {counts.pending:,} pending.")
        if failures:
            for o in session.results(status="failed"):
                click.echo(f"  {_failure_line(o.name, o.error)}")
        if out:
            if job.finished_run != job.run_no:
                raise ConfigError(f"Job {job.id} did not finish its last run: run its command again before writing its output.")
            finish(ctx, session, export_options)


def _collect(ctx: click.Context, session: BulkRun, export_options: dict | None, *, wait: bool, poll: float) -> None:
    """Collect a Batch API job's finished batches; write its output once all are in (polling with ``wait``)."""
    from .batch_api import collect

    while True:
        report = collect(session)
        if report.complete:
            session.job = session.jobs.get(session.job.id)
            finish(ctx, session, export_options)
            return
        if not wait:
            for b in report.waiting:
                click.echo(f"Batch {b['id']}: {b['status']}, {b['done']:,} of {b['total']:,} requests answered.", err=True)
            click.echo(f"Collect the results later with `toolkit bulk status {session.job.id}` (or add --wait).", err=True)
            return
        time.sleep(poll)


@bulk.command("jobs")
@click.option("--limit", "-l", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.pass_context
def jobs(ctx: click.Context, limit: int) -> None:
    """List recent bulk jobs, newest first."""
    with Store(ctx.obj["db_path"]) as store:
        rows = JobStore(store).recent(limit)
    if not rows:
        click.echo("No bulk jobs yet: try `toolkit bulk examples/ --out posts.jsonl`.")
        return
    for r in rows:
        state = "complete" if r["finished_run"] == r["run_no"] else "unfinished"
        click.echo(f"{r['id']}  {r['updated_at'][:19]}  {state:<10} {r['done']:>6} done {r['failed']:>5} failed  {r['input']}")

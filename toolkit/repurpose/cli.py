"""CLI commands for repurposing: repurpose, history, show."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, get_args

import click
from pydantic import ValidationError

from ..decoding import decode_text
from ..errors import (
    EXIT_NOT_LOGGED,
    ConfigError,
    InputError,
    OutputError,
    UsageError,
    describe_validation,
)
from ..limits import LIMITS, int_limit
from ..platforms import PLATFORM_KEYS, resolve_platforms
from ..safeio import check_output_path, read_file, write_output
from ..store import Store, open_store
from .engine import BACKENDS
from .engine import repurpose as run_repurpose
from .export import to_csv, to_json, to_markdown
from .history import get_run, list_runs
from .layout import Layout
from .load import load_source
from .models import Brief, RepurposeResult, Tone
from .terminal import cell, plain, summary

if TYPE_CHECKING:
    from ..llm.backend import OpenAIBackend

FORMATS = {"json": to_json, "md": to_markdown, "csv": to_csv}


def load_brief(path: str | None, overrides: dict) -> Brief:
    """A brief from a JSON or TOML file, with command-line options taking precedence."""
    data: dict = {}
    if path:
        p = Path(path)
        try:
            decoded = decode_text(read_file(p, max_bytes=int_limit("input_bytes"), env=LIMITS["input_bytes"].env,
                                            label=f"Brief file {path!r}"), f"Brief file {path!r}")
        except InputError as exc:
            raise ConfigError(str(exc)) from None
        raw = decoded.text
        for warning in decoded.warnings:
            click.echo(f"Warning: {warning}", err=True)
        try:
            data = tomllib.loads(raw) if p.suffix.lower() == ".toml" else json.loads(raw)
        except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Brief file {path!r} is not valid {'TOML' if p.suffix.lower() == '.toml' else 'JSON'} ({exc}): fix it.") from None
        if not isinstance(data, dict):
            raise ConfigError(f"Brief file {path!r} must hold an object of brief fields.")
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"The brief is invalid ({describe_validation(exc)}): fix those fields.") from None


def brief_options(command):
    """The brief's options, shared by `repurpose` and `bulk run`; the command receives one ``brief``."""

    @functools.wraps(command)
    def with_brief(*args, brief_path, variants, tone, call_to_action, link, audience, language, emoji, **kwargs):
        overrides = {"variants": variants, "tone": tone, "call_to_action": call_to_action, "link": link,
                     "audience": audience, "language": language, "emoji": emoji}
        return command(*args, brief=load_brief(brief_path, overrides), **kwargs)

    for option in reversed([
        click.option("--variants", "-n", type=click.IntRange(1, 10), help="Alternative captions per platform (default 3)."),
        click.option("--brief", "brief_path", type=click.Path(dir_okay=False), help="Brief as JSON or TOML (audience, tone, call_to_action, link, ...)."),
        click.option("--tone", type=click.Choice(list(get_args(Tone)))),
        click.option("--cta", "call_to_action", help="Call to action (default: one in the post's language)."),
        click.option("--link", help="Link to the full post."),
        click.option("--audience", help="Who the posts are for."),
        click.option("--language", type=click.Choice(["auto", "ar", "en"]), help="Output language (default: the post's)."),
        click.option("--emoji/--no-emoji", default=None, help="Use emoji in hooks and calls to action (default on)."),
    ]):
        with_brief = option(with_brief)
    return with_brief


def emit(result: RepurposeResult, fmt: str, out: str | None) -> None:
    """The result to ``out`` (atomically) or stdout, in ``fmt``."""
    text = FORMATS[fmt](result)
    if out:
        write_output(out, text)
        logged = f"run {result.run_id}" if result.run_id is not None else "not logged"
        click.echo(f"Wrote {fmt} to {out} ({logged}).", err=True)
    else:
        print_out(text)


def print_out(text: str) -> None:
    """``text`` on stdout; a full disk or closed file there is one sentence, not a traceback."""
    try:
        click.echo(text, nl=not text.endswith("\n"))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # drop what is still buffered, or
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's exit would fail on it again
        raise OutputError(f"Could not write the output to standard output ({exc.strerror}): free some space, "
                          "or write it to a file with -o PATH.") from None


def stdout_is_terminal() -> bool:
    """A person reading (the summary), not a pipe or a file (the full document)."""
    return sys.stdout.isatty()


def _refuse_blank_platforms(platforms: tuple[str, ...]) -> None:
    if any(not p.replace(",", "").strip() for p in platforms):
        raise UsageError("--platform/-p was given an empty name: give one such as x or linkedin "
                         "(see `toolkit platforms`), or leave -p out for all of them.")


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("--platform", "-p", "platforms", multiple=True, help=f"Repeat or comma-separate; default all: {', '.join(PLATFORM_KEYS)}.")
@brief_options
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)),
              help="md, json or csv (default md; on a terminal without -f or -o, a short summary).")
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.option("--backend", type=click.Choice(list(BACKENDS)), default="offline", show_default=True)
@click.option("--templates", type=click.Path(file_okay=False), envvar="TOOLKIT_PROMPTS", help="Your template folder (overrides single files of prompts/).")
@click.option("--model", help="Model for --backend openai (env TOOLKIT_LLM_MODEL; default gpt-4o-mini).")
@click.option("--temperature", type=click.FloatRange(0, 2), help="Sampling temperature for --backend openai (default 0.7).")
@click.option("--timeout", type=click.FloatRange(min=1), help="Seconds per model request (default 60).")
@click.option("--base-url", help="An OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL).")
@click.option("--concurrency", "-c", type=click.IntRange(1, 64),
              help="Model calls at once for --backend openai (env TOOLKIT_LLM_CONCURRENCY; default 20).")
@click.pass_context
def repurpose(ctx: click.Context, source: str, platforms: tuple[str, ...], brief: Brief, fmt: str | None, out: str | None,
              backend: str, templates: str | None, model: str | None, temperature: float | None, timeout: float | None,
              base_url: str | None, concurrency: int | None) -> None:
    """Turn a blog post (FILE, or - for stdin) into captions, threads, carousels and hashtag sets.

    Exit codes: 0 done and logged; 1 a problem with the input or settings (one line on stderr);
    2 a usage error; 3 (--backend openai) the output was written but no part of it came from the model;
    4 the output was written but the run could not be logged (reason on stderr).
    """
    _refuse_blank_platforms(platforms)
    resolve_platforms(list(platforms))  # an unknown name fails before the post is read
    if out:
        check_output_path(out)  # an unusable -o is refused before any work
    loaded = load_source(source)
    for warning in loaded.warnings:
        click.echo(f"Warning: {warning}", err=True)
    store, unusable = open_store(ctx.obj["db_path"])
    try:
        engine: str | OpenAIBackend = backend
        if backend == "openai":  # built here so its calls are logged to this run's database
            from ..llm.backend import OpenAIBackend

            engine = OpenAIBackend.from_env(layout=Layout(templates), store=store, model=model, temperature=temperature,
                                            timeout=timeout, base_url=base_url, concurrency=concurrency)
        result = run_repurpose(loaded, brief, platforms=list(platforms) or None, backend=engine, store=store, templates=templates)
    finally:
        if store is not None:
            store.close()
    if not isinstance(engine, str):
        click.echo(f"Usage: {engine.last_usage.summary(engine.model)}.", err=True)
    not_logged = unusable or (store.unlogged[0] if store is not None and store.unlogged else None)
    if fmt is None and out is None and result.run_id is not None and stdout_is_terminal():
        print_out(summary(result, db_path=str(store.path) if store is not None else None))
    else:
        emit(result, fmt or "md", out)
    for warning in result.warnings:  # what had to be dropped, a missing link, fallbacks: never silent
        click.echo(f"Warning: {warning}", err=True)
    if not_logged:
        click.echo(f"Warning: the run was not logged ({not_logged.rstrip('.')}); the output above is complete.", err=True)
        ctx.exit(EXIT_NOT_LOGGED)
    if not isinstance(engine, str) and engine.last_usage.outputs and not engine.last_usage.from_model:
        ctx.exit(3)  # NO_MODEL_OUTPUT: everything came from the offline draft (README, "The OpenAI backend")


@click.command()
@click.option("--search", "-s", default="", help="Only runs whose title or text contains this.")
@click.option("--limit", "-l", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines instead of a table.")
@click.pass_context
def history(ctx: click.Context, search: str, limit: int, as_json: bool) -> None:
    """List past repurposing runs, newest first."""
    with Store(ctx.obj["db_path"]) as store:
        runs = list_runs(store, search=search, limit=limit)
    if not runs:
        click.echo("No runs yet: try `toolkit repurpose examples/ar_content_marketing.md`." if not search else f"No runs match {plain(search)!r}.")
        return
    for r in runs:
        if as_json:
            click.echo(r.model_dump_json())
        else:  # titles come from posts: no control characters, direction isolated (U+202E cannot reverse the row)
            status = "" if r.status == "ok" else f"  [error: {plain(r.error or '')}]"
            click.echo(f"{r.id:>5}  {r.created_at[:19]}  {plain(r.backend):<8} {plain(r.language) or '--':<3} "
                       f"{plain(','.join(r.platforms))[:30]:<30}  {cell(r.title, 50)}{status}")


@click.command()
@click.argument("run_id", type=int)
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="md", show_default=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def show(ctx: click.Context, run_id: int, fmt: str, out: str | None) -> None:
    """Print the outputs of run RUN_ID again (in any format)."""
    if out:
        check_output_path(out)
    with Store(ctx.obj["db_path"]) as store:
        result = get_run(store, run_id)
    result.run_id = run_id
    emit(result, fmt, out)

"""CLI commands for repurposing: repurpose, history, show."""

from __future__ import annotations

import functools
import json
import tomllib
from pathlib import Path
from typing import get_args

import click
from pydantic import ValidationError

from ..errors import ConfigError
from ..platforms import PLATFORM_KEYS, resolve_platforms
from ..store import Store
from .engine import BACKENDS
from .engine import repurpose as run_repurpose
from .export import to_csv, to_json, to_markdown
from .history import get_run, list_runs
from .layout import Layout
from .load import load_source
from .models import Brief, RepurposeResult, Tone

FORMATS = {"json": to_json, "md": to_markdown, "csv": to_csv}


def format_validation_error(exc: ValidationError) -> str:
    """A pydantic error as short "field: problem" phrases, not a dump."""
    return "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors())


def load_brief(path: str | None, overrides: dict) -> Brief:
    """A brief from a JSON or TOML file, with command-line options taking precedence."""
    data: dict = {}
    if path:
        p = Path(path)
        try:
            raw = p.read_text("utf-8")
        except OSError as exc:
            raise ConfigError(f"Brief file {path!r} cannot be read ({exc.strerror}): check the path.") from None
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
        raise ConfigError(f"The brief is invalid ({format_validation_error(exc)}): fix those fields.") from None


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
    text = FORMATS[fmt](result)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {fmt} to {out} (run {result.run_id}).", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


@click.command()
@click.argument("source", metavar="FILE|-")
@click.option("--platform", "-p", "platforms", multiple=True, help=f"Repeat or comma-separate; default all: {', '.join(PLATFORM_KEYS)}.")
@brief_options
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="md", show_default=True)
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
def repurpose(ctx: click.Context, source: str, platforms: tuple[str, ...], brief: Brief, fmt: str, out: str | None,
              backend: str, templates: str | None, model: str | None, temperature: float | None, timeout: float | None,
              base_url: str | None, concurrency: int | None) -> None:
    """Turn a blog post (FILE, or - for stdin) into captions, threads, carousels and hashtag sets.

    With --backend openai, exits with status 3 (after writing the output) when no output came from the model."""
    resolve_platforms(list(platforms))  # an unknown name fails before the post is read
    loaded = load_source(source)
    with Store(ctx.obj["db_path"]) as store:
        engine = backend
        if backend == "openai":  # built here so its calls are logged to this run's database
            from ..llm.backend import OpenAIBackend

            engine = OpenAIBackend.from_env(layout=Layout(templates), store=store, model=model, temperature=temperature,
                                            timeout=timeout, base_url=base_url, concurrency=concurrency)
        result = run_repurpose(loaded, brief, platforms=list(platforms) or None, backend=engine, store=store, templates=templates)
    if not isinstance(engine, str):
        click.echo(f"Usage: {engine.last_usage.summary(engine.model)}.", err=True)
    emit(result, fmt, out)
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
        click.echo("No runs yet: try `toolkit repurpose examples/ar_content_marketing.md`." if not search else f"No runs match {search!r}.")
        return
    for r in runs:
        if as_json:
            click.echo(r.model_dump_json())
        else:
            title = r.title if len(r.title) <= 50 else r.title[:49] + "…"
            status = "" if r.status == "ok" else f"  [error: {r.error}]"
            click.echo(f"{r.id:>5}  {r.created_at[:19]}  {r.backend:<8} {r.language or '--':<3} {','.join(r.platforms)[:30]:<30}  {title}{status}")


@click.command()
@click.argument("run_id", type=int)
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)), default="md", show_default=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Write to a file instead of stdout.")
@click.pass_context
def show(ctx: click.Context, run_id: int, fmt: str, out: str | None) -> None:
    """Print the outputs of run RUN_ID again (in any format)."""
    with Store(ctx.obj["db_path"]) as store:
        result = get_run(store, run_id)
    result.run_id = run_id
    emit(result, fmt, out)

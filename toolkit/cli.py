"""The ``toolkit`` command. Subcommands live beside the code they drive; this file wires them.

Every ``ToolkitError`` becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import click

from .errors import ToolkitError


class LazyCommand(NamedTuple):
    """Where a command lives, and its short help so that ``toolkit --help`` lists it without importing it."""

    target: str  # "module:attribute"
    short_help: str  # the first sentence of the command's docstring (a test keeps them equal)


# Each command is imported when it runs: the OpenAI SDK, scipy and WeasyPrint take seconds to
# import together, and a script calling `toolkit measure` once per caption must not pay for them.
COMMANDS: dict[str, LazyCommand] = {
    "repurpose": LazyCommand(
        "toolkit.repurpose.cli:repurpose",
        "Turn a blog post (FILE, or - for stdin) into captions, threads, carousels and hashtag sets.",
    ),
    "measure": LazyCommand("toolkit.platform_cli:measure", "Print TEXT's length as PLATFORM counts it, and the limit."),
    "platforms": LazyCommand(
        "toolkit.platform_cli:platforms", "List the platforms, their limits and how each counts length."
    ),
    "history": LazyCommand("toolkit.repurpose.cli:history", "List past repurposing runs, newest first."),
    "show": LazyCommand("toolkit.repurpose.cli:show", "Print the outputs of run RUN_ID again (in any format)."),
    "carousel": LazyCommand(
        "toolkit.carousel.cli:carousel",
        "Render the carousel of a blog post (FILE, or - for stdin) to numbered PNG slides and/or a PDF,"
        " with alt_text.txt beside them.",
    ),
    "experiment": LazyCommand(
        "toolkit.experiments.cli:experiment",
        "Bayesian A/B tests of ad variants: record or import results, analyse, plan.",
    ),
    "insights": LazyCommand(
        "toolkit.insights.cli:insights",
        "Which angles, hooks, lengths, emoji, hashtag counts and tones win across your experiments.",
    ),
    "bulk": LazyCommand(
        "toolkit.bulk.cli:bulk",
        "Produce posts in bulk: `toolkit bulk INPUT --out FILE` (INPUT: a folder, .csv or .jsonl).",
    ),
    "prompts": LazyCommand(
        "toolkit.llm.cli:prompts",
        "The Jinja2 prompt templates the OpenAI backend sends (edit copies in your own folder).",
    ),
}


class _Group(click.Group):
    """A click group that loads commands on first use and turns the toolkit's own errors into one clean line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name].target.split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, as click would write it, without importing any command."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        # A bare Command shortens the text exactly as the real one would (first sentence, "..." past the limit).
        rows = [(name, click.Command(name, help=entry.short_help).get_short_help_str(limit))
                for name, entry in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    envvar="TOOLKIT_DB",
    type=click.Path(dir_okay=False),
    help="SQLite file for run history and experiments (default: your user data folder; env TOOLKIT_DB).",
)
@click.version_option(package_name="toolkit")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Repurpose blog posts into platform-ready content and run Bayesian ad experiments."""
    ctx.obj = {"db_path": db_path}


def main() -> None:
    cli(prog_name="toolkit")


if __name__ == "__main__":  # pragma: no cover
    main()

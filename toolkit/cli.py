"""The ``toolkit`` command. Subcommands live beside the code they drive; this file wires them.

Every ``ToolkitError`` becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import sys

import click

from .errors import ToolkitError


class _Group(click.Group):
    """A click group that turns the toolkit's own errors into one clean line."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
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


def _register() -> None:
    from .bulk.cli import bulk
    from .carousel.cli import carousel
    from .experiments.cli import experiment
    from .llm.cli import prompts
    from .repurpose.cli import commands as repurpose_commands

    for command in repurpose_commands:
        cli.add_command(command)
    cli.add_command(carousel)
    cli.add_command(experiment)
    cli.add_command(bulk)
    cli.add_command(prompts)


_register()


def main() -> None:
    cli(prog_name="toolkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

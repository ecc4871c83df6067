"""The ``toolkit`` command. Subcommands live beside the code they drive; this file wires them.

Every ``ToolkitError`` becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from .errors import ToolkitError


# Each command is imported when it runs, so `toolkit measure` does not pay for scipy, the
# OpenAI SDK or WeasyPrint (about 1.5 s of imports together).
COMMANDS = {
    "repurpose": "toolkit.repurpose.cli:repurpose",
    "measure": "toolkit.repurpose.cli:measure",
    "platforms": "toolkit.repurpose.cli:platforms",
    "history": "toolkit.repurpose.cli:history",
    "show": "toolkit.repurpose.cli:show",
    "carousel": "toolkit.carousel.cli:carousel",
    "experiment": "toolkit.experiments.cli:experiment",
    "insights": "toolkit.insights.cli:insights",
    "bulk": "toolkit.bulk.cli:bulk",
    "prompts": "toolkit.llm.cli:prompts",
}


class _Group(click.Group):
    """A click group that loads commands on first use and turns the toolkit's own errors into one clean line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, attr = COMMANDS[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attr), name)
        return super().get_command(ctx, name)

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


def main() -> None:
    cli(prog_name="toolkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Docs that cannot drift: every command has help and is in the README; every template is documented."""

import click
from click.testing import CliRunner

from tests.conftest import REPO
from toolkit.cli import cli

README = (REPO / "README.md").read_text("utf-8")


def _commands(group: click.Group, prefix: str = ""):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_has_help_and_a_readme_mention():
    runner = CliRunner()
    for name, command in _commands(cli):
        assert command.help or command.short_help, f"`toolkit {name}` has no help"
        result = runner.invoke(cli, name.split() + ["--help"])
        assert result.exit_code == 0, name
        assert f"toolkit {name}" in README, f"README does not mention `toolkit {name}`"


def test_every_template_is_documented():
    for path in sorted((REPO / "prompts").rglob("*")):
        if path.is_file():
            rel = path.relative_to(REPO / "prompts").as_posix()
            assert rel in README or path.name in README, f"README does not mention prompts/{rel}"


def test_readme_states_the_two_commands():
    assert "python3 -m pip install -e . && toolkit repurpose examples/ar_content_marketing.md" in README
    assert "bash scripts/test.sh" in README
    assert "bash scripts/test.sh" in (REPO / ".ci" / "run").read_text("utf-8")

"""What each command imports, checked in a fresh interpreter: start-up a script can afford.

A script calling ``toolkit`` once per post pays every import every time, so ``--help``,
``measure`` and opening the database must not load the OpenAI SDK, scipy or Streamlit, and the
offline ``repurpose`` must not load the SDK or scipy. (The CPU times are in bench/bench_startup.py.)
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from toolkit.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parents[1]
POST = REPO / "tests" / "data" / "posts" / "en_markdown_kitchen_sink.md"

# Runs CODE (argv[2]) or the toolkit command (argv[2:]) and writes the loaded module names to argv[1].
PROBE = """
import json, sys
out, args = sys.argv[1], sys.argv[2:]
status = 0
if args[0] == "--python":
    exec(args[1])
else:
    from toolkit.cli import main
    sys.argv = ["toolkit", *args]
    try:
        main()
    except SystemExit as exc:
        status = exc.code or 0
with open(out, "w") as f:
    json.dump(sorted(sys.modules), f)
sys.exit(status)
"""
HEAVY = {"openai", "scipy", "streamlit"}


def loaded(tmp_path: Path, *args: str) -> set[str]:
    """The modules a fresh process has imported after running ``toolkit ARGS`` (or ``--python CODE``)."""
    out = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", PROBE, str(out), *args], env=env, cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text()))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_help_imports_no_command_and_no_pydantic(tmp_path):
    modules = loaded(tmp_path, "--help")
    assert {m for m in modules if m.startswith("toolkit")} == {"toolkit", "toolkit._lazy", "toolkit.cli", "toolkit.errors"}
    assert not tops(modules) & (HEAVY | {"pydantic", "sqlite_utils"})


@pytest.mark.parametrize("args", [["measure", "--platform", "x", "hi"], ["platforms"]])
def test_measure_and_platforms_import_neither_engine_nor_database(tmp_path, args):
    modules = loaded(tmp_path, *args)
    assert not tops(modules) & (HEAVY | {"sqlite_utils", "numpy", "pandas"})
    assert "toolkit.repurpose" not in modules


def test_offline_repurpose_imports_neither_openai_nor_scipy(tmp_path):
    modules = loaded(tmp_path, "repurpose", str(POST), "-p", "x", "--backend", "offline", "-o", str(tmp_path / "out.md"))
    assert (tmp_path / "out.md").read_text("utf-8").strip()
    assert not tops(modules) & (HEAVY | {"numpy", "pandas"})


def test_opening_a_store_imports_only_the_store_and_the_migrations(tmp_path):
    modules = loaded(tmp_path, "--python", f"from toolkit.store import Store; Store({str(tmp_path / 'a.db')!r}).close()")
    assert {m for m in modules if m.startswith("toolkit")} == {
        "toolkit", "toolkit._lazy", "toolkit._sqlite_utils", "toolkit.errors", "toolkit.settings", "toolkit.store",
        "toolkit.migrations", "toolkit.bulk", "toolkit.bulk.migrations", "toolkit.experiments",
        "toolkit.experiments.migrations", "toolkit.llm", "toolkit.llm.migrations",
        "toolkit.insights", "toolkit.insights.migrations",
    }
    assert not tops(modules) & (HEAVY | {"pydantic", "numpy", "pandas"})


def test_pandas_and_numpy_still_import_after_the_store(tmp_path):
    """sqlite-utils is imported with pandas and numpy hidden; they must be importable afterwards."""
    modules = loaded(tmp_path, "--python", "import toolkit.store, numpy, pandas; assert pandas.DataFrame and numpy.zeros")
    assert {"numpy", "pandas"} <= modules


def test_help_lists_each_command_as_click_would_after_loading_it():
    ctx = click.Context(cli, info_name="toolkit")
    for name, entry in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.get_short_help_str(10**6) == entry.short_help, name
    ours, clicks = click.HelpFormatter(width=80), click.HelpFormatter(width=80)
    cli.format_commands(ctx, ours)
    click.Group.format_commands(cli, ctx, clicks)  # click's own listing, from the loaded commands
    assert ours.getvalue() == clicks.getvalue()
    assert "measure     Print TEXT's length as PLATFORM counts it, and the limit." in ours.getvalue()


@pytest.mark.parametrize("package", ["toolkit", "toolkit.bulk", "toolkit.carousel", "toolkit.experiments", "toolkit.llm"])
def test_every_lazy_name_resolves_to_its_home(package):
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        assert value is not None, name
        if hasattr(value, "__module__") and callable(value):
            assert value.__module__.startswith(package), (name, value.__module__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        module.nope  # noqa: B018

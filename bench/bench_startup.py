"""Whole-process start-up of the ``toolkit`` command: what a script pays for each call.

Runs each command in a fresh interpreter, side by side in one run, and reports the CPU time
(user + system, from ``resource.getrusage(RUSAGE_CHILDREN)``) of the whole process: interpreter
start, imports, the work and exit. CPU time rather than wall time, so a busy machine changes the
numbers little.

Run: python bench/bench_startup.py [--runs 7] [--repo PATH]
``--repo`` measures another checkout (e.g. an older commit in a worktree) for a before/after.
Targets (issue #15): ``--help`` and ``measure`` under 0.3 s; ``repurpose`` of a 2,000-word post
(offline engine, one platform) under 0.8 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# What the installed ``toolkit`` script does, without depending on which checkout is installed.
ENTRY = "import sys; from toolkit.cli import main; sys.argv[0] = 'toolkit'; sys.exit(main())"
POSTS = ("ar_social_engagement_faq.txt", "ar_social_networking.txt")  # real Arabic posts, 2,500 words together
TARGETS = {"--help": 0.3, "measure": 0.3, "repurpose": 0.8}


def write_post(folder: Path, repo: Path) -> tuple[Path, int]:
    """A post of at least 2,000 words made of two real posts from the repository's test data."""
    text = "\n\n".join((repo / "tests" / "data" / "posts" / name).read_text("utf-8") for name in POSTS)
    path = folder / "post.txt"
    path.write_text(text, "utf-8")
    return path, len(text.split())


def run_once(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one ``toolkit ARGS`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Run from an empty folder: `python -c` puts the working directory first on sys.path.
    done = subprocess.run([sys.executable, "-c", ENTRY, *args], env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"`toolkit {' '.join(args)}` failed ({done.returncode}): {done.stderr.strip()}")
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="processes per command (median reported)")
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout to measure (default: this one)")
    opts = parser.parse_args()
    repo = opts.repo.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        post, words = write_post(Path(tmp), REPO)
        env = {**os.environ, "PYTHONPATH": str(repo), "TOOLKIT_DB": str(Path(tmp) / "toolkit.db"),
               "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
        env.pop("OPENAI_API_KEY", None)
        commands = {
            "--help": ["--help"],
            "measure": ["measure", "--platform", "x", "hi"],
            "repurpose": ["repurpose", str(post), "-p", "x", "--backend", "offline"],
        }
        run_once(commands["repurpose"], env, Path(tmp))  # creates the database, so every timed run finds it migrated
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(opts.runs):  # interleaved, so a burst of load on the machine hits every command alike
            for name, args in commands.items():
                samples[name].append(run_once(args, env, Path(tmp)))
    print(f"toolkit start-up, {repo} ({opts.runs} runs each; repurpose: {words}-word post, -p x, offline)")
    print(f"{'command':<10} {'CPU median':>10} {'CPU min':>8} {'wall median':>11}  target")
    for name, runs in samples.items():
        cpu = [c for c, _ in runs]
        wall = statistics.median(w for _, w in runs)
        verdict = "ok" if statistics.median(cpu) < TARGETS[name] else "OVER"
        print(f"{name:<10} {statistics.median(cpu):>9.3f}s {min(cpu):>7.3f}s {wall:>10.3f}s  < {TARGETS[name]} s {verdict}")


if __name__ == "__main__":
    main()

"""Time and peak memory of every hostile input of issue 12, each in a fresh `toolkit` process.

Run: python bench/bench_hostile.py [--only NAME]
Targets (issue 12): every case under 10 s and 500 MB peak RSS, never a traceback. On a shared,
loaded machine wall time mostly measures waiting for a core: CPU seconds (user + system) are
printed beside it, and the time target is checked against CPU time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile_cases import CASES  # noqa: E402 (after the sys.path line above)

TIME_S, MEMORY_MB = 10.0, 500.0


def run(case, folder: Path) -> tuple[float, float, float, int, str]:
    work = folder / "work"
    work.mkdir()
    args = [sys.executable, "-m", "toolkit.cli", "--db", str(folder / "t.db"), *case.build(work)]
    env = {**os.environ, "PYTHONPATH": str(REPO), **case.env}
    stdin = open(case.stdin, "rb") if case.stdin else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO)
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if case.stdin:
        stdin.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="Run the cases whose id contains this.")
    opts = parser.parse_args()
    worst_t = worst_m = 0.0
    bad = 0
    print(f"{'case':<24} {'wall s':>6} {'cpu s':>6} {'MB':>6} {'exit':>4}  outcome")
    for case in CASES:
        if opts.only and opts.only not in case.id:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            elapsed, cpu, mb, code, stderr = run(case, Path(tmp))
        ok = code == case.code and "Traceback" not in stderr and cpu < TIME_S and mb < MEMORY_MB
        bad += not ok
        worst_t, worst_m = max(worst_t, cpu), max(worst_m, mb)
        last = (stderr.strip().splitlines() or [""])[-1][:80]
        print(f"{case.id:<24} {elapsed:6.2f} {cpu:6.2f} {mb:6.0f} {code:>4}  {'ok ' if ok else 'BAD'} {last}", flush=True)
    print(f"most CPU {worst_t:.2f} s, largest {worst_m:.0f} MB peak RSS; {bad} case(s) off target")


if __name__ == "__main__":
    main()

"""Benchmark `toolkit bulk`: offline throughput, OpenAI-path throughput, zero loss under faults, flat memory.

Run: python bench/bench_bulk.py [--quick] [--only offline,openai,faults,memory]

Targets (issue #7):
- offline engine: 1,000 posts to all platforms in under 60 s on 2 cores (process pool);
- OpenAI path against a loopback server with 200 ms latency per call at concurrency 32: at least
  80% of the 32 / 0.2 s = 160 calls/s ceiling, or of what the machine allows (the raw SDK rate
  against the same server is printed beside it);
- with 10% of calls failing transiently (429 with Retry-After, 500, timeouts): zero posts lost;
- memory flat for a 10,000-post input: peak RSS of a 1,000-post and a 10,000-post run.

The loopback server (tests/bulk/fake_openai.py) runs in its own process so its CPU is not counted
against the client.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

EXAMPLES = REPO / "examples"
CLI = [sys.executable, "-c", "from toolkit.cli import main; main()"]


def post(n: int) -> str:
    """The n-th distinct post, cycling through the examples (Arabic and English), numbered in the title."""
    sources = sorted(EXAMPLES.glob("*.md"))
    text = sources[n % len(sources)].read_text("utf-8")
    return text.replace("# ", f"# {n}. ", 1) + f"\n\nPost number {n} of the archive, written for the benchmark.\n"


def write_folder(folder: Path, n: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"post-{i:05d}.md").write_text(post(i), encoding="utf-8")


def peak_rss_mb() -> float:
    """This process's peak RSS since it started (VmHWM; ru_maxrss would include the parent's, inherited at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workers_peak_rss_mb() -> float:
    """Largest peak RSS of the worker processes (it counts pages shared with the parent at fork)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


# --- the loopback server -----------------------------------------------------------------------


class Server:
    """tests/bulk/fake_openai.py in its own process."""

    def __init__(self, *args: str):
        self.proc = subprocess.Popen([sys.executable, str(REPO / "tests" / "bulk" / "fake_openai.py"), *args],
                                     stdout=subprocess.PIPE, text=True)
        self.url = f"http://127.0.0.1:{int(self.proc.stdout.readline().split()[1])}/v1"

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.kill()
        self.proc.wait()


# --- 1. offline --------------------------------------------------------------------------------


def bench_offline(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "posts", Path(tmp) / "out.jsonl"
        write_folder(folder, n)
        env = {**os.environ, "TOOLKIT_DB": str(Path(tmp) / "bench.db")}
        started = time.perf_counter()
        done = subprocess.run([*CLI, "bulk", str(folder), "-o", str(out), "-q"], env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        lines = out.read_text("utf-8").splitlines()
        ok = sum(json.loads(x)["status"] == "done" for x in lines)
    verdict = "PASS" if seconds < 60 * n / 1000 and ok == n else "FAIL"
    print(f"offline: {n:,} posts x 10 platforms in {seconds:.1f} s, {n / seconds:.1f} posts/s, "
          f"{os.cpu_count()} worker processes, {ok:,} done (exit {done.returncode}; target < 60 s per 1,000) {verdict}")


# --- 2. OpenAI throughput ----------------------------------------------------------------------


async def _raw_sdk(url: str, calls: int, concurrency: int) -> float:
    """Calls/s the bare SDK reaches against the same server: the machine's ceiling for any client."""
    import httpx2
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key="bench", base_url=url, max_retries=0,
                         http_client=httpx2.AsyncClient(limits=httpx2.Limits(max_connections=concurrency)))
    slots = asyncio.Semaphore(concurrency)
    messages = [{"role": "system", "content": "You write social posts. " * 80}, {"role": "user", "content": post(0)}]
    schema = {"type": "json_schema", "json_schema": {"name": "hashtags", "schema": {
        "type": "object", "properties": {"hashtags": {"type": "array", "items": {"type": "string"}}}}}}

    async def one() -> None:
        async with slots:
            await client.chat.completions.create(model="gpt-4o-mini", messages=messages, response_format=schema)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(calls)))
    rate = calls / (time.perf_counter() - started)
    await client.close()
    return rate


def _bulk_openai(url: str, posts: int, *, concurrency: int, retries: int = 3, timeout: float | None = None):
    """(seconds, calls, outcomes) of one in-process run through the Python API, calls counted from the call log."""
    os.environ["OPENAI_BASE_URL"] = url
    from toolkit.bulk import repurpose_many
    from toolkit.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        started = time.perf_counter()
        outcomes = list(repurpose_many((post(i) for i in range(posts)), backend="openai", concurrency=concurrency,
                                       retries=retries, timeout=timeout, store=store, job="bench"))
        seconds = time.perf_counter() - started
        calls, retried = store.query("select count(*) as n, coalesce(sum(retries), 0) as r from llm_calls")[0].values()
        return seconds, calls + retried, outcomes


def bench_openai(posts: int) -> None:
    with Server("--latency", "0.2") as server:
        ceiling = 32 / 0.2
        raw = asyncio.run(_raw_sdk(server.url, 640, 32))
        seconds, calls, outcomes = _bulk_openai(server.url, posts, concurrency=32)
    rate = calls / seconds
    allowed = min(ceiling, raw)
    verdict = "PASS" if rate >= 0.8 * allowed else "FAIL"
    print(f"openai: {posts:,} posts x 10 platforms, {calls:,} calls in {seconds:.1f} s = {rate:.1f} calls/s "
          f"({len(outcomes) / seconds:.1f} posts/s) at concurrency 32, 200 ms per call; ceiling {ceiling:.0f} calls/s, "
          f"bare SDK on this machine {raw:.1f} calls/s; {rate / ceiling:.0%} of the ceiling, "
          f"{rate / allowed:.0%} of what the machine allows {verdict}")


# --- 3. faults ---------------------------------------------------------------------------------


def bench_faults(posts: int) -> None:
    faults = ["--latency", "0.2", "--rate-429", "0.03", "--rate-500", "0.05", "--rate-timeout", "0.02", "--hang", "3",
              "--retry-after-ms", "300"]
    with Server(*faults) as server:
        seconds, calls, outcomes = _bulk_openai(server.url, posts, concurrency=32, retries=5, timeout=2.0)
    keys = [o.key for o in outcomes]
    failed = [o for o in outcomes if o.status != "done"]
    lost = posts - len(set(keys)) + len(failed)
    verdict = "PASS" if lost == 0 and len(keys) == len(set(keys)) == posts else "FAIL"
    print(f"faults: {posts:,} posts, {calls:,} calls with 10% failing (3% 429, 5% 500, 2% timeouts) in {seconds:.1f} s; "
          f"{len(outcomes) - len(failed):,} done, {len(failed)} failed, {lost} lost, "
          f"{len(keys) - len(set(keys))} duplicates {verdict}")
    for o in failed[:3]:
        print(f"  failed: {o.error}")


# --- 4. memory ---------------------------------------------------------------------------------


def memory_child(n: int) -> None:
    """One run in a fresh process: write an n-row CSV, run it offline, export, print peak RSS as JSON."""
    from toolkit.bulk.api import BulkRun, RunOptions, make_spec
    from toolkit.bulk.exporters import export
    from toolkit.bulk.inputs import iter_items
    from toolkit.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        calendar = Path(tmp) / "calendar.csv"
        with calendar.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "text"])
            for i in range(n):
                writer.writerow([f"post-{i}", post(i)])
        with Store(Path(tmp) / "bench.db") as store:
            session = BulkRun(store, make_spec(str(calendar), platforms=["x"]), RunOptions())
            started = time.perf_counter()

            async def consume() -> int:
                return sum([1 async for _ in session.outcomes(iter_items(calendar))])

            count = asyncio.run(consume())
            export(session.results(), Path(tmp) / "out.jsonl", "jsonl")
            seconds = time.perf_counter() - started
    print(json.dumps({"posts": count, "seconds": seconds, "rss_main_mb": peak_rss_mb(),
                      "rss_worker_mb": workers_peak_rss_mb()}))


def bench_memory(sizes: list[int]) -> None:
    runs = []
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--memory-child", str(n)], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    small, large = runs[0], runs[-1]
    growth = large["rss_main_mb"] / small["rss_main_mb"] - 1
    verdict = "PASS" if growth < 0.10 else "FAIL"
    parts = ", ".join(f"{r['posts']:,} posts: main {r['rss_main_mb']:.0f} MB, worker {r['rss_worker_mb']:.0f} MB "
                      f"({r['seconds']:.0f} s)" for r in runs)
    print(f"memory (CSV input, offline, x): {parts}; main process grows {growth:+.1%} for {large['posts'] // small['posts']}x "
          f"the posts {verdict}")


def main() -> None:
    logging.getLogger("toolkit.llm").addHandler(logging.NullHandler())  # no line per retried call
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Smaller runs (a smoke test, not the targets).")
    parser.add_argument("--only", default="offline,openai,faults,memory")
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    only = set(args.only.split(","))
    if "offline" in only:
        bench_offline(100 if args.quick else 1000)
    if "openai" in only:
        bench_openai(10 if args.quick else 60)
    if "faults" in only:
        bench_faults(10 if args.quick else 60)
    if "memory" in only:
        bench_memory([100, 1000] if args.quick else [1000, 10000])


if __name__ == "__main__":
    main()

"""Benchmark the OpenAI backend against a loopback server (issue #16): one post, bulk, slow calls, faults.

Run: python bench/bench_llm.py [--quick] [--only post,bulk,slow,faults]

Targets:
- one post to all 10 platforms (17 calls) with 200 ms per call: under 1 s of wall time at the
  default concurrency (the sequential time, concurrency 1, is printed beside it);
- bulk at concurrency 32: at least 80% of the calls/s a bare ``AsyncOpenAI`` loop reaches sending the
  same requests to the same server in the same run, also when 5% of the calls take 5 s (CPU
  milliseconds per call are printed for both: on a busy machine both are bound by the CPU);
- with 3% dropped connections and 10% 429/5xx/timeouts: zero posts lost, every answered call in
  ``llm_calls``, the job's cost equal to the sum of its logged calls.

The server (tests/bulk/fake_openai.py) runs in its own process so its CPU is not counted against the client.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_bulk import Server, post  # noqa: E402 (after the sys.path lines above)


def bench_post(runs: int) -> None:
    from toolkit.llm.backend import OpenAIBackend
    from toolkit.repurpose import Brief, repurpose

    text = (REPO / "tests" / "data" / "posts" / "ar_what_is_social_media.txt").read_text("utf-8")
    with Server("--latency", "0.2") as server:
        times = {}
        for concurrency in (1, None):  # sequential (before), then the default
            best = float("inf")
            for _ in range(runs):
                backend = OpenAIBackend.from_env(base_url=server.url, concurrency=concurrency)
                started = time.perf_counter()
                repurpose(text, Brief(variants=1), backend=backend)
                best = min(best, time.perf_counter() - started)
            times[concurrency or backend.settings.concurrency] = (best, backend.last_usage)
    (seq, _), (default, usage) = times[1], times[max(times)]
    verdict = "PASS" if default < 1.0 and usage.from_model == usage.outputs == 17 else "FAIL"
    print(f"post: one Arabic post to 10 platforms, {usage.calls} calls at 200 ms each: {default:.2f} s at the default "
          f"concurrency {max(times)} (sequential {seq:.2f} s); {usage.outcome()} {verdict}")


def same_requests(posts: int) -> list[dict]:
    """The chat requests the toolkit sends for these posts (rendered before any clock starts)."""
    from toolkit.llm.plan import DraftJob, plan
    from toolkit.llm.prompts import Prompts
    from toolkit.llm.server import ServerInfo
    from toolkit.llm.settings import LLMSettings
    from toolkit.platforms import resolve_platforms
    from toolkit.repurpose.layout import Layout
    from toolkit.repurpose.models import Brief
    from toolkit.repurpose.parse import parse_text

    layout, settings = Layout(), LLMSettings()
    prompts, info = Prompts.from_layout(layout), ServerInfo(4096)  # what the toolkit sizes for a loopback server
    bodies = []
    for i in range(posts):
        p = parse_text(post(i))
        job = DraftJob(post=p, brief=Brief(), language=p.language, platforms=resolve_platforms(None), layout=layout)
        bodies += [t.request.model_dump(exclude={"extra_body"}) for t in plan(job, prompts, settings, info)]
    return bodies


async def bare_sdk(url: str, bodies: list[dict], concurrency: int) -> tuple[float, float]:
    """(calls/s, CPU ms per call) of a bare AsyncOpenAI loop sending the same requests at ``concurrency`` on the
    same server: the reference (nothing rendered, checked, composed or logged)."""
    import httpx2
    from openai import AsyncOpenAI

    client = AsyncOpenAI(api_key="bench", base_url=url, max_retries=3,
                         http_client=httpx2.AsyncClient(limits=httpx2.Limits(max_connections=concurrency)))
    slots = asyncio.Semaphore(concurrency)

    async def one(body: dict) -> None:
        async with slots:
            await client.chat.completions.create(**body)

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(b) for b in bodies))
    rate = len(bodies) / (time.perf_counter() - started)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(bodies)
    await client.close()
    return rate, cpu_ms


def toolkit_bulk(url: str, posts: int, *, concurrency: int = 32, retries: int = 3, timeout: float | None = None):
    """(calls/s, calls, outcomes, cost check) of one in-process bulk run through the Python API."""
    os.environ["OPENAI_BASE_URL"] = url
    import toolkit.bulk.live  # noqa: F401 - imported before the clock starts, as the bare client is
    from toolkit.bulk import repurpose_many
    from toolkit.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        started, cpu = time.perf_counter(), time.process_time()
        outcomes = list(repurpose_many((post(i) for i in range(posts)), backend="openai", concurrency=concurrency,
                                       retries=retries, timeout=timeout, store=store, job="bench"))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        row = store.query("select count(*) as n, coalesce(sum(retries), 0) as r, sum(cost_usd) as cost, "
                          "sum(status != 'error') as answered from llm_calls")[0]
        job_cost = store.query("select sum(cost_usd) as c from bulk_items")[0]["c"] or 0.0
        unjoined = store.query("select count(*) as n from llm_calls c left join bulk_items i "
                               "on i.job_id = c.job_id and i.key = c.item_key where i.key is null")[0]["n"]
    calls = row["n"] + row["r"]
    return calls / seconds, calls, outcomes, (job_cost, row["cost"] or 0.0, unjoined, row["answered"], cpu * 1000 / calls)


def bench_bulk(posts: int, *faults: str, label: str) -> None:
    with Server("--latency", "0.2", *faults) as server:
        reference, bare_cpu = asyncio.run(bare_sdk(server.url, same_requests(posts), 32))
        rate, calls, outcomes, (*_, cpu) = toolkit_bulk(server.url, posts)
    done = sum(o.status == "done" for o in outcomes)
    verdict = "PASS" if rate >= 0.8 * reference and done == posts else "FAIL"
    print(f"{label}: {posts} posts x 10 platforms at -c 32, {calls:,} calls: toolkit {rate:.1f} calls/s, bare AsyncOpenAI "
          f"{reference:.1f} calls/s on the same server = {rate / reference:.0%} ({done} of {posts} posts done); CPU per "
          f"call {cpu:.1f} ms vs {bare_cpu:.1f} ms {verdict}")


def bench_faults(posts: int) -> None:
    faults = ["--latency", "0.2", "--rate-drop", "0.03", "--rate-429", "0.03", "--rate-500", "0.05", "--rate-timeout",
              "0.02", "--hang", "3", "--retry-after-ms", "300"]
    with Server(*faults) as server:
        _, calls, outcomes, (job_cost, logged_cost, unjoined, answered, _) = toolkit_bulk(
            server.url, posts, retries=5, timeout=2.0)
    failed = [o for o in outcomes if o.status != "done"]
    lost = posts - len({o.key for o in outcomes}) + len(failed)
    same = abs(job_cost - logged_cost) < 1e-12
    verdict = "PASS" if lost == 0 and same and unjoined == 0 else "FAIL"
    print(f"faults: {posts} posts, {calls:,} calls with 3% dropped connections and 10% 429/5xx/timeouts: "
          f"{posts - len(failed)} done, {lost} lost; {answered:,} answered calls logged, none unjoined ({unjoined}); "
          f"job cost ${job_cost:.6f} = logged ${logged_cost:.6f}: {same} {verdict}")
    for o in failed[:3]:
        print(f"  failed: {o.error}")


def main() -> None:
    logging.getLogger("toolkit.llm").addHandler(logging.NullHandler())
    logging.getLogger("toolkit.llm").propagate = False  # no line per retried call
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Smaller runs (a smoke test, not the targets).")
    parser.add_argument("--only", default="post,bulk,slow,faults")
    args = parser.parse_args()
    only = set(args.only.split(","))
    posts = 10 if args.quick else 60
    if "post" in only:
        bench_post(1 if args.quick else 3)
    if "bulk" in only:
        bench_bulk(posts, label="bulk")
    if "slow" in only:
        bench_bulk(posts, "--rate-slow", "0.05", "--slow-latency", "5", label="bulk, 5% of calls take 5 s")
    if "faults" in only:
        bench_faults(posts)


if __name__ == "__main__":
    main()

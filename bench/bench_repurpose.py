"""Benchmark the offline engine: one 2,000-word post into everything, and 1,000 posts on 2 cores.

Run: python bench/bench_repurpose.py [--posts 1000] [--runs 30]
Targets (issue #2): median under 50 ms for a 2,000-word post; 1,000 posts in under 60 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.repurpose import Brief, parse, read_text, repurpose  # noqa: E402

FIXTURES = REPO / "tests" / "data" / "posts"
EXAMPLES = REPO / "examples"


def sources() -> list[str]:
    paths = sorted(FIXTURES.glob("*.txt")) + sorted(EXAMPLES.glob("*.md")) + sorted((REPO / "tests" / "data" / "posts").glob("*.md"))
    return [p.read_text("utf-8") for p in paths]


def post_of_words(texts: list[str], language_hint: str, words: int = 2300) -> str:
    """A ~2,000-word post in one language, built from real posts (headings and lists kept)."""
    picked = [t for t in texts if ("ال" in t[:400]) == (language_hint == "ar")]
    marker = "الجزء" if language_hint == "ar" else "part"
    body, i = [], 0
    while sum(len(b.split()) for b in body) < words:
        text = picked[i % len(picked)]
        if i >= len(picked):  # later copies are marked so they are not dropped as repeated lines
            text = "\n".join(f"{line} ({marker} {i})" if len(line.split()) > 3 else line for line in text.splitlines())
        body.append(text)
        i += 1
    return "\n\n".join(body)


def time_one(text: str, runs: int) -> tuple[float, int]:
    post = parse(read_text(text))
    brief = Brief(variants=3)
    repurpose(post, brief)  # warm caches (templates, stopwords)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        repurpose(read_text(text), brief)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), post.word_count


def _one(args: tuple[str, int]) -> int:
    text, n = args
    result = repurpose(read_text(f"{text}\n\nPost number {n} of the archive, written for the benchmark."), Brief(variants=3))
    return len(result.captions)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    texts = sources()
    for lang in ("ar", "en"):
        median, words = time_one(post_of_words(texts, lang), args.runs)
        print(f"one {words}-word {lang} post -> 10 platforms x 3 variants, 4 threads, 2 carousels, 10 hashtag sets: median {median:.1f} ms (target < 50 ms)")
    workers = min(2, os.cpu_count() or 1)
    jobs = [(texts[i % len(texts)], i) for i in range(args.posts)]
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        captions = sum(pool.map(_one, jobs, chunksize=20))
    elapsed = time.perf_counter() - t
    print(f"{args.posts} posts (all platforms, 3 variants) on {workers} processes: {elapsed:.1f} s, "
          f"{args.posts / elapsed:.1f} posts/s, {captions} captions (target < 60 s)")


if __name__ == "__main__":
    main()

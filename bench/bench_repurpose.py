"""Benchmark the offline engine: one 2,000-word post into everything, and 1,000 posts on 2 cores.

Run: python bench/bench_repurpose.py [--posts 1000] [--runs 30]
Targets: a 2,000-word post (Markdown, pasted text, or a full HTML page with its chrome) to every
platform in under 100 ms of CPU, parsing and main-content extraction included (median); 1,000 posts
in under 60 s on 2 cores. CPU time, not wall time: other work on the machine does not count.
"""

from __future__ import annotations

import argparse
import os
import re
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


QUALITY = REPO / "tests" / "data" / "quality" / "posts"


def sources() -> list[str]:
    paths = (sorted(FIXTURES.glob("*.txt")) + sorted(EXAMPLES.glob("*.md")) + sorted(FIXTURES.glob("*.md"))
             + sorted(QUALITY.glob("*.md")) + sorted(QUALITY.glob("*.txt")))
    return [p.read_text("utf-8") for p in paths]


def html_page_of_words(words: int = 2000) -> str:
    """A full HTML page (nav, sidebar, comments, hidden text) whose one article has about ``words`` words."""
    page = (QUALITY / "en_page.html").read_text("utf-8")
    start, end = page.index("<article"), page.index("</article>")
    found = list(re.finditer(r"<(h2|h3|p)\b[^>]*>.*?</\1>", page[start:end], flags=re.S))
    blocks = [m.group(0) for m in found]
    end = start + found[-1].end()  # inside the article's own content block
    n = len(re.sub(r"<[^>]+>", " ", page[start:end]).split())
    # Later copies differ in every sentence, so they are not dropped as repeated text.
    extra = [re.sub(r"\. ", f" (part {i}). ", b) for i in range(1, -(-words // max(n, 1))) for b in blocks]
    return page[:end] + "\n".join(extra) + page[end:]


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


def time_one(text: str, runs: int, name: str = "") -> tuple[float, int]:
    """Median CPU milliseconds to repurpose ``text`` (parsing included) to every platform."""
    post = parse(read_text(text, name))
    brief = Brief(variants=3, link="https://example.com/blog/post")
    repurpose(read_text(text, name), brief)  # warm caches (templates, stopwords)
    times = []
    for _ in range(runs):
        t = time.process_time()
        repurpose(read_text(text, name), brief)
        times.append((time.process_time() - t) * 1000)
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
    cases = [(f"{lang} text", post_of_words(texts, lang), "") for lang in ("ar", "en")]
    cases.append(("en HTML page", html_page_of_words(), "page.html"))
    for label, text, name in cases:
        median, words = time_one(text, args.runs, name)
        print(f"one {words}-word {label} -> 10 platforms x 3 variants, 4 threads, 2 carousels, 10 hashtag sets: "
              f"median {median:.1f} ms CPU (target < 100 ms)")
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

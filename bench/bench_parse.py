"""Benchmark understanding the document: parse time per format, and a 2,000-word HTML page end to end.

Run: python bench/bench_parse.py [--runs 30]
Target (issue #10): a 2,000-word post, HTML page included, repurposed to every platform in under
100 ms of CPU (median), extraction included. Parsing alone should stay a small share of that.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from toolkit.repurpose import Brief, parse, read_bytes, repurpose  # noqa: E402

QUALITY = REPO / "tests" / "data" / "quality" / "posts"


# Where each page's article body starts and ends (the part repeated to make a long page).
BODY = {"en_page.html": ('<div class="entry-content">', '<footer class="entry-footer">'), "ar_page.html": ('<div class="post-content">', '<div class="post-tags">')}


def big_page(path: Path, words: int = 2000) -> bytes:
    """The page with its article body repeated (each copy numbered, so none is a duplicate) to ``words``."""
    html = path.read_text("utf-8")
    start_mark, end_mark = BODY[path.name]
    start = html.index(start_mark) + len(start_mark)
    end = html.rindex("</div>", start, html.index(end_mark))  # the body's own closing tag stays once
    body = html[start:end]
    copies: list[str] = []
    n = 0
    while sum(len(copy.split()) for copy in copies) < words * 1.15:  # markup and chrome inflate split() counts
        n += 1
        copies.append(body.replace("</p>", f" ({n})</p>").replace("</h2>", f" {n}</h2>"))
    return (html[:start] + "".join(copies) + html[end:]).encode("utf-8")


def cpu_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: imports and caches
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append((time.process_time() - t) * 1000)
    return statistics.median(times)


def _parse(data: bytes, name: str) -> object:
    return parse(read_bytes(data, name))


def _repurpose(data: bytes, name: str, brief: Brief) -> object:
    return repurpose(read_bytes(data, name), brief)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    for path in sorted(QUALITY.glob("*")):
        data = path.read_bytes()
        ms = cpu_ms(partial(_parse, data, path.name), args.runs)
        print(f"parse {path.name:28} {ms:6.1f} ms CPU (median)")
    for name in ("en_page.html", "ar_page.html"):
        data = big_page(QUALITY / name)
        post = parse(read_bytes(data, name))
        brief = Brief(brand_hashtags=["Acme"], link="https://acme.example/post")
        parse_ms = cpu_ms(partial(_parse, data, name), args.runs)
        total_ms = cpu_ms(partial(_repurpose, data, name, brief), args.runs)
        print(
            f"{post.word_count}-word HTML page ({name}): parse {parse_ms:.1f} ms, "
            f"repurpose to every platform {total_ms:.1f} ms CPU (median; target < 100 ms)"
        )


if __name__ == "__main__":
    main()

"""Benchmark: a 10-slide Arabic carousel to PDF + PNGs. The bar is under 2 s on 2 cores.

Run ``python bench/bench_carousel.py [--runs N]``. Slide text comes from the Arabic posts in
tests/data/posts (within Instagram's text budgets), so shaping, bidi and fitting all run.
Prints the first (cold) render, then the median and worst of the warm ones, per stage, and the
process's CPU time (wall time includes whatever else the machine is running).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "posts"
FALLBACK_LINES = [
    "يمكن أن تساعدك وسائل التواصل الاجتماعي على التواصل مع أشخاص من جميع أنحاء العالم.",
    "تساعد المشاركة الشركات في الوصول إلى جمهورها المستهدف وخلق تجربة عملاء أفضل.",
    "يظل Facebook أكثر الشبكات الاجتماعية شعبية، حيث يصل إلى 90٪ من مستخدمي الهواتف المحمولة.",
]


def arabic_lines() -> list[str]:
    """Sentences of 40-110 characters from the fixture posts (the bundled three if absent)."""
    lines: list[str] = []
    for path in sorted(FIXTURES.glob("ar_*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            for sentence in raw.replace("؟", "؟.").split("."):
                sentence = sentence.strip(" .،\t")
                if 40 <= len(sentence) <= 110:
                    lines.append(sentence)
    return lines or FALLBACK_LINES


def build_carousel():
    from toolkit.platforms import PLATFORMS
    from toolkit.repurpose.models import Carousel, Slide

    lines = arabic_lines()
    rule = PLATFORMS["instagram"].carousel
    slides = [Slide(index=1, kind="cover", title="ما هي فوائد التواصل الاجتماعي؟", body="دليل سريع للمسوقين", alt_text="غلاف")]
    for i in range(2, rule.max_slides):
        bullets = [lines[(3 * i + k) % len(lines)] for k in range(rule.bullets_per_slide)]
        title = _shorten(lines[i % len(lines)], rule.title_chars)
        slides.append(Slide(index=i, kind="content", title=title, bullets=bullets, alt_text=title))
    slides.append(Slide(index=rule.max_slides, kind="cta", title="تابعنا لمزيد من النصائح", body="@toolkit_ar", alt_text="تابعنا"))
    return Carousel(platform="instagram", language="ar", size=rule.sizes[0], slides=slides, handle="@toolkit_ar")


def _shorten(text: str, limit: int) -> str:
    """Cut at the last word boundary before ``limit``, as the repurposing engine does."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs after the first (default 5)")
    args = parser.parse_args()

    started = time.perf_counter()
    from toolkit.carousel import render_carousel

    imported = time.perf_counter()
    carousel = build_carousel()
    results = []
    cpu: list[float] = []
    for _ in range(args.runs + 1):
        t, c = time.perf_counter(), time.process_time()
        rendered = render_carousel(carousel)
        results.append((time.perf_counter() - t, {**rendered.timings_ms, "passes": rendered.fit_passes}))
        cpu.append(time.process_time() - c)

    cold, cold_stages = results[0]
    warm = [r[0] for r in results[1:]] or [cold]
    print(f"slides: {rendered.page_count}  size: {rendered.size[0]}x{rendered.size[1]}  language: ar")
    print(f"pdf: {len(rendered.pdf) / 1024:.0f} KiB  pngs: {sum(map(len, rendered.pngs)) / 1024:.0f} KiB")
    print(f"import toolkit.carousel: {imported - started:.2f} s")
    print(f"first render:  {cold:.2f} s  {_stages(cold_stages)}")
    print(f"warm median:   {statistics.median(warm):.2f} s  (worst {max(warm):.2f} s over {len(warm)} runs)")
    # CPU time of this process: what the render costs when the machine is not shared
    print(f"cpu median:    {statistics.median(cpu[1:] or cpu):.2f} s  (first {cpu[0]:.2f} s)")
    print(f"last warm run: {_stages(results[-1][1])}")
    print("bar: < 2 s for PDF + PNGs:", "PASS" if statistics.median(warm) < 2.0 else "FAIL")


def _stages(timings: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.0f}{'' if k == 'passes' else ' ms'}" for k, v in timings.items())


if __name__ == "__main__":
    main()

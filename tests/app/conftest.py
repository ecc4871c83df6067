"""Fixtures for the app's tests: one offline run of a real Arabic post, shared read-only."""

from __future__ import annotations

import pytest

from tests.conftest import EXAMPLES, POSTS
from toolkit.repurpose import Brief, RepurposeResult, read_text, repurpose

ARABIC_POST = POSTS / "ar_social_networking.txt"
ENGLISH_POST = EXAMPLES / "en_repurposing_guide.md"


@pytest.fixture(scope="session")
def arabic_result() -> RepurposeResult:
    result = repurpose(read_text(ARABIC_POST.read_text("utf-8")), Brief(variants=2, link="https://example.com/post"))
    return result.model_copy(update={"run_id": 7})


@pytest.fixture(scope="session")
def english_result() -> RepurposeResult:
    return repurpose(read_text(ENGLISH_POST.read_text("utf-8")), Brief(variants=2), platforms=["x", "youtube", "instagram"])


def meta_export(daily: dict[str, tuple[int, int]], days: int = 7) -> bytes:
    """A Meta Ads Manager export as people download it: BOM, quoted thousands, currency in a header.

    ``daily`` maps ad name -> (impressions, link clicks) per day.
    """
    header = ('"Reporting starts","Reporting ends","Campaign name","Ad set name","Ad name","Day","Impressions",'
              '"Reach","Link clicks","Clicks (all)","Results","Result indicator","Cost per result","Amount spent (USD)"')
    lines = [header]
    for day in range(1, days + 1):
        date = f"2026-03-{day:02d}"
        for name, (impressions, clicks) in daily.items():
            lines.append(f'"2026-03-01","2026-03-{days:02d}","Spring launch","Riyadh 25-34","{name}","{date}",'
                         f'"{impressions:,}","{impressions * 8 // 10:,}","{clicks}","{clicks + 12}","{clicks}",'
                         f'"actions:link_click","0.21","{clicks * 0.21:.2f}"')
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")

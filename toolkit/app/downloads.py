"""The bytes behind every download button, built without Streamlit so tests can read them.

(AppTest cannot read a download button's data; these functions are what it would hold.)
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ..repurpose.export import to_csv, to_json, to_markdown
from ..repurpose.models import RepurposeResult


class Download(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: str
    file_name: str
    mime: str
    data: bytes


def file_stem(result: RepurposeResult) -> str:
    """``toolkit-run-12``: ASCII, so every browser and OS saves it the same way."""
    return f"toolkit-run-{result.run_id}" if result.run_id is not None else "toolkit-run"


def result_downloads(result: RepurposeResult) -> list[Download]:
    """JSON (for scripts), Markdown (for people) and CSV (for spreadsheets; BOM so Excel reads Arabic)."""
    stem = file_stem(result)
    return [
        Download(label="JSON", file_name=f"{stem}.json", mime="application/json", data=to_json(result).encode("utf-8")),
        Download(label="Markdown", file_name=f"{stem}.md", mime="text/markdown",
                 data=to_markdown(result).encode("utf-8")),
        Download(label="CSV", file_name=f"{stem}.csv", mime="text/csv", data=to_csv(result, bom=True).encode("utf-8")),
    ]

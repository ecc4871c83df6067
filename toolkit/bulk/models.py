"""What flows through a bulk job: the items going in, the job's spec, and each item's outcome."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..repurpose.models import Brief, RepurposeResult

ItemStatus = Literal["done", "failed"]
ErrorKind = Literal["input", "backend", "internal"]
Origin = Literal["run", "cache", "resumed"]


class BulkItem(BaseModel):
    """One post to produce, as read from a folder, a CSV row, a JSONL line or a Python caller."""

    model_config = ConfigDict(extra="forbid")

    key: str  # unique within the job: a relative path, the row's id, row-N / line-N
    name: str = ""  # how summaries name it: "posts/a.md", "calendar.csv row 12"
    text: str | None = None  # the post itself ...
    path: str | None = None  # ... or a file holding it
    title: str = ""  # a title column, put in front of the text as a heading
    brief: dict[str, Any] = Field(default_factory=dict)  # per-row overrides of the job's brief
    platforms: list[str] | None = None  # per-row platforms instead of the job's
    error: str | None = None  # why the row itself is unusable (bad JSON line, no text)

    @property
    def label(self) -> str:
        return self.name or self.key


class JobSpec(BaseModel):
    """Everything that decides what a job produces; its hash is the job id."""

    model_config = ConfigDict(extra="forbid")

    input: str  # absolute path, or a caller's label for Python iterables
    platforms: list[str]
    brief: Brief
    backend: str
    model: str
    templates: str | None = None  # absolute template folder, None for the bundled one
    mode: Literal["live", "batch"] = "live"


@dataclass(frozen=True)
class Outcome:
    """What happened to one item; ``result`` is parsed from JSON only when asked for."""

    key: str
    name: str
    seq: int
    status: ItemStatus
    origin: Origin = "run"  # run: produced now; cache: copied from an identical item; resumed: done before
    error: str | None = None
    error_kind: ErrorKind | None = None
    result_json: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    duration_ms: float = 0.0
    attempts: int = 1

    @cached_property
    def result(self) -> RepurposeResult | None:
        return RepurposeResult.model_validate_json(self.result_json) if self.result_json else None

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def to_json(self) -> str:
        """One line of the JSONL output: the item, its status and its result (or error)."""
        head = json.dumps({"key": self.key, "source": self.name, "status": self.status, "error": self.error,
                           "cached": self.origin == "cache", "prompt_tokens": self.prompt_tokens,
                           "completion_tokens": self.completion_tokens, "cost_usd": round(self.cost_usd, 6)},
                          ensure_ascii=False)
        # splice the stored JSON in rather than parsing and re-serialising every result
        return f'{head[:-1]}, "result": {self.result_json or "null"}}}'

"""A job's results as files: JSONL, CSV, a Markdown folder, or scheduler bulk-import CSVs.

Every writer streams the job's outcomes (one at a time, in input order) into a temporary file
beside the target and renames it into place at the end, so an output is either the previous
complete file or the new complete file, never half-written. CSV goes through ``toolkit.csvsafe``:
UTF-8, RFC 4180 quoting, and formula-like cells neutralised.

Scheduler files (Hootsuite, Sprout Social, Publer, PostFast) take their columns, row limits,
platforms and length check from ``toolkit.schedulers``, the table the app's download uses too;
here they are only streamed: one file per platform, split at the scheduler's row limit.

Each post's main caption for the platform is the message; the link column follows
``schedulers.link_cell`` (the brief's link only where captions cannot carry one). Messages are
measured in the platform's own unit before they are written.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Literal

from ..csvsafe import write_csv
from ..errors import ConfigError
from ..platforms import get_platform
from ..repurpose.export import CSV_FIELDS, to_markdown, to_rows
from ..schedulers import (
    DEFAULT_DATE_ORDER,
    SCHEDULERS,
    DateOrder,
    Schedule,
    Scheduler,
    check_times,
    earliest,
    link_cell,
    too_long,
)
from .inputs import POST_SUFFIXES
from .models import Outcome

Format = Literal["jsonl", "csv", "md", "hootsuite", "sprout", "publer", "postfast"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "md", "hootsuite", "sprout", "publer", "postfast")
BULK_CSV_FIELDS = ["key", "source", *CSV_FIELDS]
_MARKER = ".toolkit-bulk"  # marks a Markdown folder this module wrote, so rewriting it is safe


@dataclass
class Report:
    files: list[Path] = field(default_factory=list)
    rows: int = 0
    skipped: list[str] = field(default_factory=list)  # why a post was left out of a scheduler file


def infer_format(out: str, fmt: str | None) -> Format:
    """``--format`` if given, else from the output's suffix: .jsonl, .csv, or no suffix for a Markdown folder."""
    if fmt:
        return fmt  # type: ignore[return-value]
    suffix = Path(out).suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in ("", ".md"):
        return "md"
    raise ConfigError(f"Cannot tell the output format from {out!r}: end it in .jsonl or .csv, give a folder name, or pass --format.")


def export(outcomes: Iterable[Outcome], out: str | Path, fmt: Format, *, schedule: Schedule | None = None,
           date_order: DateOrder = DEFAULT_DATE_ORDER, account_id: str = "", bom: bool = False, now: datetime | None = None) -> Report:
    """Write ``outcomes`` to ``out`` in ``fmt``; return what was written and what was left out."""
    target = Path(out)
    if fmt in SCHEDULERS:
        if schedule is None:
            raise ConfigError(f"{fmt} files need a posting time for every post: pass --start (and --per-day, --times, --tz).")
        return _schedulers(outcomes, target, SCHEDULERS[fmt], schedule, date_order, account_id, now)
    if fmt == "md":
        return _markdown(outcomes, target)
    report = Report(files=[target])
    with _atomic(target) as f:
        if fmt == "jsonl":
            for o in outcomes:
                f.write(o.to_json() + "\n")
                report.rows += 1
        else:
            f.write(write_csv([], BULK_CSV_FIELDS, bom=bom))
            for o in outcomes:
                if o.result is None:
                    continue
                rows = [{"key": o.key, "source": o.name, **r} for r in to_rows(o.result)]
                f.write(_without_header(write_csv(rows, BULK_CSV_FIELDS)))
                report.rows += len(rows)
    return report


def _without_header(text: str) -> str:
    return text.split("\r\n", 1)[1]


@contextmanager
def _atomic(target: Path) -> Iterator[IO[str]]:
    """A text file that appears at ``target`` only once it is completely written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- Markdown folder ---------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^\w.-]+")
_WRITTEN = re.compile(r"^(?:\d{5}-.+\.md|index\.md|" + re.escape(_MARKER) + r")$")  # what an export writes


def _slug(key: str) -> str:
    """A file-name-safe form of an item key (Arabic letters kept), without a post file's suffix."""
    stem = key[: -len(Path(key).suffix)] if Path(key).suffix.lower() in POST_SUFFIXES else key
    return _UNSAFE.sub("-", stem).strip("-.")[:60] or "post"


def _markdown(outcomes: Iterable[Outcome], target: Path) -> Report:
    """One Markdown file per post plus ``index.md``; built aside, then swapped in whole."""
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not (target / _MARKER).exists())):
        raise ConfigError(f"{str(target)!r} exists and was not written by toolkit bulk: choose a new --out folder, or remove it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    report = Report(files=[target])
    try:
        (building / _MARKER).write_text("Written by `toolkit bulk`; rewritten on every export.\n", encoding="utf-8")
        with (building / "index.md").open("w", encoding="utf-8") as index:
            index.write("# Bulk results\n\n| # | Source | Status | File |\n|---|---|---|---|\n")
            for o in outcomes:
                cell = o.name.replace("|", "\\|")
                if o.result is None:
                    error = (o.error or "").replace("|", "\\|").replace("\n", " ")
                    index.write(f"| {o.seq + 1} | {cell} | failed | {error} |\n")
                    continue
                name = f"{o.seq + 1:05d}-{_slug(o.key)}.md"
                (building / name).write_text(to_markdown(o.result), encoding="utf-8")
                index.write(f"| {o.seq + 1} | {cell} | done | [{name}]({name}) |\n")
                report.rows += 1
        old = target.with_name(f".{target.name}.old") if target.exists() else None
        if old is not None:
            for extra in target.iterdir():  # files the user added beside ours move into the new folder
                if not _WRITTEN.match(extra.name) and not (building / extra.name).exists():
                    extra.rename(building / extra.name)
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        building.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return report


# --- scheduler CSVs ----------------------------------------------------------------------------


@dataclass
class _Sheet:
    """One platform's rows, in files of at most the scheduler's row limit."""

    parts: list[Path] = field(default_factory=list)
    rows: int = 0
    messages: set[str] = field(default_factory=set)  # in the current file: schedulers refuse duplicates
    handle: IO[str] | None = None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            self.handle = None


def _schedulers(outcomes: Iterable[Outcome], target: Path, scheduler: Scheduler, schedule: Schedule,
                date_order: DateOrder, account_id: str, now: datetime | None) -> Report:
    check_times(scheduler, schedule.times)
    report = Report()
    sheets: dict[str, _Sheet] = {}
    slots = schedule.slots(earliest(now))
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for o in outcomes:
            if o.result is None:
                continue
            when = next(slots)
            for platform in o.result.platforms:
                if platform not in scheduler.platforms:
                    _refuse(report, scheduler, platform)
                    continue
                caption = next((c for c in o.result.captions if c.platform == platform and c.variant == 0), None)
                sheet = sheets.setdefault(platform, _Sheet())
                problem = _unschedulable(caption.text if caption else "", platform)
                if problem is None and caption is not None and caption.text in sheet.messages:
                    problem = "the same message is already in this file (schedulers refuse duplicates)"
                if problem is not None or caption is None:
                    report.skipped.append(f"{o.name} ({get_platform(platform).name}): {problem}")
                    continue
                row = scheduler.row(when, caption.text, link=link_cell(o.result.brief.link, platform), account_id=account_id,
                                    date_order=date_order)
                _append(scratch, platform, sheet, scheduler, row)
                sheet.messages.add(caption.text)
                report.rows += 1
        for sheet in sheets.values():
            sheet.close()
        report.files = _place(target, sheets)
    finally:
        for sheet in sheets.values():
            if sheet.handle is not None:
                sheet.handle.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _refuse(report: Report, scheduler: Scheduler, platform: str) -> None:
    """Note once per platform that the scheduler cannot take its posts (no file is written for it)."""
    reason = f"{get_platform(platform).name} posts: {scheduler.name} cannot import them, so none were written"
    if reason not in report.skipped:
        report.skipped.append(reason)


def _unschedulable(text: str, platform: str) -> str | None:
    if not text.strip():
        return "no caption"
    m = too_long(text, platform)
    return None if m is None else f"{m.length} {m.unit} is over {get_platform(platform).name}'s {m.limit}"


def _append(scratch: Path, platform: str, sheet: _Sheet, scheduler: Scheduler, row: dict) -> None:
    new_file = not sheet.parts or (scheduler.max_rows is not None and sheet.rows % scheduler.max_rows == 0)
    if new_file:
        sheet.close()
        sheet.parts.append(scratch / f"{platform}-{len(sheet.parts) + 1}.csv")
        sheet.handle = sheet.parts[-1].open("w", encoding="utf-8", newline="")
        sheet.messages.clear()
    assert sheet.handle is not None
    sheet.handle.write(scheduler.csv([row], header=new_file))
    sheet.rows += 1


def _place(target: Path, sheets: dict[str, _Sheet]) -> list[Path]:
    """Move the finished files next to ``target``: ``target`` itself when there is only one."""
    parts = [(platform, i, part) for platform, sheet in sheets.items() for i, part in enumerate(sheet.parts, 1)]
    placed: list[Path] = []
    for platform, i, part in parts:
        if len(parts) == 1:
            final = target
        else:
            many = len(sheets[platform].parts) > 1
            final = target.with_name(f"{target.stem}-{platform}{f'-{i}' if many else ''}{target.suffix or '.csv'}")
        os.replace(part, final)  # the scratch folder sits beside the target: same file system
        placed.append(final)
    return placed

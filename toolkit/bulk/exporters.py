"""A job's results as files: JSONL, CSV, a Markdown folder, or scheduler bulk-import CSVs.

Every writer streams the job's outcomes (one at a time, in input order) into a temporary file
beside the target and renames it into place at the end, so an output is either the previous
complete file or the new complete file, never half-written. CSV goes through ``toolkit.csvsafe``:
UTF-8, RFC 4180 quoting, and formula-like cells neutralised.

Scheduler formats (``shared/REFERENCE.md`` section 3):

- Hootsuite Bulk Composer (legacy; from user sources): no header row; columns date-time,
  message, link; the date format is chosen at upload (``dd/mm/yyyy hh:mm`` or
  ``mm/dd/yyyy hh:mm``); times on 5-minute marks; one file per profile; at most 350 rows.
- Sprout Social (official, headers case-sensitive): ``date``, ``time_24hr``, ``message_text``,
  ``link``; posts at least 10 minutes apart and in the future; at most 350 rows per file.

Each post's main caption for the platform is the message; it already carries the brief's link
where the platform makes links clickable, so the link column is left empty rather than adding it
twice. Messages are measured in the platform's own unit before they are written.
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
from ..textlen import count
from .inputs import POST_SUFFIXES
from .models import Outcome
from .schedule import Schedule, earliest

Format = Literal["jsonl", "csv", "md", "hootsuite", "sprout"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "md", "hootsuite", "sprout")
SCHEDULERS = ("hootsuite", "sprout")
DateOrder = Literal["dmy", "mdy"]
MAX_SCHEDULER_ROWS = 350  # both Hootsuite and Sprout Social take at most 350 messages per upload
BULK_CSV_FIELDS = ["key", "source", *CSV_FIELDS]
SPROUT_FIELDS = ["date", "time_24hr", "message_text", "link"]
HOOTSUITE_FIELDS = ["date_time", "message", "link"]  # positional: Hootsuite reads no header row
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
           date_order: DateOrder = "dmy", bom: bool = False, now: datetime | None = None) -> Report:
    """Write ``outcomes`` to ``out`` in ``fmt``; return what was written and what was left out."""
    target = Path(out)
    if fmt in SCHEDULERS:
        if schedule is None:
            raise ConfigError(f"{fmt} files need a posting time for every post: pass --start (and --per-day, --times, --tz).")
        return _schedulers(outcomes, target, fmt, schedule, date_order, now)
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
    """One platform's rows, in files of at most 350 rows."""

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


def _schedulers(outcomes: Iterable[Outcome], target: Path, fmt: str, schedule: Schedule, date_order: DateOrder,
                now: datetime | None) -> Report:
    if fmt == "hootsuite":
        off = [t.strftime("%H:%M") for t in schedule.times if t.minute % 5]
        if off:
            raise ConfigError(f"Hootsuite takes times on 5-minute marks, not {', '.join(off)}: adjust --times.")
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
                caption = next((c for c in o.result.captions if c.platform == platform and c.variant == 0), None)
                sheet = sheets.setdefault(platform, _Sheet())
                problem = _unschedulable(caption.text if caption else "", platform)
                if problem is None and caption is not None and caption.text in sheet.messages:
                    problem = "the same message is already in this file (schedulers refuse duplicates)"
                if problem is not None or caption is None:
                    report.skipped.append(f"{o.name} ({get_platform(platform).name}): {problem}")
                    continue
                _append(scratch, platform, sheet, fmt, _row(fmt, when, caption.text, date_order))
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


def _unschedulable(text: str, platform: str) -> str | None:
    p = get_platform(platform)
    if not text.strip():
        return "no caption"
    n = count(text, p)
    return f"{n} {p.unit} is over {p.name}'s {p.limit}" if n > p.limit else None


def _row(fmt: str, when: datetime, message: str, date_order: DateOrder) -> dict:
    day = when.strftime("%d/%m/%Y" if date_order == "dmy" else "%m/%d/%Y")
    if fmt == "hootsuite":
        return {"date_time": f"{day} {when:%H:%M}", "message": message, "link": ""}
    return {"date": day, "time_24hr": f"{when:%H:%M}", "message_text": message, "link": ""}


def _append(scratch: Path, platform: str, sheet: _Sheet, fmt: str, row: dict) -> None:
    fields = HOOTSUITE_FIELDS if fmt == "hootsuite" else SPROUT_FIELDS
    if sheet.rows % MAX_SCHEDULER_ROWS == 0:
        sheet.close()
        sheet.parts.append(scratch / f"{platform}-{len(sheet.parts) + 1}.csv")
        sheet.handle = sheet.parts[-1].open("w", encoding="utf-8", newline="")
        sheet.messages.clear()
        if fmt == "sprout":
            sheet.handle.write(write_csv([], fields))
    assert sheet.handle is not None
    sheet.handle.write(_without_header(write_csv([row], fields)))
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

"""Streaming readers for bulk inputs: a folder of posts, a CSV or a JSONL file.

Nothing here holds more than one row (or one file name listing per folder) in memory, so a
100,000-row calendar streams like a 10-row one. A row that cannot be used becomes an item with
``error`` set: it is recorded as failed and never stops the run. Only a problem with the whole
input (missing, wrong kind, no text column) raises ``InputError``.

Posts are read only from regular files inside the input's folder: a row naming ``/etc/passwd`` or
``../../x``, a link leading out of the folder, a FIFO or ``/dev/zero`` becomes a failed item. Other
folders can be allowed with ``TOOLKIT_BULK_ALLOW`` (paths separated by ``:``). Rows, lines and
files are size-limited (``toolkit.limits``).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

from ..errors import InputError
from ..limits import LIMITS, human_bytes, int_limit
from ..safeio import is_inside, read_file
from .models import BulkItem

InputKind = Literal["folder", "csv", "jsonl"]
POST_SUFFIXES = (".md", ".markdown", ".mdown", ".html", ".htm", ".xhtml", ".txt", ".text", ".docx")
_CSV_FIELD_LIMIT = 64 * 1024 * 1024  # a whole post sits in one cell; the csv module's default is 128 KiB

# Column names users write, mapped to the item field they fill (case and spaces ignored).
_COLUMNS = {
    "id": "id", "key": "id",
    "text": "text", "content": "text", "body": "text", "post": "text",
    "file": "file", "path": "file",
    "title": "title",
    "platform": "platforms", "platforms": "platforms",
    "tone": "tone",
    "cta": "call_to_action", "call_to_action": "call_to_action", "call to action": "call_to_action",
    "link": "link", "url": "link",
    "language": "language", "lang": "language",
    "audience": "audience",
}
BRIEF_COLUMNS = ("tone", "call_to_action", "link", "language", "audience")
ALLOW_ENV = "TOOLKIT_BULK_ALLOW"
_SKIP_CHUNK = 64 * 1024


def allowed_folders(base: Path) -> list[Path]:
    """Where rows may point: the input's own folder and any folder listed in ``TOOLKIT_BULK_ALLOW``."""
    extra = [Path(p).expanduser() for p in os.environ.get(ALLOW_ENV, "").split(os.pathsep) if p.strip()]
    return [base, *extra]


def outside_reason(path: Path, base: Path, label: str) -> str | None:
    """Why ``path`` may not be read for this input (it leads outside the allowed folders), or None."""
    if not any(is_inside(path, folder) for folder in allowed_folders(base)):
        verb = "links" if path.is_symlink() else "is"
        return (f"{label} {verb} outside the input's folder {str(base.resolve())!r}: move the post there, "
                f"or allow its folder with {ALLOW_ENV}.")
    return None


def input_kind(path: str | Path) -> InputKind:
    """Folder, CSV or JSONL, from what ``path`` is; anything else is an ``InputError``."""
    p = Path(path)
    if p.is_dir():
        return "folder"
    if not p.exists():
        raise InputError(f"Input {str(path)!r} does not exist: give a folder of posts, a .csv or a .jsonl file.")
    suffix = p.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    raise InputError(
        f"Input {str(path)!r} is not a folder, .csv or .jsonl: for a single post use `toolkit repurpose`, "
        "or list posts in a CSV with a text or file column."
    )


def iter_items(path: str | Path) -> Iterator[BulkItem]:
    """Every item of the input, in a stable order (the same order on every run)."""
    p = Path(path)
    kind = input_kind(p)
    if kind == "folder":
        return _folder_items(p)
    if kind == "csv":
        return _csv_items(p)
    return _jsonl_items(p)


def count_items(path: str | Path) -> int:
    """How many items ``iter_items`` will produce (one streaming pass, no post is decoded)."""
    p = Path(path)
    kind = input_kind(p)
    if kind == "folder":
        return sum(1 for _ in _walk(p))
    if kind == "csv":
        with _open_csv(p) as (reader, _):
            return sum(1 for row in _csv_rows(reader, p) if any(cell.strip() for cell in row))
    with p.open("rb") as f:
        return sum(1 for line in _bounded_lines(f) if line is None or line.strip())


def _bounded_lines(f: Any) -> Iterator[bytes | None]:
    """Lines of at most the JSONL line limit; ``None`` stands for a longer one (skipped, not held)."""
    cap = int_limit("jsonl_line_bytes")
    while True:
        line = f.readline(cap + 1)
        if not line:
            return
        if len(line) > cap and not line.endswith(b"\n"):
            while (rest := f.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


# --- folders -----------------------------------------------------------------------------------


def _walk(root: Path) -> Iterator[Path]:
    """Post files under ``root``, sorted, skipping hidden files and folders."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(POST_SUFFIXES):
                yield Path(folder) / name


def _folder_items(root: Path) -> Iterator[BulkItem]:
    for file in _walk(root):
        rel = file.relative_to(root).as_posix()
        error = outside_reason(file, root, rel) if file.is_symlink() else None  # the folder's own files are fine
        yield BulkItem(key=rel, name=rel, path=str(file), error=error)


# --- CSV ---------------------------------------------------------------------------------------


class _open_csv:
    """The CSV as (reader, header mapping); ``.tsv`` files are tab-separated."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> tuple[Any, dict[int, str]]:
        csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
        try:
            self.file = self.path.open("r", encoding="utf-8-sig", newline="")
        except OSError as exc:
            raise InputError(f"Input {str(self.path)!r} cannot be read ({exc.strerror}): check its permissions.") from None
        reader = csv.reader(self.file, delimiter="\t" if self.path.suffix.lower() == ".tsv" else ",")
        header = next(_csv_rows(reader, self.path), None)
        if header is None:
            raise InputError(f"Input {str(self.path)!r} is empty: give a CSV with a header row and one post per row.")
        columns = {i: _COLUMNS[h.strip().lower()] for i, h in enumerate(header) if h.strip().lower() in _COLUMNS}
        if "text" not in columns.values() and "file" not in columns.values():
            raise InputError(
                f"Input {str(self.path)!r} has no text or file column (found {', '.join(h for h in header if h) or 'none'}): "
                "name the column holding the post 'text', or the one holding its path 'file'."
            )
        return reader, columns

    def __exit__(self, *exc: object) -> None:
        self.file.close()


def _csv_rows(reader: Any, path: Path) -> Iterator[list[str]]:
    try:
        yield from reader
    except UnicodeDecodeError:
        raise InputError(f"Input {str(path)!r} is not UTF-8: re-save it as CSV UTF-8.") from None
    except csv.Error as exc:
        raise InputError(f"Input {str(path)!r} is not valid CSV at line {reader.line_num} ({exc}): fix that line.") from None


def _csv_items(path: Path) -> Iterator[BulkItem]:
    with _open_csv(path) as (reader, columns):
        n = 0
        for row in _csv_rows(reader, path):
            if not any(cell.strip() for cell in row):
                continue  # blank lines between rows
            n += 1
            fields = {columns[i]: cell for i, cell in enumerate(row) if i in columns}
            yield item_from_row(fields, n, f"{path.name} row {n}", "row", path.parent, confine=True)


# --- JSONL -------------------------------------------------------------------------------------


def _jsonl_items(path: Path) -> Iterator[BulkItem]:
    try:
        f = path.open("rb")
    except OSError as exc:
        raise InputError(f"Input {str(path)!r} cannot be read ({exc.strerror}): check its permissions.") from None
    with f:
        n = 0
        for raw in _bounded_lines(f):
            if raw is not None and not raw.strip():
                continue
            n += 1
            name = f"{path.name} line {n}"
            if raw is None:
                cap = int_limit("jsonl_line_bytes")
                yield BulkItem(key=f"line-{n}", name=name, error=f"{name} is longer than {human_bytes(cap)}: shorten it, "
                               f"or raise the limit with {LIMITS['jsonl_line_bytes'].env}.")
                continue
            try:
                data = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield BulkItem(key=f"line-{n}", name=name, error=f"{name} is not valid UTF-8 JSON ({exc}): fix that line.")
                continue
            except RecursionError:
                yield BulkItem(key=f"line-{n}", name=name, error=f"{name} nests JSON too deeply to read: write one flat "
                               "object per line.")
                continue
            if not isinstance(data, dict):
                yield BulkItem(key=f"line-{n}", name=name, error=f"{name} is not a JSON object: write one object per line.")
                continue
            yield item_from_row(canonical_fields(data), n, name, "line", path.parent, confine=True)


# --- one row to one item -----------------------------------------------------------------------


def canonical_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row keyed by the names users write (``CTA``, ``Platform``) to the item's own field names."""
    return {_COLUMNS[str(k).strip().lower()]: v for k, v in row.items() if str(k).strip().lower() in _COLUMNS}


def item_from_row(fields: dict[str, Any], n: int, name: str, prefix: str, base: Path, *, confine: bool = False) -> BulkItem:
    """A row's fields to an item; a relative ``file`` is resolved against the input's folder, and a
    ``title`` is put in front of a ``text`` cell (a file carries its own title). With ``confine``
    (rows of an input file) a ``file`` outside that folder makes the item failed."""
    key = _text(fields.get("id")) or f"{prefix}-{n}"
    text = fields.get("text")
    file = _text(fields.get("file"))
    platforms = fields.get("platforms")
    if isinstance(platforms, str):
        platforms = [p.strip() for p in platforms.replace(";", ",").split(",") if p.strip()]
    elif not isinstance(platforms, list) or not platforms:
        platforms = None
    brief = {k: _text(fields[k]) for k in BRIEF_COLUMNS if _text(fields.get(k))}
    common: dict[str, Any] = {"key": key, "name": name, "brief": brief, "platforms": [str(p) for p in platforms] if platforms else None}
    if isinstance(text, str) and text.strip():
        cap = int_limit("input_bytes")
        if len(text) > cap:
            return BulkItem(error=f"{name} has a text longer than {human_bytes(cap)}: shorten it, or raise the limit "
                            f"with {LIMITS['input_bytes'].env}.", **common)
        return BulkItem(text=text, title=_text(fields.get("title")), **common)
    if file:
        target = base / file
        reason = outside_reason(target, base, f"{name}: file {file!r}") if confine else None
        return BulkItem(path=str(target), error=reason, **common)
    return BulkItem(error=f"{name} has neither text nor a file: fill its text (or file) column.", **common)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value).strip()


def read_item(item: BulkItem) -> bytes | str:
    """The item's post: its text (with the title as a heading) or its file's bytes."""
    if item.text is not None:
        return f"# {item.title}\n\n{item.text}" if item.title else item.text
    if item.path is None:
        raise InputError(f"{item.label} has neither text nor a file: give one of them.")
    path = Path(item.path)
    if not os.path.lexists(path):
        raise InputError(f"{item.label}: file {item.path!r} does not exist: fix the path.")
    if path.is_dir():
        raise InputError(f"{item.label}: {item.path!r} is a folder, not a post file: fix the path.")
    limit = "docx_bytes" if path.suffix.lower() == ".docx" else "input_bytes"
    return read_file(path, max_bytes=int_limit(limit), env=LIMITS[limit].env, label=f"{item.label}: file {item.path!r}")


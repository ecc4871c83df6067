"""Read ad-platform exports (CSV in any of their encodings, or XLSX) into per-ad daily rows.

Pure: bytes in, rows or a list of row errors out; storage happens in ``service``. Every row is
checked before anything is written, and a file with any bad row is rejected whole, each problem
reported with the line number a spreadsheet would show.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field

from ..errors import InputError
from .headers import (
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    ENGAGEMENT_PARTS,
    PLATFORMS,
    RANGE_START,
    TOTAL_MARKERS,
    detect_platform,
    known_header,
    map_columns,
    normalise_header,
)

MAX_REPORTED_ERRORS = 10
_HEADER_SEARCH_ROWS = 30
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_CURRENCY_MARKS = re.compile(r"^[A-Z]{3}\s*|\s*[A-Z]{3}$|[$€£¥₹﷼]|ر\.س\.?|د\.إ\.?|ج\.م\.?")
_EMPTY = {"", "--", "-", "—", "n/a"}


class ImportRowsError(InputError):
    """An export with rows that cannot be imported; nothing from it was stored."""

    def __init__(self, file_name: str, problems: list[tuple[int, str]]):
        shown = "; ".join(f"line {line}: {msg}" for line, msg in problems[:MAX_REPORTED_ERRORS])
        more = f" (and {len(problems) - MAX_REPORTED_ERRORS} more)" if len(problems) > MAX_REPORTED_ERRORS else ""
        super().__init__(
            f"{file_name} has {len(problems)} invalid row{'s' if len(problems) != 1 else ''} and nothing was "
            f"imported: {shown}{more}. Fix them in the file and import it again."
        )
        self.problems = problems


@dataclass(frozen=True)
class ExportRow:
    line: int
    name: str
    day: dt.date
    values: dict[str, float]  # only the fields the file has
    result_indicator: str | None = None


@dataclass(frozen=True)
class ParsedExport:
    platform: str
    currency: str | None
    rows: list[ExportRow]
    fields: tuple[str, ...]  # value fields present in the file
    skipped_totals: int = 0
    skipped_blank: int = 0
    warnings: list[str] = field(default_factory=list)


def parse_export(
    data: bytes,
    file_name: str,
    platform: str | None = None,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
) -> ParsedExport:
    """Parse an export. ``platform`` None means detect it from the headers."""
    table = _read_table(data, file_name)
    header_at = _find_header(table, columns)
    if header_at is None:
        raise InputError(
            f"{file_name}: no header row with ad name, day and result columns in the first "
            f"{_HEADER_SEARCH_ROWS} rows; pass --column FIELD=HEADER for each column (generic CSV)."
        )
    header_line, headers = table[header_at]
    spec = PLATFORMS[platform] if platform else detect_platform(headers)
    try:
        cols, currency = map_columns(headers, columns)
    except KeyError as exc:
        raise InputError(f"{file_name}: no column named {exc.args[0]!r}; the headers are: {', '.join(h for h in headers if h)}.") from None
    missing = [f for f in ("name", "day") if f not in cols]
    if missing:
        raise InputError(
            f"{file_name}: cannot find the {' and '.join(missing)} column (line {header_line}); "
            f"pass --column {missing[0]}=HEADER, or export with a breakdown by ad and by day."
        )
    value_fields = tuple(f for f in COUNT_FIELDS + AMOUNT_FIELDS if f in cols)
    if not value_fields:
        raise InputError(f"{file_name}: no impressions, clicks, results, spend or revenue columns found.")
    formats = (date_format,) if date_format else spec.date_formats
    range_day = normalise_header(headers[cols["day"]])[0] in RANGE_START and "day_end" in cols

    rows: list[ExportRow] = []
    problems: list[tuple[int, str]] = []
    totals = blanks = 0
    for line, cells in table[header_at + 1 :]:
        if not any(str(c).strip() for c in cells):
            continue
        first = _cell(cells, 0).casefold()
        name = unicodedata.normalize("NFC", _cell(cells, cols["name"]))
        if first.startswith(TOTAL_MARKERS) or name.casefold().startswith(TOTAL_MARKERS):
            totals += 1
            continue
        if not name:
            blanks += 1
            continue
        try:
            rows.append(_parse_row(line, name, cells, cols, value_fields, formats, range_day))
        except _RowProblem as problem:
            problems.append((line, str(problem)))
    if problems:
        raise ImportRowsError(file_name, problems)
    if currency is None and "currency" in cols:
        codes = {_cell(cells, cols["currency"]) for _, cells in table[header_at + 1 :]} - {""}
        currency = codes.pop() if len(codes) == 1 else None
    warnings = []
    if blanks:
        warnings.append(f"{blanks} row(s) without an ad name were skipped (a summary row?).")
    fields = tuple(f for f in value_fields if f not in ENGAGEMENT_PARTS)
    if any(f in value_fields for f in ENGAGEMENT_PARTS) and "engagements" not in fields:
        fields += ("engagements",)
    return ParsedExport(spec.key, currency, rows, fields, totals, blanks, warnings)


class _RowProblem(ValueError):
    pass


def _cell(cells: list, i: int) -> str:
    return str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""


def _parse_row(line, name, cells, cols, value_fields, formats, range_day) -> ExportRow:
    values: dict[str, float] = {}
    for f in value_fields:
        raw = cells[cols[f]] if cols[f] < len(cells) else None
        values[f] = _number(raw, f, whole=f in COUNT_FIELDS)
    parts = [f for f in ENGAGEMENT_PARTS if f in values]
    if parts:
        summed = sum(values.pop(f) for f in parts)
        if "engagements" not in values:
            values["engagements"] = summed
    if "impressions" in values and values.get("clicks", 0) > values["impressions"]:
        raise _RowProblem(f"clicks ({values['clicks']:g}) exceed impressions ({values['impressions']:g})")
    day = _date(cells[cols["day"]] if cols["day"] < len(cells) else None, formats)
    if range_day:
        end = _date(cells[cols["day_end"]], formats)
        if end != day:
            raise _RowProblem(
                f"covers {day} to {end}, not one day: export with Breakdown > By time > Day"
            )
    indicator = _cell(cells, cols["result_indicator"]) if "result_indicator" in cols else ""
    return ExportRow(line, name, day, values, indicator or None)


def _number(raw, field: str, whole: bool) -> float:
    if isinstance(raw, bool):
        raise _RowProblem(f"{field} {raw!r} is not a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw or "")).translate(_DIGITS).strip()
        if text.casefold() in _EMPTY:
            return 0.0
        text = text.replace("٬", ",").replace("٫", ".").replace("\u00a0", "").replace("\u202f", "")
        text = _CURRENCY_MARKS.sub("", text).strip()
        negative = text.startswith("(") and text.endswith(")")  # accounting style (12.50)
        text = text.strip("()").replace(" ", "")
        if not _NUMBER.match(text):
            raise _RowProblem(f"{field} {str(raw)!r} is not a number")
        value = float(text.replace(",", "")) * (-1 if negative else 1)
    if value < 0:
        raise _RowProblem(f"{field} is negative ({value:g})")
    if whole and not float(value).is_integer():
        raise _RowProblem(f"{field} {value:g} is not a whole number")
    return value


def _date(raw, formats: tuple[str, ...]) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = unicodedata.normalize("NFKC", str(raw or "")).translate(_DIGITS).strip()
    candidate = text.split(" ")[0] if re.match(r"^\d{4}-\d{2}-\d{2}[ T]", text) else text
    for fmt in formats:
        try:
            return dt.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    raise _RowProblem(f"date {text!r} is not a date in the form {formats[0].replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD')}")


def _read_table(data: bytes, file_name: str) -> list[tuple[int, list]]:
    """Rows with their 1-based line (CSV) or row (XLSX) numbers."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, file_name)
    text = _decode(data, file_name)
    sample = "\n".join(text.splitlines()[:_HEADER_SEARCH_ROWS])
    delimiter = "\t" if "\t" in sample else ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def _decode(data: bytes, file_name: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")  # Google Ads "Excel .csv": UTF-16LE with BOM
    for encoding in ("utf-8", "cp1256"):  # cp1256: Arabic Windows, for files re-saved by Excel
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{file_name}: cannot read the text encoding; save it as UTF-8 CSV and import again.")


def _read_xlsx(data: bytes, file_name: str) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(f"{file_name}: not a readable XLSX workbook ({exc}); export it again.") from None
    sheet = book.worksheets[0]
    rows = [(i, ["" if v is None else v for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    book.close()
    return rows


def _find_header(table: list[tuple[int, list]], overrides: dict[str, str] | None) -> int | None:
    """The first row (after any preamble) that names at least three known columns."""
    wanted = {normalise_header(h)[0] for h in (overrides or {}).values()}
    for i, (_, cells) in enumerate(table[:_HEADER_SEARCH_ROWS]):
        names = {normalise_header(str(c))[0] for c in cells if c not in (None, "")}
        if sum(known_header(n) or n in wanted for n in names) >= 3:
            return i
    return None

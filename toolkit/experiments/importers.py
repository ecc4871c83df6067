"""Read ad-platform exports (CSV in any of their encodings, or XLSX) into per-ad daily rows.

Pure: bytes in, rows or a list of row errors out; storage happens in ``service``. Every row is
checked before anything is written, and a file with any bad row is rejected whole, each problem
reported with the line number a spreadsheet would show. ``iter_export`` streams: rows are decoded,
parsed and handed over one at a time, so a large export costs little more memory than its bytes.

Summary rows ("Total: Account", TikTok's "Total") are recognised by position and content, never
by name alone: a row starting with a total marker counts as a summary only at the start or end of
the data, and only if it has no day, no ad name, or values that sum the other rows. An ad called
"Total Care – Free delivery" on a real day is an ad.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..decoding import detect_encoding
from ..errors import InputError
from .headers import (
    AD_PLATFORMS,
    AMOUNT_FIELDS,
    COUNT_FIELDS,
    ENGAGEMENT_PARTS,
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
_DOT_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+$")  # 12.480 in a whole-number column
_EUROPEAN = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$")  # 1.234,56
_CURRENCY_MARKS = re.compile(r"^[A-Z]{3}\s*|\s*[A-Z]{3}$|[$€£¥₹﷼]|ر\.س\.?|د\.إ\.?|ج\.م\.?")
_EMPTY = {"", "--", "-", "—", "n/a"}


class ImportRowsError(InputError):
    """An export with rows that cannot be imported; nothing from it was stored."""

    def __init__(self, file_name: str, problems: list[tuple[int, str]], count: int | None = None):
        count = len(problems) if count is None else count
        shown = "; ".join(f"line {line}: {msg}" for line, msg in problems[:MAX_REPORTED_ERRORS])
        more = f" (and {count - MAX_REPORTED_ERRORS} more)" if count > MAX_REPORTED_ERRORS else ""
        super().__init__(
            f"{file_name} has {count} invalid row{'s' if count != 1 else ''} and nothing was "
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


@dataclass
class ExportStats:
    """Filled in while ``ExportStream.rows`` is consumed."""

    rows_read: int = 0
    skipped_totals: int = 0
    skipped_blank: int = 0
    currencies: set[str] = field(default_factory=set)

    def warnings(self) -> list[str]:
        if self.skipped_blank:
            return [f"{self.skipped_blank} row(s) without an ad name were skipped (a summary row?)."]
        return []


@dataclass(frozen=True)
class ExportStream:
    platform: str
    header_currency: str | None
    fields: tuple[str, ...]
    rows: Iterator[ExportRow]  # raises ImportRowsError at the end if any row was bad
    stats: ExportStats

    @property
    def currency(self) -> str | None:
        """The currency of a header such as "Amount spent (USD)", else of a currency column with one code."""
        if self.header_currency:
            return self.header_currency
        return next(iter(self.stats.currencies)) if len(self.stats.currencies) == 1 else None


def parse_export(
    data: bytes,
    file_name: str,
    platform: str | None = None,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
) -> ParsedExport:
    """Parse a whole export into a list of rows. ``platform`` None means detect it from the headers."""
    stream = iter_export(data, file_name, platform, columns, date_format)
    rows = list(stream.rows)
    st = stream.stats
    return ParsedExport(stream.platform, stream.currency, rows, stream.fields, st.skipped_totals, st.skipped_blank, st.warnings())


def iter_export(
    data: bytes,
    file_name: str,
    platform: str | None = None,
    columns: dict[str, str] | None = None,
    date_format: str | None = None,
) -> ExportStream:
    """Find the header and the columns now; parse the rows as they are consumed."""
    if _is_empty(data):
        raise InputError(f"{file_name} is empty: export the report again, with rows by ad and by day.")
    table = _read_table(data, file_name)
    head: list[tuple[int, list]] = []
    for row in table:
        head.append(row)
        if len(head) >= _HEADER_SEARCH_ROWS:
            break
    header_at = _find_header(head, columns)
    if header_at is None:
        raise InputError(
            f"{file_name}: no header row with ad name, day and result columns in the first "
            f"{_HEADER_SEARCH_ROWS} rows; pass --column FIELD=HEADER for each column (generic CSV)."
        )
    header_line, headers = head[header_at]
    headers = [str(h) for h in headers]
    spec = AD_PLATFORMS[platform] if platform else detect_platform(headers)
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
    fields = tuple(f for f in value_fields if f not in ENGAGEMENT_PARTS)
    if any(f in value_fields for f in ENGAGEMENT_PARTS) and "engagements" not in fields:
        fields += ("engagements",)
    stats = ExportStats()
    data_rows = _chain(head[header_at + 1 :], table)
    parser = _RowParser(file_name, cols, value_fields, formats, range_day, stats)
    return ExportStream(spec.key, currency, fields, parser.rows(data_rows), stats)


def _is_empty(data: bytes) -> bool:
    """Nothing but whitespace after any byte-order mark (looked at without copying a big file)."""
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if data.startswith(bom):
            data = data[len(bom) :]
            break
    return not data[:4096].strip() and not data.strip()


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


_PLACEHOLDER_NAMES = {"", "-", "--", "—", "n/a"}


@dataclass
class _Pending:
    line: int
    cells: list
    name: str


class _RowParser:
    """Turns data rows into ExportRows, holding back rows that may be a summary until their
    position is known (a summary sits before or after every ad row)."""

    def __init__(self, file_name, cols, value_fields, formats, range_day, stats: ExportStats):
        self.file_name, self.cols, self.value_fields = file_name, cols, value_fields
        self.formats, self.range_day, self.stats = formats, range_day, stats
        self.sums = dict.fromkeys(value_fields, 0.0)
        self.problems: list[tuple[int, str]] = []
        self.problem_count = 0

    def rows(self, table: Iterator[tuple[int, list]]) -> Iterator[ExportRow]:
        pending: list[_Pending] = []
        seen_ad = False
        for line, cells in table:
            if not any(str(c).strip() for c in cells if c is not None):
                continue
            first = _cell(cells, 0).casefold()
            name = unicodedata.normalize("NFC", _cell(cells, self.cols["name"]))
            if first.startswith(TOTAL_MARKERS) or name.casefold().startswith(TOTAL_MARKERS):
                pending.append(_Pending(line, cells, name))
                continue
            for p in pending:  # marker rows followed by an ad row: only leading ones can be summaries
                if seen_ad or not self._looks_like_summary(p, check_sums=False):
                    yield from self._row(p.line, p.cells, p.name)
                else:
                    self.stats.skipped_totals += 1
            pending = []
            seen_ad = True
            if "currency" in self.cols and _cell(cells, self.cols["currency"]):
                self.stats.currencies.add(_cell(cells, self.cols["currency"]))
            yield from self._row(line, cells, name)
        for p in pending:  # trailing marker rows
            if self._looks_like_summary(p, check_sums=True):
                self.stats.skipped_totals += 1
            else:
                yield from self._row(p.line, p.cells, p.name)
        if self.problems:
            raise ImportRowsError(self.file_name, self.problems, self.problem_count)

    def _looks_like_summary(self, p: _Pending, check_sums: bool) -> bool:
        """No ad name, no day, or (at the end, where the other rows are known) their sums."""
        if p.name.casefold() in _PLACEHOLDER_NAMES:
            return True
        try:
            _date(p.cells[self.cols["day"]] if self.cols["day"] < len(p.cells) else None, self.formats)
        except _RowProblem:
            return True
        if not check_sums:
            return False
        try:
            values = _values(p.cells, self.cols, self.value_fields)
        except _RowProblem:
            return False
        return any(self.sums[f] > 0 for f in values) and all(
            abs(values[f] - self.sums[f]) <= 0.005 * max(self.sums[f], 1.0) for f in values
        )

    def _row(self, line: int, cells: list, name: str) -> Iterator[ExportRow]:
        if not name or name.casefold() in _PLACEHOLDER_NAMES:
            self.stats.skipped_blank += 1
            return
        try:
            row = _parse_row(line, name, cells, self.cols, self.value_fields, self.formats, self.range_day)
        except _RowProblem as problem:
            self.problem_count += 1
            if len(self.problems) < MAX_REPORTED_ERRORS:
                self.problems.append((line, str(problem)))
            return
        self.stats.rows_read += 1
        for f, v in row.values.items():
            if f in self.sums:
                self.sums[f] += v
        yield row


class _RowProblem(ValueError):
    pass


def _cell(cells: list, i: int) -> str:
    return str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""


def _values(cells, cols, value_fields) -> dict[str, float]:
    raw = {f: cells[cols[f]] if cols[f] < len(cells) else None for f in value_fields}
    # a whole-number column written 12.480 means the file groups thousands with dots (1.234,56)
    dotted = any(f in COUNT_FIELDS and _DOT_THOUSANDS.match(str(v or "").strip()) for f, v in raw.items())
    return {f: _number(v, f, whole=f in COUNT_FIELDS, dot_thousands=dotted) for f, v in raw.items()}


def _parse_row(line, name, cells, cols, value_fields, formats, range_day) -> ExportRow:
    values = _values(cells, cols, value_fields)
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


def _number(raw, field: str, whole: bool, dot_thousands: bool = False) -> float:
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
        if _EUROPEAN.match(text) or ((whole or dot_thousands) and _DOT_THOUSANDS.match(text)):
            text = text.replace(".", "").replace(",", ".")  # 1.234,56 and 12.480 (thousands)
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


def _read_table(data: bytes, file_name: str) -> Iterator[tuple[int, list]]:
    """Rows with their 1-based line (CSV) or row (XLSX) numbers, read one at a time."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, file_name)
    found = detect_encoding(data, file_name)  # the toolkit's one detector: BOM, UTF-16, UTF-8, legacy pages
    sample = data[found.skip : found.skip + 65536].decode(found.encoding, errors="ignore")
    sample = "\n".join(sample.splitlines()[:_HEADER_SEARCH_ROWS])
    delimiter = "\t" if "\t" in sample else ";" if sample.count(";") > sample.count(",") else ","
    raw = io.BytesIO(data)  # shares the bytes, no copy
    raw.seek(found.skip)
    stream = io.TextIOWrapper(raw, encoding=found.encoding, errors=found.errors, newline="")
    return _read_csv(stream, delimiter)


def _read_csv(text: io.TextIOWrapper, delimiter: str) -> Iterator[tuple[int, list]]:
    reader = csv.reader(text, delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _read_xlsx(data: bytes, file_name: str) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InputError(f"{file_name}: not a readable XLSX workbook ({exc}); export it again.") from None
    return _xlsx_rows(book)


def _xlsx_rows(book) -> Iterator[tuple[int, list]]:
    try:
        for i, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
            yield i, ["" if v is None else v for v in row]
    finally:
        book.close()


def _find_header(table: list[tuple[int, list]], overrides: dict[str, str] | None) -> int | None:
    """The first row (after any preamble) that names at least three known columns."""
    wanted = {normalise_header(h)[0] for h in (overrides or {}).values()}
    for i, (_, cells) in enumerate(table[:_HEADER_SEARCH_ROWS]):
        names = {normalise_header(str(c))[0] for c in cells if c not in (None, "")}
        if sum(known_header(n) or n in wanted for n in names) >= 3:
            return i
    return None

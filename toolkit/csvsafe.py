"""CSV that is safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (OWASP "CSV injection"). Such text cells get a leading
apostrophe, which spreadsheets hide and treat as "this is text". Numbers are written as numbers.
Output is UTF-8 with RFC 4180 quoting (captions hold commas, quotes and newlines).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would evaluate; leave other values alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterable[Mapping[str, Any]], fieldnames: Sequence[str], out: io.TextIOBase | None = None, *, bom: bool = False) -> str:
    """Write rows as CSV (to ``out`` if given) and return the text written."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")  # Excel needs it to read UTF-8 Arabic correctly
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames), extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    text = buffer.getvalue()
    if out is not None:
        out.write(text)
    return text

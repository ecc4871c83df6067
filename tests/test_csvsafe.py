"""CSV exports cannot run formulas in a spreadsheet and keep Arabic, commas and newlines intact."""

import csv
import io

from toolkit.csvsafe import safe_cell, write_csv


def test_formula_cells_are_neutralised():
    for dangerous in ("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1", "＝1"):
        assert safe_cell(dangerous).startswith("'")
    assert safe_cell("#التسويق_الرقمي") == "#التسويق_الرقمي"
    assert safe_cell(-3) == -3  # numbers stay numbers


def test_round_trip_with_quotes_newlines_and_arabic():
    rows = [{"a": 'says "hi", then\nleaves', "b": "مرحبا، عالم"}, {"a": "=cmd|' /C calc'!A0", "b": 5}]
    text = write_csv(rows, ["a", "b"], bom=True)
    assert text.startswith("\ufeffa,b\r\n")
    back = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert back[0] == {"a": 'says "hi", then\nleaves', "b": "مرحبا، عالم"}
    assert back[1]["a"] == "'=cmd|' /C calc'!A0"

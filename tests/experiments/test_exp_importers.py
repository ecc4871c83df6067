"""Realistic exports from each platform, Arabic included, and files that must be refused whole."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.errors import InputError
from toolkit.experiments import ImportRowsError
from toolkit.experiments.headers import FIELD_ALIASES, detect_platform, normalise_header
from toolkit.experiments.importers import parse_export

GENERIC = {"name": "variant", "day": "date", "impressions": "views", "clicks": "taps", "conversions": "sales", "spend": "cost"}


def _parse(exports, name, **kw):
    return parse_export((exports / name).read_bytes(), name, **kw)


def test_meta_english_export_with_bom_quoted_thousands_and_arabic_ad_names(exports):
    p = _parse(exports, "meta_en.csv")
    assert (p.platform, p.currency) == ("meta", "USD")
    first = p.rows[0]
    assert (first.line, first.name, first.day) == (2, "عرض رمضان - A", dt.date(2024, 3, 1))
    # Link clicks win over Clicks (all); Results become conversions; "12,480" is twelve thousand
    assert first.values == {"impressions": 12480, "reach": 9311, "clicks": 187, "conversions": 9, "spend": 38.97}
    assert first.result_indicator == "actions:offsite_conversion.fb_pixel_purchase"
    assert len(p.rows) == 8


def test_meta_arabic_headers(exports):
    p = _parse(exports, "meta_ar.csv")
    assert (p.platform, p.currency) == ("meta", "SAR")
    assert [r.name for r in p.rows[:2]] == ["خصم العيد ٢٠٪", "توصيل مجاني للعيد"]
    assert p.rows[1].values == {"impressions": 8150, "reach": 5990, "clicks": 141, "conversions": 7, "spend": 149.2}
    assert p.rows[3].day == dt.date(2024, 4, 2)


def test_meta_xlsx_export(exports, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["اسم الإعلان", "اليوم", "مرات الظهور", "النقرات على الرابط", "النتائج", "المبلغ الذي تم إنفاقه (AED)"])
    sheet.append(["خصم العيد ٢٠٪", dt.datetime(2024, 4, 1), 8400, 120, 5, 150.75])
    sheet.append(["توصيل مجاني للعيد", "2024-04-01", "8,150", "141", 7, "149.20"])
    path = tmp_path / "meta.xlsx"
    book.save(path)
    p = parse_export(path.read_bytes(), path.name)
    assert (p.platform, p.currency, len(p.rows)) == ("meta", "AED", 2)
    assert p.rows[0].day == p.rows[1].day == dt.date(2024, 4, 1)
    assert p.rows[1].values["impressions"] == 8150 and p.rows[1].line == 3


def test_google_ads_utf16_tab_separated_with_preamble_and_total_rows(exports):
    raw = (exports / "google.csv").read_bytes()
    assert raw[:2] == b"\xff\xfe"
    p = _parse(exports, "google.csv")
    assert (p.platform, p.currency, len(p.rows), p.skipped_totals) == ("google", "USD", 6, 2)
    assert p.rows[0].line == 4  # two preamble lines, then the header
    assert p.rows[1].values == {"impressions": 3150, "clicks": 171, "conversions": 0.0, "spend": 44.2}  # "--"
    assert p.rows[2].values["conversions"] == 5.5  # Google attribution splits conversions


def test_tiktok_export_drops_the_total_row(exports):
    p = _parse(exports, "tiktok.csv")
    assert (p.platform, len(p.rows), p.skipped_totals) == ("tiktok", 4, 1)
    assert p.rows[1].name == "Hook B - قبل وبعد"
    assert p.rows[0].values["clicks"] == 210  # Clicks (destination) before Clicks (all)


def test_linkedin_export_with_preamble_and_month_first_dates(exports):
    p = _parse(exports, "linkedin.csv")
    assert (p.platform, p.currency) == ("linkedin", "USD")
    assert p.rows[0].line == 5 and p.rows[0].day == dt.date(2024, 3, 1)
    assert p.rows[0].values == {"impressions": 4100, "clicks": 38, "conversions": 2, "spend": 55.2}


def test_generic_csv_with_a_column_mapping(exports):
    p = _parse(exports, "generic.csv", platform="generic", columns=GENERIC, date_format="%d.%m.%Y")
    assert p.rows[3].name == "Challenger" and p.rows[3].day == dt.date(2024, 3, 2)
    assert p.rows[3].values == {"impressions": 1080, "clicks": 66, "conversions": 5, "spend": 21.2}
    with pytest.raises(InputError, match="no column named 'missing'"):
        _parse(exports, "generic.csv", platform="generic", columns={**GENERIC, "spend": "missing"})


def test_bad_rows_are_reported_with_line_numbers(exports):
    with pytest.raises(ImportRowsError) as err:
        _parse(exports, "meta_bad.csv")
    assert err.value.problems == [
        (3, "clicks (1200) exceed impressions (1000)"),
        (4, "spend is negative (-5)"),
        (5, "date '2024-02-30' is not a date in the form YYYY-MM-DD"),
    ]
    assert "nothing was imported" in str(err.value)


def test_numbers_in_arabic_digits_and_unparseable_ones():
    csv = "Ad name,Day,Impressions,Link clicks,Amount spent (SAR)\nأ,٢٠٢٤-٠٣-٠١,\"١٬٢٠٠\",٣٠,\"١٢٫٥ ر.س\"\nب,2024-03-01,12abc,3,1\n"
    with pytest.raises(ImportRowsError) as err:
        parse_export(csv.encode(), "x.csv")
    assert err.value.problems == [(3, "impressions '12abc' is not a number")]
    p = parse_export(csv.replace("12abc", "900").encode(), "x.csv")
    assert p.rows[0].values == {"impressions": 1200, "clicks": 30, "spend": 12.5}
    assert p.rows[0].day == dt.date(2024, 3, 1)


def test_a_report_spanning_days_without_a_day_breakdown_is_refused():
    csv = "Reporting starts,Reporting ends,Ad name,Impressions,Link clicks\n2024-03-01,2024-03-07,A,1000,10\n"
    with pytest.raises(ImportRowsError, match="not one day"):
        parse_export(csv.encode(), "weekly.csv")


def test_header_table_is_data_with_english_and_arabic_aliases():
    for field in ("name", "day", "impressions", "clicks", "conversions", "spend"):
        aliases = FIELD_ALIASES[field]
        assert any(a.isascii() for a in aliases) and any(not a.isascii() for a in aliases), field
    assert normalise_header("\ufeffAmount spent (USD)") == ("amount spent", "USD")
    assert normalise_header("المبلغ الذي تم إنفاقه (USD)\u200f") == ("المبلغ الذي تم إنفاقه", "USD")
    assert detect_platform(["Day", "Impr.", "Clicks"]).key == "google"
    assert detect_platform(["a", "b"]).key == "generic"


def test_a_file_without_a_recognisable_header_says_what_to_do():
    with pytest.raises(InputError, match="--column"):
        parse_export(b"foo,bar\n1,2\n", "odd.csv")


HEAD = "Day,Ad name,Impressions,Clicks\n"


def test_an_ad_named_total_is_an_ad_and_a_real_total_row_is_not():
    csv = HEAD + "2024-03-01,A,1000,20\n2024-03-01,Total Care – Free delivery,900,30\n2024-03-01,B,800,10\n"
    p = parse_export((csv + "Total,-,2700,60\n").encode(), "x.csv")
    assert [r.name for r in p.rows] == ["A", "Total Care – Free delivery", "B"] and p.skipped_totals == 1
    # last row, real day, real name: dropped only when its values sum the other rows
    p = parse_export((csv + "2024-03-02,Total Care – Free delivery,500,5\n").encode(), "x.csv")
    assert [r.name for r in p.rows][-1] == "Total Care – Free delivery" and p.skipped_totals == 0
    p = parse_export((csv + "2024-03-01,Total,2700,60\n").encode(), "x.csv")
    assert len(p.rows) == 3 and p.skipped_totals == 1
    # an ad whose name starts with the marker, first in the file, with a day: an ad
    p = parse_export((HEAD + "2024-03-01,الإجمالي الجديد,100,1\n2024-03-01,A,1000,20\n").encode(), "x.csv")
    assert [r.name for r in p.rows] == ["الإجمالي الجديد", "A"]


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\xef\xbb\xbf"])
def test_an_empty_file_says_it_is_empty(data):
    with pytest.raises(InputError, match=r"^x\.csv is empty: export the report again"):
        parse_export(data, "x.csv")


def test_dot_thousands_in_whole_number_columns():
    csv = HEAD + "2024-03-01,A,12.480,1.234\n2024-03-01,B,900,12\n"
    p = parse_export(csv.encode(), "x.csv")
    assert p.rows[0].values == {"impressions": 12480, "clicks": 1234}
    euro = "Day,Ad name,Impressions,Amount spent\n2024-03-01,A,12.480,\"1.234,56\"\n2024-03-01,B,900,12.480\n"
    p = parse_export(euro.encode(), "x.csv")
    assert p.rows[0].values == {"impressions": 12480, "spend": 1234.56}
    assert p.rows[1].values == {"impressions": 900, "spend": 12.48}  # no dotted counts: 3-decimal currency


def test_many_bad_rows_are_counted_not_all_listed():
    csv = HEAD + "".join(f"2024-03-01,A{i},10,20\n" for i in range(25))
    with pytest.raises(ImportRowsError, match=r"has 25 invalid rows .* \(and 15 more\)"):
        parse_export(csv.encode(), "x.csv")


def test_rows_stream_in_memory_far_below_the_file_size():
    import tracemalloc

    from toolkit.experiments.importers import iter_export

    rows = "".join(f"2024-03-{1 + i % 28:02d},Ad {i % 997},1000,20\n" for i in range(60_000))
    data = (HEAD + rows).encode()  # ~1.7 MB
    tracemalloc.start()
    try:
        stream = iter_export(data, "big.csv")
        count = sum(1 for _ in stream.rows)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 60_000 and stream.stats.rows_read == 60_000
    assert peak < len(data) / 4  # a list of parsed rows alone would take many times the file

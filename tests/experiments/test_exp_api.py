"""The service calls the app uses: one experiment, its day-by-day observations, imports from bytes."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3

import pytest

from toolkit.errors import NotFoundError
from toolkit.experiments import (
    Experiment,
    ImportRowsError,
    Observation,
    create_experiment,
    get_experiment,
    import_results,
    import_results_bytes,
    observations,
    record,
)

EID = ["خصم العيد ٢٠٪", "توصيل مجاني للعيد"]  # the ad names of meta_ar.csv
PURCHASE = "actions:offsite_conversion.fb_pixel_purchase"


def _count(db_path, table):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def test_get_experiment_returns_the_model_with_its_variants(store):
    created = create_experiment(store, "العيد", EID, metric="cvr")
    got = get_experiment(store, created.id)
    assert isinstance(got, Experiment) and got == created
    assert [v.name for v in got.variants] == EID and got.control.name == EID[0]
    with pytest.raises(NotFoundError, match="No experiment 99"):
        get_experiment(store, 99)


def test_observations_are_day_by_day_rows_per_variant(store, exports):
    exp = create_experiment(store, "العيد", EID)
    assert observations(store, exp.id) == []
    report = import_results_bytes(store, exp.id, (exports / "meta_ar.csv").read_bytes(), "downloads/meta ar.csv")
    assert (report.file_name, report.platform, report.currency, report.observations) == ("meta ar.csv", "meta", "SAR", 4)
    record(store, exp.id, EID[1], "2024-04-03", impressions=500)  # typed by hand: other fields read as 0
    rows = observations(store, exp.id)
    assert all(isinstance(o, Observation) for o in rows)
    assert [(o.variant, o.day.isoformat()) for o in rows] == [
        (EID[0], "2024-04-01"), (EID[0], "2024-04-02"),
        (EID[1], "2024-04-01"), (EID[1], "2024-04-02"), (EID[1], "2024-04-03"),
    ]
    assert rows[0] == Observation(day=dt.date(2024, 4, 1), variant=EID[0], impressions=8400, reach=6100, clicks=120,
                                  conversions=5.0, spend=150.75, result_indicator=PURCHASE)
    assert (rows[3].impressions, rows[3].clicks, rows[3].spend) == (8870, 162, pytest.approx(158.35))
    assert rows[4] == Observation(day=dt.date(2024, 4, 3), variant=EID[1], impressions=500)
    with pytest.raises(NotFoundError, match="No experiment 99"):
        observations(store, 99)


def test_reimporting_the_same_bytes_does_not_double_count(store, db_path, exports):
    exp = create_experiment(store, "العيد", EID)
    data = (exports / "meta_ar.csv").read_bytes()
    first = import_results_bytes(store, exp.id, data, "meta_ar.csv")
    before = observations(store, exp.id)
    again = import_results_bytes(store, exp.id, data, "renamed.csv")  # the hash decides, not the name
    assert again.already_imported and again.import_id == first.import_id and again.file_hash == first.file_hash
    assert import_results(store, exp.id, exports / "meta_ar.csv").already_imported  # the path version shares it
    assert observations(store, exp.id) == before
    assert sum(o.impressions for o in before) == 8400 + 9020 + 8150 + 8870
    assert (_count(db_path, "experiment_imports"), _count(db_path, "experiment_observations")) == (1, 4)


def test_a_bad_row_reports_its_line_and_nothing_is_imported(store, db_path, exports):
    exp = create_experiment(store, "bad", ["Variant A", "Variant B"])
    with pytest.raises(ImportRowsError, match="bad.csv has 3 invalid rows and nothing was imported: line 3: ") as err:
        import_results_bytes(store, exp.id, (exports / "meta_bad.csv").read_bytes(), "bad.csv")
    assert err.value.problems == [(3, "clicks (1200) exceed impressions (1000)"), (4, "spend is negative (-5)"),
                                  (5, "date '2024-02-30' is not a date in the form YYYY-MM-DD")]
    assert observations(store, exp.id) == []
    assert (_count(db_path, "experiment_imports"), _count(db_path, "experiment_observations")) == (0, 0)


def test_the_file_name_picks_the_format_of_uploaded_bytes(store):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["اسم الإعلان", "اليوم", "مرات الظهور", "النقرات على الرابط", "المبلغ الذي تم إنفاقه (AED)"])
    book.active.append([EID[0], dt.datetime(2024, 4, 1), 8400, 120, 150.75])
    book.active.append([EID[1], "2024-04-01", "8,150", "141", "149.20"])
    buffer = io.BytesIO()
    book.save(buffer)
    exp = create_experiment(store, "xlsx", EID)
    report = import_results_bytes(store, exp.id, buffer.getvalue(), "العيد.xlsx")
    assert (report.file_name, report.currency, report.observations) == ("العيد.xlsx", "AED", 2)
    assert [(o.variant, o.clicks) for o in observations(store, exp.id)] == [(EID[0], 120), (EID[1], 141)]

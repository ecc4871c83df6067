"""The bytes behind the download buttons (AppTest cannot read them, so they are checked here)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from toolkit.app.downloads import result_downloads
from toolkit.app.edits import with_caption_text
from toolkit.app.scheduler import (
    SCHEDULERS,
    schedule_times,
    scheduler_csv,
    schedulers_for,
)
from toolkit.errors import ConfigError, InputError

RIYADH = ZoneInfo("Asia/Riyadh")
START = datetime(2026, 3, 1, 9, 0, tzinfo=RIYADH)


def test_json_markdown_csv_of_a_run(arabic_result):
    files = {d.label: d for d in result_downloads(arabic_result)}
    assert [d.file_name for d in files.values()] == ["toolkit-run-7.json", "toolkit-run-7.md", "toolkit-run-7.csv"]
    doc = json.loads(files["JSON"].data)
    assert doc["run_id"] == 7 and len(doc["captions"]) == len(arabic_result.captions)
    assert '<div dir="rtl">' in files["Markdown"].data.decode("utf-8")
    assert files["CSV"].data.startswith("\ufeff".encode("utf-8"))  # Excel reads Arabic only with the BOM
    rows = list(csv.DictReader(io.StringIO(files["CSV"].data.decode("utf-8-sig"))))
    assert rows[0]["kind"] == "caption" and rows[0]["text"] == arabic_result.captions[0].text


def test_downloads_carry_edits(arabic_result):
    edited = with_caption_text(arabic_result, "x", 0, "=HYPERLINK(\"http://evil\") نص معدّل")
    doc = json.loads(result_downloads(edited)[0].data)
    assert doc["captions"][0]["text"].endswith("نص معدّل")
    rows = list(csv.DictReader(io.StringIO(result_downloads(edited)[2].data.decode("utf-8-sig"))))
    assert rows[0]["text"].startswith("'=")  # neutralised for spreadsheets


def _x(result):
    return [c for c in result.captions if c.platform == "x"]


def test_hootsuite_has_no_header_and_us_dates_on_request(arabic_result):
    text = scheduler_csv(_x(arabic_result), "hootsuite", start=START, every=timedelta(hours=2),
                         link="https://example.com/post", date_order="mdy")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows] == ["03/01/2026 09:00", "03/01/2026 11:00"]
    # X captions carry the link themselves: the link column stays empty, as in `toolkit bulk` files
    assert rows[0][1] == _x(arabic_result)[0].text and rows[0][2] == ""


def test_publer_and_postfast_formats(arabic_result):
    publer = list(csv.DictReader(io.StringIO(scheduler_csv(_x(arabic_result), "publer", start=START, every=timedelta(minutes=30)))))
    assert [r["Date"] for r in publer] == ["2026/03/01 09:00", "2026/03/01 09:30"]
    postfast = list(csv.DictReader(io.StringIO(scheduler_csv(_x(arabic_result), "postfast", start=START,
                                                             every=timedelta(days=1), account_id="acc-1"))))
    assert [r["scheduled_at"] for r in postfast] == ["2026-03-01T09:00:00+03:00", "2026-03-02T09:00:00+03:00"]
    assert postfast[0]["account_id"] == "acc-1" and postfast[0]["content"] == _x(arabic_result)[0].text


def test_an_over_limit_edit_is_refused_before_export(arabic_result):
    edited = with_caption_text(arabic_result, "x", 1, "ا" * 300)
    with pytest.raises(InputError, match="X caption 2 is 300 / 280 x_weighted: shorten it"):
        scheduler_csv(_x(edited), "publer", start=START, every=timedelta(hours=1))


def test_scheduler_rules(arabic_result):
    with pytest.raises(InputError, match="one platform at a time"):
        scheduler_csv(arabic_result.captions[:4], "publer", start=START, every=timedelta(hours=1))
    mastodon = [c for c in arabic_result.captions if c.platform == "mastodon"]
    with pytest.raises(InputError, match="Hootsuite cannot import Mastodon posts"):
        scheduler_csv(mastodon, "hootsuite", start=START, every=timedelta(hours=1))
    with pytest.raises(InputError, match="no time zone"):
        schedule_times(datetime(2026, 3, 1, 9), timedelta(hours=1), 2)
    assert [s.key for s in schedulers_for("mastodon")] == ["publer"]
    assert set(SCHEDULERS) == {"hootsuite", "sprout", "publer", "postfast"}
    with pytest.raises(ConfigError, match="Hootsuite takes times on 5-minute marks, not 09:07"):
        scheduler_csv(_x(arabic_result), "hootsuite", start=START, every=timedelta(minutes=7))


def test_sprout_social_from_the_app(arabic_result):
    text = scheduler_csv(_x(arabic_result), "sprout", start=START, every=timedelta(minutes=90), link="https://example.com/post")
    assert text.startswith("date,time_24hr,message_text,link\r\n")  # Sprout's exact, case-sensitive headers
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["date"], r["time_24hr"]) for r in rows] == [("01/03/2026", "09:00"), ("01/03/2026", "10:30")]  # dd/mm
    assert rows[0]["message_text"] == _x(arabic_result)[0].text and rows[0]["link"] == ""  # X holds its own link
    mdy = list(csv.DictReader(io.StringIO(scheduler_csv(_x(arabic_result), "sprout", start=START,
                                                         every=timedelta(days=12), date_order="mdy"))))
    assert [r["date"] for r in mdy] == ["03/01/2026", "03/13/2026"]


def test_sprout_neutralises_formulas_and_checks_length_in_the_platform_unit(arabic_result):
    evil = with_caption_text(arabic_result, "x", 0, "=HYPERLINK(\"http://evil\") جرّب الآن, مجانًا")
    rows = list(csv.DictReader(io.StringIO(scheduler_csv(_x(evil), "sprout", start=START, every=timedelta(hours=1)))))
    assert rows[0]["message_text"] == "'=HYPERLINK(\"http://evil\") جرّب الآن, مجانًا"
    long = with_caption_text(arabic_result, "x", 1, "ا" * 279 + "\u200f")  # Arabic letters weigh 1, an RLM 2: 281
    with pytest.raises(InputError, match="X caption 2 is 281 / 280 x_weighted: shorten it"):
        scheduler_csv(_x(long), "sprout", start=START, every=timedelta(hours=1))
    mastodon = [c for c in arabic_result.captions if c.platform == "mastodon"]
    with pytest.raises(InputError, match="Sprout Social cannot import Mastodon posts"):
        scheduler_csv(mastodon, "sprout", start=START, every=timedelta(hours=1))


def test_a_refused_character_is_named_before_export(arabic_result):
    """A BOM keeps X's count under the limit, yet X refuses the post: the sentence says why, not "shorten it"."""
    edited = with_caption_text(arabic_result, "x", 0, "\ufeffShort post")
    with pytest.raises(InputError, match="X caption 1: X refuses text containing U\\+FEFF: remove it before exporting"):
        scheduler_csv(_x(edited), "publer", start=START, every=timedelta(hours=1))

"""The one scheduler table: each format's exact row and CSV bytes, its limits and the length check."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from toolkit.errors import ConfigError, InputError
from toolkit.schedulers import (
    DEFAULT_DATE_ORDER,
    SCHEDULERS,
    check_times,
    get_scheduler,
    link_cell,
    schedulers_for,
    too_long,
)

WHEN = datetime(2026, 3, 5, 18, 30, tzinfo=ZoneInfo("Asia/Riyadh"))
AR = "جرّب أداتنا الجديدة، مجانًا"


def test_every_format_writes_its_own_row():
    rows = {k: s.row(WHEN, AR, link="https://example.com", account_id="acc-1", date_order="mdy") for k, s in SCHEDULERS.items()}
    assert rows == {
        "hootsuite": {"date_time": "03/05/2026 18:30", "message": AR, "link": "https://example.com"},
        "sprout": {"date": "03/05/2026", "time_24hr": "18:30", "message_text": AR, "link": "https://example.com"},
        "publer": {"Date": "2026/03/05 18:30", "Message": AR, "Link": "https://example.com"},
        "postfast": {"scheduled_at": "2026-03-05T18:30:00+03:00", "account_id": "acc-1", "content": AR, "first_comment": ""},
    }
    assert SCHEDULERS["sprout"].row(WHEN, AR)["date"] == "05/03/2026"  # dmy by default
    assert [k for k, s in SCHEDULERS.items() if s.uses_date_order] == ["hootsuite", "sprout"]


def test_csv_bytes_header_quoting_and_formula_cells():
    evil = '=HYPERLINK("http://evil"), سطر\nثانٍ'
    publer = SCHEDULERS["publer"]
    assert publer.csv([publer.row(WHEN, evil)]) == 'Date,Message,Link\r\n2026/03/05 18:30,"\'=HYPERLINK(""http://evil""), سطر\nثانٍ",\r\n'
    hootsuite = SCHEDULERS["hootsuite"]
    assert hootsuite.csv([hootsuite.row(WHEN, "+1 " + AR)]) == f"05/03/2026 18:30,'+1 {AR},\r\n"  # no header row
    sprout = SCHEDULERS["sprout"]
    assert sprout.csv([sprout.row(WHEN, "x")], header=False) == "05/03/2026,18:30,x,\r\n"


def test_limits_platforms_and_times():
    assert {k: s.max_rows for k, s in SCHEDULERS.items()} == {"hootsuite": 350, "sprout": 350, "publer": 500, "postfast": None}
    assert [s.key for s in schedulers_for("bluesky")] == ["sprout", "publer", "postfast"]
    assert get_scheduler("postfast").name == "PostFast"
    with pytest.raises(InputError, match="Unknown scheduler 'buffer': choose one of hootsuite, sprout, publer, postfast"):
        get_scheduler("buffer")
    check_times(SCHEDULERS["sprout"], [time(9, 7)])  # only Hootsuite needs 5-minute marks
    with pytest.raises(ConfigError, match="Hootsuite takes times on 5-minute marks, not 09:07, 10:01"):
        check_times(SCHEDULERS["hootsuite"], [time(10, 1), time(9, 0), time(9, 7)])


def test_length_is_checked_in_the_platform_unit():
    assert too_long("ا" * 280, "x") is None
    over = too_long("ا" * 279 + "\u200f", "x")  # an RLM weighs 2 on X
    assert (over.length, over.limit, over.unit) == (281, 280, "x_weighted")
    assert too_long("👍🏽" * 300, "bluesky") is None  # 300 graphemes
    assert too_long("👍🏽" * 301, "bluesky").length == 301
    assert too_long("", "linkedin").length == 0  # an empty message does not fit either


def test_one_link_and_date_rule_for_the_app_and_bulk():
    # the caption already carries a clickable link on X; Instagram and TikTok captions cannot, so the column does
    assert [link_cell("https://a.io", p) for p in ("x", "linkedin", "instagram", "tiktok")] == ["", "", "https://a.io", "https://a.io"]
    assert DEFAULT_DATE_ORDER == "dmy"

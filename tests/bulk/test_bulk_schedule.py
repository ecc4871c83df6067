"""Posting schedules: defaults, validation, slot order across days, time zones and DST."""

from datetime import UTC, date, datetime, time
from itertools import islice

import pytest

from toolkit.errors import ConfigError
from toolkit.schedulers import default_times, earliest, parse_schedule

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_defaults_are_tomorrow_once_a_day_at_nine_utc():
    s = parse_schedule(None, None, None, None, now=NOW)
    assert (s.start, s.times, s.tz) == (date(2026, 3, 2), [time(9, 0)], "UTC")
    assert s.describe() == "from 2026-03-02, 1 a day at 09:00 (UTC)"


def test_default_times_spread_over_the_working_day_on_five_minute_marks():
    assert default_times(3) == [time(9, 0), time(13, 0), time(17, 0)]
    assert default_times(4) == [time(9, 0), time(11, 40), time(14, 20), time(17, 0)]
    assert all(t.minute % 5 == 0 for t in default_times(7))


def test_slots_fill_each_day_in_order_and_skip_the_past():
    s = parse_schedule("2026-03-01", None, "18:00, 09:30,13:00", "Asia/Riyadh", now=NOW)
    assert s.per_day == 3
    slots = [x.isoformat() for x in islice(s.slots(earliest(NOW)), 4)]
    # 12:00 UTC is 15:00 in Riyadh: today's 09:30 and 13:00 have passed
    assert slots == ["2026-03-01T18:00:00+03:00", "2026-03-02T09:30:00+03:00", "2026-03-02T13:00:00+03:00",
                     "2026-03-02T18:00:00+03:00"]


def test_wall_times_stay_put_across_a_dst_change():
    s = parse_schedule("2026-03-07", None, "09:00", "America/New_York", now=NOW)
    a, b = islice(s.slots(NOW), 2)
    assert (a.hour, b.hour) == (9, 9)
    assert (a.utcoffset().total_seconds(), b.utcoffset().total_seconds()) == (-5 * 3600, -4 * 3600)


@pytest.mark.parametrize("args, message", [
    (("2026-3-1x", None, None, None), "Start date '2026-3-1x' is not a date: write it as YYYY-MM-DD"),
    ((None, None, "9am", None), "Posting time '9am' is not HH:MM"),
    ((None, 2, "09:00", None), "--per-day 2 does not match the 1 times in --times '09:00'"),
    ((None, None, "09:00,09:05", None), "Posting times 09:00 and 09:05 are less than 10 minutes apart"),
    ((None, None, None, "Mars/Olympus"), "Unknown time zone 'Mars/Olympus': use an IANA name"),
    ((None, 60, None, None), "--per-day 60 is out of range"),
])
def test_bad_values_are_one_sentence_each(args, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_schedule(*args, now=NOW)

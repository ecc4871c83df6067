"""A posting schedule: which day and time each post goes out, in an explicit time zone.

Pure: ``Schedule.slots`` turns a start date, posts per day and daily times into an endless run of
aware datetimes, skipping any slot sooner than ``not_before`` (Sprout Social and Hootsuite refuse
posts less than 10 minutes in the future). Daily times must be at least 10 minutes apart, the
spacing Sprout Social requires between posts of one profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

from ..errors import ConfigError

MIN_GAP = timedelta(minutes=10)  # Sprout Social: posts of one profile at least 10 minutes apart
LEAD = timedelta(minutes=10)  # Sprout Social and Hootsuite: at least 10 minutes after the upload
DAY_START, DAY_END = 9 * 60, 17 * 60  # default times spread over 09:00-17:00


class Schedule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    times: list[time] = Field(min_length=1)  # sorted daily slots; len(times) posts per day
    tz: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def per_day(self) -> int:
        return len(self.times)

    def slots(self, not_before: datetime) -> Iterator[datetime]:
        """Every slot from ``start`` on, in order, none earlier than ``not_before``."""
        day = self.start
        while True:
            for t in self.times:
                slot = datetime.combine(day, t, tzinfo=self.zone)
                if slot >= not_before:
                    yield slot
            day += timedelta(days=1)

    def describe(self) -> str:
        times = ", ".join(t.strftime("%H:%M") for t in self.times)
        return f"from {self.start.isoformat()}, {self.per_day} a day at {times} ({self.tz})"


def parse_schedule(start: str | None, per_day: int | None, times: str | None, tz: str | None,
                   *, now: datetime | None = None) -> Schedule:
    """A schedule from command-line values; unset ones default to tomorrow, once a day, 09:00, UTC."""
    zone_name = (tz or "UTC").strip()
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"Unknown time zone {zone_name!r}: use an IANA name such as Asia/Riyadh, Europe/London or UTC.") from None
    today = (now or datetime.now(zone)).astimezone(zone).date()
    if start:
        try:
            first = date.fromisoformat(start.strip())
        except ValueError:
            raise ConfigError(f"Start date {start!r} is not a date: write it as YYYY-MM-DD, e.g. {today.isoformat()}.") from None
    else:
        first = today + timedelta(days=1)
    if times:
        slots = sorted(_parse_time(t) for t in times.split(",") if t.strip())
        if per_day is not None and per_day != len(slots):
            raise ConfigError(f"--per-day {per_day} does not match the {len(slots)} times in --times {times!r}: drop one of them or make them agree.")
    else:
        slots = default_times(per_day or 1)
    for a, b in zip(slots, slots[1:]):
        if datetime.combine(first, b) - datetime.combine(first, a) < MIN_GAP:
            raise ConfigError(f"Posting times {a:%H:%M} and {b:%H:%M} are less than 10 minutes apart: schedulers refuse that, space them out.")
    return Schedule(start=first, times=slots, tz=zone_name)


def default_times(per_day: int) -> list[time]:
    """``per_day`` times spread evenly over 09:00-17:00, on 5-minute marks."""
    if not 1 <= per_day <= 48:
        raise ConfigError(f"--per-day {per_day} is out of range: post between 1 and 48 times a day.")
    if per_day == 1:
        return [time(9, 0)]
    step = (DAY_END - DAY_START) / (per_day - 1)
    minutes = [DAY_START + round(i * step / 5) * 5 for i in range(per_day)]
    return [time(m // 60, m % 60) for m in minutes]


def _parse_time(text: str) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ConfigError(f"Posting time {text.strip()!r} is not HH:MM: write times like 09:00,13:30,18:00.") from None


def earliest(now: datetime | None = None) -> datetime:
    """The first moment a scheduler will accept a post uploaded now."""
    return (now or datetime.now(ZoneInfo("UTC"))) + LEAD

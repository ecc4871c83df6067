"""Scheduler bulk-import CSVs: the one table of formats, their rows, the length check and the posting slots.

Pure (no files): the app builds a download from it and ``toolkit bulk`` streams files with it.
Formats (``docs/REFERENCE.md`` section 3, from the schedulers' help pages and users' files):

* Hootsuite Bulk Composer (legacy, from user sources): no header row; date-time, message, link;
  one file per profile; at most 350 rows; the date format (``dd/mm/yyyy hh:mm`` or
  ``mm/dd/yyyy hh:mm``) is chosen at upload; times on 5-minute marks.
* Sprout Social (official, headers case-sensitive): ``date``, ``time_24hr``, ``message_text``,
  ``link``; the date order is chosen at upload; posts at least 10 minutes apart and in the
  future; at most 350 rows.
* Publer: ``Date`` (``YYYY/MM/DD HH:MM``), ``Message``, ``Link``.
* PostFast: ``scheduled_at`` ISO-8601 with offset, ``account_id``, ``content``, ``first_comment``.

All are UTF-8 with RFC 4180 quoting and formula-neutralised cells (``csvsafe``); times are aware
datetimes in the time zone the user picked, and callers check every message in its platform's
unit (``too_long``) first, so a file never carries a post the platform would reject.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field

from .csvsafe import write_csv
from .errors import ConfigError, InputError
from .platforms import get_platform
from .textlen import Measurement, measure

SchedulerKey = Literal["hootsuite", "sprout", "publer", "postfast"]
DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy")
DEFAULT_DATE_ORDER: DateOrder = "dmy"  # the app and ``toolkit bulk`` both write dd/mm/yyyy unless told otherwise
# What a column holds: the slot written one of several ways, or one of the row's values.
Cell = Literal["date_time", "date", "time_24hr", "ymd_time", "iso", "message", "link", "account_id", "blank"]

MIN_GAP = timedelta(minutes=10)  # Sprout Social: posts of one profile at least 10 minutes apart
LEAD = timedelta(minutes=10)  # Sprout Social and Hootsuite: at least 10 minutes after the upload
DAY_START, DAY_END = 9 * 60, 17 * 60  # default times spread over 09:00-17:00
_COMMON = ("x", "facebook", "instagram", "linkedin", "threads", "tiktok", "youtube", "pinterest")


class Scheduler(BaseModel):
    """One scheduler's import file: its columns (in order), header row, row limit and platforms."""

    model_config = ConfigDict(frozen=True)

    key: SchedulerKey
    name: str
    platforms: tuple[str, ...]
    columns: tuple[tuple[str, Cell], ...]  # (header, what it holds)
    header: bool = True
    max_rows: int | None = None  # per file; None: no stated limit
    five_minute_marks: bool = False

    @property
    def fields(self) -> list[str]:
        return [name for name, _ in self.columns]

    @property
    def uses_date_order(self) -> bool:
        """Whether the date is written dd/mm or mm/dd, as the user chooses when uploading."""
        return any(cell in ("date_time", "date") for _, cell in self.columns)

    def row(self, when: datetime, message: str, *, link: str = "", account_id: str = "",
            date_order: DateOrder = DEFAULT_DATE_ORDER) -> dict[str, str]:
        """One post as this scheduler's row; ``when`` is aware and already in the posting time zone.

        Callers pass ``link=link_cell(...)``, so the app's download and ``toolkit bulk`` write the same
        file for the same captions.
        """
        day = when.strftime("%d/%m/%Y" if date_order == "dmy" else "%m/%d/%Y")
        cells = {
            "date_time": f"{day} {when:%H:%M}", "date": day, "time_24hr": f"{when:%H:%M}",
            "ymd_time": when.strftime("%Y/%m/%d %H:%M"), "iso": when.isoformat(timespec="seconds"),
            "message": message, "link": link, "account_id": account_id, "blank": "",
        }
        return {name: cells[cell] for name, cell in self.columns}

    def csv(self, rows: Iterable[Mapping[str, str]], *, header: bool = True) -> str:
        """Rows as CSV text through ``csvsafe``; the header only if this format has one and ``header``."""
        text = write_csv(rows, self.fields)
        return text if self.header and header else text.split("\r\n", 1)[1]


SCHEDULERS: dict[str, Scheduler] = {
    s.key: s
    for s in [
        Scheduler(key="hootsuite", name="Hootsuite", platforms=_COMMON, max_rows=350, header=False,
                  five_minute_marks=True, columns=(("date_time", "date_time"), ("message", "message"), ("link", "link"))),
        Scheduler(key="sprout", name="Sprout Social", platforms=(*_COMMON, "bluesky"), max_rows=350,
                  columns=(("date", "date"), ("time_24hr", "time_24hr"), ("message_text", "message"), ("link", "link"))),
        Scheduler(key="publer", name="Publer", platforms=(*_COMMON, "bluesky", "mastodon"), max_rows=500,
                  columns=(("Date", "ymd_time"), ("Message", "message"), ("Link", "link"))),
        Scheduler(key="postfast", name="PostFast", platforms=(*_COMMON, "bluesky"),
                  columns=(("scheduled_at", "iso"), ("account_id", "account_id"), ("content", "message"),
                           ("first_comment", "blank"))),
    ]
}


def link_cell(link: str, platform: str) -> str:
    """What a row's link column holds: the brief's link only where the platform's captions cannot carry
    a clickable one (Instagram, TikTok: ``Platform.caption_links``); elsewhere the caption already
    holds it, and the column stays empty rather than adding it twice."""
    return "" if get_platform(platform).caption_links else link


def get_scheduler(key: str) -> Scheduler:
    s = SCHEDULERS.get(key)
    if s is None:
        raise InputError(f"Unknown scheduler {key!r}: choose one of {', '.join(SCHEDULERS)}.")
    return s


def schedulers_for(platform: str) -> list[Scheduler]:
    return [s for s in SCHEDULERS.values() if platform in s.platforms]


def too_long(text: str, platform: str) -> Measurement | None:
    """The message's length in the platform's own unit when the platform would refuse it, else None."""
    m = measure(text, get_platform(platform))
    return None if m.fits else m


def check_times(scheduler: Scheduler, times: Iterable[time | datetime]) -> None:
    """Refuse posting times the scheduler cannot take (Hootsuite: only on 5-minute marks)."""
    if scheduler.five_minute_marks:
        off = sorted({t.strftime("%H:%M") for t in times if t.minute % 5})
        if off:
            raise ConfigError(f"{scheduler.name} takes times on 5-minute marks, not {', '.join(off)}: adjust the times.")


# --- posting slots -----------------------------------------------------------------------------


def schedule_times(start: datetime, every: timedelta, n: int) -> list[datetime]:
    """``n`` posting times from ``start`` (time-zone aware), ``every`` apart."""
    if start.tzinfo is None:
        raise InputError("The first post time has no time zone: pick one, so the scheduler posts when you mean.")
    if every <= timedelta(0):
        raise InputError(f"Posts must be at least a minute apart (got {every}): raise the interval.")
    return [start + i * every for i in range(n)]


class Schedule(BaseModel):
    """Posts a day at fixed daily times from a start date, in an explicit time zone."""

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
        """Every slot from ``start`` on, in order, none earlier than ``not_before``.

        Slots sooner than ``earliest()`` are refused by Sprout Social and Hootsuite; wall times stay
        put across a DST change.
        """
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
    """A schedule from command-line values; unset ones default to tomorrow, once a day, 09:00, UTC.

    Daily times must be at least 10 minutes apart, the spacing Sprout Social requires between
    posts of one profile.
    """
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
    for a, b in zip(slots, slots[1:], strict=False):
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

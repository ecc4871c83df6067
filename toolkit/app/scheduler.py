"""Captions as bulk-import CSV files for social-media schedulers.

Formats (``shared/REFERENCE.md`` section 3, from the schedulers' help pages and users' files):

* Hootsuite Bulk Composer: no header row; date-time, message, link; one file per profile; at
  most 350 rows; the date format is chosen at upload (we write ``MM/DD/YYYY HH:MM``).
* Publer: ``Date`` (``YYYY/MM/DD HH:MM``), ``Message``, ``Link``.
* PostFast: ``scheduled_at`` ISO-8601 with offset, ``account_id``, ``content``, ``first_comment``.

All are UTF-8 with RFC 4180 quoting and formula-neutralised cells (``csvsafe``); times are
written in the time zone the user picked, and every caption is checked in its platform's unit
first, so a file never carries a post the platform would reject.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..csvsafe import safe_cell, write_csv
from ..errors import InputError
from ..platforms import get_platform
from ..repurpose.models import Caption
from ..textlen import measure

SchedulerKey = Literal["hootsuite", "publer", "postfast"]


class Scheduler(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: SchedulerKey
    name: str
    platforms: tuple[str, ...]
    max_rows: int | None = None


SCHEDULERS: dict[str, Scheduler] = {
    s.key: s
    for s in [
        Scheduler(key="hootsuite", name="Hootsuite", max_rows=350,
                  platforms=("x", "facebook", "instagram", "linkedin", "threads", "tiktok", "youtube", "pinterest")),
        Scheduler(key="publer", name="Publer", max_rows=500,
                  platforms=("x", "facebook", "instagram", "linkedin", "threads", "tiktok", "youtube", "pinterest",
                             "bluesky", "mastodon")),
        Scheduler(key="postfast", name="PostFast",
                  platforms=("x", "facebook", "instagram", "linkedin", "threads", "tiktok", "youtube", "pinterest",
                             "bluesky")),
    ]
}


def schedulers_for(platform: str) -> list[Scheduler]:
    return [s for s in SCHEDULERS.values() if platform in s.platforms]


def schedule_times(start: datetime, every: timedelta, n: int) -> list[datetime]:
    """``n`` posting times from ``start`` (time-zone aware), ``every`` apart."""
    if start.tzinfo is None:
        raise InputError("The first post time has no time zone: pick one, so the scheduler posts when you mean.")
    if every <= timedelta(0):
        raise InputError(f"Posts must be at least a minute apart (got {every}): raise the interval.")
    return [start + i * every for i in range(n)]


def scheduler_csv(
    captions: Sequence[Caption], scheduler: str, *, start: datetime, every: timedelta, link: str = "",
    account_id: str = "",
) -> str:
    """One platform's captions as ``scheduler``'s bulk-import CSV, one post per ``every`` from ``start``."""
    s = SCHEDULERS.get(scheduler)
    if s is None:
        raise InputError(f"Unknown scheduler {scheduler!r}: choose one of {', '.join(SCHEDULERS)}.")
    platforms = {c.platform for c in captions}
    if not captions:
        raise InputError("There are no captions to schedule: generate some first.")
    if len(platforms) != 1:
        raise InputError(
            f"A scheduler file holds one profile's posts, got {', '.join(sorted(platforms))}: export one platform at a time."
        )
    platform = get_platform(platforms.pop())
    if platform.key not in s.platforms:
        raise InputError(f"{s.name} cannot import {platform.name} posts: pick another scheduler.")
    if s.max_rows is not None and len(captions) > s.max_rows:
        raise InputError(f"{s.name} imports at most {s.max_rows} posts per file, got {len(captions)}: split them.")
    for c in captions:
        m = measure(c.text, platform)
        if not m.fits:
            raise InputError(
                f"{platform.name} caption {c.variant + 1} is {m.length} / {m.limit} {m.unit}: shorten it before exporting."
            )
    times = schedule_times(start, every, len(captions))
    if s.key == "hootsuite":
        return _headerless([[t.strftime("%m/%d/%Y %H:%M"), c.text, link] for t, c in zip(times, captions)])
    if s.key == "publer":
        rows = [{"Date": t.strftime("%Y/%m/%d %H:%M"), "Message": c.text, "Link": link} for t, c in zip(times, captions)]
        return write_csv(rows, ["Date", "Message", "Link"])
    rows = [{"scheduled_at": t.isoformat(timespec="seconds"), "account_id": account_id, "content": c.text,
             "first_comment": ""} for t, c in zip(times, captions)]
    return write_csv(rows, ["scheduled_at", "account_id", "content", "first_comment"])


def _headerless(rows: list[list[str]]) -> str:
    """Hootsuite reads every line as a post, so no header; same quoting and safety as ``write_csv``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()

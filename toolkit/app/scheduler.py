"""The app's scheduler download: one platform's captions as a bulk-import CSV.

The formats, their row limits and platforms, the length check and the posting times all come from
``toolkit.schedulers`` (the same table ``toolkit bulk`` writes its files with); this module only
turns the captions on screen into that table's rows, one post every N minutes from a start time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ..errors import InputError
from ..platforms import get_platform
from ..repurpose.models import Caption
from ..schedulers import (
    DEFAULT_DATE_ORDER,
    SCHEDULERS,
    DateOrder,
    check_times,
    get_scheduler,
    link_cell,
    schedule_times,
    schedulers_for,
    too_long,
)

__all__ = ["SCHEDULERS", "schedule_times", "scheduler_csv", "schedulers_for"]


def scheduler_csv(
    captions: Sequence[Caption], scheduler: str, *, start: datetime, every: timedelta, link: str = "",
    account_id: str = "", date_order: DateOrder = DEFAULT_DATE_ORDER,
) -> str:
    """One platform's captions as ``scheduler``'s bulk-import CSV, one post per ``every`` from ``start``.

    ``date_order`` is for Hootsuite and Sprout Social, whose date format is chosen at upload.
    """
    s = get_scheduler(scheduler)
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
        m = too_long(c.text, platform.key)
        if m is not None and m.problem:  # refused whatever the length (X: a BOM)
            raise InputError(f"{platform.name} caption {c.variant + 1}: {m.problem} before exporting.")
        if m is not None:
            raise InputError(
                f"{platform.name} caption {c.variant + 1} is {m.length} / {m.limit} {m.unit}: shorten it before exporting."
            )
    times = schedule_times(start, every, len(captions))
    check_times(s, times)
    return s.csv(s.row(t, c.text, link=link_cell(link, platform.key), account_id=account_id, date_order=date_order) for t, c in zip(times, captions, strict=True))

"""The app's side of ``toolkit.experiments.service``: the few things a page needs in page-friendly form.

* uploads arrive as bytes and go straight to ``service.import_results_bytes``;
* the editable table needs one experiment's day-by-day numbers grouped by variant;
* caption variants become an experiment in one call.

Everything is stored and analysed by the service; nothing here computes statistics. The
engine (numpy, scipy) is imported on first use: the Repurpose page's "Variants to experiment"
section loads this module, and most visits there never create an experiment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ..errors import InputError
from ..experiments.totals import OBSERVATION_FIELDS
from ..platforms import get_platform
from ..repurpose.models import Caption

if TYPE_CHECKING:
    from ..experiments.models import Experiment, ImportReport, Observation
    from ..store import Store

# The numbers a person types per variant and day (the export columns the importer also fills).
TABLE_FIELDS = OBSERVATION_FIELDS  # the daily-numbers grid's columns, in the one order every table uses


def variant_name(caption: Caption) -> str:
    """``X v2 (question)``: what to name the ad in Ads Manager so its export matches the variant."""
    return f"{get_platform(caption.platform).name} v{caption.variant + 1} ({caption.angle})"


MAX_VARIANTS = 10
# What can be wrong with the "New experiment" form, as templates the page translates.
PROBLEMS = {
    "name": "Give the experiment a name.",
    "colon": "Line {n} has no name before a colon: write each variant as “name: ad text”.",
    "twice": "Two lines are named {name}: give each variant its own name.",
    "one": "An experiment compares at least two variants: write one more line, like “B: ad text”.",
    "many": "An experiment takes at most {max} variants, {n} given: remove some lines.",
}


def new_experiment_problem(name: str, text: str) -> tuple[str, dict[str, object]] | None:
    """What is wrong with the "New experiment" form, as a sentence template and its values
    (the page translates it), or ``None`` when it can be created."""
    if not name.strip():
        return PROBLEMS["name"], {}
    lines = [line for line in text.splitlines() if line.strip()]
    seen: set[str] = set()
    for n, line in enumerate(lines, start=1):
        head, colon, _ = line.partition(":")
        if not colon or not head.strip():
            return PROBLEMS["colon"], {"n": n}
        key = head.strip().casefold()
        if key in seen:
            return PROBLEMS["twice"], {"name": head.strip()}
        seen.add(key)
    if len(lines) < 2:
        return PROBLEMS["one"], {}
    if len(lines) > MAX_VARIANTS:
        return PROBLEMS["many"], {"max": MAX_VARIANTS, "n": len(lines)}
    return None


def parse_variant_lines(text: str) -> list[dict]:
    """``A: ad text`` per line -> variant specs, split evenly (so the sample ratio can be checked).
    A line without ``name:`` or fewer than two variants is an ``InputError``."""
    problem = new_experiment_problem("-", text)
    if problem is not None:
        raise InputError(problem[0].format(**problem[1]))
    variants = []
    for line in text.splitlines():
        name, _, ad_text = line.partition(":")
        if name.strip():
            variants.append({"name": name.strip(), "ad_text": ad_text.strip(), "planned_weight": 1.0})
    return variants


def create_from_captions(
    store: Store, name: str, captions: Sequence[Caption], metric: str, run_id: int | None
) -> Experiment:
    """One step from picked captions to an experiment: each caption a variant (an even split), the
    first the control."""
    from ..experiments import service

    if not name.strip():
        raise InputError("Give the experiment a name.")
    if len(captions) < 2:
        raise InputError(f"An experiment compares at least two variants, {len(captions)} picked: pick another caption.")
    variants = [{"name": variant_name(c), "ad_text": c.text, "run_id": run_id, "planned_weight": 1.0} for c in captions]
    return service.create_experiment(store, name.strip(), variants, metric=metric)


def daily_observations(store: Store, experiment: Experiment) -> dict[str, list[Observation]]:
    """Each variant's recorded days, in variant order (control first), oldest day first."""
    from ..experiments import service

    by_name: dict[str, list[Observation]] = {v.name: [] for v in experiment.variants}
    for o in service.observations(store, experiment.id):
        if o.variant is not None:  # read back from storage, an observation always names its variant
            by_name[o.variant].append(o)
    return by_name


def table_rows(observations: Mapping[str, Sequence[Observation]]) -> list[dict]:
    """Observations as the editable table's rows: one per variant and day."""
    return [
        {"day": o.day, "variant": name, **{f: getattr(o, f) for f in TABLE_FIELDS}}
        for name, obs in observations.items() for o in obs
    ]


def record_rows(store: Store, experiment: Experiment, rows: Iterable[Mapping]) -> int:
    """Save the table: every row with a day and a variant sets that variant's numbers for that day."""
    from ..experiments import service

    saved = 0
    for i, row in enumerate(rows, start=1):
        if not row.get("day") and not row.get("variant"):
            continue  # the editor's blank trailing row
        if not row.get("day") or not row.get("variant"):
            raise InputError(f"Row {i} needs both a day and a variant: fill them in or delete the row.")
        day = row["day"] if isinstance(row["day"], dt.date) else dt.date.fromisoformat(str(row["day"])[:10])
        values = {f: row[f] for f in TABLE_FIELDS if row.get(f) is not None and row[f] == row[f]}  # NaN: blank cell
        service.record(store, experiment.id, row["variant"], day, **values)
        saved += 1
    return saved


def import_upload(store: Store, experiment_id: int, data: bytes, file_name: str) -> ImportReport:
    """Import an uploaded export (CSV or XLSX from Meta, Google Ads, TikTok, LinkedIn)."""
    from ..experiments import service

    return service.import_results_bytes(store, experiment_id, data, file_name)

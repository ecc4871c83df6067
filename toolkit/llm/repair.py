"""The last resort, after the second answer: one Drafts for the post, whatever the model did.

Outputs whose answers only broke fixable rules pass through; the composer fits them and marks
them ``repaired``. Outputs with no usable answer at all (refused twice, invalid twice, wrong
language twice) get the offline engine's draft when it can write in the requested language (the
post's own), and are otherwise left out. Either way the run says so in its warnings.
"""

from __future__ import annotations

from ..fit import counter_for
from ..platforms import get_platform
from ..repurpose.drafts import CaptionDraft, Drafts, ThreadDraft
from ..repurpose.offline import OfflineBackend
from .conversation import TaskOutcome
from .plan import DraftJob, Task
from .schemas import thread_max_posts

_CAPTION_MARGIN = 30  # room for the layout's line breaks, emoji and link


def _caption(d: CaptionDraft) -> CaptionDraft:
    """An offline caption's ranked pool cut to the platform's target length, since model drafts keep
    every body part: the best sentences that fit, in reading order, and only the hashtags shown."""
    p = get_platform(d.platform)
    measure = counter_for(p)
    room = min(p.target, p.limit) - measure(d.hook) - measure(d.cta) - _CAPTION_MARGIN
    keep: set[int] = set()
    for i in sorted(range(len(d.body)), key=lambda j: (d.body[j].rank, j)):
        cost = measure(d.body[i].text) + 1
        if cost <= room:
            keep.add(i)
            room -= cost
    return d.model_copy(update={"body": [b for i, b in enumerate(d.body) if i in keep],
                                "hashtags": d.hashtags[: p.hashtags.caption_cap]})


def _thread(d: ThreadDraft, job: DraftJob) -> ThreadDraft:
    """An offline thread's pool cut to the best sentences the thread has posts for, in reading order."""
    p = get_platform(d.platform)
    room = max(thread_max_posts(p, job.brief) - 2, 1)
    best = set(sorted(range(len(d.body)), key=lambda j: (d.body[j].rank, j))[:room])
    return d.model_copy(update={"body": [b for i, b in enumerate(d.body) if i in best],
                                "hashtags": d.hashtags[: p.hashtags.caption_cap]})


def _part(drafts: Drafts, task: Task, job: DraftJob) -> Drafts:
    """The offline engine's draft for one task, shaped like a model's draft."""
    key = task.platform.key if task.platform else None
    if task.kind == "captions":
        return Drafts(captions=[_caption(c) for c in drafts.captions if c.platform == key])
    if task.kind == "thread":
        return Drafts(threads=[_thread(t, job) for t in drafts.threads if t.platform == key])
    if task.kind == "carousel":
        return Drafts(carousels=[c for c in drafts.carousels if c.platform == key])
    return Drafts(hashtag_sets=list(drafts.hashtag_sets))


def merge(outcomes: list[TaskOutcome], job: DraftJob) -> Drafts:
    """All outcomes as one model-written Drafts, fallbacks filled in and explained."""
    failed = [o for o in outcomes if o.fallback]
    offline: Drafts | None = None
    if failed and job.language == job.post.language:
        keys = {o.task.platform.key for o in failed if o.task.platform}
        needed = job.platforms if any(o.task.platform is None for o in failed) else [p for p in job.platforms if p.key in keys]
        offline = OfflineBackend(job.layout).draft(job.post, job.brief, needed, language=job.language)
    merged = Drafts(extractive=False)
    for o in outcomes:
        merged.warnings.extend(o.warnings)
        part = o.drafts
        if o.fallback:
            if offline is not None:
                part = _part(offline, o.task, job)
                merged.warnings.append(f"{o.task.key}: no usable model answer ({o.fallback}); used the offline draft.")
            else:
                merged.warnings.append(f"{o.task.key}: no usable model answer ({o.fallback}); left out, as the "
                                       f"offline engine cannot write {job.language} from a {job.post.language} post.")
        merged.captions.extend(part.captions)
        merged.threads.extend(part.threads)
        merged.carousels.extend(part.carousels)
        merged.hashtag_sets.extend(part.hashtag_sets)
    return merged

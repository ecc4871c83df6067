"""``--dry-run``: what a job would cost before anything is spent.

Reads every item as the real run would, skips what an earlier run finished or the cache already
holds (read from the database, never written), parses the rest and asks the OpenAI backend's
estimator for each post's tokens. Nothing is sent anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import ToolkitError
from ..platforms import resolve_platforms
from ..repurpose.engine import output_language
from ..store import Store
from .keys import job_id, template_fingerprint
from .models import BulkItem, JobSpec
from .produce import layout_for, load_post
from .runner import make_work, task_for

BATCH_DISCOUNT = 0.5  # the Batch API bills half the synchronous price


@dataclass
class Estimate:
    posts: int = 0
    to_produce: int = 0
    done_before: int = 0
    cached: int = 0
    unusable: list[str] = field(default_factory=list)
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    @property
    def batch_cost_usd(self) -> float:
        return self.cost_usd * BATCH_DISCOUNT


def estimate(items: Iterable[BulkItem], spec: JobSpec, store: Store | None, *, use_cache: bool = True) -> Estimate:
    """Tokens and cost of the items still to produce (0 for the offline engine)."""
    fingerprint = template_fingerprint(spec.templates)
    jid = job_id(spec)
    settings = None
    if spec.backend == "openai":
        from ..llm.settings import LLMSettings

        settings = LLMSettings.from_env(model=spec.model)
    est = Estimate()
    for seq, item in enumerate(items):
        est.posts += 1
        work = make_work(item, seq, spec, fingerprint)
        if work.error is not None:
            est.unusable.append(work.error)
            continue
        if store is not None:
            if store.query("select 1 from bulk_items where job_id = ? and key = ? and cache_key = ? and status = 'done'",
                           (jid, work.key, work.cache_key)):
                est.done_before += 1
                continue
            if use_cache and store.query("select 1 from bulk_items where cache_key = ? and status = 'done' limit 1",
                                         (work.cache_key,)):
                est.cached += 1
                continue
        try:
            post = load_post(task_for(work))
            language = output_language(post, work.brief, spec.backend)  # type: ignore[arg-type]
        except ToolkitError as exc:
            est.unusable.append(str(exc))
            continue
        est.to_produce += 1
        if settings is not None:
            from ..llm.pricing import estimate_post_usage

            usage = estimate_post_usage(post, work.brief, resolve_platforms(work.platforms), settings,  # type: ignore[arg-type]
                                        language=language, layout=layout_for(spec.templates))
            est.calls += usage.calls
            est.prompt_tokens += usage.prompt_tokens
            est.completion_tokens += usage.completion_tokens
            est.cost_usd += usage.cost_usd
    return est

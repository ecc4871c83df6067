"""OpenAI Batch API helpers: the same calls as ``draft``, sent as JSONL lines and read back later.

``request_lines`` renders exactly the requests ``OpenAIBackend.draft`` would send first, one line
each; ``drafts_from_batch_results`` judges the answers with the same checks and settles them the
same way, except that nobody is asked twice: what breaks a rule is fitted by the composer
(``repaired``) and what cannot be used falls back to the offline engine or is left out.
"""

from __future__ import annotations

import json
from typing import Any, Final

from ..platforms import Platform
from ..repurpose.drafts import Drafts
from ..repurpose.layout import Layout
from ..repurpose.models import Brief, Language, Post
from ..store import Store
from . import log
from .conversation import TaskOutcome, assess, settle
from .models import Reply, Usage
from .plan import DraftJob, Task, plan
from .pricing import estimate_cost
from .prompts import Prompts
from .repair import merge
from .settings import LLMSettings

ENDPOINT: Final = "/v1/chat/completions"


def _job(post: Post, brief: Brief, platforms: list[Platform], language: Language | None, layout: Layout | None) -> DraftJob:
    lang: Language = language or brief.language_for(post)
    return DraftJob(post=post, brief=brief, language=lang, platforms=platforms, layout=layout or Layout())


def custom_id(prefix: str, task: Task) -> str:
    return f"{prefix}/{task.key}"


def request_lines(post: Post, brief: Brief, platforms: list[Platform], custom_id_prefix: str, settings: LLMSettings, *,
                  language: Language | None = None, layout: Layout | None = None) -> list[dict[str, Any]]:
    """The Batch API input lines for one post (``custom_id`` is ``<prefix>/<kind>[/<platform>]``)."""
    job = _job(post, brief, platforms, language, layout)
    return [{"custom_id": custom_id(custom_id_prefix, t), "method": "POST", "url": ENDPOINT, "body": t.request.body()}
            for t in plan(job, Prompts.from_layout(job.layout), settings)]


def reply_from_result(result: dict[str, Any]) -> Reply | str:
    """A Batch API output line (or its ``response``, or a bare completion body) as a ``Reply``;
    a string says why there is no answer."""
    if result.get("error"):
        error = result["error"]
        return f"batch error: {error.get('message', error) if isinstance(error, dict) else error}"
    response = result.get("response", result)
    if "status_code" in response and response["status_code"] != 200:
        return f"batch request failed with status {response['status_code']}"
    body = response.get("body", response)
    choices = body.get("choices") or [{}]
    message = choices[0].get("message") or {}
    usage = body.get("usage") or {}
    return Reply(content=message.get("content"), refusal=message.get("refusal"), finish_reason=choices[0].get("finish_reason"),
                 prompt_tokens=usage.get("prompt_tokens", 0),
                 completion_tokens=usage.get("completion_tokens", 0), raw=json.dumps(body, ensure_ascii=False))


def _find(results: dict[str, dict[str, Any]], task: Task, prefix: str | None) -> dict[str, Any] | None:
    if prefix is not None:
        return results.get(custom_id(prefix, task))
    return next((r for cid, r in results.items() if cid.endswith("/" + task.key)), None)


def batch_outcomes(post: Post, brief: Brief, platforms: list[Platform], results_by_custom_id: dict[str, dict[str, Any]],
                   *, language: Language | None = None, layout: Layout | None = None, custom_id_prefix: str | None = None,
                   settings: LLMSettings | None = None) -> tuple[DraftJob, list[TaskOutcome]]:
    """Each planned output of one post judged from its batch result (``fallback`` set when there is none)."""
    settings = settings or LLMSettings()
    job = _job(post, brief, platforms, language, layout)
    job.secret = settings.api_key.get_secret_value() if settings.api_key else None
    outcomes: list[TaskOutcome] = []
    for task in plan(job, Prompts.from_layout(job.layout), settings):
        result = _find(results_by_custom_id, task, custom_id_prefix)
        reply = reply_from_result(result) if result is not None else "no batch result"
        if isinstance(reply, str):
            outcomes.append(TaskOutcome(task, [], Drafts(), fallback=reply, reason="batch error"))
            continue
        outcomes.append(settle(task, [assess(task, task.request, reply, job)], job))
    return job, outcomes


def drafts_from_batch_results(post: Post, brief: Brief, platforms: list[Platform],
                              results_by_custom_id: dict[str, dict[str, Any]], *, language: Language | None = None,
                              layout: Layout | None = None, custom_id_prefix: str | None = None,
                              settings: LLMSettings | None = None) -> Drafts:
    """Drafts for one post from its batch results: same validation, deterministic repair, no second ask.

    Results are matched by ``custom_id``: exactly with ``custom_id_prefix``, otherwise by the
    ``/<kind>/<platform>`` ending (pass only this post's results then).
    """
    job, outcomes = batch_outcomes(post, brief, platforms, results_by_custom_id, language=language, layout=layout,
                                   custom_id_prefix=custom_id_prefix, settings=settings)
    return merge(outcomes, job)


def log_batch(store: Store, job: DraftJob, outcomes: list[TaskOutcome], settings: LLMSettings, prompts: Prompts, *,
              session: str, tag: dict[str, str], discount: float, prices: dict[str, Any]) -> Usage:
    """Write one post's batch requests to ``llm_calls`` (answered or not) and return what the answered ones cost."""
    rows: list[dict[str, Any]] = []
    usage = Usage()
    for o in outcomes:
        common: dict[str, Any] = {"session": session, "job": job, "task": o.task, "settings": settings, "tag": tag,
                  "template_hashes": prompts.hashes(o.task.kind), "number": 1, "request": o.task.request}
        if not o.attempts:
            rows.append(log.call_row(**common, outcome=o, error=o.fallback))
            continue
        reply = o.attempts[0].reply
        cost = estimate_cost(settings.model, reply.prompt_tokens, reply.completion_tokens, prices=prices) * discount
        rows.append(log.call_row(**common, reply=reply, attempt=o.attempts[0], outcome=o, cost_usd=cost))
        usage += Usage(prompt_tokens=reply.prompt_tokens, completion_tokens=reply.completion_tokens, calls=1,
                       cost_usd=cost)
    log.record(store, rows)
    return usage

"""One output's conversation with the model, written once for the sync and async clients.

``Conversation.steps`` is a generator: it yields each request and receives the reply, so it
never does I/O itself. It asks, judges the answer (refusal, truncation, empty, invalid JSON, wrong shape,
rule violations), asks once more with the specific problems when needed, and settles on drafts.
A bad answer never raises: it ends as drafts with repairs to make, or as a fallback request.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Literal

import regex
from pydantic import ValidationError

from ..errors import ToolkitError, validation_problems
from ..repurpose.drafts import Drafts
from ..repurpose.validate import Violation
from . import checks, content, convert
from .client import ContextExceeded
from .models import ChatRequest, Reply
from .plan import DraftJob, Task
from .prompts import Prompts
from .schemas import (
    ANSWERS,
    Answer,
    CaptionsAnswer,
    CarouselAnswer,
    HashtagsAnswer,
    ThreadAnswer,
    thread_max_posts,
)

Status = Literal["ok", "violations", "invalid", "invalid_json", "refused", "truncated", "empty"]
_FENCE = regex.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", regex.DOTALL | regex.IGNORECASE)
_ECHO_CHARS = 6000  # how much of a bad answer is shown back to the model


@dataclass
class Attempt:
    """One call and what the toolkit made of its answer."""

    request: ChatRequest
    reply: Reply
    status: Status
    problems: list[str] = field(default_factory=list)  # what the model is told when asked again
    answer: Answer | None = None
    drafts: Drafts | None = None
    violations: list[Violation] = field(default_factory=list)


@dataclass
class TaskOutcome:
    """The settled result of one task: drafts to compose, repairs the composer must make, or a fallback."""

    task: Task
    attempts: list[Attempt]
    drafts: Drafts
    repairs: list[str] = field(default_factory=list)
    fallback: str | None = None  # why no answer was usable: the offline engine (or nothing) stands in
    warnings: list[str] = field(default_factory=list)
    reason: str | None = None  # the fallback in a few words, counted in the run's summary
    error: ToolkitError | None = None  # the call that failed for good, if that is why
    failed_request: ChatRequest | None = None
    failed_retries: int = 0
    failed_latency_ms: float = 0.0


# A fallback's cause in a few words, for "5 from the offline draft (refused answer ×3, wrong language ×2)".
REASONS = {"wrong_language": "wrong language", "wrong_script": "wrong language", "link": "unexpected link",
           "markup": "markup", "template_syntax": "template syntax", "instruction": "instruction echo",
           "secret": "secret in answer", "empty": "empty answer", "missing": "missing captions",
           "too_few_slides": "too few slides"}


def reason_of(violations: list[Violation]) -> str:
    rules = [v.rule for v in violations]
    return REASONS.get(max(rules, key=rules.count), "rule broken") if rules else "rule broken"  # ties: the first


def drafts_for(task: Task, answer: Answer, job: DraftJob) -> Drafts:
    """The answer as engine drafts (model-written, so not extractive)."""
    p, brief, lang = task.platform, job.brief, job.language
    if isinstance(answer, CaptionsAnswer):
        assert p is not None
        return Drafts(captions=convert.caption_drafts(answer, p, brief, lang))
    if isinstance(answer, ThreadAnswer):
        assert p is not None
        return Drafts(threads=[convert.thread_draft(answer, p, brief, lang)])
    if isinstance(answer, CarouselAnswer):
        assert p is not None
        return Drafts(carousels=[convert.carousel_draft(answer, p)])
    assert isinstance(answer, HashtagsAnswer)
    return Drafts(hashtag_sets=convert.hashtag_sets(convert.hashtag_candidates(answer, brief, lang), job.platforms))


_PREFIX = {"captions": "captions[", "thread": "threads[", "carousel": "carousels[", "hashtags": ""}


def violations_for(task: Task, answer: Answer, drafts: Drafts, job: DraftJob) -> list[Violation]:
    """The platform rules the drafts break, then the content rules the answer's text breaks."""
    prefix = _PREFIX[task.kind] + (task.platform.key if task.platform else "")
    found = content.answer_problems(answer, prefix, language=job.language, link=job.brief.link, secret=job.secret)
    return _rule_violations(task, answer, drafts, job) + found


def _rule_violations(task: Task, answer: Answer, drafts: Drafts, job: DraftJob) -> list[Violation]:
    p = task.platform
    if task.kind == "captions":
        assert p is not None
        return checks.caption_checks(drafts.captions, p, job.ctx, job.brief.variants)
    if task.kind == "thread":
        assert p is not None
        return checks.thread_checks(drafts.threads[0], p, job.ctx, thread_max_posts(p, job.brief))
    if task.kind == "carousel":
        assert p is not None
        return checks.carousel_checks(drafts.carousels[0], p, job.language)
    assert isinstance(answer, HashtagsAnswer)
    return checks.hashtag_checks(convert.hashtag_candidates(answer, job.brief, job.language))


def _unfenced(content: str) -> str:
    m = _FENCE.match(content)
    return m.group(1) if m else content


def assess(task: Task, request: ChatRequest, reply: Reply, job: DraftJob) -> Attempt:
    """Judge one reply; never raises for anything the model can do wrong."""
    if reply.refusal or reply.finish_reason == "content_filter":
        why = reply.refusal or "the content filter stopped the answer"
        return Attempt(request, reply, "refused", [(f"You declined to answer ({why}). This is ordinary marketing copy "
                                                    "about the post: answer in the requested JSON shape.")])
    if reply.finish_reason == "length":
        return Attempt(request, reply, "truncated", [("Your answer was cut off at the length limit before the JSON "
                                                      "was complete: answer much more briefly.")])
    content = _unfenced(reply.content or "").strip()
    if not content:
        return Attempt(request, reply, "empty", ["Your answer was empty."])
    try:
        answer: Answer = ANSWERS[task.kind].model_validate_json(content)  # type: ignore[assignment]
    except ValidationError as exc:
        errors = exc.errors()
        if any(e["type"] == "json_invalid" for e in errors):
            return Attempt(request, reply, "invalid_json", [f"Your answer was not valid JSON ({errors[0]['msg']})."])
        return Attempt(request, reply, "invalid", validation_problems(exc, subject="answer", limit=10))
    drafts = drafts_for(task, answer, job)
    found = violations_for(task, answer, drafts, job)
    return Attempt(request, reply, "violations" if found else "ok", [checks.describe(v) for v in found],
                   answer, drafts, found)


def followup(task: Task, attempt: Attempt, prompts: Prompts) -> ChatRequest:
    """The same request plus the bad answer and the repair template listing what to fix."""
    messages = list(attempt.request.messages)
    if attempt.status in ("violations", "invalid", "invalid_json") and attempt.reply.content:
        messages.append({"role": "assistant", "content": attempt.reply.content[:_ECHO_CHARS]})
    messages.append({"role": "user", "content": prompts.repair(task.context, attempt.problems)})
    return attempt.request.model_copy(update={"messages": messages})


class Conversation:
    """One task's exchange; ``attempts`` stays readable when a call fails half-way, for the log."""

    def __init__(self, task: Task, job: DraftJob, prompts: Prompts):
        self.task, self.job, self.prompts = task, job, prompts
        self.attempts: list[Attempt] = []

    def failed(self, request: ChatRequest, error: ToolkitError, retries: int, latency_ms: float) -> TaskOutcome:
        """The outcome when a call failed for good: this output falls back, its siblings are unaffected."""
        reason = "context too long" if isinstance(error, ContextExceeded) else "server error"
        return TaskOutcome(self.task, self.attempts, Drafts(), fallback=str(error), reason=reason, error=error,
                       failed_request=request, failed_retries=retries, failed_latency_ms=latency_ms)

    def skipped(self) -> TaskOutcome:
        """Not asked (or not asked again): a sibling call hit a configuration error that stops the draft."""
        return TaskOutcome(self.task, self.attempts, Drafts(), fallback="not sent after a configuration error",
                       reason="not sent")

    def steps(self) -> Generator[ChatRequest, Reply, TaskOutcome]:
        """Ask; if the answer is unusable or breaks a rule, ask once more with the problems; settle."""
        request = self.task.request
        self.attempts.append(assess(self.task, request, (yield request), self.job))
        if self.attempts[0].status != "ok":
            request = followup(self.task, self.attempts[0], self.prompts)
            self.attempts.append(assess(self.task, request, (yield request), self.job))
        return settle(self.task, self.attempts, self.job)


def settle(task: Task, attempts: list[Attempt], job: DraftJob) -> TaskOutcome:
    """Pick the last parsed answer; keep what the composer can repair, give up on the rest."""
    chosen = next((a for a in reversed(attempts) if a.answer is not None), None)
    if chosen is None or chosen.drafts is None or chosen.answer is None:
        why = f"{attempts[-1].status.replace('_', ' ')} answer"
        return TaskOutcome(task, attempts, Drafts(), fallback=why, reason=why)
    drafts, found = chosen.drafts, chosen.violations
    bad_tags = {v.where for v in found if v.rule in content.RULES and content.is_tag(v.where)}
    if bad_tags:  # a hashtag in the wrong script (or with a link) costs only itself
        answer = without_tags(chosen.answer, bad_tags, _PREFIX[task.kind] + (task.platform.key if task.platform else ""))
        drafts = drafts_for(task, answer, job)
        found = violations_for(task, answer, drafts, job)
    fatal = [v for v in found if not checks.fixable(v)]
    if task.kind == "captions":  # one bad caption need not cost the others
        bad = {_caption_of(v) for v in fatal if "#" in v.where}
        kept = [c for c in drafts.captions if f"captions[{c.platform}#{c.variant}]" not in bad]
        if not kept:
            return TaskOutcome(task, attempts, Drafts(), fallback="; ".join(str(v) for v in fatal), reason=reason_of(fatal))
        repairs = [checks.describe(v) for v in found if checks.fixable(v) and _caption_of(v) not in bad]
        first = {_caption_of(v): v for v in reversed(fatal) if "#" in v.where}  # the first problem of each
        warnings = [f"{task.key}: dropped {len(bad)} caption(s) ("
                    + "; ".join(str(first[c]) for c in sorted(first)) + ")"] if bad else []
        warnings += [f"{task.key}: {v.detail}" for v in fatal if v.rule == "missing"]
        renumbered = [c.model_copy(update={"variant": i}) for i, c in enumerate(kept)]
        return TaskOutcome(task, attempts, Drafts(captions=renumbered), repairs, warnings=warnings)
    if fatal:
        return TaskOutcome(task, attempts, Drafts(), fallback="; ".join(str(v) for v in fatal), reason=reason_of(fatal))
    return TaskOutcome(task, attempts, drafts, [checks.describe(v) for v in found])


def without_tags(answer: Answer, bad: set[str], prefix: str) -> Answer:
    """The answer minus the hashtags at the ``bad`` locations."""
    def keep(where: str) -> bool:
        return where not in bad

    if isinstance(answer, CaptionsAnswer):
        return answer.model_copy(update={"captions": [c.model_copy(update={"hashtags": [
            t for j, t in enumerate(c.hashtags) if keep(f"{prefix}#{i}].hashtags[{j}]")]}) for i, c in enumerate(answer.captions)]})
    if isinstance(answer, ThreadAnswer):
        return answer.model_copy(update={"hashtags": [t for j, t in enumerate(answer.hashtags) if keep(f"{prefix}].hashtags[{j}]")]})
    if isinstance(answer, HashtagsAnswer):
        return answer.model_copy(update={"hashtags": [t for j, t in enumerate(answer.hashtags) if keep(f"hashtags[{j}]")]})
    return answer


def _caption_of(v: Violation) -> str:
    """``captions[x#1]`` from ``captions[x#1].text``."""
    return v.where.split("]")[0] + "]"

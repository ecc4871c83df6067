"""``--batch-api``: a whole job through OpenAI's Batch API, at half the price, collected later.

Submitting writes every request of every post still to produce as JSONL lines
(``toolkit.llm.batch.request_lines``), uploads the file (``purpose="batch"``) and creates a batch
on ``/v1/chat/completions`` with a 24 h window, in parts of at most 50,000 requests or 190 MB.
Each post's parsed text is kept in the job store meanwhile.

Collecting (``toolkit bulk status JOB``, or ``--wait``) polls each batch; a finished batch's
output and error files are streamed into a scratch SQLite file (lines come back in any order),
then each post's lines are judged and settled by ``toolkit.llm.batch.batch_outcomes``, logged to
``llm_calls`` (with the job and item, at the batch price) and composed like a live run. In a
completed batch a request that failed is fitted or replaced by the offline draft with a warning;
a post with no usable answer at all, or with requests an expired (cancelled, failed) batch never
answered, is recorded as failed, and the next run submits it again. Every error of the API
itself (a rejected key, an unreachable server) is one sentence with the key scrubbed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

import openai
from openai import OpenAI

from ..llm.batch import ENDPOINT, batch_outcomes, log_batch, request_lines
from ..llm.client import redact, to_error
from ..llm.pricing import load_prices
from ..llm.prompts import Prompts
from ..llm.repair import merge
from ..llm.settings import LLMSettings
from ..platforms import resolve_platforms
from ..repurpose.engine import assemble, output_language
from ..repurpose.models import Brief, Post
from .api import BulkRun
from .estimate import BATCH_DISCOUNT
from .jobs import JobStore
from .keys import template_fingerprint
from .models import BulkItem, Outcome
from .produce import failure, layout_for, read_task
from .runner import CHUNK, make_work, task_for

MAX_REQUESTS = 50_000  # OpenAI: requests per batch
MAX_BYTES = 190 * 1024 * 1024  # OpenAI: 200 MB per input file, with room to spare
DONE_STATES = ("completed", "failed", "expired", "cancelled")


def make_client(settings: LLMSettings) -> OpenAI:
    return OpenAI(api_key=settings.key_for_client(), base_url=settings.base_url, timeout=settings.request_timeout,
                  max_retries=settings.max_retries)


def settings_for(session: BulkRun) -> LLMSettings:
    settings = LLMSettings.from_env(model=session.job.spec.model, max_retries=session.options.retries,
                                    timeout=session.options.timeout)
    settings.require_credentials()
    return settings


@contextmanager
def api_errors(settings: LLMSettings) -> Iterator[None]:
    """The Files and Batches API's errors as one sentence each, the key scrubbed from whatever a server echoed."""
    try:
        yield
    except openai.APIError as exc:
        raise to_error(exc, settings, settings.max_retries + 1) from None


def prefix_of(key: str) -> str:
    """A short custom_id prefix for an item (keys may be long paths); the item is found again by it."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# --- submitting --------------------------------------------------------------------------------


@dataclass
class Submitted:
    batches: list[str] = field(default_factory=list)
    posts: int = 0
    requests: int = 0


@dataclass
class _Part:
    """One input file being written: its requests and the items they belong to."""

    path: Path
    handle: IO[bytes]
    keys: list[str] = field(default_factory=list)
    requests: int = 0
    size: int = 0


def submit(session: BulkRun, items: Iterable[BulkItem], *, client: OpenAI | None = None) -> Submitted:
    """Register every item; send the requests of those still to produce in as many batches as needed."""
    settings = settings_for(session)
    client = client or make_client(settings)
    jobs, job = session.jobs, session.job
    layout = layout_for(job.spec.templates)
    fingerprint = template_fingerprint(job.spec.templates)
    run_no = jobs.start_run(job.id)
    session.run_no = run_no
    report = Submitted()
    scratch = Path(tempfile.mkdtemp(prefix="toolkit-batch-"))
    part: _Part | None = None
    try:
        source, seq = iter(items), 0
        while chunk := list(islice(source, CHUNK)):
            works = [make_work(item, seq + i, job.spec, fingerprint) for i, item in enumerate(chunk)]
            seq += len(chunk)
            todo, _ = jobs.register(job.id, run_no, works, use_cache=session.options.use_cache)
            staged: list[tuple[str, str]] = []
            unusable: list[Outcome] = []
            for work in todo:
                try:
                    post, brief, platforms, language = read_task(task_for(work), "openai")
                except Exception as exc:  # an unusable post is recorded with its reason, like a live run
                    error, kind = failure(exc)
                    unusable.append(Outcome(key=work.key, name=work.item.label, seq=work.seq, status="failed",
                                            error=error, error_kind=kind))
                    continue
                lines = request_lines(post, brief, platforms, prefix_of(work.key), settings, language=language, layout=layout)
                data = b"".join(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n" for line in lines)
                if part is not None and (part.requests + len(lines) > MAX_REQUESTS or part.size + len(data) > MAX_BYTES):
                    with api_errors(settings):
                        _send(client, jobs, job.id, part, report)
                    part = None
                if part is None:
                    path = scratch / f"part-{len(report.batches) + 1}.jsonl"
                    part = _Part(path, path.open("wb"))
                part.handle.write(data)
                part.keys.append(work.key)
                part.requests += len(lines)
                part.size += len(data)
                staged.append((work.key, post.model_dump_json()))
            jobs.record(job.id, unusable)
            jobs.stage(job.id, staged)
        if part is not None:
            with api_errors(settings):
                _send(client, jobs, job.id, part, report)
            part = None
    finally:
        if part is not None:
            part.handle.close()
        for leftover in scratch.glob("*"):
            leftover.unlink()
        scratch.rmdir()
        jobs.end_run(job.id, run_no, complete=False)  # complete once every batch is collected
    return report


def _send(client: OpenAI, jobs: JobStore, jid: str, part: _Part, report: Submitted) -> None:
    part.handle.close()
    with part.path.open("rb") as f:
        uploaded = client.files.create(file=(f"{jid}-{part.path.name}", f), purpose="batch")
    batch = client.batches.create(input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h",
                                  metadata={"toolkit_job": jid})
    jobs.mark_submitted(jid, batch.id, part.keys, input_file_id=uploaded.id, status=batch.status,
                        request_count=part.requests)
    report.batches.append(batch.id)
    report.posts += len(part.keys)
    report.requests += part.requests


# --- collecting --------------------------------------------------------------------------------


@dataclass
class Collected:
    waiting: list[dict] = field(default_factory=list)  # batches not finished yet: id, status, counts
    outcomes: int = 0

    @property
    def complete(self) -> bool:
        return not self.waiting


def collect(session: BulkRun, *, client: OpenAI | None = None) -> Collected:
    """Check every batch of the job; record the results of the finished ones."""
    settings = settings_for(session)
    client = client or make_client(settings)
    jobs, job = session.jobs, session.job
    prices = load_prices(settings.prices_path)
    report = Collected()
    for row in jobs.batches(job.id):
        if row["status"] == "collected":
            continue
        with api_errors(settings):
            batch = client.batches.retrieve(row["id"])
        jobs.update_batch(batch.id, status=batch.status, output_file_id=batch.output_file_id,
                          error_file_id=batch.error_file_id)
        if batch.status not in DONE_STATES:
            counts = batch.request_counts
            report.waiting.append({"id": batch.id, "status": batch.status,
                                   "done": counts.completed + counts.failed if counts else 0,
                                   "total": counts.total if counts else row["request_count"]})
            continue
        why = _batch_problem(batch)
        with api_errors(settings), _lines(client, [batch.output_file_id, batch.error_file_id]) as lines:
            for item in jobs.submitted(job.id, batch.id):
                outcome = _settle(item, lines, session, settings, prices, why, complete=batch.status == "completed")
                jobs.record(job.id, [outcome])
                report.outcomes += 1
        jobs.update_batch(batch.id, status="collected")
    if report.complete:
        jobs.end_run(job.id, jobs.get(job.id).run_no, complete=True)
    return report


def _batch_problem(batch) -> str:
    """Why a batch's posts may have no answers (a failed or expired batch)."""
    if batch.status == "completed":
        return "no answer in the batch output"
    errors = "; ".join(e.message or e.code or "" for e in (batch.errors.data or [])) if batch.errors else ""
    return f"batch {batch.id} ended {batch.status}" + (f" ({errors})" if errors else "")


@contextmanager
def _lines(client: OpenAI, file_ids: list[str | None]) -> Iterator[sqlite3.Connection]:
    """The batch's output and error lines in a scratch SQLite file, indexed by item prefix."""
    fd, path = tempfile.mkstemp(prefix="toolkit-batch-", suffix=".db")
    os.close(fd)
    db = sqlite3.connect(path)
    try:
        db.execute("create table lines (prefix text, custom_id text, line text)")
        for file_id in file_ids:
            if not file_id:
                continue
            with client.files.with_streaming_response.content(file_id) as response:
                rows: list[tuple[str, str, str]] = []
                for text in response.iter_lines():
                    if not text.strip():
                        continue
                    custom_id = json.loads(text).get("custom_id") or ""
                    rows.append((custom_id.split("/", 1)[0], custom_id, text))
                    if len(rows) >= 1000:
                        db.executemany("insert into lines values (?, ?, ?)", rows)
                        rows.clear()
                db.executemany("insert into lines values (?, ?, ?)", rows)
        db.execute("create index by_prefix on lines (prefix)")
        db.commit()
        yield db
    finally:
        db.close()
        Path(path).unlink(missing_ok=True)


def _settle(item: dict, lines: sqlite3.Connection, session: BulkRun, settings: LLMSettings, prices: dict, why: str, *,
            complete: bool) -> Outcome:
    """One post from its batch lines: done, or failed (backend, resubmitted by the next run) when no request
    was answered or the batch ended before answering all of them. Every line is logged to ``llm_calls``."""
    started = time.perf_counter()
    prefix = prefix_of(item["key"])
    results = {cid: json.loads(text) for cid, text in
               lines.execute("select custom_id, line from lines where prefix = ?", (prefix,))}
    common = {"key": item["key"], "name": item["name"], "seq": item["seq"], "attempts": 0}  # counted when submitted
    try:
        post = Post.model_validate_json(item["post_json"])
        brief = Brief.model_validate_json(item["brief_json"])
        platforms = resolve_platforms(json.loads(item["platforms"]))
        language = output_language(post, brief, "openai")
        layout = layout_for(session.job.spec.templates)
        job, outcomes = batch_outcomes(post, brief, platforms, results, language=language, layout=layout,
                                       custom_id_prefix=prefix, settings=settings)
        usage = log_batch(session.store, job, [o for o in outcomes if o.fallback != "no batch result"], settings,
                          Prompts.from_layout(layout), session=f"batch:{prefix}", discount=BATCH_DISCOUNT,
                          tag={"job_id": session.job.id, "item_key": item["key"]}, prices=prices)
        paid: dict[str, Any] = {"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
                "cost_usd": usage.cost_usd}
        answered = sum(1 for o in outcomes if o.attempts)
        if not answered or (not complete and answered < len(outcomes)):
            first_error = redact(next((_line_error(r) for r in results.values() if _line_error(r)), why), settings)
            missing = f"{len(outcomes) - answered} of its {len(outcomes)} requests" if answered else "any request"
            return Outcome(**common, **paid, status="failed", error_kind="backend",
                           error=f"{item['name']}: the Batch API did not answer {missing} ({first_error}); run the same "
                                 "command again to resubmit it.")
        result = assemble(post, brief, platforms, merge(outcomes, job), backend="openai", model=settings.model,
                          layout=layout, language=language)
    except Exception as exc:  # recorded with its reason; never stops the collection
        error, kind = failure(exc)
        return Outcome(**common, status="failed", error=error, error_kind=kind)
    ms = round((time.perf_counter() - started) * 1000, 3)
    result.timings_ms = {"total": ms}
    return Outcome(**common, **paid, status="done", result_json=result.model_dump_json(), duration_ms=ms)


def _line_error(result: dict) -> str:
    """Why a batch line has no answer ("" when it has one)."""
    if result.get("error"):
        error = result["error"]
        return str(error.get("message") or error.get("code") if isinstance(error, dict) else error)
    response = result.get("response") or {}
    if response.get("status_code") == 200:
        return ""
    message = ((response.get("body") or {}).get("error") or {}).get("message", "")
    return f"status {response.get('status_code')}" + (f": {message}" if message else "")

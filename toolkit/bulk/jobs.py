"""Job state in SQLite: what each item of a job is (pending, done, failed) and what it produced.

The rules that make a job resumable after Ctrl-C or kill -9:

- an item's result and its ``done`` status are written in the same short transaction, so an
  item is either finished with its result stored, or still pending and redone by the next run;
- items are keyed by (job, item key), so nothing can be recorded twice;
- every run stamps the items it sees with its run number, and outputs are written from the
  items of the latest complete run, in input order.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..errors import ConfigError, NotFoundError
from ..repurpose.models import Brief
from ..store import Store
from .keys import job_id as make_job_id
from .models import BulkItem, JobSpec, Origin, Outcome

PAGE = 200  # rows per read when streaming a job's results


@dataclass
class Work:
    """An input item made ready: its bytes, the brief and platforms it gets, and its cache key."""

    item: BulkItem
    seq: int
    data: bytes | str | None = None
    brief: Brief | None = None
    platforms: list[str] = field(default_factory=list)
    cache_key: str = ""
    error: str | None = None  # the item is unusable; recorded as failed without any work

    @property
    def key(self) -> str:
        return self.item.key


@dataclass(frozen=True)
class Job:
    id: str
    spec: JobSpec
    run_no: int
    finished_run: int | None
    export: dict
    created_at: str


@dataclass(frozen=True)
class Counts:
    done: int = 0
    failed: int = 0
    pending: int = 0
    submitted: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    @property
    def total(self) -> int:
        return self.done + self.failed + self.pending + self.submitted


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


_OUTCOME_COLUMNS = ("key, name, seq, status, cached, error, error_kind, result_json, prompt_tokens, "
                    "completion_tokens, cost_usd, duration_ms, attempts")


def _outcome(row: dict, origin: Origin | None = None) -> Outcome:
    return Outcome(
        key=row["key"], name=row["name"] or row["key"], seq=row["seq"], status=row["status"],
        origin=origin or ("cache" if row["cached"] else "resumed"), error=row["error"], error_kind=row["error_kind"],
        result_json=row["result_json"], prompt_tokens=row["prompt_tokens"] or 0,
        completion_tokens=row["completion_tokens"] or 0, cost_usd=row["cost_usd"] or 0.0,
        duration_ms=row["duration_ms"] or 0.0, attempts=row["attempts"] or 0,
    )


class JobStore:
    """Reads and writes jobs and their items; every write is one short ``BEGIN IMMEDIATE`` transaction."""

    def __init__(self, store: Store):
        self.store = store
        # WAL with synchronous=NORMAL survives a killed process (only a power cut can lose the last
        # commits), and saves an fsync per finished item.
        store.conn.execute("PRAGMA synchronous=NORMAL")

    # -- jobs -----------------------------------------------------------------------------------

    def open(self, spec: JobSpec) -> Job:
        """The job for this spec, created on first use."""
        jid = make_job_id(spec)
        with self.store.write() as db:
            db.execute(
                "insert or ignore into bulk_jobs (id, created_at, updated_at, input, spec_json, run_no) values (?, ?, ?, ?, ?, 0)",
                [jid, _now(), _now(), spec.input, spec.model_dump_json()],
            )
        return self.get(jid)

    def get(self, jid: str) -> Job:
        rows = self.store.query("select * from bulk_jobs where id = ?", (jid,))
        if not rows:
            known = self.store.query("select id from bulk_jobs where id like ? order by updated_at desc limit 2", (f"{jid}%",))
            if len(known) == 1:
                return self.get(known[0]["id"])
            raise NotFoundError(f"Bulk job {jid!r} is not in the database: list jobs with `toolkit bulk jobs`, or check --db.")
        r = rows[0]
        return Job(id=r["id"], spec=JobSpec.model_validate_json(r["spec_json"]), run_no=r["run_no"],
                   finished_run=r["finished_run"], export=json.loads(r["export_json"] or "{}"), created_at=r["created_at"])

    def recent(self, limit: int = 20) -> list[dict]:
        return self.store.query(
            "select j.id, j.updated_at, j.input, j.finished_run, j.run_no, "
            "  (select count(*) from bulk_items i where i.job_id = j.id and i.run_no = j.run_no and i.status = 'done') as done, "
            "  (select count(*) from bulk_items i where i.job_id = j.id and i.run_no = j.run_no and i.status = 'failed') as failed, "
            "  (select count(*) from bulk_items i where i.job_id = j.id and i.run_no = j.run_no) as total "
            "from bulk_jobs j order by j.updated_at desc limit ?", (limit,))

    def start_run(self, jid: str) -> int:
        """Claim the job for this process and return the new run number."""
        host = socket.gethostname()
        with self.store.write() as db:
            row = next(db.query("select pid, host, run_no from bulk_jobs where id = ?", [jid]))
            pid = row["pid"]
            if pid and pid != os.getpid() and row["host"] == host and _alive(pid):
                raise ConfigError(f"Bulk job {jid} is already running in process {pid}: wait for it to finish, or stop it first.")
            run_no = row["run_no"] + 1
            db.execute("update bulk_jobs set run_no = ?, pid = ?, host = ?, updated_at = ? where id = ?",
                       [run_no, os.getpid(), host, _now(), jid])
        return run_no

    def end_run(self, jid: str, run_no: int, *, complete: bool) -> None:
        """Release the job; a run that saw the whole input becomes the one outputs are written from."""
        with self.store.write() as db:
            if complete:
                db.execute("update bulk_jobs set finished_run = ? where id = ? and run_no = ?", [run_no, jid, run_no])
            db.execute("update bulk_jobs set pid = null, updated_at = ? where id = ? and pid = ?", [_now(), jid, os.getpid()])

    def save_export(self, jid: str, export: dict) -> None:
        with self.store.write() as db:
            db.execute("update bulk_jobs set export_json = ? where id = ?", [json.dumps(export), jid])

    # -- items ----------------------------------------------------------------------------------

    def register(self, jid: str, run_no: int, works: Sequence[Work], *, use_cache: bool) -> tuple[list[Work], list[Outcome]]:
        """Stamp a chunk of items with this run; return (items still to produce, outcomes known already).

        Known outcomes are items finished by an earlier run with the same cache key, items whose
        input is unusable, and (unless ``use_cache`` is off) items an identical earlier item answers.
        """
        todo: list[Work] = []
        known: list[Outcome] = []
        now = _now()
        with self.store.write() as db:
            keys = [w.key for w in works]
            marks = ",".join("?" * len(keys))
            existing = {r["key"]: r for r in db.query(
                f"select {_OUTCOME_COLUMNS}, run_no, cache_key from bulk_items where job_id = ? and key in ({marks})",
                [jid, *keys])}
            seen: set[str] = set()
            for w in works:
                row = existing.get(w.key)
                if w.key in seen or (row is not None and row["run_no"] == run_no):  # a second row with the same id
                    w = Work(item=w.item.model_copy(update={"key": f"{w.key}@{w.seq}"}), seq=w.seq,
                             error=f"{w.item.label} repeats the id {w.key!r} of an earlier row: give every row its own id.")
                    row = None
                seen.add(w.key)
                if w.error is not None:
                    self._upsert(db, jid, run_no, w, now, status="failed", error=w.error, error_kind="input")
                    known.append(Outcome(key=w.key, name=w.item.label, seq=w.seq, status="failed", error=w.error,
                                         error_kind="input", attempts=0))
                    continue
                if row is not None and row["cache_key"] == w.cache_key and (
                    row["status"] in ("done", "submitted") or (row["status"] == "failed" and row["error_kind"] == "input")
                ):
                    db.execute("update bulk_items set seq = ?, run_no = ?, name = ? where job_id = ? and key = ?",
                               [w.seq, run_no, w.item.label, jid, w.key])
                    if row["status"] != "submitted":
                        known.append(_outcome({**row, "seq": w.seq, "name": w.item.label}, "resumed"))
                    continue
                hit = None
                if use_cache:
                    hit = next(db.query(
                        "select result_json from bulk_items where cache_key = ? and status = 'done' limit 1", [w.cache_key]), None)
                if hit is not None:
                    self._upsert(db, jid, run_no, w, now, status="done", result_json=hit["result_json"], cached=1)
                    known.append(Outcome(key=w.key, name=w.item.label, seq=w.seq, status="done", origin="cache",
                                         result_json=hit["result_json"], attempts=0))
                    continue
                self._upsert(db, jid, run_no, w, now, status="pending")
                todo.append(w)
        return todo, known

    @staticmethod
    def _upsert(db, jid: str, run_no: int, w: Work, now: str, *, status: str, error: str | None = None,
                error_kind: str | None = None, result_json: str | None = None, cached: int = 0) -> None:
        db.execute(
            """insert into bulk_items (job_id, key, seq, run_no, name, cache_key, status, error, error_kind, result_json,
                   cached, prompt_tokens, completion_tokens, cost_usd, duration_ms, attempts, brief_json, platforms, updated_at)
               values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0.0, null, 0, ?, ?, ?)
               on conflict (job_id, key) do update set
                   seq = excluded.seq, run_no = excluded.run_no, name = excluded.name, cache_key = excluded.cache_key,
                   status = excluded.status, error = excluded.error, error_kind = excluded.error_kind,
                   result_json = excluded.result_json, cached = excluded.cached, prompt_tokens = 0,
                   completion_tokens = 0, cost_usd = 0.0, duration_ms = null, post_json = null, batch_id = null,
                   brief_json = excluded.brief_json, platforms = excluded.platforms, updated_at = excluded.updated_at""",
            [jid, w.key, w.seq, run_no, w.item.label, w.cache_key, status, error, error_kind, result_json, cached,
             w.brief.model_dump_json() if w.brief else None, json.dumps(w.platforms), now],
        )

    def record(self, jid: str, outcomes: Sequence[Outcome]) -> None:
        """Store finished items: status and result together, one transaction for the batch."""
        now = _now()
        with self.store.write() as db:
            db.conn.executemany(
                """update bulk_items set status = ?, error = ?, error_kind = ?, result_json = ?, prompt_tokens = ?,
                       completion_tokens = ?, cost_usd = ?, duration_ms = ?, attempts = attempts + ?, post_json = null,
                       updated_at = ?
                   where job_id = ? and key = ?""",
                [(o.status, o.error, o.error_kind, o.result_json, o.prompt_tokens, o.completion_tokens, o.cost_usd,
                  o.duration_ms, o.attempts, now, jid, o.key) for o in outcomes],
            )

    def counts(self, jid: str, run_no: int) -> Counts:
        rows = self.store.query(
            "select status, count(*) as n, sum(cached) as cached, sum(prompt_tokens) as p, sum(completion_tokens) as c, "
            "sum(cost_usd) as cost from bulk_items where job_id = ? and run_no = ? group by status", (jid, run_no))
        by = {r["status"]: r for r in rows}
        return Counts(
            done=by.get("done", {}).get("n", 0), failed=by.get("failed", {}).get("n", 0),
            pending=by.get("pending", {}).get("n", 0), submitted=by.get("submitted", {}).get("n", 0),
            cached=sum(r["cached"] or 0 for r in rows), prompt_tokens=sum(r["p"] or 0 for r in rows),
            completion_tokens=sum(r["c"] or 0 for r in rows), cost_usd=sum(r["cost"] or 0.0 for r in rows),
        )

    def outcomes(self, jid: str, run_no: int, *, status: str | None = None) -> Iterator[Outcome]:
        """The run's items in input order, read a page at a time so memory stays flat."""
        last = -1
        where = "and status = ?" if status else ""
        while True:
            params = (jid, run_no, last, *([status] if status else []), PAGE)
            rows = self.store.query(
                f"select {_OUTCOME_COLUMNS} from bulk_items where job_id = ? and run_no = ? and seq > ? {where} "
                "order by seq limit ?", params)
            for r in rows:
                yield _outcome(r, "cache" if r["cached"] else "run")
            if len(rows) < PAGE:
                return
            last = rows[-1]["seq"]

    # -- Batch API bookkeeping ------------------------------------------------------------------

    def stage(self, jid: str, posts: Sequence[tuple[str, str]]) -> None:
        """Keep the parsed post of items whose requests are being written, to assemble the answers later."""
        with self.store.write() as db:
            db.conn.executemany("update bulk_items set post_json = ? where job_id = ? and key = ?",
                                [(post_json, jid, key) for key, post_json in posts])

    def mark_submitted(self, jid: str, batch_id: str, keys: Sequence[str], *, input_file_id: str, status: str,
                       request_count: int) -> None:
        """Record a created batch and its items in one transaction."""
        now = _now()
        with self.store.write() as db:
            db.table("bulk_batches").insert({"id": batch_id, "job_id": jid, "created_at": now, "updated_at": now,
                                       "input_file_id": input_file_id, "status": status, "request_count": request_count})
            db.conn.executemany(
                "update bulk_items set status = 'submitted', batch_id = ?, attempts = attempts + 1, updated_at = ? "
                "where job_id = ? and key = ?", [(batch_id, now, jid, key) for key in keys])

    def submitted(self, jid: str, batch_id: str) -> Iterator[dict]:
        """The items still waiting on ``batch_id``, a page at a time (they leave as they are recorded)."""
        last = -1
        while True:
            rows = self.store.query(
                "select key, name, seq, post_json, brief_json, platforms from bulk_items "
                "where job_id = ? and batch_id = ? and status = 'submitted' and seq > ? order by seq limit ?",
                (jid, batch_id, last, PAGE))
            yield from rows
            if len(rows) < PAGE:
                return
            last = rows[-1]["seq"]

    def batches(self, jid: str) -> list[dict]:
        return self.store.query("select * from bulk_batches where job_id = ? order by created_at, id", (jid,))

    def update_batch(self, batch_id: str, **fields: object) -> None:
        with self.store.write() as db:
            db.table("bulk_batches").update(batch_id, {**fields, "updated_at": _now()})


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

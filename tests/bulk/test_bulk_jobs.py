"""Job state in SQLite: what a second run redoes, reuses, or refuses, read back from the real tables."""

import os
import sqlite3
import subprocess
import sys

import pytest

from toolkit.bulk.api import make_spec
from toolkit.bulk.jobs import JobStore, Work
from toolkit.bulk.models import BulkItem, Outcome
from toolkit.errors import ConfigError, NotFoundError
from toolkit.repurpose.models import Brief
from toolkit.store import Store


@pytest.fixture
def jobs(db_path):
    with Store(db_path) as store:
        yield JobStore(store)


def work(key, seq, cache_key="c-" + "0", error=None):
    return Work(item=BulkItem(key=key, name=f"{key}.md", text="t"), seq=seq, data="t", brief=Brief(),
                platforms=["x"], cache_key=cache_key, error=error)


def finish(jobs, jid, key, seq, status="done", kind=None):
    jobs.record(jid, [Outcome(key=key, name=key, seq=seq, status=status, result_json='{"r": 1}' if status == "done" else None,
                              error=None if status == "done" else "boom", error_kind=kind, prompt_tokens=10, cost_usd=0.5)])


def test_a_second_run_reuses_what_finished_and_redoes_the_rest(jobs, db_path):
    job = jobs.open(make_spec("in", platforms=["x"]))
    run1 = jobs.start_run(job.id)
    todo, known = jobs.register(job.id, run1, [work("a", 0, "ka"), work("b", 1, "kb"), work("c", 2, "kc"), work("d", 3, "kd")], use_cache=True)
    assert [w.key for w in todo] == ["a", "b", "c", "d"] and known == []
    finish(jobs, job.id, "a", 0)
    finish(jobs, job.id, "b", 1, "failed", "input")
    finish(jobs, job.id, "c", 2, "failed", "backend")
    jobs.end_run(job.id, run1, complete=False)  # killed before d finished

    run2 = jobs.start_run(job.id)
    todo, known = jobs.register(job.id, run2, [work("a", 0, "ka"), work("b", 1, "kb"), work("c", 2, "kc"), work("d", 3, "kd-edited")], use_cache=True)
    assert [w.key for w in todo] == ["c", "d"]  # a backend failure is retried, an edited post redone
    assert [(o.key, o.status, o.origin) for o in known] == [("a", "done", "resumed"), ("b", "failed", "resumed")]
    rows = sqlite3.connect(db_path).execute("select key, status, run_no, attempts from bulk_items order by seq").fetchall()
    assert rows == [("a", "done", 2, 1), ("b", "failed", 2, 1), ("c", "pending", 2, 1), ("d", "pending", 2, 0)]


def test_identical_work_is_copied_from_the_cache_unless_asked_not_to(jobs):
    first = jobs.open(make_spec("one", platforms=["x"]))
    run = jobs.start_run(first.id)
    jobs.register(first.id, run, [work("a", 0, "same")], use_cache=True)
    finish(jobs, first.id, "a", 0)
    second = jobs.open(make_spec("two", platforms=["x"]))
    run = jobs.start_run(second.id)
    todo, known = jobs.register(second.id, run, [work("z", 0, "same")], use_cache=True)
    assert todo == [] and [(o.key, o.origin, o.result_json, o.cost_usd) for o in known] == [("z", "cache", '{"r": 1}', 0.0)]
    third = jobs.open(make_spec("three", platforms=["x"]))
    todo, known = jobs.register(third.id, jobs.start_run(third.id), [work("z", 0, "same")], use_cache=False)
    assert [w.key for w in todo] == ["z"] and known == []


def test_duplicate_ids_in_one_input_are_failed_under_their_own_key(jobs):
    job = jobs.open(make_spec("in", platforms=["x"]))
    run = jobs.start_run(job.id)
    todo, known = jobs.register(job.id, run, [work("a", 0), work("a", 1)], use_cache=True)
    assert [w.key for w in todo] == ["a"]
    assert [(o.key, o.error) for o in known] == [("a@1", "a.md repeats the id 'a' of an earlier row: give every row its own id.")]


def test_unusable_items_are_recorded_failed_without_work(jobs):
    job = jobs.open(make_spec("in", platforms=["x"]))
    run = jobs.start_run(job.id)
    todo, known = jobs.register(job.id, run, [work("e", 0, error="e.md is empty: give a blog post.")], use_cache=True)
    assert todo == [] and known[0].error_kind == "input"
    assert jobs.counts(job.id, run).failed == 1


def test_outcomes_stream_in_input_order_page_by_page(jobs, monkeypatch):
    monkeypatch.setattr("toolkit.bulk.jobs.PAGE", 2)
    job = jobs.open(make_spec("in", platforms=["x"]))
    run = jobs.start_run(job.id)
    jobs.register(job.id, run, [work(k, i, f"k{k}") for i, k in enumerate("edcba")], use_cache=True)
    for i, k in enumerate("edcba"):
        finish(jobs, job.id, k, i, "done" if k != "c" else "failed", "input")
    assert [o.key for o in jobs.outcomes(job.id, run)] == list("edcba")
    assert [o.key for o in jobs.outcomes(job.id, run, status="failed")] == ["c"]
    counts = jobs.counts(job.id, run)
    assert (counts.done, counts.failed, counts.prompt_tokens, counts.cost_usd) == (4, 1, 50, 2.5)


def test_only_one_live_process_runs_a_job(jobs, db_path):
    job = jobs.open(make_spec("in", platforms=["x"]))
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        sqlite3.connect(db_path).execute("update bulk_jobs set pid = ?, host = (select host from bulk_jobs) where id = ?",
                                         (other.pid, job.id)).connection.commit()
        jobs.end_run(job.id, 0, complete=False)  # does not release another process's claim
        con = sqlite3.connect(db_path)
        con.execute("update bulk_jobs set host = ? where id = ?", (os.uname().nodename, job.id))
        con.commit()
        with pytest.raises(ConfigError, match=rf"Bulk job {job.id} is already running in process {other.pid}"):
            jobs.start_run(job.id)
    finally:
        other.kill()
        other.wait()
    assert jobs.start_run(job.id) == 1  # the claim of a dead process is taken over


def test_unknown_job_and_prefix_lookup(jobs):
    job = jobs.open(make_spec("in", platforms=["x"]))
    assert jobs.get(job.id[:6]).id == job.id
    with pytest.raises(NotFoundError, match="Bulk job 'nope' is not in the database: list jobs with `toolkit bulk jobs`"):
        jobs.get("nope")

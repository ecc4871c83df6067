"""Storage: migrations are idempotent, and two processes writing at once lose nothing."""

import multiprocessing
import sqlite3

import pytest

from toolkit.migrations import MIGRATION_SETS
from toolkit.repurpose import Brief
from toolkit.repurpose.history import list_runs, log_run
from toolkit.store import Store


def test_migrations_apply_once(db_path):
    with Store(db_path):
        pass
    with Store(db_path) as store:
        applied = store.query("select migration_set, name from _sqlite_migrations")
        names = [(m.name, f.name) for m in MIGRATION_SETS for f in m._migrations]
        assert sorted((r["migration_set"], r["name"]) for r in applied) == sorted(names)
        assert store.query("pragma journal_mode")[0]["journal_mode"] == "wal"


def _writer(path: str, worker: int, n: int) -> None:
    with Store(path) as store:
        for i in range(n):
            log_run(store, post=None, source_text=f"{worker}-{i}", brief=Brief(), backend="offline", model="m",
                    platforms=["x"], result=None, duration_ms=1.0)


@pytest.mark.slow
def test_two_processes_log_runs_concurrently(db_path):
    # Both processes create the database file too: opening, WAL switch and migrations must race safely.
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(db_path), w, 60)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    texts = {row[0] for row in sqlite3.connect(db_path).execute("select source_text from runs")}
    assert texts == {f"{w}-{i}" for w in range(4) for i in range(60)}


def test_list_runs_search_is_parameterised(db_path):
    with Store(db_path) as store:
        log_run(store, post=None, source_text="it's 100% safe'; drop table runs; --", brief=Brief(), backend="offline",
                model="m", platforms=["x"], result=None, duration_ms=1.0)
        assert len(list_runs(store, search="'; drop table runs; --")) == 1
        assert store.query("select count(*) as n from runs")[0]["n"] == 1

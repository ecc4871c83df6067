"""Interrupting a real `toolkit bulk` process (SIGKILL, Ctrl-C) and running it again: every post exactly once."""

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.bulk.fake_openai import FakeOpenAI, Faults
from tests.bulk.helpers import write_posts

CLI = [sys.executable, "-c", "from toolkit.cli import main; main()", "bulk"]


def start(*args):
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def done_count(db_path) -> int:
    if not db_path.exists():
        return 0
    try:
        con = sqlite3.connect(db_path, timeout=5)
        return con.execute("select count(*) from bulk_items where status = 'done'").fetchone()[0]
    except sqlite3.OperationalError:  # tables not created yet
        return 0


def wait_for(db_path, at_least: int, proc, timeout=60.0) -> None:
    deadline = time.monotonic() + timeout
    while done_count(db_path) < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.05)


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def finished(db_path) -> dict[str, str]:
    return dict(sqlite3.connect(db_path).execute("select key, updated_at from bulk_items where status = 'done'"))


def keys_in(out) -> list[str]:
    return [json.loads(line)["key"] for line in out.read_text("utf-8").splitlines()]


def test_sigkill_mid_run_against_the_server_then_resume(tmp_path, db_path, monkeypatch):
    posts = write_posts(tmp_path / "posts", 12)
    out = tmp_path / "out.jsonl"
    args = [str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "-c", "2", "-o", str(out), "-q"]
    with FakeOpenAI(Faults(latency=0.15)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        proc = start(*args)
        wait_for(db_path, 3, proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        before = finished(db_path)
        calls_before = len(server.calls)
        assert 3 <= len(before) < 12 and not out.exists()

        again = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stderr
        assert f"({len(before)} finished by an earlier run, 0 from the cache)" in again.stderr
        # only the posts that had not finished were asked for again: 3 calls each (captions, thread, hashtags)
        assert len(server.calls) - calls_before == 3 * (12 - len(before))
    assert sorted(keys_in(out)) == sorted(p.name for p in posts)  # every post exactly once
    after = finished(db_path)
    assert len(after) == 12 and all(after[k] == stamp for k, stamp in before.items())


def test_sigkill_of_the_offline_pool_then_resume(tmp_path, db_path):
    posts = write_posts(tmp_path / "posts", 16)
    out = tmp_path / "out.csv"
    args = [str(tmp_path / "posts"), "-p", "x,linkedin,instagram", "--workers", "2", "-o", str(out), "-q"]
    proc = start(*args)
    wait_for(db_path, 3, proc)
    deadline = time.monotonic() + 10  # on a loaded machine the pool may still be starting its workers
    while len(workers := children_of(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)  # orphaned workers exit on their own
    before = finished(db_path)
    again = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    rows = sqlite3.connect(db_path).execute("select count(*), sum(status = 'done') from bulk_items").fetchone()
    assert rows == (16, 16)
    after = finished(db_path)
    assert all(after[k] == stamp for k, stamp in before.items())
    keys = {line.split(",", 1)[0] for line in out.read_text("utf-8").splitlines()[1:] if line.startswith("post-")}
    assert keys == {p.name for p in posts}


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="needs SIGINT")
def test_ctrl_c_saves_what_finished_and_says_how_to_continue(tmp_path, db_path):
    write_posts(tmp_path / "posts", 30)
    out = tmp_path / "out.jsonl"
    args = [str(tmp_path / "posts"), "--workers", "1", "-o", str(out), "-q"]  # all platforms: ~0.1 s a post
    proc = start(*args)
    wait_for(db_path, 2, proc)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Interrupted: " in stderr and "of 30 posts are finished and saved; run the same command again to continue." in stderr
    assert "Traceback" not in stderr
    job = sqlite3.connect(db_path).execute("select pid, finished_run from bulk_jobs").fetchone()
    assert job == (None, None)  # released, and not complete
    again = subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=180)
    assert again.returncode == 0 and len(keys_in(out)) == 30 == len(set(keys_in(out)))

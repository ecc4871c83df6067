"""Issue 12's catalogue through the real CLI: every hostile input ends in a clear sentence or a
complete output, with the documented exit code, never a traceback or a hang. Time and peak memory
per case are measured in fresh processes by bench/bench_hostile.py."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, REPO
from tests.hostile_cases import CASES, EN_POST, Case
from toolkit.cli import cli
from toolkit.errors import EXIT_NOT_LOGGED
from toolkit.store import Store


def toolkit(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


@pytest.mark.parametrize("case", [c for c in CASES if c.stdin is None], ids=lambda c: c.id)
def test_hostile_case_ends_in_one_sentence_or_output(case: Case, tmp_path):
    db = tmp_path / "toolkit.db"
    work = tmp_path / "work"
    work.mkdir()
    args = case.build(work)
    code, output = toolkit("--db", str(db), *args, env=case.env)
    assert "Traceback" not in output
    assert code == case.code, output[-2000:]
    assert case.says in output
    if code == 1:  # refused: exactly one "Error: ..." line, nothing else on the way out
        errors = [line for line in output.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and errors[0].endswith("."), output[-2000:]


def test_stdin_from_dev_zero_stops_at_the_limit(tmp_path):
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([sys.executable, "-m", "toolkit.cli", "--db", str(tmp_path / "t.db"), "repurpose", "-", "-p", "x"],
                              stdin=zero, capture_output=True, text=True, timeout=120, cwd=REPO, check=False,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "The standard input is larger than 2 MB" in done.stderr


def test_bad_output_is_refused_before_the_work_starts(tmp_path):
    db = tmp_path / "t.db"
    code, output = toolkit("--db", str(db), "repurpose", str(EN_POST), "-p", "x", "-o", "/missing/x.json")
    assert code == 1 and "the folder '/missing' does not exist" in output
    assert not db.exists()  # nothing ran, nothing was logged


def _populated(db: Path) -> None:
    code, _ = toolkit("--db", str(db), "repurpose", str(EN_POST), "-p", "x", "-f", "json")
    assert code == 0


def _run_without_log(db: Path, out: Path) -> tuple[int, str]:
    code, output = toolkit("--db", str(db), "repurpose", str(EN_POST), "-p", "x", "-o", str(out))
    assert "Traceback" not in output
    return code, output


def test_corrupt_database_is_refused_untouched_and_the_output_still_written(tmp_path):
    db = tmp_path / "t.db"
    _populated(db)
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page: 3 * page] = os.urandom(page)  # a page in the middle of the file
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    code, output = _run_without_log(db, tmp_path / "out.md")
    assert code == EXIT_NOT_LOGGED and "is damaged" in output and "not logged" in output
    assert (tmp_path / "out.md").read_text("utf-8").startswith("# ")
    assert db.read_bytes() == before
    code, output = toolkit("--db", str(db), "history")
    assert code == 1 and output.startswith("Error: The database") and "is damaged" in output


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    db = tmp_path / "t.db"
    db.write_bytes(b"this is not sqlite " * 500)
    code, _output = _run_without_log(db, tmp_path / "out.json")
    assert code == EXIT_NOT_LOGGED and (tmp_path / "out.json").exists()


def test_database_from_a_newer_toolkit_is_refused_and_left_alone(tmp_path):
    db = tmp_path / "t.db"
    _populated(db)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 9999")
    before = db.read_bytes()
    code, output = _run_without_log(db, tmp_path / "out.md")
    assert code == EXIT_NOT_LOGGED and "written by a newer toolkit (schema 9999" in output
    assert db.read_bytes() == before and (tmp_path / "out.md").exists()
    with sqlite3.connect(db) as conn:  # a migration this toolkit does not know also marks a newer file
        conn.execute("PRAGMA user_version = 0")
        conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) values ('toolkit.core', 'from_the_future', 'x')")
    code, output = _run_without_log(db, tmp_path / "out2.md")
    assert code == EXIT_NOT_LOGGED and "migration 'toolkit.core.from_the_future'" in output


def _mount_tmpfs(path: Path, size: str, *options: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    path.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(path)], check=False,
                          capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@pytest.mark.parametrize("how", ["tmpfs", "page cap"])
def test_full_disk_still_writes_the_output_and_exits_4(tmp_path, monkeypatch, how):
    disk = tmp_path / "disk"
    mounted = how == "tmpfs" and _mount_tmpfs(disk, "2m")
    if how == "tmpfs" and not mounted:
        pytest.skip("a real full disk needs root to mount a small tmpfs; the page-cap case covers it")
    try:
        if mounted:  # a real full disk: fill the small filesystem around a migrated database
            db = disk / "t.db"
            Store(db).close()
            try:
                with (disk / "filler").open("wb") as f:
                    while True:
                        f.write(b"\0" * 4096)
                        f.flush()
            except OSError:  # ENOSPC: the disk is full now
                pass
        else:  # no root: SQLite's page cap raises the very same "database or disk is full"
            db = tmp_path / "t.db"
            Store(db).close()
            original = Store.__init__

            def capped(self, *args, **kwargs):
                original(self, *args, **kwargs)
                pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
                self.conn.execute(f"PRAGMA max_page_count = {pages}")

            monkeypatch.setattr(Store, "__init__", capped)
        out = tmp_path / "out.md"
        code, output = _run_without_log(db, out)
        assert code == EXIT_NOT_LOGGED, output
        assert "the disk is full" in output and "not logged" in output
        assert out.read_text("utf-8").startswith("# ")
    finally:
        if mounted:
            _umount(disk)


def test_read_only_database_and_folder(tmp_path):
    ro = tmp_path / "ro"
    if os.geteuid() == 0:
        if not _mount_tmpfs(ro, "4m"):
            pytest.skip("needs a tmpfs mount to make a read-only folder for root")
        _populated(ro / "t.db")
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
    else:
        ro.mkdir()
        _populated(ro / "t.db")
        (ro / "t.db").chmod(0o444)
        ro.chmod(0o555)
    try:
        code, output = _run_without_log(ro / "t.db", tmp_path / "out.md")
        assert code == EXIT_NOT_LOGGED and "not logged" in output and (tmp_path / "out.md").exists()
        code, output = toolkit("repurpose", str(EN_POST), "-p", "x", "-o", str(ro / "x.json"))
        assert code == 1 and "is not writable" in output
    finally:
        if os.geteuid() == 0:
            _umount(ro)
        else:
            ro.chmod(0o755)


def test_output_is_replaced_whole(tmp_path):
    out = tmp_path / "out.md"
    out.write_text("old", "utf-8")
    out.chmod(0o640)
    code, _ = toolkit("repurpose", str(EXAMPLES / "ar_content_marketing.md"), "-p", "x", "-o", str(out))
    assert code == 0 and out.read_text("utf-8").startswith("# ") and (out.stat().st_mode & 0o777) == 0o640
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_stdout_on_a_full_device_is_one_sentence(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "toolkit.cli", "--db", str(tmp_path / "t.db"), "repurpose", str(EN_POST),
                               "-p", "x"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == ("Error: Could not write the output to standard output (No space left on device): "
                                   "free some space, or write it to a file with -o PATH.")

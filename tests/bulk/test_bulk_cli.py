"""`toolkit bulk` as scripts use it: exit codes, summaries, output files and the rows left in SQLite."""

import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from tests.bulk.helpers import post, write_posts
from toolkit.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def folder(tmp_path):
    posts = tmp_path / "posts"
    write_posts(posts, 3)
    (posts / "empty.md").write_text("", encoding="utf-8")
    (posts / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (posts / "short.md").write_text("# Hi\n\nToo short to repurpose.", encoding="utf-8")
    return posts


def test_folder_to_jsonl_reports_failures_and_exits_3(folder, tmp_path, db_path):
    out = tmp_path / "out.jsonl"
    result = run("bulk", str(folder), "-p", "x", "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 3, result.output
    assert "Done in" in result.output and ": 3 posts done, 3 failed" in result.output
    assert "3 posts failed:\n  binary.txt looks like a binary file, not text" in result.output
    assert "  empty.md is empty: give a blog post with some text in it." in result.output
    assert "  short.md has only 4 words of body text" in result.output
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [x["key"] for x in lines] == ["binary.txt", "empty.md", "post-000.md", "post-001.md", "post-002.md", "short.md"]
    assert [x["status"] for x in lines] == ["failed", "failed", "done", "done", "done", "failed"]
    rows = sqlite3.connect(db_path).execute("select status, error_kind, count(*) from bulk_items group by 1, 2 order by 1").fetchall()
    assert rows == [("done", None, 3), ("failed", "input", 3)]


def test_running_again_redoes_nothing_and_writes_the_same_file(folder, tmp_path, db_path):
    out = tmp_path / "out.jsonl"
    run("bulk", "run", str(folder), "-p", "x", "-o", str(out), "--workers", "1", "-q")
    first = out.read_text("utf-8")
    stamps = sqlite3.connect(db_path).execute("select key, updated_at from bulk_items order by key").fetchall()
    result = run("bulk", str(folder), "-p", "x", "-o", str(out), "--workers", "1", "-q")
    assert "(6 finished by an earlier run, 0 from the cache)" in result.output
    assert out.read_text("utf-8") == first
    assert sqlite3.connect(db_path).execute("select key, updated_at from bulk_items order by key").fetchall() == stamps


def test_csv_rows_with_their_own_brief_to_csv(tmp_path):
    calendar = tmp_path / "calendar.csv"
    with calendar.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "platform", "cta", "tone"])
        w.writerow(["launch", post(0), "x", "=Join now", "bold"])
        w.writerow(["ar", post(1), "linkedin", "", ""])
    out = tmp_path / "captions.csv"
    result = run("bulk", str(calendar), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert {r["key"] for r in rows} == {"launch", "ar"}
    assert {r["platform"] for r in rows if r["key"] == "launch"} == {"x"}
    assert {r["platform"] for r in rows if r["key"] == "ar"} == {"linkedin"}
    launch = [r for r in rows if r["key"] == "launch" and r["kind"] == "caption"]
    assert any("=Join now" in r["text"] for r in launch)
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_sprout_export_with_a_schedule(folder, tmp_path):
    out = tmp_path / "sprout.csv"
    result = run("bulk", str(folder), "-p", "bluesky", "-o", str(out), "-f", "sprout", "--start", "2031-01-05",
                 "--times", "08:00,12:30", "--tz", "Asia/Riyadh", "--workers", "1", "-q")
    assert result.exit_code == 3, result.output
    assert "Schedule: from 2031-01-05, 2 a day at 08:00, 12:30 (Asia/Riyadh)." in result.output
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert rows[0] == ["date", "time_24hr", "message_text", "link"]
    assert [r[:2] for r in rows[1:]] == [["05/01/2031", "08:00"], ["05/01/2031", "12:30"], ["06/01/2031", "08:00"]]


def test_publer_and_postfast_exports(folder, tmp_path):
    out = tmp_path / "publer.csv"
    result = run("bulk", str(folder), "-p", "mastodon", "-o", str(out), "-f", "publer", "--start", "2031-01-05",
                 "--times", "08:00", "--tz", "Asia/Riyadh", "--workers", "1", "-q")
    assert result.exit_code == 3, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [r["Date"] for r in rows] == ["2031/01/05 08:00", "2031/01/06 08:00", "2031/01/07 08:00"]
    out = tmp_path / "postfast.csv"
    result = run("bulk", str(folder), "-p", "mastodon", "-o", str(out), "-f", "postfast", "--start", "2031-01-05",
                 "--tz", "Asia/Riyadh", "--account-id", "acc-9", "--workers", "1", "-q")
    assert "left out: Mastodon posts: PostFast cannot import them, so none were written" in result.output
    assert not out.exists()
    result = run("bulk", str(folder), "-p", "bluesky", "-o", str(out), "-f", "postfast", "--start", "2031-01-05",
                 "--tz", "Asia/Riyadh", "--account-id", "acc-9", "--workers", "1", "-q")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [(r["scheduled_at"], r["account_id"]) for r in rows][0] == ("2031-01-05T09:00:00+03:00", "acc-9")
    assert len(rows) == 3 and any("\u0600" <= ch <= "\u06ff" for ch in rows[1]["content"])  # post-001 is Arabic


def test_markdown_folder_output(folder, tmp_path):
    out = tmp_path / "md"
    run("bulk", str(folder), "-p", "x", "-o", str(out), "--workers", "1", "-q")
    assert sorted(p.name for p in out.iterdir()) == [".toolkit-bulk", "00003-post-000.md", "00004-post-001.md",
                                                     "00005-post-002.md", "index.md"]


def test_dry_run_offline_writes_nothing(folder, tmp_path, db_path):
    result = run("bulk", str(folder), "-p", "x", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "6 posts: 3 to produce, 0 already done, 0 from the cache, 3 unusable.",
        "The offline engine makes no calls: no tokens, no cost.",
    ]
    assert not db_path.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["posts"]


def test_status_and_jobs(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    run("bulk", str(folder), "-p", "x", "-o", str(out), "--workers", "1", "-q")
    listing = run("bulk", "jobs")
    job_id = listing.output.split()[0]
    assert "complete" in listing.output and "3 done     3 failed" in listing.output
    status = run("bulk", "status", job_id, "--failures")
    assert status.exit_code == 0
    assert status.output.startswith(f"Job {job_id} (offline, extractive-v1) from {folder}: complete; 3 done, 3 failed, 0 pending.")
    assert "  empty.md is empty" in status.output
    again = run("bulk", "status", job_id, "-o", str(tmp_path / "again.csv"))
    assert again.exit_code == 3 and (tmp_path / "again.csv").read_text("utf-8").startswith("key,source,kind")


@pytest.mark.parametrize("args, code, message", [
    (["-p", "x"], 1, "Error: Say where the results go: add --out FILE.jsonl"),
    (["-o", "x.jsonl", "--start", "2030-01-01"], 1, "Error: --start only applies to scheduler files: add --format hootsuite"),
    (["-o", "x.txt"], 1, "Error: Cannot tell the output format from 'x.txt'"),
    (["-o", "x.jsonl", "-p", "myspace"], 2, "Error: Unknown platform 'myspace'"),
    (["-o", "x.jsonl", "--batch-api"], 1, "Error: --batch-api sends the job to OpenAI: add --backend openai"),
    (["-o", "x.csv", "-f", "hootsuite", "--times", "9"], 1, "Error: Posting time '9' is not HH:MM"),
    (["-o", "x.csv", "-f", "sprout", "--account-id", "a"], 1, "Error: --account-id only applies to PostFast files"),
    (["-o", "x.csv", "--account-id", "a"], 1, "Error: --account-id only applies to scheduler files"),
    (["-o", "x.jsonl", "--templates", "/no/such/folder"], 1, "Error: Template folder '/no/such/folder' does not exist"),
])
def test_command_errors_are_one_line(folder, args, code, message):
    result = run("bulk", str(folder), *args)
    assert result.exit_code == code, result.output
    assert result.output.startswith(message) and result.output.count("\n") == 1


def test_unknown_job():
    result = run("bulk", "status", "abc")
    assert result.exit_code == 1 and result.output.startswith("Error: Bulk job 'abc' is not in the database")

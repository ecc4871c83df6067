"""The CLI as scripts use it: exit codes, one-line errors, the JSON shape, and what lands in SQLite."""

import json
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, arabic_fixture_paths
from toolkit.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_repurpose_json_shape_and_logged_run(db_path):
    result = run("--db", str(db_path), "repurpose", str(arabic_fixture_paths()[1]), "-p", "x", "-p", "instagram", "-n", "2", "-f", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) >= {"captions", "threads", "carousels", "hashtag_sets", "run_id"}
    caption = doc["captions"][0]
    assert {"platform", "text", "hashtags", "length", "limit"} <= set(caption)
    assert {c["platform"] for c in doc["captions"]} == {"x", "instagram"} and len(doc["captions"]) == 4
    assert all(c["length"] <= c["limit"] for c in doc["captions"])
    rows = sqlite3.connect(db_path).execute("select id, status, backend, source_language, platforms from runs").fetchall()
    assert rows == [(doc["run_id"], "ok", "offline", "ar", '["x", "instagram"]')]


def test_repurpose_from_stdin_as_csv():
    text = (EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")
    result = run("repurpose", "-", "-p", "bluesky", "-f", "csv", input=text)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "kind,platform,variant,angle,index,title,text,hashtags,length,limit,unit"
    assert "thread_post,bluesky" in result.output


def test_markdown_output_and_file_out(tmp_path):
    out = tmp_path / "out.md"
    result = run("repurpose", str(EXAMPLES / "ar_content_marketing.md"), "-p", "linkedin", "-o", str(out))
    assert result.exit_code == 0
    doc = out.read_text("utf-8")
    assert doc.startswith("# التسويق بالمحتوى") and '<div dir="rtl">' in doc and "/ 3000" in doc


def test_brief_file_and_options(tmp_path):
    brief = tmp_path / "brief.toml"
    brief.write_text('tone = "bold"\ncall_to_action = "Start your free trial"\nemoji = false\nvariants = 1\n', "utf-8")
    result = run("repurpose", str(EXAMPLES / "en_repurposing_guide.md"), "-p", "facebook", "--brief", str(brief), "--link", "https://acme.test/trial", "-f", "json")
    assert result.exit_code == 0, result.output
    caption = json.loads(result.output)["captions"][0]["text"]
    assert "Start your free trial: https://acme.test/trial" in caption and "💡" not in caption


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (lambda p: p.write_bytes(b""), [], "is empty"),
        (lambda p: p.write_bytes(b"\x00\x01\x02\x03" * 100), [], "looks like a binary file"),
        (lambda p: p.write_text("Title\n\nToo short to repurpose.", "utf-8"), [], "at least 40 words"),
        (lambda p: p.write_text("x", "utf-8"), ["-p", "friendster"], "Unknown platform 'friendster'"),
        (lambda p: None, [], "does not exist"),
        (lambda p: p.write_text("x " * 50, "utf-8"), ["--link", "not-a-url"], "link: Value error"),
        (lambda p: p.write_text("x " * 50, "utf-8"), ["--backend", "offline", "--templates", "/nonexistent/dir"], "does not exist"),
    ],
)
def test_bad_input_is_one_clear_line(tmp_path, setup, args, message):
    path = tmp_path / "post.md"
    setup(path)
    result = run("repurpose", str(path), *args)
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_history_and_show_round_trip(db_path):
    first = run("repurpose", str(EXAMPLES / "en_repurposing_guide.md"), "-p", "x", "-f", "json")
    run_id = json.loads(first.output)["run_id"]
    listed = run("history")
    assert listed.exit_code == 0 and "How to Turn One Blog Post" in listed.output and "offline" in listed.output
    assert "How to Turn" in run("history", "--search", "Blog Post").output
    assert "No runs match" in run("history", "--search", "zzz-nothing").output
    shown = run("show", str(run_id), "-f", "json")
    assert json.loads(shown.output)["captions"] == json.loads(first.output)["captions"]
    missing = run("show", "999")
    assert missing.exit_code == 1 and "Run 999 is not in the database" in missing.output


def test_failed_runs_are_logged_too(db_path):
    path = db_path.parent / "short.md"
    path.write_text("# Title\n\nToo short.", "utf-8")
    run("repurpose", str(path))
    status, error = sqlite3.connect(db_path).execute("select status, error from runs").fetchone()
    assert status == "error" and "at least 40 words" in error


def test_console_script_runs_in_a_real_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "toolkit.cli", "--db", str(tmp_path / "p.db"), "measure", "-p", "bluesky", "👨‍👩‍👧 hi"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("4 / 300")

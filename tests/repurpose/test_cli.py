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
    doc = json.loads(result.stdout)
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
    caption = json.loads(result.stdout)["captions"][0]["text"]
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
    run_id = json.loads(first.stdout)["run_id"]
    listed = run("history")
    assert listed.exit_code == 0 and "How to Turn One Blog Post" in listed.output and "offline" in listed.output
    assert "How to Turn" in run("history", "--search", "Blog Post").output
    assert "No runs match" in run("history", "--search", "zzz-nothing").output
    shown = run("show", str(run_id), "-f", "json")
    assert json.loads(shown.stdout)["captions"] == json.loads(first.stdout)["captions"]
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
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0 and proc.stdout.startswith("4 / 300")


def test_terminal_gets_a_compact_bidi_safe_summary(monkeypatch, db_path):
    monkeypatch.setattr("toolkit.repurpose.cli.stdout_is_terminal", lambda: True)
    result = run("repurpose", str(EXAMPLES / "ar_content_marketing.md"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) < 25 and max(len(line) for line in lines) <= 200
    assert '<div dir="rtl">' not in result.output and "\u2067" in result.output and "\u2069" in result.output
    for name, limit in (("X", 280), ("LinkedIn", 3000), ("Instagram", 2200)):
        row = next(line for line in lines if line.startswith(name + " "))
        assert f"/ {limit}" in row
    run_id = sqlite3.connect(db_path).execute("select max(id) from runs").fetchone()[0]
    assert f"Run {run_id} is stored in {db_path}" in result.output and f"toolkit show {run_id}" in result.output
    piped = run("repurpose", str(EXAMPLES / "en_repurposing_guide.md"), "-p", "x", "-f", "md")
    assert piped.output.startswith("# ")  # -f (or a pipe, or -o) gives the full document


def test_history_neutralises_bidi_overrides_and_matches_percent_literally(db_path):
    post = db_path.parent / "evil.md"
    body = " ".join(["Marketing teams publish useful posts every week for their readers."] * 8)
    post.write_text(f"# Sale \u202etxt.exe 100% off\x1b[2J\n\n{body}\n", "utf-8")
    assert run("repurpose", str(post), "-p", "x", "-f", "json").exit_code == 0
    other = db_path.parent / "plain.md"
    other.write_text(f"# Plain title\n\n{body}\n", "utf-8")
    assert run("repurpose", str(other), "-p", "x", "-f", "json").exit_code == 0
    listed = run("history").output
    assert "\u202e" not in listed and "\x1b" not in listed and "Sale txt.exe 100% off[2J" in listed
    matched = run("history", "-s", "%").output
    assert "100% off" in matched and "Plain title" not in matched
    assert "No runs match" in run("history", "-s", "_").output


def test_brief_with_bom_or_in_cp1256_is_read(tmp_path):
    for name, data in (("bom.json", b"\xef\xbb\xbf" + json.dumps({"tone": "bold"}).encode()),
                       ("ar.toml", 'call_to_action = "اقرأ المقال كاملاً"\n'.encode("cp1256"))):
        brief = tmp_path / name
        brief.write_bytes(data)
        result = run("repurpose", str(EXAMPLES / "ar_content_marketing.md"), "-p", "x", "--brief", str(brief), "-f", "json")
        assert result.exit_code == 0, result.output
    assert "اقرأ المقال كاملاً" in json.loads(result.stdout)["captions"][0]["text"]
    bad = tmp_path / "bin.json"
    bad.write_bytes(bytes(range(256)))
    result = run("repurpose", str(EXAMPLES / "ar_content_marketing.md"), "--brief", str(bad))
    assert result.exit_code == 1 and "Traceback" not in result.output and "binary" in result.output


def test_markdown_report_escapes_post_text(tmp_path):
    body = " ".join(["Marketing teams publish useful posts every week for their readers."] * 8)
    post = tmp_path / "x.md"
    post.write_text(f"# Title <script>alert(1)</script> ![p](http://host/p.png)\n\n{body}\n", "utf-8")
    out = run("repurpose", str(post), "-p", "x", "-f", "md").output
    assert "<script>" not in out and "![p](" not in out

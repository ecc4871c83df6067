"""The Batch API flow end to end against a faked Files/Batches API: submit, poll, download, parse, per-line errors."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from tests.bulk.fake_openai import FakeOpenAI, Faults
from tests.bulk.helpers import write_posts
from toolkit.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def server(monkeypatch, request):
    with FakeOpenAI(getattr(request, "param", None) or Faults(batch_polls=2)) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.url)
        yield srv


def test_submit_then_status_collects_and_writes_the_output(server, tmp_path, db_path):
    posts = write_posts(tmp_path / "posts", 3)
    (tmp_path / "posts" / "empty.md").write_text("", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    submitted = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "--batch-api", "-o", str(out))
    assert submitted.exit_code == 0, submitted.output
    assert "Submitted 9 requests for 3 posts in batch batch-" in submitted.output  # captions, thread, hashtags each
    job_id = submitted.output.split()[1].rstrip(":")
    assert f"Collect the results later with `toolkit bulk status {job_id}`" in submitted.output
    assert server.calls == [] and not out.exists()

    upload = next(iter(server.files.values()))
    lines = [json.loads(x) for x in upload.splitlines()]
    assert {x["url"] for x in lines} == {"/v1/chat/completions"} and {x["method"] for x in lines} == {"POST"}
    assert len({x["custom_id"] for x in lines}) == 9
    batch = next(iter(server.batches.values()))
    assert batch["completion_window"] == "24h" and batch["metadata"] == {"toolkit_job": job_id}

    status = run("bulk", "status", job_id)  # second poll: the fake batch completes
    assert status.exit_code == 3, status.output  # the empty post failed before anything was sent
    assert "3 posts done, 1 failed" in status.output and "empty.md is empty" in status.output
    results = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [r["key"] for r in results] == ["empty.md"] + [p.name for p in posts]
    done = [r for r in results if r["status"] == "done"]
    assert all(r["result"]["backend"] == "openai" and r["prompt_tokens"] > 0 and r["cost_usd"] > 0 for r in done)
    con = sqlite3.connect(db_path)
    assert con.execute("select status from bulk_batches").fetchall() == [("collected",)]
    assert con.execute("select count(*) from bulk_items where post_json is not null").fetchone() == (0,)
    assert con.execute("select finished_run, run_no from bulk_jobs").fetchone() == (1, 1)


@pytest.mark.parametrize("server", [Faults(batch_polls=1, batch_line_error_every=4)], indirect=True)
def test_failed_lines_are_repaired_or_replaced_and_wait_collects_in_one_go(server, tmp_path):
    write_posts(tmp_path / "posts", 2)
    out = tmp_path / "out.jsonl"
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "-p", "instagram", "--backend", "openai", "--batch-api",
                 "--wait", "--poll", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 posts done, 0 failed" in result.output
    results = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    warnings = [w for r in results for w in r["result"]["warnings"]]
    assert any("no usable model answer (batch request failed with status 500)" in w for w in warnings)


def test_a_post_with_no_answer_fails_and_is_resubmitted_by_the_next_run(server, tmp_path, db_path):
    write_posts(tmp_path / "posts", 1)
    args = ["bulk", str(tmp_path / "posts"), "-p", "bluesky", "--backend", "openai", "--batch-api", "-o", str(tmp_path / "o.jsonl")]
    first = run(*args)
    job_id = first.output.split()[1].rstrip(":")
    batch = next(iter(server.batches.values()))
    batch["_lines"] = []  # the batch comes back without this post's lines (expired before it ran)
    status = run("bulk", "status", job_id)
    assert status.exit_code == 3
    assert "the Batch API did not answer any request (no answer in the batch output); run the same command again to resubmit it." in status.output
    again = run(*args, "--wait", "--poll", "1")
    assert again.exit_code == 0, again.output
    assert "Submitted 3 requests for 1 posts" in again.output
    rows = sqlite3.connect(db_path).execute("select status, attempts from bulk_items").fetchall()
    assert rows == [("done", 2)]


def test_dry_run_shows_the_batch_price(server, tmp_path):
    write_posts(tmp_path / "posts", 1)
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "--batch-api", "--dry-run")
    assert result.exit_code == 0 and "with --batch-api)" in result.output
    assert server.files == {} and server.batches == {}


@pytest.mark.parametrize("server", [Faults(batch_polls=1, batch_line_error_every=2, batch_end="expired")], indirect=True)
def test_an_expired_batch_resubmits_its_half_answered_posts_and_logs_what_was_answered(server, tmp_path, db_path):
    write_posts(tmp_path / "posts", 2)
    args = ["bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "--batch-api", "-o", str(tmp_path / "o.jsonl")]
    first = run(*args, "--wait", "--poll", "1")
    assert first.exit_code == 3, first.output
    assert "0 posts done, 2 failed" in first.output and "batch batch-" in first.output and "ended expired" in first.output
    con = sqlite3.connect(db_path)
    assert con.execute("select count(*) from bulk_items where status = 'done'").fetchone() == (0,)
    answered = con.execute("select count(*), sum(cost_usd) from llm_calls where status != 'error'").fetchone()
    assert answered[0] == 3  # 6 requests, every second one never answered
    assert con.execute("select sum(cost_usd) from bulk_items").fetchone()[0] == pytest.approx(answered[1], rel=1e-12)
    assert con.execute("select count(distinct item_key) from llm_calls where job_id is not null").fetchone() == (2,)
    server.faults.batch_end, server.faults.batch_line_error_every = "completed", 0
    again = run(*args, "--wait", "--poll", "1")
    assert again.exit_code == 0, again.output
    assert "Submitted 6 requests for 2 posts" in again.output and "2 posts done, 0 failed" in again.output


@pytest.mark.parametrize("server", [Faults(reject_upload=True)], indirect=True)
def test_a_400_echoing_the_key_is_one_sentence_without_the_key(server, tmp_path, monkeypatch):
    key = "sk-proj-batchSECRET0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    write_posts(tmp_path / "posts", 1)
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "--batch-api", "-o", str(tmp_path / "o"))
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert key not in result.output and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: ") and "(400: Incorrect API key provided: Bearer [redacted])" in result.output


def test_a_closed_port_is_one_sentence(tmp_path, monkeypatch):
    from tests.llm.llm_fakes import free_port

    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")
    monkeypatch.setenv("TOOLKIT_LLM_MAX_RETRIES", "0")
    write_posts(tmp_path / "posts", 1)
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "--batch-api", "--retries", "0",
                 "-o", str(tmp_path / "o"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith("Error: Lost the connection to http://127.0.0.1:")

"""The OpenAI path against a loopback server with injected latency and faults."""

import json
import re
import sqlite3

import pytest
from click.testing import CliRunner

from tests.bulk.fake_openai import FakeOpenAI, Faults
from tests.bulk.helpers import post, write_posts
from toolkit.bulk import repurpose_many
from toolkit.cli import cli
from toolkit.store import Store


@pytest.fixture
def server(monkeypatch, request):
    faults = getattr(request, "param", None) or Faults()
    with FakeOpenAI(faults) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.url)
        yield srv


def run(*args):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("server", [Faults(script=["429", "500", "timeout", "ok", "slow", "500"], retry_after_ms=200,
                                           hang=2.0, slow_latency=0.3)], indirect=True)
def test_transient_faults_are_retried_and_every_post_finishes(server, db_path):
    posts = [post(i) for i in range(4)]
    with Store(db_path) as store:
        outcomes = list(repurpose_many(posts, platforms=["x"], backend="openai", concurrency=4, timeout=1.0,
                                       retries=3, store=store))
    assert [o.status for o in outcomes] == ["done"] * 4
    assert {c.fault for c in server.calls} == {"429", "500", "timeout", "ok", "slow"}
    assert len([c for c in server.calls if c.fault in ("ok", "slow")]) == 4 * 3  # captions, thread, hashtags per post
    assert all(o.prompt_tokens > 0 and o.completion_tokens > 0 and o.cost_usd > 0 for o in outcomes)
    assert {o.result.backend for o in outcomes} == {"openai"} and {o.result.language for o in outcomes} == {"en", "ar"}
    logged = sqlite3.connect(db_path).execute("select count(*), sum(retries) from llm_calls").fetchone()
    assert logged[0] == 12 and logged[1] >= 4


@pytest.mark.parametrize("server", [Faults(script=["429"], retry_after_ms=400, latency=0.02)], indirect=True)
def test_a_429_holds_back_only_the_refused_call_for_as_long_as_it_asks(server):
    outcomes = list(repurpose_many([post(i) for i in range(6)], platforms=["x"], backend="openai", concurrency=2))
    assert [o.status for o in outcomes] == ["done"] * 6
    refused = server.calls[0].at
    others = [c for c in server.calls[1:] if c.at < refused + 0.38]
    assert len(others) >= 4  # the other calls went on meanwhile ...
    assert len(server.calls) == 6 * 3 + 1  # ... and the refused one came back once, after its wait


@pytest.mark.parametrize("server", [Faults(rate_drop=0.05, rate_500=0.05, rate_429=0.03, retry_after_ms=50, seed=3)],
                         indirect=True)
def test_dropped_connections_and_5xx_lose_nothing_and_every_call_is_joined_and_paid(server, db_path):
    with Store(db_path) as store:
        outcomes = list(repurpose_many([post(i) for i in range(8)], platforms=["x", "linkedin"], backend="openai",
                                       concurrency=4, retries=5, store=store, job="faults"))
        assert [o.status for o in outcomes] == ["done"] * 8
        assert "drop" in {c.fault for c in server.calls}
        items = store.query("select key, cost_usd, prompt_tokens from bulk_items")
        logged = {r["item_key"]: r for r in store.query(
            "select c.item_key, sum(c.cost_usd) as cost, sum(c.prompt_tokens) as prompt from llm_calls c "
            "join bulk_items i on i.job_id = c.job_id and i.key = c.item_key group by c.item_key")}
    assert len(logged) == 8 and all(r["prompt"] > 0 for r in logged.values())
    for item in items:  # each post's cost is the sum of its logged calls
        assert item["cost_usd"] == pytest.approx(logged[item["key"]]["cost"])
        assert item["prompt_tokens"] == logged[item["key"]]["prompt"]


@pytest.mark.parametrize("server", [Faults(script=["ok", "500", "ok"])], indirect=True)
def test_a_failed_post_keeps_its_answered_calls_and_their_cost(server, db_path):
    with Store(db_path) as store:
        outcome = list(repurpose_many([post(0)], platforms=["x"], backend="openai", retries=0, concurrency=1,
                                      store=store, job="j"))[0]
        calls = store.query("select status, cost_usd from llm_calls where item_key = ? order by id", (outcome.key,))
        cost = store.query("select sum(cost_usd) as c from bulk_items")[0]["c"]
    assert outcome.status == "failed" and outcome.error_kind == "backend"
    assert [c["status"] for c in calls] == ["ok", "error", "ok"]  # the sibling calls still ran and were logged
    assert outcome.cost_usd > 0 and cost == pytest.approx(sum(c["cost_usd"] for c in calls))


@pytest.mark.parametrize("server", [Faults(latency=0.05)], indirect=True)
def test_concurrency_is_capped_across_posts(server):
    outcomes = list(repurpose_many([post(i) for i in range(6)], platforms=["x"], backend="openai", concurrency=3))
    assert [o.status for o in outcomes] == ["done"] * 6
    assert 2 <= server.max_in_flight <= 3


@pytest.mark.parametrize("server", [Faults(script=["500"])], indirect=True)
def test_a_post_the_server_keeps_failing_is_recorded_then_retried_by_the_next_run(server, db_path):
    with Store(db_path) as store:
        first = list(repurpose_many([post(0)], platforms=["bluesky"], backend="openai", retries=0, store=store, job="j"))
        assert first[0].status == "failed" and first[0].error_kind == "backend"
        assert "kept failing (500: The server had an error) after 1 try: try again later." in first[0].error
        second = list(repurpose_many([post(0)], platforms=["bluesky"], backend="openai", retries=0, store=store, job="j"))
    assert second[0].status == "done" and second[0].origin == "run"


@pytest.mark.parametrize("server", [Faults(rate_500=1.0)], indirect=True)
def test_when_every_post_fails_at_the_server_the_run_stops(server, tmp_path, db_path):
    folder = tmp_path / "posts"
    for i in range(40):
        (folder / f"{i:02d}.md").parent.mkdir(exist_ok=True)
        (folder / f"{i:02d}.md").write_text(post(i), encoding="utf-8")
    result = run("bulk", str(folder), "-p", "bluesky", "--backend", "openai", "--retries", "0", "-c", "2",
                 "-o", str(tmp_path / "out.jsonl"), "-q")
    assert result.exit_code == 1
    assert re.search(r"Error: The last (2[5-9]|3\d) posts all failed at the server \(", result.output)  # finished together
    assert "fix that, then run the same command again to continue." in result.output
    failed, pending = sqlite3.connect(db_path).execute(
        "select sum(status = 'failed'), sum(status = 'pending') from bulk_items").fetchone()
    assert failed >= 25 and failed + pending <= 40
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize("server", [Faults(script=["401"])], indirect=True)
def test_a_rejected_key_stops_the_run_with_one_line(server, tmp_path, db_path):
    write_posts(tmp_path / "posts", 2)
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "-o", str(tmp_path / "o.jsonl"), "-q")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith("Error: ") and "rejected the API key (401): check OPENAI_API_KEY." in result.output
    statuses = {r[0] for r in sqlite3.connect(db_path).execute("select status from bulk_items")}
    assert "failed" not in statuses  # not the posts' fault: the next run does them


def test_dry_run_estimates_tokens_and_cost_without_calling(server, tmp_path):
    write_posts(tmp_path / "posts", 2)
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2 posts: 2 to produce, 0 already done, 0 from the cache, 0 unusable."
    assert lines[1].startswith("Estimated 6 calls, ") and "with gpt-4o-mini (about $" in lines[1]
    assert server.calls == []


def test_cli_run_reports_tokens_and_cost(server, tmp_path, db_path):
    write_posts(tmp_path / "posts", 2)
    out = tmp_path / "o.jsonl"
    result = run("bulk", str(tmp_path / "posts"), "-p", "x", "--backend", "openai", "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert "2 posts done, 0 failed (0 finished by an earlier run, 0 from the cache); " in result.output
    assert " tokens, $0.00" in result.output
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert all(x["result"]["backend"] == "openai" and x["cost_usd"] > 0 for x in lines)

"""One post's calls run side by side; every call is joined to its run; the terminal says what happened;
prompts fit the server's window; a context error costs only its output."""

from __future__ import annotations

import asyncio
import json
import time

import httpx2
import pytest
from click.testing import CliRunner
from llm_fakes import (
    EXAMPLES,
    FakeOpenAI,
    LoopbackServer,
    completion,
    good_answer,
    kind_of,
    ok,
)

from toolkit.cli import cli
from toolkit.errors import BackendError
from toolkit.llm import calls_for_run
from toolkit.llm.backend import OpenAIBackend
from toolkit.llm.settings import LLMSettings
from toolkit.platforms import PLATFORM_KEYS, get_platform
from toolkit.repurpose import Brief, parse_text, repurpose
from toolkit.store import Store

EN_POST = (EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")
AR_POST = (EXAMPLES / "ar_content_marketing.md").read_text("utf-8")
ALL_OUTPUTS = 17  # 10 captions, 4 threads, 2 carousels, 1 hashtags


def slow_good(body: dict, headers: dict) -> dict:
    time.sleep(0.05)  # long enough for the calls to overlap
    arabic = "written in Arabic" in body["messages"][0]["content"]
    return completion(json.dumps(good_answer(kind_of(body), "ar" if arabic else "en"), ensure_ascii=False))


@pytest.mark.parametrize("concurrency", [1, 5])
def test_one_posts_calls_run_side_by_side_up_to_the_limit(tmp_path, concurrency):
    with LoopbackServer(slow_good) as server, Store(tmp_path / "t.db") as store:
        backend = OpenAIBackend.from_env(store=store, base_url=server.url, concurrency=concurrency)
        result = repurpose(EN_POST, Brief(variants=1), backend=backend, store=store)
    assert server.peak == concurrency and len(server.bodies) == ALL_OUTPUTS
    assert backend.last_usage.outcome() == f"{ALL_OUTPUTS} of {ALL_OUTPUTS} outputs written by the model"
    assert [c.platform for c in result.captions] == PLATFORM_KEYS  # in platform order whatever finished first


def test_the_async_path_shares_the_same_limit(tmp_path):
    with LoopbackServer(slow_good) as server:
        backend = OpenAIBackend.from_env(base_url=server.url, concurrency=3)
        asyncio.run(backend.adraft_with_usage(parse_text(EN_POST), Brief(variants=1),
                                              [get_platform(k) for k in PLATFORM_KEYS], language="en"))
    assert server.peak == 3 and len(server.bodies) == ALL_OUTPUTS


def test_concurrency_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("TOOLKIT_LLM_CONCURRENCY", "12")
    assert LLMSettings.from_env().concurrency == 12 and LLMSettings().concurrency == 20


def test_a_runs_calls_are_joined_to_it_with_prompt_answer_tokens_and_cost(make_backend, store):
    fake = FakeOpenAI(lambda body, n: ok(good_answer(kind_of(body)), prompt_tokens=1000, completion_tokens=100))
    backend = make_backend(fake)
    result = repurpose(EN_POST, Brief(variants=1), platforms=["x", "linkedin"], backend=backend, store=store)
    other = repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=backend, store=store)
    calls = calls_for_run(store, result.run_id)
    assert [c["task"] for c in calls] == ["captions/x", "thread/x", "captions/linkedin", "carousel/linkedin", "hashtags"]
    assert len(calls_for_run(store, other.run_id)) == 3
    assert json.loads(calls[0]["messages_json"])[1]["content"].startswith("The blog post (English)")
    assert json.loads(calls[0]["response_raw"])["choices"][0]["message"]["content"]
    assert all(c["prompt_tokens"] == 1000 and c["completion_tokens"] == 100 for c in calls)
    # 1,000 in and 100 out at gpt-4o-mini's $0.15 / $0.60 per million: $0.00021 a call
    assert sum(c["cost_usd"] for c in calls) == pytest.approx(5 * 0.00021)
    assert calls_for_run(store, 999) == []


def test_a_failed_run_keeps_its_calls_too(make_backend, store):
    fake = FakeOpenAI(lambda body, n: httpx2.Response(503, json={"error": {"message": "down"}}))
    with pytest.raises(BackendError, match="kept failing"):
        repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=make_backend(fake, max_retries=0), store=store)
    run_id = store.query("select max(id) as id from runs")[0]["id"]
    assert [c["status"] for c in calls_for_run(store, run_id)] == ["error"] * 3


def test_the_terminal_says_where_outputs_came_from_and_exit_3_when_none_came_from_the_model(tmp_path):
    def refusing(body: dict, headers: dict) -> dict:
        return completion(None, refusal="I can't help with that.")

    post = tmp_path / "post.md"
    post.write_text(EN_POST, encoding="utf-8")
    env = {"TOOLKIT_DB": str(tmp_path / "t.db")}
    with LoopbackServer(slow_good) as good, LoopbackServer(refusing) as bad:
        fine = CliRunner().invoke(cli, ["repurpose", str(post), "--backend", "openai", "--base-url", good.url,
                                        "-p", "x", "-c", "2"], env=env)
        refused = CliRunner().invoke(cli, ["repurpose", str(post), "--backend", "openai", "--base-url", bad.url,
                                           "-p", "x"], env=env)
    assert fine.exit_code == 0 and "3 of 3 outputs written by the model." in fine.stderr
    assert refused.exit_code == 3
    assert "0 of 3 outputs written by the model, 3 from the offline draft (refused answer ×3)" in refused.stderr
    assert "## X" in refused.stdout or "x" in refused.stdout.lower()  # the offline output is still written


def test_a_long_retry_after_is_stated_as_it_is(make_backend):
    limited = httpx2.Response(429, headers={"retry-after": "600"}, json={"error": {"message": "Rate limit reached"}})
    backend = make_backend(FakeOpenAI(lambda body, n: limited))
    with pytest.raises(BackendError, match=r"asks to wait 600 s \(about 10 min\): run again after that"):
        backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("x")], language="en")


# --- the context window -----------------------------------------------------------------------------


def test_a_context_error_ends_only_that_output_in_the_offline_draft(make_backend, store):
    too_long = httpx2.Response(400, json={"error": {"message": "the request exceeds the available context size, "
                                                               "try increasing it", "type": "exceed_context_size_error"}})
    fake = FakeOpenAI(lambda body, n: too_long if kind_of(body) == "carousel" else ok(good_answer(kind_of(body))))
    result = repurpose(EN_POST, Brief(variants=1), platforms=["linkedin"], backend=make_backend(fake), store=store)
    assert result.carousels  # from the offline draft
    warning = next(w for w in result.warnings if w.startswith("carousel/linkedin"))
    assert "does not fit the context window" in warning and "used the offline draft" in warning
    assert len(fake.of_kind("carousel")) == 1  # not retried: it would not fit the next time either


def tokenizing(body: dict, headers: dict) -> dict:
    if "messages" not in body:  # llama-server's /tokenize: about one token per 2 characters here
        return {"tokens": list(range(len(body["content"]) // 2 + 1))}
    arabic = "written in Arabic" in body["messages"][0]["content"]
    return completion(json.dumps(good_answer(kind_of(body), "ar" if arabic else "en"), ensure_ascii=False))


def test_prompts_and_the_repair_round_fit_the_window_the_server_reports(tmp_path):
    props = {"/props": {"default_generation_settings": {"n_ctx": 4096}, "total_slots": 1}}
    long_post = AR_POST + "\n\n" + "\n\n".join(AR_POST.split("\n\n")[1:]) * 6  # a few thousand words
    with LoopbackServer(tokenizing, get=props) as server:
        backend = OpenAIBackend.from_env(base_url=server.url)
        backend.draft(parse_text(long_post), Brief(variants=1), [get_platform("x"), get_platform("linkedin")], language="ar")
    chats = [b for b in server.bodies if "messages" in b]
    assert backend.server.context == 4096 and backend.concurrency == 1  # one slot: one call at a time
    for body in chats:
        prompt = sum(len(m["content"]) // 2 + 1 + 4 for m in body["messages"])
        assert body["max_tokens"] == 1024  # a quarter of the window
        assert prompt * 1.1 + 2 * 1024 + 400 <= 4096  # the repair round fits too
        assert "first part only" in body["messages"][1]["content"]


def test_the_context_setting_wins_over_the_server(monkeypatch):
    monkeypatch.setenv("TOOLKIT_LLM_CONTEXT", "8192")
    with LoopbackServer(tokenizing, get={"/props": {"default_generation_settings": {"n_ctx": 2048}}}) as server:
        backend = OpenAIBackend.from_env(base_url=server.url)
        assert backend.server.context == 8192

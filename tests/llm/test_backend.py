"""The OpenAI backend end to end on the real SDK with a faked transport: answers good and bad."""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest
from llm_fakes import EXAMPLES, FakeOpenAI, answering, completion, good_answer, kind_of, ok

from toolkit.errors import BackendError, ConfigError
from toolkit.lang import detect_language
from toolkit.platforms import get_platform
from toolkit.repurpose import Brief, parse_text, repurpose
from toolkit.repurpose.validate import violations
from toolkit.textlen import count

EN_POST = (EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")
AR_POST = (EXAMPLES / "ar_content_marketing.md").read_text("utf-8")


def calls(store, **where) -> list[dict]:
    clause = " and ".join(f"{k} = :{k}" for k in where) or "1"
    return store.query(f"select * from llm_calls where {clause} order by id", where)


def first_then(first, then=None, language="en"):
    """Answer the first captions request with ``first(body)``, the second with ``then``, everything else well."""
    seen = {"captions": 0}

    def respond(body: dict, n: int) -> httpx2.Response:
        kind = kind_of(body)
        if kind == "captions":
            seen["captions"] += 1
            if seen["captions"] == 1:
                return first(body)
            if then is not None:
                return then(body)
        return ok(good_answer(kind, language))

    return respond


# --- success ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language,post", [("en", EN_POST), ("ar", AR_POST)])
def test_success_composes_valid_outputs_and_logs_every_call(make_backend, store, language, post):
    fake = FakeOpenAI(answering(language))
    backend = make_backend(fake)
    result = repurpose(post, Brief(variants=1), platforms=["x", "linkedin"], backend=backend, store=store)

    assert result.backend == "openai" and result.language == language
    assert [c.platform for c in result.captions] == ["x", "linkedin"]
    assert [t.platform for t in result.threads] == ["x"] and [c.platform for c in result.carousels] == ["linkedin"]
    assert not any(c.repaired for c in result.captions) and not result.warnings
    assert violations(result) == []
    hook = good_answer("captions", language)["captions"][0]["hook"]
    assert all(c.text.startswith(hook) for c in result.captions)
    # captions/x, thread/x, captions/linkedin, carousel/linkedin, hashtags: one call each
    rows = calls(store)
    assert [r["task"] for r in rows] == ["captions/x", "thread/x", "captions/linkedin", "carousel/linkedin", "hashtags"]
    assert {r["status"] for r in rows} == {"ok"} and {r["attempt"] for r in rows} == {1}
    assert backend.last_usage.calls == 5 and backend.last_usage.prompt_tokens == 5 * 120
    assert backend.last_usage.cost_usd == pytest.approx(5 * (120 * 0.15 + 40 * 0.60) / 1e6)
    row = rows[0]
    assert row["template"] == "captions.j2" and len(row["template_hash"]) == 64
    assert json.loads(row["messages_json"])[0]["role"] == "system"
    assert json.loads(row["parameters_json"])["response_format"]["json_schema"]["name"] == "captions"
    assert json.loads(row["response_raw"])["choices"][0]["message"]["content"]
    assert json.loads(row["parsed_json"])["captions"][0]["hook"] == hook
    assert row["prompt_tokens"] == 120 and row["completion_tokens"] == 40 and row["latency_ms"] >= 0
    assert row["cost_usd"] == pytest.approx((120 * 0.15 + 40 * 0.60) / 1e6)


def test_requests_carry_the_schema_the_model_and_the_settings(make_backend):
    fake = FakeOpenAI(answering())
    backend = make_backend(fake, model="gpt-4.1-mini", temperature=0.2, max_tokens=900, extra_body={"repeat_penalty": 1.1})
    backend.draft(parse_text(EN_POST), Brief(variants=2), [get_platform("x")], language="en")
    body = fake.of_kind("captions")[0]
    assert body["model"] == "gpt-4.1-mini" and body["temperature"] == 0.2 and body["max_tokens"] == 900
    assert body["repeat_penalty"] == 1.1
    schema = body["response_format"]["json_schema"]
    assert schema["strict"] is True
    captions = schema["schema"]["properties"]["captions"]
    assert captions["minItems"] == captions["maxItems"] == 2  # variants from the brief
    item = schema["schema"]["$defs"]["CaptionAnswer"]["properties"]
    assert item["hashtags"]["maxItems"] == 2  # X: two hashtags in a caption (platform table)


def test_async_adraft_matches_sync_draft(make_backend):
    post = parse_text(EN_POST)
    platforms = [get_platform("x"), get_platform("instagram")]
    sync_drafts, sync_usage = make_backend(FakeOpenAI(answering())).draft_with_usage(post, Brief(variants=1), platforms, language="en")
    async_backend = make_backend(FakeOpenAI(answering()))
    async_drafts, async_usage = asyncio.run(async_backend.adraft_with_usage(post, Brief(variants=1), platforms, language="en"))
    assert async_drafts == sync_drafts
    assert async_usage == sync_usage and async_usage.calls == 5


# --- over the limit: ask again, then repair ----------------------------------------------------------


def _long_caption(body: dict) -> httpx2.Response:
    answer = good_answer("captions")
    answer["captions"][0]["hook"] = "Repurposing turns one article into a week of posts. " * 12
    answer["captions"][0]["hashtags"] = ["#One", "#Two", "#Three", "#Four"]
    return ok(answer)


def test_over_limit_answer_is_asked_again_with_the_specific_violations(make_backend, store):
    fake = FakeOpenAI(first_then(_long_caption))
    result = repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=make_backend(fake), store=store)

    first, second = fake.of_kind("captions")
    assert len(second["messages"]) == len(first["messages"]) + 2
    assert second["messages"][-2]["role"] == "assistant"
    fix = second["messages"][-1]["content"]
    assert "captions[x#0].text:" in fix and "over the limit of 280" in fix
    assert "4 hashtags, at most 2 allowed" in fix
    # The second answer was fine: nothing to repair.
    assert not result.captions[0].repaired
    rows = calls(store, task="captions/x")
    assert [(r["attempt"], r["status"]) for r in rows] == [(1, "violations"), (2, "ok")]
    assert json.loads(rows[1]["repairs_json"]) == []


def test_still_over_limit_after_asking_again_is_fitted_and_marked_repaired(make_backend, store):
    fake = FakeOpenAI(first_then(_long_caption, _long_caption))
    result = repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=make_backend(fake), store=store)

    caption = result.captions[0]
    assert caption.repaired and caption.length <= 280 and count(caption.text, "x") == caption.length
    assert len(caption.hashtags) <= 2
    assert len(fake.of_kind("captions")) == 2  # asked once more, not more
    final = calls(store, task="captions/x")[-1]
    assert final["status"] == "violations"
    assert any("over the limit of 280" in r for r in json.loads(final["repairs_json"]))


# --- broken answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad,status,told", [
    (lambda b: ok('{"captions": [{"angle": "summary", "hook": "Cut'), "invalid_json", "not valid JSON"),
    (lambda b: ok("Sure! Here are some captions: 1. Read our post"), "invalid_json", "not valid JSON"),
    (lambda b: ok({"captions": [{"angle": "summary"}]}), "invalid", "captions.0.hook: Field required"),
    (lambda b: ok(""), "empty", "Your answer was empty"),
    (lambda b: httpx2.Response(200, json=completion('{"captions": [{"hook": "one two', finish_reason="length")),
     "truncated", "cut off at the length limit"),
    (lambda b: httpx2.Response(200, json=completion(None, refusal="I can't help with that.")), "refused", "declined"),
])
def test_bad_answer_is_logged_and_asked_again_with_the_problem(make_backend, store, bad, status, told):
    fake = FakeOpenAI(first_then(bad))
    result = repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=make_backend(fake), store=store)

    assert result.captions[0].text.startswith(good_answer("captions")["captions"][0]["hook"])
    assert told in fake.of_kind("captions")[1]["messages"][-1]["content"]
    rows = calls(store, task="captions/x")
    assert [(r["attempt"], r["status"]) for r in rows] == [(1, status), (2, "ok")]
    assert rows[0]["response_raw"]  # the bad body is kept for inspection


@pytest.mark.parametrize("bad", [
    lambda b: ok("not json at all"),
    lambda b: httpx2.Response(200, json=completion(None, refusal="I can't help with that.")),
    lambda b: httpx2.Response(200, json=completion('{"captions": [', finish_reason="length")),
])
def test_unusable_twice_falls_back_to_the_offline_draft_without_crashing(make_backend, store, bad):
    fake = FakeOpenAI(first_then(bad, bad))
    result = repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=make_backend(fake), store=store)

    assert len(result.captions) == 1 and result.captions[0].length <= 280
    assert any("captions/x: no usable model answer" in w and "offline draft" in w for w in result.warnings)
    assert calls(store, task="captions/x")[-1]["fallback"]
    assert violations(result) == []


def test_wrong_language_is_asked_again_then_replaced_by_the_offline_arabic_draft(make_backend, store):
    english = lambda b: ok(good_answer("captions", "en"))  # noqa: E731
    fake = FakeOpenAI(first_then(english, english, language="ar"))
    result = repurpose(AR_POST, Brief(variants=1), platforms=["x"], backend=make_backend(fake), store=store)

    assert "written in en, expected ar" in fake.of_kind("captions")[1]["messages"][-1]["content"]
    assert result.language == "ar"
    text = result.captions[0].text
    assert "One post can fill" not in text and detect_language(text) == "ar"
    assert any("captions/x: no usable model answer (captions[x#0].text: written in en" in w for w in result.warnings)


def test_translation_request_with_unusable_answers_leaves_the_output_out(make_backend, store):
    junk = lambda b: ok("no")  # noqa: E731
    fake = FakeOpenAI(first_then(junk, junk))
    result = repurpose(AR_POST, Brief(variants=1, language="en"), platforms=["x"], backend=make_backend(fake), store=store)
    assert result.captions == [] and result.threads  # the thread answered fine
    assert any("left out" in w for w in result.warnings)


# --- transport failures ----------------------------------------------------------------------------------


def _errors_then_ok(errors: list[httpx2.Response | Exception]):
    def respond(body: dict, n: int) -> httpx2.Response:
        if n < len(errors):
            e = errors[n]
            if isinstance(e, Exception):
                raise e
            return e
        return ok(good_answer(kind_of(body)))
    return respond


def test_429_honours_retry_after_then_succeeds(make_backend, store):
    limited = httpx2.Response(429, headers={"retry-after": "2"}, json={"error": {"message": "Rate limit reached"}})
    backend = make_backend(FakeOpenAI(_errors_then_ok([limited])))
    _, usage = backend.draft_with_usage(parse_text(EN_POST), Brief(variants=1), [get_platform("linkedin")], language="en")
    assert backend.sleeps == [2.0]
    assert usage.retries == 1
    assert calls(store, task="captions/linkedin")[0]["retries"] == 1


def test_retry_after_ms_wins_over_backoff(make_backend):
    limited = httpx2.Response(429, headers={"retry-after-ms": "250"}, json={"error": {"message": "slow down"}})
    backend = make_backend(FakeOpenAI(_errors_then_ok([limited])))
    backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("linkedin")], language="en")
    assert backend.sleeps == [0.25]


def test_persistent_429_gives_one_clear_error_after_the_last_try(make_backend, store):
    limited = httpx2.Response(429, headers={"retry-after": "1"}, json={"error": {"message": "Rate limit reached"}})
    fake = FakeOpenAI(lambda body, n: limited)
    backend = make_backend(fake, max_retries=2)
    with pytest.raises(BackendError, match=r"Still rate limited by http://fake.test/v1 \(429\) after 3 tries"):
        backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("x")], language="en")
    # x needs captions, a thread and hashtags: each call tried 3 times, none answered, so the draft fails
    assert len(fake.bodies) == 9 and backend.sleeps == [1.0] * 6
    row = calls(store)[-1]
    assert row["status"] == "error" and "429" in row["error"] and row["retries"] == 2


def test_500_is_retried_with_growing_backoff(make_backend):
    boom = httpx2.Response(500, json={"error": {"message": "server exploded"}})
    backend = make_backend(FakeOpenAI(_errors_then_ok([boom, boom])))
    backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("linkedin")], language="en")
    assert len(backend.sleeps) == 2
    assert 0.5 <= backend.sleeps[0] <= 1.0 and 1.0 <= backend.sleeps[1] <= 2.0  # base 1 s, doubling, jitter


def test_persistent_500_fails_with_the_servers_reason(make_backend):
    boom = httpx2.Response(503, json={"error": {"message": "overloaded"}})
    backend = make_backend(FakeOpenAI(lambda body, n: boom), max_retries=1)
    with pytest.raises(BackendError, match=r"kept failing \(503: overloaded\) after 2 tries: try again later"):
        backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("x")], language="en")


def test_timeout_is_retried_then_reported(make_backend):
    timeout = httpx2.ReadTimeout("read timed out")
    backend = make_backend(FakeOpenAI(_errors_then_ok([timeout])))
    backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("linkedin")], language="en")
    assert len(backend.sleeps) == 1

    always = make_backend(FakeOpenAI(lambda body, n: (_ for _ in ()).throw(httpx2.ReadTimeout("slow"))), max_retries=1, timeout=7)
    with pytest.raises(BackendError, match=r"No answer from http://fake.test/v1 within 7 s after 2 tries: raise --timeout"):
        always.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("x")], language="en")


def test_async_client_retries_too(make_backend):
    limited = httpx2.Response(429, headers={"retry-after": "3"}, json={"error": {"message": "Rate limit"}})
    backend = make_backend(FakeOpenAI(_errors_then_ok([limited])))
    _, usage = asyncio.run(backend.adraft_with_usage(parse_text(EN_POST), Brief(variants=1), [get_platform("linkedin")], language="en"))
    assert backend.sleeps == [3.0] and usage.retries == 1


def test_bad_key_is_a_config_error_not_retried(make_backend):
    fake = FakeOpenAI(lambda body, n: httpx2.Response(401, json={"error": {"message": "Incorrect API key"}}))
    with pytest.raises(ConfigError, match=r"rejected the API key \(401\): check OPENAI_API_KEY"):
        make_backend(fake).draft(parse_text(EN_POST), Brief(variants=1), [get_platform("x")], language="en")
    assert len(fake.bodies) == 1


def test_unreachable_server_is_retried_then_fails_with_the_fix():
    from toolkit.llm.backend import OpenAIBackend

    sleeps: list[float] = []
    backend = OpenAIBackend.from_env(api_key="sk-x")  # OPENAI_BASE_URL: the dead loopback port (conftest)
    backend._sleep = sleeps.append
    with pytest.raises(BackendError, match=r"Lost the connection to http://127.0.0.1:\d+/v1 .*after 4 tries: check "
                                           r"that the server is running and OPENAI_BASE_URL points at it"):
        backend.draft(parse_text(EN_POST), Brief(variants=1), [get_platform("x")], language="en")
    assert len(sleeps) == 9  # 3 retries for each of the 3 calls, with the 5xx backoff


def test_a_dropped_connection_is_retried_like_a_5xx(make_backend, store):
    dropped = httpx2.RemoteProtocolError("Server disconnected without sending a response.")
    backend = make_backend(FakeOpenAI(_errors_then_ok([dropped, httpx2.ConnectError("Connection reset by peer")])))
    result = repurpose(EN_POST, Brief(variants=1), platforms=["linkedin"], backend=backend, store=store)
    assert len(backend.sleeps) == 2 and 0.5 <= backend.sleeps[0] <= 1.0 and 1.0 <= backend.sleeps[1] <= 2.0
    assert not result.warnings and calls(store, task="captions/linkedin")[0]["retries"] == 2


def test_a_call_failing_for_good_costs_only_its_output(make_backend, store):
    """The thread call keeps failing; the captions and hashtags already answered are kept and logged."""
    boom = httpx2.Response(503, json={"error": {"message": "overloaded"}})
    fake = FakeOpenAI(lambda body, n: boom if kind_of(body) == "thread" else ok(good_answer(kind_of(body))))
    backend = make_backend(fake, max_retries=1, concurrency=4)
    result = repurpose(EN_POST, Brief(variants=1), platforms=["x"], backend=backend, store=store)
    hook = good_answer("captions")["captions"][0]["hook"]
    assert result.captions[0].text.startswith(hook) and result.threads  # the thread from the offline draft
    assert any(w.startswith("thread/x: no usable model answer") and "503" in w for w in result.warnings)
    assert backend.last_usage.outcome() == "2 of 3 outputs written by the model, 1 from the offline draft (server error ×1)"
    rows = calls(store)
    assert {r["task"] for r in rows} == {"captions/x", "thread/x", "hashtags"}
    assert {r["run_id"] for r in rows} == {result.run_id}


def test_one_wrong_language_caption_is_dropped_and_the_others_kept(make_backend, store):
    def mixed(body: dict) -> httpx2.Response:
        answer = good_answer("captions", "ar", variants=3)
        answer["captions"][1] = good_answer("captions", "en")["captions"][0]
        return ok(answer)

    fake = FakeOpenAI(first_then(mixed, mixed, language="ar"))
    result = repurpose(AR_POST, Brief(variants=3), platforms=["x"], backend=make_backend(fake), store=store)
    assert [c.variant for c in result.captions] == [0, 1]
    assert all(detect_language(c.text) == "ar" for c in result.captions)
    assert result.warnings == ["captions/x: dropped 1 caption(s) (captions[x#1].text: written in en, expected ar)"]


def test_too_few_captions_are_kept_with_a_warning(make_backend, store):
    short = lambda b: ok(good_answer("captions", variants=1))  # noqa: E731
    fake = FakeOpenAI(first_then(short, short))
    result = repurpose(EN_POST, Brief(variants=3), platforms=["x"], backend=make_backend(fake), store=store)
    assert "1 of 3 captions" in fake.of_kind("captions")[1]["messages"][-1]["content"]
    assert len(result.captions) == 1 and result.warnings == ["captions/x: 1 of 3 captions"]

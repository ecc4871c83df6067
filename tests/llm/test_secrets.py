"""The API key is never stored, logged or printed, even when a server echoes it back."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner
from llm_fakes import EXAMPLES, KEY, FakeOpenAI, LoopbackServer, completion, good_answer, kind_of

from toolkit.cli import cli
from toolkit.errors import BackendError
from toolkit.platforms import get_platform
from toolkit.repurpose import Brief, parse_text, repurpose

POST = (EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")


def echo_key(body: dict, headers: dict) -> dict:
    """A careless server: the caller's Authorization header ends up in the response body."""
    auth = headers.get("authorization") or headers.get("Authorization") or ""
    answer = completion(json.dumps(good_answer(kind_of(body))))
    answer["id"] = f"chatcmpl-{auth}"
    answer["system_fingerprint"] = auth
    return answer


def db_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("toolkit.db"))


def test_key_echoed_by_the_server_is_not_in_the_database_or_the_logs(make_backend, store, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    fake = FakeOpenAI(lambda body, n: httpx2.Response(200, json=echo_key(body, fake.headers[-1])))
    repurpose(POST, Brief(variants=1), platforms=["x", "linkedin"], backend=make_backend(fake), store=store)

    assert fake.headers[0]["authorization"] == f"Bearer {KEY}"  # the key really was sent (and echoed)
    raw = store.query("select response_raw from llm_calls")[0]["response_raw"]
    assert "[redacted]" in raw
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_bytes(tmp_path)
    assert data and KEY.encode() not in data
    assert KEY not in caplog.text


def test_key_echoed_in_an_error_is_not_in_the_message_or_the_call_log(make_backend, store, tmp_path):
    def reject(body: dict, n: int) -> httpx2.Response:
        return httpx2.Response(400, json={"error": {"message": f"Bad request from key {KEY}", "type": "invalid_request_error"}})

    with pytest.raises(BackendError) as err:
        make_backend(FakeOpenAI(reject)).draft(parse_text(POST), Brief(variants=1), [get_platform("x")], language="en")
    assert KEY not in str(err.value) and "[redacted]" in str(err.value)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert KEY.encode() not in db_bytes(tmp_path)


def test_cli_run_prints_no_key_and_logs_every_call(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    db = tmp_path / "toolkit.db"
    with LoopbackServer(echo_key) as server:
        result = CliRunner().invoke(cli, ["--db", str(db), "repurpose", str(EXAMPLES / "en_repurposing_guide.md"),
                                          "--backend", "openai", "--base-url", server.url, "--model", "gpt-4o-mini",
                                          "--platform", "x", "-n", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert KEY not in result.output and KEY not in caplog.text
    assert "Usage: gpt-4o-mini: 3 call(s)" in result.output  # stderr: tokens and estimated cost
    assert len(server.bodies) == 3
    data = db_bytes(tmp_path)
    assert b"llm_calls" in data and KEY.encode() not in data

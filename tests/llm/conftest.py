"""Fixtures for the OpenAI backend: a faked transport, a loopback server, and the real local model.

No test here reaches the network: every OpenAI client talks to ``httpx2.MockTransport``, to a
server on 127.0.0.1, or (autouse) to a dead loopback port that fails at once.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_fakes import FAKE_URL, KEY, FakeOpenAI, free_port

from toolkit.llm.backend import OpenAIBackend
from toolkit.llm.settings import ENV_VARS, LLMSettings
from toolkit.repurpose.layout import Layout
from toolkit.store import Store


@pytest.fixture(autouse=True)
def _dead_openai(monkeypatch):
    """Any client a test forgot to fake hits a closed loopback port and fails fast."""
    for var in ENV_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{free_port()}/v1")


class Sleeps(list):
    """Records retry pauses instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    with Store(tmp_path / "toolkit.db") as s:
        yield s


@pytest.fixture
def make_backend(store):
    """An OpenAIBackend on a FakeOpenAI, logging to the test database, never really sleeping."""

    def build(fake: FakeOpenAI, **settings) -> OpenAIBackend:
        # One call at a time unless a test asks for more: scripted answers then arrive in plan order.
        config = LLMSettings(api_key=KEY, base_url=FAKE_URL, **{"concurrency": 1, **settings})
        sleeps = Sleeps()

        async def asleep(seconds: float) -> None:
            sleeps.append(seconds)

        backend = OpenAIBackend(config, layout=Layout(), store=store, client=fake.client(),
                                async_client=fake.async_client(), sleep=sleeps, async_sleep=asleep)
        backend.sleeps = sleeps  # type: ignore[attr-defined]
        return backend

    return build


# --- the real local model (llama-server + SmolLM2), for tests marked ``llm`` ------------------------

CACHE = Path(os.environ.get("TOOLKIT_CACHE", Path.home() / ".cache" / "toolkit"))
SERVER_BIN = CACHE / "llama-server"
MODEL_FILE = CACHE / "SmolLM2-135M-Instruct.Q4_1.gguf"


@pytest.fixture(scope="session")
def llama_server() -> Iterator[str]:
    """Base URL of a llama-server on a free loopback port; skipped when not set up, unless required."""
    if not (SERVER_BIN.is_file() and MODEL_FILE.is_file()):
        message = f"no local model: run scripts/setup_local_model.sh (looked in {CACHE})"
        if os.environ.get("TOOLKIT_REQUIRE_LLM") == "1":
            pytest.fail(message + "; TOOLKIT_REQUIRE_LLM=1 makes this a failure")
        pytest.skip(message)
    port = free_port()
    log = (CACHE / "llama-server-tests.log").open("wb")
    # One thread: this machine has about one core of real throughput (docs/REFERENCE.md section 7).
    proc = subprocess.Popen(
        [str(SERVER_BIN), "-m", str(MODEL_FILE), "-a", "smollm2", "--host", "127.0.0.1", "--port", str(port),
         "-c", "4096", "-np", "1", "-t", "1"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama-server did not start (see {log.name})")
            time.sleep(0.2)
        yield f"{base}/v1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


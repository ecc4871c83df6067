"""Prompt previews are the messages a run would send; copies override, and stay sandboxed."""

from __future__ import annotations

import pytest

from tests.app.conftest import ARABIC_POST
from toolkit.app.llm_session import SessionLLM
from toolkit.app.prompt_preview import (
    PREFIX,
    STALE_AFTER_S,
    CopiesFolder,
    kind_of,
    platforms_for,
    prompts_with,
    render_preview,
    save_copy,
    sweep_stale,
)
from toolkit.errors import ConfigError, TemplateError
from toolkit.repurpose import Brief

POST = ARABIC_POST.read_text("utf-8")


def test_preview_is_the_post_inside_the_prompt():
    messages = render_preview(prompts_with(None), POST, Brief(), "captions", "x", max_post_tokens=6000)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "<post>" in messages[1]["content"] and "ما هي الشبكات الاجتماعية" in messages[1]["content"]
    assert "280" in messages[1]["content"]  # X's limit, from the platform table


def test_a_copy_overrides_the_bundled_template_and_is_sandboxed(tmp_path):
    folder = CopiesFolder(tmp_path)
    copies = folder.save("captions.j2", "Only {{ platform.name }} for {{ post.title }}")
    try:
        messages = render_preview(prompts_with(copies), POST, Brief(), "captions", "x", max_post_tokens=6000)
        assert messages[1]["content"] == "Only X for ما هي الشبكات الاجتماعية؟"
        save_copy(copies, "captions.j2", "{{ post.__class__.__mro__ }}")
        with pytest.raises(TemplateError, match="unsafe"):
            render_preview(prompts_with(copies), POST, Brief(), "captions", "x", max_post_tokens=6000)
        save_copy(copies, "captions.j2", "{{ missing_variable }}")
        with pytest.raises(TemplateError, match="unknown variable"):
            render_preview(prompts_with(copies), POST, Brief(), "captions", "x", max_post_tokens=6000)
        with pytest.raises(ConfigError, match="leaves the templates folder"):
            save_copy(copies, "../escape.j2", "x")
    finally:
        folder.drop()
    assert not copies.exists()


def test_copies_folders_go_with_their_session_and_stale_ones_are_swept(tmp_path):
    import gc
    import os

    folder = CopiesFolder(tmp_path)
    path = folder.save("captions.j2", "x")
    assert path.exists() and path.name.startswith(PREFIX)
    del folder  # Streamlit dropped the session's state
    gc.collect()
    assert not path.exists()

    old, fresh = CopiesFolder(tmp_path), CopiesFolder(tmp_path)
    stale = old.path
    os.utime(stale, (1.0, 1.0))
    (tmp_path / f"{PREFIX}not-a-folder").write_text("keep")
    assert sweep_stale(tmp_path, now=STALE_AFTER_S + 10.0 + 1.0) == 1  # only the day-old folder
    assert not stale.exists() and fresh.path.exists() and (tmp_path / f"{PREFIX}not-a-folder").exists()
    old.drop()  # already gone: no error
    fresh.drop()


def test_kinds_and_their_platforms():
    assert kind_of("thread.j2") == "thread" and kind_of("partials/system.j2") is None
    assert platforms_for("carousel") == ["linkedin", "instagram"]
    assert platforms_for("hashtags") == []
    with pytest.raises(ConfigError, match="pick one"):
        render_preview(prompts_with(None), POST, Brief(), "thread", None, max_post_tokens=6000)


def test_session_key_is_secret_and_ready(monkeypatch):
    session = SessionLLM(api_key="sk-session-only", model="gpt-4o-mini")
    assert "sk-session-only" not in repr(session) and "sk-session-only" not in session.model_dump_json()
    assert session.ready()
    settings = session.settings()
    assert settings.api_key.get_secret_value() == "sk-session-only"
    monkeypatch.delenv("OPENAI_BASE_URL")
    assert not SessionLLM().ready()
    assert SessionLLM(base_url="http://127.0.0.1:8080/v1").ready()  # a local server needs no key
    assert not SessionLLM(base_url="not a url").ready()


def test_session_price_table_overrides_the_bundled_one():
    session = SessionLLM(prices={"my-model": {"input": 1.0, "output": 2.0}})
    assert session.price_table()["my-model"].output == 2.0
    assert "gpt-4o-mini" in SessionLLM().price_table()

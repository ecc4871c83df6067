"""Settings from the environment and flags; the key stays secret; no key means one clear sentence."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from llm_fakes import EXAMPLES

from toolkit.cli import cli
from toolkit.errors import ConfigError
from toolkit.llm.backend import OpenAIBackend
from toolkit.llm.settings import LLMSettings

NO_KEY = "No OpenAI key: set OPENAI_API_KEY, or run with --backend offline."


def test_environment_and_overrides(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://llm.example.com/v1/")
    monkeypatch.setenv("TOOLKIT_LLM_MODEL", "gpt-4.1-mini")
    monkeypatch.setenv("TOOLKIT_LLM_TEMPERATURE", "0.3")
    monkeypatch.setenv("TOOLKIT_LLM_TIMEOUT", "12.5")
    monkeypatch.setenv("TOOLKIT_LLM_EXTRA_BODY", '{"repeat_penalty": 1.1}')
    s = LLMSettings.from_env(model="gpt-4o", temperature=None)
    assert s.model == "gpt-4o"  # the flag wins
    assert s.temperature == 0.3 and s.timeout == 12.5 and s.extra_body == {"repeat_penalty": 1.1}
    assert s.base_url == "https://llm.example.com/v1"
    assert s.api_key is not None and s.api_key.get_secret_value() == "sk-env"
    assert "sk-env" not in repr(s) and "sk-env" not in str(s) and "sk-env" not in s.model_dump_json()


def test_invalid_values_name_the_variable(monkeypatch):
    monkeypatch.setenv("TOOLKIT_LLM_TEMPERATURE", "hot")
    with pytest.raises(ConfigError, match=r"TOOLKIT_LLM_TEMPERATURE: Input should be a valid number"):
        LLMSettings.from_env()


def test_no_key_is_one_sentence_with_the_fix(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL")
    with pytest.raises(ConfigError) as err:
        OpenAIBackend.from_env()
    assert str(err.value) == NO_KEY


def test_local_server_needs_no_key():
    s = LLMSettings(base_url="http://127.0.0.1:8080/v1")
    assert s.is_local
    s.require_credentials()
    assert not LLMSettings(base_url="https://api.example.com/v1").is_local
    assert LLMSettings(base_url="http://localhost:11434/v1").is_local


def test_schema_limits_are_off_for_openai_itself_and_on_for_other_servers():
    assert not LLMSettings().use_schema_limits
    assert not LLMSettings(base_url="https://api.openai.com/v1").use_schema_limits
    assert LLMSettings(base_url="http://127.0.0.1:8080/v1").use_schema_limits
    assert not LLMSettings(base_url="http://127.0.0.1:8080/v1", schema_limits=False).use_schema_limits


def test_base_url_credentials_never_shown():
    s = LLMSettings(base_url="https://user:pa55@llm.example.com/v1")
    assert s.safe_base_url == "https://llm.example.com/v1"


def test_cli_without_a_key_says_so_and_exits(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_BASE_URL")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), "repurpose", str(EXAMPLES / "en_repurposing_guide.md"),
                                      "--backend", "openai"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {NO_KEY}"


def test_a_base_url_is_shown_without_credentials_query_or_fragment():
    from toolkit.llm.settings import redact_url

    assert redact_url("https://user:pw@api.example.com:8443/v1?api-key=sk-secret#x") == "https://api.example.com:8443/v1"

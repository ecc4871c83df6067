"""Cost estimates from the editable price table, and offline token estimates."""

from __future__ import annotations

import pytest
from llm_fakes import EXAMPLES

from toolkit.errors import ConfigError
from toolkit.llm.pricing import estimate_cost, estimate_post_usage, estimate_tokens, load_prices
from toolkit.llm.settings import LLMSettings
from toolkit.platforms import resolve_platforms
from toolkit.repurpose import Brief, parse_text


def test_bundled_prices_give_exact_costs():
    assert estimate_cost("gpt-4o-mini", 1000, 500) == pytest.approx(0.00045, abs=1e-12)
    assert estimate_cost("gpt-4o", 1_000_000, 1_000_000) == pytest.approx(12.5)
    assert estimate_cost("gpt-4o-mini-2024-07-18", 1000, 500) == pytest.approx(0.00045)  # dated snapshot
    assert estimate_cost("gpt-4o-2024-08-06", 2000, 0) == pytest.approx(0.005)  # not gpt-4o-mini's price


def test_unknown_models_cost_nothing_and_are_logged(caplog):
    assert estimate_cost("my-local-llama", 1000, 1000) == 0.0
    assert "no price for model 'my-local-llama'" in caplog.text


def test_user_price_file_overrides_model_by_model(tmp_path, monkeypatch):
    mine = tmp_path / "prices.toml"
    mine.write_text('[models."gpt-4o-mini"]\ninput = 1.0\noutput = 2.0\n\n[models."house-model"]\ninput = 0.5\noutput = 0.5\n')
    prices = load_prices(mine)
    assert estimate_cost("gpt-4o-mini", 1_000_000, 1_000_000, prices=prices) == pytest.approx(3.0)
    assert estimate_cost("house-model", 2_000_000, 0, prices=prices) == pytest.approx(1.0)
    assert estimate_cost("gpt-4o", 1_000_000, 0, prices=prices) == pytest.approx(2.5)  # bundled entry kept
    monkeypatch.setenv("TOOLKIT_PRICES", str(mine))
    assert estimate_cost("house-model", 1_000_000, 0) == pytest.approx(0.5)


@pytest.mark.parametrize("content,message", [("[models", "not valid TOML"), ('[models."x"]\ninput = -1\noutput = 1', "bad entry")])
def test_broken_price_files_are_config_errors(tmp_path, content, message):
    bad = tmp_path / "prices.toml"
    bad.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_prices(bad)


def test_token_estimates_count_arabic_heavier():
    assert estimate_tokens("") == 0
    assert estimate_tokens("abcd" * 25) == 25
    assert estimate_tokens("مرحبا" * 4) == 10
    assert estimate_tokens("Hi مرحبا") == 4  # 3 ASCII chars -> 0.75, 5 Arabic -> 2.5


def test_post_estimate_counts_every_call_without_sending_any():
    post = parse_text((EXAMPLES / "en_repurposing_guide.md").read_text("utf-8"))
    usage = estimate_post_usage(post, Brief(variants=3), resolve_platforms(["x", "linkedin"]), LLMSettings())
    assert usage.calls == 5
    assert usage.prompt_tokens > 5 * estimate_tokens(post.text) * 0.9  # the post is in every prompt
    assert usage.completion_tokens > 0 and usage.retries == 0
    assert usage.cost_usd == pytest.approx(estimate_cost("gpt-4o-mini", usage.prompt_tokens, usage.completion_tokens))
    arabic = parse_text((EXAMPLES / "ar_content_marketing.md").read_text("utf-8"))
    ar_usage = estimate_post_usage(arabic, Brief(variants=3), resolve_platforms(["x"]), LLMSettings())
    en_usage = estimate_post_usage(post, Brief(variants=3), resolve_platforms(["x"]), LLMSettings())
    assert ar_usage.completion_tokens > en_usage.completion_tokens

"""Generation with OpenAI or any OpenAI-compatible server, from editable Jinja2 prompt templates.

Answers are parsed into pydantic models, checked against the platform rules, asked for once
more when they break them, and fitted deterministically when still wrong. Every call is logged
to SQLite with its cost; the API key never is.

Names load on first use: opening a database imports ``toolkit.llm.migrations``, which must not
pull in the OpenAI SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .backend import OpenAIBackend
    from .batch import drafts_from_batch_results, request_lines
    from .log import calls_for_item, calls_for_run
    from .models import ChatRequest, Reply, Usage
    from .pricing import estimate_cost, estimate_post_usage, estimate_tokens, load_prices
    from .prompts import Prompts
    from .settings import LLMSettings

__all__ = [
    "ChatRequest", "LLMSettings", "OpenAIBackend", "Prompts", "Reply", "Usage", "calls_for_item", "calls_for_run",
    "drafts_from_batch_results",
    "estimate_cost", "estimate_post_usage", "estimate_tokens", "load_prices", "request_lines",
]

__getattr__ = lazy_exports(__name__, {
    ".backend": ("OpenAIBackend",),
    ".batch": ("drafts_from_batch_results", "request_lines"),
    ".log": ("calls_for_item", "calls_for_run"),
    ".models": ("ChatRequest", "Reply", "Usage"),
    ".pricing": ("estimate_cost", "estimate_post_usage", "estimate_tokens", "load_prices"),
    ".prompts": ("Prompts",),
    ".settings": ("LLMSettings",),
})

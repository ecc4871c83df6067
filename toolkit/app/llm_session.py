"""The OpenAI backend built from what the user typed on the settings page, not from disk.

The key lives in ``st.session_state`` only, as a ``SecretStr`` (it prints as stars); the
environment (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``TOOLKIT_LLM_*``) fills what the session
leaves empty. Importing ``toolkit.llm`` loads the OpenAI SDK (most of a second), so this module
only does it when a user turns to OpenAI. The price table edited in the app is set on the backend directly
(``OpenAIBackend`` reads prices from a file path, and the app writes nothing to disk).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr

from ..errors import ConfigError


class SessionLLM(BaseModel):
    """What the settings page holds for one browser session."""

    model_config = ConfigDict(extra="forbid")

    api_key: SecretStr = SecretStr("")
    base_url: str = ""
    model: str = ""
    temperature: float | None = None
    prices: dict[str, dict[str, float]] | None = None  # model -> {input, output} USD per 1M tokens; None: bundled

    def settings(self):
        """Session values over the environment; empty fields fall back to it."""
        from ..llm.settings import LLMSettings

        return LLMSettings.from_env(
            api_key=self.api_key.get_secret_value() or None, base_url=self.base_url or None, model=self.model or None,
            temperature=self.temperature,
        )

    def ready(self) -> bool:
        """True when a run could reach a model: a key, or a server on this machine."""
        try:
            s = self.settings()
        except ConfigError:
            return False
        return s.api_key is not None or s.is_local

    def price_table(self) -> dict[str, Any]:
        """The prices runs are costed with: the session's table, else the bundled one."""
        from ..llm.pricing import Price, load_prices

        if self.prices is None:
            return load_prices()
        return {name: Price.model_validate(p) for name, p in self.prices.items()}


def openai_backend(session: SessionLLM, *, templates: Path | None, store: Any):
    """An ``OpenAIBackend`` for one run, with the session's settings and price table."""
    from ..llm.backend import OpenAIBackend
    from ..repurpose.layout import Layout

    backend = OpenAIBackend(session.settings(), layout=Layout(templates), store=store)
    backend.prices = session.price_table()
    return backend

"""Where and how to reach the model: OpenAI or any OpenAI-compatible server.

Read from the environment (the variables every OpenAI tool uses, plus ``TOOLKIT_LLM_*``), with
explicit overrides (CLI flags) taking precedence. The key is a ``SecretStr``: it prints as
``**********`` and is only unwrapped when the client is built.
"""

from __future__ import annotations

import ipaddress
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

from ..errors import ConfigError, describe_validation

DEFAULT_MODEL = "gpt-4o-mini"
REMOTE_TIMEOUT_S = 60.0
LOCAL_TIMEOUT_S = 600.0

# Environment variable -> settings field. OPENAI_* are the SDK's own names.
ENV_VARS: dict[str, str] = {
    "OPENAI_API_KEY": "api_key",
    "OPENAI_BASE_URL": "base_url",
    "TOOLKIT_LLM_MODEL": "model",
    "TOOLKIT_LLM_TEMPERATURE": "temperature",
    "TOOLKIT_LLM_TIMEOUT": "timeout",
    "TOOLKIT_LLM_MAX_RETRIES": "max_retries",
    "TOOLKIT_LLM_MAX_TOKENS": "max_tokens",
    "TOOLKIT_LLM_MAX_POST_TOKENS": "max_post_tokens",
    "TOOLKIT_LLM_CONCURRENCY": "concurrency",
    "TOOLKIT_LLM_CONTEXT": "context_tokens",
    "TOOLKIT_LLM_EXTRA_BODY": "extra_body",
    "TOOLKIT_LLM_SCHEMA_LIMITS": "schema_limits",
    "TOOLKIT_PRICES": "prices_path",
}


class LLMSettings(BaseModel):
    """Everything needed to call the model; nothing here is ever logged with the key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_key: SecretStr | None = None
    base_url: str | None = None  # None: api.openai.com
    model: str = DEFAULT_MODEL
    temperature: float = Field(default=0.7, ge=0, le=2)
    timeout: float | None = Field(default=None, gt=0)  # seconds per request; None: 60, or 600 for a local server
    max_retries: int = Field(default=3, ge=0, le=10)  # on 429, 5xx and timeouts
    max_tokens: int = Field(default=2000, ge=64)  # answer budget per call
    max_post_tokens: int = Field(default=6000, ge=50)  # longer posts are sent as an excerpt
    concurrency: int = Field(default=20, ge=1, le=64)  # one post's calls at once: all 17 of a post to every platform
    context_tokens: int | None = Field(default=None, ge=512)  # the model's window; None: ask the server, else a default
    extra_body: dict[str, Any] = Field(default_factory=dict)  # server-specific fields, e.g. repeat_penalty
    schema_limits: bool | None = None  # maxLength/maxItems in the schema; None: on except for api.openai.com
    prices_path: Path | None = None  # a TOML price table merged over the bundled one

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_is_none(cls, v: Any) -> Any:
        if isinstance(v, str) and not v.strip():
            return None
        return v

    @field_validator("base_url", mode="before")
    @classmethod
    def _blank_url_is_none(cls, v: Any) -> Any:
        if isinstance(v, str):
            v = v.strip().rstrip("/")
            if not v:
                return None
            if not v.lower().startswith(("http://", "https://")):
                raise ValueError("must start with http:// or https://")
        return v

    @field_validator("extra_body", mode="before")
    @classmethod
    def _json_object(cls, v: Any) -> Any:
        if isinstance(v, str):
            try:
                v = json.loads(v) if v.strip() else {}
            except json.JSONDecodeError as exc:
                raise ValueError(f"not valid JSON ({exc.msg})") from None
            if not isinstance(v, dict):
                raise ValueError("must be a JSON object")
        return v

    @classmethod
    def from_env(cls, **overrides: Any) -> LLMSettings:
        """Settings from the environment; ``overrides`` that are not None win (CLI flags)."""
        data: dict[str, Any] = {}
        for var, field in ENV_VARS.items():
            value = os.environ.get(var)
            if value is not None and value.strip():
                data[field] = value
        data.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            env_of = {f: v for v, f in ENV_VARS.items()}
            problems = describe_validation(exc, names=env_of)
            raise ConfigError(f"The OpenAI settings are invalid ({problems}): fix those values.") from None

    @property
    def is_local(self) -> bool:
        """True for a server on this machine (llama.cpp, Ollama, vLLM on loopback): no key needed."""
        return bool(self.base_url) and is_loopback(self.base_url or "")

    @property
    def request_timeout(self) -> float:
        """Seconds per request: a CPU-bound local model can take minutes on a long prompt, a hosted API should not."""
        if self.timeout is not None:
            return self.timeout
        return LOCAL_TIMEOUT_S if self.is_local else REMOTE_TIMEOUT_S

    @property
    def safe_base_url(self) -> str:
        """The base URL without any user:password part, for logs and messages."""
        return redact_url(self.base_url) if self.base_url else "https://api.openai.com/v1"

    @property
    def use_schema_limits(self) -> bool:
        """Length limits in the JSON schema let grammar-decoding servers (llama.cpp) stop in time; OpenAI's
        strict mode has rejected ``maxLength``, so they are off there unless asked for."""
        if self.schema_limits is not None:
            return self.schema_limits
        return bool(self.base_url) and (urlsplit(self.base_url or "").hostname or "") != "api.openai.com"

    def require_credentials(self) -> None:
        """Fail early, in one sentence, when calls could only fail for want of a key."""
        if self.api_key is None and not self.is_local:
            raise ConfigError("No OpenAI key: set OPENAI_API_KEY, or run with --backend offline.")

    def key_for_client(self) -> str:
        """The key handed to the SDK; local servers ignore it but the SDK insists on one."""
        return self.api_key.get_secret_value() if self.api_key else "no-key-needed-for-local-server"


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_url(url: str) -> str:
    """The URL as it may be shown or stored: no user, password, query or fragment (``?api-key=…`` is a secret)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

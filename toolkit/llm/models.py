"""Records that cross the seam between the toolkit and the model server."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Usage(BaseModel):
    """Tokens, calls and estimated cost of one or more drafts; ``+`` adds them up."""

    model_config = ConfigDict(extra="forbid")

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    cost_usd: float = 0.0
    retries: int = 0

    def __add__(self, other: "Usage") -> "Usage":
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            calls=self.calls + other.calls,
            cost_usd=round(self.cost_usd + other.cost_usd, 8),
            retries=self.retries + other.retries,
        )

    def summary(self, model: str) -> str:
        return (f"{model}: {self.calls} call(s), {self.prompt_tokens:,} tokens in, {self.completion_tokens:,} out, "
                f"estimated ${self.cost_usd:.4f}" + (f", {self.retries} retried" if self.retries else ""))


class ChatRequest(BaseModel):
    """One chat completion request exactly as sent (also the body of a Batch API line)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str
    messages: list[dict[str, str]]
    response_format: dict[str, Any]
    temperature: float
    max_tokens: int
    extra_body: dict[str, Any] = Field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        """The JSON body on the wire: SDK parameters plus the server-specific extras."""
        return {**self.model_dump(exclude={"extra_body"}), **self.extra_body}


class Reply(BaseModel):
    """What came back for one request, before any parsing of the answer itself."""

    model_config = ConfigDict(extra="forbid")

    content: str | None = None
    refusal: str | None = None
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    raw: str = ""  # the HTTP response body as received
    latency_ms: float = 0.0
    retries: int = 0

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
    outputs: int = 0  # outputs asked for (captions of one platform, one thread, one carousel, the hashtags)
    from_model: int = 0  # ... of which the model's answer was used
    fallbacks: dict[str, int] = Field(default_factory=dict)  # why the others were not: reason -> count
    left_out: int = 0  # fallbacks with no offline draft (a translation): missing from the result

    def __add__(self, other: Usage) -> Usage:
        reasons = dict(self.fallbacks)
        for reason, n in other.fallbacks.items():
            reasons[reason] = reasons.get(reason, 0) + n
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            calls=self.calls + other.calls,
            cost_usd=self.cost_usd + other.cost_usd,  # unrounded: totals equal the sum of the logged calls
            retries=self.retries + other.retries,
            outputs=self.outputs + other.outputs, from_model=self.from_model + other.from_model, fallbacks=reasons,
            left_out=self.left_out + other.left_out,
        )

    def outcome(self) -> str:
        """"12 of 17 outputs written by the model, 5 from the offline draft (refused answer ×3, wrong language ×2)"."""
        offline = self.outputs - self.from_model - self.left_out
        parts = [f"{offline} from the offline draft"] if offline else []
        parts += [f"{self.left_out} left out"] if self.left_out else []
        text = f"{self.from_model} of {self.outputs} outputs written by the model"
        if parts:
            why = ", ".join(f"{r} ×{n}" for r, n in sorted(self.fallbacks.items(), key=lambda x: (-x[1], x[0])))
            text += ", " + ", ".join(parts) + (f" ({why})" if why else "")
        return text

    def summary(self, model: str) -> str:
        return (f"{model}: {self.calls} call(s), {self.prompt_tokens:,} tokens in, {self.completion_tokens:,} out, "
                f"estimated ${self.cost_usd:.4f}" + (f", {self.retries} retried" if self.retries else "")
                + (f"; {self.outcome()}" if self.outputs else ""))


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

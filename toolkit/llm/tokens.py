"""Token counts without a tokenizer: an offline estimate good enough for budgets and dry runs.

Measured on OpenAI's o200k/cl100k tokenizers, English prose averages about 4 characters per
token and Arabic about 2 to 3 (Arabic words split into more pieces). Erring high keeps cost
estimates and context budgets on the safe side.
"""

from __future__ import annotations

import math

MESSAGE_OVERHEAD = 4  # role and separators the chat format adds per message


def estimate_tokens(text: str) -> int:
    """Approximate token count of ``text``: ASCII at 4 characters a token, everything else at 2."""
    if not text:
        return 0
    ascii_chars = len(text.encode("ascii", "ignore"))  # counted in C: this runs for every prompt of every post
    return math.ceil(ascii_chars / 4 + (len(text) - ascii_chars) / 2)


def estimate_message_tokens(messages: list[dict[str, str]]) -> int:
    return sum(estimate_tokens(m.get("content") or "") + MESSAGE_OVERHEAD for m in messages) + 3

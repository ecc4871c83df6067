"""Request and token rate limits shared by every call of a run.

``Bucket`` is the pure arithmetic (a token bucket refilled continuously); ``RateLimiter`` makes
callers wait their turn in order. Retries and ``Retry-After`` are not here: they follow the one
policy in ``toolkit.llm.client``, shared with ``toolkit repurpose``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class Bucket:
    """``per_minute`` units a minute, with bursts of up to a minute's worth."""

    def __init__(self, per_minute: float, now: float):
        if per_minute <= 0:
            raise ValueError("a rate limit must be positive")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.level = self.capacity
        self.stamp = now

    def _refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.stamp) * self.rate)
        self.stamp = now

    def wait(self, amount: float, now: float) -> float:
        """Seconds until ``amount`` can be taken (0 when it can be now)."""
        self._refill(now)
        amount = min(amount, self.capacity)  # a request bigger than a minute's budget waits for a full bucket
        return 0.0 if self.level >= amount else (amount - self.level) / self.rate

    def take(self, amount: float, now: float) -> None:
        self._refill(now)
        self.level -= min(amount, self.capacity)


class RateLimiter:
    """Waits until a call fits the requests-per-minute and tokens-per-minute budgets, first come first served."""

    def __init__(self, requests_per_minute: float | None = None, tokens_per_minute: float | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep):
        now = clock()
        self.requests = Bucket(requests_per_minute, now) if requests_per_minute else None
        self.tokens = Bucket(tokens_per_minute, now) if tokens_per_minute else None
        self._clock, self._sleep = clock, sleep
        self._lock = asyncio.Lock()

    def delay(self, tokens: int) -> float:
        """Seconds a call of ``tokens`` tokens would have to wait now."""
        now = self._clock()
        return max(
            0.0,
            self.requests.wait(1, now) if self.requests else 0.0,
            self.tokens.wait(tokens, now) if self.tokens else 0.0,
        )

    async def acquire(self, tokens: int = 0) -> None:
        async with self._lock:
            while (wait := self.delay(tokens)) > 0:
                await self._sleep(wait)
            now = self._clock()
            if self.requests:
                self.requests.take(1, now)
            if self.tokens:
                self.tokens.take(tokens, now)

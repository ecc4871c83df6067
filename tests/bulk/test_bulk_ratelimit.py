"""Rate limits with a fake clock: bucket arithmetic, queued callers, the shared pause, Retry-After parsing."""

import asyncio

import pytest

from toolkit.bulk.ratelimit import Bucket, RateLimiter


class Clock:
    def __init__(self):
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_bucket_starts_full_refills_continuously_and_caps_oversized_requests():
    b = Bucket(60, now=0.0)  # one a second
    assert b.wait(60, 0.0) == 0.0
    b.take(60, 0.0)
    assert b.wait(1, 0.0) == pytest.approx(1.0)
    assert b.wait(1, 0.5) == pytest.approx(0.5)
    assert b.wait(10_000, 0.5) == pytest.approx(59.5)  # never more than a full bucket


def test_requests_per_minute_spaces_calls_after_the_burst():
    clock = Clock()
    limiter = RateLimiter(requests_per_minute=120, clock=clock, sleep=clock.sleep)

    async def calls(n):
        for _ in range(n):
            await limiter.acquire()

    asyncio.run(calls(122))
    assert clock.slept == [0.5, 0.5]  # 120 at once (a minute's burst), then one every half second


def test_tokens_per_minute_waits_for_enough_tokens():
    clock = Clock()
    limiter = RateLimiter(tokens_per_minute=6000, clock=clock, sleep=clock.sleep)
    asyncio.run(limiter.acquire(5000))
    asyncio.run(limiter.acquire(3000))
    assert clock.slept == [20.0]  # 2,000 tokens short at 100 a second

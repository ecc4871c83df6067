"""The limiting transport under the SDK: the shared pause after a 429, token counting, the concurrency cap."""

import asyncio
import json

import httpx2

from toolkit.bulk.live import LimitedTransport
from toolkit.bulk.ratelimit import RateLimiter


def request(body: dict) -> httpx2.Request:
    return httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions", content=json.dumps(body).encode())


def test_tokens_are_the_prompt_estimate_plus_the_answer_budget():
    body = {"messages": [{"role": "user", "content": "a" * 400}], "max_tokens": 500}
    assert LimitedTransport.tokens(request(body)) == 100 + 4 + 3 + 500
    assert LimitedTransport.tokens(httpx2.Request("POST", "http://x", content=b"not json")) == 0


def test_no_more_calls_in_flight_than_the_cap():
    in_flight = [0, 0]

    async def go():
        async def handler(r):
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
            await asyncio.sleep(0.01)
            in_flight[0] -= 1
            return httpx2.Response(200, json={})

        transport = LimitedTransport(httpx2.MockTransport(handler), RateLimiter(), concurrency=3)
        await asyncio.gather(*(transport.handle_async_request(request({})) for _ in range(12)))

    asyncio.run(go())
    assert in_flight[1] == 3

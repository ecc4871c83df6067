"""Retry decisions and Retry-After parsing, exactly."""

from __future__ import annotations

import email.utils
import time

import httpx2
import openai
import pytest

from toolkit.llm.client import RetryPolicy, retry_after, retry_delay

REQUEST = httpx2.Request("POST", "http://fake.test/v1/chat/completions")


def status_error(status: int, headers: dict | None = None) -> openai.APIStatusError:
    response = httpx2.Response(status, headers=headers or {}, request=REQUEST, json={"error": {"message": "x"}})
    cls = {429: openai.RateLimitError, 400: openai.BadRequestError}.get(status, openai.InternalServerError)
    return cls("x", response=response, body=None)


def test_retry_after_forms():
    assert retry_after(httpx2.Headers({"retry-after": "3"})) == 3.0
    assert retry_after(httpx2.Headers({"retry-after": "1.5"})) == 1.5
    assert retry_after(httpx2.Headers({"retry-after-ms": "250", "retry-after": "9"})) == 0.25
    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= retry_after(httpx2.Headers({"retry-after": date})) <= 30
    assert retry_after(httpx2.Headers({})) is None


def test_backoff_doubles_with_jitter_and_stops_at_the_policy():
    policy = RetryPolicy(max_retries=3, base_delay=1.0, max_delay=20.0)
    err = status_error(500)
    assert [retry_delay(err, a, policy, rng=lambda: 1.0) for a in range(4)] == [1.0, 2.0, 4.0, None]
    assert retry_delay(err, 0, policy, rng=lambda: 0.0) == 0.5
    assert retry_delay(err, 9, RetryPolicy(max_retries=20, max_delay=20), rng=lambda: 1.0) == 20.0


def test_retry_after_is_honoured_but_a_very_long_one_is_final():
    policy = RetryPolicy(max_retries=3)
    assert retry_delay(status_error(429, {"retry-after": "7"}), 0, policy) == 7.0
    assert retry_delay(status_error(429, {"retry-after": "600"}), 0, policy) is None


@pytest.mark.parametrize("status,retried", [(400, False), (401, False), (404, False), (408, True), (409, True),
                                            (429, True), (500, True), (502, True)])
def test_which_statuses_are_retried(status, retried):
    response = httpx2.Response(status, request=REQUEST)
    err = openai.APIStatusError("x", response=response, body=None)
    assert (retry_delay(err, 0, RetryPolicy()) is not None) is retried


def test_timeouts_and_dropped_connections_are_retried_like_5xx():
    policy = RetryPolicy(max_retries=2)
    for exc in (openai.APITimeoutError(request=REQUEST), openai.APIConnectionError(request=REQUEST)):
        first, second = retry_delay(exc, 0, policy, rng=lambda: 1.0), retry_delay(exc, 1, policy, rng=lambda: 1.0)
        assert (first, second) == (1.0, 2.0)  # the same backoff as a 500 ...
        assert retry_delay(exc, 2, policy) is None  # ... and the same budget

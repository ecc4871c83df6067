"""Helpers for faking an OpenAI-compatible server: scripted responses on ``httpx2.MockTransport``."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

import httpx2
from openai import AsyncOpenAI, OpenAI

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
KEY = "sk-test-SECRET-4f9c2a7e1b"  # scanned for in logs and database files
FAKE_URL = "http://fake.test/v1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def completion(content: str | None, *, finish_reason: str = "stop", refusal: str | None = None,
               prompt_tokens: int = 120, completion_tokens: int = 40, model: str = "gpt-4o-mini") -> dict:
    return {
        "id": "chatcmpl-test", "object": "chat.completion", "created": 1700000000, "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def kind_of(body: dict) -> str:
    return body["response_format"]["json_schema"]["name"]


def good_answer(kind: str, language: str = "en", variants: int = 1) -> dict:
    """A valid, short answer for any platform (within X's 280 even with a link)."""
    ar = language == "ar"
    if kind == "captions":
        return {"captions": [{
            "angle": "summary",
            "hook": "مقال واحد يكفي لأسبوع من المنشورات" if ar else "One post can fill a week of social content",
            "body": ["أعد توظيف الأفكار لكل منصة." if ar else "Reuse each idea in the shape every platform likes."],
            "cta": "اقرأ المقال" if ar else "Read the post",
            "title": "إعادة توظيف المحتوى" if ar else "Repurposing content",
            "hashtags": ["#التسويق_بالمحتوى"] if ar else ["#ContentMarketing"],
        } for _ in range(variants)]}
    if kind == "thread":
        return {"hook": "سلسلة عن إعادة توظيف المحتوى" if ar else "A thread on repurposing content",
                "posts": ["ابدأ بالجمل التي تحمل فكرة كاملة." if ar else "Start with sentences that stand alone."],
                "cta": "اقرأ المقال" if ar else "Read the post", "hashtags": []}
    if kind == "carousel":
        return {"slides": [
            {"kind": "cover", "title": "إعادة توظيف المحتوى" if ar else "Repurpose content", "bullets": [], "body": ""},
            {"kind": "content", "title": "لماذا؟" if ar else "Why", "bullets": ["توفير الوقت" if ar else "It saves time"], "body": ""},
            {"kind": "cta", "title": "اقرأ المزيد" if ar else "Read more", "bullets": [], "body": ""},
        ]}
    return {"hashtags": [{"tag": "#التسويق" if ar else "#Marketing", "kind": "broad"},
                         {"tag": "#التسويق_بالمحتوى" if ar else "#ContentMarketing", "kind": "niche"}]}


class FakeOpenAI:
    """A scripted chat-completions endpoint: ``respond(body, n)`` returns the n-th response (0-based)."""

    def __init__(self, respond: Callable[[dict, int], httpx2.Response]):
        self.respond = respond
        self.bodies: list[dict] = []
        self.headers: list[dict] = []

    def handler(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.bodies.append(body)
        self.headers.append(dict(request.headers))
        return self.respond(body, len(self.bodies) - 1)

    def client(self) -> OpenAI:
        return OpenAI(api_key=KEY, base_url=FAKE_URL, max_retries=0,
                      http_client=httpx2.Client(transport=httpx2.MockTransport(self.handler)))

    def async_client(self) -> AsyncOpenAI:
        return AsyncOpenAI(api_key=KEY, base_url=FAKE_URL, max_retries=0,
                           http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(self.handler)))

    def of_kind(self, kind: str) -> list[dict]:
        return [b for b in self.bodies if kind_of(b) == kind]


def ok(content: dict | str, **kw) -> httpx2.Response:
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    return httpx2.Response(200, json=completion(text, **kw))


def answering(language: str = "en", variants: int = 1) -> Callable[[dict, int], httpx2.Response]:
    return lambda body, n: ok(good_answer(kind_of(body), language, variants))


class LoopbackServer:
    """A tiny OpenAI-compatible chat completions server on 127.0.0.1, answering with ``respond(body, headers)``."""

    def __init__(self, respond: Callable[[dict, dict], dict], get: dict[str, dict] | None = None,
                 status: Callable[[dict], int] | None = None):
        """``get`` answers GET paths (``/props``); ``status`` picks a response's HTTP status (default 200)."""
        import http.server
        import threading

        outer = self
        self.bodies: list[dict] = []
        self.in_flight = self.peak = 0
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = (get or {}).get(self.path)
                data = json.dumps(found or {"error": "not found"}).encode()
                self.send_response(200 if found is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with lock:
                    outer.bodies.append(body)
                    outer.in_flight += 1
                    outer.peak = max(outer.peak, outer.in_flight)
                try:
                    answer = respond(body, dict(self.headers))
                finally:
                    with lock:
                        outer.in_flight -= 1
                data = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status(answer) if status else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

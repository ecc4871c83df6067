"""A loopback OpenAI-compatible server for tests and the benchmark: chat completions, Files and Batches.

Pure asyncio (no web framework): HTTP/1.1 with keep-alive, one JSON route per endpoint. Answers
are valid for the toolkit's response schemas (captions, thread, carousel, hashtags) and written
in the language of the post in the request, so the OpenAI backend accepts them on the first try.

Faults are injected per chat call from a seeded random stream or a fixed script:
``ok``, ``429`` (with ``retry-after-ms``), ``500``, ``401``, ``timeout`` (answers after ``hang`` seconds,
past the client's timeout), ``slow`` (answers after ``slow_latency``) and ``drop`` (closes the connection
without an answer, like a reset or a restarting server). Every call is recorded
(arrival time, fault, in-flight count) so tests can assert what the client did.

Run it in a thread (``FakeOpenAI().start()``, for tests) or as its own process for the
benchmark: ``python fake_openai.py --latency 0.2`` prints ``PORT <n>`` and serves until killed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

AR_WORDS = ["التسويق", "بالمحتوى", "يبني", "الثقة", "مع", "العملاء", "ويزيد", "المبيعات", "في", "السوق", "الرقمي",
            "خطة", "واضحة", "تساعد", "الفريق", "على", "النشر", "بانتظام", "وقياس", "النتائج"]
EN_WORDS = ["content", "marketing", "builds", "trust", "with", "customers", "and", "grows", "sales", "in", "every",
            "market", "a", "clear", "plan", "helps", "the", "team", "publish", "regularly"]
AR_TAGS = ["#التسويق", "#المحتوى", "#التسويق_الرقمي", "#ريادة_الأعمال", "#النمو", "#العملاء", "#الإعلان", "#البيع"]
EN_TAGS = ["#marketing", "#content", "#contentmarketing", "#growth", "#smallbusiness", "#branding", "#sales", "#social"]


@dataclass
class Faults:
    """Which chat calls fail and how; ``script`` (if given) decides the first calls, then the rates apply."""

    latency: float = 0.0  # seconds before every answer
    rate_429: float = 0.0
    rate_500: float = 0.0
    rate_timeout: float = 0.0
    rate_slow: float = 0.0
    rate_drop: float = 0.0
    retry_after_ms: int = 100
    hang: float = 3.0  # a "timeout" answers after this long
    slow_latency: float = 0.5
    script: list[str] = field(default_factory=list)
    seed: int = 0
    batch_polls: int = 2  # GETs of a batch before it completes
    batch_line_error_every: int = 0  # every n-th batch request fails (0: none), or is missing when the batch expires
    batch_end: str = "completed"  # or "expired": the unanswered requests are simply not in the output
    reject_upload: bool = False  # a careless server: 400 on upload, echoing the Authorization header


@dataclass
class Call:
    at: float
    fault: str
    in_flight: int
    kind: str


class FakeOpenAI:
    """The server; ``url`` is the base URL to give the client (ends in /v1)."""

    def __init__(self, faults: Faults | None = None, host: str = "127.0.0.1", port: int = 0):
        self.faults = faults or Faults()
        self.host, self.port = host, port
        self.calls: list[Call] = []
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self._rng = random.Random(self.faults.seed)
        self._script = list(self.faults.script)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None
        self._ids = 0

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    # -- lifecycle ------------------------------------------------------------------------------

    async def serve(self) -> None:
        self._server = await asyncio.start_server(self._handle, self.host, self.port, backlog=1024)
        self.port = self._server.sockets[0].getsockname()[1]

    def start(self) -> FakeOpenAI:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.serve())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is None:
            return

        async def close() -> None:
            assert self._server is not None
            self._server.close()
            for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                task.cancel()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        assert self._thread is not None
        self._thread.join(5)

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- HTTP -----------------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = h.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                status, extra, payload = await self._route(method, target.split("?")[0], headers, body)
                if status == 0:  # a dropped connection: no answer at all
                    writer.transport.abort()
                    return
                head = [f"HTTP/1.1 {status} {'OK' if status < 400 else 'Error'}",
                        f"content-length: {len(payload)}", "content-type: application/json", *extra]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError, ValueError):
            pass
        finally:
            writer.close()

    async def _route(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, list[str], bytes]:
        if method == "POST" and path.endswith("/chat/completions"):
            return await self._chat(json.loads(body))
        if method == "POST" and path.endswith("/files"):
            if self.faults.reject_upload:
                return 400, [], _error(f"Incorrect API key provided: {headers.get('authorization', '')}", "invalid_request_error")
            return self._upload(headers, body)
        if method == "GET" and path.endswith("/content") and "/files/" in path:
            file_id = path.split("/files/")[1].split("/")[0]
            return 200, [], self.files[file_id]
        if method == "POST" and path.endswith("/batches"):
            return 200, [], json.dumps(self._create_batch(json.loads(body))).encode()
        if method == "GET" and "/batches/" in path:
            return 200, [], json.dumps(self._poll_batch(path.split("/batches/")[1])).encode()
        return 404, [], json.dumps({"error": {"message": f"no route {method} {path}", "type": "invalid_request_error"}}).encode()

    # -- chat -----------------------------------------------------------------------------------

    def _fault(self) -> str:
        if self._script:
            return self._script.pop(0)
        f, r = self.faults, self._rng.random()
        for name, rate in (("429", f.rate_429), ("500", f.rate_500), ("timeout", f.rate_timeout), ("slow", f.rate_slow),
                           ("drop", f.rate_drop)):
            if r < rate:
                return name
            r -= rate
        return "ok"

    async def _chat(self, request: dict[str, Any]) -> tuple[int, list[str], bytes]:
        fault = self._fault()
        kind = request.get("response_format", {}).get("json_schema", {}).get("name", "text")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self.calls.append(Call(time.monotonic(), fault, self.in_flight, kind))
        try:
            wait = {"timeout": self.faults.hang, "slow": self.faults.slow_latency}.get(fault, self.faults.latency)
            if wait:
                await asyncio.sleep(wait)
            if fault == "429":
                ms = self.faults.retry_after_ms
                return 429, [f"retry-after-ms: {ms}", f"retry-after: {max(1, round(ms / 1000))}"], _error("Rate limit reached", "rate_limit_exceeded")
            if fault == "500":
                return 500, [], _error("The server had an error", "server_error")
            if fault == "drop":
                return 0, [], b""
            if fault == "401":
                return 401, [], _error("Incorrect API key provided", "invalid_api_key")
            return 200, [], json.dumps(self.completion(request)).encode()
        finally:
            self.in_flight -= 1

    def completion(self, request: dict[str, Any]) -> dict[str, Any]:
        """A chat completion answering ``request`` in its schema and the post's language."""
        fmt = request.get("response_format", {}).get("json_schema", {})
        text = " ".join(m.get("content") or "" for m in request.get("messages", []) if m.get("role") == "user")
        content = json.dumps(answer(fmt.get("name", ""), fmt.get("schema", {}), _arabic(text)), ensure_ascii=False)
        self._ids += 1
        prompt = sum(len(m.get("content") or "") for m in request.get("messages", [])) // 4
        completion = len(content) // 4
        return {
            "id": f"chatcmpl-{self._ids}", "object": "chat.completion", "created": 0, "model": request.get("model", "fake"),
            "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                         "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
        }

    # -- Files and Batches ----------------------------------------------------------------------

    def _new_id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}-{self._ids}"

    def _upload(self, headers: dict[str, str], body: bytes) -> tuple[int, list[str], bytes]:
        boundary = headers["content-type"].split("boundary=")[1].strip('"').encode()
        fields: dict[str, bytes] = {}
        for part in body.split(b"--" + boundary):
            head, sep, content = part.partition(b"\r\n\r\n")
            if not sep:
                continue
            name = head.split(b'name="')[1].split(b'"')[0].decode()
            fields[name] = content.removesuffix(b"\r\n")
        file_id = self._new_id("file")
        self.files[file_id] = fields["file"]
        obj = {"id": file_id, "object": "file", "bytes": len(fields["file"]), "created_at": 0, "filename": "batch.jsonl",
               "purpose": fields.get("purpose", b"batch").decode(), "status": "processed"}
        return 200, [], json.dumps(obj).encode()

    def _create_batch(self, body: dict[str, Any]) -> dict[str, Any]:
        batch_id = self._new_id("batch")
        lines = [json.loads(x) for x in self.files[body["input_file_id"]].splitlines() if x.strip()]
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
            "input_file_id": body["input_file_id"], "completion_window": body["completion_window"],
            "status": "validating", "output_file_id": None, "error_file_id": None, "created_at": 0,
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0}, "metadata": body.get("metadata"),
            "_lines": lines, "_polls": 0,
        }
        return _public(self.batches[batch_id])

    def _poll_batch(self, batch_id: str) -> dict[str, Any]:
        batch = self.batches[batch_id]
        batch["_polls"] += 1
        if batch["status"] in ("completed", "expired"):
            return _public(batch)
        batch["status"] = "in_progress"
        if batch["_polls"] >= self.faults.batch_polls:
            self._complete(batch)
        return _public(batch)

    def _complete(self, batch: dict[str, Any]) -> None:
        good, bad = [], []
        every = self.faults.batch_line_error_every
        for n, line in enumerate(batch["_lines"], 1):
            rid = self._new_id("batch_req")
            if every and n % every == 0 and self.faults.batch_end == "expired":
                continue
            if every and n % every == 0:
                bad.append({"id": rid, "custom_id": line["custom_id"], "error": None,
                            "response": {"status_code": 500, "request_id": rid,
                                         "body": {"error": {"message": "The server had an error", "type": "server_error"}}}})
                continue
            good.append({"id": rid, "custom_id": line["custom_id"], "error": None,
                         "response": {"status_code": 200, "request_id": rid, "body": self.completion(line["body"])}})
        batch["output_file_id"] = self._store_lines(good)
        batch["error_file_id"] = self._store_lines(bad) if bad else None
        batch["request_counts"] = {"total": len(batch["_lines"]), "completed": len(good), "failed": len(bad)}
        batch["status"] = self.faults.batch_end

    def _store_lines(self, lines: list[dict[str, Any]]) -> str:
        file_id = self._new_id("file")
        self.files[file_id] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
        return file_id


def _public(batch: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in batch.items() if not k.startswith("_")}


def _error(message: str, code: str) -> bytes:
    return json.dumps({"error": {"message": message, "type": code, "code": code}}).encode()


def _arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return sum("\u0600" <= c <= "\u06ff" for c in letters) > len(letters) * 0.3


# --- answers that fit the toolkit's schemas ----------------------------------------------------


def _sentence(arabic: bool, n: int, offset: int, max_length: int | None) -> str:
    words = AR_WORDS if arabic else EN_WORDS
    text = " ".join(words[(offset + i) % len(words)] for i in range(n))
    text = text[0].upper() + text[1:] + "."
    if max_length is not None and len(text) > max_length:
        text = text[: max(1, max_length - 1)].rsplit(" ", 1)[0] + "."
    return text


def answer(kind: str, schema: dict[str, Any], arabic: bool) -> dict[str, Any]:
    """A valid answer for the schema named ``kind``, filled generically from the schema itself."""
    defs = schema.get("$defs", {})

    def resolve(node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            node = defs[node["$ref"].split("/")[-1]]
        return node

    def fill(node: dict[str, Any], name: str, index: int, siblings: int) -> Any:
        node = resolve(node)
        if "anyOf" in node:
            return fill(next(n for n in node["anyOf"] if n.get("type") != "null"), name, index, siblings)
        if "enum" in node:
            values = node["enum"]
            if name == "kind" and "cover" in values:  # slides: cover first, cta last
                return "cover" if index == 0 else "cta" if index == siblings - 1 else "content"
            return values[0]
        kind_of = node.get("type")
        if kind_of == "object":
            return {k: fill(v, k, index, siblings) for k, v in node.get("properties", {}).items()}
        if kind_of == "array":
            wanted = {"slides": 5, "captions": 3, "posts": 2, "body": 2, "bullets": 2, "hashtags": 3}.get(name, 1)
            n = max(node.get("minItems", 0), min(wanted, node.get("maxItems", wanted)))
            tags = AR_TAGS if arabic else EN_TAGS
            items = node.get("items", {})
            if resolve(items).get("type") == "string" and name == "hashtags":
                return tags[:n]
            return [fill(items, name, i, n) for i in range(n)]
        if kind_of == "string":
            if name == "tag":
                return (AR_TAGS if arabic else EN_TAGS)[index % len(AR_TAGS)]
            if name == "angle":
                return ["summary", "question", "insight", "list", "statistic"][index % 5]
            length = {"hook": 8, "title": 5, "cta": 5, "body": 12, "posts": 14, "bullets": 7}.get(name, 6)
            return _sentence(arabic, length, index * 3 + len(name), node.get("maxLength"))
        if kind_of == "integer":
            return 1
        if kind_of == "boolean":
            return False
        return None

    return fill(schema, kind, 0, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--rate-500", type=float, default=0.0)
    parser.add_argument("--rate-timeout", type=float, default=0.0)
    parser.add_argument("--hang", type=float, default=3.0)
    parser.add_argument("--retry-after-ms", type=int, default=100)
    parser.add_argument("--rate-slow", type=float, default=0.0)
    parser.add_argument("--slow-latency", type=float, default=0.5)
    parser.add_argument("--rate-drop", type=float, default=0.0)
    args = parser.parse_args()
    server = FakeOpenAI(Faults(latency=args.latency, rate_429=args.rate_429, rate_500=args.rate_500,
                               rate_timeout=args.rate_timeout, hang=args.hang, retry_after_ms=args.retry_after_ms,
                               rate_slow=args.rate_slow, slow_latency=args.slow_latency, rate_drop=args.rate_drop),
                        port=args.port)

    async def run() -> None:
        await server.serve()
        print(f"PORT {server.port}", flush=True)
        while True:
            await asyncio.sleep(3600)

    asyncio.run(run())


if __name__ == "__main__":
    main()

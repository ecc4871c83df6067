"""What an OpenAI-compatible server says about itself: its context window, slots and tokenizer.

llama-server reports its context (``/props``: ``default_generation_settings.n_ctx``) and parallel
slots (``total_slots``) and counts tokens exactly (``/tokenize``); prompts are then sized to the
real window instead of a guess. Only loopback servers are asked (one short request, once per
process and base URL); elsewhere, and when a server does not answer, the defaults stand.
"""

from __future__ import annotations

import functools
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from .settings import LLMSettings
from .tokens import estimate_tokens

LOCAL_CONTEXT = 4096  # a local server that does not say: llama-server's and Ollama's common window
REMOTE_CONTEXT = 128_000  # OpenAI's current models
PROBE_TIMEOUT_S = 2.0


@dataclass(frozen=True)
class ServerInfo:
    context: int  # tokens the model sees: prompt and answer together
    slots: int | None = None  # requests the server works on at once (llama-server -np)
    tokenize: Callable[[str], int] | None = None  # exact token count, when the server offers one

    def count(self, text: str) -> int:
        """Tokens of ``text``: the server's count when it has one, else the offline estimate."""
        if self.tokenize is not None and text:
            try:
                return self.tokenize(text)
            except (OSError, ValueError, KeyError):
                pass
        return estimate_tokens(text)


_CACHE: dict[tuple[str | None, int | None], ServerInfo] = {}
_LOCK = threading.Lock()


def _root(base_url: str) -> str:
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    path = path.removesuffix("/v1")
    return f"{parts.scheme}://{parts.netloc}{path}"


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_S) as r:
        data = json.loads(r.read())
    return data if isinstance(data, dict) else {}


def _tokenizer(root: str) -> Callable[[str], int]:
    @functools.lru_cache(maxsize=256)  # the system message and the post repeat across a post's calls
    def count(text: str) -> int:
        request = urllib.request.Request(f"{root}/tokenize", data=json.dumps({"content": text}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=PROBE_TIMEOUT_S * 5) as r:
            return len(json.loads(r.read())["tokens"])
    return count


def probe(settings: LLMSettings) -> ServerInfo:
    """The server's window (``TOOLKIT_LLM_CONTEXT`` wins), slots and tokenizer; never raises."""
    key = (settings.base_url, settings.context_tokens)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    info = _probe(settings)
    with _LOCK:
        _CACHE[key] = info
    return info


def _probe(settings: LLMSettings) -> ServerInfo:
    if not settings.is_local or not settings.base_url:
        return ServerInfo(settings.context_tokens or REMOTE_CONTEXT)
    root = _root(settings.base_url)
    try:
        props = _get(f"{root}/props")
    except (OSError, ValueError, urllib.error.URLError):
        return ServerInfo(settings.context_tokens or LOCAL_CONTEXT)
    generation = props.get("default_generation_settings") or {}
    n_ctx = generation.get("n_ctx") or props.get("n_ctx")
    slots = props.get("total_slots")
    if isinstance(n_ctx, int) and isinstance(slots, int) and slots > 1 and "n_ctx" not in generation:
        n_ctx //= slots  # a total window shared by the slots
    context = settings.context_tokens or (n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else LOCAL_CONTEXT)
    tokenize = _tokenizer(root) if "default_generation_settings" in props else None
    return ServerInfo(context, slots if isinstance(slots, int) and slots > 0 else None, tokenize)

"""Repurposing: one blog post in, platform-ready captions, threads, carousels and hashtag sets out."""

from .backend_protocol import Backend
from .engine import get_backend, repurpose
from .load import Source, load_source, read_bytes, read_text
from .models import (
    Brief,
    Caption,
    Carousel,
    Hashtag,
    HashtagSet,
    Post,
    RepurposeResult,
    Section,
    Slide,
    Thread,
    ThreadPost,
)
from .parse import parse, parse_text
from .validate import Violation, violations

__all__ = [
    "Backend", "Brief", "Caption", "Carousel", "Hashtag", "HashtagSet", "Post", "RepurposeResult", "Section",
    "Slide", "Source", "Thread", "ThreadPost", "Violation", "get_backend", "load_source", "parse", "parse_text",
    "read_bytes", "read_text", "repurpose", "violations",
]

"""Identities: which job a command belongs to, and when two items are the same work.

A job id is the hash of its spec, so running the same command again finds the same job. A cache
key is the hash of everything that decides an item's result (its bytes, brief, platforms, backend,
model and the template files in use), so identical work is never paid for twice.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..repurpose.models import Brief
from ..settings import bundled_prompts_dir, resolve_prompts_dir
from .models import JobSpec

CACHE_VERSION = 1  # bump when the shape of a stored result changes


def job_id(spec: JobSpec) -> str:
    return hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:12]


def content_hash(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def template_fingerprint(templates: str | Path | None) -> str:
    """Hash of every template file the run may read (the user's folder, then the bundled one)."""
    digest = hashlib.sha256()
    folders = {resolve_prompts_dir(templates).resolve(), bundled_prompts_dir().resolve()}
    for folder in sorted(folders):
        if not folder.is_dir():
            continue
        for file in sorted(f for f in folder.rglob("*") if f.is_file()):
            digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_key(content: str, brief: Brief, platforms: list[str], backend: str, model: str, templates: str) -> str:
    payload = json.dumps([CACHE_VERSION, content, brief.model_dump(mode="json"), platforms, backend, model, templates],
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

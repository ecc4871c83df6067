"""Shared fixtures: the real Arabic posts, English posts we wrote, a temporary database, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_POSTS = REPO.parent / "shared" / "fixtures" / "posts"
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"


def arabic_fixture_paths() -> list[Path]:
    return sorted(SHARED_POSTS.glob("*.txt"))


def all_post_paths() -> list[Path]:
    """Every real post the engine must handle: the shared Arabic fixtures, our examples and test posts."""
    return arabic_fixture_paths() + sorted(EXAMPLES.glob("*")) + sorted((DATA / "posts").glob("*"))


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    """Every test gets its own database, and any real OpenAI call hits a dead loopback port."""
    monkeypatch.setenv("TOOLKIT_DB", str(tmp_path / "toolkit.db"))
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("TOOLKIT_PROMPTS", raising=False)


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "toolkit.db"

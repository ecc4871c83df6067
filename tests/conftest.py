"""Shared fixtures: the real Arabic posts, English posts we wrote, a temporary database, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
# Real Arabic blog posts pasted from the web (page chrome included), kept in the repository so a
# fresh clone tests on its own: nothing is read from outside it.
POSTS = DATA / "posts"
QUALITY = DATA / "quality"


def arabic_fixture_paths() -> list[Path]:
    return sorted(POSTS.glob("ar_*.txt"))


def quality_post_paths() -> list[Path]:
    """The annotated messy posts (front matter, full HTML pages, hard-wrapped pastes, SEO stuffing)."""
    return sorted((QUALITY / "posts").glob("*"))


def all_post_paths() -> list[Path]:
    """Every real post the engine must handle: the Arabic pastes, our examples, test and quality posts."""
    return sorted(POSTS.glob("*")) + sorted(EXAMPLES.glob("*")) + quality_post_paths()


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

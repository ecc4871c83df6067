"""Fixtures for the experiments tests: a fresh database per test and the platform export files."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.store import Store

EXPORTS = Path(__file__).resolve().parent / "data"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "experiments.db"


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


@pytest.fixture
def exports() -> Path:
    return EXPORTS

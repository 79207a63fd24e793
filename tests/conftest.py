"""Shared fixtures: the dev corpus beside the repository and our own fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from undocs.ingest import ingest
from undocs.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "eval" / "expected" / "dev"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"dev corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[SQLiteStore]:
    """The dev corpus ingested into a SQLite store of the module's own (tests may write to it)."""
    s = SQLiteStore(tmp_path_factory.mktemp("store") / "dev.sqlite")
    ingest([corpus], s)
    yield s
    s.close()

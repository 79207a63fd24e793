"""Shared fixtures: the corpora beside the repository (../shared/corpus/dev and real),
their records parsed once per session, and our own fixtures.

A missing corpus fails the tests that need it (CI has ../shared beside the clone): set
UNDOCS_ALLOW_NO_CORPUS=1 to skip them instead, on a machine without it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from undocs.ingest import ingest
from undocs.store.sqlite import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
REAL = ROOT.parent / "shared" / "corpus" / "real"
FIXTURES = ROOT / "tests" / "fixtures"
EXPECTED = ROOT / "eval" / "expected" / "dev"
EXPECTED_REAL = ROOT / "eval" / "expected" / "real"

sys.path.insert(0, str(ROOT / "eval"))
import run as evaluation  # noqa: E402


def _needed(folder: Path) -> Path:
    if not folder.is_dir():
        message = f"corpus not found at {folder} (../shared beside the clone)"
        if os.environ.get("UNDOCS_ALLOW_NO_CORPUS") == "1":
            pytest.skip(message)
        pytest.fail(message)
    return folder


@pytest.fixture(scope="session")
def corpus() -> Path:
    return _needed(CORPUS)


@pytest.fixture(scope="session")
def real() -> Path:
    return _needed(REAL)


@pytest.fixture(scope="session")
def dev_cases(corpus: Path) -> list[evaluation.Case]:
    """Every dev-corpus expectation with its document parsed, once per session."""
    return evaluation.cases(corpus, EXPECTED)


@pytest.fixture(scope="session")
def real_cases(real: Path) -> list[evaluation.Case]:
    """Every real-corpus expectation with its document parsed, once per session."""
    return evaluation.cases(real, EXPECTED_REAL)


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

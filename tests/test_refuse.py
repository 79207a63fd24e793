"""What is not a UN document is refused with one line naming the file and why; what is
a UN document with an unusual layout is read (issue 8, item 4)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from undocs import parse
from undocs.errors import ParseError


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "undocs", "parse", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def not_documents(tmp_path: Path, real: Path) -> dict[str, Path]:
    rng = random.Random(7)
    words = "the of and to in a is that for it as was with be by on not he this are or from at which".split()
    files = {
        "csv": real / "manifest.csv",  # the corpus's own manifest: symbols in a table of values
        "markdown": real / "README.md",
        "json": tmp_path / "records.json",
        "text": tmp_path / "notes.txt",
        "csv of two columns": tmp_path / "titles.csv",
    }
    files["csv of two columns"].write_text("symbol,title\nA/RES/78/8,x\nA/RES/78/25,y\n", encoding="utf-8")
    files["json"].write_text(json.dumps([{"symbol": "A/RES/78/8", "title": "x"}]), encoding="utf-8")
    files["text"].write_text(
        "\n".join(" ".join(rng.choice(words) for _ in range(12)) for _ in range(30)), encoding="utf-8"
    )
    return files


def test_refused_each_with_one_line(not_documents: dict[str, Path]) -> None:
    for kind, path in not_documents.items():
        with pytest.raises(ParseError):
            parse(path)
        done = _cli(str(path))
        assert done.returncode == 2, kind
        errors = [line for line in done.stderr.splitlines() if line.startswith("undocs: error:") and str(path) in line]
        assert len(errors) == 1, (kind, done.stderr)
        assert "Traceback" not in done.stderr


def test_unusual_layouts_are_read(real: Path) -> None:
    # a pamphlet, a newsletter and a 1951 petition with a noisy scan's text layer
    for name in (
        "E_ESCWA_SDD_2018_PAMPHLET.2.en.pdf",
        "E_ESCWA_SDD_2017_TECHNICAL_PAPER.8.en.pdf",
        "T_Pet.11_142.en.pdf",
    ):
        parse(real / name)

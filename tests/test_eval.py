"""Accuracy does not fall below the issue's bar: >= 98 % exact match per record.md
field in each language, over the hand-checked expectations (eval/expected)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import EXPECTED, ROOT

sys.path.insert(0, str(ROOT / "eval"))
import run as evaluation  # noqa: E402


def test_accuracy_per_field_and_language(corpus: Path) -> None:
    hits, _ = evaluation.score(corpus, EXPECTED)
    low = {key: round(h / n, 3) for key, (h, n) in hits.items() if n and h / n < 0.98}
    assert not low, low
    languages = {lang for _, lang in hits}
    assert languages == {"ar", "zh", "en", "fr", "ru", "es"}

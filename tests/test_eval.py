"""Accuracy does not fall: per record.md field and language, over the hand-checked
expectations of both corpora (eval/expected/dev, eval/expected/real), and the body's
structure where the expectations count it.

dev: >= 98 % in every field and language (issue 2's bar). real (issue 8): the bar is
95 %; the floors below are what the parser reaches today (README, "Accuracy"), so that
a change that loses ground fails; where a floor is under 95 the issue is not done.
"""

from __future__ import annotations

import evaluation_floors as floors
from conftest import evaluation


def _below(hits: dict, floor: dict, default: float) -> dict:
    """(field, language) scores under their floor: the pair's own, else the field's."""
    return {
        key: round(h / n, 3)
        for key, (h, n) in hits.items()
        if n and h / n < floor.get(key, floor.get(key[0], default)) - 1e-9
    }


def test_dev_accuracy_per_field_and_language(dev_cases: list) -> None:
    hits, _ = evaluation.score(dev_cases)
    assert not _below(hits, {}, 0.98)
    assert {lang for _, lang in hits} == {"ar", "zh", "en", "fr", "ru", "es"}


def test_dev_body_structure(dev_cases: list) -> None:
    hits, _ = evaluation.body_score(dev_cases)
    assert not _below(hits, floors.DEV_BODY, 1.0)


def test_real_accuracy_per_field_and_language(real_cases: list) -> None:
    hits, _ = evaluation.score(real_cases)
    assert not _below(hits, floors.REAL_FIELDS, 0.95)
    assert {lang for _, lang in hits} == {"ar", "en"}


def test_real_body_structure(real_cases: list) -> None:
    hits, _ = evaluation.body_score(real_cases)
    assert not _below(hits, floors.REAL_BODY, 1.0)

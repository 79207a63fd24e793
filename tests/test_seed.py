"""Acceptance: the seed letter A/C.2/72/3 (French) against its hand-checked example
(../shared/design/examples/A_C.2_72_3.fr.json), through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import CORPUS, ROOT

EXAMPLE = ROOT.parent / "shared" / "design" / "examples" / "A_C.2_72_3.fr.json"


@pytest.fixture(scope="module")
def seed() -> dict:
    if not EXAMPLE.exists():
        pytest.skip("design example not found")
    out = subprocess.run(
        [sys.executable, "-m", "undocs", "parse", str(CORPUS / "A_C.2_72_3.fr.txt"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def test_every_masthead_value_of_the_example(seed: dict, example: dict) -> None:
    for key, value in example.items():
        if not key.startswith("_"):
            assert seed[key] == value, key


def test_letter_signature_and_annex(seed: dict, example: dict) -> None:
    facts = example["_hand_checked_body_facts"]
    blocks = seed["blocks"]
    letter = [b for b in blocks if b["kind"] == "paragraph" and "annex" not in b]
    assert len(letter) == facts["letter_paragraphs"]
    assert [b["text"] for b in blocks if b["kind"] == "signature"] == [facts["signature"]]
    annexes = [b for b in blocks if b["kind"] == "annex_heading"]
    assert len(annexes) == facts["annexes"]
    assert annexes[0]["original_languages"] == facts["annex_original_languages"]
    titles = [b["text"] for b in blocks if b.get("annex") == 1 and b["kind"] == "heading"]
    assert titles == [facts["annex_title"]]
    paras = [b["text"] for b in blocks if b.get("annex") == 1 and b["kind"] == "paragraph"]
    assert len(paras) == facts["annex_paragraphs"]
    # the example counts from 0: paragraph 5 is the sixth, the one a page break cuts in two
    assert paras[5].startswith(facts["annex_paragraph_5_starts"])
    assert facts["annex_paragraph_5_contains"] in paras[5]


def test_no_pdf_artefacts_left(seed: dict, example: dict) -> None:
    text = json.dumps(seed, ensure_ascii=False)
    for bad in example["_hand_checked_body_facts"]["no_text_contains"]:
        assert bad not in text.replace("\\n", " "), bad


def test_processing_dates(seed: dict, example: dict) -> None:
    assert seed["processing_dates"] == example["_hand_checked_body_facts"]["processing_dates"]

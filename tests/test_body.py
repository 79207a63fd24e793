"""Body structure on real documents: footnote markers land where they were printed,
paragraphs survive page breaks, resolutions get their parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from undocs import parse


@pytest.mark.parametrize(
    "name", ["A_RES_80_4.en.pdf", "A_C.2_80_L.5.en.pdf", "A_RES_78_8.fr.xml", "A_RES_75_101A-B.ar.xml"]
)
def test_footnote_markers_sit_inside_their_block(corpus: Path, name: str) -> None:
    rec = parse(corpus / name)
    notes = [(b, n) for b in rec.blocks for n in b.notes]
    assert notes
    for block, note in notes:
        assert 0 < note.offset <= len(block.text), (note, block.text[-40:])
        assert not block.text[note.offset - 1].isspace()


def test_marker_after_operative_number(corpus: Path) -> None:
    # A/RES/80/4, operative paragraph 1: "... implementation of resolution 79/7;" + marker 1
    rec = parse(corpus / "A_RES_80_4.en.pdf")
    block = next(b for b in rec.blocks if b.kind == "operative" and b.number == "1")
    assert block.text[: block.notes[0].offset].endswith("resolution 79/7;")
    assert next(b for b in rec.blocks if b.kind == "footnote").text == "A/80/83."


def test_paragraph_running_over_a_page_is_one_block(corpus: Path) -> None:
    # A/C.1/80/L.1: the preambular paragraph "Emphasizing the basic provisions ..." runs from
    # page 2 line 1 over a hyphenated "nuclear-weapon-free" line break
    rec = parse(corpus / "A_C.1_80_L.1.en.pdf")
    para = next(b for b in rec.blocks if b.text.startswith("Emphasizing the basic provisions"))
    assert "nuclear-weapon-free zone in the region of the Middle East" in para.text
    assert para.text.endswith("consideration, as appropriate,")


def test_resolution_parts(corpus: Path) -> None:
    rec = parse(corpus / "A_RES_78_8.en.pdf")
    kinds = [b.kind for b in rec.blocks]
    assert kinds.count("enacting") == 1 and kinds.count("preambular") == 4
    assert [b.number for b in rec.blocks if b.kind == "operative"] == ["1", "2", "3", "4", "5", "6"]
    assert rec.blocks[-1].kind == "footnote" or any(b.kind == "closing" for b in rec.blocks)

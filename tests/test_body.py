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


# --- text copied out of PDFs: no rule above the notes, numbers on their own line, running
# headers in the flow. Expected values read off the .txt files and their PDFs in corpus/dev.


def test_copied_text_footnotes_without_a_rule(corpus: Path) -> None:
    # A/RES/80/20 (.txt): footnote 1 after the fifth preambular paragraph, footnotes 2-8 between
    # operative paragraphs 3 and 4 (page 3), each "N text" with no rule above
    rec = parse(corpus / "A_RES_80_20.en.txt")
    notes = [b for b in rec.blocks if b.kind == "footnote"]
    assert [b.number for b in notes] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert notes[0].text == "United Nations, Treaty Series, vol. 610, No. 8843."
    assert notes[6].text.startswith("Argentina, Armenia") and notes[6].text.endswith("Viet Nam and Zimbabwe.")
    kinds = [b.kind for b in rec.blocks]
    assert kinds.count("preambular") == 14 and kinds.count("operative") == 7
    # operative 3 is cut by the page's footnotes after "... in outer space and of the"
    op3 = next(b for b in rec.blocks if b.kind == "operative" and b.number == "3")
    assert "outer space and of the threat or use of force against outer space objects" in op3.text
    assert op3.text.endswith("“Prevention of an arms race in outer space”;")


def test_copied_text_first_note_needs_its_marker_above(corpus: Path) -> None:
    # S/RES/78 (1949): the note is numbered 20 (the volume's numbering), marked "1949, 20"
    rec = parse(corpus / "S_RES_78(1949).en.txt")
    note = next(b for b in rec.blocks if b.kind == "footnote")
    assert note.number == "20" and note.text.startswith("See Official Records of the Security Council")
    # a date opening a paragraph is never a note: A/RES/80/13 ends "52nd plenary meeting 1 December 2025"
    rec = parse(corpus / "A_RES_80_13.en.txt")
    assert [b.number for b in rec.blocks if b.kind == "footnote"] == ["1", "2", "3"]
    assert rec.blocks[-2].kind == "closing"


def test_copied_text_running_title_is_furniture(corpus: Path) -> None:
    # A/RES/80/13 (.txt) repeats its title alone between page 1's notes and page 2's text
    rec = parse(corpus / "A_RES_80_13.en.txt")
    assert rec.title == "Implementation of the Declaration of the Indian Ocean as a Zone of Peace"
    assert not [b for b in rec.blocks if b.text == rec.title]
    assert [b.kind for b in rec.blocks].count("preambular") == 8


def test_copied_text_numbers_alone_and_headers_title_first(corpus: Path) -> None:
    # A/RES/80/9 (.txt): the Declaration's paragraphs print "3." and "(b)" alone on a line; odd
    # pages open with the title, then "A/RES/80/9", page and job number
    rec = parse(corpus / "A_RES_80_9.en.txt")
    numbered = [b.number for b in rec.blocks if b.kind == "paragraph" and b.annex == 1 and b.number]
    assert numbered == [str(n) for n in range(1, 32)]
    para18 = [b.number for b in rec.blocks if b.kind == "subparagraph"][:6]
    assert para18 == ["a", "b", "c", "d", "e", "f"]
    running = "2025 Political Declaration on the Implementation"
    assert [b.kind for b in rec.blocks if b.text.startswith(running)] == ["heading"]  # the annex title only
    p13 = next(b for b in rec.blocks if b.number == "13")
    assert p13.text.endswith("that addresses the specific needs of women, youth and children.")


def test_long_adoption_line_of_an_old_resolution_closes_it(corpus: Path) -> None:
    # S/RES/78 (1949) ends "Adopted at the 452nd meeting by 9 votes to none, with 2 abstentions
    # (Ukrainian Soviet Socialist Republic, Union of Soviet Socialist Republics)." (134 characters)
    rec = parse(corpus / "S_RES_78(1949).en.txt")
    closing = next(b for b in rec.blocks if b.kind == "closing")
    assert closing.text.startswith("Adopted at the 452nd meeting by 9 votes to none")
    assert [b.kind for b in rec.blocks if b.kind in ("preambular", "operative")] == ["preambular", "operative"]


def test_chinese_pdf_keeps_page_tops_and_symbols_cut_by_a_line_break(fixtures: Path) -> None:
    # A_RES_78_8.zh.pdf (LibreOffice, from the UN's XML; see tests/fixtures/README.md) has no
    # running header: page 2 opens inside operative paragraph 2 ("...GC(6" / "7)/DEC/11 号决定；"),
    # in the band where headers stand; and a line breaks inside "GC(67)/RES/16" after "RE".
    rec = parse(fixtures / "A_RES_78_8.zh.pdf")
    body = " ".join(b.text for b in rec.blocks)
    assert "GC(67)/DEC/11 号决定" in body  # the XML: "GC(67)/DEC/11号决定"
    assert "GC(67)/RES/16 号决议" in body and "RE S/16" not in body
    assert "S/16" not in rec.references
    assert set(rec.references) == {"A/78/L.7", "A/78/304", "A/RES/1145 (XII)"}  # as the XML's

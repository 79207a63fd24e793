"""Extraction on real files: reading order, footnote markers, text-file quirks,
Akoma Ntoso structure, DOCX fixtures made from the UN's XML."""

from __future__ import annotations

from pathlib import Path

from undocs.extract import MARK, extract
from undocs.extract.text import text_lines


def test_pdf_masthead_comes_first_even_when_stored_last(corpus: Path) -> None:
    # pdfium returns this Russian report's masthead after the body text; positions put it back on top
    lines = extract(corpus / "A_HRC_WG.6_34_ITA_3.ru.pdf").lines
    assert lines[0].text.startswith("Организация Объединенных Наций A/HRC/WG.6/34/ITA/3")
    assert lines[1].text == "Генеральная Ассамблея Distr.: General"


def test_pdf_raised_small_digits_become_footnote_markers(corpus: Path) -> None:
    lines = extract(corpus / "A_RES_78_8.en.pdf").lines
    having = next(ln for ln in lines if ln.text.startswith("Having received"))
    # printed "...for 2022" with a raised "1": the marker must not glue to the year
    assert having.text.endswith("for 2022" + MARK + "1" + MARK)
    symbol_line = lines[0]
    assert MARK not in symbol_line.text  # "A/RES/78/8" keeps its last digit


def test_pdf_footnote_marker_split_off_by_pdfium_rejoins_its_line(corpus: Path) -> None:
    lines = extract(corpus / "A_C.2_80_L.5.en.pdf").lines
    line = next(ln for ln in lines if ln.text.startswith("9 March 2023,"))
    assert line.text.startswith("9 March 2023," + MARK + "2" + MARK + " in which the Heads of State")


def test_text_yaml_header_is_skipped(corpus: Path) -> None:
    lines = extract(corpus / "A_RES_80_4.en.txt").lines
    assert lines[0].text == "United Nations"
    assert not any(ln.text.startswith("record_id") for ln in lines)


def test_doubled_text_drops_its_empty_lines_and_marks_page_breaks(corpus: Path) -> None:
    lines = extract(corpus / "A_C.2_72_3.fr.txt").lines
    # " les mécanismes proactifs" starts a printed page in mid-paragraph
    cut = next(ln for ln in lines if ln.text.startswith("les mécanismes proactifs"))
    assert cut.new_page and cut.gap == 0
    assert not any(ln.text == "" for ln in lines)


def test_text_lines_indent_and_gaps() -> None:
    raw = ["First line", "", "second line", " ", " Indented start", "\fNext page"]
    lines = text_lines(raw)
    assert [ln.gap for ln in lines] == [0, 1, 1, 0]
    assert lines[2].x0 == 1 and lines[3].new_page and lines[3].page == 2


def test_akn_cover_and_structure(corpus: Path) -> None:
    src = extract(corpus / "A_RES_78_8.fr.xml")
    assert src.language_hint == "fr"
    assert [ln.text for ln in src.cover][:3] == ["Nations Unies", "A/RES/78/8", "Assemblée générale"]
    kinds = [b.kind for b in src.blocks]
    assert kinds.count("preambular") == 4 and kinds.count("operative") == 6
    first = next(b for b in src.blocks if b.kind == "preambular")
    assert first.opening == "Ayant reçu" and first.notes[0].marker == "1"
    assert src.blocks[src.blocks.index(first) + 1].text == "Voir A/78/304."


def test_docx_made_from_the_un_xml(fixtures: Path) -> None:
    # tests/fixtures/README.md: rendered from the AKN XML of A/RES/77/3 (Russian) with python-docx
    src = extract(fixtures / "A_RES_77_3.ru.docx")
    texts = [ln.text for ln in src.lines]
    assert texts[0] == "Организация Объединенных Наций\tA/RES/77/3"
    assert all(ln.hard_break for ln in src.lines)
    assert texts[-2].startswith("1 ") or any(t.startswith("__") for t in texts)  # footnotes after a rule

"""Layout settled in extract/: right-to-left lines read back from glyph positions, two
columns read one after the other, a masthead's two blocks, letters stacked in a margin,
DOCX parts as printed. On real files of ../shared/corpus/real."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

from undocs import parse
from undocs.extract import extract
from undocs.extract.bidi import logical, normalise_forms


def _texts(path: Path) -> list[str]:
    return [line.text for line in extract(path).lines]


def test_logical_order_of_a_mixed_line() -> None:
    # "البند 12 من E/ESCWA/30/10" laid out right to left: its glyphs from left to right are
    # the symbol, then the Arabic words mirrored, the number between them kept
    visual = list("E/ESCWA/30/10 نم 12 دنبلا")
    assert logical(visual, rtl=True) == "البند 12 من E/ESCWA/30/10"
    assert logical(list("(" + "الإسكوا"[::-1] + ")"), rtl=True) == "(الإسكوا)"  # brackets drawn mirrored
    assert logical(list("21-20 "), rtl=True).strip() == "20-21"  # a range reads from its start
    assert logical(list("2.5"), rtl=True) == "2.5"
    assert normalise_forms("\ufefb") == "لا"  # lam-alef presentation form


def test_arabic_pdf_reads_in_logical_order(real: Path) -> None:
    texts = _texts(real / "E_ESCWA_2017_EC.4_3.ar.pdf")
    joined = "\n".join(texts)
    assert "الأمم المتحدة" in texts  # lam-alef in logical order (the text layer has "األمم")
    assert "اللجنة الاقتصادية والاجتماعية لغربي آسيا (الإسكوا)" in texts  # brackets the right way round
    assert "E/ESCWA/2017/EC.4/3" in texts
    assert "االقتصادي" not in joined and "األ" not in joined


def test_digits_of_a_lying_font_are_read_from_their_glyphs(real: Path) -> None:
    """Word's Arabic PDFs embed a second "Arial" whose text layer maps digits wrongly. Read by
    eye on the page images: E/ESCWA/30/12 prints "بيروت، 25-28 حزيران/يونيو 2018" and "البند 14
    من جدول الأعمال" (the layer: "8102", "01"; its "المؤقت" is not in the layer at all); E/ESCWA/EDID/2017/IG.2/6/Panel prints
    "البند 7 (أ)" and "لعام 2030" (the layer: "2", "0202"); E/ESCWA/EDID/2017/IG.2/8's title prints
    "2018-2019" (the layer: "1028-1029"). The honest digits of the same pages stay as they are."""
    texts = _texts(real / "E_ESCWA_30_12.ar.pdf")
    assert "بيروت، 25-28 حزيران/يونيو 2018" in texts and "البند 14 من جدول الأعمال" in texts
    assert "E/ESCWA/30/12" in texts and "15 May 2018" in texts
    panel = _texts(real / "E_ESCWA_EDID_2017_IG.2_6_PANEL.ar.pdf")
    assert "البند 7 (أ) من جدول الأعمال المؤقت" in panel
    assert any("لعام 2030 في المنطقة العربية" in t for t in panel)
    assert parse(real / "E_ESCWA_EDID_2017_IG.2_8.ar.pdf").title == (
        "برنامج العمل المقترح لفترة السنتين 2018-2019 في مجال تمويل التنمية"
    )
    record = parse(real / "E_ESCWA_30_12.ar.pdf")
    assert record.source["ocr"]["digits"]["pages"] == [1]  # the record says what was read again
    # an Arabic PDF whose fonts are honest is left alone
    assert "ocr" not in parse(real / "E_ESCWA_2017_EC.4_3.ar.pdf").source
    # ... also where Tesseract misreads one number alone ("75 في المائة" read "15", page 4)
    assert "تضم 75 في المائة" in "\n".join(_texts(real / "E_ESCWA_2017_EC.4_4(PART_V).ar.pdf"))
    # a Latin line: the English twin of an Arabic original prints "E/ESCWA/2017/EC.4/L.2", its
    # layer says "E/ESCWA/7102/EC.4/L.2" (the digits' ink gives it away: a "0" as narrow as a "1")
    english = parse(real / "E_ESCWA_2017_EC.4_L.2.en.pdf")
    assert english.symbol == "E/ESCWA/2017/EC.4/L.2" and english.date == "2017-12-11"


def test_latin_line_stored_right_to_left(real: Path) -> None:
    # the English pamphlet's text layer stores its words from the right (made for Arabic)
    texts = _texts(real / "E_ESCWA_SDD_2018_PAMPHLET.2.en.pdf")
    assert "“Safeguarding the rights of others is the most noble" in texts
    assert any(t.startswith("E/ESCWA/SDD/2018/Pamphlet.2") for t in texts)


def test_two_columns_are_read_one_after_the_other(real: Path) -> None:
    lines = extract(real / "A_76_PV.102.en.pdf").lines
    texts = [line.text for line in lines]
    left = texts.index("The President: Before we proceed to other items,")
    right = texts.index("Mr. Kimani (Kenya): It was not long ago that the")
    assert left < right
    assert all("\t" not in t for t in texts[left:right])  # no line holds both columns
    assert lines[right].column == 1


def test_masthead_blocks_and_stacked_margin_letters(real: Path) -> None:
    texts = _texts(real / "E_ESCWA_EDID_2017_IG.2_8.en.pdf")
    assert texts.index("ECONOMIC AND SOCIAL") + 1 == texts.index("COUNCIL")  # the left block read before the right
    assert not {"U", "NI", "TE", "D"} & set(texts)  # "UNITED NATIONS" printed vertically in the margin


def test_docx_masthead_in_the_first_page_header_and_job_number_in_its_footer(real: Path) -> None:
    rec = parse(real / "A_80_596.en.docx")
    assert (rec.symbol, rec.date, rec.distribution, rec.job_number) == ("A/80/596", "2026-01-23", "general", "26-00883")
    assert rec.processing_dates == ["2026-02-19"]
    text = " ".join(b.text for b in rec.blocks)
    assert "ODS JOB NO" not in text  # the comments' database metadata is not text


def test_docx_tracked_changes_and_text_boxes(real: Path, tmp_path: Path) -> None:
    """A real DOCX with a tracked insertion and deletion and a text box added to its title
    paragraph (the corpus has none): insertions read, deletions not, the box its own line."""
    src = tmp_path / "src"
    with zipfile.ZipFile(real / "A_80_596.en.docx") as z:
        z.extractall(src)
    doc = src / "word" / "document.xml"
    xml = doc.read_text(encoding="utf-8")
    title = "<w:t>Budget performance for the period"
    assert title in xml
    xml = xml.replace(
        title,
        '<w:t xml:space="preserve">Revised </w:t></w:r><w:del w:id="901" w:author="x"><w:r><w:delText>Draft </w:delText></w:r></w:del>'
        '<w:ins w:id="902" w:author="x"><w:r><w:t xml:space="preserve">inserted </w:t></w:r></w:ins>'
        "<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed note</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        "<w:r>" + title,
        1,
    )
    doc.write_text(xml, encoding="utf-8")
    out = tmp_path / "A_80_596.en.docx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(src.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(src).as_posix())
    texts = [line.text for line in extract(out).lines]
    assert "Boxed note" in texts
    line = next(t for t in texts if "Budget performance" in t)
    assert re.match(r"^\s*Revised inserted Budget performance", line) and "Draft" not in line
    shutil.rmtree(src)
